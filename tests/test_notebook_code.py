"""The code lessons 01, 04, 05 and 09 write in the open is the package's code, checked in seconds.

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

from lstm_course.course.checkout import NOTEBOOKS
from lstm_course.course.setup import import_tensorflow_quietly
from lstm_course.numpy_nets import training as numpy_training
from lstm_course.numpy_nets.initializers import lstm_bias
from lstm_course.numpy_nets.lstm import init_lstm_params, lstm_backward, lstm_forward
from lstm_course.numpy_nets.lstm_step import lstm_step_backward, lstm_step_forward
from lstm_course.numpy_nets.rnn import init_rnn_params, rnn_backward, rnn_forward

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
    """The forward loop, loss, classifier gradients and clipping lesson 01 writes in the open.

    The step forward, the step backward and BPTT are the learner's exercises (1.1-1.3, tested by
    tests/test_exercise_hints.py); the lesson goes on with the package's, as this test does."""
    from lstm_course.numpy_nets.rnn import rnn_backward_steps, rnn_step_forward

    ns.update(rnn_step_forward=rnn_step_forward, rnn_backward_steps=rnn_backward_steps)
    rng = np.random.default_rng(1)
    batch, steps, d, h = 3, 6, 4, 5
    params = init_rnn_params(d, h, seed=2)
    params["bias"] = rng.normal(0.0, 0.3, h)
    x, h0 = rng.normal(size=(batch, steps, d)), rng.normal(size=(batch, h))
    hs, _, cache = rnn_forward(x, params, h0)
    hs_open, caches = ns["rnn_forward_open"](x, params, h0)
    np.testing.assert_allclose(hs_open, hs, **TIGHT)
    assert len(caches) == steps
    dhs = rng.normal(size=hs.shape)
    grads, grads_steps = rnn_backward(dhs, cache), rnn_backward_steps(dhs, caches)
    for name, value in grads_steps.items():  # the loop's caches are the ones BPTT needs
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
    """The LSTM forward pass and backpropagation through time of lesson 04: the loops over time
    it writes in the open around the package's step (`lstm_step_forward`, `lstm_step_backward`,
    the references of its exercises 4.1 and 4.2, whose skeletons are not lifted)."""
    ns["lstm_step_forward"], ns["lstm_step_backward"] = lstm_step_forward, lstm_step_backward
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
    hs_open, (h_open, c_open), caches_open = ns["lstm_forward_open"](x, params, h0, c0)
    np.testing.assert_allclose(hs_open, hs, **TIGHT)
    np.testing.assert_allclose(h_open, h_t, **TIGHT)
    np.testing.assert_allclose(c_open, c_t, **TIGHT)
    assert len(caches_open) == steps
    np.testing.assert_allclose(caches_open[-1]["f"], np.split(cache["gates"][:, -1], 4, 1)[1])

    dhs, dh_t, dc_t = (
        rng.normal(size=hs.shape),
        rng.normal(size=h0.shape),
        rng.normal(size=h0.shape),
    )
    grads = lstm_backward(dhs, cache, dh_t, dc_t)
    open_grads = ns["lstm_backward_open"](dhs, caches_open, dh_t, dc_t)
    assert set(open_grads) == set(grads), (set(open_grads), set(grads))
    for name, value in open_grads.items():
        np.testing.assert_allclose(value, grads[name], **TIGHT, err_msg=name)


def keras_namespace() -> dict:
    """`np`, `keras` and `ops` as lesson 05 imports them (TensorFlow loaded, quietly, here)."""
    import_tensorflow_quietly()
    import keras

    return {"np": np, "keras": keras, "ops": keras.ops}


def check_lesson_05(ns: dict) -> None:
    """Lesson 05's open code, the bias initialiser and the `__init__` and `build` of the
    `MyLSTMCell` skeleton, is the package's `LSTMCell` without its call: same state sizes, same
    initial weights under one seed, and with the call of 5.1's solution the same outputs. The
    skeleton's `call` is the learner's (exercise 5.1): committed, it returns None."""
    import keras

    from lstm_course.keras_nets.cell import LSTMCell
    from solutions.lesson_05 import MyLSTMCell as Solution

    rng = np.random.default_rng(6)
    batch, steps, d, h = 3, 6, 4, 5
    x = rng.normal(size=(batch, steps, d))
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(ns["forget_bias_one"]((4 * h,), dtype="float64")), lstm_bias(h)
    )

    def built(cell_class: type) -> keras.layers.Layer:
        keras.utils.set_random_seed(7)  # before the cell: LSTMCell draws its initialisers' seeds
        cell = cell_class(h, dtype="float64")
        cell.build((None, d))
        return cell

    mine, package = built(ns["MyLSTMCell"]), built(LSTMCell)
    assert mine.state_size == package.state_size == [h, h], mine.state_size
    assert [w.name for w in mine.weights] == [w.name for w in package.weights]
    for a, b in zip(mine.get_weights(), package.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b, err_msg="the skeleton's build is not LSTMCell's")
    x0, h0 = (keras.ops.convert_to_tensor(v) for v in (x[:, 0], np.zeros((batch, h))))
    assert mine.call(x0, [h0, h0]) is None, "the committed skeleton solves exercise 5.1"

    class Solved(ns["MyLSTMCell"]):
        call = Solution.call

    def run(cell: keras.layers.Layer, weights) -> list[np.ndarray]:
        layer = keras.layers.RNN(cell, return_sequences=True, return_state=True, dtype="float64")
        layer.build((None, steps, d))
        layer.set_weights(weights)
        return [keras.ops.convert_to_numpy(t) for t in layer(x)]

    weights = package.get_weights()
    weights[2] = rng.normal(0.0, 0.5, 4 * h)  # a bias in every block, not only the forget gate's
    ours, theirs = (
        run(Solved(h, dtype="float64"), weights),
        run(LSTMCell(h, dtype="float64"), weights),
    )
    for name, a, b in zip(("hs", "h_T", "c_T"), ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, **TIGHT, err_msg=name)
    params = dict(zip(("kernel", "recurrent_kernel", "bias"), weights, strict=True))
    hs, (h_t, c_t), _ = lstm_forward(x, params)
    for name, a, b in zip(("hs", "h_T", "c_T"), ours, (hs, h_t, c_t), strict=True):
        np.testing.assert_allclose(a, b, **TIGHT, err_msg=f"{name} against the NumPy LSTM")


def lesson_09_namespace() -> dict:
    """What lesson 09's cells use, with a small model: V = 7 characters, 5 units, embed 3,
    dropout 0.2 (the recipe's dropout, so the training step's masks are compared too)."""
    ns = keras_namespace()
    import math

    import tensorflow as tf

    loss_fn = ns["keras"].losses.SparseCategoricalCrossentropy(from_logits=True)
    return {
        **ns,
        "math": math,
        "tf": tf,
        "loss_fn": loss_fn,
        "V": 7,
        "UNITS": 5,
        "EMBED": 3,
        "DROPOUT": 0.2,
    }


def check_lesson_09(ns: dict) -> None:
    """Lesson 09's streams, model, bits and training step are `lstm_course.keras_nets.char_lstm`'s,
    which benchmarks/char_model_settings.py trains with other settings."""
    import keras

    from lstm_course.keras_nets import char_lstm

    rng = np.random.default_rng(9)
    ids = rng.integers(0, ns["V"], 203)
    for got, want in zip(ns["streams"](ids, 4), char_lstm.streams(ids, 4), strict=True):
        np.testing.assert_array_equal(got, want)

    def built(build) -> keras.Model:
        keras.utils.set_random_seed(3)
        return build()

    mine = built(ns["build_model"])
    package = built(
        lambda: char_lstm.build_char_lstm(ns["V"], ns["UNITS"], ns["EMBED"], ns["DROPOUT"])
    )
    assert [layer.name for layer in mine.layers] == [layer.name for layer in package.layers]
    for a, b in zip(mine.get_weights(), package.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b, err_msg="build_model is not build_char_lstm")
    x, y = char_lstm.streams(ids, 4)
    x, y = x[:, :10], y[:, :10]
    for a, b in zip(ns["zero_state"](4), char_lstm.zero_state(package, 4), strict=True):
        np.testing.assert_array_equal(a, b)
    logits = rng.normal(size=(4, 10, ns["V"]))
    np.testing.assert_allclose(ns["target_bits"](logits, y), char_lstm.target_bits(logits, y))

    def trained(model, make_train_step) -> list[np.ndarray]:
        optimizer = keras.optimizers.Adam(learning_rate=0.01, clipnorm=1.0)
        step = make_train_step(model, optimizer)
        h, c = char_lstm.zero_state(model, 4)
        for w in range(2):  # two windows, the state carried from the first to the second
            _, h, c = step(x[:, 5 * w : 5 * w + 5], y[:, 5 * w : 5 * w + 5], h, c)
        return model.get_weights()

    for a, b in zip(
        trained(mine, ns["make_train_step"]),
        trained(package, char_lstm.make_train_step),
        strict=True,
    ):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7, err_msg="make_train_step")


LESSONS: dict[str, tuple[str, tuple[str, ...], Callable[[], dict], Callable[[dict], None]]] = {
    "01": (
        "01_rnn_from_scratch.ipynb",
        (
            "rnn_forward_open",
            "softmax_cross_entropy_open",
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
    "09": (
        "09_text_generation.ipynb",
        ("streams", "build_model", "zero_state", "target_bits", "make_train_step"),
        lesson_09_namespace,
        check_lesson_09,
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
        "h, cache = rnn_step_forward(x[:, t], h, params)",
        "h, cache = rnn_step_forward(x[:, steps - 1 - t], h, params)",
        id="01-forward-reads-the-words-backwards",
    ),
    pytest.param(
        "01",
        "dlogits[rows, labels] -= 1.0",
        "dlogits[rows, labels] -= 0.0",
        id="01-softmax-gradient-without-the-label",
    ),
    pytest.param(
        "01",
        'dhs[:, -1] = dlogits @ params["out_kernel"].T',
        'dhs[:, 0] = dlogits @ params["out_kernel"].T',
        id="01-loss-gradient-on-the-first-state",
    ),
    pytest.param(
        "01",
        "scale = min(1.0, max_norm / (norm + 1e-12))",
        "scale = min(1.0, max_norm / (norm + 1e-12)) ** 2",
        id="01-clipping-scales-twice",
    ),
    pytest.param(
        "04",
        "h, c, step_cache = lstm_step_forward(x[:, t], h, c, params)",
        "c, h, step_cache = lstm_step_forward(x[:, t], h, c, params)",
        id="04-forward-swaps-the-states",
    ),
    pytest.param(
        "04", "dh = dhs[:, t] + dh_next", "dh = dhs[:, t]", id="04-bptt-drops-dh-from-t+1"
    ),
    pytest.param(
        "04",
        "grads[k] += step_grads[k]",
        "grads[k] = step_grads[k]",
        id="04-bptt-keeps-only-the-first-step",
    ),
    pytest.param(
        "04",
        "lstm_step_backward(dh, dc_next, caches[t])",
        "lstm_step_backward(dh, 0 * dc_next, caches[t])",
        id="04-bptt-drops-the-cell-path",
    ),
    pytest.param(
        "05",
        'initializer="orthogonal", name="recurrent_kernel"',
        'initializer="glorot_uniform", name="recurrent_kernel"',
        id="05-recurrent-kernel-not-orthogonal",
    ),
    pytest.param(
        "05",
        "self.state_size = [units, units]",
        "self.state_size = [units, 2 * units]",
        id="05-state-sizes",
    ),
    pytest.param(
        "05",
        "ops.ones((units,), dtype=dtype)",
        "ops.zeros((units,), dtype=dtype)",
        id="05-forget-bias-zero",
    ),
    pytest.param(
        "09",
        "y = ids[1 : n_streams * length + 1]",
        "y = ids[: n_streams * length]",
        id="09-targets-not-shifted",
    ),
    pytest.param(
        "09",
        'keras.layers.Embedding(V, EMBED, name="embed")',
        'keras.layers.Embedding(V, 2 * EMBED, name="embed")',
        id="09-wider-embedding",
    ),
    pytest.param(
        "09",
        "axis=-1)[..., 0] / math.log(2)",
        "axis=-1)[..., 0]",
        id="09-nats-not-bits",
    ),
    pytest.param(
        "09",
        "logits, h, c = model([x, h, c], training=True)",
        "logits, _, _ = model([x, h, c], training=True)",
        id="09-state-not-carried",
    ),
]


@pytest.mark.parametrize(("lesson", "line", "drifted"), MUTATIONS)
def test_a_drifted_copy_of_the_lesson_fails(lesson: str, line: str, drifted: str) -> None:
    cells = code_cells(LESSONS[lesson][0])
    edited = [source.replace(line, drifted) for source in cells]
    assert edited != cells, f"lesson {lesson} no longer has the line {line!r}: update MUTATIONS"
    with pytest.raises(AssertionError):
        check(lesson, edited)
