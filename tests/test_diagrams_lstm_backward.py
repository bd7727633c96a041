"""The LSTM backward-pass diagram of lesson 04: labelled, its equations beside it, and exactly the
highlighted gradient path stands out (the cell-state path by default)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from diagram_checks import highlighted

from lstm_course.diagrams.lstm_backward import (
    BACKWARD_EQUATIONS,
    BACKWARD_HIGHLIGHTS,
    OTHER_ALPHA,
    draw_lstm_backward,
)
from lstm_course.diagrams.painter import artists_of


def _texts(ax):
    return {t.get_text() for t in ax.texts}


def _gradient_artists(ax):
    """The backward arrows and their labels: every artist of some highlightable part."""
    found = {id(a): a for part in BACKWARD_HIGHLIGHTS for a in artists_of(ax, part)}
    return [a for a in found.values() if "equations" not in a.get_gid()]


def test_labels_and_equations_are_drawn():
    ax = draw_lstm_backward()
    ax.figure.canvas.draw()
    labels = _texts(ax)
    for name in (r"$dc_t$", r"$dh_t$", r"$dh_{t-1}$", r"$dx_t$", r"$dc_{t-1} = dc \odot f_t$"):
        assert name in labels
    for name in (r"$do$", r"$df$", r"$di$", r"$dg$", r"$dz$"):
        assert name in labels
    assert {equation for _, equation in BACKWARD_EQUATIONS} <= labels
    assert {"×", "+", "tanh", r"$\sigma$"} <= labels  # the faded forward cell underneath
    assert "carousel" in ax.get_title()


def test_default_highlight_is_the_cell_path_alone():
    ax = draw_lstm_backward()
    cell = artists_of(ax, "cell_path")
    assert len(cell) >= 4 and all(a.get_alpha() == 1.0 and highlighted(a) for a in cell)
    others = [a for a in _gradient_artists(ax) if a not in cell]
    assert others and all(a.get_alpha() == OTHER_ALPHA for a in others)


@pytest.mark.parametrize("part", BACKWARD_HIGHLIGHTS)
def test_each_highlight_marks_its_part_and_lightens_the_rest(part):
    fig, ax = plt.subplots(figsize=(11, 4.4))
    assert draw_lstm_backward(ax=ax, highlight=part) is ax
    mine = [a for a in artists_of(ax, part) if "equations" not in a.get_gid()]
    assert mine and all(a.get_alpha() == 1.0 for a in mine)
    others = [a for a in _gradient_artists(ax) if a not in mine]
    assert others and all(a.get_alpha() == OTHER_ALPHA for a in others)
    equations = [a for a in artists_of(ax, "equations")]
    on = [a for a in equations if part in a.get_gid().split(":")[1].split(",")]
    assert on and all(highlighted(a) for a in on)
    assert not any(highlighted(a) for a in equations if a not in on)


def test_highlights_differ_from_each_other():
    styles = {}
    for part in BACKWARD_HIGHLIGHTS:
        ax = draw_lstm_backward(highlight=part)
        styles[part] = tuple(a.get_alpha() for a in _gradient_artists(ax))
        plt.close(ax.figure)
    assert len(set(styles.values())) == len(BACKWARD_HIGHLIGHTS)


def test_no_highlight_draws_every_gradient_in_full():
    ax = draw_lstm_backward(highlight=None)
    grads = artists_of(ax, "gradient")
    assert len(grads) == len(_gradient_artists(ax)) > 10
    assert all(a.get_alpha() == 1.0 and highlighted(a) for a in grads)


def test_unknown_highlight_lists_the_valid_names():
    with pytest.raises(ValueError, match="cell_path") as err:
        draw_lstm_backward(highlight="forget")
    for name in BACKWARD_HIGHLIGHTS:
        assert name in str(err.value)
