"""Keras's own recurrent layers with given weights, for comparison in tests."""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf

LAYERS = {"rnn": (keras.layers.SimpleRNN, 1), "lstm": (keras.layers.LSTM, 4)}


def keras_forward_and_grads(kind: str, params: dict, x: np.ndarray, dhs: np.ndarray, states=()):
    """(hs, final states, grads) of `keras.layers.SimpleRNN` ("rnn") or `LSTM` ("lstm").

    Weights are set from `params`; the loss is sum(hs * dhs), so `grads` are what the
    NumPy backward pass returns for upstream gradient `dhs`. `states` are initial states.
    """
    cls, blocks = LAYERS[kind]
    units = params["bias"].shape[0] // blocks
    layer = cls(units, return_sequences=True, return_state=True, dtype=x.dtype.name)
    layer.build(x.shape)
    layer.set_weights([params["kernel"], params["recurrent_kernel"], params["bias"]])
    inputs = tf.constant(x)
    init = [tf.constant(s) for s in states]
    with tf.GradientTape() as tape:
        tape.watch([inputs, *init])
        hs, *finals = layer(inputs, initial_state=init or None)
        loss = tf.reduce_sum(hs * dhs)
    names = ["kernel", "recurrent_kernel", "bias", "x", *["h0", "c0"][: len(init)]]
    grads = tape.gradient(loss, [*layer.trainable_weights, inputs, *init])
    grads = {n: np.asarray(g) for n, g in zip(names, grads, strict=True)}
    return np.asarray(hs), [np.asarray(s) for s in finals], grads


def lstm_pair(units, dtype, return_sequences=True, **kwargs):
    """A keras.layers.LSTM and an RNN over the course's LSTMCell, same options, both returning
    `[output, h, c]`, not yet built."""
    from lstm_course.keras_nets.cell import LSTMCell

    lstm = keras.layers.LSTM(
        units, return_sequences=return_sequences, return_state=True, dtype=dtype, **kwargs
    )
    ours = keras.layers.RNN(
        LSTMCell(units, dtype=dtype, **kwargs),
        return_sequences=return_sequences,
        return_state=True,
        dtype=dtype,
    )
    return lstm, ours


def random_weights(rng, layer, dtype):
    """Normal(0, 0.5) values for every weight of `layer` (so every bias entry is non-zero)."""
    return [rng.normal(0.0, 0.5, w.shape).astype(dtype) for w in layer.get_weights()]


def built_lstm_pair(rng, shape, units, dtype, return_sequences=True):
    """`lstm_pair`, built for inputs of `shape`, sharing the same random weights."""
    lstm, ours = lstm_pair(units, dtype, return_sequences)
    lstm.build(shape)
    ours.build(shape)
    lstm.set_weights(random_weights(rng, lstm, "float32"))
    ours.set_weights(lstm.get_weights())
    return lstm, ours
