"""Lesson 06: the checks of exercises 6.1 (a masked variable-length model, trained with `fit`)
and 6.2 (a masked bidirectional model).

Sentences of different lengths arrive as token ids (batch, time), padded with id 0 at the end.
`Embedding(vocab_size, ..., mask_zero=True)` turns id 0 into a mask that reaches the LSTM, which
then carries its state [h, c] unchanged across the padded steps: extra padding changes nothing.
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import (
    Hint,
    LearnerError,
    Mistake,
    call,
    exercise,
    learners_code,
    rng,
)

VOCAB, UNITS, CLASSES = 10, 8, 3  # ids 0 (padding) ... 9; 3 classes
EPOCHS, BATCH, PASS_ACCURACY = 15, 16, 0.8
FIT_SEED = 6  # the check's own seed: the same verdict whatever LSTM_COURSE_SEED is


def build_masked_model(vocab_size, units, n_classes):
    """Reference of 6.1: ids (batch, time), 0 = padding -> probabilities (batch, n_classes),
    compiled for integer labels with Adam(0.01).

    Embedding(vocab_size, 8, mask_zero=True) -> LSTM(units) -> Dense(n_classes, softmax).
    """
    return _masked(vocab_size, units, n_classes)


def _masked(
    vocab_size,
    units,
    n_classes,
    mask="embedding",
    sequences=False,
    input_dim=0,
    activation="softmax",
    loss="sparse_categorical_crossentropy",
    optimizer="adam0.01",
    compiled=True,
):
    """build_masked_model, or with one flag changed a realistic wrong answer of 6.1."""
    import keras

    layers = [
        keras.Input((None,), dtype="int32"),
        keras.layers.Embedding(vocab_size + input_dim, 8, mask_zero=mask == "embedding"),
    ]
    if mask == "masking_layer":
        layers.append(keras.layers.Masking(0.0))
    layers += [
        keras.layers.LSTM(units, return_sequences=sequences),
        keras.layers.Dense(n_classes, activation=activation),
    ]
    model = keras.Sequential(layers)
    if compiled:
        opt = keras.optimizers.Adam(0.01) if optimizer == "adam0.01" else optimizer
        model.compile(optimizer=opt, loss=loss, metrics=["accuracy"])
    return model


def last_word_task():
    """The check's fixed task: 48 sentences of 1 to 6 words (ids 1..9) right-padded with 0 to
    8 steps; the label is the class of the LAST real word, (id - 1) // 3. Without a mask the
    LSTM reads 2 to 7 padding steps after that word."""
    r = rng()
    n, longest = 48, 6
    lengths = r.integers(1, longest + 1, n)
    ids = np.zeros((n, longest + 2), dtype="int32")
    for row, length in enumerate(lengths):
        ids[row, :length] = r.integers(1, VOCAB, length)
    ids[0, : lengths[0]] = VOCAB - 1  # the highest id certainly occurs
    labels = (ids[np.arange(n), lengths - 1] - 1) // 3
    return ids, labels


NO_MASK = (
    "extra padding changes the output: the mask does not reach the LSTM; set mask_zero=True "
    "in the Embedding so the steps with id 0 are skipped"
)
MASKING_LAYER = (
    "Masking(0.0) after the Embedding compares the embedded vectors with 0, and they never are: "
    "padding still changes the output; put mask_zero=True on the Embedding (Masking is for "
    "float inputs)"
)
SEQUENCES = (
    "the LSTM has return_sequences=True, so Dense gives one answer per step (batch, time, "
    "n_classes); leave it False to classify the whole sentence from its last state"
)
VOCAB_OFF = (
    "the largest id is vocab_size - 1, so the Embedding needs input_dim=vocab_size (the words "
    "plus id 0 for padding): input_dim is one short"
)
SOFTMAX = "the output should be probabilities: Dense(n_classes, activation='softmax')"
COMPILE = (
    "return the model compiled: model.compile(optimizer=keras.optimizers.Adam(0.01), "
    "loss='sparse_categorical_crossentropy', metrics=['accuracy'])"
)
LOSS = (
    "the labels are class ids 0, 1, 2, not one-hot rows: use loss='sparse_categorical_crossentropy'"
)
LEARN = (
    "fit did not learn the task in 15 epochs: compile with keras.optimizers.Adam(0.01) as "
    "asked (SGD, or Adam's default rate 0.001, is too slow for this short check)"
)
MASKED_MISTAKES = (
    Mistake(NO_MASK, lambda v, u, k: _masked(v, u, k, mask=None), False),
    Mistake(MASKING_LAYER, lambda v, u, k: _masked(v, u, k, mask="masking_layer"), False),
    Mistake(SEQUENCES, lambda v, u, k: _masked(v, u, k, sequences=True), False),
    Mistake(VOCAB_OFF, lambda v, u, k: _masked(v, u, k, input_dim=-1), False),
    Mistake(SOFTMAX, lambda v, u, k: _masked(v, u, k, activation=None), False),
    Mistake(COMPILE, lambda v, u, k: _masked(v, u, k, compiled=False), False),
    Mistake(LOSS, lambda v, u, k: _masked(v, u, k, loss="categorical_crossentropy"), False),
    Mistake(LEARN, lambda v, u, k: _masked(v, u, k, optimizer="sgd"), False),
)


def _outputs(model, ids):
    """The model's output on ids, as NumPy; an out-of-range id raises the VOCAB_OFF hint."""
    from keras import ops

    try:
        return ops.convert_to_numpy(model(ids))
    except Exception as err:
        if "is not in [0, " in str(err):  # TensorFlow's Embedding lookup out of range
            raise Hint(VOCAB_OFF) from None
        raise LearnerError(err) from err


def _loss_name(loss) -> str:
    if isinstance(loss, str):
        return loss
    return getattr(loss, "name", None) or getattr(loss, "__name__", type(loss).__name__)


@exercise(
    "6.1", "a masked variable-length model, trained with fit", build_masked_model, MASKED_MISTAKES
)
def check_masked_model(answer, ex):
    import keras

    ids, labels = last_word_task()
    call(answer, VOCAB, UNITS, CLASSES)  # NotAttempted before the seed below is touched
    keras.utils.set_random_seed(FIT_SEED)  # the same initial weights on every run
    model = call(answer, VOCAB, UNITS, CLASSES)
    if not isinstance(model, keras.Model):
        raise Hint("return a keras.Model", f" (yours is a {type(model).__name__})")
    out = _outputs(model, ids)
    if out.ndim == 3:
        raise Hint(SEQUENCES, f"; yours returns {out.shape}")
    if out.shape != (len(ids), CLASSES):
        raise Hint(
            f"the output should be (batch, n_classes) = {(len(ids), CLASSES)}", f", got {out.shape}"
        )
    if not (np.all(out >= 0) and np.allclose(out.sum(axis=1), 1.0, atol=1e-5)):
        raise Hint(SOFTMAX)
    more_padding = np.pad(ids, ((0, 0), (0, 4)))  # 4 more steps of id 0 at the end
    if not np.allclose(_outputs(model, more_padding), out, atol=1e-5):
        masking = any(isinstance(layer, keras.layers.Masking) for layer in model.layers)
        raise Hint(MASKING_LAYER if masking else NO_MASK)
    if not getattr(model, "compiled", False):
        raise Hint(COMPILE)
    name = _loss_name(model.loss)
    if "sparse_categorical_crossentropy" not in name:
        raise Hint(LOSS, f"; yours is {name}")
    with learners_code():
        model.fit(ids, labels, epochs=EPOCHS, batch_size=BATCH, verbose=0)
    accuracy = float(np.mean(_outputs(model, ids).argmax(axis=1) == labels))
    if accuracy < PASS_ACCURACY:
        raise Hint(LEARN, f"; {accuracy:.0%} of the training sentences right")


def _model(mask_zero=True, bidirectional=True, merge_mode="concat", return_sequences=False):
    """A model builder; the flags make the realistic wrong answers of 6.2."""

    def build_model(vocab_size, units):
        import keras

        lstm = keras.layers.LSTM(units, return_sequences=return_sequences)
        return keras.Sequential(
            [
                keras.Input((None,), dtype="int32"),
                keras.layers.Embedding(vocab_size, 8, mask_zero=mask_zero),
                keras.layers.Bidirectional(lstm, merge_mode=merge_mode) if bidirectional else lstm,
            ]
        )

    return build_model


BIDIRECTIONAL = "wrap the LSTM in keras.layers.Bidirectional"
FEATURES = "the output should have 2 * units = 8 features (both directions, concatenated)"
FINAL = "return the final states (batch, 2 * units): leave return_sequences=False"
MASK = (
    "padding changes the output: set mask_zero=True in the Embedding so the padded steps "
    "(id 0) are skipped in both directions"
)
MODEL_MISTAKES = (
    Mistake(BIDIRECTIONAL, _model(bidirectional=False), False),
    Mistake(FEATURES, _model(merge_mode="sum"), False),
    Mistake(FINAL, _model(return_sequences=True), False),
    Mistake(MASK, _model(mask_zero=False), False),
)


@exercise("6.2", "a masked bidirectional model", _model(), MODEL_MISTAKES)
def check_masked_bidirectional(answer, ex):
    import keras

    model = call(answer, 20, 4)
    ids = np.array([[3, 7, 1, 9, 0, 0, 0]])
    with learners_code():
        layers = list(model.layers)
        out_padded = np.asarray(model(ids))
        out_short = np.asarray(model(ids[:, :4]))
    if not any(isinstance(layer, keras.layers.Bidirectional) for layer in layers):
        raise Hint(BIDIRECTIONAL)
    if out_padded.ndim == 3:
        raise Hint(FINAL, f"; yours returns {out_padded.shape}")
    if out_padded.shape != (1, 8):
        raise Hint(FEATURES, f"; got {out_padded.shape}")
    if not np.allclose(out_padded, out_short, atol=1e-5):
        raise Hint(MASK)
