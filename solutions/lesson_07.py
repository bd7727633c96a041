"""Lesson 07: solutions to the exercises of notebooks/07_inside_the_lstm.ipynb."""

import numpy as np


def gate_block(gates, name):
    """Exercise 7.1: one gate's (batch, time, H) block of fused (batch, time, 4H) activations;
    `name` is one of "i", "f", "g", "o", the blocks' order."""
    return np.split(gates, 4, axis=-1)["ifgo".index(name)]


def forget_at_switch(f, switch_at, units):
    """Exercise 7.2: mean forget gate at the switch word's step over the given units."""
    return f[:, switch_at][:, units].mean()
