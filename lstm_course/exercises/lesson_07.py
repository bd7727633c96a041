"""Lesson 07: the check of exercise 7.1 (a linear probe's held-out accuracy).

A probe reads a label from hidden values: values (n, units) float, labels (n,) integers in
0..K-1. It standardises both sets with the training rows' mean and standard deviation, fits
W (units + 1, K) by least squares from [values, 1] onto the one-hot labels on
the training rows, predicts argmax([values, 1] W) on the test rows and returns the fraction
right. The reference is `lstm_course.experiments.probes.probe_accuracy(..., standardise=True)`.
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import Mistake, call, compare, exercise, rng
from lstm_course.experiments.probes import probe_accuracy

CLASSES = 4


def probe_with(
    bias=True, fit="train", score="test", one_hot=True, fraction=True, test_statistics=False
):
    """A probe made with one of the realistic mistakes (the defaults make the right one).

    bias: append the column of ones; fit/score: which rows ("train" or "test") it is fitted
    on and scored on; one_hot: regress onto one-hot labels (else onto the label number,
    rounded); fraction: return the share right (else the count); test_statistics: standardise
    the test rows with their own mean and standard deviation (else with the training rows').
    """

    def probe(train_values, train_labels, test_values, test_labels):
        mean, std = train_values.mean(axis=0), train_values.std(axis=0)
        test_mean, test_std = (
            (test_values.mean(axis=0), test_values.std(axis=0)) if test_statistics else (mean, std)
        )
        train_values = (train_values - mean) / std
        test_values = (test_values - test_mean) / test_std
        rows = {"train": (train_values, train_labels), "test": (test_values, test_labels)}
        (fit_v, fit_y), (score_v, score_y) = rows[fit], rows[score]

        def design(v):
            return np.c_[v, np.ones(len(v))] if bias else np.asarray(v)

        targets = np.eye(CLASSES)[fit_y] if one_hot else fit_y.astype(float)
        w = np.linalg.lstsq(design(fit_v), targets, rcond=None)[0]
        scores = design(score_v) @ w
        predicted = np.argmax(scores, axis=1) if one_hot else np.rint(scores)
        right = predicted == score_y
        return float(np.mean(right)) if fraction else int(np.sum(right))

    return probe


PROBE_MISTAKES = (
    Mistake(
        "the bias column is missing: fit on np.c_[values, np.ones(n)] (and predict with it too), "
        "so each class score has an intercept",
        probe_with(bias=False),
    ),
    Mistake(
        "you scored the probe on the rows it was fitted on: fit on the training rows, then "
        "measure the accuracy on the test rows",
        probe_with(score="train"),
    ),
    Mistake(
        "leak: the probe was fitted on the test rows; fit it on the training rows only",
        probe_with(fit="test"),
    ),
    Mistake(
        "regress onto one-hot targets np.eye(K)[labels] and take the argmax of the K scores, "
        "not onto the label number (labels are names, not quantities)",
        probe_with(one_hot=False),
    ),
    Mistake(
        "return the fraction of test rows predicted right (a mean), not the count",
        probe_with(fraction=False),
    ),
    Mistake(
        "standardise the test rows with the training rows' mean and standard deviation, not "
        "with their own: the probe must read new rows on the scale it was fitted on",
        probe_with(test_statistics=True),
    ),
)


def _probe_sets() -> list[tuple[np.ndarray, ...]]:
    """Three fixed problems (train values, train labels, test values, test labels): 4 classes
    whose centres sit far from the origin, noisy enough that no probe gets everything right."""
    r = rng()
    sets = []
    for units, noise in ((3, 1.2), (5, 1.5), (2, 0.9)):
        centres = 5.0 + r.normal(size=(CLASSES, units)) * 1.5
        labels = r.integers(0, CLASSES, 2 * 60)
        values = centres[labels] + noise * r.normal(size=(len(labels), units))
        sets.append((values[:60], labels[:60], values[60:], labels[60:]))
    return sets


def standardised_probe_accuracy(train_values, train_labels, test_values, test_labels):
    """The reference: the package's probe with `standardise=True` (training rows' statistics)."""
    return probe_accuracy(train_values, train_labels, test_values, test_labels, standardise=True)


@exercise("7.1", "a linear probe's held-out accuracy", standardised_probe_accuracy, PROBE_MISTAKES)
def check_probe(answer, ex):
    sets = _probe_sets()
    got = [call(answer, *s) for s in sets]
    want = [ex.reference(*s) for s in sets]
    wrong = [(m.hint, [m.answer(*s) for s in sets]) for m in ex.mistakes if m.compared]
    compare(got, want, "the held-out accuracies of three probes", wrong, rtol=0, atol=1e-9)
