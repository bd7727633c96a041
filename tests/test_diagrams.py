"""The diagrams draw, label what the lessons name, and highlight exactly the part asked for."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from diagram_checks import colour, highlighted

from lstm_course.diagrams import (
    EQUATIONS,
    HIGHLIGHTS,
    artists_of,
    draw_legend,
    draw_lstm_cell,
    draw_lstm_chain,
    draw_rnn_chain,
)
from lstm_course.diagrams.painter import DIM_ALPHA


def _texts(ax):
    return {t.get_text() for t in ax.texts}


def test_plain_cell_is_labelled_and_has_nothing_highlighted():
    ax = draw_lstm_cell()
    ax.figure.canvas.draw()
    labels = _texts(ax)
    for name in (r"$x_t$", r"$h_{t-1}$", r"$c_{t-1}$", r"$c_t$", r"$h_t$"):
        assert name in labels
    for gate in (r"$f_t$", r"$i_t$", r"$\tilde{c}_t$", r"$o_t$"):
        assert gate in labels
    assert {"×", "+", "tanh", r"$\sigma$"} <= labels
    assert not any(highlighted(a) for a in list(ax.patches) + list(ax.texts))
    assert ax.get_title() == ""


@pytest.mark.parametrize("part", HIGHLIGHTS)
def test_each_highlight_marks_its_part_and_fades_the_rest(part):
    fig, ax = plt.subplots(figsize=(7, 4.6))
    assert draw_lstm_cell(part, ax=ax) is ax
    fig.canvas.draw()
    mine = artists_of(ax, part)
    assert mine, f"no artist belongs to {part!r}"
    assert all(highlighted(a) for a in mine if a in ax.patches)  # edges and lines in the highlight
    assert all((a.get_alpha() or 1.0) == 1.0 for a in mine)  # nothing of the part is faded
    others = [
        a
        for a in list(ax.patches) + list(ax.texts)
        if a not in mine and (a.get_gid() or "") != "lstm:module"
    ]
    assert others and all(not highlighted(a) for a in others)
    assert all(a.get_alpha() == pytest.approx(DIM_ALPHA) for a in others)
    assert ax.get_title() == EQUATIONS[part]


def test_highlights_change_colours_relative_to_the_plain_cell():
    plain = draw_lstm_cell()
    base = [colour(a) for a in plain.patches]
    for part in HIGHLIGHTS:
        ax = draw_lstm_cell(part)
        assert len(ax.patches) == len(base)
        changed = {i for i, a in enumerate(ax.patches) if colour(a) != base[i]}
        assert changed == {i for i, a in enumerate(ax.patches) if a in artists_of(ax, part)}


def test_parts_are_distinct():
    marked = {}
    for part in HIGHLIGHTS:
        ax = draw_lstm_cell(part)
        marked[part] = frozenset(i for i, a in enumerate(ax.patches) if highlighted(a))
    assert len(set(marked.values())) == len(HIGHLIGHTS)
    assert marked["candidate"] < marked["input"]  # the tanh branch is part of input
    # the cell-state line is not a gate: forget and output do not touch it
    assert not marked["cell_state"] & marked["output"]


def test_forget_gate_multiplies_on_the_cell_state_line():
    ax = draw_lstm_cell("forget")
    symbols = [a.get_text() for a in artists_of(ax, "forget") if a in ax.texts]
    assert "×" in symbols and r"$\sigma$" in symbols and "+" not in symbols


@pytest.mark.parametrize("bad", ["forget_gate", "Forget", "", "all"])
def test_unknown_highlight_raises_and_lists_valid_names(bad):
    with pytest.raises(ValueError, match="valid names") as info:
        draw_lstm_cell(bad)
    for name in HIGHLIGHTS:
        assert name in str(info.value)


def test_chains_and_legend_draw_with_their_labels():
    lstm = draw_lstm_chain()
    lstm.figure.canvas.draw()
    assert {r"$x_{t-1}$", r"$x_{t}$", r"$x_{t+1}$", r"$h_t$", r"$c_{t-1}$"} <= _texts(lstm)
    assert sum(t.get_text() == "×" for t in lstm.texts) == 9  # three x per module
    rnn = draw_rnn_chain()
    rnn.figure.canvas.draw()
    assert {r"$x_{t-1}$", r"$x_{t}$", r"$x_{t+1}$", r"$h_{t-1}$", r"$h_t$"} <= _texts(rnn)
    assert sum(t.get_text() == "tanh" for t in rnn.texts) == 3  # one layer per module
    legend = draw_legend()
    legend.figure.canvas.draw()
    captions = " ".join(_texts(legend))
    for word in ("layer", "Pointwise", "transfer", "Concatenate", "Copy"):
        assert word in captions


def test_draws_into_a_given_axes():
    fig, axes = plt.subplots(1, 2, figsize=(8, 3))
    assert draw_rnn_chain(ax=axes[0]) is axes[0]
    assert draw_legend(ax=axes[1]) is axes[1]
    assert len(fig.axes) == 2
