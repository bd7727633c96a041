"""Lesson 04's step functions (the references of exercises 4.1 and 4.2): looped over time they are
`lstm_forward` and `lstm_backward`, they pass a gradient check, and bad input raises."""

import numpy as np
import pytest

from lstm_course.numpy_nets.gradcheck import gradient_check
from lstm_course.numpy_nets.lstm import init_lstm_params, lstm_backward, lstm_forward
from lstm_course.numpy_nets.lstm_step import CACHE_KEYS, lstm_step_backward, lstm_step_forward
from solutions.lesson_04 import lstm_step_backward as solution_backward
from solutions.lesson_04 import lstm_step_forward as solution_forward

TIGHT = {"rtol": 1e-12, "atol": 1e-12}


def _problem(rng, batch=3, steps=5, d=4, h=3):
    params = init_lstm_params(d, h, seed=7)
    params["bias"] = rng.normal(0, 0.5, 4 * h)  # every block, not only the forget gate's
    x = rng.normal(size=(batch, steps, d))
    h0, c0 = rng.normal(size=(batch, h)), rng.normal(size=(batch, h))
    return params, x, h0, c0


def _loop_forward(step, x, params, h0, c0):
    h, c, caches, hs = h0, c0, [], []
    for t in range(x.shape[1]):
        h, c, cache = step(x[:, t], h, c, params)
        hs.append(h)
        caches.append(cache)
    return np.stack(hs, axis=1), (h, c), caches


def _loop_backward(step, dhs, caches, dh_T, dc_T):
    grads = {k: np.zeros_like(v) for k, v in caches[0]["params"].items()}
    dx = np.empty((*dhs.shape[:2], caches[0]["x_t"].shape[1]))
    dh_next, dc_next = dh_T, dc_T
    for t in reversed(range(dhs.shape[1])):
        dx[:, t], dh_next, dc_next, step_grads = step(dhs[:, t] + dh_next, dc_next, caches[t])
        for k in grads:
            grads[k] += step_grads[k]
    return {**grads, "x": dx, "h0": dh_next, "c0": dc_next}


@pytest.mark.parametrize(
    ("forward", "backward"),
    [(lstm_step_forward, lstm_step_backward), (solution_forward, solution_backward)],
    ids=["package", "solution"],
)
def test_steps_looped_over_time_are_the_layer(rng, forward, backward):
    params, x, h0, c0 = _problem(rng)
    hs, (h_T, c_T), cache = lstm_forward(x, params, h0, c0)
    hs_s, (h_s, c_s), caches = _loop_forward(forward, x, params, h0, c0)
    for a, b in [(hs_s, hs), (h_s, h_T), (c_s, c_T)]:
        np.testing.assert_allclose(a, b, **TIGHT)
    assert all(set(c) == set(CACHE_KEYS) for c in caches)
    dhs, dh_T, dc_T = (
        rng.normal(size=hs.shape),
        rng.normal(size=h0.shape),
        rng.normal(size=h0.shape),
    )
    want = lstm_backward(dhs, cache, dh_T, dc_T)
    got = _loop_backward(backward, dhs, caches, dh_T, dc_T)
    assert set(got) == set(want)
    for name in want:
        np.testing.assert_allclose(got[name], want[name], **TIGHT, err_msg=name)


def test_step_backward_passes_a_gradient_check(rng):
    params, x, h_prev, c_prev = _problem(rng, batch=2, steps=1)
    x_t = x[:, 0]
    dh_t, dc_t = rng.normal(size=h_prev.shape), rng.normal(size=c_prev.shape)

    def loss():
        h_t, c_t, _ = lstm_step_forward(x_t, h_prev, c_prev, params)
        return float(np.sum(h_t * dh_t) + np.sum(c_t * dc_t))

    dx_t, dh_prev, dc_prev, grads = lstm_step_backward(
        dh_t, dc_t, lstm_step_forward(x_t, h_prev, c_prev, params)[2]
    )
    arrays = {**params, "x_t": x_t, "h_prev": h_prev, "c_prev": c_prev}
    analytic = {**grads, "x_t": dx_t, "h_prev": dh_prev, "c_prev": dc_prev}
    errors = gradient_check(loss, arrays, analytic)
    assert max(errors.values()) < 1e-7, errors


def test_cell_path_is_one_multiplication_by_f(rng):
    """With no gradient on h_t, dc_prev is exactly dc_t * f_t: the constant error carousel."""
    params, x, h_prev, c_prev = _problem(rng, steps=1)
    _, _, cache = lstm_step_forward(x[:, 0], h_prev, c_prev, params)
    dc_t = rng.normal(size=c_prev.shape)
    _, _, dc_prev, _ = lstm_step_backward(np.zeros_like(dc_t), dc_t, cache)
    np.testing.assert_array_equal(dc_prev, dc_t * cache["f"])


def test_bad_inputs_raise_value_errors(rng):
    params, x, h_prev, c_prev = _problem(rng, steps=1)
    x_t = x[:, 0]
    with pytest.raises(ValueError, match=r"h_prev must have shape \(3, 3\)"):
        lstm_step_forward(x_t, h_prev[:, :2], c_prev, params)
    with pytest.raises(ValueError, match=r"x_t \(batch, D\) must have 2 dimensions"):
        lstm_step_forward(x, h_prev, c_prev, params)
    with pytest.raises(ValueError, match=r"params\['kernel'\] must have shape \(5, 12\)"):
        lstm_step_forward(np.ones((3, 5)), h_prev, c_prev, params)
    with pytest.raises(ValueError, match="missing"):
        lstm_step_forward(x_t, h_prev, c_prev, {"kernel": params["kernel"]})
    _, _, cache = lstm_step_forward(x_t, h_prev, c_prev, params)
    with pytest.raises(ValueError, match=r"cache must have the keys .*missing \['f'\]"):
        lstm_step_backward(h_prev, c_prev, {k: v for k, v in cache.items() if k != "f"})
    with pytest.raises(ValueError, match=r"dc_t must have shape \(3, 3\)"):
        lstm_step_backward(h_prev, c_prev[:1], cache)
