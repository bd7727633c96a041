"""lstm_course.keras_nets.cell.LSTMCell in use: masks and mixed precision as keras.layers.LSTM, one
epoch of training, and a `.keras` file round trip, with and without `return_gates`."""

import pathlib

import keras
import numpy as np
import pytest
from keras_reference import built_lstm_pair, lstm_pair, random_weights

from lstm_course.keras_nets.cell import LSTMCell

PADDINGS = {
    "right": [[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0]],
    "left": [[1, 1, 1, 1, 1, 1, 1], [0, 0, 0, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0, 1]],
    "gaps": [[1, 0, 1, 0, 1, 0, 1], [0, 1, 1, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0, 0]],
}


@pytest.mark.parametrize("return_sequences", [True, False])
@pytest.mark.parametrize("padding", sorted(PADDINGS))
def test_masking_equals_keras_lstm(rng, padding, return_sequences):
    mask = np.array(PADDINGS[padding], dtype=bool)
    x = rng.normal(size=(*mask.shape, 3))
    lstm, ours = built_lstm_pair(rng, x.shape, 4, "float64", return_sequences)
    expected = lstm(x, mask=mask)
    got = ours(x, mask=mask)
    for name, e, g in zip(("output", "h", "c"), expected, got, strict=True):
        np.testing.assert_allclose(g, e, rtol=0, atol=1e-10, err_msg=name)
    # the mask matters: the padded steps change nothing, so dropping them gives the same states
    unmasked = ours(x)
    assert not np.allclose(unmasked[2], got[2], atol=1e-3)
    for row in range(len(mask)):
        kept = x[row : row + 1, mask[row]]
        if kept.shape[1]:
            np.testing.assert_allclose(ours(kept)[2][0], got[2][row], atol=1e-10)
        else:
            np.testing.assert_array_equal(got[2][row], 0.0)  # nothing real: the initial state


def test_mixed_float16_equals_keras_lstm(rng):
    x = rng.normal(size=(3, 6, 4)).astype("float32")
    lstm, ours = lstm_pair(5, "mixed_float16")
    lstm.build(x.shape)
    ours.build(x.shape)
    assert [w.dtype for w in ours.weights] == ["float32"] * 3  # variables stay float32
    lstm.set_weights(random_weights(rng, lstm, "float32"))
    ours.set_weights(lstm.get_weights())
    expected, got = lstm(x), ours(x)
    exact, _ = lstm_pair(5, "float64")
    exact.build(x.shape)
    exact.set_weights(lstm.get_weights())
    for e, g, r in zip(expected, got, exact(x.astype("float64")), strict=True):
        assert g.dtype == "float16"
        np.testing.assert_allclose(g, e, rtol=0, atol=4e-3)  # a few float16 roundings
        np.testing.assert_allclose(g, r, rtol=0, atol=1e-2)
    policy = "mixed_float16"
    gates = keras.layers.RNN(LSTMCell(5, return_gates=True, dtype=policy), dtype=policy)
    assert gates(x).dtype == "float16"


def _classifier(cell_units=6, vocab=12, classes=3, **cell_kwargs):
    inputs = keras.Input((None,), dtype="int32")
    e = keras.layers.Embedding(vocab, 5)(inputs)
    h = keras.layers.RNN(LSTMCell(cell_units, **cell_kwargs), name="rnn")(e)
    outputs = keras.layers.Dense(classes)(h)
    return keras.Model(inputs, outputs)


def test_one_fit_epoch_changes_every_weight(rng):
    keras.utils.set_random_seed(0)
    model = _classifier()
    x = rng.integers(0, 12, (64, 7))
    y = rng.integers(0, 3, 64)
    model.compile(
        optimizer=keras.optimizers.Adam(1e-2),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    before = [np.array(w) for w in model.get_layer("rnn").get_weights()]
    model.fit(x, y, epochs=1, batch_size=16, verbose=0)
    after = model.get_layer("rnn").get_weights()
    assert len(before) == len(after) == 3
    for name, b, a in zip(("kernel", "recurrent_kernel", "bias"), before, after, strict=True):
        assert np.all(b != a), f"{name}: some entries did not move"


def _gate_model(units=4, vocab=12):
    """Token ids -> every gate at every step, through `LSTMCell(return_gates=True)`."""
    inputs = keras.Input((None,), dtype="int32")
    e = keras.layers.Embedding(vocab, 3)(inputs)
    cell = LSTMCell(units, return_gates=True, recurrent_activation="hard_sigmoid")
    outputs = keras.layers.RNN(cell, return_sequences=True, name="rnn")(e)
    return keras.Model(inputs, outputs)


@pytest.mark.parametrize("return_gates", [False, True])
def test_keras_file_round_trip(rng, tmp_path: pathlib.Path, return_gates):
    if return_gates:
        model = _gate_model()
    else:
        model = _classifier(unit_forget_bias=False, recurrent_initializer="zeros")
    x = rng.integers(0, 12, (5, 9))
    expected = np.asarray(model(x))
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    cell = loaded.get_layer("rnn").cell
    assert type(cell) is LSTMCell and cell.return_gates is return_gates
    assert cell.get_config() == model.get_layer("rnn").cell.get_config()
    for w_saved, w_loaded in zip(model.weights, loaded.weights, strict=True):
        np.testing.assert_array_equal(w_loaded.numpy(), w_saved.numpy())
    got = np.asarray(loaded(x))
    assert got.shape == ((5, 9, 7 * 4) if return_gates else (5, 3))
    np.testing.assert_array_equal(got, expected)
