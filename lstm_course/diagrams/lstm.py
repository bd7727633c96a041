"""Lesson 03: the LSTM cell drawn with matplotlib, one part highlighted at a time, and its chain.

Introduced in notebooks/03_lstm_gate_by_gate.ipynb. The figure shows, from left to right, the
forget gate, the input gate, the candidate and the output gate; in the fused weights of
`lstm_course.numpy_nets.lstm` and `keras.layers.LSTM` the blocks are in the order i, f, g, o
(`numpy_lstm.GATES`; Keras names them i, f, c, o: its "c" block is the candidate g, written c~ in
the maths). With * the element-wise product:

    f_t = sigmoid(x_t W_f + h_{t-1} U_f + b_f)       forget gate
    i_t = sigmoid(x_t W_i + h_{t-1} U_i + b_i)       input gate
    g_t = tanh(x_t W_g + h_{t-1} U_g + b_g)          candidate (c~_t in the figure)
    c_t = f_t * c_{t-1} + i_t * g_t                  update
    o_t = sigmoid(x_t W_o + h_{t-1} U_o + b_o)       output gate
    h_t = o_t * tanh(c_t)
"""

from __future__ import annotations

from matplotlib.axes import Axes

from lstm_course.diagrams.painter import BOX_H, BOX_W, H_Y, OP_R, STUB, TANH_H, Painter, new_axes

HIGHLIGHTS = ("cell_state", "forget", "input", "candidate", "update", "output")
"""Names `draw_lstm_cell(highlight=...)` accepts."""

EQUATIONS = {
    "cell_state": r"cell state: $c_{t-1} \rightarrow c_t$ through one $\times$ and one $+$",
    "forget": r"forget gate: $f_t = \sigma(x_t W_f + h_{t-1} U_f + b_f)$",
    "input": r"input gate: $i_t = \sigma(x_t W_i + h_{t-1} U_i + b_i)$,  "
    r"$\tilde{c}_t = \tanh(x_t W_g + h_{t-1} U_g + b_g)$",
    "candidate": r"candidate: $\tilde{c}_t = \tanh(x_t W_g + h_{t-1} U_g + b_g)$",
    "update": r"update: $c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t$",
    "output": r"output gate: $o_t = \sigma(x_t W_o + h_{t-1} U_o + b_o)$,  "
    r"$h_t = o_t \odot \tanh(c_t)$",
}
"""The equation of each highlight, in matplotlib mathtext (used as the diagram's title)."""

# Geometry of one LSTM module (its background is x in [0, 10.8], y in [0, 6.4]).
_C_Y = 5.4  # height of the cell-state line (the h line is at H_Y)
_GATE_Y = 2.5  # height of the four layer boxes
_X_IN = 1.0  # where x_t joins h_{t-1}
_XF, _XI, _XG, _XO = 2.5, 4.1, 5.7, 7.3  # the four layers: forget, input, candidate, output
_MUL_I_Y = 3.95  # height of the input x
_XOUT = 8.9  # output column: tanh(c_t) and the output x
_TANH_Y = 4.2  # height of tanh(c_t)
_XCOPY = 9.9  # where h_t is copied upwards
_LSTM_W, _LSTM_H = 10.8, 6.4

_GATES_ALL = ("forget", "input", "candidate", "output")


def _draw_lstm_module(p: Painter, labels: bool, entry_arrows: bool = True) -> None:
    """One LSTM module at the painter's offset; `labels` writes the gate names."""
    r = OP_R
    top = _GATE_Y + BOX_H / 2
    p.module(0.0, 0.0, _LSTM_W, _LSTM_H)

    # The cell state: c_{t-1} -> x -> + -> c_t, the conveyor belt along the top.
    cs = ("cell_state",)
    p.line([(-STUB, _C_Y), (_XF - r, _C_Y)], cs, arrow=entry_arrows, width=2.4)
    p.line([(_XF + r, _C_Y), (_XG - r, _C_Y)], cs, width=2.4)
    p.line([(_XG + r, _C_Y), (_LSTM_W + STUB, _C_Y)], cs, width=2.4)
    p.op(_XF, _C_Y, "×", ("cell_state", "forget", "update"))
    p.op(_XG, _C_Y, "+", ("cell_state", "update"))

    # The inputs: h_{t-1} from the left, x_t from below, concatenated, copied to four layers.
    p.line([(-STUB, H_Y), (_X_IN, H_Y)], _GATES_ALL, arrow=False)
    p.line([(_X_IN, -STUB), (_X_IN, H_Y)], _GATES_ALL, arrow=False)
    p.line([(_X_IN, H_Y), (_XF, H_Y)], _GATES_ALL, arrow=False)
    p.line([(_XF, H_Y), (_XI, H_Y)], ("input", "candidate", "output"), arrow=False)
    p.line([(_XI, H_Y), (_XG, H_Y)], ("input", "candidate", "output"), arrow=False)
    p.line([(_XG, H_Y), (_XO, H_Y)], ("output",), arrow=False)
    low = _GATE_Y - BOX_H / 2
    p.line([(_XF, H_Y), (_XF, low)], ("forget",))
    p.line([(_XI, H_Y), (_XI, low)], ("input",))
    p.line([(_XG, H_Y), (_XG, low)], ("input", "candidate"))
    p.line([(_XO, H_Y), (_XO, low)], ("output",))

    # Forget gate: sigma layer, f_t up to the x on the belt.
    p.box(_XF, _GATE_Y, r"$\sigma$", ("forget",))
    p.line([(_XF, top), (_XF, _C_Y - r)], ("forget", "update"))

    # Input gate (sigma) and candidate (tanh), multiplied, then added to the belt.
    p.box(_XI, _GATE_Y, r"$\sigma$", ("input",))
    p.box(_XG, _GATE_Y, "tanh", ("input", "candidate"))
    p.line([(_XI, top), (_XI, _MUL_I_Y), (_XG - r, _MUL_I_Y)], ("input", "update"))
    p.line([(_XG, top), (_XG, _MUL_I_Y - r)], ("input", "candidate", "update"))
    p.op(_XG, _MUL_I_Y, "×", ("input", "update"))
    p.line([(_XG, _MUL_I_Y + r), (_XG, _C_Y - r)], ("update",))

    # Output gate: sigma layer times tanh(c_t) gives h_t, sent right and copied up.
    out = ("output",)
    p.box(_XO, _GATE_Y, r"$\sigma$", out)
    p.line([(_XO + BOX_W / 2, _GATE_Y), (_XOUT - r, _GATE_Y)], out)
    p.line([(_XOUT, _C_Y), (_XOUT, _TANH_Y + TANH_H / 2)], out)
    p.op(_XOUT, _TANH_Y, "tanh", out)
    p.line([(_XOUT, _TANH_Y - TANH_H / 2), (_XOUT, _GATE_Y + r)], out)
    p.op(_XOUT, _GATE_Y, "×", out)
    p.line([(_XOUT, _GATE_Y - r), (_XOUT, H_Y), (_LSTM_W + STUB, H_Y)], out)
    p.line([(_XCOPY, H_Y), (_XCOPY, _LSTM_H + STUB)], out)

    if labels:
        p.text(_XF - 0.15, (top + _C_Y - r) / 2, r"$f_t$", ("forget", "update"), ha="right")
        p.text(_XI - 0.15, (top + _MUL_I_Y) / 2, r"$i_t$", ("input", "update"), ha="right")
        p.text(
            _XG + 0.15,
            (top + _MUL_I_Y - r) / 2,
            r"$\tilde{c}_t$",
            ("input", "candidate", "update"),
            ha="left",
        )
        p.text((_XO + BOX_W / 2 + _XOUT - r) / 2, _GATE_Y + 0.42, r"$o_t$", out)


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
    ax = new_axes(ax, (7.0, 4.6))
    p = Painter(ax, "lstm", highlight, fontsize=13)
    _draw_lstm_module(p, labels=True)
    cs, hin, hout = ("cell_state",), _GATES_ALL, ("output",)
    p.text(-STUB, _C_Y + 0.4, r"$c_{t-1}$", cs, ha="left")
    p.text(_LSTM_W + STUB, _C_Y + 0.4, r"$c_t$", cs, ha="right")
    p.text(-STUB, H_Y + 0.4, r"$h_{t-1}$", hin, ha="left")
    p.text(_X_IN + 0.2, -STUB + 0.1, r"$x_t$", hin, ha="left")
    p.text(_LSTM_W + STUB, H_Y + 0.4, r"$h_t$", hout, ha="right")
    p.text(_XCOPY + 0.2, _LSTM_H + STUB - 0.1, r"$h_t$", hout, ha="left")
    ax.set_xlim(-STUB - 0.3, _LSTM_W + STUB + 0.3)
    ax.set_ylim(-STUB - 0.3, _LSTM_H + STUB + 0.3)
    if title and highlight is not None:
        ax.set_title(EQUATIONS[highlight], fontsize=12)
    return ax


def draw_lstm_chain(ax: Axes | None = None) -> Axes:
    """Draw the LSTM as a chain of three repeating modules (t-1, t, t+1); the middle one is
    labelled, the outer ones are faded.

    Returns:
        The Axes drawn into; a new (10, 2.8) figure when `ax` is None.
    """
    ax = new_axes(ax, (10.0, 2.8))
    step = _LSTM_W + 2 * STUB
    names = (("t-1", "t-2"), ("t", "t-1"), ("t+1", "t"))
    for k, (now, _) in enumerate(names):
        p = Painter(ax, "lstm", dx=k * step, alpha=1.0 if k == 1 else 0.45, fontsize=8)
        _draw_lstm_module(p, labels=False, entry_arrows=k == 0)
        label_parts = ("chain",)
        p.text(_X_IN + 0.2, -STUB + 0.1, rf"$x_{{{now}}}$", label_parts, ha="left")
        p.text(_XCOPY + 0.2, _LSTM_H + STUB - 0.1, rf"$h_{{{now}}}$", label_parts, ha="left")
    ends = Painter(ax, "lstm", fontsize=9)
    ends.text(-STUB, _C_Y + 0.45, r"$c_{t-2}$", ("chain",), ha="left")
    ends.text(-STUB, H_Y + 0.45, r"$h_{t-2}$", ("chain",), ha="left")
    mid = Painter(ax, "lstm", dx=step, fontsize=9)
    mid.text(-STUB * 0.5, _C_Y + 0.45, r"$c_{t-1}$", ("chain",))
    mid.text(-STUB * 0.5, H_Y + 0.45, r"$h_{t-1}$", ("chain",))
    mid.text(_LSTM_W + STUB * 0.5, _C_Y + 0.45, r"$c_t$", ("chain",))
    mid.text(_LSTM_W + STUB * 0.5, H_Y + 0.45, r"$h_t$", ("chain",))
    ax.set_xlim(-STUB - 0.3, 3 * step - STUB + 0.3)
    ax.set_ylim(-STUB - 0.8, _LSTM_H + STUB + 0.3)
    return ax
