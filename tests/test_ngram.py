"""Lesson 09's n-gram baseline: add-k probabilities, bits per character, bad input."""

import doctest
import math

import numpy as np
import pytest

from lstm_course.baselines import ngram
from lstm_course.baselines.ngram import ngram_bits_grid, ngram_bits_per_char, ngram_counts
from lstm_course.datasets.shakespeare import shared_substrings
from lstm_course.exercises import lesson_09


def test_doctests():
    assert doctest.testmod(ngram).failed == 0


def test_counts_and_contexts():
    grams, contexts = ngram_counts("abcab", 2)
    assert grams == {"ab": 2, "bc": 1, "ca": 1}
    assert contexts == {"a": 2, "b": 1, "c": 1}  # the final "b" is followed by nothing
    grams, contexts = ngram_counts("abcab", 1)
    assert contexts == {"": 5}


def test_bits_by_hand():
    # train "aab": bigrams aa, ab; contexts a: 2. Test "ab": P(b | a) = (1 + k) / (2 + k V).
    got = ngram_bits_per_char("aab", "ab", n=2, k=0.5, vocab_size=3)
    assert got == pytest.approx(-math.log2(1.5 / 3.5))
    # Test "ba": the context "b" never occurs, so the add-k probability is uniform, 1 / V.
    assert ngram_bits_per_char("aab", "ba", n=2, k=0.5, vocab_size=3) == pytest.approx(math.log2(3))


def test_probabilities_of_a_context_sum_to_one():
    train, vocab = "the cat sat on the mat", sorted(set("the cat sat on the mat"))
    for n, k in [(1, 1.0), (2, 0.1), (3, 0.5)]:
        context = "the cat"[: n - 1]
        total = sum(
            2 ** -ngram_bits_per_char(train, context + ch, n, k, len(vocab)) for ch in vocab
        )
        assert total == pytest.approx(1.0)


def test_no_smoothing_is_infinite_on_an_unseen_ngram_and_finite_otherwise():
    assert ngram_bits_per_char("abab", "abc", n=2, k=0, vocab_size=3) == math.inf
    assert ngram_bits_per_char("abab", "aba", n=2, k=0, vocab_size=3) == pytest.approx(0.0)


def test_unigram_and_bigram_with_add_one_equal_the_count_tables():
    train, test = "to be or not to be", "not to be or to not"
    chars = sorted(set(train + test))
    ids = {ch: i for i, ch in enumerate(chars)}
    v = len(chars)
    tr, te = np.array([ids[c] for c in train]), np.array([ids[c] for c in test])
    q = (np.bincount(tr, minlength=v) + 1) / (len(tr) + v)
    unigram = -(np.bincount(te, minlength=v) * np.log2(q)).sum() / len(te)
    pairs = np.zeros((v, v))
    np.add.at(pairs, (tr[:-1], tr[1:]), 1)
    q_next = (pairs + 1) / (pairs.sum(axis=1, keepdims=True) + v)
    bigram = -np.log2(q_next[te[:-1], te[1:]]).mean()
    assert ngram_bits_per_char(train, test, 1, 1, v) == pytest.approx(unigram, rel=1e-12)
    assert ngram_bits_per_char(train, test, 2, 1, v) == pytest.approx(bigram, rel=1e-12)


def test_a_leak_lowers_the_bits():
    train, test = "the cat sat on the mat. ", "a dog ran to the log. "
    v = len(set(train + test))
    honest = ngram_bits_per_char(train, test, 3, 0.1, v)
    leaked = ngram_bits_per_char(train + test, test, 3, 0.1, v)
    assert leaked < honest - 0.5


def test_grid_equals_one_call_per_cell():
    train, test = "to be or not to be", "not to be or to not"
    grid = ngram_bits_grid(train, test, [1, 2, 3], [1.0, 0.1], 10)
    assert sorted(grid) == [(n, k) for n in (1, 2, 3) for k in (0.1, 1.0)]
    for (n, k), bits in grid.items():
        assert bits == ngram_bits_per_char(train, test, n, k, 10)


@pytest.mark.parametrize(
    "args, match",
    [
        (("ab", "ab", 0, 1.0, 2), "n must be an int >= 1"),
        (("ab", "ab", 2.0, 1.0, 2), "n must be an int >= 1"),
        (("ab", "ab", 2, -1.0, 2), "k must be >= 0"),
        (("ab", "abc", 2, 1.0, 2), "vocab_size must be an int >= the 3 distinct"),
        (("ab", "a", 2, 1.0, 2), "at least n = 2 characters"),
        ((["a", "b"], "ab", 1, 1.0, 2), "must be str"),
    ],
)
def test_bad_input_raises_a_clear_error(args, match):
    with pytest.raises(ValueError, match=match):
        ngram_bits_per_char(*args)


def test_the_checks_test_text_is_held_out():
    """Exercise 9.1's fixed texts: the test text never occurs in the training text, and has
    n-grams (and a character) the training text never shows, so no smoothing is infinite."""
    assert shared_substrings(lesson_09.TEST_TEXT, lesson_09.TRAIN_TEXT, 8) == 0
    assert set(lesson_09.TEST_TEXT) - set(lesson_09.TRAIN_TEXT)
    assert len(set(lesson_09.TRAIN_TEXT + lesson_09.TEST_TEXT)) <= lesson_09.VOCAB_SIZE
    for n, _ in lesson_09.CASES:
        bits = ngram_bits_per_char(lesson_09.TRAIN_TEXT, lesson_09.TEST_TEXT, n, 0, 40)
        assert bits == math.inf


def test_bits_at_chosen_targets_equal_the_whole_text_when_all_are_chosen():
    train, test = "the cat sat on the mat", "the mat sat"
    for n in (1, 2, 3):
        everything = range(n - 1, len(test))
        assert ngram.ngram_bits_at(train, test, everything, n, 0.5, 12) == pytest.approx(
            ngram_bits_per_char(train, test, n, 0.5, 12)
        )
    # one target, by hand: P("t" | "a") = (count("at") + k) / (count("a") + k V)
    got = ngram.ngram_bits_at(train, test, [6], 2, 0.5, 12)
    grams, contexts = ngram_counts(train, 2)
    assert got == pytest.approx(-math.log2((grams["at"] + 0.5) / (contexts["a"] + 6)))


@pytest.mark.parametrize("targets", [[], [0], [11]])
def test_bits_at_refuses_targets_without_context_or_outside(targets):
    with pytest.raises(ValueError, match="targets"):
        ngram.ngram_bits_at("the cat sat", "the mat sat", targets, 2, 0.5, 12)
