"""lstm_course.keras_cell.LSTMCell equals keras.layers.LSTM, trains, saves, and shows its gates."""

import pathlib

import keras
import numpy as np
import pytest
import tensorflow as tf

from lstm_course import keras_cell
from lstm_course.keras_cell import GATE_OUTPUTS, LSTMCell, gate_activations
from lstm_course.numpy_lstm import lstm_forward

# (batch, time, features, units, return_sequences, with initial states)
CASES = [
    (1, 1, 1, 1, False, False),
    (3, 7, 5, 4, True, False),
    (2, 5, 3, 6, False, True),
    (4, 9, 2, 3, True, True),
]
TOLERANCE = {"float32": 1e-5, "float64": 1e-10}


def _pair(units, dtype, return_sequences=True, **kwargs):
    """A keras.layers.LSTM and an RNN over our cell, same options, not yet sharing weights."""
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


def _random_weights(rng, layer, dtype):
    return [rng.normal(0.0, 0.5, w.shape).astype(dtype) for w in layer.get_weights()]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("batch,steps,features,units,return_sequences,with_states", CASES)
def test_equals_keras_lstm(
    rng, dtype, batch, steps, features, units, return_sequences, with_states
):
    x = rng.normal(size=(batch, steps, features)).astype(dtype)
    states = [rng.normal(size=(batch, units)).astype(dtype) for _ in range(2)]
    lstm, ours = _pair(units, dtype, return_sequences)
    lstm.build(x.shape)
    ours.build(x.shape)
    lstm.set_weights(_random_weights(rng, lstm, dtype))  # every bias entry non-zero
    ours.set_weights(lstm.get_weights())
    init = states if with_states else None
    expected = lstm(x, initial_state=init)
    got = ours(x, initial_state=init)
    assert len(got) == len(expected) == 3  # [output, h, c]
    for name, e, g in zip(("output", "h", "c"), expected, got, strict=True):
        assert g.dtype == dtype
        np.testing.assert_allclose(g, e, rtol=0, atol=TOLERANCE[dtype], err_msg=name)
    # h_T is the last output
    last = got[0][:, -1] if return_sequences else got[0]
    np.testing.assert_array_equal(last, got[1])


def test_gradients_equal_keras_lstm(rng):
    x = tf.constant(rng.normal(size=(3, 6, 4)))
    lstm, ours = _pair(5, "float64")
    lstm.build(x.shape)
    ours.build(x.shape)
    ours.set_weights(_random_weights(rng, ours, "float64"))
    lstm.set_weights(ours.get_weights())
    weights = rng.normal(size=(3, 6, 5))
    grads = []
    for layer in (lstm, ours):
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = tf.reduce_sum(layer(x)[0] * weights)
        grads.append(tape.gradient(loss, [x, *layer.trainable_weights]))
    for e, g in zip(*grads, strict=True):
        np.testing.assert_allclose(g, e, rtol=0, atol=1e-10)


def test_set_weights_both_ways_and_layout(rng):
    x = rng.normal(size=(2, 4, 3)).astype("float32")
    lstm, ours = _pair(4, "float32")
    lstm.build(x.shape)
    ours.build(x.shape)
    assert [w.name for w in ours.weights] == [w.name for w in lstm.weights]
    assert [w.name for w in ours.weights] == ["kernel", "recurrent_kernel", "bias"]
    assert [tuple(w.shape) for w in ours.weights] == [(3, 16), (4, 16), (16,)]
    assert ours.cell.state_size == [4, 4] and ours.cell.output_size == 4
    # Keras -> ours
    ours.set_weights(lstm.get_weights())
    np.testing.assert_allclose(ours(x)[0], lstm(x)[0], atol=1e-6)
    # ours -> Keras, after both drift apart
    ours.set_weights(_random_weights(rng, ours, "float32"))
    assert not np.allclose(ours(x)[0], lstm(x)[0], atol=1e-3)
    lstm.set_weights(ours.get_weights())
    np.testing.assert_allclose(lstm(x)[0], ours(x)[0], atol=1e-6)


def test_default_initialisers_like_keras():
    cell = LSTMCell(8)
    cell.build((None, 5))
    kernel, recurrent, bias = (np.asarray(w) for w in cell.get_weights())
    np.testing.assert_array_equal(bias, np.r_[np.zeros(8), np.ones(8), np.zeros(16)])
    limit = np.sqrt(6.0 / (5 + 32))  # glorot_uniform on (5, 32)
    assert np.abs(kernel).max() <= limit and kernel.std() > limit / 4
    np.testing.assert_allclose(recurrent @ recurrent.T, np.eye(8), atol=1e-5)  # orthogonal
    no_forget = LSTMCell(8, unit_forget_bias=False)
    no_forget.build((None, 5))
    np.testing.assert_array_equal(no_forget.get_weights()[2], np.zeros(32))
    no_bias = LSTMCell(8, use_bias=False)
    no_bias.build((None, 5))
    assert [w.name for w in no_bias.weights] == ["kernel", "recurrent_kernel"]


def test_options_equal_keras(rng):
    """Non-default options mean the same thing as keras.layers.LSTM's."""
    x = rng.normal(size=(2, 5, 3))
    options = {"use_bias": False, "activation": "relu", "recurrent_activation": "hard_sigmoid"}
    lstm, ours = _pair(4, "float64", **options)
    lstm.build(x.shape)
    ours.build(x.shape)
    ours.set_weights(lstm.get_weights())
    np.testing.assert_allclose(ours(x)[0], lstm(x)[0], rtol=0, atol=1e-10)


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


def test_keras_file_round_trip(rng, tmp_path: pathlib.Path):
    model = _classifier(return_gates=False, unit_forget_bias=False, recurrent_initializer="zeros")
    x = rng.integers(0, 12, (5, 9))
    expected = np.asarray(model(x))
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    cell = loaded.get_layer("rnn").cell
    assert type(cell) is LSTMCell
    assert cell.get_config() == model.get_layer("rnn").cell.get_config()
    for w_saved, w_loaded in zip(model.weights, loaded.weights, strict=True):
        np.testing.assert_array_equal(w_loaded.numpy(), w_saved.numpy())
    np.testing.assert_array_equal(np.asarray(loaded(x)), expected)


def test_config_round_trip():
    cell = LSTMCell(3, activation="relu", use_bias=False, return_gates=True, name="c")
    clone = LSTMCell.from_config(cell.get_config())
    assert clone.get_config() == cell.get_config()
    assert clone.output_size == 18 and clone.state_size == [3, 3]
    assert keras.saving.get_registered_name(LSTMCell) == "lstm_course>LSTMCell"


def test_gates_match_numpy_lstm(rng):
    batch, steps, features, units = 3, 6, 4, 5
    x = rng.normal(size=(batch, steps, features))
    h0, c0 = rng.normal(size=(batch, units)), rng.normal(size=(batch, units))
    rnn = keras.layers.RNN(
        LSTMCell(units, return_gates=True, dtype="float64"),
        return_sequences=True,
        return_state=True,
        dtype="float64",
    )
    rnn.build(x.shape)
    weights = _random_weights(rng, rnn, "float64")
    rnn.set_weights(weights)
    y, h_T, c_T = (np.asarray(a) for a in rnn(x, initial_state=[h0, c0]))
    assert y.shape == (batch, steps, 6 * units)
    params = dict(zip(("kernel", "recurrent_kernel", "bias"), weights, strict=True))
    hs, (np_h, np_c), cache = lstm_forward(x, params, h0, c0)
    blocks = dict(zip(GATE_OUTPUTS, np.split(y, 6, axis=-1), strict=True))
    i, f, g, o = np.split(cache["gates"], 4, axis=-1)
    expected = {"h": hs, "i": i, "f": f, "c_tilde": g, "o": o, "c": cache["cs"]}
    for key in GATE_OUTPUTS:
        np.testing.assert_allclose(blocks[key], expected[key], rtol=0, atol=1e-10, err_msg=key)
    np.testing.assert_allclose(h_T, np_h, atol=1e-10)
    np.testing.assert_allclose(c_T, np_c, atol=1e-10)


@pytest.mark.parametrize("kind", ["keras_lstm", "keras_cell", "our_cell"])
def test_gate_activations_of_a_model(rng, kind):
    keras.utils.set_random_seed(1)
    layers = {
        "keras_lstm": lambda: keras.layers.LSTM(4, name="mem"),
        "keras_cell": lambda: keras.layers.RNN(keras.layers.LSTMCell(4), name="mem"),
        "our_cell": lambda: keras.layers.RNN(LSTMCell(4), name="mem"),
    }
    model = keras.Sequential(
        [
            keras.Input((None,), dtype="int32"),
            keras.layers.Embedding(10, 3, name="emb"),
            layers[kind](),
            keras.layers.Dense(2),
        ]
    )
    rnn = model.get_layer("mem")
    rnn.set_weights(_random_weights(rng, rnn, "float32"))
    tokens = rng.integers(0, 10, (2, 8))
    gates = gate_activations(model, tokens)
    assert set(gates) == {"i", "f", "c_tilde", "o", "c", "h"}
    assert all(v.shape == (2, 8, 4) and isinstance(v, np.ndarray) for v in gates.values())
    embedded = np.asarray(model.get_layer("emb")(tokens), dtype=np.float64)
    params = dict(zip(("kernel", "recurrent_kernel", "bias"), rnn.get_weights(), strict=True))
    hs, _, cache = lstm_forward(embedded, {k: v.astype(np.float64) for k, v in params.items()})
    i, f, g, o = np.split(cache["gates"], 4, axis=-1)
    expected = {"h": hs, "i": i, "f": f, "c_tilde": g, "o": o, "c": cache["cs"]}
    for key, value in expected.items():
        np.testing.assert_allclose(gates[key], value, rtol=0, atol=1e-5, err_msg=key)
    np.testing.assert_allclose(gates["h"][:, -1], rnn(model.get_layer("emb")(tokens)), atol=1e-6)
    # the layer alone, with its own input
    alone = gate_activations(rnn, model.get_layer("emb")(tokens))
    np.testing.assert_array_equal(alone["f"], gates["f"])


def test_bad_arguments_raise_value_error():
    for units in (0, -3, 2.5, True, "4", None):
        with pytest.raises(ValueError, match="units"):
            LSTMCell(units)
    with pytest.raises(ValueError, match="Unrecognized keyword"):
        LSTMCell(4, implementation=2)
    with pytest.raises(ValueError, match="activation"):
        LSTMCell(4, activation="no_such_activation")
    with pytest.raises(ValueError, match="initializer"):
        LSTMCell(4, kernel_initializer="no_such_initializer")
    with pytest.raises(ValueError, match="return_gates"):
        LSTMCell(4, return_gates="yes")
    with pytest.raises(ValueError, match="features"):
        LSTMCell(4).build((None, None))


def test_gate_activations_bad_input(rng):
    x = rng.normal(size=(2, 5, 3)).astype("float32")
    with pytest.raises(ValueError, match="model_or_layer"):
        gate_activations(keras.layers.Dense(3), x)
    with pytest.raises(ValueError, match="model_or_layer"):
        gate_activations(keras.layers.RNN(keras.layers.SimpleRNNCell(3)), x)
    two = keras.Sequential(
        [keras.Input((5, 3)), keras.layers.LSTM(4, return_sequences=True), keras.layers.LSTM(4)]
    )
    with pytest.raises(ValueError, match="exactly one LSTM"):
        gate_activations(two, x)
    assert gate_activations(two, x, layer=two.layers[1].name)["h"].shape == (2, 5, 4)
    no_lstm = keras.Sequential([keras.Input((5, 3)), keras.layers.GRU(4)])
    with pytest.raises(ValueError, match="exactly one LSTM"):
        gate_activations(no_lstm, x)
    with pytest.raises(ValueError, match="not a keras.layers.LSTM"):
        gate_activations(no_lstm, x, layer=no_lstm.layers[0].name)
    backwards = keras.layers.LSTM(4, go_backwards=True)
    backwards.build(x.shape)
    with pytest.raises(ValueError, match="go_backwards"):
        gate_activations(backwards, x)
    lstm = keras.layers.LSTM(4)
    lstm.build(x.shape)
    with pytest.raises(ValueError, match="features"):
        gate_activations(lstm, x[..., :2])
    with pytest.raises(ValueError, match=r"\(batch, time, D\)"):
        gate_activations(lstm, x[0])


def test_backend_agnostic_source():
    """The cell uses keras.ops only: the module never imports TensorFlow."""
    source = pathlib.Path(keras_cell.__file__).read_text()
    assert "import tensorflow" not in source and "tf." not in source
