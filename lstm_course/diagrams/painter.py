"""Lesson 03: the drawing primitives of the course's diagrams, and the symbol legend.

Introduced in notebooks/03_lstm_gate_by_gate.ipynb. A `Painter` draws layers (yellow boxes),
pointwise operations (pink circles), vector transfers (lines) and module backgrounds, each styled
by the parts it belongs to: with a highlighted part, its artists take the highlight colour and the
others fade. Every artist carries a gid "<kind>:<part>,<part>" that `artists_of` reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import Circle, Ellipse, FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path

# Colours: modules light blue-grey, layers (boxes) yellow, pointwise ops (circles) pink.
MODULE_FACE, MODULE_EDGE = "#EAF1F7", "#9BB3C9"
LAYER_FACE, LAYER_EDGE = "#FFE59A", "#B58B00"
OP_FACE, OP_EDGE = "#F9C6CF", "#B0475B"
LINE = "#2B2B2B"
HIGHLIGHT = "#D1495B"
HIGHLIGHT_FACE = "#FFB4A2"
DIM_ALPHA = 0.22

# Sizes shared by the diagrams: layer boxes, op circles, the tanh ellipse, how far lines reach
# outside a module, and the height of the h line (the same in the RNN and the LSTM module).
BOX_W, BOX_H, OP_R = 1.2, 0.7, 0.32
TANH_W, TANH_H = 1.2, 0.6
STUB = 1.2
H_Y = 1.0


class Painter:
    """Draws primitives at an offset, styling each one by the parts it belongs to."""

    def __init__(
        self,
        ax: Axes,
        kind: str,
        highlight: str | None = None,
        dx: float = 0.0,
        alpha: float = 1.0,
        fontsize: float = 11.0,
    ):
        self.ax, self.kind, self.highlight = ax, kind, highlight
        self.dx, self.alpha, self.fontsize = dx, alpha, fontsize
        self.scale = fontsize / 12.0  # arrowheads and line widths follow the text size

    def _state(self, parts: Sequence[str]) -> str:
        if self.highlight is None:
            return "normal"
        return "on" if self.highlight in parts else "dim"

    def _gid(self, parts: Sequence[str]) -> str:
        return f"{self.kind}:{','.join(parts)}"

    def _alpha(self, state: str) -> float:
        return self.alpha * (DIM_ALPHA if state == "dim" else 1.0)

    def line(
        self,
        points: Sequence[tuple[float, float]],
        parts: Sequence[str],
        arrow: bool = True,
        width: float = 1.6,
    ) -> FancyArrowPatch:
        """A polyline through `points`, with an arrowhead at the last point if `arrow`."""
        state = self._state(parts)
        verts = [(x + self.dx, y) for x, y in points]
        codes = [Path.MOVETO] + [Path.LINETO] * (len(verts) - 1)
        patch = FancyArrowPatch(
            path=Path(verts, codes),
            arrowstyle="-|>,head_length=0.5,head_width=0.25" if arrow else "-",
            mutation_scale=12 * self.scale,
            color=HIGHLIGHT if state == "on" else LINE,
            linewidth=width * self.scale * (1.7 if state == "on" else 1.0),
            alpha=self._alpha(state),
            joinstyle="miter",
            capstyle="butt",
            zorder=2,
            gid=self._gid(parts),
        )
        self.ax.add_patch(patch)
        return patch

    def box(self, x: float, y: float, label: str, parts: Sequence[str]) -> FancyBboxPatch:
        """A neural-network layer: a rounded yellow box with its activation's name."""
        state = self._state(parts)
        patch = FancyBboxPatch(
            (x + self.dx - BOX_W / 2, y - BOX_H / 2),
            BOX_W,
            BOX_H,
            boxstyle="round,pad=0,rounding_size=0.12",
            facecolor=HIGHLIGHT_FACE if state == "on" else LAYER_FACE,
            edgecolor=HIGHLIGHT if state == "on" else LAYER_EDGE,
            linewidth=self.scale * (2.4 if state == "on" else 1.2),
            alpha=self._alpha(state),
            zorder=4,
            gid=self._gid(parts),
        )
        self.ax.add_patch(patch)
        self.text(x, y, label, parts, color=LINE, size=self.fontsize, zorder=5)
        return patch

    def op(self, x: float, y: float, symbol: str, parts: Sequence[str]):
        """A pointwise operation: a pink circle with x or +, or an ellipse for tanh."""
        state = self._state(parts)
        style = {
            "facecolor": HIGHLIGHT_FACE if state == "on" else OP_FACE,
            "edgecolor": HIGHLIGHT if state == "on" else OP_EDGE,
            "linewidth": self.scale * (2.4 if state == "on" else 1.2),
            "alpha": self._alpha(state),
            "zorder": 4,
            "gid": self._gid(parts),
        }
        if symbol == "tanh":
            patch = Ellipse((x + self.dx, y), TANH_W, TANH_H, **style)
            size = self.fontsize * 0.9
        else:
            patch = Circle((x + self.dx, y), OP_R, **style)
            size = self.fontsize * 1.35
        self.ax.add_patch(patch)
        self.text(x, y, symbol, parts, color=LINE, size=size, zorder=5)
        return patch

    def text(
        self,
        x: float,
        y: float,
        label: str,
        parts: Sequence[str],
        color: str | None = None,
        size: float | None = None,
        zorder: float = 6,
        **kwargs,
    ):
        """A label; highlighted labels of gates and states take the highlight colour."""
        state = self._state(parts)
        if color is None:
            color = HIGHLIGHT if state == "on" else LINE
        return self.ax.text(
            x + self.dx,
            y,
            label,
            ha=kwargs.pop("ha", "center"),
            va=kwargs.pop("va", "center"),
            color=color,
            fontsize=size or self.fontsize,
            alpha=self._alpha(state),
            zorder=zorder,
            gid=self._gid(parts),
            **kwargs,
        )

    def module(self, x0: float, y0: float, width: float, height: float) -> FancyBboxPatch:
        """The rounded background of one repeating module."""
        patch = FancyBboxPatch(
            (x0 + self.dx, y0),
            width,
            height,
            boxstyle="round,pad=0,rounding_size=0.5",
            facecolor=MODULE_FACE,
            edgecolor=MODULE_EDGE,
            linewidth=1.5,
            alpha=self.alpha,
            zorder=0,
            gid=f"{self.kind}:module",
        )
        self.ax.add_patch(patch)
        return patch


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """`ax`, or the axes of a new figure of `figsize`, set up for a diagram (equal, no axes)."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def draw_legend(ax: Axes | None = None) -> Axes:
    """Draw the symbol legend: neural-network layer, pointwise operation, vector transfer,
    concatenate, copy.

    Returns:
        The Axes drawn into; a new (8, 1.7) figure when `ax` is None.
    """
    ax = new_axes(ax, (8.0, 1.7))
    p = Painter(ax, "legend", fontsize=10)
    width = 4.0
    items = ("Neural network\nlayer", "Pointwise\noperation", "Vector\ntransfer")
    items += ("Concatenate", "Copy")
    p.box(0.0, 1.0, r"$\sigma$", ("layer",))
    p.op(width, 1.0, "×", ("op",))
    p.line([(2 * width - 1.0, 1.0), (2 * width + 1.0, 1.0)], ("transfer",))
    x = 3 * width
    p.line([(x - 1.0, 0.55), (x - 0.2, 0.55), (x - 0.2, 1.0)], ("concat",), arrow=False)
    p.line([(x - 1.0, 1.45), (x - 0.2, 1.45), (x - 0.2, 1.0)], ("concat",), arrow=False)
    p.line([(x - 0.2, 1.0), (x + 1.0, 1.0)], ("concat",))
    x = 4 * width
    p.line([(x - 1.0, 1.0), (x + 0.2, 1.0)], ("copy",), arrow=False)
    p.line([(x + 0.2, 1.0), (x + 0.2, 0.55), (x + 1.0, 0.55)], ("copy",))
    p.line([(x + 0.2, 1.0), (x + 0.2, 1.45), (x + 1.0, 1.45)], ("copy",))
    for k, name in enumerate(items):
        p.text(k * width, -0.2, name, ("caption",), va="top")
    ax.set_xlim(-2.0, 4 * width + 2.0)
    ax.set_ylim(-1.5, 1.9)
    return ax


def artists_of(ax: Axes, part: str) -> list:
    """The patches and texts of a diagram that belong to `part` (by their gid)."""
    found: Iterable = list(ax.patches) + list(ax.texts)
    out = []
    for artist in found:
        gid = artist.get_gid() or ""
        _, _, parts = gid.partition(":")
        if part in parts.split(","):
            out.append(artist)
    return out
