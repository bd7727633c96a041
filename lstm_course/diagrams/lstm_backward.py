"""Lesson 04: the LSTM's backward pass drawn over the cell, the cell-state path highlighted.

Introduced in notebooks/04_lstm_from_scratch.ipynb, before exercise 4.2. The forward cell of
`lstm_course.diagrams.lstm` is drawn faded; over it, red arrows run backwards: dc_t along the cell
state to dc_{t-1} through a single multiplication by f_t (the "constant error carousel": no
matrix, no tanh' on that path), dh_t into c_t through tanh(c_t), and the branches into the gates
(do, di, dg, df), which meet in dz and leave through the weights to dh_{t-1} and dx_t. The
equations of `lstm_course.numpy_nets.lstm_step.lstm_step_backward` stand beside it, each coloured
with its arrow. Every artist carries a gid "lstm:<parts>"; `artists_of` finds them.
"""

from __future__ import annotations

from matplotlib.axes import Axes

from lstm_course.diagrams.lstm import (
    _C_Y,
    _GATE_Y,
    _LSTM_H,
    _LSTM_W,
    _MUL_I_Y,
    _TANH_Y,
    _X_IN,
    _XF,
    _XG,
    _XI,
    _XO,
    _XOUT,
    _draw_lstm_module,
)
from lstm_course.diagrams.painter import (
    BOX_H,
    BOX_W,
    H_Y,
    HIGHLIGHT,
    LINE,
    OP_R,
    STUB,
    TANH_H,
    Painter,
    new_axes,
)

BACKWARD_HIGHLIGHTS = ("cell_path", "dh_to_c", "do", "df", "di", "dg", "weights")
"""Names `draw_lstm_backward(highlight=...)` accepts (or None): the cell-state path dc_t ->
dc_{t-1}, dh_t into c_t, the four gate branches, and dz back through the weights."""

BACKWARD_EQUATIONS = (
    ("dh_to_c", r"$dc = dc_t + dh_t \odot o_t \odot (1 - \tanh^2 c_t)$"),
    ("do", r"$do = dh_t \odot \tanh c_t$"),
    ("df", r"$df = dc \odot c_{t-1}$"),
    ("di", r"$di = dc \odot g_t$"),
    ("dg", r"$dg = dc \odot i_t$"),
    (
        "weights",
        r"$dz = [di\,i(1-i),\ df\,f(1-f),\ dg\,(1-g^2),\ do\,o(1-o)]$",
    ),
    ("weights", r"$dh_{t-1} = dz\,U^{\top}$,  $dx_t = dz\,W^{\top}$"),
    ("cell_path", r"$dc_{t-1} = dc \odot f_t$"),
)
"""(part, equation in mathtext) in the order `lstm_step_backward` computes them."""

TITLES = {
    None: "Backward through one LSTM step: the gradients (red) retrace the forward lines",
    "cell_path": r"The constant error carousel: $dc_{t-1} = dc \odot f_t$, one multiplication, "
    r"no matrix, no $\tanh'$",
}
"""The figure's title: the carousel's for "cell_path", a general one otherwise."""

OTHER_ALPHA = 0.45  # the gradients outside the highlight: light red
_OFF = 0.38  # how far a backward arrow runs beside the forward line it retraces


def _check_highlight(highlight: str | None) -> None:
    if highlight is not None and highlight not in BACKWARD_HIGHLIGHTS:
        raise ValueError(
            f"unknown highlight {highlight!r}; valid names are None or one of {BACKWARD_HIGHLIGHTS}"
        )


def _draw_gradients(p: Painter) -> None:
    """The backward arrows, right to left and top to bottom, with their labels."""
    r, top, cy = OP_R, _GATE_Y + BOX_H / 2, _C_Y + _OFF
    cell = ("cell_path",)
    # The carousel: dc_t enters at the right, passes the + unchanged, is multiplied by f_t.
    p.line([(_LSTM_W + STUB, cy), (_XF + r, cy)], cell, width=2.6)
    p.line([(_XF - r, cy), (-STUB, cy)], cell, width=2.6)
    p.text(_LSTM_W + STUB, cy + 0.38, r"$dc_t$", cell, ha="right")
    p.text(-STUB, cy + 0.38, r"$dc_{t-1} = dc \odot f_t$", cell, ha="left")
    p.text(_XF, cy + 0.5, r"$\times f_t$", cell)
    # dh_t: from the right along the h line, to the output x, then up through tanh into c_t.
    hy = H_Y - _OFF
    p.line([(_LSTM_W + STUB, hy), (_XOUT + _OFF, hy), (_XOUT + _OFF, _GATE_Y - r)], ("dh_to_c",))
    p.text(_LSTM_W + STUB, hy - 0.35, r"$dh_t$", ("dh_to_c", "do"), ha="right")
    p.line(
        [(_XOUT + _OFF, _GATE_Y + r), (_XOUT + _OFF, _C_Y - r)],
        ("dh_to_c",),
    )
    p.text(_XOUT + _OFF + 0.12, _TANH_Y + TANH_H, r"$\tanh'$", ("dh_to_c",), ha="left")
    # do: from the output x back to the output gate.
    gy = _GATE_Y - _OFF
    p.line([(_XOUT - r, gy), (_XO + BOX_W / 2, gy)], ("do",))
    p.text((_XOUT + _XO + BOX_W / 2) / 2, gy - 0.32, r"$do$", ("do",))
    # df: from the x on the belt down to the forget gate.
    p.line([(_XF + _OFF, _C_Y - r), (_XF + _OFF, top)], ("df",))
    p.text(_XF + _OFF + 0.1, (_C_Y + top) / 2, r"$df$", ("df",), ha="left")
    # di and dg: dc passes the + down to the input x, then to the input gate and the candidate.
    p.line([(_XG + _OFF, _C_Y - r), (_XG + _OFF, _MUL_I_Y + r)], ("di", "dg"))
    p.line(
        [(_XG - r, _MUL_I_Y - _OFF / 2), (_XI + _OFF, _MUL_I_Y - _OFF / 2), (_XI + _OFF, top)],
        ("di",),
    )
    p.text(_XI + _OFF + 0.1, (_MUL_I_Y + top) / 2 - 0.1, r"$di$", ("di",), ha="left")
    p.line([(_XG + _OFF, _MUL_I_Y - r), (_XG + _OFF, top)], ("dg",))
    p.text(_XG + _OFF + 0.1, (_MUL_I_Y + top) / 2 - 0.1, r"$dg$", ("dg",), ha="left")
    # dz: from the four layers down, back through the weights to h_{t-1} and x_t.
    low = _GATE_Y - BOX_H / 2
    wy = H_Y + _OFF
    for x in (_XF, _XI, _XG, _XO):
        p.line([(x - _OFF, low), (x - _OFF, wy)], ("weights",), arrow=False)
    p.line([(_XO - _OFF, wy), (-STUB, wy)], ("weights",))
    p.line([(_X_IN - _OFF, wy), (_X_IN - _OFF, -STUB)], ("weights",))
    p.text(-STUB, wy + 0.35, r"$dh_{t-1}$", ("weights",), ha="left")
    p.text(_X_IN - _OFF - 0.1, -STUB + 0.1, r"$dx_t$", ("weights",), ha="right")
    p.text((_XI + _XG) / 2, wy + 0.3, r"$dz$", ("weights",))


def draw_lstm_backward(ax: Axes | None = None, highlight: str | None = "cell_path") -> Axes:
    """Draw the LSTM's backward pass over a faded cell, with its equations beside it.

    Args:
        ax: Axes to draw into; a new (11, 4.4) figure when None.
        highlight: None (every gradient arrow in the same red), or one of `BACKWARD_HIGHLIGHTS`:
            "cell_path" (default: dc_t -> dc_{t-1} through x f_t), "dh_to_c", "do", "df",
            "di", "dg", "weights" (dz back to dh_{t-1} and dx_t); that part stands out, the
            other arrows and equations fade.

    Returns:
        The Axes drawn into (its figure is `ax.figure`).

    Raises:
        ValueError: `highlight` is not None nor one of `BACKWARD_HIGHLIGHTS`.
    """
    _check_highlight(highlight)
    ax = new_axes(ax, (11.0, 4.4))
    _draw_lstm_module(Painter(ax, "lstm", alpha=0.3, fontsize=10), labels=True)
    # No highlight: every gradient artist also belongs to "gradient", the painter's highlight.
    extra = ("gradient",) if highlight is None else ()
    p = _Tagged(Painter(ax, "lstm", highlight or "gradient", fontsize=10), extra)
    _draw_gradients(p)
    for artist in p.dimmed:  # the other gradients stay visible over the faded cell: light red
        artist.set_color(HIGHLIGHT)
        artist.set_alpha(OTHER_ALPHA)
    x_eq = _LSTM_W + STUB + 0.8
    for k, (part, equation) in enumerate(BACKWARD_EQUATIONS):
        on = highlight in (None, part)
        ax.text(
            x_eq,
            _LSTM_H + 0.9 - k * 0.95,
            equation,
            ha="left",
            va="center",
            fontsize=10,
            color=HIGHLIGHT if on and highlight else LINE,
            alpha=1.0 if on else 0.6,
            gid=f"lstm:{part},equations",
        )
    ax.set_title(TITLES.get(highlight, TITLES[None]), fontsize=11)
    ax.set_xlim(-STUB - 0.3, x_eq + 10.0)
    ax.set_ylim(-STUB - 0.5, _LSTM_H + STUB + 0.6)
    return ax


class _Tagged:
    """A Painter whose artists also belong to the `extra` parts; `dimmed` lists those drawn faded
    (not in the painter's highlight)."""

    def __init__(self, painter: Painter, extra: tuple[str, ...]):
        self.painter, self.extra, self.dimmed = painter, extra, []

    def _keep(self, artist, parts):
        if self.painter.highlight not in parts:
            self.dimmed.append(artist)
        return artist

    def line(self, points, parts, **kwargs):
        parts = (*parts, *self.extra)
        return self._keep(self.painter.line(points, parts, **kwargs), parts)

    def text(self, x, y, label, parts, **kwargs):
        parts = (*parts, *self.extra)
        return self._keep(self.painter.text(x, y, label, parts, **kwargs), parts)
