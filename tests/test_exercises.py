"""Every exercise check passes on its reference solution and fails, with the intended hint,
on realistic wrong answers; skeletons count as not attempted; no traceback reaches the learner."""

import importlib

import keras
import numpy as np
import pytest

from lstm_course import exercises
from lstm_course.exercise_checks import EXERCISES
from lstm_course.numpy_lstm import sigmoid

SOLUTIONS = {
    "1.1": ("lesson_01", "rnn_step"),
    "1.2": ("lesson_01", "step_backward"),
    "2.1": ("lesson_02", "gradient_norm_at_lag"),
    "2.2": ("lesson_02", "steps_until_vanished"),
    "3.1": ("lesson_03", "cell_update"),
    "3.2": ("lesson_03", "lstm_output"),
    "4.1": ("lesson_04", "forget_gate_backward"),
    "4.2": ("lesson_04", "lstm_step"),
    "4.3": ("lesson_04", "initial_bias"),
    "5.1": ("lesson_05", "split_kernel"),
    "5.2": ("lesson_05", "make_gru_cell"),
    "6.1": ("lesson_06", "lstm_param_count"),
    "6.2": ("lesson_06", "build_model"),
    "7.1": ("lesson_07", "gate_block"),
    "7.2": ("lesson_07", "forget_at_switch"),
    "8.1": ("lesson_08", "seasonal_naive"),
    "8.2": ("lesson_08", "make_windows"),
    "9.1": ("lesson_09", "apply_temperature"),
    "9.2": ("lesson_09", "bits_per_char"),
    "10.1": ("lesson_10", "adding_target"),
    "10.2": ("lesson_10", "solved_fraction"),
}


def _lstm_step_swapped(x, h, c, p):  # gate order i, f, o, c instead of i, f, c, o
    zi, zf, zo, zc = np.split(x @ p["kernel"] + h @ p["recurrent_kernel"] + p["bias"], 4, axis=1)
    c = sigmoid(zf) * c + sigmoid(zi) * np.tanh(zc)
    return sigmoid(zo) * np.tanh(c), c


def _gru_reset_before(units):
    """A GRU cell that applies the reset gate before the recurrent matmul (reset_after=False)."""
    from keras import ops

    from solutions.lesson_05 import GRUCell

    class ResetBefore(GRUCell):
        def call(self, inputs, states):
            h_prev = states[0] if isinstance(states, (list, tuple)) else states
            x = ops.matmul(inputs, self.kernel) + self.bias[0] + self.bias[1]
            xz, xr, xh = ops.split(x, 3, axis=-1)
            uz, ur, uh = ops.split(self.recurrent_kernel, 3, axis=-1)
            z = ops.sigmoid(xz + ops.matmul(h_prev, uz))
            r = ops.sigmoid(xr + ops.matmul(h_prev, ur))
            h_tilde = ops.tanh(xh + ops.matmul(r * h_prev, uh))
            h = z * h_prev + (1.0 - z) * h_tilde
            return h, [h]

    return ResetBefore(units)


def _unmasked_model(vocab_size, units):
    return keras.Sequential(
        [
            keras.Input((None,), dtype="int32"),
            keras.layers.Embedding(vocab_size, 8),
            keras.layers.Bidirectional(keras.layers.LSTM(units)),
        ]
    )


# (exercise, wrong answer, a phrase the hint must contain)
WRONG = [
    (
        "1.1",
        lambda x, h, p: np.tanh(x @ p["kernel"] + h @ p["recurrent_kernel"]),
        "bias is missing",
    ),
    (
        "1.1",
        lambda x, h, p: np.tanh(x @ p["kernel"] + h @ p["recurrent_kernel"].T + p["bias"]),
        "transposed",
    ),
    ("1.1", lambda x, h, p: np.tanh(x @ p["recurrent_kernel"] + h @ p["kernel"]), "raised"),
    ("1.2", lambda dh, h, p: dh @ p["recurrent_kernel"].T, "tanh derivative"),
    ("1.2", lambda dh, h, p: (dh * (1 - h**2)) @ p["recurrent_kernel"], "U transposed"),
    ("2.1", lambda u, lag: np.linalg.norm(np.linalg.matrix_power(u, lag - 1), 2), "off by one"),
    ("2.1", lambda u, lag: np.linalg.norm(np.linalg.matrix_power(u, lag)), "Frobenius"),
    ("2.2", lambda r, th: int(np.floor(np.log(th) / np.log(r))), "off by one"),
    ("3.1", lambda f, i, g, c: f @ c + i @ g, "dot product"),
    ("3.1", lambda f, i, g, c: i * c + f * g, "swapped"),
    ("3.2", lambda o, c: o * c, "tanh is missing"),
    ("3.2", lambda o, c: o @ np.tanh(c), "dot product"),
    ("4.1", lambda dc, cp, ct, f: dc * ct * f * (1 - f), "off by one in time"),
    ("4.1", lambda dc, cp, ct, f: dc * cp, "derivative"),
    ("4.2", _lstm_step_swapped, "swapped gate order"),
    ("4.2", lambda x, h, c, p: np.zeros((2, 4)), "return the pair"),
    ("4.3", lambda units: np.zeros(4 * units), "forget bias missing"),
    ("4.3", lambda units: np.r_[np.ones(units), np.zeros(3 * units)], "input gate"),
    ("5.1", lambda k: dict(zip("ifco", np.split(k, 4, axis=0), strict=True)), "wrong axis"),
    ("5.1", lambda k: dict(zip("ifoc", np.split(k, 4, axis=1), strict=True)), "swapped gate order"),
    ("5.2", _gru_reset_before, "reset_after=True"),
    ("6.1", lambda d, h: 4 * (d * h + h * h), "biases are missing"),
    ("6.1", lambda d, h: 3 * (d * h + h * h + h), "4 blocks"),
    ("6.2", _unmasked_model, "mask_zero=True"),
    ("7.1", lambda g, name: np.split(g, 4, axis=-1)["ifoc".index(name)], "swapped gate order"),
    ("7.2", lambda f, s, u: f[:, s + 1][:, u].mean(), "off by one in time"),
    ("7.2", lambda f, s, u: f[:, s].mean(), "chosen units only"),
    ("8.1", lambda y, s: y[1 : len(y) - s + 1], "off by one"),
    ("8.1", lambda y, s: y[s - 1 : -1], "naive"),
    (
        "8.2",
        lambda y, w: (np.stack([y[i : i + w] for i in range(len(y) - w)]), y[w - 1 : -1]),
        "off by one",
    ),
    ("9.1", lambda p, t: p**t / np.sum(p**t), "1 / T"),
    ("9.1", lambda p, t: np.asarray(p) ** (1 / t), "renormalise"),
    ("9.2", lambda nats: nats * np.log(2), "multiplied"),
    ("9.2", lambda nats: nats / np.log(10), "base 10"),
    ("10.1", lambda x: x[..., 1].sum(axis=1), "summed the markers"),
    ("10.1", lambda x: (x[..., 0] * x[..., 1]).sum(axis=0), "sum over time"),
    ("10.2", lambda p, y: np.mean((p - y) ** 2 < 0.04), "ABSOLUTE"),
    ("10.2", lambda p, y: np.sum(np.abs(p - y) < 0.04), "fraction"),
]


@pytest.fixture(autouse=True)
def progress_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("LSTM_COURSE_PROGRESS", str(tmp_path / "progress.json"))


def test_every_exercise_has_a_solution_and_a_wrong_answer():
    assert set(SOLUTIONS) == set(EXERCISES)
    assert {key for key, _, _ in WRONG} == set(EXERCISES)
    lessons = {key.split(".")[0] for key in EXERCISES}
    assert lessons == {str(n) for n in range(1, 11)}  # every lesson 01-10 has exercises


@pytest.mark.parametrize("key", list(SOLUTIONS))
def test_reference_solution_passes(key, capsys):
    module, name = SOLUTIONS[key]
    answer = getattr(importlib.import_module(f"solutions.{module}"), name)
    result = exercises.evaluate(key, answer)
    assert result.passed, result.message
    exercises.check(key, answer)
    assert capsys.readouterr().out.startswith(f"✅ Exercise {key}")


@pytest.mark.parametrize("key,answer,phrase", WRONG)
def test_wrong_answer_gets_its_hint(key, answer, phrase, capsys):
    result = exercises.evaluate(key, answer)
    assert result.status == "failed"
    assert phrase in result.message, result.message
    exercises.check(key, answer)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "Traceback" not in out  # one line, no traceback


@pytest.mark.parametrize("key", list(EXERCISES))
def test_skeleton_is_not_attempted(key, capsys):
    def skeleton(*args, **kwargs):
        return None

    assert exercises.evaluate(key, skeleton).status == "not attempted"
    exercises.check(key, skeleton)
    assert "not attempted yet" in capsys.readouterr().out
    assert exercises.evaluate(key, None).status == "not attempted"


def test_progress_records_attempts(capsys):
    from solutions.lesson_03 import cell_update

    exercises.evaluate("3.1", lambda f, i, g, c: f @ c + i @ g)
    assert exercises.progress(verbose=False)["3.1"] == "tried"
    exercises.evaluate("3.1", cell_update)
    exercises.evaluate("3.1", lambda f, i, g, c: f @ c + i @ g)  # a pass is kept
    table = exercises.progress()
    assert table["3.1"] == "passed" and table["1.1"] == "-"
    exercises.check("1.1", lambda x, h, p: x, record=False)
    assert exercises.progress(verbose=False)["1.1"] == "-"
    assert f"1 of {len(EXERCISES)} exercises passed" in capsys.readouterr().out


def test_unknown_exercise_is_an_error():
    with pytest.raises(ValueError, match="unknown exercise '11.1'"):
        exercises.check("11.1", None)
