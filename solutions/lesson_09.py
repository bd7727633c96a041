"""Lesson 09: solutions to the exercises of notebooks/09_text_generation.ipynb."""

import math
from collections import Counter

import numpy as np


def ngram_bits_per_char(train_text, test_text, n, k, vocab_size):
    """Exercise 9.1: bits per character of `test_text` under an add-k character n-gram model
    counted on `train_text` (the context is the n - 1 characters before the next one)."""
    grams = Counter(train_text[i : i + n] for i in range(len(train_text) - n + 1))
    contexts = Counter()
    for gram, count in grams.items():
        contexts[gram[:-1]] += count  # how often each context is followed by a character
    scored = range(n - 1, len(test_text))  # every character with n - 1 characters before it
    total = 0.0
    for t in scored:
        context, nxt = test_text[t - n + 1 : t], test_text[t]
        p = (grams[context + nxt] + k) / (contexts[context] + k * vocab_size)
        total += -math.log2(p)
    return total / len(scored)


def apply_temperature(probs, temperature):
    """Exercise 9.2: p ** (1 / T), renormalised (= softmax(log p / T): the temperature divides
    the log-probabilities, not the probabilities)."""
    p = np.asarray(probs) ** (1.0 / temperature)
    return p / p.sum()
