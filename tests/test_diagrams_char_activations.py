"""Lesson 09's Karpathy-style picture: one square per character, coloured by its value."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from lstm_course.diagrams.char_activations import draw_char_activations


def test_one_square_per_character_coloured_by_its_value():
    fig, ax = plt.subplots()
    text = "AB:\nab"
    values = np.array([-1.0, 0.0, 1.0, 0.5, -0.5, 2.0])
    squares = draw_char_activations(ax, text, values, cmap="RdBu_r")
    assert len(squares) == len(text)
    cmap = plt.get_cmap("RdBu_r")
    assert to_rgba(squares[0].get_facecolor()) == pytest.approx(cmap(0.0))
    assert to_rgba(squares[2].get_facecolor()) == pytest.approx(cmap(1.0))
    assert to_rgba(squares[5].get_facecolor()) == pytest.approx(cmap(1.0))  # clipped at 1
    # the newline ends row 0; "a" starts row 1 at column 0
    assert squares[4].get_xy() == (0, -2)
    assert [t.get_text() for t in ax.texts][3] == "\u21b5"


def test_rows_wrap_at_width():
    fig, ax = plt.subplots()
    squares = draw_char_activations(ax, "abcde", np.zeros(5), width=2)
    assert [s.get_xy() for s in squares] == [(0, -1), (1, -1), (0, -2), (1, -2), (0, -3)]


def test_values_must_match_the_text():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="one per character"):
        draw_char_activations(ax, "abc", np.zeros(2))
