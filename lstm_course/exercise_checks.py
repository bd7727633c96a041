"""The checks behind `lstm_course.exercises.check`: one function per exercise.

A check calls the learner's answer on fixed random inputs and compares it with the course's
reference. When the answer is wrong it looks for the usual mistakes (a dot product where an
element-wise product belongs, swapped gate order, a missing forget bias, a transposed
kernel, an off-by-one in time, a wrong axis) and raises `Hint` naming the one it found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lstm_course.numpy_lstm import sigmoid


class Hint(Exception):
    """The answer is wrong; the message says what is likely wrong."""


class NotAttempted(Exception):
    """The skeleton was not filled in (it returned None)."""


@dataclass(frozen=True)
class Exercise:
    title: str
    checker: Callable


EXERCISES: dict[str, Exercise] = {}


def exercise(key: str, title: str):
    """Register the decorated function as the check of exercise `key`."""

    def register(fn):
        EXERCISES[key] = Exercise(title, fn)
        return fn

    return register


def _rng():
    return np.random.default_rng(20261124)


def compare(got, expected, name: str, mistakes=None, rtol: float = 1e-6, atol: float = 1e-8):
    """Pass if `got` equals `expected`; otherwise raise a Hint naming the matching mistake.

    `mistakes` maps hint -> the value that mistake produces (a dict, or a list of pairs when
    several wrong values share a hint).
    """
    if got is None:
        raise NotAttempted
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    pairs = mistakes.items() if isinstance(mistakes, dict) else (mistakes or [])
    candidates = [(hint, np.asarray(v, dtype=float)) for hint, v in pairs]
    if got.shape != expected.shape:
        for hint, wrong in candidates:
            if wrong.shape == got.shape and np.allclose(got, wrong, rtol=rtol, atol=atol):
                raise Hint(hint)
        raise Hint(f"{name} should have shape {expected.shape}, got {got.shape}")
    if np.allclose(got, expected, rtol=rtol, atol=atol):
        return
    for hint, wrong in candidates:
        if wrong.shape == got.shape and np.allclose(got, wrong, rtol=rtol, atol=atol):
            raise Hint(hint)
    diff = float(np.max(np.abs(got - expected)))
    raise Hint(f"{name} differs from the reference by up to {diff:.3g}")


def _rnn_params(rng, d, h):
    return {
        "kernel": rng.normal(0, 0.5, (d, h)),
        "recurrent_kernel": rng.normal(0, 0.5, (h, h)),
        "bias": rng.normal(0, 0.5, h),
    }


# ---------------------------------------------------------------- Lesson 01: RNN from scratch
@exercise("1.1", "one RNN step")
def check_rnn_step(rnn_step):
    rng = _rng()
    p = _rnn_params(rng, 3, 4)
    x, h = rng.normal(size=(2, 3)), rng.normal(size=(2, 4))
    k, u, b = p["kernel"], p["recurrent_kernel"], p["bias"]
    compare(
        rnn_step(x, h, p),
        np.tanh(x @ k + h @ u + b),
        "h_t",
        {
            "the bias is missing: h_t = tanh(x_t W + h_{t-1} U + b)": np.tanh(x @ k + h @ u),
            "use tanh, not the sigmoid, as the RNN's activation": sigmoid(x @ k + h @ u + b),
            "the activation is missing: wrap the sum in np.tanh": x @ k + h @ u + b,
            "h_{t-1} was multiplied by the transposed recurrent kernel: use h_prev @ U": np.tanh(
                x @ k + h @ u.T + b
            ),
        },
    )


@exercise("1.2", "one step of backpropagation through time")
def check_rnn_step_backward(step_backward):
    rng = _rng()
    p = _rnn_params(rng, 3, 4)
    u = p["recurrent_kernel"]
    dh, h = rng.normal(size=(2, 4)), np.tanh(rng.normal(size=(2, 4)))
    compare(
        step_backward(dh, h, p),
        (dh * (1 - h**2)) @ u.T,
        "dh_prev",
        {
            "the tanh derivative (1 - h_t**2) is missing": dh @ u.T,
            "use U transposed: dh_prev = (dh_t * (1 - h_t**2)) @ U.T": (dh * (1 - h**2)) @ u,
            "tanh'(z) is 1 - tanh(z)**2 = 1 - h_t**2, not 1 - h_t": (dh * (1 - h)) @ u.T,
        },
    )


# ---------------------------------------------------------------- Lesson 02: why RNNs forget
@exercise("2.1", "gradient norm at a given lag")
def check_gradient_norm_at_lag(gradient_norm_at_lag):
    rng = _rng()
    q, _ = np.linalg.qr(rng.normal(size=(6, 6)))
    for radius, lag in ((0.8, 5), (1.2, 7), (0.5, 1)):
        u = radius * q
        got = gradient_norm_at_lag(u, lag)
        compare(
            got,
            radius**lag,
            f"the norm at lag {lag} (radius {radius})",
            {
                "off by one: at lag k the gradient passes through U k times, not k - 1": radius
                ** (lag - 1),
                "off by one: at lag k the gradient passes through U k times, not k + 1": radius
                ** (lag + 1),
                "the gradient multiplies by U at every step: it scales like radius**lag, "
                "not radius * lag": radius * lag,
                "use the spectral norm (np.linalg.norm(M, 2)), not the Frobenius norm": radius**lag
                * np.sqrt(6),
            },
        )
    u = rng.normal(0, 0.4, (6, 6))
    power = np.linalg.matrix_power(u, 4)
    compare(
        gradient_norm_at_lag(u, 4),
        np.linalg.norm(power, 2),
        "the norm for a random U",
        {
            "use the spectral norm (np.linalg.norm(M, 2)), not the Frobenius norm": np.linalg.norm(
                power
            ),
            "take the norm of U**lag (not the norm of U to the power lag)": np.linalg.norm(u, 2)
            ** 4,
        },
    )


@exercise("2.2", "how many steps until the gradient vanishes")
def check_steps_until_vanished(steps_until_vanished):
    for radius, threshold in ((0.9, 1e-3), (0.5, 1e-2), (0.99, 0.5)):
        want = int(np.ceil(np.log(threshold) / np.log(radius)))
        if radius**want >= threshold:  # guard against rounding at exact powers
            want += 1
        got = steps_until_vanished(radius, threshold)
        compare(
            got,
            want,
            f"steps for radius {radius}, threshold {threshold}",
            {
                "off by one: return the first lag whose norm is BELOW the threshold": want - 1,
                "off by one: you returned one lag past the first one below the threshold": want + 1,
            },
        )


# ---------------------------------------------------------------- Lesson 03: gate by gate
def _gates(rng, n=4):
    f, i = sigmoid(rng.normal(size=(n, n))), sigmoid(rng.normal(size=(n, n)))
    return f, i, np.tanh(rng.normal(size=(n, n))), rng.normal(size=(n, n))


@exercise("3.1", "the cell-state update")
def check_cell_update(cell_update):
    f, i, g, c_prev = _gates(_rng())  # square (batch = H) so a dot product runs silently
    dot = "you took a dot product where the gate needs an element-wise product (use *, not @)"
    compare(
        cell_update(f, i, g, c_prev),
        f * c_prev + i * g,
        "c_t",
        [
            (dot, f @ c_prev + i @ g),
            (dot, f @ c_prev.T + i @ g.T),
            (dot, np.sum(f * c_prev) + np.sum(i * g)),
            (
                "swapped gates: the forget gate scales c_{t-1}, the input gate the candidate",
                i * c_prev + f * g,
            ),
            ("the new information is missing: c_t = f_t * c_{t-1} + i_t * c~_t", f * c_prev),
            (
                "scale the old memory by the forget gate: c_t = f_t * c_{t-1} + i_t * c~_t",
                c_prev + i * g,
            ),
        ],
    )


@exercise("3.2", "the output h_t")
def check_lstm_output(lstm_output):
    f, _, _, c = _gates(_rng())
    o = f
    compare(
        lstm_output(o, c),
        o * np.tanh(c),
        "h_t",
        {
            "the tanh is missing: h_t = o_t * tanh(c_t)": o * c,
            "squash the cell state first, then gate it: h_t = o_t * tanh(c_t)": np.tanh(o * c),
            "you took a dot product where the gate needs an element-wise product (use *, not @)": o
            @ np.tanh(c),
        },
    )


# ---------------------------------------------------------------- Lesson 04: LSTM from scratch
@exercise("4.1", "backward pass of the forget gate")
def check_forget_gate_backward(forget_gate_backward):
    rng = _rng()
    dc, c_prev, c_t = rng.normal(size=(3, 5)), rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    f = sigmoid(rng.normal(size=(3, 5)))
    compare(
        forget_gate_backward(dc, c_prev, c_t, f),
        dc * c_prev * f * (1 - f),
        "da_f",
        {
            "the sigmoid's derivative f * (1 - f) is missing": dc * c_prev,
            "off by one in time: the forget gate multiplies c_{t-1}, not c_t": dc
            * c_t
            * f
            * (1 - f),
            "the gate's input c_{t-1} is missing from the chain rule": dc * f * (1 - f),
        },
    )


def _lstm_step(x, h, c, k, u, b, order="ifco"):
    z = x @ k + h @ u + b
    blocks = dict(zip(order, np.split(z, 4, axis=1), strict=True))
    i, f, g, o = (
        sigmoid(blocks["i"]),
        sigmoid(blocks["f"]),
        np.tanh(blocks["c"]),
        sigmoid(blocks["o"]),
    )
    c = f * c + i * g
    return o * np.tanh(c), c


@exercise("4.2", "one LSTM step in Keras's layout")
def check_lstm_step(lstm_step):
    rng = _rng()
    d, h_units = 3, 4
    k, u = rng.normal(0, 0.5, (d, 4 * h_units)), rng.normal(0, 0.5, (h_units, 4 * h_units))
    b = rng.normal(0, 0.5, 4 * h_units)
    x, h, c = rng.normal(size=(2, d)), rng.normal(size=(2, h_units)), rng.normal(size=(2, h_units))
    params = {"kernel": k, "recurrent_kernel": u, "bias": b}
    got = lstm_step(x, h, c, params)
    if got is None:
        raise NotAttempted
    if not isinstance(got, tuple) or len(got) != 2:
        raise Hint("return the pair (h_t, c_t)")
    want_h, want_c = _lstm_step(x, h, c, k, u, b)
    mistakes = {
        f"swapped gate order: Keras's blocks are i, f, c, o; you used "
        f"{', '.join(order)}": _lstm_step(x, h, c, k, u, b, order)[1]
        for order in ("ifoc", "fico", "iofc", "cifo")
    }
    compare(got[1], want_c, "c_t", mistakes)
    compare(got[0], want_h, "h_t", {"h_t = o_t * tanh(c_t)": want_h / np.tanh(want_c) * want_c})


@exercise("4.3", "the forget-gate bias at initialisation")
def check_initial_bias(initial_bias):
    units = 3
    want = np.zeros(4 * units)
    want[units : 2 * units] = 1.0
    wrong = {}
    for block, name in ((0, "input gate"), (2, "candidate"), (3, "output gate")):
        v = np.zeros(4 * units)
        v[block * units : (block + 1) * units] = 1.0
        wrong[
            f"the ones went into the {name}'s block: the forget gate is block 2 of i, f, c, o"
        ] = v
    wrong["forget bias missing: Keras starts the forget gate's bias at 1 (unit_forget_bias)"] = (
        np.zeros(4 * units)
    )
    wrong["only the forget gate's block is 1; the others start at 0"] = np.ones(4 * units)
    compare(initial_bias(units), want, "bias", wrong)


# ---------------------------------------------------------------- Lesson 05: a Keras LSTM cell
@exercise("5.1", "split Keras's fused kernel into gates")
def check_split_kernel(split_kernel):
    kernel = _rng().normal(size=(4, 8))  # D = 4, H = 2: splitting the wrong axis also "works"
    got = split_kernel(kernel)
    if got is None:
        raise NotAttempted
    if not isinstance(got, dict) or set(got) != {"i", "f", "c", "o"}:
        raise Hint("return a dict with the keys 'i', 'f', 'c', 'o'")
    blocks = np.split(kernel, 4, axis=1)
    rows = np.split(kernel, 4, axis=0)
    for pos, gate in enumerate("ifco"):
        mistakes = {"wrong axis: the gates sit side by side along the last axis (D, 4H)": rows[pos]}
        for j in range(4):
            if j != pos:
                mistakes[f"swapped gate order: it is i, f, c, o ({gate!r} is block {pos})"] = (
                    blocks[j]
                )
        compare(got[gate], blocks[pos], f"the {gate} block", mistakes)


@exercise("5.2", "a GRU cell equal to keras.layers.GRU")
def check_gru_cell(make_gru_cell):
    import keras

    cell = make_gru_cell(3)
    if cell is None:
        raise NotAttempted
    rng = _rng()
    x = rng.normal(size=(2, 5, 4)).astype("float32")
    reference = keras.layers.GRU(3, return_sequences=True)
    reference.build(x.shape)
    weights = [rng.normal(0, 0.5, w.shape).astype("float32") for w in reference.get_weights()]
    reference.set_weights(weights)
    layer = keras.layers.RNN(cell, return_sequences=True)
    layer.build(x.shape)
    shapes = [w.shape for w in layer.get_weights()]
    if shapes != [w.shape for w in weights]:
        raise Hint(
            f"lay the weights out like keras.layers.GRU: kernel (D, 3H), recurrent_kernel "
            f"(H, 3H), bias (2, 3H) — yours are {shapes}"
        )
    layer.set_weights(weights)
    got = np.asarray(layer(x))
    want = np.asarray(reference(x))
    variants = {}
    for hint, kwargs in (
        (
            "Keras's default GRU applies the reset gate AFTER the recurrent matmul "
            "(reset_after=True): r * (h @ U_h + b_h)",
            {"reset_after": False},
        ),
    ):
        other = keras.layers.GRU(3, return_sequences=True, **kwargs)
        other.build(x.shape)
        w = [weights[0], weights[1], weights[2][0] + weights[2][1]]
        other.set_weights(w)
        variants[hint] = np.asarray(other(x))
    compare(got, want, "the GRU's outputs", variants, rtol=1e-4, atol=1e-5)  # float32


# ---------------------------------------------------------------- Lesson 06: keras.layers.LSTM
@exercise("6.1", "parameter count of an LSTM layer")
def check_lstm_param_count(lstm_param_count):
    for d, h in ((8, 16), (1, 1), (30, 7)):
        compare(
            lstm_param_count(d, h),
            4 * (d * h + h * h + h),
            f"count for D={d}, H={h}",
            {
                "the biases are missing: each of the 4 gates has H of them": 4 * (d * h + h * h),
                "an LSTM has 4 blocks (i, f, c, o), not 3": 3 * (d * h + h * h + h),
                "the recurrent kernel is (H, 4H): H*H per gate": 4 * (d * h + h),
            },
        )


@exercise("6.2", "a masked bidirectional model")
def check_masked_bidirectional(build_model):
    import keras

    model = build_model(20, 4)
    if model is None:
        raise NotAttempted
    if not any(isinstance(layer, keras.layers.Bidirectional) for layer in model.layers):
        raise Hint("wrap the LSTM in keras.layers.Bidirectional")
    ids = np.array([[3, 7, 1, 9, 0, 0, 0]])
    short = ids[:, :4]
    out_padded = np.asarray(model(ids))
    out_short = np.asarray(model(short))
    if out_padded.shape[-1] != 8:
        raise Hint(
            f"the output should have 2 * units = 8 features (both directions, "
            f"concatenated), got {out_padded.shape}"
        )
    if not np.allclose(out_padded, out_short, atol=1e-5):
        raise Hint(
            "padding changes the output: set mask_zero=True in the Embedding so the "
            "padded steps (id 0) are skipped in both directions"
        )


# ---------------------------------------------------------------- Lesson 07: inside the LSTM
@exercise("7.1", "pull one gate out of the fused activations")
def check_gate_block(gate_block):
    gates = _rng().uniform(size=(2, 5, 12))  # (batch, time, 4H) with H = 3
    blocks = np.split(gates, 4, axis=-1)
    for pos, name in enumerate("ifco"):
        swapped = f"swapped gate order: it is i, f, c, o ({name!r} is block {pos})"
        mistakes = [(swapped, blocks[j]) for j in range(4) if j != pos]
        compare(gate_block(gates, name), blocks[pos], f"gate {name!r}", mistakes)


@exercise("7.2", "mean forget gate at the switch word")
def check_forget_at_switch(forget_at_switch):
    rng = _rng()
    f = rng.uniform(size=(6, 9, 5))
    units, switch_at = [0, 3], 3
    want = f[:, switch_at][:, units].mean()
    compare(
        forget_at_switch(f, switch_at, units),
        want,
        "the mean",
        {
            "off by one in time: read the gate AT the switch word's step": f[:, switch_at - 1][
                :, units
            ].mean(),
            "off by one in time: read the gate AT the switch word's step, not the next one": f[
                :, switch_at + 1
            ][:, units].mean(),
            "wrong axis: f is (batch, time, units); index time on axis 1, units on axis 2": f[
                :, :, switch_at
            ][:, units].mean()
            if f.shape[2] > switch_at
            else np.nan,
            "average over the chosen units only": f[:, switch_at].mean(),
        },
    )


# ---------------------------------------------------------------- Lesson 08: time series
@exercise("8.1", "the seasonal-naive forecast")
def check_seasonal_naive(seasonal_naive):
    y = np.arange(20.0) ** 1.5
    season = 6
    compare(
        seasonal_naive(y, season),
        y[:-season],
        "the forecasts for y[season:]",
        {
            "off by one: the forecast for step t is y[t - season]": y[1 : len(y) - season + 1],
            "that is the naive (last value) forecast; use the value one season earlier": y[
                season - 1 : -1
            ],
        },
    )


@exercise("8.2", "windows and targets")
def check_make_windows(make_windows):
    series = np.arange(10.0) ** 2
    window = 3
    got = make_windows(series, window)
    if got is None:
        raise NotAttempted
    if not isinstance(got, tuple) or len(got) != 2:
        raise Hint("return the pair (windows, targets)")
    n = len(series) - window
    want_x = np.stack([series[i : i + window] for i in range(n)])
    compare(got[0], want_x, "windows")
    compare(
        got[1],
        series[window:],
        "targets",
        {
            "off by one: the target is the value AFTER the window, not its last value": series[
                window - 1 : -1
            ],
        },
    )


# ---------------------------------------------------------------- Lesson 09: text generation
@exercise("9.1", "temperature")
def check_apply_temperature(apply_temperature):
    p = np.array([0.5, 0.3, 0.15, 0.05])
    for t in (0.5, 2.0):
        want = p ** (1 / t) / np.sum(p ** (1 / t))
        compare(
            apply_temperature(p, t),
            want,
            f"probabilities at temperature {t}",
            {
                "divide the log-probabilities by T: p ** (1 / T), renormalised (not p ** T)": p**t
                / np.sum(p**t),
                "renormalise so the probabilities sum to 1": p ** (1 / t),
                "temperature reshapes the distribution: multiplying p by T changes nothing after "
                "renormalising": p,
            },
        )


@exercise("9.2", "bits per character")
def check_bits_per_char(bits_per_char):
    for nats in (1.0, 2.3):
        compare(
            bits_per_char(nats),
            nats / np.log(2),
            f"bits for {nats} nats",
            {
                "bits = nats / ln 2 (you multiplied)": nats * np.log(2),
                "bits use log base 2, not base 10": nats / np.log(10),
                "convert: a loss in nats is divided by ln 2 to get bits": nats,
            },
        )


# ---------------------------------------------------------------- Lesson 10: long memory
@exercise("10.1", "the adding problem's target")
def check_adding_target(adding_target):
    from lstm_course.data.adding_problem import adding_problem

    x, y = adding_problem(5, 8, seed=3, dtype=np.float64)
    compare(
        adding_target(x),
        y,
        "targets (n,)",
        {
            "you summed the markers; sum the VALUES at the marked steps": x[..., 1].sum(axis=1),
            "sum over time (axis 1), one target per sequence": (x[..., 0] * x[..., 1]).sum(axis=0),
            "multiply the values by the markers before summing": x[..., 0].sum(axis=1),
        },
    )


@exercise("10.2", "fraction of sequences solved")
def check_solved_fraction(solved_fraction):
    rng = _rng()
    y = rng.uniform(0, 2, 200)
    pred = y + rng.normal(0, 0.05, 200)
    err = np.abs(pred - y)
    compare(
        solved_fraction(pred, y),
        np.mean(err < 0.04),
        "the fraction",
        {
            "compare the ABSOLUTE error with 0.04, not the squared error": np.mean(
                (pred - y) ** 2 < 0.04
            ),
            "use the absolute error: negative errors count too": np.mean(pred - y < 0.04),
            "return a fraction in [0, 1], not a count": np.sum(err < 0.04),
        },
    )
