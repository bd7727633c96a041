"""Lesson 09: solutions to the exercises of notebooks/09_text_generation.ipynb."""

import numpy as np


def apply_temperature(probs, temperature):
    """Exercise 9.1: p ** (1 / T), renormalised (= softmax(log p / T): the temperature divides
    the log-probabilities, not the probabilities)."""
    p = np.asarray(probs) ** (1.0 / temperature)
    return p / p.sum()


def bits_per_char(nats):
    """Exercise 9.2: a loss in nats per character, in bits."""
    return nats / np.log(2)
