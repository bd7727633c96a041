"""lstm_course.keras_nets.cell.LSTMCell computes what keras.layers.LSTM computes: outputs,
gradients, weights and their initialisers, options, the gates of `return_gates`; its docstring
runs."""

import doctest

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras_reference import built_lstm_pair, lstm_pair, random_weights

from lstm_course.keras_nets import cell as keras_cell
from lstm_course.keras_nets.cell import LSTMCell
from lstm_course.numpy_nets.initializers import lstm_bias
from lstm_course.numpy_nets.lstm import TRACE_KEYS

# (batch, time, features, units, return_sequences, with initial states)
CASES = [
    (1, 1, 1, 1, False, False),
    (3, 7, 5, 4, True, False),
    (2, 5, 3, 6, False, True),
    (4, 9, 2, 3, True, True),
]
TOLERANCE = {"float32": 1e-5, "float64": 1e-10}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("batch,steps,features,units,return_sequences,with_states", CASES)
def test_equals_keras_lstm(
    rng, dtype, batch, steps, features, units, return_sequences, with_states
):
    x = rng.normal(size=(batch, steps, features)).astype(dtype)
    states = [rng.normal(size=(batch, units)).astype(dtype) for _ in range(2)]
    lstm, ours = built_lstm_pair(rng, x.shape, units, dtype, return_sequences)
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
    lstm, ours = built_lstm_pair(rng, x.shape, 5, "float64")
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
    lstm, ours = lstm_pair(4, "float32")
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
    ours.set_weights(random_weights(rng, ours, "float32"))
    assert not np.allclose(ours(x)[0], lstm(x)[0], atol=1e-3)
    lstm.set_weights(ours.get_weights())
    np.testing.assert_allclose(lstm(x)[0], ours(x)[0], atol=1e-6)


def test_default_initialisers_like_keras():
    cell = LSTMCell(8)
    cell.build((None, 5))
    kernel, recurrent, bias = (np.asarray(w) for w in cell.get_weights())
    np.testing.assert_array_equal(bias, lstm_bias(8))
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


@pytest.mark.parametrize("unit_forget_bias", [True, False])
@pytest.mark.parametrize(
    "make_initializer",
    [
        lambda: keras.initializers.RandomNormal(mean=0.3, stddev=0.2, seed=7),
        lambda: keras.initializers.RandomUniform(-2.0, 2.0, seed=11),
        lambda: keras.initializers.Constant(-0.5),
    ],
    ids=["normal", "uniform", "constant"],
)
def test_custom_bias_initialiser_like_keras(unit_forget_bias, make_initializer):
    """Keras's rule: bias = [init((H,)), ones(H), init((2H,))] with unit_forget_bias, else
    init((4H,)); same initialiser and seed, same bias."""
    units = 5
    ours = LSTMCell(units, bias_initializer=make_initializer(), unit_forget_bias=unit_forget_bias)
    theirs = keras.layers.LSTMCell(
        units, bias_initializer=make_initializer(), unit_forget_bias=unit_forget_bias
    )
    ours.build((None, 3))
    theirs.build((None, 3))
    bias = np.asarray(ours.get_weights()[2])
    np.testing.assert_array_equal(bias, np.asarray(theirs.get_weights()[2]))
    forget = bias[units : 2 * units]
    if unit_forget_bias:
        np.testing.assert_array_equal(forget, lstm_bias(units)[units : 2 * units])
    else:
        assert not np.all(forget == 1.0)
    assert not np.all(bias[:units] == 0.0)  # the initialiser filled the other blocks


def test_options_equal_keras(rng):
    """Non-default options mean the same thing as keras.layers.LSTM's."""
    x = rng.normal(size=(2, 5, 3))
    options = {"use_bias": False, "activation": "relu", "recurrent_activation": "hard_sigmoid"}
    lstm, ours = lstm_pair(4, "float64", **options)
    lstm.build(x.shape)
    ours.build(x.shape)
    ours.set_weights(lstm.get_weights())
    np.testing.assert_allclose(ours(x)[0], lstm(x)[0], rtol=0, atol=1e-10)


def test_config_round_trip():
    cell = LSTMCell(3, activation="relu", use_bias=False, return_gates=True, name="c")
    clone = LSTMCell.from_config(cell.get_config())
    assert clone.get_config() == cell.get_config()
    assert clone.output_size == 21 and clone.state_size == [3, 3]
    assert keras.saving.get_registered_name(LSTMCell) == "lstm_course>LSTMCell"


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _numpy_steps(x, kernel, recurrent_kernel, bias, h, c):
    """The lesson's equations, one step at a time: the TRACE_KEYS arrays (batch, time, H)."""
    out = {key: [] for key in TRACE_KEYS}
    for x_t in np.moveaxis(x, 1, 0):
        z_i, z_f, z_g, z_o = np.split(x_t @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = _sigmoid(z_i), _sigmoid(z_f), np.tanh(z_g), _sigmoid(z_o)
        c_prev, c = c, f * c + i * g
        h = o * np.tanh(c)
        for key, value in zip(TRACE_KEYS, (i, f, g, o, c, c_prev, h), strict=True):
            out[key].append(value)
    return {key: np.stack(values, axis=1) for key, values in out.items()}


def test_return_gates_are_the_lesson_equations(rng):
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
    weights = random_weights(rng, rnn, "float64")
    rnn.set_weights(weights)
    y, h_T, c_T = (np.asarray(a) for a in rnn(x, initial_state=[h0, c0]))
    assert y.shape == (batch, steps, 7 * units)
    blocks = dict(zip(TRACE_KEYS, np.split(y, 7, axis=-1), strict=True))
    expected = _numpy_steps(x, *weights, h0, c0)
    for key in TRACE_KEYS:
        np.testing.assert_allclose(blocks[key], expected[key], rtol=0, atol=1e-12, err_msg=key)
    np.testing.assert_array_equal(blocks["c_prev"][:, 0], c0)
    np.testing.assert_array_equal(h_T, blocks["h"][:, -1])
    np.testing.assert_array_equal(c_T, blocks["c"][:, -1])


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


def test_docstring_example_runs():
    """The example in LSTMCell's docstring prints what it shows (no backend-specific types)."""
    result = doctest.testmod(keras_cell, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5 and result.failed == 0
