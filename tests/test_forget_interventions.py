"""Clamping the forget gate: unclamped it is the LSTM; clamped, f takes the value given."""

import numpy as np
import pytest

from lstm_course.experiments.forget_interventions import (
    clamp_mask,
    forward_with_forget_clamped,
)
from lstm_course.numpy_nets.lstm import init_lstm_params, lstm_forward


def _setup():
    rng = np.random.default_rng(0)
    params = init_lstm_params(3, 5, seed=0)
    return rng.normal(size=(4, 6, 3)), params


def test_unclamped_is_lstm_forward_and_clamps_take_effect():
    x, params = _setup()
    h, f = forward_with_forget_clamped(x, params)
    hs, (h_last, _), cache = lstm_forward(x, params)
    np.testing.assert_allclose(h, h_last, atol=1e-12)
    np.testing.assert_allclose(f, cache["gates"][..., 5:10], atol=1e-12)  # the f block
    steps = np.zeros((4, 6), dtype=bool)
    steps[:, 3] = True
    mask = clamp_mask(steps, 5, chosen_units=[1, 2])
    h0, f0 = forward_with_forget_clamped(x, params, mask, value=0.0)
    assert np.all(f0[:, 3, 1:3] == 0) and np.all(f0[:, 3, [0, 3, 4]] > 0)
    np.testing.assert_allclose(f0[:, :3], f[:, :3])  # before the clamp: unchanged
    assert not np.allclose(h0, h)
    # f = 0 at the last step for all units: h no longer depends on the earlier words
    last = clamp_mask(np.eye(6, dtype=bool)[[5] * 4], 5)
    x2 = x.copy()
    x2[:, :5] += 1.0
    h_a, _ = forward_with_forget_clamped(x, params, last, 0.0)
    h_b, _ = forward_with_forget_clamped(x2, params, last, 0.0)
    assert not np.allclose(h_a, h_b)  # h_{t-1} still feeds the gates
    with pytest.raises(ValueError, match="clamp must be"):
        forward_with_forget_clamped(x, params, steps, 0.0)
    with pytest.raises(ValueError, match="value must be"):
        forward_with_forget_clamped(x, params, mask, 1.5)
    with pytest.raises(ValueError, match="steps must be"):
        clamp_mask(steps.astype(int), 5)


def test_input_gate_clamp_and_per_unit_values():
    from lstm_course.experiments.forget_interventions import forward_with_gates_clamped

    x, params = _setup()
    h, gates = forward_with_gates_clamped(x, params)
    np.testing.assert_allclose(h, lstm_forward(x, params)[1][0], atol=1e-12)
    # i = 0 at word 0 writes nothing: the state after it is zero, as if the sentence began at 1
    first = np.zeros((4, 6, 5), dtype=bool)
    first[:, 0] = True
    h_i, g_i = forward_with_gates_clamped(x, params, input_gate=(first, 0.0))
    np.testing.assert_allclose(h_i, lstm_forward(x[:, 1:], params)[1][0], atol=1e-12)
    assert np.all(g_i["i"][:, 0] == 0) and np.all(g_i["i"][:, 1:] > 0)
    np.testing.assert_allclose(g_i["f"][:, 0], gates["f"][:, 0])  # f at word 0: unchanged
    # a soft clamp: one value per unit
    soft = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    _, g_s = forward_with_gates_clamped(x, params, forget=(first, soft))
    np.testing.assert_allclose(g_s["f"][:, 0], np.broadcast_to(soft, (4, 5)))
    with pytest.raises(ValueError, match="value must broadcast"):
        forward_with_gates_clamped(x, params, forget=(first, np.ones(3)))
    with pytest.raises(ValueError, match="gate value in"):
        forward_with_gates_clamped(x, params, input_gate=(first, soft + 0.8))


def test_clamped_predictions_batch_equals_one_clamp_at_a_time():
    from lstm_course.experiments.forget_interventions import (
        clamped_predictions,
        forward_with_gates_clamped,
    )

    x, params = _setup()
    rng = np.random.default_rng(1)
    readout = (rng.normal(size=(5, 4)), rng.normal(size=4))
    steps = np.zeros((4, 6), dtype=bool)
    steps[[0, 1, 2, 3], [2, 3, 4, 5]] = True
    some = np.array([True, False, True, False, False])
    every = np.ones(5, dtype=bool)
    conditions = [
        {},
        {"f": (steps, every, 1.0)},
        {"i": (steps, some, 0.0)},
        {"f": (steps, some, np.linspace(0.1, 0.9, 5)), "i": (steps, every, 0.5)},
    ]
    got = clamped_predictions(x, params, readout, conditions)
    assert got.shape == (4, 4)
    for k, condition in enumerate(conditions):
        given = {
            "forget" if g == "f" else "input_gate": (steps[:, :, None] & units, value)
            for g, (_, units, value) in condition.items()
        }
        h, _ = forward_with_gates_clamped(x, params, **given)
        np.testing.assert_array_equal(got[k], np.argmax(h @ readout[0] + readout[1], axis=1))
    h_f, _ = forward_with_gates_clamped(x, params, forget=(steps[:, :, None] & every, 1.0))
    assert not np.allclose(h_f, lstm_forward(x, params)[1][0])  # the clamp does something
    with pytest.raises(ValueError, match="keys are"):
        clamped_predictions(x, params, readout, [{"o": (steps, every, 1.0)}])
    with pytest.raises(ValueError, match="units must be"):
        clamped_predictions(x, params, readout, [{"f": (steps, some[:3], 1.0)}])
    with pytest.raises(ValueError, match="at least one"):
        clamped_predictions(x, params, readout, [])
