"""Lesson 10's IRNN: ReLU units, identity recurrent kernel, zero bias, one output per sequence."""

import keras
import numpy as np
import pytest

from lstm_course.keras_nets.irnn import build_irnn


def test_irnn_starts_as_le_et_al_describe():
    model = build_irnn(4, steps=7, inputs=3)
    cell = model.get_layer("irnn").cell
    assert isinstance(model.get_layer("irnn"), keras.layers.SimpleRNN)
    assert keras.activations.serialize(cell.activation) == "relu"
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(cell.recurrent_kernel), np.eye(4))
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(cell.bias), np.zeros(4))
    assert keras.ops.convert_to_numpy(cell.kernel).shape == (3, 4)
    assert model.count_params() == 3 * 4 + 4 * 4 + 4 + 4 + 1
    out = model(np.ones((2, 7, 3), dtype="float32"))
    assert tuple(out.shape) == (2, 1)


def test_with_no_input_the_state_is_copied_unchanged():
    """relu(h I + 0) = h for h >= 0: the IRNN at initialisation remembers a value exactly."""
    model = build_irnn(3, steps=6, inputs=1)
    rnn = model.get_layer("irnn")
    rnn.cell.kernel.assign(np.ones((1, 3), dtype="float32"))
    x = np.zeros((1, 6, 1), dtype="float32")
    x[0, 0, 0] = 0.7  # written at the first step, nothing after
    seq = keras.Sequential([keras.Input((6, 1)), keras.layers.SimpleRNN(3, return_sequences=True)])
    seq.layers[0].set_weights(rnn.get_weights())
    seq.layers[0].cell.activation = rnn.cell.activation
    states = keras.ops.convert_to_numpy(seq(x))[0]
    np.testing.assert_allclose(states, np.full((6, 3), 0.7), rtol=1e-6)


@pytest.mark.parametrize("bad", [0, -1, 2.0, True])
def test_bad_sizes_raise(bad):
    with pytest.raises(ValueError, match="must be a positive int"):
        build_irnn(bad, steps=5)
    with pytest.raises(ValueError, match="steps must be a positive int"):
        build_irnn(3, steps=bad)
