"""Lesson 09: a character n-gram model with add-k smoothing, the count-based baseline.

Introduced in notebooks/09_text_generation.ipynb, where the learner writes
`ngram_bits_per_char` (Exercise 9.1) before the lesson imports it from here.

An n-gram model predicts the next character from the n - 1 characters before it (its
context), by counting in the training text:

    P(next | context) = (count(context + next) + k) / (count(context) + k * V)

where count(context) is how often the context is followed by some character, V is the size of
the alphabet and k > 0 is added to each of the V counts (add-k smoothing; k = 1 is add-one, or
Laplace, smoothing), so that a character never seen after a context still gets a probability
above zero. n = 1 (no context) is the unigram model, n = 2 the bigram.

A text is scored in bits per character: the mean of -log2 P(next | context) over every
character of the test text that has n - 1 characters before it (len(test_text) - n + 1 of
them). The sums are taken over distinct n-grams, each term an integer count times a log2 of a
ratio of integers (plus k), with `math.fsum`: the result does not depend on the CPU's SIMD path
or on the order of the text.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable


def _check_texts(train_text: str, test_text: str, n: int, vocab_size: int) -> None:
    if not isinstance(train_text, str) or not isinstance(test_text, str):
        raise ValueError("train_text and test_text must be str")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be an int >= 1 (1 = unigram, 2 = bigram), got {n!r}")
    if len(train_text) < n or len(test_text) < n:
        raise ValueError(
            f"both texts need at least n = {n} characters, got {len(train_text)} (train) "
            f"and {len(test_text)} (test)"
        )
    alphabet = len(set(train_text) | set(test_text))
    if not isinstance(vocab_size, int) or vocab_size < alphabet:
        raise ValueError(
            f"vocab_size must be an int >= the {alphabet} distinct characters of the two texts, "
            f"got {vocab_size!r}"
        )


def ngram_counts(text: str, n: int) -> tuple[Counter, Counter]:
    """(n-gram counts, context counts) of `text`.

    Returns:
        grams: Counter {n-character string: how often it occurs in `text`}.
        contexts: Counter {(n - 1)-character string: how often it is followed by a character},
            the sum of `grams` over the last character (so the probabilities of one context sum
            to 1 over the V characters). For n = 1 the only context is "".
    """
    if not isinstance(text, str):
        raise ValueError("text must be str")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be an int >= 1, got {n!r}")
    grams = Counter(text[i : i + n] for i in range(len(text) - n + 1))
    contexts: Counter = Counter()
    for gram, count in grams.items():
        contexts[gram[:-1]] += count
    return grams, contexts


def bits_from_counts(
    grams: Counter, contexts: Counter, test_text: str, n: int, k: float, vocab_size: int
) -> float:
    """Bits per character of `test_text` under the add-k model of the counts `grams`,
    `contexts` (from `ngram_counts(train_text, n)`); math.inf if k = 0 and a test n-gram was
    never seen in training."""
    if not k >= 0:
        raise ValueError(f"k must be >= 0 (k = 0: no smoothing), got {k!r}")
    test_grams = Counter(test_text[i : i + n] for i in range(len(test_text) - n + 1))
    terms = []
    for gram, count in test_grams.items():
        numerator = grams.get(gram, 0) + k
        if numerator == 0:
            return math.inf  # probability 0: infinitely many bits
        p = numerator / (contexts.get(gram[:-1], 0) + k * vocab_size)
        terms.append(-count * math.log2(p))
    return math.fsum(terms) / (len(test_text) - n + 1)


def ngram_bits_per_char(
    train_text: str, test_text: str, n: int, k: float, vocab_size: int
) -> float:
    """Bits per character of `test_text` under the add-k n-gram model counted on `train_text`.

    Args:
        train_text: the text the counts come from (never the test text).
        test_text: the text scored: every character with n - 1 characters before it.
        n: 1 for the unigram, 2 for the bigram, ...: the context is n - 1 characters.
        k: added to every count (k = 1: add-one); k = 0 gives math.inf as soon as one test
            n-gram never occurs in the training text.
        vocab_size: V, the size of the alphabet (at least the distinct characters of both
            texts).

    Returns:
        mean over the len(test_text) - n + 1 scored characters of -log2 P(next | context).

    >>> round(ngram_bits_per_char("abab", "ab", n=2, k=1, vocab_size=2), 4)
    0.415
    """
    _check_texts(train_text, test_text, n, vocab_size)
    grams, contexts = ngram_counts(train_text, n)
    return bits_from_counts(grams, contexts, test_text, n, k, vocab_size)


def ngram_bits_grid(
    train_text: str,
    test_text: str,
    ns: Iterable[int],
    ks: Iterable[float],
    vocab_size: int,
) -> dict[tuple[int, float], float]:
    """{(n, k): ngram_bits_per_char(train_text, test_text, n, k, vocab_size)} for every n in
    `ns` and k in `ks`, counting the training text once per n."""
    ns, ks = list(ns), list(ks)
    if not ns or not ks:
        raise ValueError("ns and ks must each hold at least one value")
    grid = {}
    for n in ns:
        _check_texts(train_text, test_text, n, vocab_size)
        grams, contexts = ngram_counts(train_text, n)
        for k in ks:
            grid[n, k] = bits_from_counts(grams, contexts, test_text, n, k, vocab_size)
    return grid


def ngram_bits_at(
    train_text: str, test_text: str, targets: Iterable[int], n: int, k: float, vocab_size: int
) -> float:
    """Mean bits of the add-k n-gram model over chosen target characters of `test_text`.

    The context-length curve of lesson 09 scores the same targets with n - 1 characters of
    context for several n. `targets` are positions t in test_text, each with t >= n - 1; the
    character test_text[t] is predicted from test_text[t - n + 1 : t]. Sums as in
    `bits_from_counts` (integer counts, math.fsum), so the result does not depend on the CPU.
    """
    _check_texts(train_text, test_text, n, vocab_size)
    targets = list(targets)
    if not targets or min(targets) < n - 1 or max(targets) >= len(test_text):
        raise ValueError(
            f"targets must be a non-empty list of positions in [n - 1, len(test_text)) = "
            f"[{n - 1}, {len(test_text)})"
        )
    if not k > 0:
        raise ValueError(f"k must be > 0, got {k!r}")
    grams, contexts = ngram_counts(train_text, n)
    test_grams = Counter(test_text[t - n + 1 : t + 1] for t in targets)
    terms = [
        -count * math.log2((grams.get(g, 0) + k) / (contexts.get(g[:-1], 0) + k * vocab_size))
        for g, count in test_grams.items()
    ]
    return math.fsum(terms) / len(targets)
