"""Lesson 07: which units know what: per-unit selectivity, linear and small nonlinear probes.

Introduced in notebooks/07_inside_the_lstm.ipynb. Everything here works on NumPy arrays (for
example the traces of `numpy_lstm.gate_traces`, run on a trained `keras.layers.LSTM`'s
`get_weights()`), so the same code reads the course's NumPy LSTM and a Keras one.
`probe_accuracy` is a linear probe (ridge regression onto one-hot labels); `mlp_probe_accuracy`
a one-hidden-layer network trained by full-batch Adam on the cross-entropy: a label the linear
probe misses may still be there, coded nonlinearly.

Shapes: values (n, units), labels (n,); per-unit statistics (units,).
"""

from __future__ import annotations

import numpy as np

from lstm_course.numpy_nets.training import softmax


def _check_values_labels(values, labels) -> tuple[np.ndarray, np.ndarray]:
    values = np.asarray(values)
    labels = np.asarray(labels)
    if values.ndim != 2 or not np.issubdtype(values.dtype, np.floating):
        raise ValueError(
            f"values must be a float (n, units) array, got {values.dtype}{values.shape}"
        )
    if labels.shape != (values.shape[0],) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"labels must be integer (n,), n={values.shape[0]}, got {labels.dtype}{labels.shape}"
        )
    if len(np.unique(labels)) < 2:
        raise ValueError("labels must contain at least two groups")
    return values, labels


def _check_probe_inputs(train_values, train_labels, test_values, test_labels):
    """The four arrays of a probe, checked: values (n, units) and labels (n,) on both sides."""
    train_values, train_labels = _check_values_labels(train_values, train_labels)
    test_values = np.asarray(test_values)
    test_labels = np.asarray(test_labels)
    if test_values.ndim != 2 or test_values.shape[1] != train_values.shape[1]:
        raise ValueError(
            f"test_values must be (n, {train_values.shape[1]}), got {test_values.shape}"
        )
    if test_labels.shape != (test_values.shape[0],):
        raise ValueError(f"test_labels must be ({test_values.shape[0]},), got {test_labels.shape}")
    return train_values, train_labels, test_values, test_labels


def selectivity(values: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Fraction of each unit's variance explained by the group label (eta squared).

    For unit u: sum_k n_k (mean_k - mean)^2 / sum_i (v_iu - mean)^2, in [0, 1]. 1 means the
    unit's value is fixed by the label (e.g. by which subject the sentence is about); 0 means
    the label tells nothing about the unit's mean. A unit with zero variance gets 0.

    Args:
        values: (n, units) float, e.g. the cell state c_t of n sentences at one step.
        labels: (n,) integer group of each row.

    Returns:
        (units,) selectivity of every unit.
    """
    values, labels = _check_values_labels(values, labels)
    grand = values.mean(axis=0)
    total = ((values - grand) ** 2).sum(axis=0)
    between = np.zeros(values.shape[1], dtype=np.float64)
    for k in np.unique(labels):
        group = values[labels == k]
        between += len(group) * (group.mean(axis=0) - grand) ** 2
    out = np.zeros_like(between)
    np.divide(between, total, out=out, where=total > 1e-12 * len(values))
    return out


def probe_accuracy(
    train_values: np.ndarray,
    train_labels: np.ndarray,
    test_values: np.ndarray,
    test_labels: np.ndarray,
    ridge: float = 1e-3,
    standardise: bool = False,
) -> float:
    """Held-out accuracy of a linear probe: ridge regression onto one-hot labels, argmax.

    Fits W (units + 1, K) minimising |[v, 1] W - onehot(y)|^2 + ridge |W|^2 on the training rows,
    then predicts argmax([v, 1] W) for the test rows. K = max label + 1 over both sets.
    With `standardise`, both sets are first standardised with the mean and standard deviation
    of the **training** rows (a unit constant there is only centred), so the ridge weighs every
    unit alike; the test rows' own statistics are never used.

    Args:
        train_values: (n_train, units); train_labels: (n_train,) integers >= 0.
        test_values: (n_test, units); test_labels: (n_test,) integers >= 0.
        ridge: L2 penalty, >= 0.
        standardise: standardise the values with the training rows' statistics first.
    """
    train_values, train_labels, test_values, test_labels = _check_probe_inputs(
        train_values, train_labels, test_values, test_labels
    )
    if ridge < 0:
        raise ValueError(f"ridge must be >= 0, got {ridge}")
    if min(train_labels.min(), test_labels.min()) < 0:
        raise ValueError("labels must be >= 0")
    classes = int(max(train_labels.max(), test_labels.max())) + 1
    if standardise:
        mean, std = train_values.mean(axis=0), train_values.std(axis=0)
        std = np.where(std > 1e-12, std, 1.0)
        train_values, test_values = (train_values - mean) / std, (test_values - mean) / std
    a = np.c_[train_values, np.ones(len(train_values))].astype(np.float64)
    w = np.linalg.solve(a.T @ a + ridge * np.eye(a.shape[1]), a.T @ np.eye(classes)[train_labels])
    scores = np.c_[test_values, np.ones(len(test_values))] @ w
    return float(np.mean(np.argmax(scores, axis=1) == test_labels))


def mlp_probe_accuracy(
    train_values: np.ndarray,
    train_labels: np.ndarray,
    test_values: np.ndarray,
    test_labels: np.ndarray,
    hidden: int = 32,
    epochs: int = 200,
    learning_rate: float = 0.02,
    weight_decay: float = 1e-4,
    seed: int = 0,
) -> float:
    """Held-out accuracy of a one-hidden-layer probe: standardise, tanh(v W1 + b1) W2 + b2.

    Both sets are standardised with the training rows' mean and standard deviation; the probe
    is trained on the training rows only, `epochs` full-batch Adam steps on the softmax
    cross-entropy plus `weight_decay` |W|^2, from weights drawn with `seed` (deterministic),
    then predicts argmax of the K = max label + 1 scores for the test rows. Fix `hidden` and
    `epochs` before looking at any test result: they are not tuned on it.

    Args:
        train_values: (n_train, units); train_labels: (n_train,) integers >= 0.
        test_values: (n_test, units); test_labels: (n_test,) integers >= 0.
        hidden: width of the hidden layer (>= 1); epochs: Adam steps (>= 1).
    """
    train_values, train_labels, test_values, test_labels = _check_probe_inputs(
        train_values, train_labels, test_values, test_labels
    )
    test_values = test_values.astype(np.float64)
    if hidden < 1 or epochs < 1 or learning_rate <= 0 or weight_decay < 0:
        raise ValueError(
            f"need hidden >= 1, epochs >= 1, learning_rate > 0, weight_decay >= 0, got "
            f"{hidden}, {epochs}, {learning_rate}, {weight_decay}"
        )
    if min(train_labels.min(), test_labels.min()) < 0:
        raise ValueError("labels must be >= 0")
    classes = int(max(train_labels.max(), test_labels.max())) + 1
    mean, std = train_values.mean(axis=0), train_values.std(axis=0)
    std = np.where(std > 1e-12, std, 1.0)
    v = (train_values - mean) / std
    v_test = (test_values - mean) / std
    rng = np.random.default_rng(seed)
    units = v.shape[1]
    weights = [
        rng.normal(0.0, 1.0 / np.sqrt(units), (units, hidden)),
        np.zeros(hidden),
        rng.normal(0.0, 1.0 / np.sqrt(hidden), (hidden, classes)),
        np.zeros(classes),
    ]
    moments = [(np.zeros_like(w), np.zeros_like(w)) for w in weights]
    targets = np.eye(classes)[train_labels]
    for step in range(1, epochs + 1):
        w1, b1, w2, b2 = weights
        a = np.tanh(v @ w1 + b1)  # (n, hidden)
        logits = a @ w2 + b2
        p = softmax(logits)
        d_logits = (p - targets) / len(v)  # d mean cross-entropy / d logits
        d_a = (d_logits @ w2.T) * (1.0 - a**2)
        grads = [
            v.T @ d_a + 2 * weight_decay * w1,
            d_a.sum(axis=0),
            a.T @ d_logits + 2 * weight_decay * w2,
            d_logits.sum(axis=0),
        ]
        for w, g, (m1, m2) in zip(weights, grads, moments, strict=True):
            m1 *= 0.9
            m1 += 0.1 * g
            m2 *= 0.999
            m2 += 0.001 * g**2
            w -= learning_rate * (m1 / (1 - 0.9**step)) / (np.sqrt(m2 / (1 - 0.999**step)) + 1e-8)
    w1, b1, w2, b2 = weights
    scores = np.tanh(v_test @ w1 + b1) @ w2 + b2
    return float(np.mean(np.argmax(scores, axis=1) == test_labels))
