"""Lesson 00: the check of the warm-up exercise 0.1 (one-hot vectors of a sentence's word ids).

A network reads a sentence one word at a time, each word as a vector. The simplest vector for
word id k of a vocabulary of V words is the one-hot vector: V zeros with a 1 at position k.
For word ids (T,) the answer is a (T, V) array, row t the one-hot vector of word t.
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import Mistake, call, compare, exercise

# The sentence of lesson 00 in a vocabulary of 10 words, sorted (burger and sushi unused).
VOCAB = ["___", "but", "friend", "i", "like", "likes", "my", "pizza", "burger", "sushi"]
SENTENCE = "i like pizza but my friend likes ___".split()


def one_hot(word_ids, vocab_size):
    """Reference of 0.1: (T,) integer ids in [0, vocab_size) -> (T, vocab_size) one-hot rows."""
    return np.eye(vocab_size)[np.asarray(word_ids)]


ONE_HOT_MISTAKES = (
    Mistake(
        "word ids count from 0: id k sets column k (yours sets column k - 1)",
        lambda ids, v: np.eye(v)[np.asarray(ids) - 1],
    ),
    Mistake(
        "one row per word: shape (len(word_ids), vocab_size), not (vocab_size, len(word_ids))",
        lambda ids, v: np.eye(v)[np.asarray(ids)].T,
    ),
    Mistake(
        "the width is vocab_size, not the largest id + 1: a word the sentence does not use "
        "still has its column",
        lambda ids, v: np.eye(max(ids) + 1)[np.asarray(ids)],
    ),
    Mistake(
        "one row per word, in order: counting the words (a bag of words) loses the order a "
        "recurrent network reads",
        lambda ids, v: np.bincount(ids, minlength=v),
    ),
)


@exercise("0.1", "one-hot vectors of word ids", one_hot, ONE_HOT_MISTAKES)
def check_one_hot(answer, ex):
    vocab_size = len(VOCAB)
    word_ids = np.array([VOCAB.index(word) for word in SENTENCE])  # [3 4 7 1 6 2 5 0]
    want = ex.reference(word_ids, vocab_size)
    got = call(answer, word_ids, vocab_size)
    compare(got, want, "the one-hot array", ex.wrong_outputs(word_ids, vocab_size))
