"""Lesson 09: the character-level LSTM, trained on parallel streams with the state carried.

Introduced in notebooks/09_text_generation.ipynb, which writes each piece in the open
(`streams`, `build_model`, `target_bits`, `make_train_step`) and checks that the lesson's
pieces equal these. `benchmarks/char_model_settings.py` imports them from here to train the
same model with other settings.

A text of character ids is cut into `n_streams` consecutive pieces, read side by side, one per
row of a batch; training reads them in windows of a few characters, one weight update per
window, and hands each window's final (h, c) to the next window as its initial state, so the
gradient is cut at window edges but the state runs along the whole stream.
"""

from __future__ import annotations

import math

import numpy as np


def streams(ids: np.ndarray, n_streams: int) -> tuple[np.ndarray, np.ndarray]:
    """`ids` (N,) cut into n_streams consecutive pieces: inputs (n_streams, L), targets one later.

    L = (N - 1) // n_streams; the characters that do not fill a whole row are dropped.
    """
    if n_streams < 1 or len(ids) - 1 < n_streams:
        raise ValueError(
            f"need at least n_streams + 1 = {n_streams + 1} ids for {n_streams} streams, "
            f"got {len(ids)}"
        )
    length = (len(ids) - 1) // n_streams
    x = ids[: n_streams * length].reshape(n_streams, length)
    y = ids[1 : n_streams * length + 1].reshape(n_streams, length)
    return x, y


def build_char_lstm(vocab_size: int, units: int, embed: int = 32, dropout: float = 0.0):
    """Embedding(vocab_size, embed) -> LSTM(units) -> [Dropout] -> Dense(vocab_size), state in/out.

    Returns a keras.Model (ids (batch, time) int32, h (batch, units), c (batch, units)) ->
    (logits (batch, time, vocab_size), h, c), its layers named ids, h, c, embed, lstm, logits.
    dropout in [0, 1): with dropout > 0, a Dropout layer named "dropout" between the LSTM's
    outputs and the logits (active in training only; the state passed on is not dropped, as in
    Zaremba et al. 2014). Lesson 09 builds it with the settings `benchmarks/char_model_settings.py`
    chose on the validation play.
    """
    import keras

    if not 0.0 <= dropout < 1.0:
        raise ValueError(f"dropout must be in [0, 1), got {dropout}")

    ids_in = keras.Input(shape=(None,), dtype="int32", name="ids")
    h_in = keras.Input(shape=(units,), name="h")
    c_in = keras.Input(shape=(units,), name="c")
    x = keras.layers.Embedding(vocab_size, embed, name="embed")(ids_in)
    lstm = keras.layers.LSTM(units, return_sequences=True, return_state=True, name="lstm")
    seq, h, c = lstm(x, initial_state=[h_in, c_in])
    if dropout > 0:
        seq = keras.layers.Dropout(dropout, name="dropout")(seq)
    logits = keras.layers.Dense(vocab_size, name="logits")(seq)
    return keras.Model([ids_in, h_in, c_in], [logits, h, c])


def zero_state(model, batch: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(h, c), each (batch, units) float32 zeros, for a model from `build_char_lstm`."""
    units = model.get_layer("lstm").units
    return np.zeros((batch, units), np.float32), np.zeros((batch, units), np.float32)


def target_bits(logits, y: np.ndarray) -> np.ndarray:
    """logits (..., V), y (...) int -> bits paid for each target, float64, shape of y."""
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(-1, keepdims=True))  # log-softmax
    return -np.take_along_axis(log_p, y[..., None], axis=-1)[..., 0] / math.log(2)


def bits_per_char(model, x: np.ndarray, y: np.ndarray) -> float:
    """Mean bits per character over all targets y (rows, time), each row read from a zero state."""
    logits, _, _ = model.predict_on_batch([x, *zero_state(model, len(x))])
    return float(target_bits(logits, y).mean())


def make_train_step(model, optimizer):
    """A compiled step: (x, y (streams, window) int, h, c) -> (loss, h, c) after one update.

    The loss is the mean cross-entropy (in nats) of the window's targets; h and c are the
    state the window ended in, to be passed to the next window of the same streams.
    """
    import keras
    import tensorflow as tf

    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    @tf.function
    def train_step(x, y, h, c):
        with tf.GradientTape() as tape:
            logits, h, c = model([x, h, c], training=True)
            loss = loss_fn(y, logits)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss, h, c

    return train_step


def train_rounds(
    model, optimizer, x: np.ndarray, y: np.ndarray, window: int, rounds: int, after_round=None
) -> int:
    """Train on streams x, y (streams, L) for `rounds` passes; returns the number of updates.

    Each pass starts the streams from a zero state and reads them in windows of `window`
    characters (L // window updates), carrying (h, c) from one window to the next.
    after_round: None, or a function called with the round's number (1, 2, ...) after each pass
    (to score the model on validation text, say).
    """
    train_step = make_train_step(model, optimizer)
    n_windows = x.shape[1] // window
    if n_windows < 1:
        raise ValueError(f"streams of {x.shape[1]} characters hold no window of {window}")
    for r in range(rounds):
        h, c = zero_state(model, len(x))
        for w in range(n_windows):
            cols = slice(w * window, (w + 1) * window)
            _, h, c = train_step(x[:, cols], y[:, cols], h, c)
        if after_round is not None:
            after_round(r + 1)
    return rounds * n_windows


def make_dynamic_eval_step(model, optimizer):
    """A compiled step for dynamic evaluation: (x, y, h, c) -> (bits (streams, window), h, c).

    The window's targets are scored first, with the weights as they are (training=False: no
    dropout), then the weights take one step on that window's loss: the model keeps learning
    from the text it is scored on, each character scored before it is learned from (Krause et
    al. 2018, "Dynamic Evaluation of Neural Sequence Models", here with plain SGD).
    """
    import keras
    import tensorflow as tf

    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction=None)

    @tf.function
    def step(x, y, h, c):
        with tf.GradientTape() as tape:
            logits, h, c = model([x, h, c], training=False)
            nats = loss_fn(y, logits)  # (streams, window), computed before the update
            loss = tf.reduce_mean(nats)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return nats / math.log(2), h, c

    return step


def dynamic_eval_bits(model, x: np.ndarray, y: np.ndarray, window: int, learning_rate: float):
    """Mean bits per character of targets y (streams, L) under dynamic evaluation.

    The streams are read from a zero state in windows of `window` characters, the state carried;
    each window is scored, then learned from with SGD (`learning_rate`, gradient clipped to norm
    1). learning_rate 0 gives the static score of the same windows. The model's weights are put
    back afterwards. The last L % window characters of each stream are not scored.
    """
    import keras

    if learning_rate < 0:
        raise ValueError(f"learning_rate must be >= 0, got {learning_rate}")
    n_windows = x.shape[1] // window
    if n_windows < 1:
        raise ValueError(f"streams of {x.shape[1]} characters hold no window of {window}")
    weights = model.get_weights()
    step = make_dynamic_eval_step(
        model, keras.optimizers.SGD(learning_rate=float(learning_rate), clipnorm=1.0)
    )
    h, c = zero_state(model, len(x))
    bits = []
    for w in range(n_windows):
        cols = slice(w * window, (w + 1) * window)
        b, h, c = step(x[:, cols], y[:, cols], h, c)
        bits.append(np.asarray(b, dtype=np.float64))
    model.set_weights(weights)
    return float(np.concatenate(bits, axis=1).mean())
