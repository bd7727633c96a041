"""Lesson 03: a plain RNN drawn with matplotlib as a chain of repeating modules.

Introduced in notebooks/03_lstm_gate_by_gate.ipynb, beside the LSTM (`lstm_course.diagrams.lstm`)
drawn with the same symbols: each module holds one tanh layer,

    h_t = tanh(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias)

copied to the output and to the next step.
"""

from __future__ import annotations

from matplotlib.axes import Axes

from lstm_course.diagrams.painter import BOX_H, H_Y, STUB, Painter, new_axes

# Geometry of one RNN module (background x in [0, 5], y in [0, 3.6]).
_RNN_W, _RNN_H = 5.0, 3.6
_RNN_XIN, _RNN_XL, _RNN_LY, _RNN_TOP_Y, _RNN_XCOPY = 1.0, 2.4, 2.0, 2.9, 3.8


def _draw_rnn_module(p: Painter, entry_arrows: bool = True) -> None:
    p.module(0.0, 0.0, _RNN_W, _RNN_H)
    parts = ("rnn",)
    p.line([(-STUB, H_Y), (_RNN_XIN, H_Y)], parts, arrow=False)
    p.line([(_RNN_XIN, -STUB), (_RNN_XIN, H_Y)], parts, arrow=False)
    p.line([(_RNN_XIN, H_Y), (_RNN_XL, H_Y), (_RNN_XL, _RNN_LY - BOX_H / 2)], parts)
    p.box(_RNN_XL, _RNN_LY, "tanh", parts)
    p.line(
        [
            (_RNN_XL, _RNN_LY + BOX_H / 2),
            (_RNN_XL, _RNN_TOP_Y),
            (_RNN_XCOPY, _RNN_TOP_Y),
            (_RNN_XCOPY, H_Y),
            (_RNN_W + STUB, H_Y),
        ],
        parts,
    )
    p.line([(_RNN_XCOPY, _RNN_TOP_Y), (_RNN_XCOPY, _RNN_H + STUB)], parts)
    del entry_arrows  # the RNN's entries join without arrowheads, like the LSTM's h line


def draw_rnn_chain(ax: Axes | None = None) -> Axes:
    """Draw a plain RNN as a chain of three repeating modules: each holds one tanh layer,
    h_t = tanh(x_t W + h_{t-1} U + b), copied to the output and to the next step.

    Returns:
        The Axes drawn into; a new (7, 2.6) figure when `ax` is None.
    """
    ax = new_axes(ax, (7.0, 2.6))
    step = _RNN_W + 2 * STUB
    for k, now in enumerate(("t-1", "t", "t+1")):
        p = Painter(ax, "rnn", dx=k * step, alpha=1.0 if k == 1 else 0.45, fontsize=11)
        _draw_rnn_module(p)
        p.text(_RNN_XIN + 0.2, -STUB + 0.1, rf"$x_{{{now}}}$", ("chain",), ha="left")
        p.text(_RNN_XCOPY + 0.2, _RNN_H + STUB - 0.1, rf"$h_{{{now}}}$", ("chain",), ha="left")
    mid = Painter(ax, "rnn", dx=step, fontsize=11)
    mid.text(-STUB * 0.5, H_Y + 0.45, r"$h_{t-1}$", ("chain",))
    mid.text(_RNN_W + STUB * 0.5, H_Y + 0.45, r"$h_t$", ("chain",))
    ax.set_xlim(-STUB - 0.3, 3 * step - STUB + 0.3)
    ax.set_ylim(-STUB - 0.6, _RNN_H + STUB + 0.3)
    return ax
