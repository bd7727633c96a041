"""Lesson 03: the RNN and LSTM cells drawn with matplotlib, no copied images.

Introduced in notebooks/03_lstm_gate_by_gate.ipynb:

    painter.py  the drawing primitives (layer, pointwise op, transfer), `draw_legend`, `artists_of`
    rnn.py      `draw_rnn_chain`: a plain RNN as a chain of three modules
    lstm.py     `draw_lstm_cell` (one part highlighted at a time) and `draw_lstm_chain`

Every artist a diagram draws carries a gid "lstm:<parts>" / "rnn:<parts>" naming the parts it
belongs to (comma-separated), so tests and curious learners can find what a highlight changed.
"""

from lstm_course.diagrams.lstm import EQUATIONS, HIGHLIGHTS, draw_lstm_cell, draw_lstm_chain
from lstm_course.diagrams.painter import artists_of, draw_legend
from lstm_course.diagrams.rnn import draw_rnn_chain

__all__ = [
    "EQUATIONS",
    "HIGHLIGHTS",
    "artists_of",
    "draw_legend",
    "draw_lstm_cell",
    "draw_lstm_chain",
    "draw_rnn_chain",
]
