"""Lesson 11: causal self-attention, its key/value cache, and a small attention model for Keras.

Introduced in notebooks/11_where_the_lstm_stands.ipynb, where the learner writes
`attention_step` (Exercise 11.1) before the lesson imports it from here.

Single-head causal attention over a sequence x (batch, T, D), with weights w_q, w_k, w_v (D, d):

    q = x w_q, k = x w_k, v = x w_v                       (batch, T, d) each
    scores[s, j] = q_s . k_j / sqrt(d), only for j <= s   (the causal mask)
    out_s = sum_j softmax_j(scores[s, :]) v_j             (batch, T, d)

Generating one step at a time, the keys and values of the earlier steps never change, so they
are kept in a cache (batch, T_max, d) and step t adds one row: the key/value cache. Its size
grows with t; an LSTM's state (h and c) does not (lstm_course.step_cost counts both).

Positions: attention alone does not know the order of the sequence, so the model adds the
sinusoidal position code of Vaswani et al. (2017), computed for any length (no weights).
"""

from __future__ import annotations

import numpy as np


def softmax(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along `axis`, computed stably (the maximum subtracted first)."""
    z = np.exp(scores - scores.max(axis=axis, keepdims=True))
    return z / z.sum(axis=axis, keepdims=True)


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


def build_attention_model(
    outputs: int,
    d_model: int,
    heads: int,
    key_dim: int,
    ffn: int,
    vocab: int | None = None,
    features: int | None = None,
    last_only: bool = True,
    scale: bool = True,
):
    """A one-block causal Transformer (Vaswani et al. 2017, decoder-style), uncompiled.

    Inputs (batch, T) token ids (`vocab` given: Embedding(vocab, d_model)) or (batch, T,
    features) numbers (`features` given: Dense(d_model)), any T; times sqrt(d_model) (`scale`,
    as Vaswani et al. section 3.4 scale their embeddings: Keras's initial embeddings have a
    standard deviation near 0.03, the position code's entries about 0.7, so unscaled the input
    would start as a small ripple on the positions); then + the sinusoidal position code;
    x + MultiHeadAttention(heads, key_dim, causal mask), LayerNorm;
    x + Dense(d_model)(Dense(ffn, relu)), LayerNorm; Dense(outputs) at every position
    (last_only=False: (batch, T, outputs), next-step prediction) or at the last position only
    ((batch, outputs), one answer per sequence, which sees every position through the mask).
    """
    if (vocab is None) == (features is None):
        raise ValueError("give exactly one of vocab (token ids in) or features (numbers in)")
    for name, value in (("outputs", outputs), ("d_model", d_model), ("heads", heads)):
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    if d_model % 2:
        raise ValueError(f"d_model must be even (sine and cosine pairs), got {d_model}")
    import keras

    if vocab is not None:
        inp = keras.Input(shape=(None,), dtype="int32")
        x = keras.layers.Embedding(vocab, d_model, name="embed")(inp)
    else:
        inp = keras.Input(shape=(None, features))
        x = keras.layers.Dense(d_model, name="embed")(inp)
    if scale:
        x = keras.layers.Rescaling(float(d_model) ** 0.5, name="scale")(x)
    x = _positions_class()(name="positions")(x)
    attend = keras.layers.MultiHeadAttention(heads, key_dim, name="attention")
    if last_only:  # one answer per sequence: only the last position's query is needed, and
        query = x[:, -1:]  # it may see every position (the causal mask would allow all)
        x = keras.layers.LayerNormalization(name="norm1")(query + attend(query, x))
    else:
        x = keras.layers.LayerNormalization(name="norm1")(x + attend(x, x, use_causal_mask=True))
    hidden = keras.layers.Dense(ffn, activation="relu", name="ffn_in")(x)
    x = keras.layers.LayerNormalization(name="norm2")(
        x + keras.layers.Dense(d_model, name="ffn_out")(hidden)
    )
    if last_only:
        x = x[:, -1]
    return keras.Model(inp, keras.layers.Dense(outputs, name="head")(x), name="attention_model")


def _positions_class():
    """The Keras layer SinusoidalPositions, defined (and registered) once, on first use."""
    if "SinusoidalPositions" in globals():
        return globals()["SinusoidalPositions"]
    import keras

    @keras.saving.register_keras_serializable(package="lstm_course")
    class SinusoidalPositions(keras.layers.Layer):
        """Adds sinusoidal_positions(T, d) to inputs (batch, T, d); no weights."""

        def call(self, x):
            shape = keras.ops.shape(x)
            pos = keras.ops.cast(keras.ops.arange(shape[1]), x.dtype)[:, None]
            i = keras.ops.cast(keras.ops.arange(0, shape[2], 2), x.dtype)
            angles = pos / keras.ops.power(10_000.0, i / keras.ops.cast(shape[2], x.dtype))
            pe = keras.ops.stack([keras.ops.sin(angles), keras.ops.cos(angles)], axis=-1)
            return x + keras.ops.reshape(pe, (shape[1], shape[2]))

    globals()["SinusoidalPositions"] = SinusoidalPositions
    return SinusoidalPositions


def __getattr__(name):  # `from lstm_course.attention import SinusoidalPositions` loads Keras
    if name == "SinusoidalPositions":
        return _positions_class()
    raise AttributeError(name)
