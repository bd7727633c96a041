"""Looking inside a trained LSTM: gate activations per step, per-unit selectivity, linear probes.

Introduced in notebooks/07_inside_the_lstm.ipynb. Everything here works on NumPy arrays, so
the same code reads the gates of the course's NumPy LSTM and of a trained
`keras.layers.LSTM` (run `lstm_forward` on the layer's `get_weights()`; they are equal).

Shapes: x (batch, time, D); every trace (batch, time, H); per-unit statistics (H,).
"""

from __future__ import annotations

import numpy as np

from lstm_course.numpy_lstm import lstm_forward, split_gates

TRACE_NAMES = ("input", "forget", "candidate", "output", "cell", "cell_prev", "hidden")


def lstm_gate_traces(x: np.ndarray, params: dict) -> dict[str, np.ndarray]:
    """Run the LSTM on `x` and return every step's gates and states, named plainly.

    Args:
        x: (batch, time, D) inputs (e.g. the embedding vectors of the words).
        params: {"kernel": (D, 4H), "recurrent_kernel": (H, 4H), "bias": (4H,)}, gates i, f, c, o
            as in `keras.layers.LSTM.get_weights()`.

    Returns:
        {"input": i_t, "forget": f_t, "candidate": g_t (the tanh branch, c~_t), "output": o_t,
        "cell": c_t, "cell_prev": c_{t-1} (zeros at t=0), "hidden": h_t}, each (batch, time, H),
        so that cell == forget * cell_prev + input * candidate element-wise.
    """
    hs, _, cache = lstm_forward(x, params)
    g = split_gates(cache["gates"])
    cs = cache["cs"]
    cell_prev = np.concatenate([cache["c0"][:, None], cs[:, :-1]], axis=1)
    return {
        "input": g["i"],
        "forget": g["f"],
        "candidate": g["c"],
        "output": g["o"],
        "cell": cs,
        "cell_prev": cell_prev,
        "hidden": hs,
    }


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
) -> float:
    """Held-out accuracy of a linear probe: ridge regression onto one-hot labels, argmax.

    Fits W (units + 1, K) minimising |[v, 1] W - onehot(y)|^2 + ridge |W|^2 on the training rows,
    then predicts argmax([v, 1] W) for the test rows. K = max label + 1 over both sets.

    Args:
        train_values: (n_train, units); train_labels: (n_train,) integers >= 0.
        test_values: (n_test, units); test_labels: (n_test,) integers >= 0.
        ridge: L2 penalty, >= 0.
    """
    train_values, train_labels = _check_values_labels(train_values, train_labels)
    test_values = np.asarray(test_values)
    test_labels = np.asarray(test_labels)
    if test_values.ndim != 2 or test_values.shape[1] != train_values.shape[1]:
        raise ValueError(
            f"test_values must be (n, {train_values.shape[1]}), got {test_values.shape}"
        )
    if test_labels.shape != (test_values.shape[0],):
        raise ValueError(f"test_labels must be ({test_values.shape[0]},), got {test_labels.shape}")
    if ridge < 0:
        raise ValueError(f"ridge must be >= 0, got {ridge}")
    if min(train_labels.min(), test_labels.min()) < 0:
        raise ValueError("labels must be >= 0")
    classes = int(max(train_labels.max(), test_labels.max())) + 1
    a = np.c_[train_values, np.ones(len(train_values))].astype(np.float64)
    w = np.linalg.solve(a.T @ a + ridge * np.eye(a.shape[1]), a.T @ np.eye(classes)[train_labels])
    scores = np.c_[test_values, np.ones(len(test_values))] @ w
    return float(np.mean(np.argmax(scores, axis=1) == test_labels))
