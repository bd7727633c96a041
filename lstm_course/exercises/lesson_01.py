"""Lesson 01: the checks of exercises 1.1 (one RNN step forward, with its cache), 1.2 (one step
backward) and 1.3 (backpropagation through time as a loop over the steps).

Parameters in Keras's SimpleRNN layout: kernel W (D, H), recurrent_kernel U (H, H), bias b (H,);
h_t = tanh(x_t W + h_{t-1} U + b). The backward checks compare with the package's reference
(`lstm_course.numpy_nets.rnn`) and run a numerical gradient check on the learner's gradients; a
wrong answer's hint ends with the worst relative error the gradient check found.
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import (
    Hint,
    Mistake,
    NotAttempted,
    call,
    compare,
    exercise,
    gradient_errors,
    same,
)
from lstm_course.exercises.engine import rng as fixed_rng
from lstm_course.numpy_nets.lstm_step import sigmoid
from lstm_course.numpy_nets.rnn import (
    RNN_KEYS,
    rnn_backward_steps,
    rnn_forward_steps,
    rnn_step_backward,
    rnn_step_forward,
)

B, T, D, H = 2, 4, 3, 4  # batch, steps, features, units of every check (D != H on purpose)


def _params(r: np.random.Generator) -> dict:
    shapes = {"kernel": (D, H), "recurrent_kernel": (H, H), "bias": (H,)}
    return {name: r.normal(0, 0.5, shape) for name, shape in shapes.items()}


PAIR = "return the pair (h_t, cache)"
CACHE = "the cache is (x_t, h_prev, h_t, params), in that order: rnn_step_backward unpacks it so"


def _step(activation=np.tanh, bias=True, transposed=False):
    def step(x_t, h_prev, p):
        u = p["recurrent_kernel"].T if transposed else p["recurrent_kernel"]
        h_t = activation(x_t @ p["kernel"] + h_prev @ u + (p["bias"] if bias else 0.0))
        return h_t, (x_t, h_prev, h_t, p)

    return step


def _cache_in_dls_order(x_t, h_prev, p):
    """The cache in the order of Andrew Ng's course, (h_t, h_prev, x_t, params)."""
    h_t = rnn_step_forward(x_t, h_prev, p)[0]
    return h_t, (h_t, h_prev, x_t, p)


STEP_MISTAKES = (
    Mistake(PAIR, lambda x, h, p: rnn_step_forward(x, h, p)[0], False),
    Mistake(CACHE, _cache_in_dls_order, False),
    Mistake("the bias is missing: h_t = tanh(x_t W + h_{t-1} U + b)", _step(bias=False)),
    Mistake("use tanh, not the sigmoid, as the RNN's activation", _step(activation=sigmoid)),
    Mistake("the activation is missing: wrap the sum in np.tanh", _step(activation=lambda z: z)),
    Mistake(
        "h_{t-1} was multiplied by the transposed recurrent kernel: use h_prev @ U",
        _step(transposed=True),
    ),
)


@exercise("1.1", "one RNN step forward, with its cache", rnn_step_forward, STEP_MISTAKES)
def check_step_forward(answer, ex):
    r = fixed_rng()
    p = _params(r)
    args = (r.normal(size=(B, D)), r.normal(size=(B, H)), p)
    got = call(answer, *args)
    if not isinstance(got, tuple | list) or len(got) != 2:
        raise Hint(PAIR)
    if got[0] is None or got[1] is None:
        raise NotAttempted
    want_h, _ = ex.reference(*args)
    compare(got[0], want_h, "h_t", ex.wrong_outputs(*args, pick=lambda v: v[0]))
    cache = got[1]
    expected = (args[0], args[1], want_h)
    if (
        not isinstance(cache, tuple | list)
        or len(cache) != 4
        or not all(same(a, b) for a, b in zip(cache[:3], expected, strict=True))
        or not isinstance(cache[3], dict)
        or set(cache[3]) != set(RNN_KEYS)
    ):
        raise Hint(CACHE)


def _worst(errors: dict) -> str:
    """The hint's detail: a gradient of the wrong shape, else the worst relative error."""
    shapes = [f"{name} has shape {e}" for name, e in errors.items() if isinstance(e, str)]
    if shapes:
        return f"; gradient check: {shapes[0]}"
    if not errors:
        return ""
    name = max(errors, key=errors.get)
    return f"; gradient check: worst relative error {errors[name]:.1e}, in {name}"


def _judge(got: dict, want: dict, mistakes: list[tuple[str, dict]], order, gc_errors):
    """Pass, or the hint of the mistake matching every part, else of the first wrong part."""
    detail = _worst(gc_errors)
    if all(same(got[k], want[k]) for k in order):
        if any(isinstance(e, str) or e > 1e-6 for e in gc_errors.values()):  # a course bug
            raise AssertionError(f"the reference fails the gradient check{detail}")
        return
    for hint, wrong in mistakes:
        if all(same(got[k], wrong[k]) for k in order):
            raise Hint(hint, detail)
    try:
        for k in order:
            compare(got[k], want[k], k, [(h, w[k]) for h, w in mistakes if not same(w[k], want[k])])
    except Hint as hint:
        raise Hint(hint.hint, hint.detail + detail) from None


TRIPLE = (
    "return the triple (dx_t, dh_prev, grads), grads a dict with 'kernel', 'recurrent_kernel' "
    "and 'bias'"
)
STEP_PARTS = ("dh_prev", "dx_t", "kernel", "recurrent_kernel", "bias")


def _step_backward(dz_of=None, dh_prev_via_u=False, bias=None, weights=None):
    """One step backward with one realistic mistake (the defaults give the reference)."""

    def backward(dh_t, cache):
        x_t, h_prev, h_t, p = cache
        dz = dh_t * (1.0 - h_t**2) if dz_of is None else dz_of(dh_t, h_prev, h_t)
        u = p["recurrent_kernel"]
        grads = {"kernel": x_t.T @ dz, "recurrent_kernel": h_prev.T @ dz, "bias": dz.sum(axis=0)}
        if weights is not None:
            grads["kernel"], grads["recurrent_kernel"] = weights(x_t, h_prev, dz)
        if bias is not None:
            grads["bias"] = bias(dz)
        return dz @ p["kernel"].T, dz @ (u if dh_prev_via_u else u.T), grads

    return backward


STEP_BACKWARD_MISTAKES = (
    Mistake(TRIPLE, lambda dh, c: rnn_step_backward(dh, c)[1:], False),
    Mistake(
        "the tanh derivative is missing: dz = dh_t * (1 - h_t**2) before the weights",
        _step_backward(dz_of=lambda dh, hp, h: dh),
    ),
    Mistake(
        "tanh'(z_t) is 1 - h_t**2, with this step's output h_t, not h_prev",
        _step_backward(dz_of=lambda dh, hp, h: dh * (1 - hp**2)),
    ),
    Mistake(
        "tanh'(z) is 1 - tanh(z)**2 = 1 - h_t**2, not 1 - h_t",
        _step_backward(dz_of=lambda dh, hp, h: dh * (1 - h)),
    ),
    Mistake(
        "h_t is already tanh(z_t): the derivative is 1 - h_t**2, not 1 - tanh(h_t)**2",
        _step_backward(dz_of=lambda dh, hp, h: dh * (1 - np.tanh(h) ** 2)),
    ),
    Mistake(
        "transposes: z_t = ... + h_prev @ U, so the gradient goes back as dh_prev = dz @ U.T",
        _step_backward(dh_prev_via_u=True),
    ),
    Mistake(
        "sum the bias gradient over the batch: db = dz.sum(axis=0), shape (H,)",
        _step_backward(bias=lambda dz: dz),
    ),
    Mistake(
        "the batch's gradients add up: db = dz.sum(axis=0), not the mean (dh_t holds the 1/B)",
        _step_backward(bias=lambda dz: dz.mean(axis=0)),
    ),
    Mistake(
        "W multiplies x_t and U multiplies h_prev: dW = x_t.T @ dz, dU = h_prev.T @ dz",
        _step_backward(weights=lambda x, hp, dz: (hp.T @ dz, x.T @ dz)),
    ),
    Mistake(
        "dW = x_t.T @ dz has W's shape (D, H); dz.T @ x_t is its transpose (same for U)",
        _step_backward(weights=lambda x, hp, dz: (dz.T @ x, dz.T @ hp)),
    ),
)


def _step_parts(out) -> dict:
    dx, dh_prev, grads = out
    return {"dx_t": dx, "dh_prev": dh_prev, **{k: grads.get(k) for k in RNN_KEYS}}


@exercise("1.2", "one RNN step backward", rnn_step_backward, STEP_BACKWARD_MISTAKES)
def check_step_backward(answer, ex):
    r = fixed_rng()
    p = _params(r)
    x_t, h_prev, dh_t = r.normal(size=(B, D)), r.normal(size=(B, H)), r.normal(size=(B, H))
    _, cache = rnn_step_forward(x_t, h_prev, p)
    got = call(answer, dh_t, cache)
    if not isinstance(got, tuple | list) or len(got) != 3 or not isinstance(got[2], dict):
        raise Hint(TRIPLE)
    if any(v is None for v in got[:2]) or any(got[2].get(k) is None for k in RNN_KEYS):
        raise NotAttempted if all(v is None for v in got[:2]) else Hint(TRIPLE)
    got = _step_parts(got)
    arrays = {"dx_t": x_t, "dh_prev": h_prev, **p}  # perturbed in place by the gradient check

    def loss():  # L = sum(h_t * dh_t): its gradient on h_t is dh_t
        return float(np.sum(rnn_step_forward(x_t, h_prev, p)[0] * dh_t))

    errors = gradient_errors(loss, arrays, got)
    args = (dh_t, cache)
    wrong = [(h, _step_parts(w)) for h, w in ex.wrong_outputs(*args)]
    _judge(got, _step_parts(ex.reference(*args)), wrong, STEP_PARTS, errors)


KEYS = "return a dict with 'kernel', 'recurrent_kernel', 'bias', 'x' and 'h0'"
BPTT_PARTS = ("h0", "x", "kernel", "recurrent_kernel", "bias")


def _bptt(forwards=False, carry=True, direct_only_last=False, overwrite=False, dx_reversed=False):
    """BPTT with one realistic mistake (the defaults give the reference)."""

    def bptt(dhs, caches):
        p = caches[0][3]
        grads = {k: np.zeros_like(p[k]) for k in RNN_KEYS}
        dxs, dh_next, steps = [], np.zeros_like(dhs[:, 0]), len(caches)
        for t in range(steps) if forwards else reversed(range(steps)):
            direct = dhs[:, t] if not direct_only_last or t == steps - 1 else 0.0
            dx_t, dh_next, step = rnn_step_backward(direct + dh_next * carry, caches[t])
            dxs.append(dx_t)
            for k in RNN_KEYS:
                grads[k] = step[k] if overwrite else grads[k] + step[k]
        if not forwards and not dx_reversed:
            dxs.reverse()
        return {**grads, "x": np.stack(dxs, axis=1), "h0": dh_next}

    return bptt


def _without_h0(dhs, caches):
    grads = rnn_backward_steps(dhs, caches)
    del grads["h0"]
    return grads


BPTT_MISTAKES = (
    Mistake(KEYS, _without_h0, False),
    Mistake(
        "add the weights' gradients over all steps (grads[k] += step's), not keep one step's",
        _bptt(overwrite=True),
    ),
    Mistake(
        "the gradient reaching h_t is dhs[:, t] + dh_prev carried back from step t+1",
        _bptt(carry=False),
    ),
    Mistake(
        "walk backwards in time, for t in reversed(range(T)): step t needs step t+1's dh_prev",
        _bptt(forwards=True),
    ),
    Mistake(
        "every step has its own direct gradient dhs[:, t]: add it at every t, not only at T",
        _bptt(direct_only_last=True),
    ),
    Mistake(
        "dx[:, t] belongs to step t: the loop visits the steps last first, so reverse the dx_t "
        "you collected (or write into dx[:, t])",
        _bptt(dx_reversed=True),
    ),
)


@exercise("1.3", "backpropagation through time", rnn_backward_steps, BPTT_MISTAKES)
def check_bptt(answer, ex):
    r = fixed_rng()
    p = _params(r)
    x, h0, dhs = r.normal(size=(B, T, D)), r.normal(size=(B, H)), r.normal(size=(B, T, H))
    _, caches = rnn_forward_steps(x, p, h0)
    got = call(answer, dhs, caches)
    if not isinstance(got, dict) or not set(BPTT_PARTS) <= set(got):
        raise Hint(KEYS)
    arrays = {"x": x, "h0": h0, **p}  # perturbed in place by the gradient check

    def loss():  # L = sum over t of h_t . dhs[:, t]: its direct gradient on every h_t is dhs
        return float(np.sum(rnn_forward_steps(x, p, h0)[0] * dhs))

    errors = gradient_errors(loss, arrays, got)
    args = (dhs, caches)
    _judge(got, ex.reference(*args), ex.wrong_outputs(*args), BPTT_PARTS, errors)
