"""lstm_course.keras_nets.gate_traces reads every gate of a Keras LSTM, under the NumPy LSTM's keys,
with masks applied as the layer applies them."""

import doctest

import keras
import numpy as np
import pytest
from keras_reference import random_weights

from lstm_course.keras_nets import gate_traces as module
from lstm_course.keras_nets.cell import LSTMCell
from lstm_course.keras_nets.gate_traces import keras_gate_traces
from lstm_course.numpy_nets.lstm import GATES, TRACE_KEYS, gate_traces

LAYERS = {
    "keras_lstm": lambda: keras.layers.LSTM(4, name="mem", return_sequences=True),
    "keras_cell": lambda: keras.layers.RNN(
        keras.layers.LSTMCell(4), name="mem", return_sequences=True
    ),
    "our_cell": lambda: keras.layers.RNN(LSTMCell(4), name="mem", return_sequences=True),
}


def _model(kind, rng, mask_zero=False):
    """Token ids -> Embedding -> the LSTM layer (every step's h), random weights."""
    keras.utils.set_random_seed(1)
    model = keras.Sequential(
        [
            keras.Input((None,), dtype="int32"),
            keras.layers.Embedding(10, 3, mask_zero=mask_zero, name="emb"),
            LAYERS[kind](),
        ]
    )
    rnn = model.get_layer("mem")
    rnn.set_weights(random_weights(rng, rnn, "float32"))
    return model


def _numpy_traces(model, tokens):
    """`numpy_lstm.gate_traces` in float64 on the embedded tokens, with the layer's weights."""
    embedded = np.asarray(model.get_layer("emb")(tokens), dtype=np.float64)
    weights = model.get_layer("mem").get_weights()
    params = dict(zip(("kernel", "recurrent_kernel", "bias"), weights, strict=True))
    return gate_traces(embedded, {k: v.astype(np.float64) for k, v in params.items()})


@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_traces_of_a_model_equal_the_numpy_lstm(rng, kind):
    model = _model(kind, rng)
    tokens = rng.integers(0, 10, (2, 8))
    traces = keras_gate_traces(model, tokens)
    assert tuple(traces) == TRACE_KEYS
    assert all(v.shape == (2, 8, 4) and isinstance(v, np.ndarray) for v in traces.values())
    expected = _numpy_traces(model, tokens)
    for key in TRACE_KEYS:
        np.testing.assert_allclose(traces[key], expected[key], rtol=0, atol=1e-5, err_msg=key)
    np.testing.assert_allclose(traces["h"], model(tokens), rtol=0, atol=1e-6)
    # the layer alone, with its own input
    alone = keras_gate_traces(model.get_layer("mem"), model.get_layer("emb")(tokens))
    np.testing.assert_array_equal(alone["f"], traces["f"])


TOKENS = np.array(
    [
        [3, 4, 5, 6, 7, 0, 0, 0],  # right-padded
        [0, 0, 0, 3, 4, 5, 6, 7],  # left-padded
        [3, 0, 4, 0, 5, 6, 0, 7],  # gaps
        [0, 0, 0, 0, 0, 0, 0, 0],  # nothing real
    ]
)


@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_masked_steps_carry_the_states_and_have_no_gates(rng, kind):
    """With Embedding(mask_zero=True), real steps are the steps of the sequence without its
    padding; at padded steps the states are carried and the gates are NaN."""
    model = _model(kind, rng, mask_zero=True)
    traces = keras_gate_traces(model, TOKENS)
    real = TOKENS != 0
    np.testing.assert_allclose(traces["h"], model(TOKENS), rtol=0, atol=1e-6)  # layer's output
    for row, tokens in enumerate(TOKENS[:-1]):  # the last row has no real step
        expected = _numpy_traces(model, tokens[real[row]][None])
        for key in TRACE_KEYS:
            got = traces[key][row, real[row]]
            np.testing.assert_allclose(got, expected[key][0], atol=1e-5, err_msg=f"{row} {key}")
    alone = keras_gate_traces(model.get_layer("mem"), model.get_layer("emb")(TOKENS))
    for key in TRACE_KEYS:  # the embedded tokens carry their mask to the layer alone
        np.testing.assert_array_equal(alone[key], traces[key], err_msg=key)
    skipped = ~real
    for key in GATES:
        assert np.isnan(traces[key][skipped]).all() and not np.isnan(traces[key][real]).any()
    np.testing.assert_array_equal(traces["c_prev"][skipped], traces["c"][skipped])
    for key in ("c", "h"):  # carried over from the step before (zeros before the first real one)
        before = np.concatenate([np.zeros_like(traces[key][:, :1]), traces[key][:, :-1]], axis=1)
        np.testing.assert_array_equal(traces[key][skipped], before[skipped])
    i, f, g, c_prev = (traces[k][real] for k in ("i", "f", "g", "c_prev"))
    np.testing.assert_allclose(traces["c"][real], f * c_prev + i * g, atol=1e-6)


def test_masking_layer_and_mask_argument_agree(rng):
    """A `Masking` layer in a model, and `mask=` for the layer alone, give the same traces."""
    x = rng.normal(size=TOKENS.shape + (3,)).astype("float32")
    x[TOKENS == 0] = 0.0
    lstm = keras.layers.LSTM(4, return_sequences=True)
    model = keras.Sequential([keras.Input((None, 3)), keras.layers.Masking(0.0), lstm])
    lstm.set_weights(random_weights(rng, lstm, "float32"))
    from_model = keras_gate_traces(model, x)
    alone = keras_gate_traces(lstm, x, mask=TOKENS != 0)
    unmasked = keras_gate_traces(lstm, x)
    for key in TRACE_KEYS:
        np.testing.assert_array_equal(from_model[key], alone[key], err_msg=key)
    assert not np.isnan(unmasked["i"]).any()
    assert not np.allclose(unmasked["h"][0, -1], alone["h"][0, -1])  # padding read as input


def test_bad_input_raises_value_error(rng):
    x = rng.normal(size=(2, 5, 3)).astype("float32")
    with pytest.raises(ValueError, match="model_or_layer"):
        keras_gate_traces(keras.layers.Dense(3), x)
    with pytest.raises(ValueError, match="model_or_layer"):
        keras_gate_traces(keras.layers.RNN(keras.layers.SimpleRNNCell(3)), x)
    two = keras.Sequential(
        [keras.Input((5, 3)), keras.layers.LSTM(4, return_sequences=True), keras.layers.LSTM(4)]
    )
    with pytest.raises(ValueError, match="exactly one LSTM"):
        keras_gate_traces(two, x)
    assert keras_gate_traces(two, x, layer=two.layers[1].name)["h"].shape == (2, 5, 4)
    with pytest.raises(ValueError, match="mask= is for a layer alone"):
        keras_gate_traces(two, x, layer=two.layers[1].name, mask=np.ones((2, 5), bool))
    no_lstm = keras.Sequential([keras.Input((5, 3)), keras.layers.GRU(4)])
    with pytest.raises(ValueError, match="exactly one LSTM"):
        keras_gate_traces(no_lstm, x)
    with pytest.raises(ValueError, match="not a keras.layers.LSTM"):
        keras_gate_traces(no_lstm, x, layer=no_lstm.layers[0].name)
    backwards = keras.layers.LSTM(4, go_backwards=True)
    backwards.build(x.shape)
    with pytest.raises(ValueError, match="go_backwards"):
        keras_gate_traces(backwards, x)
    lstm = keras.layers.LSTM(4)
    lstm.build(x.shape)
    with pytest.raises(ValueError, match="features"):
        keras_gate_traces(lstm, x[..., :2])
    with pytest.raises(ValueError, match=r"\(batch, time, D\)"):
        keras_gate_traces(lstm, x[0])
    with pytest.raises(ValueError, match="mask must be"):
        keras_gate_traces(lstm, x, mask=np.ones((2, 4), bool))
    inputs = keras.Input((5, 3))
    states = [keras.Input((4,)), keras.Input((4,))]
    with_states = keras.Model([inputs, *states], keras.layers.LSTM(4)(inputs, initial_state=states))
    with pytest.raises(ValueError, match="initial states"):
        keras_gate_traces(with_states, [x, np.zeros((2, 4)), np.zeros((2, 4))])


def test_docstring_example_runs():
    result = doctest.testmod(module)
    assert result.attempted >= 2 and result.failed == 0
