"""Loss, clipping, Adam and the classifier's gradients are right, and bad input is refused."""

import numpy as np
import pytest

from lstm_course.datasets.context_switch import context_switch_sentences
from lstm_course.datasets.vocabulary import one_hot
from lstm_course.numpy_nets.gradcheck import gradient_check
from lstm_course.numpy_nets.training import (
    Adam,
    accuracy,
    classifier_loss_and_grads,
    clip_by_global_norm,
    init_classifier,
    softmax_cross_entropy,
    train_classifier,
)


def test_cross_entropy_value_and_gradient(rng):
    logits, labels = rng.normal(size=(5, 3)), np.array([0, 2, 1, 1, 0])
    loss, dlogits = softmax_cross_entropy(logits, labels)
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    assert loss == pytest.approx(-np.mean(np.log(p[np.arange(5), labels])))
    errors = gradient_check(
        lambda: softmax_cross_entropy(logits, labels)[0], {"z": logits}, {"z": dlogits}
    )
    assert errors["z"] < 1e-8
    assert softmax_cross_entropy(np.array([[1000.0, 0.0]]), np.array([0]))[0] == 0.0


def test_cross_entropy_rejects_bad_labels():
    with pytest.raises(ValueError, match=r"labels must be in \[0, 3\)"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match="integer class ids"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"labels \(batch,\)"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 1, 2]))


def test_clip_by_global_norm():
    grads = {"a": np.array([3.0]), "b": np.array([[4.0]])}
    clipped, norm = clip_by_global_norm(grads, 1.0)
    assert norm == pytest.approx(5.0)
    assert clipped["a"][0] == pytest.approx(0.6) and clipped["b"][0, 0] == pytest.approx(0.8)
    same, _ = clip_by_global_norm(grads, 10.0)
    np.testing.assert_array_equal(same["a"], grads["a"])


def test_adam_first_step_moves_by_learning_rate():
    params = {"w": np.array([1.0, -1.0])}
    Adam(learning_rate=0.1).step(params, {"w": np.array([2.0, -0.5])})
    np.testing.assert_allclose(params["w"], [0.9, -0.9], atol=1e-6)  # bias-corrected: lr*sign


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_classifier_gradients(rng, cell):
    data = context_switch_sentences(4, gap=2, seed=0)
    x = one_hot(data.x, len(data.vocab))
    params = init_classifier(cell, x.shape[2], 3, 4, seed=1)
    loss, grads = classifier_loss_and_grads(cell, params, x, data.y)
    errors = gradient_check(
        lambda: classifier_loss_and_grads(cell, params, x, data.y)[0], params, grads
    )
    assert max(errors.values()) < 1e-6, errors


def test_training_learns_a_short_gap():
    data = context_switch_sentences(2000, gap=2, seed=0)
    test = context_switch_sentences(500, gap=2, seed=1)
    x, xt = one_hot(data.x, len(data.vocab)), one_hot(test.x, len(test.vocab))
    params, history = train_classifier("rnn", x, data.y, units=16, n_classes=4, steps=300)
    assert history["loss"][-1] < 0.1 < history["loss"][0]
    assert accuracy("rnn", params, xt, test.y) > 0.95


def test_unknown_cell_is_refused():
    with pytest.raises(ValueError, match=r"cell must be one of \['lstm', 'rnn'\], got 'gru'"):
        init_classifier("gru", 3, 2, 2)


def test_training_from_given_params_trains_them_in_place():
    data = context_switch_sentences(200, gap=1, seed=0)
    x = one_hot(data.x, len(data.vocab))
    start = init_classifier("lstm", x.shape[2], 4, 4, seed=5)
    start["bias"][4:8] = 3.0  # a custom forget bias
    before = {k: v.copy() for k, v in start.items()}
    params, _ = train_classifier("lstm", x, data.y, units=4, n_classes=4, steps=3, params=start)
    assert params is start
    assert all(not np.array_equal(before[k], params[k]) for k in params)


def test_fast_and_readable_lstm_train_alike():
    """The training loop runs numpy_lstm_fast; the readable numpy_lstm gives the same run.

    Measured in float64: loss histories equal to 2e-16 over these 20 steps, 2e-15 over 300."""
    data = context_switch_sentences(200, gap=3, seed=0)
    x = one_hot(data.x, len(data.vocab))
    runs = [
        train_classifier("lstm", x, data.y, units=8, n_classes=4, steps=20, batch_size=16, fast=f)
        for f in (True, False)
    ]
    (fast_params, fast_history), (params, history) = runs
    np.testing.assert_allclose(fast_history["loss"], history["loss"], rtol=0, atol=1e-12)
    assert history["loss"][-1] < history["loss"][0] - 0.1  # it trained: not a constant loss
    for k in params:
        np.testing.assert_allclose(fast_params[k], params[k], rtol=0, atol=1e-12, err_msg=k)
    xt = x[:50]
    assert accuracy("lstm", params, xt, data.y[:50], fast=False) == accuracy(
        "lstm", params, xt, data.y[:50]
    )


@pytest.mark.parametrize("fast", [True, False])
def test_lstm_classifier_gradients_on_both_kernels(rng, fast):
    data = context_switch_sentences(4, gap=2, seed=0)
    x = one_hot(data.x, len(data.vocab))
    params = init_classifier("lstm", x.shape[2], 3, 4, seed=1)
    loss, grads = classifier_loss_and_grads("lstm", params, x, data.y, fast=fast)
    errors = gradient_check(
        lambda: classifier_loss_and_grads("lstm", params, x, data.y, fast=fast)[0], params, grads
    )
    assert max(errors.values()) < 1e-6, errors


def test_init_menu_changes_only_its_own_weights():
    from lstm_course.numpy_nets.initializers import lstm_init_bias
    from lstm_course.numpy_nets.training import INITS, RNN_RADIUS

    assert INITS["rnn"] == ("default", "identity", "radius-1.3") and RNN_RADIUS == 1.3
    base = init_classifier("rnn", 5, 4, 3, seed=2)
    np.testing.assert_array_equal(
        init_classifier("rnn", 5, 4, 3, 2, init="default")["kernel"], base["kernel"]
    )
    ident = init_classifier("rnn", 5, 4, 3, seed=2, init="identity")
    np.testing.assert_array_equal(ident["recurrent_kernel"], np.eye(4))
    scaled = init_classifier("rnn", 5, 4, 3, seed=2, init="radius-1.3")
    radius = np.max(np.abs(np.linalg.eigvals(scaled["recurrent_kernel"])))
    assert radius == pytest.approx(1.3)  # orthogonal: every eigenvalue has modulus 1, times 1.3
    for p in (ident, scaled):  # everything but the recurrent kernel is the same draw
        for k in ("kernel", "bias", "out_kernel", "out_bias"):
            np.testing.assert_array_equal(p[k], base[k])
    lstm_base = init_classifier("lstm", 5, 4, 3, seed=2)
    for init in INITS["lstm"]:
        p = init_classifier("lstm", 5, 4, 3, seed=2, init=init, max_lag=30)
        np.testing.assert_array_equal(p["bias"], lstm_init_bias(4, init, 30, seed=2))
        np.testing.assert_array_equal(p["recurrent_kernel"], lstm_base["recurrent_kernel"])
    np.testing.assert_array_equal(lstm_base["bias"], lstm_init_bias(4, "default"))
    with pytest.raises(ValueError, match="init for 'rnn' must be one of"):
        init_classifier("rnn", 5, 4, 3, init="chrono")
    with pytest.raises(ValueError, match="init for 'lstm' must be one of"):
        init_classifier("lstm", 5, 4, 3, init="identity")
