"""Lesson 11: the small attention model the LSTM is measured against, in Keras.

Introduced in notebooks/11_where_the_lstm_stands.ipynb. The attention it computes is the one
`lstm_course.numpy_nets.attention` writes in NumPy (`causal_attention`, `attention_step`);
here Keras's `MultiHeadAttention` computes it, inside one decoder-style Transformer block, and
`SinusoidalPositions` adds the position code of Vaswani et al. (2017) (`sinusoidal_positions`
in NumPy) as a Keras layer with no weights.
"""

from __future__ import annotations

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
    if vocab is not None:
        inp = keras.Input(shape=(None,), dtype="int32")
        x = keras.layers.Embedding(vocab, d_model, name="embed")(inp)
    else:
        inp = keras.Input(shape=(None, features))
        x = keras.layers.Dense(d_model, name="embed")(inp)
    if scale:
        x = keras.layers.Rescaling(float(d_model) ** 0.5, name="scale")(x)
    x = SinusoidalPositions(name="positions")(x)
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
