"""The hand-set LSTM closes its forget gate at the switch and predicts the second subject's food."""

import dataclasses
import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lstm_course.datasets.context_switch import (
    FOODS,
    SUBJECTS,
    SWITCH_WORDS,
    context_switch_sentences,
    context_switch_vocabulary,
)
from lstm_course.datasets.vocabulary import Vocabulary, one_hot
from lstm_course.numpy_nets.hand_set_lstm import (
    all_pair_sentences,
    hand_set_context_switch_lstm,
    plot_gates,
    predict_foods,
)
from lstm_course.numpy_nets.lstm import TRACE_KEYS, gate_traces, lstm_forward


def _sentence(a: int, b: int, switch: str) -> list[str]:
    return [SUBJECTS[a], "likes", FOODS[a], switch, SUBJECTS[b], "likes"]


@pytest.mark.parametrize("n_subjects", [2, 4, 6])
def test_predicts_the_second_subjects_food_for_every_pair(n_subjects):
    vocab = context_switch_vocabulary(n_subjects)
    model = hand_set_context_switch_lstm(vocab)
    assert model.unit_names == (*SUBJECTS[:n_subjects], "switch")
    assert model.params["kernel"].shape == (len(vocab), 4 * (n_subjects + 1))
    for a, b in itertools.permutations(range(n_subjects), 2):
        for switch in SWITCH_WORDS:
            probs = predict_foods(model, vocab.encode(_sentence(a, b, switch)))
            assert probs.shape == (n_subjects,)
            assert probs.argmax() == b and probs[b] > 0.9


def test_forget_gate_closes_at_the_switch_only_for_subject_units():
    vocab = context_switch_vocabulary(6)
    model = hand_set_context_switch_lstm(vocab)
    words = "nishchal likes pizza but friend likes".split()
    trace = gate_traces(one_hot(vocab.encode(words), len(vocab)), model.params)
    assert set(trace) == set(TRACE_KEYS)
    assert all(v.shape == (6, 7) for v in trace.values())
    f = trace["f"]
    assert np.all(f[3, :6] < 0.1)  # "but": the subject units forget
    mask = np.ones_like(f, dtype=bool)
    mask[3, :6] = False
    assert np.all(f[mask] > 0.9)  # everywhere else, including the switch unit at "but"
    assert trace["c"][2, 0] > 0.9 and trace["c"][4, 0] < 0.01  # nishchal stored, then dropped
    assert trace["c"][5, 1] > 0.9  # friend stored
    assert np.all(np.abs(trace["h"][[0, 2, 3, 4]]) < 0.01)  # output gate closed but at "likes"


def test_generated_sentences_with_long_gaps_are_all_right():
    vocab = context_switch_vocabulary(6)
    model = hand_set_context_switch_lstm(vocab)
    for gap in (0, 7, 30):
        data = context_switch_sentences(300, gap, seed=gap, n_subjects=6)
        probs = predict_foods(model, data.x)
        assert probs.shape == (300, 6)
        np.testing.assert_array_equal(probs.argmax(axis=1), data.y)


def test_without_the_forget_gate_the_readout_splits_its_bet():
    vocab = context_switch_vocabulary(4)
    model = hand_set_context_switch_lstm(vocab)
    params = {k: v.copy() for k, v in model.params.items()}
    units = len(model.unit_names)
    for word in SWITCH_WORDS:
        params["kernel"][vocab.encode([word])[0], units : 2 * units] = 0.0
    broken = dataclasses.replace(model, params=params)
    probs = predict_foods(broken, vocab.encode(_sentence(0, 1, "but")))
    assert probs[1] < 0.6 and probs[0] > 0.4  # both subjects stay in memory


def test_gate_trace_agrees_with_lstm_forward(rng):
    model = hand_set_context_switch_lstm(context_switch_vocabulary(3))
    x = rng.normal(size=(5, len(model.vocab)))
    trace = gate_traces(x, model.params)
    hs, _, cache = lstm_forward(x[None], model.params)
    np.testing.assert_array_equal(trace["h"], hs[0])
    np.testing.assert_array_equal(trace["c"], cache["cs"][0])
    np.testing.assert_array_equal(np.concatenate([trace[k] for k in "ifgo"], -1), cache["gates"][0])


def test_bad_inputs_raise():
    vocab = context_switch_vocabulary(3)
    with pytest.raises(ValueError, match="vocab must hold"):
        hand_set_context_switch_lstm(Vocabulary(("nishchal", "friend", "likes")))
    with pytest.raises(ValueError, match="strength must be > 0"):
        hand_set_context_switch_lstm(vocab, strength=0.0)
    model = hand_set_context_switch_lstm(vocab)
    with pytest.raises(ValueError, match=r"one sequence \(time, D\)"):
        gate_traces(np.zeros(len(vocab)), model.params)
    with pytest.raises(ValueError, match="ids must be"):
        predict_foods(model, np.zeros((1, 2, 3), dtype=int))


def test_plot_gates_draws_one_heatmap_per_key_and_checks_labels():
    vocab = context_switch_vocabulary(2)
    model = hand_set_context_switch_lstm(vocab)
    words = "friend likes burger while nishchal likes".split()
    trace = gate_traces(one_hot(vocab.encode(words), len(vocab)), model.params)
    axes = plot_gates(trace, words, model.unit_names)
    assert len(axes) == 4 and [t.get_text() for t in axes[0].get_xticklabels()] == words
    with pytest.raises(ValueError, match="need 6 words"):
        plot_gates(trace, words[:-1], model.unit_names)
    with pytest.raises(ValueError, match="keys must be among"):
        plot_gates(trace, words, model.unit_names, keys=("z",))
    plt.close("all")


def test_all_pair_sentences_cover_every_pair_and_switch_and_insert_a_second_switch():
    vocab = context_switch_vocabulary(3)
    ids, first, second = all_pair_sentences(vocab, gap=2)
    assert ids.shape == (3 * 2 * 3, 2 + 6) and np.all(first != second)
    assert set(zip(first.tolist(), second.tolist(), strict=True)) == set(
        itertools.permutations(range(3), 2)
    )
    assert {vocab.decode(r)[3] for r in ids} == set(SWITCH_WORDS)
    model = hand_set_context_switch_lstm(vocab)
    np.testing.assert_array_equal(predict_foods(model, ids).argmax(axis=1), second)
    again, _, second_again = all_pair_sentences(vocab, gap=2, second_switch_at=1)
    assert again.shape == (3 * 2 * 3 * 3, 2 + 7)
    words = vocab.decode(again[0])
    assert words[6] in SWITCH_WORDS and words[4] == SUBJECTS[second_again[0]]
    # the lesson's LSTM forgets the second subject at the second switch word: near uniform
    assert predict_foods(model, again).max() < 0.5
    with pytest.raises(ValueError, match="second_switch_at"):
        all_pair_sentences(vocab, gap=2, second_switch_at=3)
