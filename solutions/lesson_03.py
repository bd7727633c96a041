"""Lesson 03: solutions to the exercises of notebooks/03_lstm_gate_by_gate.ipynb."""

import numpy as np


def cell_update(f, i, g, c_prev):
    """Exercise 3.1: c_t = f_t * c_{t-1} + i_t * g_t (g_t the candidate, c~_t in the maths),
    all element-wise, each (batch, H)."""
    return f * c_prev + i * g


def lstm_output(o, c_t):
    """Exercise 3.2: h_t = o_t * tanh(c_t), element-wise."""
    return o * np.tanh(c_t)
