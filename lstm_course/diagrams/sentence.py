"""Lesson 00: a sentence on a timeline, with what a recurrent network's state must carry.

Introduced in notebooks/00_welcome.ipynb. The words sit along a time axis (t = 0, 1, ...), each
feeding the state h_t, which is passed on to the next step. Above the state, one row per fact
the state must hold: it appears at the word that brings it (a box with the fact) and is carried
to the last word (a line). The switch word (e.g. "but") and its fact are drawn in the highlight
colour, with a dashed line across the timeline; a bracket under the words measures a gap (e.g.
from "friend" to the blank) in steps. Every artist has a gid "sentence:<parts>": word, state,
fact (each with t<k>), carry, switch, gap.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch

from lstm_course.diagrams.painter import (
    HIGHLIGHT,
    HIGHLIGHT_FACE,
    LINE,
    MODULE_EDGE,
    MODULE_FACE,
    Painter,
    new_axes,
)

STEP = 2.0  # distance between two words on the time axis
WORD_W, WORD_H = 1.5, 0.6
STATE_Y, FACTS_Y, ROW_H = 1.5, 2.7, 0.95
WRAP = 20  # characters per line of a fact


def _index_of(words: Sequence[str], word: str, what: str) -> int:
    """The position of `word` in `words`; ValueError naming the valid words otherwise."""
    count = list(words).count(word)
    if count != 1:
        found = "is not in the sentence" if count == 0 else f"occurs {count} times"
        raise ValueError(
            f"{what} {word!r} {found}; name a word that occurs once among {list(words)}"
        )
    return list(words).index(word)


def _rounded(ax: Axes, x: float, y: float, w: float, h: float, on: bool, gid: str):
    patch = FancyBboxPatch(
        (x - w / 2, y - h / 2),
        w,
        h,
        boxstyle="round,pad=0,rounding_size=0.12",
        facecolor=HIGHLIGHT_FACE if on else MODULE_FACE,
        edgecolor=HIGHLIGHT if on else MODULE_EDGE,
        linewidth=2.2 if on else 1.2,
        zorder=4,
        gid=gid,
    )
    ax.add_patch(patch)
    return patch


def draw_sentence_timeline(
    words: Sequence[str],
    must_hold: Mapping[str, str],
    ax: Axes | None = None,
    *,
    switch: str | None = None,
    gap: tuple[str, str] | None = None,
) -> Axes:
    """Draw `words` on a time axis and, above the state, what it must hold from each word on.

    Args:
        words: the sentence, one token per step (T words, e.g. "I like pizza but ...").
        must_hold: {word: the fact the state must hold from that word on}; each word once in
            `words`. Facts are drawn one row each, in the order of the sentence.
        ax: the Axes to draw into; a new (11, 2.4 + 0.95 * len(must_hold)) figure when None.
        switch: a word of `words` to mark as the switch (highlighted, dashed line), or None.
        gap: (first word, last word): a bracket measuring the steps between them, or None.

    Returns:
        The Axes drawn into.

    Raises:
        ValueError: `words` is empty, or a word named in must_hold, switch or gap is not in
            `words` exactly once (the message lists the words).
    """
    words = [str(w) for w in words]
    if not words:
        raise ValueError("words must hold at least one word, got an empty sentence")
    facts = sorted(
        ((_index_of(words, w, "must_hold names"), fact) for w, fact in must_hold.items()),
    )
    t_switch = None if switch is None else _index_of(words, switch, "switch")
    t_gap = None if gap is None else tuple(_index_of(words, w, "gap word") for w in gap)
    ax = new_axes(ax, (11.0, 2.4 + ROW_H * len(facts)))
    p = Painter(ax, "sentence", fontsize=10)
    last = (len(words) - 1) * STEP
    top = FACTS_Y + ROW_H * max(len(facts) - 0.5, 0)

    for t, word in enumerate(words):
        x, parts = t * STEP, ("word", f"t{t}") + (("switch",) if t == t_switch else ())
        on = t == t_switch
        _rounded(ax, x, 0.0, WORD_W, WORD_H, on, "sentence:" + ",".join(parts))
        p.text(x, 0.0, word, parts, color=HIGHLIGHT if on else LINE, zorder=5)
        p.text(x, -WORD_H / 2 - 0.25, f"t={t}", ("axis", f"t{t}"), size=8, color="#666666")
        p.line([(x, WORD_H / 2), (x, STATE_Y - 0.3)], ("input", f"t{t}"), width=1.0)
        p.text(x, STATE_Y, rf"$h_{{{t}}}$", ("state", f"t{t}"), size=11, zorder=5)
        _rounded(ax, x, STATE_Y, 0.9, 0.55, False, f"sentence:state,t{t}")
        if t + 1 < len(words):
            p.line([(x + 0.45, STATE_Y), (x + STEP - 0.45, STATE_Y)], ("state", f"t{t}"))
    p.text(-STEP * 0.55, STATE_Y, "state", ("state",), size=9, ha="right", style="italic")
    p.text(-STEP * 0.55, 0.0, "words", ("word",), size=9, ha="right", style="italic")

    for row, (t, fact) in enumerate(facts):
        x, y, on = t * STEP, FACTS_Y + ROW_H * row, t == t_switch
        parts = ("fact", f"t{t}") + (("switch",) if on else ())
        carry = p.line([(x, y), (last + 0.5, y)], ("carry", f"t{t}"), width=1.2)
        carry.set_linestyle((0, (4, 2)))
        guide = p.line([(x, STATE_Y + 0.3), (x, y - 0.3)], ("carry", f"t{t}"), arrow=False)
        guide.set_alpha(0.35)
        p.text(
            x,
            y,
            textwrap.fill(fact, WRAP),
            parts,
            color=HIGHLIGHT if on else LINE,
            size=8.5,
            bbox={
                "boxstyle": "round,pad=0.3",
                "facecolor": HIGHLIGHT_FACE if on else "white",
                "edgecolor": HIGHLIGHT if on else MODULE_EDGE,
            },
        )

    if t_switch is not None:
        x = t_switch * STEP
        marker = p.line([(x, -WORD_H / 2), (x, top + 0.55)], ("switch",), arrow=False, width=1.2)
        marker.set_color(HIGHLIGHT)
        marker.set_linestyle((0, (5, 3)))
        marker.set_zorder(1)
        p.text(x, top + 0.75, f"switch: “{words[t_switch]}”", ("switch",), color=HIGHLIGHT)
    if t_gap is not None:
        a, b = sorted(t_gap)
        y = -WORD_H / 2 - 0.75
        p.line([(a * STEP, y), (b * STEP, y)], ("gap",), width=1.2)
        p.line([(b * STEP, y), (a * STEP, y)], ("gap",), width=1.2)
        steps = b - a
        label = f"{steps} step{'s' if steps != 1 else ''} from “{words[a]}” to “{words[b]}”"
        p.text((a + b) * STEP / 2, y - 0.3, label, ("gap",), size=9, va="top")
    ax.set_xlim(-STEP * 1.4, last + STEP * 0.9)
    ax.set_ylim(-2.1, top + 1.1)
    return ax
