"""The RNN and LSTM cells drawn with matplotlib: chains of repeating modules, the symbol legend,
and the LSTM cell with one part highlighted at a time.

Introduced in notebooks/03_lstm_gate_by_gate.ipynb.

Everything here is drawn by this code (no copied images). The LSTM cell follows the gate order
and layout of `lstm_course.numpy_lstm` (Keras's i, f, c, o):

    f_t = sigmoid(x_t W_f + h_{t-1} U_f + b_f)       forget gate
    i_t = sigmoid(x_t W_i + h_{t-1} U_i + b_i)       input gate
    c~_t = tanh(x_t W_c + h_{t-1} U_c + b_c)         candidate
    c_t = f_t * c_{t-1} + i_t * c~_t                 update (* is element-wise)
    o_t = sigmoid(x_t W_o + h_{t-1} U_o + b_o)       output gate
    h_t = o_t * tanh(c_t)

Every artist a diagram draws carries a gid "lstm:<parts>" / "rnn:<parts>" naming the parts it
belongs to (comma-separated), so tests and curious learners can find what a highlight changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import Circle, Ellipse, FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path

HIGHLIGHTS = ("cell_state", "forget", "input", "candidate", "update", "output")
"""Names `draw_lstm_cell(highlight=...)` accepts."""

EQUATIONS = {
    "cell_state": r"cell state: $c_{t-1} \rightarrow c_t$ through one $\times$ and one $+$",
    "forget": r"forget gate: $f_t = \sigma(x_t W_f + h_{t-1} U_f + b_f)$",
    "input": r"input gate: $i_t = \sigma(x_t W_i + h_{t-1} U_i + b_i)$,  "
    r"$\tilde{c}_t = \tanh(x_t W_c + h_{t-1} U_c + b_c)$",
    "candidate": r"candidate: $\tilde{c}_t = \tanh(x_t W_c + h_{t-1} U_c + b_c)$",
    "update": r"update: $c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t$",
    "output": r"output gate: $o_t = \sigma(x_t W_o + h_{t-1} U_o + b_o)$,  "
    r"$h_t = o_t \odot \tanh(c_t)$",
}
"""The equation of each highlight, in matplotlib mathtext (used as the diagram's title)."""

# Colours: modules light blue-grey, layers (boxes) yellow, pointwise ops (circles) pink.
MODULE_FACE, MODULE_EDGE = "#EAF1F7", "#9BB3C9"
LAYER_FACE, LAYER_EDGE = "#FFE59A", "#B58B00"
OP_FACE, OP_EDGE = "#F9C6CF", "#B0475B"
LINE = "#2B2B2B"
HIGHLIGHT = "#D1495B"
HIGHLIGHT_FACE = "#FFB4A2"
DIM_ALPHA = 0.22

_BOX_W, _BOX_H, _OP_R = 1.2, 0.7, 0.32


class _Painter:
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
            (x + self.dx - _BOX_W / 2, y - _BOX_H / 2),
            _BOX_W,
            _BOX_H,
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
            patch = Ellipse((x + self.dx, y), _TANH_W, _TANH_H, **style)
            size = self.fontsize * 0.9
        else:
            patch = Circle((x + self.dx, y), _OP_R, **style)
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


# Geometry of one LSTM module (its background is x in [0, 10.8], y in [0, 6.4]).
_C_Y, _H_Y = 5.4, 1.0  # heights of the cell-state line and of the h line
_GATE_Y = 2.5  # height of the four layer boxes
_X_IN = 1.0  # where x_t joins h_{t-1}
_XF, _XI, _XC, _XO = 2.5, 4.1, 5.7, 7.3  # the four layers: forget, input, candidate, output
_MUL_I_Y = 3.95  # height of the input x
_XOUT = 8.9  # output column: tanh(c_t) and the output x
_TANH_Y, _TANH_W, _TANH_H = 4.2, 1.2, 0.6
_XCOPY = 9.9  # where h_t is copied upwards
_LSTM_W, _LSTM_H = 10.8, 6.4
_STUB = 1.2  # how far the lines reach outside the module

_GATES_ALL = ("forget", "input", "candidate", "output")


def _draw_lstm_module(p: _Painter, labels: bool, entry_arrows: bool = True) -> None:
    """One LSTM module at the painter's offset; `labels` writes the gate names."""
    r = _OP_R
    top = _GATE_Y + _BOX_H / 2
    p.module(0.0, 0.0, _LSTM_W, _LSTM_H)

    # The cell state: c_{t-1} -> x -> + -> c_t, the conveyor belt along the top.
    cs = ("cell_state",)
    p.line([(-_STUB, _C_Y), (_XF - r, _C_Y)], cs, arrow=entry_arrows, width=2.4)
    p.line([(_XF + r, _C_Y), (_XC - r, _C_Y)], cs, width=2.4)
    p.line([(_XC + r, _C_Y), (_LSTM_W + _STUB, _C_Y)], cs, width=2.4)
    p.op(_XF, _C_Y, "×", ("cell_state", "forget", "update"))
    p.op(_XC, _C_Y, "+", ("cell_state", "update"))

    # The inputs: h_{t-1} from the left, x_t from below, concatenated, copied to four layers.
    p.line([(-_STUB, _H_Y), (_X_IN, _H_Y)], _GATES_ALL, arrow=False)
    p.line([(_X_IN, -_STUB), (_X_IN, _H_Y)], _GATES_ALL, arrow=False)
    p.line([(_X_IN, _H_Y), (_XF, _H_Y)], _GATES_ALL, arrow=False)
    p.line([(_XF, _H_Y), (_XI, _H_Y)], ("input", "candidate", "output"), arrow=False)
    p.line([(_XI, _H_Y), (_XC, _H_Y)], ("input", "candidate", "output"), arrow=False)
    p.line([(_XC, _H_Y), (_XO, _H_Y)], ("output",), arrow=False)
    low = _GATE_Y - _BOX_H / 2
    p.line([(_XF, _H_Y), (_XF, low)], ("forget",))
    p.line([(_XI, _H_Y), (_XI, low)], ("input",))
    p.line([(_XC, _H_Y), (_XC, low)], ("input", "candidate"))
    p.line([(_XO, _H_Y), (_XO, low)], ("output",))

    # Forget gate: sigma layer, f_t up to the x on the belt.
    p.box(_XF, _GATE_Y, r"$\sigma$", ("forget",))
    p.line([(_XF, top), (_XF, _C_Y - r)], ("forget", "update"))

    # Input gate (sigma) and candidate (tanh), multiplied, then added to the belt.
    p.box(_XI, _GATE_Y, r"$\sigma$", ("input",))
    p.box(_XC, _GATE_Y, "tanh", ("input", "candidate"))
    p.line([(_XI, top), (_XI, _MUL_I_Y), (_XC - r, _MUL_I_Y)], ("input", "update"))
    p.line([(_XC, top), (_XC, _MUL_I_Y - r)], ("input", "candidate", "update"))
    p.op(_XC, _MUL_I_Y, "×", ("input", "update"))
    p.line([(_XC, _MUL_I_Y + r), (_XC, _C_Y - r)], ("update",))

    # Output gate: sigma layer times tanh(c_t) gives h_t, sent right and copied up.
    out = ("output",)
    p.box(_XO, _GATE_Y, r"$\sigma$", out)
    p.line([(_XO + _BOX_W / 2, _GATE_Y), (_XOUT - r, _GATE_Y)], out)
    p.line([(_XOUT, _C_Y), (_XOUT, _TANH_Y + _TANH_H / 2)], out)
    p.op(_XOUT, _TANH_Y, "tanh", out)
    p.line([(_XOUT, _TANH_Y - _TANH_H / 2), (_XOUT, _GATE_Y + r)], out)
    p.op(_XOUT, _GATE_Y, "×", out)
    p.line([(_XOUT, _GATE_Y - r), (_XOUT, _H_Y), (_LSTM_W + _STUB, _H_Y)], out)
    p.line([(_XCOPY, _H_Y), (_XCOPY, _LSTM_H + _STUB)], out)

    if labels:
        p.text(_XF - 0.15, (top + _C_Y - r) / 2, r"$f_t$", ("forget", "update"), ha="right")
        p.text(_XI - 0.15, (top + _MUL_I_Y) / 2, r"$i_t$", ("input", "update"), ha="right")
        p.text(
            _XC + 0.15,
            (top + _MUL_I_Y - r) / 2,
            r"$\tilde{c}_t$",
            ("input", "candidate", "update"),
            ha="left",
        )
        p.text((_XO + _BOX_W / 2 + _XOUT - r) / 2, _GATE_Y + 0.42, r"$o_t$", out)


def _lstm_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def _check_highlight(highlight: str | None) -> None:
    if highlight is not None and highlight not in HIGHLIGHTS:
        raise ValueError(
            f"unknown highlight {highlight!r}; valid names are None or one of {HIGHLIGHTS}"
        )


def draw_lstm_cell(
    highlight: str | None = None, ax: Axes | None = None, title: bool = True
) -> Axes:
    """Draw one LSTM cell, optionally with one part highlighted and the rest faded.

    Args:
        highlight: None, or one of `HIGHLIGHTS`: "cell_state" (the c line with its x and +),
            "forget" (sigma layer and the x on the belt), "input" (sigma and tanh branches and
            their x), "candidate" (the tanh branch only), "update" (the pointwise x and + that
            change c), "output" (sigma layer, tanh(c_t), their x and h_t).
        ax: Axes to draw into; a new (7, 4.6) figure when None.
        title: write the highlighted part's equation (`EQUATIONS`) as the title.

    Returns:
        The Axes drawn into (its figure is `ax.figure`).

    Raises:
        ValueError: `highlight` is not None nor one of `HIGHLIGHTS`.
    """
    _check_highlight(highlight)
    ax = _lstm_axes(ax, (7.0, 4.6))
    p = _Painter(ax, "lstm", highlight, fontsize=13)
    _draw_lstm_module(p, labels=True)
    cs, hin, hout = ("cell_state",), _GATES_ALL, ("output",)
    p.text(-_STUB, _C_Y + 0.4, r"$c_{t-1}$", cs, ha="left")
    p.text(_LSTM_W + _STUB, _C_Y + 0.4, r"$c_t$", cs, ha="right")
    p.text(-_STUB, _H_Y + 0.4, r"$h_{t-1}$", hin, ha="left")
    p.text(_X_IN + 0.2, -_STUB + 0.1, r"$x_t$", hin, ha="left")
    p.text(_LSTM_W + _STUB, _H_Y + 0.4, r"$h_t$", hout, ha="right")
    p.text(_XCOPY + 0.2, _LSTM_H + _STUB - 0.1, r"$h_t$", hout, ha="left")
    ax.set_xlim(-_STUB - 0.3, _LSTM_W + _STUB + 0.3)
    ax.set_ylim(-_STUB - 0.3, _LSTM_H + _STUB + 0.3)
    if title and highlight is not None:
        ax.set_title(EQUATIONS[highlight], fontsize=12)
    return ax


def draw_lstm_chain(ax: Axes | None = None) -> Axes:
    """Draw the LSTM as a chain of three repeating modules (t-1, t, t+1); the middle one is
    labelled, the outer ones are faded.

    Returns:
        The Axes drawn into; a new (10, 2.8) figure when `ax` is None.
    """
    ax = _lstm_axes(ax, (10.0, 2.8))
    step = _LSTM_W + 2 * _STUB
    names = (("t-1", "t-2"), ("t", "t-1"), ("t+1", "t"))
    for k, (now, _) in enumerate(names):
        p = _Painter(ax, "lstm", dx=k * step, alpha=1.0 if k == 1 else 0.45, fontsize=8)
        _draw_lstm_module(p, labels=False, entry_arrows=k == 0)
        label_parts = ("chain",)
        p.text(_X_IN + 0.2, -_STUB + 0.1, rf"$x_{{{now}}}$", label_parts, ha="left")
        p.text(_XCOPY + 0.2, _LSTM_H + _STUB - 0.1, rf"$h_{{{now}}}$", label_parts, ha="left")
    ends = _Painter(ax, "lstm", fontsize=9)
    ends.text(-_STUB, _C_Y + 0.45, r"$c_{t-2}$", ("chain",), ha="left")
    ends.text(-_STUB, _H_Y + 0.45, r"$h_{t-2}$", ("chain",), ha="left")
    mid = _Painter(ax, "lstm", dx=step, fontsize=9)
    mid.text(-_STUB * 0.5, _C_Y + 0.45, r"$c_{t-1}$", ("chain",))
    mid.text(-_STUB * 0.5, _H_Y + 0.45, r"$h_{t-1}$", ("chain",))
    mid.text(_LSTM_W + _STUB * 0.5, _C_Y + 0.45, r"$c_t$", ("chain",))
    mid.text(_LSTM_W + _STUB * 0.5, _H_Y + 0.45, r"$h_t$", ("chain",))
    ax.set_xlim(-_STUB - 0.3, 3 * step - _STUB + 0.3)
    ax.set_ylim(-_STUB - 0.8, _LSTM_H + _STUB + 0.3)
    return ax


# Geometry of one RNN module (background x in [0, 5], y in [0, 3.6]).
_RNN_W, _RNN_H = 5.0, 3.6
_RNN_XIN, _RNN_XL, _RNN_LY, _RNN_TOP_Y, _RNN_XCOPY = 1.0, 2.4, 2.0, 2.9, 3.8


def _draw_rnn_module(p: _Painter, entry_arrows: bool = True) -> None:
    p.module(0.0, 0.0, _RNN_W, _RNN_H)
    parts = ("rnn",)
    p.line([(-_STUB, _H_Y), (_RNN_XIN, _H_Y)], parts, arrow=False)
    p.line([(_RNN_XIN, -_STUB), (_RNN_XIN, _H_Y)], parts, arrow=False)
    p.line([(_RNN_XIN, _H_Y), (_RNN_XL, _H_Y), (_RNN_XL, _RNN_LY - _BOX_H / 2)], parts)
    p.box(_RNN_XL, _RNN_LY, "tanh", parts)
    p.line(
        [
            (_RNN_XL, _RNN_LY + _BOX_H / 2),
            (_RNN_XL, _RNN_TOP_Y),
            (_RNN_XCOPY, _RNN_TOP_Y),
            (_RNN_XCOPY, _H_Y),
            (_RNN_W + _STUB, _H_Y),
        ],
        parts,
    )
    p.line([(_RNN_XCOPY, _RNN_TOP_Y), (_RNN_XCOPY, _RNN_H + _STUB)], parts)
    del entry_arrows  # the RNN's entries join without arrowheads, like the LSTM's h line


def draw_rnn_chain(ax: Axes | None = None) -> Axes:
    """Draw a plain RNN as a chain of three repeating modules: each holds one tanh layer,
    h_t = tanh(x_t W + h_{t-1} U + b), copied to the output and to the next step.

    Returns:
        The Axes drawn into; a new (7, 2.6) figure when `ax` is None.
    """
    ax = _lstm_axes(ax, (7.0, 2.6))
    step = _RNN_W + 2 * _STUB
    for k, now in enumerate(("t-1", "t", "t+1")):
        p = _Painter(ax, "rnn", dx=k * step, alpha=1.0 if k == 1 else 0.45, fontsize=11)
        _draw_rnn_module(p)
        p.text(_RNN_XIN + 0.2, -_STUB + 0.1, rf"$x_{{{now}}}$", ("chain",), ha="left")
        p.text(_RNN_XCOPY + 0.2, _RNN_H + _STUB - 0.1, rf"$h_{{{now}}}$", ("chain",), ha="left")
    mid = _Painter(ax, "rnn", dx=step, fontsize=11)
    mid.text(-_STUB * 0.5, _H_Y + 0.45, r"$h_{t-1}$", ("chain",))
    mid.text(_RNN_W + _STUB * 0.5, _H_Y + 0.45, r"$h_t$", ("chain",))
    ax.set_xlim(-_STUB - 0.3, 3 * step - _STUB + 0.3)
    ax.set_ylim(-_STUB - 0.6, _RNN_H + _STUB + 0.3)
    return ax


def draw_legend(ax: Axes | None = None) -> Axes:
    """Draw the symbol legend: neural-network layer, pointwise operation, vector transfer,
    concatenate, copy.

    Returns:
        The Axes drawn into; a new (8, 1.7) figure when `ax` is None.
    """
    ax = _lstm_axes(ax, (8.0, 1.7))
    p = _Painter(ax, "legend", fontsize=10)
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
