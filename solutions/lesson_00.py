"""Lesson 00: solution to the warm-up exercise of notebooks/00_welcome.ipynb."""

import numpy as np


def one_hot(word_ids, vocab_size):
    """Exercise 0.1: one row per word, a 1 in the column of its id: (T,) -> (T, vocab_size)."""
    return np.eye(vocab_size)[word_ids]
