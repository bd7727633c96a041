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
    keras_layers.py   06  `draw_masking`, `draw_bidirectional`, `draw_dropout`: what Keras's
                          mask, Bidirectional and (recurrent) dropout do at each time step

Every artist a diagram draws carries a gid "lstm:<parts>" / "rnn:<parts>" naming the parts it
belongs to (comma-separated), so tests and curious learners can find what a highlight changed.
"""

from lstm_course.diagrams.bptt import BPTT_PARTS, draw_unrolled_rnn
from lstm_course.diagrams.keras_layers import (
    BIDIRECTIONAL_PARTS,
    DROPOUT_PARTS,
    MASKING_PARTS,
    draw_bidirectional,
    draw_dropout,
    draw_masking,
)
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
    "BIDIRECTIONAL_PARTS",
    "BPTT_PARTS",
    "DROPOUT_PARTS",
    "EQUATIONS",
    "HIGHLIGHTS",
    "MASKING_PARTS",
    "artists_of",
    "draw_bidirectional",
    "draw_dropout",
    "draw_legend",
    "draw_lstm_cell",
    "draw_lstm_chain",
    "draw_masking",
    "draw_lstm_backward",
    "draw_rnn_chain",
    "draw_sentence_timeline",
    "draw_unrolled_rnn",
]
