"""Lesson 06: solutions to the exercises of notebooks/06_keras_layers_lstm.ipynb."""

import keras


def build_masked_model(vocab_size, units, n_classes):
    """Exercise 6.1: ids (batch, time), 0 = padding -> probabilities (batch, n_classes).

    mask_zero=True makes the Embedding hand a mask (id != 0) to the LSTM, which then carries
    [h, c] unchanged across the padded steps; input_dim=vocab_size counts id 0 as well.
    """
    model = keras.Sequential(
        [
            keras.Input((None,), dtype="int32"),
            keras.layers.Embedding(vocab_size, 8, mask_zero=True),
            keras.layers.LSTM(units),  # return_sequences=False: the state after the last word
            keras.layers.Dense(n_classes, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(0.01),
        loss="sparse_categorical_crossentropy",  # labels are class ids, not one-hot rows
        metrics=["accuracy"],
    )
    return model


def build_model(vocab_size, units):
    """Exercise 6.2: ids (batch, time), 0 = padding -> (batch, 2 * units)."""
    return keras.Sequential(
        [
            keras.Input((None,), dtype="int32"),
            keras.layers.Embedding(vocab_size, 8, mask_zero=True),
            keras.layers.Bidirectional(keras.layers.LSTM(units)),
        ]
    )
