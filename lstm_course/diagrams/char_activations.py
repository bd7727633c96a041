"""Lesson 09: one LSTM unit's activation coloured over the text it reads (Karpathy-style).

Introduced in notebooks/09_text_generation.ipynb, after Karpathy, Johnson & Fei-Fei (2015),
"Visualizing and Understanding Recurrent Networks" (arXiv:1506.02078; ICLR 2016 workshop).
Each character is drawn on a square whose colour is the unit's value h_t after reading that
character: blue for -1, white for 0, red for +1 (the range of h = o * tanh(c)).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


def draw_char_activations(ax, text: str, values, width: int = 64, cmap: str = "RdBu_r"):
    """Draw `text` on `ax`, one square per character, coloured by `values` in [-1, 1].

    Args:
        ax: a matplotlib Axes.
        text: the characters (a newline starts a new row; a row also wraps after `width`).
        values: array-like of shape (len(text),), one value per character.
        width: characters per row at most.
        cmap: a diverging colormap name; -1 and 1 are its ends.

    Returns:
        the list of matplotlib Rectangles, one per character, in the order of `text`.
    """
    values = np.asarray(values, dtype=float)
    if values.shape != (len(text),):
        raise ValueError(
            f"values must have shape ({len(text)},) (one per character), got {values.shape}"
        )
    if not isinstance(width, int) or width < 1:
        raise ValueError(f"width must be a positive int, got {width!r}")
    colormap = plt.get_cmap(cmap)
    squares, row, col = [], 0, 0
    for ch, v in zip(text, values, strict=True):
        if col == width:
            row, col = row + 1, 0
        rect = plt.Rectangle((col, -row - 1), 1, 1, color=colormap((np.clip(v, -1, 1) + 1) / 2))
        ax.add_patch(rect)
        squares.append(rect)
        shown = "\u21b5" if ch == "\n" else ch
        ax.text(
            col + 0.5, -row - 0.5, shown, ha="center", va="center", fontsize=7, family="monospace"
        )
        if ch == "\n":
            row, col = row + 1, 0
        else:
            col += 1
    ax.set_xlim(0, width)
    ax.set_ylim(-row - 1, 0)
    ax.set_aspect("equal")
    ax.axis("off")
    return squares
