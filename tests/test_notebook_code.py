"""The code lessons 01, 04 and 05 write in the open is the package's code, checked in seconds.

Each of these lessons writes its network in a notebook cell (`rnn_step`, `lstm_forward_open`,
`MyLSTMCell`, ...) and later imports the package's version. nbval checks that they agree only by
running whole notebooks (minutes). This test lifts just those definitions out of the committed
notebooks (no other statement of their cells runs: no data, no training), executes them with
the imports they need, and compares them with `lstm_course` on random inputs. A lesson edited
without the package (or the reverse) fails `make unit`.

`MUTATIONS` proves the comparison can fail: each edits one line of a copy of a lesson's code,
as a drifting lesson would, and the check must then raise.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable

import numpy as np
import pytest

from lstm_course import numpy_training
from lstm_course.initializers import lstm_bias
from lstm_course.notebook_setup import import_tensorflow_quietly
from lstm_course.numpy_lstm import init_lstm_params, lstm_backward, lstm_forward
from lstm_course.numpy_rnn import init_rnn_params, rnn_backward, rnn_forward
from lstm_course.paths import NOTEBOOKS

TIGHT = {"rtol": 1e-12, "atol": 1e-12}  # float64, same operations in another order


def code_cells(notebook: str) -> list[str]:
    """The source of every code cell of notebooks/`notebook`, in order."""
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    return [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "code"
    ]


def lift(cells: list[str], names: tuple[str, ...], namespace: dict) -> dict:
    """Execute the top-level `def`/`class` statements called `names` found in `cells`.

    Only those statements run (with their decorators), in `namespace`, which must already hold
    the modules they use (`np`, `keras`, `ops`). Each name must be defined exactly once.
    """
    found: dict[str, ast.stmt] = {}
    for index, source in enumerate(cells):
        try:
            tree = ast.parse(source)
        except SyntaxError:  # an IPython magic: such a cell defines nothing we lift
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name in names:
                assert node.name not in found, f"{node.name} is defined twice (code cell {index})"
                found[node.name] = node
    missing = [name for name in names if name not in found]
    assert not missing, f"the lesson no longer defines {missing}: update this test"
    module = ast.Module(body=[found[name] for name in names], type_ignores=[])
    exec(compile(module, "<lesson cells>", "exec"), namespace)  # noqa: S102
    return namespace


def check_lesson_01(ns: dict) -> None:
    """The RNN step, forward pass, BPTT, loss, classifier gradients and clipping of lesson 01."""
    rng = np.random.default_rng(1)
    batch, steps, d, h = 3, 6, 4, 5
    params = init_rnn_params(d, h, seed=2)
    params["bias"] = rng.normal(0.0, 0.3, h)
    x, h0 = rng.normal(size=(batch, steps, d)), rng.normal(size=(batch, h))
    hs, _, cache = rnn_forward(x, params, h0)
    w, u, b = params["kernel"], params["recurrent_kernel"], params["bias"]
    np.testing.assert_allclose(ns["rnn_step"](x[:, 0], h0, w, u, b), hs[:, 0], **TIGHT)
    np.testing.assert_allclose(ns["rnn_forward_open"](x, params, h0), hs, **TIGHT)

    dhs = rng.normal(size=hs.shape)
    grads = rnn_backward(dhs, cache)
    open_grads = ns["rnn_backward_open"](dhs, x, hs, params, h0)
    assert set(open_grads) == {"kernel", "recurrent_kernel", "bias", "h0"}, set(open_grads)
    for name, value in open_grads.items():
        np.testing.assert_allclose(value, grads[name], **TIGHT, err_msg=name)

    logits, labels = rng.normal(size=(batch, 4)), np.array([0, 3, 1])
    loss, dlogits = ns["softmax_cross_entropy_open"](logits, labels)
    loss_pkg, dlogits_pkg = numpy_training.softmax_cross_entropy(logits, labels)
    np.testing.assert_allclose(loss, loss_pkg, **TIGHT)
    np.testing.assert_allclose(dlogits, dlogits_pkg, **TIGHT)

    full = {**params, "out_kernel": rng.normal(size=(h, 4)), "out_bias": rng.normal(size=4)}
    loss, grads = ns["loss_and_grads_open"](full, x, labels)
    loss_pkg, grads_pkg = numpy_training.classifier_loss_and_grads("rnn", full, x, labels)
    np.testing.assert_allclose(loss, loss_pkg, **TIGHT)
    assert set(grads) == set(grads_pkg), (set(grads), set(grads_pkg))
    for name, value in grads.items():
        np.testing.assert_allclose(value, grads_pkg[name], **TIGHT, err_msg=name)

    big = {name: 100.0 * g for name, g in grads.items()}
    clipped, norm = ns["clip_by_global_norm_open"](big, 5.0)
    clipped_pkg, norm_pkg = numpy_training.clip_by_global_norm(big, 5.0)
    np.testing.assert_allclose(norm, norm_pkg, **TIGHT)
    for name, value in clipped.items():
        np.testing.assert_allclose(value, clipped_pkg[name], **TIGHT, err_msg=name)


def check_lesson_04(ns: dict) -> None:
    """The LSTM forward pass and backpropagation through time of lesson 04."""
    z = np.array([-1000.0, -30.0, -1.0, 0.0, 0.5, 30.0, 1000.0])
    with np.errstate(over="ignore"):  # the plain formula overflows to inf at -1000: fine
        np.testing.assert_allclose(ns["sigmoid"](z), 1.0 / (1.0 + np.exp(-z)), **TIGHT)

    rng = np.random.default_rng(4)
    batch, steps, d, h = 3, 6, 4, 5
    params = init_lstm_params(d, h, seed=5)
    params["bias"] = rng.normal(0.0, 0.5, 4 * h)  # every block, not only the forget gate's
    x = rng.normal(size=(batch, steps, d))
    h0, c0 = rng.normal(size=(batch, h)), rng.normal(size=(batch, h))
    hs, (h_t, c_t), cache = lstm_forward(x, params, h0, c0)
    hs_open, (h_open, c_open), cache_open = ns["lstm_forward_open"](x, params, h0, c0)
    np.testing.assert_allclose(hs_open, hs, **TIGHT)
    np.testing.assert_allclose(h_open, h_t, **TIGHT)
    np.testing.assert_allclose(c_open, c_t, **TIGHT)

    dhs, dh_t, dc_t = (
        rng.normal(size=hs.shape),
        rng.normal(size=h0.shape),
        rng.normal(size=h0.shape),
    )
    grads = lstm_backward(dhs, cache, dh_t, dc_t)
    open_grads = ns["lstm_backward_open"](dhs, cache_open, params, dh_t, dc_t)
    assert set(open_grads) == set(grads), (set(open_grads), set(grads))
    for name, value in open_grads.items():
        np.testing.assert_allclose(value, grads[name], **TIGHT, err_msg=name)


def keras_namespace() -> dict:
    """`np`, `keras` and `ops` as lesson 05 imports them (TensorFlow loaded, quietly, here)."""
    import_tensorflow_quietly()
    import keras

    return {"np": np, "keras": keras, "ops": keras.ops}


def check_lesson_05(ns: dict) -> None:
    """Lesson 05's `MyLSTMCell` (and its bias initialiser) is the package's `LSTMCell`."""
    import keras

    from lstm_course.keras_cell import LSTMCell

    rng = np.random.default_rng(6)
    batch, steps, d, h = 3, 6, 4, 5
    x = rng.normal(size=(batch, steps, d))

    def run(cell: keras.layers.Layer, weights=None) -> list[np.ndarray]:
        layer = keras.layers.RNN(cell, return_sequences=True, return_state=True, dtype="float64")
        layer.build((None, steps, d))
        if weights is not None:
            layer.set_weights(weights)
        return [keras.ops.convert_to_numpy(t) for t in layer(x)], layer.get_weights()

    keras.utils.set_random_seed(7)
    mine, weights = run(ns["MyLSTMCell"](h, dtype="float64"))
    kernel, recurrent_kernel, bias = weights
    np.testing.assert_array_equal(bias, lstm_bias(h))  # forget_bias_one is the course's bias

    weights[2] = rng.normal(0.0, 0.5, 4 * h)  # a bias in every block, not only the forget gate's
    mine, _ = run(ns["MyLSTMCell"](h, dtype="float64"), weights)
    package, _ = run(LSTMCell(h, dtype="float64"), weights)
    for name, a, b in zip(("hs", "h_T", "c_T"), mine, package, strict=True):
        np.testing.assert_allclose(a, b, **TIGHT, err_msg=name)

    params = dict(zip(("kernel", "recurrent_kernel", "bias"), weights, strict=True))
    hs, (h_t, c_t), _ = lstm_forward(x, params)
    for name, a, b in zip(("hs", "h_T", "c_T"), mine, (hs, h_t, c_t), strict=True):
        np.testing.assert_allclose(a, b, **TIGHT, err_msg=f"{name} against the NumPy LSTM")


LESSONS: dict[str, tuple[str, tuple[str, ...], Callable[[], dict], Callable[[dict], None]]] = {
    "01": (
        "01_rnn_from_scratch.ipynb",
        (
            "rnn_step",
            "rnn_forward_open",
            "softmax_cross_entropy_open",
            "rnn_backward_open",
            "loss_and_grads_open",
            "clip_by_global_norm_open",
        ),
        lambda: {"np": np},
        check_lesson_01,
    ),
    "04": (
        "04_lstm_from_scratch.ipynb",
        ("sigmoid", "lstm_forward_open", "lstm_backward_open"),
        lambda: {"np": np},
        check_lesson_04,
    ),
    "05": (
        "05_keras_lstm_cell.ipynb",
        ("forget_bias_one", "MyLSTMCell"),
        keras_namespace,
        check_lesson_05,
    ),
}


def check(lesson: str, cells: list[str]) -> None:
    notebook, names, namespace, checker = LESSONS[lesson]
    checker(lift(cells, names, namespace()))


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_open_code_is_the_package(lesson: str) -> None:
    check(lesson, code_cells(LESSONS[lesson][0]))


# (lesson, a line of its open code, that line as a drifting lesson might rewrite it)
MUTATIONS = [
    pytest.param(
        "01",
        "np.tanh(x_t @ W + h_prev @ U + b)",
        "np.tanh(x_t @ W + h_prev @ U)",
        id="01-step-without-bias",
    ),
    pytest.param(
        "01",
        "dz = delta * (1.0 - hs[:, t] ** 2)",
        "dz = delta * (1.0 - hs[:, t])",
        id="01-wrong-tanh-derivative",
    ),
    pytest.param("04", "c = f * c_prev + i * g", "c = f * c_prev + g", id="04-no-input-gate"),
    pytest.param("04", "dc_next = dc * f", "dc_next = dc", id="04-cell-gradient-skips-f"),
    pytest.param(
        "05",
        "z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)",
        "z_f, z_i, z_g, z_o = ops.split(z, 4, axis=-1)",
        id="05-i-and-f-swapped",
    ),
    pytest.param(
        "05",
        "ops.ones((units,), dtype=dtype)",
        "ops.zeros((units,), dtype=dtype)",
        id="05-forget-bias-zero",
    ),
]


@pytest.mark.parametrize(("lesson", "line", "drifted"), MUTATIONS)
def test_a_drifted_copy_of_the_lesson_fails(lesson: str, line: str, drifted: str) -> None:
    cells = code_cells(LESSONS[lesson][0])
    edited = [source.replace(line, drifted) for source in cells]
    assert edited != cells, f"lesson {lesson} no longer has the line {line!r}: update MUTATIONS"
    with pytest.raises(AssertionError):
        check(lesson, edited)
