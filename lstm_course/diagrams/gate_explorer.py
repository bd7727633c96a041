"""Lesson 03: the gate explorer, sliders on the hand-set LSTM's gates and what they do.

Introduced in notebooks/03_lstm_gate_by_gate.ipynb. The hand-set LSTM of
`lstm_course.numpy_nets.hand_set_lstm` reads "nishchal likes pizza but friend likes" and answers the
friend's food. Four numbers of its weights become sliders:

    forget_bias    bias of every unit's forget gate          (hand-set: +s = +6, keep)
    input_bias     bias of every unit's input gate           (hand-set: -s = -6, closed)
    forget_on_but  kernel row "but" -> subject units' forget gates  (hand-set: -2s = -12, forget)
    input_on_but   kernel row "but" -> the switch unit's input gate (hand-set: +2s = +12, write)

`explore` runs the LSTM with those four numbers (no widgets: the lesson asserts its numbers),
`draw_explorer` draws the cell state c_t and the food probabilities word by word, and
`gate_explorer` wires ipywidgets sliders to both: every move redraws the figure.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from lstm_course.datasets.context_switch import SUBJECTS, context_switch_vocabulary
from lstm_course.datasets.vocabulary import one_hot
from lstm_course.diagrams.painter import HIGHLIGHT, LAYER_EDGE, LINE
from lstm_course.numpy_nets.hand_set_lstm import hand_set_context_switch_lstm
from lstm_course.numpy_nets.lstm import GATES, gate_traces
from lstm_course.numpy_nets.training import softmax

SENTENCE = "nishchal likes pizza but friend likes"
N_SUBJECTS = 6
STRENGTH = 6.0  # s of the hand-set LSTM
SWITCH_WORD = "but"
# slider name -> (label, hand-set value, min, max)
SLIDERS = {
    "forget_bias": ("forget-gate bias", STRENGTH, -12.0, 12.0),
    "input_bias": ("input-gate bias", -STRENGTH, -24.0, 12.0),
    "forget_on_but": ("forget response to 'but'", -2 * STRENGTH, -24.0, 12.0),
    "input_on_but": ("input response to 'but'", 2 * STRENGTH, -12.0, 24.0),
}
DEFAULTS = {name: spec[1] for name, spec in SLIDERS.items()}
SECOND_SUBJECT = "#2E6F9E"  # blue, beside the painter's red highlight and gold layer edge


@dataclass(frozen=True)
class ExplorerResult:
    """What one setting of the four sliders does to the sentence.

    words: (T,) the sentence; unit_names: (H,) subjects then "switch"; foods: (n_foods,);
    c: (T, H) cell state c_t after each word; f, i: (T, H) forget and input gates;
    probs: (T, n_foods) softmax(h_t @ readout) after each word; prediction: the food with the
    highest probability after the last word; settings: the four slider values.
    """

    words: tuple[str, ...]
    unit_names: tuple[str, ...]
    foods: tuple[str, ...]
    c: np.ndarray
    f: np.ndarray
    i: np.ndarray
    probs: np.ndarray
    prediction: str
    settings: dict

    def unit(self, name: str) -> int:
        """Index of the unit called `name` (a subject or "switch")."""
        if name not in self.unit_names:
            raise ValueError(f"unit must be one of {self.unit_names}, got {name!r}")
        return self.unit_names.index(name)


def explore(
    forget_bias: float = DEFAULTS["forget_bias"],
    input_bias: float = DEFAULTS["input_bias"],
    forget_on_but: float = DEFAULTS["forget_on_but"],
    input_on_but: float = DEFAULTS["input_on_but"],
    sentence: str | Sequence[str] = SENTENCE,
) -> ExplorerResult:
    """Run the hand-set LSTM with four of its numbers changed (see the module docstring).

    With the defaults the weights are exactly `hand_set_context_switch_lstm`'s.

    Raises:
        ValueError: a word of `sentence` is not in the vocabulary (the message lists the
            vocabulary), or the sentence is empty, or a setting is not a finite number.
    """
    settings = {
        "forget_bias": forget_bias,
        "input_bias": input_bias,
        "forget_on_but": forget_on_but,
        "input_on_but": input_on_but,
    }
    for name, value in settings.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)):
            raise ValueError(f"{name} must be a number, got {value!r}")
        if not np.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value}")
    words = tuple(sentence.split() if isinstance(sentence, str) else sentence)
    vocab = context_switch_vocabulary(N_SUBJECTS)
    unknown = [w for w in words if w not in vocab.tokens]
    if not words or unknown:
        raise ValueError(
            f"sentence must be words of the lesson's vocabulary {vocab.tokens}; "
            f"got {'an empty sentence' if not words else f'unknown words {unknown}'}"
        )
    model = hand_set_context_switch_lstm(vocab, strength=STRENGTH)
    params = {k: v.copy() for k, v in model.params.items()}
    units = len(model.unit_names)
    n_sub, switch = units - 1, units - 1

    def block(gate: str, first: int, stop: int) -> slice:
        start = GATES.index(gate) * units
        return slice(start + first, start + stop)

    params["bias"][block("f", 0, units)] = forget_bias
    params["bias"][block("i", 0, units)] = input_bias
    but = int(vocab.encode([SWITCH_WORD])[0])
    params["kernel"][but, block("f", 0, n_sub)] = forget_on_but
    params["kernel"][but, block("i", switch, switch + 1)] = input_on_but
    trace = gate_traces(one_hot(vocab.encode(list(words)), len(vocab)), params)
    logits = trace["h"] @ model.readout  # (T, n_foods): the readout after every word
    probs = softmax(logits)
    return ExplorerResult(
        words=words,
        unit_names=model.unit_names,
        foods=model.foods,
        c=trace["c"],
        f=trace["f"],
        i=trace["i"],
        probs=probs,
        prediction=model.foods[int(probs[-1].argmax())],
        settings=settings,
    )


def describe(result: ExplorerResult) -> str:
    """One line: the answer after the last word and how sure the readout is."""
    p = result.probs[-1]
    ranked = np.argsort(-p, kind="stable")
    top, second = ranked[0], ranked[1]
    if p[top] - p[second] < 0.1:
        return (
            f"after '{result.words[-1]}': undecided, {result.foods[top]} {p[top]:.2f} vs "
            f"{result.foods[second]} {p[second]:.2f}"
        )
    return f"after '{result.words[-1]}': {result.foods[top]} ({p[top]:.2f})"


def _colours(result: ExplorerResult) -> dict[str, str]:
    """A colour per subject of the sentence (first red, second blue) and the switch unit."""
    named = [w for w in dict.fromkeys(result.words) if w in SUBJECTS]
    palette = [HIGHLIGHT, SECOND_SUBJECT]
    colours = {name: palette[k] for k, name in enumerate(named[:2])}
    colours["switch"] = LAYER_EDGE
    return colours


def draw_explorer(result: ExplorerResult, fig: Figure) -> Figure:
    """Draw `result` into `fig`: cell state c_t per word (top), P(food) per word (bottom).

    Each named line carries a gid "explorer:c,<unit>" or "explorer:p,<food>"; units and foods
    the sentence never names are thin grey lines. Returns `fig`.
    """
    fig.clear()
    ax_c, ax_p = fig.subplots(2, 1, sharex=True)
    steps = np.arange(len(result.words))
    colours = _colours(result)
    for k, name in enumerate(result.unit_names):
        colour = colours.get(name)
        style = {"color": colour, "lw": 2.2, "marker": "o"} if colour else {"color": "0.8"}
        label = name if colour else None
        ax_c.plot(steps, result.c[:, k], gid=f"explorer:c,{name}", label=label, **style)
    for k, food in enumerate(result.foods):
        subject = result.unit_names[k]
        colour = colours.get(subject)
        style = {"color": colour, "lw": 2.2, "marker": "o"} if colour else {"color": "0.8"}
        label = f"P({food})" if colour else None
        ax_p.plot(steps, result.probs[:, k], gid=f"explorer:p,{food}", label=label, **style)
    chance = 1 / len(result.foods)
    ax_p.axhline(chance, color=LINE, lw=0.8, ls=":", gid="explorer:p,chance", label="chance")
    if SWITCH_WORD in result.words:
        for ax in (ax_c, ax_p):
            ax.axvline(result.words.index(SWITCH_WORD), color=LAYER_EDGE, lw=6, alpha=0.15)
    ax_c.set_ylim(-0.05, 1.05)
    ax_c.set_ylabel("cell state $c_t$")
    ax_p.set_ylim(-0.03, 1.03)
    ax_p.set_ylabel("P(food) after word")
    ax_p.set_xticks(steps, result.words)
    for ax in (ax_c, ax_p):
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
        ax.grid(alpha=0.3)
    s = result.settings
    fig.suptitle(
        f"forget bias {s['forget_bias']:+.1f}, input bias {s['input_bias']:+.1f}, "
        f"forget on 'but' {s['forget_on_but']:+.1f}, input on 'but' {s['input_on_but']:+.1f}\n"
        + describe(result),
        fontsize=9,
    )
    return fig


def figure_png(result: ExplorerResult, figsize: tuple[float, float] = (7.5, 4.6)) -> bytes:
    """`draw_explorer(result)` rendered as PNG bytes (no pyplot: nothing is shown by itself)."""
    fig = Figure(figsize=figsize, layout="constrained")
    draw_explorer(result, fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    return buffer.getvalue()


def gate_explorer(sentence: str | Sequence[str] = SENTENCE, **start: float):
    """The interactive explorer: four sliders, the figure and the answer, redrawn on every move.

    `start` overrides the sliders' first values (names as in `SLIDERS`). Needs ipywidgets and a
    running kernel; without one, the notebook shows the widget's one-line text.
    """
    import ipywidgets as widgets

    unknown = sorted(set(start) - set(SLIDERS))
    if unknown:
        raise ValueError(f"sliders are {list(SLIDERS)}, got {unknown}")
    explore(sentence=sentence, **start)  # bad sentence or values fail here, before any widget

    class GateExplorer(widgets.VBox):
        """A VBox whose text form is fixed, so the notebook's compared output never varies."""

        def __repr__(self) -> str:
            return "GateExplorer: four sliders, the cell state and the prediction (run to use)"

    sliders = {}
    for name, (label, default, low, high) in SLIDERS.items():
        slider = widgets.FloatSlider(
            value=start.get(name, default),
            min=low,
            max=high,
            step=0.5,
            description=label,
            continuous_update=False,
            readout_format="+.1f",
            style={"description_width": "13em"},
            layout=widgets.Layout(width="34em"),
        )
        slider.add_class(f"lstm-explorer-{name.replace('_', '-')}")
        sliders[name] = slider
    image = widgets.Image(format="png", layout=widgets.Layout(width="675px"))
    image.add_class("lstm-explorer-figure")
    answer = widgets.HTML()
    answer.add_class("lstm-explorer-answer")
    reset = widgets.Button(description="hand-set values")
    box = GateExplorer([*sliders.values(), reset, answer, image])
    box.add_class("lstm-gate-explorer")

    def redraw(_change=None) -> None:
        result = explore(sentence=sentence, **{n: s.value for n, s in sliders.items()})
        box.result = result
        answer.value = f"<b>{describe(result)}</b>"
        image.value = figure_png(result)

    def to_hand_set(_button=None) -> None:
        with box.hold_sync():
            for name, slider in sliders.items():
                slider.value = DEFAULTS[name]

    for slider in sliders.values():
        slider.observe(redraw, names="value")
    reset.on_click(to_hand_set)
    box.sliders, box.image, box.answer = sliders, image, answer
    redraw()
    return box
