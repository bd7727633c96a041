"""Lesson 11: causal self-attention and its key/value cache, in NumPy.

Introduced in notebooks/11_where_the_lstm_stands.ipynb, where the learner writes
`attention_step` (Exercise 11.1) before the lesson imports it from here.

Single-head causal attention over a sequence x (batch, T, D), with weights w_q, w_k, w_v (D, d):

    q = x w_q, k = x w_k, v = x w_v                       (batch, T, d) each
    scores[s, j] = q_s . k_j / sqrt(d), only for j <= s   (the causal mask)
    out_s = sum_j softmax_j(scores[s, :]) v_j             (batch, T, d)

Generating one step at a time, the keys and values of the earlier steps never change, so they
are kept in a cache (batch, T_max, d) and step t adds one row: the key/value cache. Its size
grows with t; an LSTM's state (h and c) does not (lstm_course.experiments.step_cost counts both).

Positions: attention alone does not know the order of the sequence, so the model adds the
sinusoidal position code of Vaswani et al. (2017), computed for any length (no weights):
`sinusoidal_positions` here, the Keras layer and the model in `lstm_course.keras_nets.attention`.
"""

from __future__ import annotations

import numpy as np

from lstm_course.numpy_nets.training import softmax


def _check_weights(x: np.ndarray, w_q, w_k, w_v) -> int:
    for name, w in (("w_q", w_q), ("w_k", w_k), ("w_v", w_v)):
        if np.ndim(w) != 2 or np.shape(w)[0] != x.shape[-1]:
            raise ValueError(
                f"{name} must be (D, d) with D = {x.shape[-1]} (the input's last axis), "
                f"got {np.shape(w)}"
            )
    if not np.shape(w_q) == np.shape(w_k) == np.shape(w_v):
        raise ValueError(
            f"w_q, w_k, w_v must share one shape (D, d), got {np.shape(w_q)}, "
            f"{np.shape(w_k)}, {np.shape(w_v)}"
        )
    return np.shape(w_q)[1]


def causal_attention(x: np.ndarray, w_q, w_k, w_v) -> np.ndarray:
    """Full causal single-head attention over a whole sequence, the reference for the cache.

    Args:
        x: (batch, T, D) inputs; w_q, w_k, w_v: (D, d) projections (no biases).

    Returns:
        (batch, T, d): out[:, s] attends to positions 0..s only.
    """
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError(f"x must be (batch, T, D), got shape {x.shape}")
    d = _check_weights(x, w_q, w_k, w_v)
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(d)  # (batch, T queries, T keys)
    future = np.triu(np.ones(scores.shape[1:], dtype=bool), k=1)  # key j > query s
    scores = np.where(future, -np.inf, scores)
    return softmax(scores, axis=-1) @ v


def empty_cache(batch: int, max_len: int, d: int, dtype=np.float64) -> tuple[np.ndarray, ...]:
    """(k_cache, v_cache), each (batch, max_len, d) zeros: room for max_len steps."""
    return np.zeros((batch, max_len, d), dtype), np.zeros((batch, max_len, d), dtype)


def attention_step(x_t, t, k_cache, v_cache, w_q, w_k, w_v):
    """One decoding step of causal single-head attention with a key/value cache.

    Args:
        x_t: (batch, D) the input at step t.
        t: this step's index, 0-based; slots 0..t-1 of the caches hold the earlier steps.
        k_cache, v_cache: (batch, T_max, d), slots t.. not filled yet.
        w_q, w_k, w_v: (D, d).

    Returns:
        (out_t, k_cache, v_cache): out_t (batch, d), equal to causal_attention(x)[:, t]; the
        caches with this step's key and value written into slot t (copies: the inputs are
        left unchanged).
    """
    x_t = np.asarray(x_t)
    if x_t.ndim != 2:
        raise ValueError(f"x_t must be (batch, D), got shape {x_t.shape}")
    d = _check_weights(x_t, w_q, w_k, w_v)
    if np.shape(k_cache) != np.shape(v_cache) or np.ndim(k_cache) != 3:
        raise ValueError(
            f"k_cache and v_cache must both be (batch, T_max, d), got {np.shape(k_cache)} "
            f"and {np.shape(v_cache)}"
        )
    if not 0 <= t < np.shape(k_cache)[1]:
        raise ValueError(f"t must be in [0, {np.shape(k_cache)[1]}) (the cache's room), got {t}")
    k_cache, v_cache = np.array(k_cache), np.array(v_cache)
    k_cache[:, t], v_cache[:, t] = x_t @ w_k, x_t @ w_v  # append this step
    keys, values = k_cache[:, : t + 1], v_cache[:, : t + 1]  # positions 0..t, no further
    scores = np.einsum("bd,bjd->bj", x_t @ w_q, keys) / np.sqrt(d)  # (batch, t + 1)
    out_t = np.einsum("bj,bjd->bd", softmax(scores, axis=-1), values)
    return out_t, k_cache, v_cache


def sinusoidal_positions(length: int, dim: int) -> np.ndarray:
    """The position code of Vaswani et al. (2017), section 3.5, (length, dim) float32:
    PE[p, 2i] = sin(p / 10000^(2i/dim)), PE[p, 2i + 1] = cos(p / 10000^(2i/dim))."""
    if length < 1 or dim < 2 or dim % 2:
        raise ValueError(f"need length >= 1 and an even dim >= 2, got {length}, {dim}")
    angles = np.arange(length)[:, None] / 10_000 ** (np.arange(0, dim, 2) / dim)
    pe = np.empty((length, dim))
    pe[:, 0::2], pe[:, 1::2] = np.sin(angles), np.cos(angles)
    return pe.astype(np.float32)
