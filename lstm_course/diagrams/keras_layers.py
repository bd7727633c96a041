"""Lesson 06: masking, Bidirectional's time alignment and variational dropout, drawn with the
painter's primitives (notebooks/06_keras_layers_lstm.ipynb).

    draw_masking        a padded sentence over time, right and left padding: the state [h, c]
                        carried unchanged across the padded steps, and what return_sequences=True
                        outputs there (the last real h after right padding, zeros before left)
    draw_bidirectional  the forward and backward LSTMs' outputs concatenated at the same t; with
                        return_sequences=False, the forward half's last step and the backward
                        half's step at position 0 (the one that has read x_T ... x_1)
    draw_dropout        one dropout mask per sequence reused at every step (Keras, Gal &
                        Ghahramani 2016) beside a fresh mask per step; dropout= acts on x_t before
                        the kernel, recurrent_dropout= on h_{t-1} before the recurrent kernel

Every artist carries a gid "<kind>:<part>,<part>" (`painter.artists_of` finds them), and each
function takes `highlight=` one of its PARTS (a ValueError lists them otherwise).
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from lstm_course.diagrams.painter import BOX_H, BOX_W, HIGHLIGHT, LINE, Painter, new_axes

MASKING_PARTS = ("real", "padding", "carried", "outputs", "final")
BIDIRECTIONAL_PARTS = ("forward", "backward", "concat", "final")
DROPOUT_PARTS = ("dropout", "recurrent_dropout")

_STEP = 2.2  # distance between two time steps
_KEPT, _DROPPED = "#FFFFFF", "#6B6B6B"


def _valid(highlight: str | None, parts: Sequence[str], name: str) -> None:
    if highlight is not None and highlight not in parts:
        raise ValueError(
            f"{name}: unknown highlight {highlight!r}; valid names: {', '.join(parts)} (or None)"
        )


def _masking_row(p: Painter, y: float, n_steps: int, real: range, title: str) -> None:
    """One padded sentence at height y: boxes, the state line, inputs and outputs."""
    last = real[-1]
    p.text(-1.6, y + 2.25, title, ("caption",), ha="left", size=p.fontsize)
    p.text(-1.6, y, r"$h_0, c_0 = 0$", ("carried",) if real[0] > 0 else ("real",), ha="right")
    for t in range(n_steps):
        x = t * _STEP
        is_real = t in real
        parts = ("real",) if is_real else ("padding",)
        p.box(x, y, "LSTM" if is_real else "skip", parts)
        word = f"word {t - real[0] + 1}" if is_real else "0 (pad)"
        p.line([(x, y - 1.25), (x, y - BOX_H / 2)], parts)
        p.text(x, y - 1.5, word, parts, size=p.fontsize * 0.85)
        if is_real:
            out = rf"$h_{{{t - real[0] + 1}}}$"
        elif t > last:
            out = rf"$h_{{{last - real[0] + 1}}}$ again"
        else:
            out = "0"
        p.line([(x, y + BOX_H / 2), (x, y + 1.2)], ("outputs",))
        p.text(x, y + 1.5, out, ("outputs",), size=p.fontsize * 0.85)
        # the state line into this step: carried unchanged where this or the previous step pads
        carried = not is_real or (t - 1 not in real and t > 0)
        start = -1.4 if t == 0 else x - _STEP + BOX_W / 2
        p.line([(start, y), (x - BOX_W / 2, y)], ("carried",) if carried else ("real",))
    end = (n_steps - 1) * _STEP
    last_parts = ("carried", "final") if last < n_steps - 1 else ("real", "final")
    p.line([(end + BOX_W / 2, y), (end + 1.6, y)], last_parts)
    n_real = len(real)
    p.text(end + 1.8, y, rf"final $h, c$ = $h_{{{n_real}}}, c_{{{n_real}}}$", ("final",), ha="left")
    if last < n_steps - 1:
        mid = (last + 1 + n_steps - 1) / 2 * _STEP
    else:
        mid = (real[0] - 1) / 2 * _STEP
    p.text(
        mid, y - 2.0, "padded steps: [h, c] carried unchanged", ("carried",), size=p.fontsize * 0.8
    )


def draw_masking(
    highlight: str | None = None, ax: Axes | None = None, n_steps: int = 6, n_real: int = 4
) -> Axes:
    """Draw one sentence of `n_real` words padded to `n_steps` steps, padded at the end (right)
    and at the start (left). A masked step ("skip") copies [h, c] unchanged from the step before,
    so both layouts end with the state after the last word; with return_sequences=True a padded
    step outputs the last real h again (right padding) or zeros (left padding, nothing read yet).

    Args:
        highlight: one of MASKING_PARTS, or None.
        n_steps, n_real: steps in the padded batch and real words, 1 <= n_real < n_steps.

    Returns:
        The Axes drawn into; a new (9, 5.2) figure when `ax` is None.
    """
    _valid(highlight, MASKING_PARTS, "draw_masking")
    if not 1 <= n_real < n_steps:
        raise ValueError(f"need 1 <= n_real < n_steps, got n_real={n_real}, n_steps={n_steps}")
    ax = new_axes(ax, (9.0, 5.2))
    p = Painter(ax, "masking", highlight=highlight, fontsize=9)
    pads = n_steps - n_real
    _masking_row(p, 5.2, n_steps, range(n_real), "right padding (padding='post'): words, then 0s")
    _masking_row(p, 0.0, n_steps, range(pads, n_steps), "left padding (padding='pre'): 0s first")
    ax.set_xlim(-3.4, (n_steps - 1) * _STEP + 5.2)
    ax.set_ylim(-2.4, 7.8)
    return ax


def draw_bidirectional(highlight: str | None = None, ax: Axes | None = None, n_steps: int = 4):
    """Draw Bidirectional(LSTM) over `n_steps` inputs: the forward LSTM reads x_1 ... x_T left to
    right, the backward LSTM x_T ... x_1 right to left, and at every t the output is
    [forward h_t ; backward h_t]: the forward half has read x_1..x_t, the backward half x_t..x_T.
    With return_sequences=False the layer returns [forward h_T ; backward h_1]: the backward
    half's state at position 0, which has read the whole sequence from its end.

    Args:
        highlight: one of BIDIRECTIONAL_PARTS, or None.
        n_steps: time steps drawn, at least 2.

    Returns:
        The Axes drawn into; a new (8, 4.6) figure when `ax` is None.
    """
    _valid(highlight, BIDIRECTIONAL_PARTS, "draw_bidirectional")
    if n_steps < 2:
        raise ValueError(f"n_steps must be at least 2, got {n_steps}")
    ax = new_axes(ax, (8.0, 4.6))
    p = Painter(ax, "bidirectional", highlight=highlight, fontsize=9)
    fw_y, bw_y, out_y, last = 1.6, 3.2, 5.0, n_steps - 1
    fw, bw = r"\overrightarrow{h}", r"\overleftarrow{h}"
    for t in range(n_steps):
        x, k = t * _STEP * 1.3, t + 1
        p.text(x, -0.2, rf"$x_{{{k}}}$", ("input",))
        p.line([(x, 0.1), (x, fw_y - BOX_H / 2)], ("forward",))
        p.line(
            [(x - 0.35, 0.1), (x - 0.35, 0.8), (x + 0.75, 0.8), (x + 0.75, bw_y - BOX_H / 2)],
            ("backward",),
        )
        p.box(x, fw_y, "fwd", ("forward", "final") if t == last else ("forward",))
        p.box(x, bw_y, "bwd", ("backward", "final") if t == 0 else ("backward",))
        if t > 0:
            prev = x - _STEP * 1.3
            p.line([(prev + BOX_W / 2, fw_y), (x - BOX_W / 2, fw_y)], ("forward",))
            p.line([(x - BOX_W / 2, bw_y), (prev + BOX_W / 2, bw_y)], ("backward",))
        # concatenate the two outputs of step t
        p.line(
            [(x - 0.3, fw_y + BOX_H / 2), (x - 0.3, 2.45), (x - 0.8, 2.45), (x - 0.8, out_y - 0.3)],
            ("forward", "concat"),
            arrow=False,
        )
        p.line([(x, bw_y + BOX_H / 2), (x, out_y - 0.3)], ("backward", "concat"))
        p.text(x - 0.4, out_y, rf"$[{fw}_{{{k}}} ; {bw}_{{{k}}}]$", ("concat",))
        p.text(
            x,
            out_y + 0.55,
            f"read x1..x{k} ; x{k}..x{n_steps}",
            ("concat",),
            size=p.fontsize * 0.75,
        )
    right = last * _STEP * 1.3 + 1.2
    p.text(right, fw_y, r"$\rightarrow$ reads $x_1 \dots x_T$", ("forward",), ha="left")
    p.text(right, bw_y, r"$\leftarrow$ reads $x_T \dots x_1$", ("backward",), ha="left")
    p.text(right, out_y, "return_sequences=True:\nthe pair at the same t", ("concat",), ha="left")
    p.text(
        right,
        0.6,
        rf"return_sequences=False: $[{fw}_{{{n_steps}}} ; {bw}_{{1}}]$",
        ("final",),
        ha="left",
    )
    ax.set_xlim(-1.4, right + 5.0)
    ax.set_ylim(-0.9, out_y + 1.1)
    return ax


def _mask_column(p: Painter, x: float, y: float, keep: Sequence[bool], parts: Sequence[str]):
    """A column of small squares, one per entry of a vector: white kept, grey dropped."""
    size = 0.32
    state = p._state(parts)
    for k, kept in enumerate(keep):
        p.ax.add_patch(
            Rectangle(
                (x + p.dx - size / 2, y + k * (size + 0.06)),
                size,
                size,
                facecolor=_KEPT if kept else _DROPPED,
                edgecolor=HIGHLIGHT if state == "on" else LINE,
                linewidth=1.4 if state == "on" else 0.8,
                alpha=p._alpha(state),
                zorder=4,
                gid=p._gid((*parts, "kept" if kept else "dropped")),
            )
        )


# Fixed keep patterns (True = kept) for 4 input features and 3 units.
_X_MASKS = ((1, 0, 1, 1), (0, 1, 1, 0), (1, 1, 0, 1), (1, 0, 0, 1))
_H_MASKS = ((1, 0, 1), (0, 1, 1), (1, 1, 0), (0, 1, 0))


def draw_dropout(highlight: str | None = None, ax: Axes | None = None, n_steps: int = 4) -> Axes:
    """Draw dropout in an LSTM over `n_steps` steps, twice: as Keras does it, one mask per
    sequence reused at every step (variational dropout, Gal & Ghahramani 2016), and a fresh mask
    at every step. dropout= zeroes entries of x_t before the kernel, recurrent_dropout= entries of
    h_{t-1} before the recurrent kernel; a grey square is a dropped entry. Training only.

    Args:
        highlight: one of DROPOUT_PARTS, or None.
        n_steps: time steps drawn, 2 to 4.

    Returns:
        The Axes drawn into; a new (9, 3.6) figure when `ax` is None.
    """
    _valid(highlight, DROPOUT_PARTS, "draw_dropout")
    if not 2 <= n_steps <= len(_X_MASKS):
        raise ValueError(f"n_steps must be 2 to {len(_X_MASKS)}, got {n_steps}")
    ax = new_axes(ax, (9.0, 3.6))
    width = n_steps * _STEP + 1.6
    titles = ("Keras: one mask per sequence, every step", "not Keras: a fresh mask per step")
    for panel, title in enumerate(titles):
        p = Painter(ax, "dropout", highlight=highlight, dx=panel * width, fontsize=9)
        p.text(-0.8, 4.3, title, ("caption",), ha="left", size=p.fontsize * 1.05)
        for t in range(n_steps):
            x = t * _STEP
            x_keep = _X_MASKS[0] if panel == 0 else _X_MASKS[t]
            h_keep = _H_MASKS[0] if panel == 0 else _H_MASKS[t]
            p.box(x, 2.4, "LSTM", ("cell",))
            _mask_column(p, x, 0.1, [bool(v) for v in x_keep], ("dropout",))
            p.line([(x, 1.65), (x, 2.4 - BOX_H / 2)], ("dropout",))
            p.text(x, -0.25, rf"$x_{{{t + 1}}}$", ("dropout",))
            hx = x - _STEP / 2 - 0.15
            _mask_column(p, hx, 2.4 - 0.55, [bool(v) for v in h_keep], ("recurrent_dropout",))
            p.line([(hx + 0.2, 2.4), (x - BOX_W / 2, 2.4)], ("recurrent_dropout",))
            p.text(hx, 3.3, rf"$h_{{{t}}}$", ("recurrent_dropout",), size=p.fontsize * 0.85)
    p = Painter(ax, "dropout", highlight=highlight, fontsize=9)
    p.text(
        -0.8, -0.8, "grey: dropped (0), white: kept (scaled by 1/(1-p)).", ("caption",), ha="left"
    )
    p.text(-0.8, -1.3, "dropout=p: entries of $x_t$, before the kernel", ("dropout",), ha="left")
    p.text(
        width - 0.8,
        -1.3,
        r"recurrent_dropout=p: entries of $h_{t-1}$, before the recurrent kernel",
        ("recurrent_dropout",),
        ha="left",
    )
    ax.set_xlim(-1.8, 2 * width - 0.6)
    ax.set_ylim(-1.7, 4.8)
    return ax
