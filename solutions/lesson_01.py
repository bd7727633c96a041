"""Lesson 01: solutions to the exercises of notebooks/01_rnn_from_scratch.ipynb."""

import numpy as np


def rnn_step(x_t, h_prev, params):
    """Exercise 1.1: h_t = tanh(x_t W + h_{t-1} U + b); x_t (batch, D), h_prev (batch, H)."""
    return np.tanh(x_t @ params["kernel"] + h_prev @ params["recurrent_kernel"] + params["bias"])


def step_backward(dh_t, h_t, params):
    """Exercise 1.2: gradient reaching h_{t-1} from dh_t through one tanh step."""
    return (dh_t * (1.0 - h_t**2)) @ params["recurrent_kernel"].T
