"""Lesson 01: training NumPy recurrent classifiers: softmax cross-entropy, clipping, Adam, a loop.

Written in the open in notebooks/01_rnn_from_scratch.ipynb and reused by 02 and 04. The model
reads a sequence of one-hot tokens with an RNN or LSTM and classifies it from its last hidden
state:

    hs = cell(x)            x: (batch, time, D) -> hs: (batch, time, H)
    logits = hs[:, -1] @ out_kernel + out_bias      (batch, K)

The LSTM runs on `numpy_lstm_fast` (the same numbers as the readable `numpy_lstm`, faster);
`fast=False` selects the readable one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lstm_course.numpy_nets import lstm as numpy_lstm
from lstm_course.numpy_nets import lstm_fast as numpy_lstm_fast
from lstm_course.numpy_nets.initializers import LSTM_INITS, lstm_init_bias
from lstm_course.numpy_nets.rnn import init_rnn_params, rnn_backward, rnn_forward

CELLS = {
    "rnn": (init_rnn_params, rnn_forward, rnn_backward),
    "lstm": (
        numpy_lstm.init_lstm_params,
        numpy_lstm_fast.lstm_forward,
        numpy_lstm_fast.lstm_backward,
    ),
}
READABLE_LSTM = (numpy_lstm.init_lstm_params, numpy_lstm.lstm_forward, numpy_lstm.lstm_backward)


def _cell(kind: str, fast: bool = True):
    """(init, forward, backward) of `kind`; `fast=False` swaps in the readable LSTM."""
    if kind not in CELLS:
        raise ValueError(f"cell must be one of {sorted(CELLS)}, got {kind!r}")
    return READABLE_LSTM if kind == "lstm" and not fast else CELLS[kind]


def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along `axis` (default the last: (batch, K) logits -> (batch, K) probabilities),
    stable for large values (the maximum is subtracted first). The course's one softmax:
    lesson 01 introduces it; the attention of lesson 11 and the read-outs import it."""
    z = logits - logits.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy (nats) of (batch, K) logits against (batch,) integer labels.

    Returns (loss, dlogits) where dlogits = (softmax(logits) - onehot(labels)) / batch.
    """
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    if logits.ndim != 2 or labels.shape != (logits.shape[0],):
        raise ValueError(
            f"need logits (batch, K) and labels (batch,), got {logits.shape}, {labels.shape}"
        )
    if not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be integer class ids, got dtype {labels.dtype}")
    if labels.min() < 0 or labels.max() >= logits.shape[1]:
        raise ValueError(
            f"labels must be in [0, {logits.shape[1]}), got [{labels.min()}, {labels.max()}]"
        )
    batch = logits.shape[0]
    p = softmax(logits)
    rows = np.arange(batch)
    loss = float(-np.mean(np.log(p[rows, labels] + 1e-300)))
    dlogits = p.copy()
    dlogits[rows, labels] -= 1.0
    return loss, dlogits / batch


def clip_by_global_norm(grads: dict, max_norm: float) -> tuple[dict, float]:
    """Scale all gradients together so their joint L2 norm is at most `max_norm`.

    Returns (clipped grads, norm before clipping).
    """
    if max_norm <= 0:
        raise ValueError(f"max_norm must be positive, got {max_norm}")
    norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    scale = min(1.0, max_norm / (norm + 1e-12))
    return {k: g * scale for k, g in grads.items()}, norm


@dataclass
class Adam:
    """Adam (Kingma & Ba 2015) over a dict of arrays, updated in place by `step`."""

    learning_rate: float = 1e-2
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    t: int = 0
    m: dict = field(default_factory=dict)
    v: dict = field(default_factory=dict)

    def step(self, params: dict, grads: dict) -> None:
        """params[k] -= lr * m_hat / (sqrt(v_hat) + eps), for every k in `grads`."""
        self.t += 1
        for k, g in grads.items():
            m = self.m.get(k, 0.0) * self.beta1 + (1 - self.beta1) * g
            v = self.v.get(k, 0.0) * self.beta2 + (1 - self.beta2) * g * g
            self.m[k], self.v[k] = m, v
            m_hat = m / (1 - self.beta1**self.t)
            v_hat = v / (1 - self.beta2**self.t)
            params[k] -= self.learning_rate * m_hat / (np.sqrt(v_hat) + self.eps)


# Lesson 04's menu of initialisations (the fair comparison): for the RNN, Keras's default
# (orthogonal U, spectral radius 1), the identity (the IRNN's U, here with tanh) and the
# orthogonal U scaled to radius 1.3, where r * rms(tanh') = 1 at initialisation on the
# context-switch sentences (lesson 02's threshold; measured: 1.00-1.01 at gap 80, 1.03 at 20).
# For the LSTM, `initializers.LSTM_INITS`: the default bias, chrono, and chrono's two halves.
RNN_RADIUS = 1.3
INITS = {"rnn": ("default", "identity", f"radius-{RNN_RADIUS}"), "lstm": LSTM_INITS}


def init_classifier(
    cell: str,
    input_dim: int,
    units: int,
    n_classes: int,
    seed: int = 0,
    init: str = "default",
    max_lag: int = 0,
) -> dict[str, np.ndarray]:
    """Params of a recurrent classifier: the cell's kernel, recurrent_kernel, bias, plus
    out_kernel (H, K) and out_bias (K,).

    `init` picks an entry of `INITS[cell]` (introduced in notebooks/04_lstm_from_scratch.ipynb):
    RNN "default" (orthogonal recurrent kernel), "identity" (recurrent kernel I), "radius-1.3"
    (the orthogonal kernel times 1.3: every eigenvalue of an orthogonal matrix has modulus 1);
    LSTM: the bias of `initializers.lstm_init_bias(units, init, max_lag, seed)`. Only the
    recurrent kernel (RNN) or the bias (LSTM) differs between entries; every other weight is
    the same draw for the same seed.
    """
    maker, _, _ = _cell(cell)
    if init not in INITS[cell]:
        raise ValueError(f"init for {cell!r} must be one of {INITS[cell]}, got {init!r}")
    params = maker(input_dim, units, seed=seed)
    if cell == "rnn" and init == "identity":
        params["recurrent_kernel"] = np.eye(units)
    elif cell == "rnn" and init != "default":
        params["recurrent_kernel"] = params["recurrent_kernel"] * RNN_RADIUS
    elif cell == "lstm":
        params["bias"] = lstm_init_bias(units, init, max_lag=max_lag, seed=seed)
    rng = np.random.default_rng(seed + 1)
    limit = np.sqrt(6.0 / (units + n_classes))
    params["out_kernel"] = rng.uniform(-limit, limit, (units, n_classes))
    params["out_bias"] = np.zeros(n_classes)
    return params


def _split(params: dict):
    cell_params = {k: params[k] for k in ("kernel", "recurrent_kernel", "bias")}
    return cell_params, params["out_kernel"], params["out_bias"]


def classifier_logits(cell: str, params: dict, x: np.ndarray, fast: bool = True) -> np.ndarray:
    """(batch, K) logits of the classifier for x: (batch, time, D). `fast`: see the module."""
    _, forward, _ = _cell(cell, fast)
    cell_params, w, b = _split(params)
    hs = forward(x, cell_params)[0]
    return hs[:, -1] @ w + b


def classifier_loss_and_grads(
    cell: str, params: dict, x: np.ndarray, labels: np.ndarray, fast: bool = True
) -> tuple[float, dict]:
    """Mean cross-entropy and its gradients with respect to every entry of `params`.

    Args:
        cell: "rnn" or "lstm". params: from `init_classifier`. x: (batch, time, D) inputs;
        labels: (batch,) int classes. fast: LSTM only, `numpy_lstm_fast` or `numpy_lstm`.
    Returns:
        (loss, grads), grads shaped like `params`.
    """
    _, forward, backward = _cell(cell, fast)
    cell_params, w, b = _split(params)
    hs, _, cache = forward(x, cell_params)
    loss, dlogits = softmax_cross_entropy(hs[:, -1] @ w + b, labels)
    dhs = np.zeros_like(hs)
    dhs[:, -1] = dlogits @ w.T
    grads = backward(dhs, cache)
    grads = {k: grads[k] for k in cell_params}
    grads["out_kernel"] = hs[:, -1].T @ dlogits
    grads["out_bias"] = dlogits.sum(axis=0)
    return loss, grads


def accuracy(
    cell: str, params: dict, x: np.ndarray, labels: np.ndarray, fast: bool = True
) -> float:
    """Fraction of sequences whose arg-max logit is the label."""
    return float(np.mean(classifier_logits(cell, params, x, fast).argmax(axis=1) == labels))


def train_classifier(
    cell: str,
    x: np.ndarray,
    labels: np.ndarray,
    units: int,
    n_classes: int,
    steps: int = 500,
    batch_size: int = 64,
    learning_rate: float = 1e-2,
    clip_norm: float = 5.0,
    seed: int = 0,
    params: dict | None = None,
    fast: bool = True,
) -> tuple[dict, dict]:
    """Train a recurrent classifier with Adam on random mini-batches of (x, labels).

    Args:
        cell: "rnn" or "lstm". x: (n, time, D) float inputs; labels: (n,) int classes.
        params: initial params to train in place (e.g. with a custom forget bias); when None,
            `init_classifier(cell, D, units, n_classes, seed)`.
        fast: LSTM only: run `numpy_lstm_fast` (default) or the readable `numpy_lstm`; the
            loss histories agree to 2e-15 in float64 over 300 steps (tests/test_numpy_training.py).
    Returns:
        params, history with "loss" and "grad_norm" (before clipping), one entry per step.
    """
    if steps < 1 or batch_size < 1:
        raise ValueError(f"steps and batch_size must be >= 1, got {steps}, {batch_size}")
    if params is None:
        params = init_classifier(cell, x.shape[2], units, n_classes, seed=seed)
    opt = Adam(learning_rate=learning_rate)
    rng = np.random.default_rng(seed)
    history = {"loss": [], "grad_norm": []}
    for _ in range(steps):
        idx = rng.integers(0, x.shape[0], batch_size)
        loss, grads = classifier_loss_and_grads(cell, params, x[idx], labels[idx], fast)
        grads, norm = clip_by_global_norm(grads, clip_norm)
        opt.step(params, grads)
        history["loss"].append(loss)
        history["grad_norm"].append(norm)
    return params, history
