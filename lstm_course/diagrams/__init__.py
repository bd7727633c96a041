"""Lesson 03: the RNN and LSTM cells drawn with matplotlib, no copied images.

Introduced in notebooks/03_lstm_gate_by_gate.ipynb:

    painter.py        the drawing primitives (layer, pointwise op, transfer), `draw_legend`,
                      `artists_of`
    rnn.py            `draw_rnn_chain`: a plain RNN as a chain of three modules
    lstm.py           `draw_lstm_cell` (one part highlighted at a time) and `draw_lstm_chain`

and in the lessons around it:

    sentence.py       00  `draw_sentence_timeline`: the sentence, and what the state must carry
    bptt.py           01  `draw_unrolled_rnn`: the unrolled RNN, forward and the BPTT gradients
    lstm_backward.py  04  `draw_lstm_backward`: the LSTM's backward pass, the cell-state path

Every artist a diagram draws carries a gid "lstm:<parts>" / "rnn:<parts>" naming the parts it
belongs to (comma-separated), so tests and curious learners can find what a highlight changed.
"""

from lstm_course.diagrams.bptt import BPTT_PARTS, draw_unrolled_rnn
from lstm_course.diagrams.lstm import EQUATIONS, HIGHLIGHTS, draw_lstm_cell, draw_lstm_chain
from lstm_course.diagrams.lstm_backward import (
    BACKWARD_EQUATIONS,
    BACKWARD_HIGHLIGHTS,
    draw_lstm_backward,
)
from lstm_course.diagrams.painter import artists_of, draw_legend
from lstm_course.diagrams.rnn import draw_rnn_chain
from lstm_course.diagrams.sentence import draw_sentence_timeline

__all__ = [
    "BACKWARD_EQUATIONS",
    "BACKWARD_HIGHLIGHTS",
    "BPTT_PARTS",
    "EQUATIONS",
    "HIGHLIGHTS",
    "artists_of",
    "draw_legend",
    "draw_lstm_cell",
    "draw_lstm_chain",
    "draw_lstm_backward",
    "draw_rnn_chain",
    "draw_sentence_timeline",
    "draw_unrolled_rnn",
]
