"""Lesson 03's gate explorer: the numbers `explore` computes, the figure, the sliders' redraw."""

import json

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_course.course.checkout import NOTEBOOKS
from lstm_course.datasets.context_switch import context_switch_vocabulary
from lstm_course.datasets.vocabulary import one_hot
from lstm_course.diagrams.gate_explorer import (
    DEFAULTS,
    SENTENCE,
    SLIDERS,
    describe,
    draw_explorer,
    explore,
    figure_png,
    gate_explorer,
)
from lstm_course.numpy_nets.hand_set_lstm import hand_set_context_switch_lstm, predict_foods
from lstm_course.numpy_nets.lstm import gate_traces

LESSON = NOTEBOOKS / "03_lstm_gate_by_gate.ipynb"


def _hand_set():
    vocab = context_switch_vocabulary(6)
    return vocab, hand_set_context_switch_lstm(vocab)


def test_defaults_are_the_hand_set_lstm():
    vocab, model = _hand_set()
    result = explore()
    ids = vocab.encode(SENTENCE)
    trace = gate_traces(one_hot(ids, len(vocab)), model.params)
    np.testing.assert_array_equal(result.c, trace["c"])
    np.testing.assert_allclose(result.probs[-1], predict_foods(model, ids), atol=1e-12)
    assert result.prediction == "burger" and result.probs[-1].max() > 0.95
    assert result.words == tuple(SENTENCE.split()) and result.unit_names == model.unit_names
    assert describe(result) == "after 'likes': burger (0.99)"


def test_the_first_likes_answers_the_first_subject():
    result = explore()
    assert result.foods[result.probs[1].argmax()] == "pizza"
    others = np.delete(result.probs, [1, 5], axis=0)
    np.testing.assert_allclose(others, 1 / 6, atol=0.01)  # output gate closed: chance


def test_no_forgetting_at_but_keeps_both_subjects():
    result = explore(forget_on_but=0.0)
    nish, friend = result.unit("nishchal"), result.unit("friend")
    assert result.c[-1, nish] > 0.9 and result.c[-1, friend] > 0.9
    p_pizza, p_burger = result.probs[-1, :2]
    assert abs(p_pizza - p_burger) < 0.05 and p_pizza + p_burger > 0.95
    assert describe(result).startswith("after 'likes': undecided, burger 0.51 vs pizza 0.49")
    assert explore().c[-1, nish] < 0.01  # the hand-set one forgets


def test_half_forgetting_and_the_bias_adds_to_the_response():
    at_but = SENTENCE.split().index("but")
    half = explore(forget_on_but=-6.0)
    assert half.f[at_but, 0] == 0.5 and 0.4 < half.c[-1, 0] < 0.6
    keep_harder = explore(forget_bias=12.0)  # 12 - 12 = 0 at "but"
    assert keep_harder.f[at_but, 0] == 0.5
    assert half.prediction == keep_harder.prediction == "burger"


@pytest.mark.parametrize("setting", [{"forget_bias": -6.0}, {"input_bias": -24.0}])
def test_forgetting_everything_or_writing_nothing_leaves_chance(setting):
    result = explore(**setting)
    np.testing.assert_allclose(result.probs[-1], 1 / 6, atol=0.01)
    assert np.abs(result.c[-1]).max() < 0.01
    assert "undecided" in describe(result)


def test_the_switch_note_is_not_read():
    quiet = explore(input_on_but=0.0)
    switch = quiet.unit("switch")
    assert quiet.c[-1, switch] < 0.01 < 0.9 < explore().c[-1, switch]
    np.testing.assert_allclose(quiet.probs, explore().probs, rtol=0, atol=1e-12)


def test_other_sentences_and_switch_words():
    assert explore(sentence="priya likes sushi but tom likes").prediction == "curry"
    words = ["priya", "likes", "sushi", "whereas", "tom", "likes"]
    kept = explore(forget_on_but=0.0, sentence=words)
    assert kept.prediction == "curry"  # the slider moves "but" only: "whereas" still forgets
    assert "undecided" in describe(
        explore(forget_on_but=0.0, sentence=words[:3] + ["but"] + words[4:])
    )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"sentence": "nishchal likes pizza but his friend likes"}, r"unknown words \['his'\]"),
        ({"sentence": ""}, "empty sentence"),
        ({"forget_bias": float("nan")}, "forget_bias must be finite"),
        ({"input_bias": "high"}, "input_bias must be a number"),
    ],
)
def test_bad_input_names_what_was_expected(kwargs, match):
    with pytest.raises(ValueError, match=match):
        explore(**kwargs)
    with pytest.raises(ValueError, match="vocabulary|must be"):
        explore(**kwargs)


def test_unknown_unit_and_slider_are_named():
    with pytest.raises(ValueError, match="unit must be one of"):
        explore().unit("nobody")
    with pytest.raises(ValueError, match="sliders are"):
        gate_explorer(forget_gate=1.0)


def _lines(fig: Figure) -> dict[str, np.ndarray]:
    return {
        line.get_gid(): np.asarray(line.get_ydata())
        for ax in fig.axes
        for line in ax.get_lines()
        if line.get_gid()
    }


def test_figure_draws_cell_state_and_probabilities_per_word():
    result = explore()
    fig = draw_explorer(result, Figure(figsize=(7, 4)))
    lines = _lines(fig)
    np.testing.assert_array_equal(lines["explorer:c,nishchal"], result.c[:, 0])
    np.testing.assert_array_equal(lines["explorer:p,burger"], result.probs[:, 1])
    labels = [t.get_text() for t in fig.axes[1].get_xticklabels()]
    assert labels == list(result.words)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["nishchal", "friend", "switch"]
    assert "burger (0.99)" in fig._suptitle.get_text()
    changed = _lines(draw_explorer(explore(forget_on_but=0.0), fig))  # redrawn in place
    assert len(fig.axes) == 2
    assert not np.array_equal(changed["explorer:c,nishchal"], lines["explorer:c,nishchal"])


def test_png_is_a_png():
    assert figure_png(explore())[:8] == b"\x89PNG\r\n\x1a\n"


def test_sliders_start_at_the_hand_set_values_and_redraw_on_change():
    box = gate_explorer()
    assert {n: s.value for n, s in box.sliders.items()} == DEFAULTS
    assert [s.description for s in box.sliders.values()] == [v[0] for v in SLIDERS.values()]
    assert repr(box).startswith("GateExplorer: four sliders")  # the notebook's compared text
    assert "lstm-gate-explorer" in box._dom_classes
    png, answer = box.image.value, box.answer.value
    assert "burger (0.99)" in answer
    box.sliders["forget_on_but"].value = 0.0  # what a learner's drag does to the model
    assert box.image.value != png and box.image.value[:4] == b"\x89PNG"
    assert "undecided" in box.answer.value and box.result.settings["forget_on_but"] == 0.0
    box.children[len(SLIDERS)].click()  # the "hand-set values" button
    assert box.sliders["forget_on_but"].value == DEFAULTS["forget_on_but"]
    assert box.answer.value == answer and box.image.value == png
    box.close()


def test_explorer_starts_where_asked_and_rejects_a_bad_sentence():
    box = gate_explorer(forget_bias=-6.0)
    assert box.sliders["forget_bias"].value == -6.0 and "undecided" in box.answer.value
    box.close()
    with pytest.raises(ValueError, match="unknown words"):
        gate_explorer(sentence="nishchal likes pie")


def test_the_lesson_stores_no_widget_state():
    """Executing the explorer stores its widgets in the notebook's metadata unless told not to:
    about 90 kB (the figure as PNG) under model ids that are new on every run."""
    metadata = json.loads(LESSON.read_text(encoding="utf-8"))["metadata"]
    assert "widgets" not in metadata, (
        f"{LESSON.name} stores widget state: re-execute it with `make execute`, which passes "
        "--ExecutePreprocessor.store_widget_state=False"
    )
