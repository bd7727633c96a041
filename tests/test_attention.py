"""Lesson 11: causal attention and its key/value cache, the attention model, the step counts,
and re-initialising a compiled contender."""

import math

import keras
import numpy as np
import pytest

from lstm_course.experiments.step_cost import step_cost
from lstm_course.keras_nets.attention import build_attention_model
from lstm_course.keras_nets.contenders import (
    LEARNING_RATES,
    reinitialise,
    search_learning_rate,
)
from lstm_course.numpy_nets.attention import (
    attention_step,
    causal_attention,
    empty_cache,
    sinusoidal_positions,
)


@pytest.fixture
def sequence():
    r = np.random.default_rng(11)
    return r.normal(size=(2, 6, 5)), tuple(r.normal(size=(5, 3)) for _ in range(3))


def test_cache_steps_equal_full_causal_attention(sequence):
    x, weights = sequence
    k_cache, v_cache = empty_cache(2, 6, 3)
    outs = []
    for t in range(6):
        before = k_cache.copy()
        out_t, k_cache, v_cache = attention_step(x[:, t], t, k_cache, v_cache, *weights)
        assert not np.shares_memory(before, k_cache)
        np.testing.assert_allclose(k_cache[:, t], x[:, t] @ weights[1])
        assert not k_cache[:, t + 1 :].any()
        outs.append(out_t)
    np.testing.assert_allclose(np.stack(outs, axis=1), causal_attention(x, *weights), atol=1e-12)


def test_causal_attention_ignores_the_future(sequence):
    x, weights = sequence
    changed = x.copy()
    changed[:, 4:] += 10.0
    np.testing.assert_allclose(
        causal_attention(changed, *weights)[:, :4], causal_attention(x, *weights)[:, :4]
    )
    # the first position attends only to itself: its output is its own value
    np.testing.assert_allclose(causal_attention(x, *weights)[:, 0], x[:, 0] @ weights[2])


def test_causal_attention_equals_keras_multi_head_attention(sequence):
    x = sequence[0].astype(np.float32)
    mha = keras.layers.MultiHeadAttention(num_heads=1, key_dim=3, use_bias=False)
    want = keras.ops.convert_to_numpy(mha(x, x, use_causal_mask=True))
    w_q, w_k, w_v, w_o = (keras.ops.convert_to_numpy(w) for w in mha.weights)
    got = causal_attention(x, w_q[:, 0], w_k[:, 0], w_v[:, 0]) @ w_o[0]
    np.testing.assert_allclose(got, want, atol=1e-5)


def test_bad_shapes_raise(sequence):
    x, (w_q, w_k, w_v) = sequence
    with pytest.raises(ValueError, match=r"x must be \(batch, T, D\)"):
        causal_attention(x[0], w_q, w_k, w_v)
    with pytest.raises(ValueError, match="w_k must be"):
        causal_attention(x, w_q, w_k.T, w_v)
    k_cache, v_cache = empty_cache(2, 6, 3)
    with pytest.raises(ValueError, match="t must be in"):
        attention_step(x[:, 0], 6, k_cache, v_cache, w_q, w_k, w_v)
    with pytest.raises(ValueError, match="give exactly one of vocab"):
        build_attention_model(2, 8, 2, 4, 16)


def test_sinusoidal_positions_follow_vaswani_et_al():
    pe = sinusoidal_positions(50, 8)
    assert pe.shape == (50, 8) and pe.dtype == np.float32
    np.testing.assert_allclose(pe[0], [0, 1] * 4)
    np.testing.assert_allclose(pe[7, 2], np.sin(7 / 10_000 ** (2 / 8)), rtol=1e-6)
    np.testing.assert_allclose(pe[7, 3], np.cos(7 / 10_000 ** (2 / 8)), rtol=1e-6)
    layer = build_attention_model(3, 8, 2, 4, 16, vocab=10).get_layer("positions")
    added = keras.ops.convert_to_numpy(layer(np.zeros((1, 50, 8), dtype=np.float32)))[0]
    np.testing.assert_allclose(added, pe, atol=1e-5)


def test_attention_model_shapes_and_causality():
    every = build_attention_model(7, 8, 2, 4, 16, vocab=7, last_only=False)
    ids = np.array([[1, 2, 3, 4, 5]], dtype=np.int32)
    changed = ids.copy()
    changed[0, 3:] = 6
    out, out_changed = (keras.ops.convert_to_numpy(every(a)) for a in (ids, changed))
    assert out.shape == (1, 5, 7)
    np.testing.assert_allclose(out[:, :3], out_changed[:, :3], atol=1e-6)  # no peeking ahead
    last = build_attention_model(1, 8, 2, 4, 16, features=2)
    assert tuple(last(np.zeros((3, 9, 2), dtype=np.float32)).shape) == (3, 1)


def test_step_cost_counts_from_the_layer_shapes():
    e, h, v = 16, 64, 63
    lstm = keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int32"),
            keras.layers.Embedding(v, e),
            keras.layers.LSTM(h, return_sequences=True),
            keras.layers.Dense(v),
        ]
    )
    for t in (1, 10, 10_000):
        assert step_cost(lstm, t) == {"macs": 4 * h * (e + h) + h * v, "state": 2 * h}
    d, heads, k, f = 48, 4, 12, 104
    attention = build_attention_model(v, d, heads, k, f, vocab=v, last_only=False)
    fixed = 4 * d * heads * k + 2 * d * f + d * v  # q, k, v, output; feed-forward; head
    for t in (1, 10, 10_000):
        assert step_cost(attention, t) == {
            "macs": fixed + 2 * heads * k * t,
            "state": 2 * heads * k * t,
        }
    with pytest.raises(ValueError, match="t must be an int >= 1"):
        step_cost(lstm, 0)
    with pytest.raises(ValueError, match="not GRU"):
        step_cost(keras.Sequential([keras.Input((None, 2)), keras.layers.GRU(3)]), 1)


def test_reinitialise_equals_a_fresh_model():
    def build():
        return keras.Sequential(
            [keras.Input((None, 2)), keras.layers.LSTM(3), keras.layers.Dense(1)]
        )

    x = np.random.default_rng(0).normal(size=(32, 4, 2)).astype(np.float32)
    y = x.sum(axis=(1, 2))

    def fresh(seed):
        keras.utils.set_random_seed(seed)
        model = build()
        model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
        keras.utils.set_random_seed(seed)
        return model.fit(x, y, batch_size=8, epochs=2, verbose=0).history["loss"]

    reused = build()
    reused.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    for seed in (3, 4):
        reinitialise(reused, build, seed)
        got = reused.fit(x, y, batch_size=8, epochs=2, verbose=0).history["loss"]
        np.testing.assert_allclose(got, fresh(seed), rtol=1e-6)
    assert float(reused.optimizer.learning_rate) == pytest.approx(1e-2)
    with pytest.raises(ValueError, match="same weights"):
        reinitialise(
            reused, lambda: keras.Sequential([keras.Input((None, 2)), keras.layers.Dense(1)]), 0
        )


def _bowl(best):
    """A validation loss with its minimum at `best`, recording the rates it was asked for."""
    asked = []

    def score(rate):
        asked.append(rate)
        return abs(math.log(rate / best))

    return score, asked


@pytest.mark.parametrize("best", LEARNING_RATES)
def test_search_learning_rate_finds_the_best_rate_with_a_worse_one_each_side(best):
    score, asked = _bowl(best)
    chosen, scores = search_learning_rate(score)
    assert chosen == best
    assert list(scores) == asked and len(set(asked)) == len(asked)  # no rate run twice
    i = LEARNING_RATES.index(chosen)
    for j in (i - 1, i + 1):
        if 0 <= j < len(LEARNING_RATES):
            assert scores[LEARNING_RATES[j]] > scores[chosen]  # bracketed by tried rates
    four = (3e-3, 1e-2, 3e-2, 1e-1)
    for best in four:  # on a ladder of four, from its second rate: always three runs
        assert len(search_learning_rate(_bowl(best)[0], four)[1]) == 3
    score, asked = _bowl(3e-1)
    assert search_learning_rate(score)[0] == 3e-1 and len(asked) == 4


def test_search_learning_rate_moves_only_for_a_clearly_better_rate():
    four = (3e-3, 1e-2, 3e-2, 1e-1)
    losses = {3e-3: 0.0047, 1e-2: 0.0016, 3e-2: 0.0013, 1e-1: 0.0003}  # a solved task
    assert search_learning_rate(losses.__getitem__, four)[0] == 1e-1  # no margin: chases noise
    chosen, scores = search_learning_rate(losses.__getitem__, four, tolerance=0.01)
    assert chosen == 1e-2 and list(scores) == [1e-2, 3e-2, 3e-3]  # stays at the start
    losses = {3e-3: 3.61, 1e-2: 3.15, 3e-2: 2.89, 1e-1: 3.35}  # bits per character
    assert search_learning_rate(losses.__getitem__, four, tolerance=0.01)[0] == 3e-2
    assert scores[1e-2] == (0.0016,)  # one number per rate: a tuple of one run


def test_search_learning_rate_compares_the_seeds_ranges_on_the_loss_scale():
    # two seeds per rate; the seed ranges overlap: not clearly better, whatever the means
    overlap = {1e-2: (0.0009, 0.0020), 3e-2: (0.0003, 0.0012), 3e-3: (0.0030, 0.0050)}
    assert search_learning_rate(overlap.__getitem__, relative=0.02)[0] == 1e-2
    # disjoint ranges on a solved task: an absolute 0.01 never moves, a relative margin does
    solved = {1e-2: (0.005, 0.006), 3e-2: (0.001, 0.0012), 1e-1: (0.004, 0.2), 3e-3: (0.02, 0.03)}
    assert search_learning_rate(solved.__getitem__, tolerance=0.01)[0] == 1e-2
    chosen, scores = search_learning_rate(solved.__getitem__, relative=0.02)
    assert chosen == 3e-2 and list(scores) == [1e-2, 3e-2, 1e-1]
    # bits per character: 3 % apart moves at 2 %, not at 5 %
    bits = {1e-2: (3.10, 3.12), 3e-2: (3.00, 3.01), 1e-1: (3.3, 3.4), 3e-3: (3.4, 3.5)}
    assert search_learning_rate(bits.__getitem__, relative=0.02)[0] == 3e-2
    assert search_learning_rate(bits.__getitem__, relative=0.05)[0] == 1e-2
    with pytest.raises(ValueError, match="relative"):
        search_learning_rate(bits.__getitem__, relative=1.0)
    flat = search_learning_rate(lambda rate: 0.25)  # a tie is not better: stay at the start
    assert flat[0] == 1e-2


def test_search_learning_rate_treats_a_diverged_run_as_worst_and_checks_its_input():
    losses = {1e-3: 0.5, 3e-3: 0.3, 1e-2: float("nan"), 3e-2: float("inf"), 1e-1: float("nan")}
    chosen, scores = search_learning_rate(losses.__getitem__, (1e-3, 3e-3, 1e-2, 3e-2, 1e-1))
    assert chosen == 3e-3 and set(scores) == {1e-3, 3e-3, 1e-2, 3e-2}
    with pytest.raises(ValueError, match="one of the rates"):
        search_learning_rate(lambda rate: 0.0, start=5e-3)
    with pytest.raises(ValueError, match="increasing"):
        search_learning_rate(lambda rate: 0.0, rates=(1e-2, 1e-3))
    with pytest.raises(ValueError, match="tolerance"):
        search_learning_rate(lambda rate: 0.0, tolerance=-0.1)
