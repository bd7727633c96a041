"""Lesson 09: the checks of exercises 9.1 (a character n-gram model with add-k smoothing, in bits
per character) and 9.2 (sampling temperature).

9.1: P(next | context) = (count(context + next) + k) / (count(context) + k * V), the context
being the n - 1 characters before; bits per character = the mean of -log2 P over every test
character with n - 1 characters before it. The reference is `lstm_course.baselines.ngram`.
9.2: at temperature T the sampler draws from softmax(log p / T) = p ** (1 / T), renormalised.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter

import numpy as np

from lstm_course.baselines.ngram import ngram_bits_per_char
from lstm_course.exercises.engine import (
    Hint,
    LearnerError,
    Mistake,
    call,
    compare,
    exercise,
)
from lstm_course.numpy_nets.training import softmax

# The check's texts: the test text shares no 8-character string with the training text
# (tests/test_ngram.py), has characters and n-grams the training text never shows (";", "p",
# "sl", ...), and fits in an alphabet of 40 characters.
TRAIN_TEXT = (
    "to be, or not to be: that is the question.\n"
    "whether 'tis nobler in the mind to suffer\n"
    "the slings and arrows of outrageous fortune,\n"
)
TEST_TEXT = "to die, to sleep; to sleep, perchance to dream: ay, there's the rub.\n"
VOCAB_SIZE = 40
CASES = ((2, 0.5), (3, 0.1), (1, 1.0))  # (n, k)

NO_SMOOTHING = (
    "no smoothing: an n-gram never seen in training gets probability 0 and costs infinitely "
    "many bits; add k to every count: (count(context + next) + k) / (count(context) + k * V)"
)


def ngram_answer(
    context="n-1",
    counted="train",
    norm="context",
    add_kv=True,
    smooth=True,
    log="log2",
    per_char=True,
):
    """An n-gram scorer written with one of the realistic mistakes (defaults: the right one).

    context: "n-1" or "n" characters of context; counted: "train" or "train+test" (a leak);
    norm: divide by the count of the "context", of "all" n-grams, or of the "next" character;
    add_kv: the denominator gets + k * V (else + k); smooth: add k at all (else probability
    count / count(context), 0 for an unseen n-gram); log: "log2" or "ln"; per_char: the mean
    (else the total).
    """

    def bits(train_text, test_text, n, k, vocab_size):
        m = n if context == "n-1" else n + 1  # characters per counted gram
        text = train_text + test_text if counted == "train+test" else train_text
        grams = Counter(text[i : i + m] for i in range(len(text) - m + 1))
        by_context, by_next = Counter(), Counter()
        for gram, count in grams.items():
            by_context[gram[:-1]] += count
            by_next[gram[-1]] += count
        total = 0.0
        scored = range(m - 1, len(test_text))
        for t in scored:
            gram = test_text[t - m + 1 : t + 1]
            if norm == "context":
                denominator, cells = by_context[gram[:-1]], vocab_size
            elif norm == "all":
                denominator, cells = sum(grams.values()), vocab_size**m
            else:
                denominator, cells = by_next[gram[-1]], vocab_size ** (m - 1)
            if smooth:
                p = (grams[gram] + k) / (denominator + (k * cells if add_kv else k))
            else:
                p = grams[gram] / denominator if denominator else 0.0
            total -= np.log2(p) if log == "log2" else np.log(p)
        return float(total / len(scored) if per_char else total)

    return bits


def _math_without_smoothing(train_text, test_text, n, k, vocab_size):
    """No smoothing, in plain Python: math.log2(0) or 0 / 0 raises."""
    grams = Counter(train_text[i : i + n] for i in range(len(train_text) - n + 1))
    contexts = Counter(train_text[i : i + n - 1] for i in range(len(train_text) - n + 1))
    scored = range(n - 1, len(test_text))
    return sum(
        -math.log2(grams[test_text[t - n + 1 : t + 1]] / contexts[test_text[t - n + 1 : t]])
        for t in scored
    ) / len(scored)


NGRAM_MISTAKES = (
    Mistake(NO_SMOOTHING, ngram_answer(smooth=False), False),
    Mistake(NO_SMOOTHING, _math_without_smoothing, False),
    Mistake(
        "bits use log base 2: you used the natural log (that is nats; bits = nats / ln 2)",
        ngram_answer(log="ln"),
    ),
    Mistake(
        "the context of an n-gram model is the n - 1 characters before the next one (the "
        "bigram, n = 2, looks at one): you used n",
        ngram_answer(context="n"),
    ),
    Mistake(
        "a leak: you counted the test text too; the counts come from train_text alone, or the "
        "model is graded on text it has already seen",
        ngram_answer(counted="train+test"),
    ),
    Mistake(
        "P(next | context) is conditional: divide by how often the context occurs, "
        "count(context) + k * V, not by the number of all n-grams (that is the joint P)",
        ngram_answer(norm="all"),
    ),
    Mistake(
        "normalised over the wrong axis: divide by the count of the CONTEXT (summed over the "
        "next character), not by the count of the next character",
        ngram_answer(norm="next"),
    ),
    Mistake(
        "adding k to each of the V counts adds k * V to their total: the denominator is "
        "count(context) + k * V, not count(context) + k",
        ngram_answer(add_kv=False),
    ),
    Mistake(
        "bits PER CHARACTER: divide the total by the number of characters scored, "
        "len(test_text) - n + 1",
        ngram_answer(per_char=False),
    ),
)


def _no_smoothing(err: LearnerError) -> bool:
    """The learner's code raised what log2(0) or 0 / 0 raises in plain Python."""
    cause = err.error
    return isinstance(cause, ZeroDivisionError) or (
        isinstance(cause, ValueError) and "math domain error" in str(cause)
    )


@exercise("9.1", "an n-gram model with add-k smoothing", ngram_bits_per_char, NGRAM_MISTAKES)
def check_ngram_bits(answer, ex):
    for n, k in CASES:
        args = (TRAIN_TEXT, TEST_TEXT, n, k, VOCAB_SIZE)
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                got = call(answer, *args)
        except LearnerError as err:
            if _no_smoothing(err):
                raise Hint(NO_SMOOTHING) from None
            raise
        if isinstance(got, (float, np.floating)) and not math.isfinite(got):
            raise Hint(NO_SMOOTHING, f" (you returned {got} for n = {n}, k = {k})")
        compare(
            got,
            ex.reference(*args),
            f"bits per character for n = {n}, k = {k}",
            ex.wrong_outputs(*args),
        )


def apply_temperature(probs, temperature):
    """Reference of 9.2: softmax(log p / T)."""
    return softmax(np.log(np.asarray(probs, dtype=float)) / temperature)


TEMPERATURE_MISTAKES = (
    Mistake(
        "divide the log-probabilities by T: p ** (1 / T), renormalised (not p ** T)",
        lambda p, t: p**t / np.sum(p**t),
    ),
    Mistake("renormalise so the probabilities sum to 1", lambda p, t: p ** (1 / t)),
    Mistake(
        "temperature reshapes the distribution: multiplying p by T changes nothing after "
        "renormalising",
        lambda p, t: p * t / np.sum(p * t),
    ),
    Mistake(
        "divide the LOG-probabilities by T: softmax(log(p) / T), not softmax(p / T)",
        lambda p, t: softmax(p / t),
    ),
    Mistake(
        "turn the scaled log-probabilities back into probabilities: softmax(log(p) / T)",
        lambda p, t: np.log(p) / t,
    ),
)


@exercise("9.2", "temperature", apply_temperature, TEMPERATURE_MISTAKES)
def check_apply_temperature(answer, ex):
    p = np.array([0.5, 0.3, 0.15, 0.05])
    for t in (0.5, 2.0):
        compare(
            call(answer, p, t),
            ex.reference(p, t),
            f"probabilities at temperature {t}",
            ex.wrong_outputs(p, t),
        )
