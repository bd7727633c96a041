"""Lesson 04: the checks of exercises 4.1 (one LSTM step forward, with its cache), 4.2 (one LSTM
step backward: all five local gradients) and 4.3 (the forget-gate bias at initialisation).

Fused weights: kernel (D, 4H), recurrent_kernel (H, 4H), bias (4H,), blocks in the order
i, f, g, o (`GATES`; Keras's documentation writes i, f, c, o). 4.2 is compared with the
reference and checked by a numerical gradient check (`lstm_course.numpy_nets.gradcheck`), whose
worst relative error per array the hint reports.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from lstm_course.exercises.engine import (
    SWAPPED_GATES,
    Hint,
    Mistake,
    NotAttempted,
    block,
    call,
    compare,
    exercise,
    gradient_errors,
    other_orders,
    rng,
    same,
    swapped_detail,
)
from lstm_course.numpy_nets.initializers import lstm_bias
from lstm_course.numpy_nets.lstm_step import (
    CACHE_KEYS,
    GATES,
    LSTM_KEYS,
    lstm_step_backward,
    lstm_step_forward,
    sigmoid,
)


def _inputs(batch=2, d=3, h=4):
    """Fixed (x_t, h_prev, c_prev, params): a bias in every block, D != H (shapes tell apart)."""
    r = rng()
    shapes = ((d, 4 * h), (h, 4 * h), (4 * h,))
    p = {k: r.normal(0, 0.5, shape) for k, shape in zip(LSTM_KEYS, shapes, strict=True)}
    return r.normal(size=(batch, d)), r.normal(size=(batch, h)), r.normal(size=(batch, h)), p


def step_forward_in_order(order="ifgo", bias=True, candidate=np.tanh, h_tanh=True):
    """(x_t, h_prev, c_prev, params) -> (h_t, c_t, cache) reading the blocks in `order`; with
    another order, bias=False, candidate=sigmoid or h_tanh=False, a realistic wrong answer."""

    def step(x_t, h_prev, c_prev, p):
        z = x_t @ p["kernel"] + h_prev @ p["recurrent_kernel"] + (p["bias"] if bias else 0.0)
        zs = dict(zip(order, np.split(z, 4, axis=1), strict=True))
        i, f, g, o = sigmoid(zs["i"]), sigmoid(zs["f"]), candidate(zs["g"]), sigmoid(zs["o"])
        c_t = f * c_prev + i * g
        h_t = o * (np.tanh(c_t) if h_tanh else c_t)
        cache = {"x_t": x_t, "h_prev": h_prev, "c_prev": c_prev}
        cache.update({"i": i, "f": f, "g": g, "o": o, "c_t": c_t, "params": p})
        return h_t, c_t, cache

    return step


def _c_and_h(x_t, h_prev, c_prev, p):
    h_t, c_t, cache = lstm_step_forward(x_t, h_prev, c_prev, p)
    return c_t, h_t, cache


def _pre_activations_cached(x_t, h_prev, c_prev, p):
    h_t, c_t, cache = lstm_step_forward(x_t, h_prev, c_prev, p)
    z = x_t @ p["kernel"] + h_prev @ p["recurrent_kernel"] + p["bias"]
    return h_t, c_t, {**cache, **dict(zip(GATES, np.split(z, 4, axis=1), strict=True))}


TRIPLE = "return the triple (h_t, c_t, cache)"
CACHE = "the cache is a dict with the keys " + ", ".join(CACHE_KEYS) + " (4.2 reads them)"
FORWARD_MISTAKES = (
    Mistake(TRIPLE, lambda x, h, c, p: lstm_step_forward(x, h, c, p)[:2], False),
    # Orders met elsewhere: TensorFlow 1's BasicLSTMCell i, j(g), f, o; ONNX i, o, f, c(g).
    Mistake(SWAPPED_GATES, step_forward_in_order("ifog"), False),
    Mistake(SWAPPED_GATES, step_forward_in_order("figo"), False),
    Mistake(SWAPPED_GATES, step_forward_in_order("igfo"), False),
    Mistake(SWAPPED_GATES, step_forward_in_order("iofg"), False),
    Mistake("return (h_t, c_t, cache) in that order, h_t first", _c_and_h),
    Mistake("the bias is missing: z = x_t W + h_{t-1} U + b", step_forward_in_order(bias=False)),
    Mistake(
        "the candidate g_t uses tanh, not the sigmoid", step_forward_in_order(candidate=sigmoid)
    ),
    Mistake("h_t = o_t * tanh(c_t): the tanh is missing", step_forward_in_order(h_tanh=False)),
    Mistake(CACHE, lambda x, h, c, p: lstm_step_forward(x, h, c, p)[:2] + ((x, h, c),), False),
    Mistake(
        "cache the gates' activations i, f, g, o (after sigmoid and tanh), not the "
        "pre-activations z: the backward pass multiplies by them",
        _pre_activations_cached,
    ),
)


@exercise("4.1", "one LSTM step forward, with its cache", lstm_step_forward, FORWARD_MISTAKES)
def check_step_forward(answer, ex):
    args = _inputs()
    got = call(answer, *args)
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise Hint(TRIPLE)
    if any(v is None for v in got):
        raise NotAttempted
    want_h, want_c, want_cache = ex.reference(*args)
    for order in other_orders():
        c_swapped = step_forward_in_order(order)(*args)[1]
        if same(got[1], c_swapped) and not same(c_swapped, want_c):
            raise Hint(SWAPPED_GATES, swapped_detail(order))
    compare(got[1], want_c, "c_t", ex.wrong_outputs(*args, pick=lambda v: v[1]))
    compare(got[0], want_h, "h_t", ex.wrong_outputs(*args, pick=lambda v: v[0]))
    cache = got[2]
    if not isinstance(cache, Mapping) or any(k not in cache for k in CACHE_KEYS):
        raise Hint(CACHE)
    for key in CACHE_KEYS[:-1]:
        wrong = ex.wrong_outputs(*args, pick=lambda v, key=key: v[2][key])
        compare(cache[key], want_cache[key], f"cache[{key!r}]", wrong)


RIGHT = {"order": "ifgo", "dh_path": True, "tanh_prime": True, "dc_prev_f": True, "df": "c_prev"}
RIGHT |= {
    "prime": "sigmoid",
    "g_prime": True,
    "kernel_T": False,
    "sum_b": True,
    "U": "recurrent_kernel",
}


def step_backward_variant(**changes):
    """lstm_step_backward, or, with one entry of `RIGHT` changed, a realistic wrong version."""
    w = {**RIGHT, **changes}

    def step_backward(dh_t, dc_t, cache):
        i, f, g, o, c_t = (cache[k] for k in ("i", "f", "g", "o", "c_t"))
        p, tanh_c = cache["params"], np.tanh(cache["c_t"])
        tanh_prime = (1.0 - tanh_c**2) if w["tanh_prime"] else 1.0
        dc = dc_t + dh_t * o * tanh_prime if w["dh_path"] else dc_t
        do, df, di, dg = dh_t * tanh_c, dc * cache[w["df"]], dc * g, dc * i

        def prime(s):
            return s * (1.0 - s) if w["prime"] == "sigmoid" else 1.0 - s**2

        dz_g = dg * (1.0 - g**2) if w["g_prime"] else dg
        dzs = {"i": di * prime(i), "f": df * prime(f), "g": dz_g, "o": do * prime(o)}
        dz = np.concatenate([dzs[gate] for gate in w["order"]], axis=1)
        grads = {
            "kernel": dz.T @ cache["x_t"] if w["kernel_T"] else cache["x_t"].T @ dz,
            "recurrent_kernel": cache["h_prev"].T @ dz,
            "bias": dz.sum(axis=0) if w["sum_b"] else dz,
        }
        dc_prev = dc * f if w["dc_prev_f"] else dc
        return dz @ p["kernel"].T, dz @ p[w["U"]].T, dc_prev, grads

    return step_backward


GRAD_KEYS = ("kernel", "recurrent_kernel", "bias")
QUAD = "return the four (dx_t, dh_prev, dc_prev, grads)"
GRADS = "grads is a dict with the keys kernel, recurrent_kernel, bias"
DZ_ORDER = "dz's four gradients must be concatenated in the kernel's order i, f, g, o"
WRONG_STEPS_BACK = [
    ("dc = dc_t + dh_t * o * (1 - tanh(c_t)**2): the gradient through h_t into c_t is missing",
     {"dh_path": False}),
    ("on the path h_t -> c_t the tanh's derivative (1 - tanh(c_t)**2) is missing",
     {"tanh_prime": False}),
    ("dc_prev = dc * f_t: the forget gate is the only factor on the way back to c_{t-1}",
     {"dc_prev_f": False}),
    ("df = dc * c_{t-1}: the forget gate multiplies c_prev, not c_t", {"df": "c_t"}),
    ("i, f and o are sigmoids: their derivative is s * (1 - s), not tanh's 1 - s**2",
     {"prime": "tanh"}),
    ("g_t = tanh(z_g): dz_g = dg * (1 - g_t**2), the tanh's derivative is missing",
     {"g_prime": False}),
    ("grads['kernel'] = x_t.T @ dz, shape (D, 4H); dz.T @ x_t is its transpose",
     {"kernel_T": True}),
    ("grads['bias'] = dz.sum(axis=0): the bias is shared by the batch, sum over it",
     {"sum_b": False}),
    ("dh_prev = dz @ recurrent_kernel.T: h_{t-1} enters through U (x_t through the kernel)",
     {"U": "kernel"}),
]  # fmt: skip


def _grads_as_list(dh, dc, cache):
    dx_t, dh_prev, dc_prev, grads = lstm_step_backward(dh, dc, cache)
    return dx_t, dh_prev, dc_prev, list(grads.values())


BACKWARD_MISTAKES = (
    Mistake(QUAD, lambda dh, dc, cache: lstm_step_backward(dh, dc, cache)[:3], False),
    Mistake(GRADS, _grads_as_list, False),
    *(Mistake(hint, step_backward_variant(**change)) for hint, change in WRONG_STEPS_BACK),
    Mistake(DZ_ORDER, step_backward_variant(order="figo"), False),
    Mistake(DZ_ORDER, step_backward_variant(order="ifog"), False),
)


def gradient_check_detail(answer_out, args) -> str:
    """ "; gradient check, relative error per array: dx_t 2e-10, ..." for the learner's outputs,
    against centred differences of L = sum(h_t * dh_t) + sum(c_t * dc_t) through 4.1's
    reference."""
    dh_t, dc_t, x_t, h_prev, c_prev, p = args
    arrays = {"dx_t": x_t, "dh_prev": h_prev, "dc_prev": c_prev}
    arrays.update({k: p[k] for k in GRAD_KEYS})

    def loss():
        h_t, c_t, _ = lstm_step_forward(x_t, h_prev, c_prev, p)
        return float(np.sum(h_t * dh_t) + np.sum(c_t * dc_t))

    dx_t, dh_prev, dc_prev, grads = answer_out
    got = {"dx_t": dx_t, "dh_prev": dh_prev, "dc_prev": dc_prev, **grads}
    parts = [
        f"{name} shape {err}"
        if isinstance(err, str)
        else f"{name} {err:.1e}" + (" ✗" if err > 1e-6 else "")
        for name, err in gradient_errors(loss, arrays, got).items()
    ]
    return "; gradient check, worst relative error per array (✗ above 1e-6): " + ", ".join(parts)


@exercise("4.2", "one LSTM step backward", lstm_step_backward, BACKWARD_MISTAKES)
def check_step_backward(answer, ex):
    x_t, h_prev, c_prev, p = _inputs()
    _, _, cache = lstm_step_forward(x_t, h_prev, c_prev, p)
    r = np.random.default_rng(rng().integers(2**31))
    args = (r.normal(size=c_prev.shape), r.normal(size=c_prev.shape), cache)
    got = call(answer, *args)
    if not isinstance(got, (tuple, list)) or len(got) != 4:
        raise Hint(QUAD)
    if any(v is None for v in got):
        raise NotAttempted
    if not isinstance(got[3], Mapping) or set(got[3]) != set(GRAD_KEYS):
        raise Hint(GRADS)
    detail = gradient_check_detail(got, (*args[:2], x_t, h_prev, c_prev, p))
    want = ex.reference(*args)
    try:
        _compare_step_backward(got, want, args, ex)
    except Hint as hint:
        raise Hint(hint.hint, hint.detail + detail) from None


def _compare_step_backward(got, want, args, ex):
    compare(got[2], want[2], "dc_prev", ex.wrong_outputs(*args, pick=lambda v: v[2]))
    for order in other_orders():
        wrong_db = step_backward_variant(order=order)(*args)[3]["bias"]
        if same(got[3]["bias"], wrong_db) and not same(wrong_db, want[3]["bias"]):
            raise Hint(DZ_ORDER, swapped_detail(order))
    for key in GRAD_KEYS:
        wrong = ex.wrong_outputs(*args, pick=lambda v, key=key: v[3][key])
        compare(got[3][key], want[3][key], f"grads[{key!r}]", wrong)
    compare(got[0], want[0], "dx_t", ex.wrong_outputs(*args, pick=lambda v: v[0]))
    compare(got[1], want[1], "dh_prev", ex.wrong_outputs(*args, pick=lambda v: v[1]))


def initial_bias(units):
    """Reference of 4.3: Keras's initial bias (unit_forget_bias): zeros, the f block at 1."""
    return lstm_bias(units, forget_bias=1.0)


def _ones_in(gate):
    def wrong(units):
        bias = np.zeros(4 * units)
        pos = GATES.index(gate)
        bias[pos * units : (pos + 1) * units] = 1.0
        return bias

    return wrong


BIAS_MISTAKES = tuple(
    Mistake(f"the ones went into {block(gate)}; the forget gate is {block('f')}", _ones_in(gate))
    for gate in ("i", "g", "o")
) + (
    Mistake(
        "forget bias missing: Keras starts the forget gate's bias at 1 (unit_forget_bias)",
        lambda units: np.zeros(4 * units),
    ),
    Mistake(
        f"only the forget gate's block, {block('f')}, is 1; the others start at 0",
        lambda units: np.ones(4 * units),
    ),
    Mistake(
        "the bias covers all four gates: shape (4 * units,), zeros except the forget block",
        lambda units: np.ones(units),
    ),
)


@exercise("4.3", "the forget-gate bias at initialisation", initial_bias, BIAS_MISTAKES)
def check_initial_bias(answer, ex):
    units = 3
    compare(call(answer, units), ex.reference(units), "bias", ex.wrong_outputs(units))


# For tests/test_exercise_hints.py: an answer reading the fused blocks in another order.
IN_ORDER = {"4.1": step_forward_in_order}
