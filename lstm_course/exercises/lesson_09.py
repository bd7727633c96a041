"""Lesson 09: the checks of exercises 9.1 (sampling temperature) and 9.2 (bits per character).

At temperature T the sampler draws from softmax(log p / T) = p ** (1 / T), renormalised; a loss
in nats (natural log) is divided by ln 2 to give bits.
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import Mistake, call, compare, exercise


def apply_temperature(probs, temperature):
    """Reference of 9.1: softmax(log p / T)."""
    z = np.log(np.asarray(probs, dtype=float)) / temperature
    e = np.exp(z - z.max())
    return e / e.sum()


def _softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


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
        lambda p, t: _softmax(p / t),
    ),
    Mistake(
        "turn the scaled log-probabilities back into probabilities: softmax(log(p) / T)",
        lambda p, t: np.log(p) / t,
    ),
)


@exercise("9.1", "temperature", apply_temperature, TEMPERATURE_MISTAKES)
def check_apply_temperature(answer, ex):
    p = np.array([0.5, 0.3, 0.15, 0.05])
    for t in (0.5, 2.0):
        compare(
            call(answer, p, t),
            ex.reference(p, t),
            f"probabilities at temperature {t}",
            ex.wrong_outputs(p, t),
        )


def bits_per_char(nats):
    """Reference of 9.2: nats / ln 2."""
    return nats / np.log(2)


BITS_MISTAKES = (
    Mistake("bits = nats / ln 2 (you multiplied)", lambda nats: nats * np.log(2)),
    Mistake("bits use log base 2, not base 10", lambda nats: nats / np.log(10)),
    Mistake("convert: a loss in nats is divided by ln 2 to get bits", lambda nats: nats),
    Mistake(
        "change the unit by dividing by ln 2; do not take log2 of the loss",
        lambda nats: np.log2(nats),
    ),
)


@exercise("9.2", "bits per character", bits_per_char, BITS_MISTAKES)
def check_bits_per_char(answer, ex):
    for nats in (1.7, 2.3):
        compare(
            call(answer, nats), ex.reference(nats), f"bits for {nats} nats", ex.wrong_outputs(nats)
        )
