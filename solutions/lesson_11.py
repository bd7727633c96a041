"""Lesson 11: solutions to the exercises of notebooks/11_where_the_lstm_stands.ipynb."""

import numpy as np


def attention_step(x_t, t, k_cache, v_cache, w_q, w_k, w_v):
    """Exercise 11.1: one decoding step of causal single-head attention with a key/value cache.

    x_t (batch, D), caches (batch, T_max, d) holding steps 0..t-1, weights (D, d) ->
    (out_t (batch, d), k_cache, v_cache with slot t written)."""
    k_cache, v_cache = k_cache.copy(), v_cache.copy()
    k_cache[:, t] = x_t @ w_k  # append this step's key and value
    v_cache[:, t] = x_t @ w_v
    keys, values = k_cache[:, : t + 1], v_cache[:, : t + 1]  # positions 0..t
    q_t = x_t @ w_q
    scores = np.einsum("bd,bjd->bj", q_t, keys) / np.sqrt(w_q.shape[1])  # (batch, t + 1)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)  # softmax over the positions
    out_t = np.einsum("bj,bjd->bd", weights, values)
    return out_t, k_cache, v_cache
