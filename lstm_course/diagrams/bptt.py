"""Lesson 01: an RNN unrolled in time, forward, and backpropagation through time drawn on it.

Introduced in notebooks/01_rnn_from_scratch.ipynb, before any equation. The forward row reads
x_1 .. x_T into one tanh layer per step (the same W, U, b at every step), carries h_0 .. h_T
along, and computes the loss L from the last state h_T. The backward row walks the same chain
from right to left: dL/dh_T enters at the last step, each step multiplies by tanh' = 1 - h_t**2
and hands the gradient back through U^T, and each step adds its part to the gradients of W, U
and b, which are sums over all steps.

Artists carry gids "rnn:<parts>" (see `lstm_course.diagrams.painter.artists_of`); the parts are
`BPTT_PARTS` plus "chain" (the dimmed chain under the backward row) and "caption".
"""

from __future__ import annotations

from matplotlib.axes import Axes

from lstm_course.diagrams.painter import BOX_H, BOX_W, OP_R, Painter, new_axes

BPTT_PARTS = ("forward", "loss", "state_gradient", "weight_gradients")
"""The parts `draw_unrolled_rnn(highlight=...)` can highlight: the forward pass, the loss on
h_T, the gradient carried back along the states, the weight gradients summed over the steps."""

_S = 3.0  # distance between two steps
_FY, _BY = 0.0, -5.2  # centre lines of the forward and the backward row
_ACC = -2.1  # height of the weight-gradient sum below the backward row
_SMALL = 0.9  # size of the arrows' labels, relative to the font size


def _name(t: int, steps: int) -> str:
    return "T" if t == steps else str(t)


def _forward_row(p: Painter, steps: int) -> None:
    y, f = _FY, ("forward",)
    small = p.fontsize * _SMALL
    p.text(0.35 * _S, y, r"$h_0$", f, ha="right")
    for t in range(1, steps + 1):
        x, now, before = t * _S, _name(t, steps), _name(t - 1, steps)
        start = 0.4 * _S if t == 1 else x - _S + BOX_W / 2
        p.line([(start, y), (x - BOX_W / 2, y)], f)
        if t > 1:
            p.text(x - _S / 2, y + 0.35, rf"$h_{{{before}}}$", f)
        p.text(x - BOX_W / 2 - 0.1, y - 0.3, r"$U$", f, size=small, ha="right")
        p.box(x, y, "tanh", f)
        p.line([(x, y - 1.5), (x, y - BOX_H / 2)], f)
        p.text(x, y - 1.85, rf"$x_{{{now}}}$", f)
        p.text(x + 0.12, y - 0.95, r"$W$", f, size=small, ha="left")
        p.line([(x, y + 1.2), (x, y + BOX_H / 2)], f)
        p.text(x, y + 1.45, r"$b$", f, size=small)
    loss_x = (steps + 1) * _S
    p.line([(steps * _S + BOX_W / 2, y), (loss_x - BOX_W / 2, y)], ("forward", "loss"))
    p.text(loss_x - _S / 2, y + 0.35, r"$h_T$", ("forward", "loss"))
    p.box(loss_x, y, r"$L$", ("loss",))
    p.text(loss_x, y - 0.75, "softmax\ncross-entropy", ("loss",), size=small, va="top")


def _backward_row(chain: Painter, p: Painter, steps: int) -> None:
    y, s, w = _BY, ("backward", "state_gradient"), ("backward", "weight_gradients")
    small = p.fontsize * _SMALL
    loss_x = (steps + 1) * _S
    for t in range(1, steps + 1):  # the chain the gradient walks back on, dimmed
        chain.box(t * _S, y, "tanh", ("chain",))
    chain.box(loss_x, y, r"$L$", ("chain",))
    p.line([(loss_x - BOX_W / 2, y), (steps * _S + BOX_W / 2, y)], s + ("loss",))
    p.text(loss_x - _S / 2, y + 0.4, r"$\partial L/\partial h_T$", s + ("loss",), size=small)
    for t in range(steps, 0, -1):
        x, now, before = t * _S, _name(t, steps), _name(t - 1, steps)
        p.text(x, y + 0.75, rf"$\odot\,(1-h_{{{now}}}^2)$", s, size=small)
        end = 0.4 * _S if t == 1 else x - _S + BOX_W / 2
        p.line([(x - BOX_W / 2, y), (end, y)], s)
        label = r"$\partial L/\partial h_0$" if t == 1 else rf"$\partial L/\partial h_{{{before}}}$"
        p.text(
            (x - BOX_W / 2 + end) / 2 if t > 1 else end, y + 0.4, label, s, size=small, ha="center"
        )
        p.text(x - BOX_W / 2 - 0.1, y - 0.3, r"$U^\top$", s, size=small, ha="right")
        p.line([(x, y - BOX_H / 2), (x, y + _ACC + OP_R)], w)  # this step's part
        p.text(x + 0.15, y + _ACC / 2, rf"$dz_{{{now}}}$", w, size=small, ha="left")
        p.op(x, y + _ACC, "+", w)
        nxt = (t - 1) * _S + OP_R if t > 1 else 0.4 * _S
        p.line([(x - OP_R, y + _ACC), (nxt, y + _ACC)], w, arrow=t == 1)
    p.text(
        0.35 * _S,
        y + _ACC,
        r"$\partial L/\partial W,\ \partial L/\partial U,\ \partial L/\partial b$",
        w,
        size=small,
        ha="right",
    )
    p.text(
        (steps + 1) * _S / 2,
        y + _ACC - 0.8,
        r"$\partial L/\partial W = \sum_t x_t^\top dz_t,\quad"
        r"\partial L/\partial U = \sum_t h_{t-1}^\top dz_t,\quad"
        r"\partial L/\partial b = \sum_t \sum_{\mathrm{batch}} dz_t$",
        w,
        size=small,
    )


def draw_unrolled_rnn(
    steps: int = 4, backward: bool = True, highlight: str | None = None, ax: Axes | None = None
) -> Axes:
    """Draw an RNN unrolled over `steps` words, and under it (if `backward`) BPTT on it.

    Args:
        steps: how many steps to draw, 2 to 8; the last is labelled T.
        backward: draw the backward row (the gradient flow) under the forward row.
        highlight: one of `BPTT_PARTS` to highlight (the others fade), or None: then the
            backward row's gradients are highlighted on the dimmed chain.
        ax: the Axes to draw into; a new figure when None.

    Returns:
        The Axes drawn into.
    """
    if highlight is not None and highlight not in BPTT_PARTS:
        raise ValueError(f"unknown part {highlight!r}; valid names: {', '.join(BPTT_PARTS)}")
    if not isinstance(steps, int) or not 2 <= steps <= 8:
        raise ValueError(f"steps must be an int from 2 to 8, got {steps!r}")
    left, right, top = -1.6, (steps + 1.5) * _S, _FY + 2.7
    bottom = _BY + _ACC - 1.2 if backward else _FY - 2.3
    ax = new_axes(ax, (0.6 * (right - left), 0.6 * (top - bottom)))
    _forward_row(Painter(ax, "rnn", highlight=highlight, fontsize=11), steps)
    captions = Painter(ax, "rnn", fontsize=11)
    middle = (steps + 1) * _S / 2
    captions.text(
        middle,
        _FY + 2.2,
        r"Forward: one tanh layer per word, the same $W$, $U$, $b$ at every step",
        ("caption",),
    )
    if backward:
        chain = Painter(ax, "rnn", highlight="backward", fontsize=11)
        grads = Painter(ax, "rnn", highlight=highlight or "backward", fontsize=11)
        _backward_row(chain, grads, steps)
        captions.text(
            middle,
            _BY + 1.6,
            r"Backward (BPTT): the gradient walks back through $\tanh'$ and $U^\top$, step by step",
            ("caption",),
        )
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    return ax
