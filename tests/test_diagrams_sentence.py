"""Lesson 00's sentence timeline: every word, state and fact is drawn and labelled, the switch
word is the one highlighted, the gap is measured in steps, and bad names raise a ValueError
listing the sentence's words."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from diagram_checks import highlighted

from lstm_course.diagrams.painter import artists_of
from lstm_course.diagrams.sentence import draw_sentence_timeline

WORDS = "I like pizza but my friend likes ___".split()
MUST_HOLD = {
    "pizza": "the speaker likes pizza",
    "but": "a contrast is coming: the next subject may differ",
    "friend": "the subject is now the friend",
    "___": "predict the friend's food, not pizza",
}


def _texts(ax):
    return [" ".join(t.get_text().split()) for t in ax.texts]  # facts are wrapped


def test_words_states_facts_and_gap_are_labelled():
    ax = draw_sentence_timeline(WORDS, MUST_HOLD, switch="but", gap=("friend", "___"))
    ax.figure.canvas.draw()
    texts = _texts(ax)
    for t, word in enumerate(WORDS):
        assert word in texts and f"t={t}" in texts and f"$h_{{{t}}}$" in texts
    for fact in MUST_HOLD.values():
        assert fact in texts
    assert "2 steps from “friend” to “___”" in texts
    assert "switch: “but”" in texts
    assert len(artists_of(ax, "fact")) == len(MUST_HOLD)
    assert len(artists_of(ax, "carry")) == 2 * len(MUST_HOLD)  # a carry line and a guide each


def test_only_the_switch_word_and_its_fact_are_highlighted():
    ax = draw_sentence_timeline(WORDS, MUST_HOLD, switch="but")
    switch = artists_of(ax, "switch")
    assert switch and all(highlighted(a) for a in switch)
    assert {a.get_text() for a in switch if hasattr(a, "get_text")} >= {"but", "switch: “but”"}
    others = [a for a in list(ax.patches) + list(ax.texts) if a not in switch]
    assert others and not any(highlighted(a) for a in others)
    plain = draw_sentence_timeline(WORDS, MUST_HOLD)
    assert not artists_of(plain, "switch")
    assert not any(highlighted(a) for a in list(plain.patches) + list(plain.texts))


def test_facts_are_rows_in_sentence_order_carried_to_the_last_word():
    ax = draw_sentence_timeline(WORDS, dict(reversed(MUST_HOLD.items())))
    facts = sorted(artists_of(ax, "fact"), key=lambda a: a.get_position()[1])
    xs = [a.get_position()[0] for a in facts]
    assert xs == sorted(xs) and len(set(xs)) == len(MUST_HOLD)  # one row per fact, in time
    ends = {round(p.get_path().vertices[-1][0], 6) for p in artists_of(ax, "carry")[::2]}
    assert len(ends) == 1  # every fact is carried to the same place: the last word


def test_draws_into_given_axes():
    fig, ax = plt.subplots(figsize=(9, 4))
    assert draw_sentence_timeline(WORDS[:3], {"pizza": "likes pizza"}, ax=ax) is ax
    assert "1 step" not in " ".join(_texts(ax))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"must_hold": {"burger": "x"}}, "must_hold names 'burger' is not in the sentence"),
        ({"must_hold": {}, "switch": "and"}, "switch 'and' is not in the sentence"),
        ({"must_hold": {}, "gap": ("friend", "blank")}, "gap word 'blank'"),
    ],
)
def test_bad_names_raise_listing_the_words(kwargs, message):
    with pytest.raises(ValueError, match=message) as err:
        draw_sentence_timeline(WORDS, **kwargs)
    assert str(WORDS) in str(err.value)


def test_a_repeated_word_or_an_empty_sentence_is_refused():
    with pytest.raises(ValueError, match="occurs 2 times"):
        draw_sentence_timeline("a likes b likes".split(), {"likes": "x"})
    with pytest.raises(ValueError, match="at least one word"):
        draw_sentence_timeline([], {})
