"""Lesson 06: solutions to the exercises of notebooks/06_keras_layers_lstm.ipynb."""

import keras


def lstm_param_count(d, h):
    """Exercise 6.1: kernel D*4H + recurrent kernel H*4H + bias 4H."""
    return 4 * (d * h + h * h + h)


def build_model(vocab_size, units):
    """Exercise 6.2: ids (batch, time), 0 = padding -> (batch, 2 * units)."""
    return keras.Sequential(
        [
            keras.Input((None,), dtype="int32"),
            keras.layers.Embedding(vocab_size, 8, mask_zero=True),
            keras.layers.Bidirectional(keras.layers.LSTM(units)),
        ]
    )
