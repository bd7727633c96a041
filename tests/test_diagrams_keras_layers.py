"""Lesson 06's diagrams (masking, Bidirectional, dropout): labelled, highlight exactly the part
asked for, and refuse unknown parts with a ValueError listing the valid names."""

import matplotlib

matplotlib.use("Agg")

import pytest
from diagram_checks import highlighted

from lstm_course.diagrams.keras_layers import (
    BIDIRECTIONAL_PARTS,
    DROPOUT_PARTS,
    MASKING_PARTS,
    draw_bidirectional,
    draw_dropout,
    draw_masking,
)
from lstm_course.diagrams.painter import artists_of

DRAWINGS = [
    (draw_masking, MASKING_PARTS),
    (draw_bidirectional, BIDIRECTIONAL_PARTS),
    (draw_dropout, DROPOUT_PARTS),
]


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def test_masking_labels_both_paddings_and_what_padded_steps_output():
    ax = draw_masking(n_steps=6, n_real=4)
    texts = _texts(ax)
    assert any("padding='post'" in t for t in texts) and any("padding='pre'" in t for t in texts)
    assert texts.count("skip") == 4 and texts.count("LSTM") == 8
    assert texts.count(r"$h_{4}$ again") == 2  # right padding repeats the last real h
    assert texts.count("0") == 2  # left padding outputs zeros before the words
    assert texts.count(r"final $h, c$ = $h_{4}, c_{4}$") == 2  # the same final state


def test_bidirectional_pairs_outputs_at_the_same_step_and_names_the_final_pair():
    ax = draw_bidirectional(n_steps=4)
    texts = _texts(ax)
    for k in range(1, 5):
        assert rf"$[\overrightarrow{{h}}_{{{k}}} ; \overleftarrow{{h}}_{{{k}}}]$" in texts
    final = [t for t in texts if t.startswith("return_sequences=False")]
    assert final == [r"return_sequences=False: $[\overrightarrow{h}_{4} ; \overleftarrow{h}_{1}]$"]


def test_dropout_reuses_one_mask_in_keras_panel_and_draws_fresh_ones_in_the_other():
    ax = draw_dropout(n_steps=4)
    squares = [a for a in ax.patches if (a.get_gid() or "").startswith("dropout:dropout,")]
    assert len(squares) == 2 * 4 * 4  # 2 panels, 4 steps, 4 input features
    # per panel, the keep pattern of each step (in drawing order: panel 0, then panel 1)
    patterns = [
        tuple(s.get_gid().endswith("kept") for s in squares[k : k + 4])
        for k in range(0, len(squares), 4)
    ]
    assert len(set(patterns[:4])) == 1  # Keras: one mask for every step
    assert len(set(patterns[4:])) == 4  # a fresh mask per step
    assert any("before the recurrent kernel" in t for t in _texts(ax))


@pytest.mark.parametrize(
    "draw,part",
    [(d, p) for d, parts in DRAWINGS for p in parts],
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_each_highlight_marks_its_part_only(draw, part):
    ax = draw(part)
    on = [a for a in list(ax.patches) + list(ax.texts) if highlighted(a)]
    assert on, f"nothing highlighted for {part!r}"
    assert set(on) <= set(artists_of(ax, part))
    plain = draw()
    assert not any(highlighted(a) for a in list(plain.patches) + list(plain.texts))


@pytest.mark.parametrize("draw,parts", DRAWINGS, ids=[d.__name__ for d, _ in DRAWINGS])
def test_unknown_highlight_raises_listing_valid_names(draw, parts):
    with pytest.raises(ValueError, match="valid names") as info:
        draw("everything")
    for name in parts:
        assert name in str(info.value)


def test_bad_sizes_raise():
    with pytest.raises(ValueError, match="n_real"):
        draw_masking(n_steps=4, n_real=4)
    with pytest.raises(ValueError, match="n_steps"):
        draw_bidirectional(n_steps=1)
    with pytest.raises(ValueError, match="n_steps"):
        draw_dropout(n_steps=9)
