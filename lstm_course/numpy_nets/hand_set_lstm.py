"""Lesson 03: a tiny LSTM with hand-set weights that answers the context-switch sentences.

Introduced in notebooks/03_lstm_gate_by_gate.ipynb (written there in the open first).

The hand-set LSTM reads one-hot words (`data.context_switch.context_switch_vocabulary`) and
has one memory unit per subject plus one "switch" unit, H = n_subjects + 1. Its weights, with
`strength` s (default 6) and gate order i, f, g, o as in `lstm_course.numpy_nets.lstm`:

    forget gate   bias +s (keep)        switch words: -2s on the subject units (forget them)
    input gate    bias -s (closed)      subject k: +2s on unit k; switch words: +2s on "switch"
    candidate     bias 0                subject k: +`write` on unit k; switch words: on "switch"
    output gate   bias -s (closed)      "likes": +2s on every unit (show the memory)
    recurrent kernel 0 (the gates here read x_t only; a trained LSTM also uses h_{t-1})

and a readout `logits = h_t @ readout` with `readout[k, k] = readout_scale` (subject k's unit
votes for food k, `FOODS[k]` being `SUBJECTS[k]`'s food).

`all_pair_sentences` builds the sentence of every ordered pair of subjects with every switch
word (optionally with a second switch word): the test set of exercises 3.1 and 3.2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_course.datasets.context_switch import FILLER, FOODS, LIKES, SUBJECTS, SWITCH_WORDS
from lstm_course.datasets.vocabulary import Vocabulary, one_hot
from lstm_course.numpy_nets.lstm import GATES, TRACE_KEYS, lstm_forward
from lstm_course.numpy_nets.training import softmax


@dataclass(frozen=True)
class HandSetLSTM:
    """LSTM params (Keras layout), a readout and a name for every unit.

    params: {"kernel": (V, 4H), "recurrent_kernel": (H, 4H), "bias": (4H,)};
    readout: (H, n_foods); unit_names: (H,) names, subjects first then "switch";
    foods: the n_foods words the readout scores.
    """

    params: dict
    readout: np.ndarray
    unit_names: tuple[str, ...]
    foods: tuple[str, ...]
    vocab: Vocabulary


def hand_set_context_switch_lstm(
    vocab: Vocabulary,
    strength: float = 6.0,
    write: float = 3.0,
    readout_scale: float = 8.0,
) -> HandSetLSTM:
    """Build the hand-set LSTM described in the module docstring for `vocab`.

    Args:
        vocab: a `context_switch_vocabulary(n_subjects)`; its subjects get one unit each.
        strength: s, the size of the gate pre-activations (gates sit at sigmoid(+-s)).
        write: the candidate's pre-activation when a unit is written (c~ = tanh(write)).
        readout_scale: weight from subject k's unit to food k's logit.

    Raises:
        ValueError: the vocabulary lacks the words the weights need, or a scale is not > 0.
    """
    for name, value in (("strength", strength), ("write", write), ("readout_scale", readout_scale)):
        if not value > 0:
            raise ValueError(f"{name} must be > 0, got {value}")
    subjects = tuple(s for s in SUBJECTS if s in vocab.tokens)
    needed = [*SWITCH_WORDS, LIKES]
    if len(subjects) < 2 or any(w not in vocab.tokens for w in needed):
        raise ValueError(
            f"vocab must hold at least two of {SUBJECTS} and all of {needed}; "
            "use lstm_course.datasets.context_switch.context_switch_vocabulary()"
        )
    n_sub = len(subjects)
    units = n_sub + 1
    switch = n_sub  # index of the "switch" unit

    def col(gate: str, unit: int | slice) -> int | slice:
        start = GATES.index(gate) * units
        if isinstance(unit, slice):
            return slice(start + (unit.start or 0), start + (unit.stop or units))
        return start + unit

    def row(word: str) -> int:
        return int(vocab.encode([word])[0])

    kernel = np.zeros((len(vocab), 4 * units))
    bias = np.zeros(4 * units)
    bias[col("i", slice(None))] = -strength
    bias[col("f", slice(None))] = strength
    bias[col("o", slice(None))] = -strength
    for k, subject in enumerate(subjects):
        kernel[row(subject), col("i", k)] = 2 * strength
        kernel[row(subject), col("g", k)] = write
    for word in SWITCH_WORDS:
        kernel[row(word), col("f", slice(0, n_sub))] = -2 * strength
        kernel[row(word), col("i", switch)] = 2 * strength
        kernel[row(word), col("g", switch)] = write
    kernel[row(LIKES), col("o", slice(None))] = 2 * strength
    readout = np.zeros((units, n_sub))
    readout[np.arange(n_sub), np.arange(n_sub)] = readout_scale
    params = {"kernel": kernel, "recurrent_kernel": np.zeros((units, 4 * units)), "bias": bias}
    return HandSetLSTM(params, readout, (*subjects, "switch"), FOODS[:n_sub], vocab)


def predict_foods(model: HandSetLSTM, ids: np.ndarray) -> np.ndarray:
    """Food probabilities after the last word of each sentence.

    Args:
        model: a `HandSetLSTM`.
        ids: (batch, time) token ids of `model.vocab`, or (time,) for one sentence.

    Returns:
        (batch, n_foods) softmax probabilities (or (n_foods,) for one sentence).
    """
    ids = np.asarray(ids)
    if ids.ndim not in (1, 2):
        raise ValueError(f"ids must be (time,) or (batch, time), got shape {ids.shape}")
    batch = ids if ids.ndim == 2 else ids[None]
    _, (h_last, _), _ = lstm_forward(one_hot(batch, len(model.vocab)), model.params)
    logits = h_last @ model.readout
    probs = softmax(logits)
    return probs if ids.ndim == 2 else probs[0]


def all_pair_sentences(
    vocab: Vocabulary, gap: int = 0, second_switch_at: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every ordered pair of different subjects of `vocab` with every switch word.

    The sentence is "S1 likes F1 <switch> S2 <gap filler words> likes"; with
    `second_switch_at=k` (0 <= k <= gap) a second switch word, not followed by a new subject, is
    put before filler word k, once with each switch word ("... but friend who while lives ...").

    Returns:
        ids: (n, length) token ids; first, second: (n,) the subjects' indices in SUBJECTS
        (`FOODS[second]` is the answer of the lesson's LSTM).
    """
    if gap < 0 or (second_switch_at is not None and not 0 <= second_switch_at <= gap):
        raise ValueError(
            f"need gap >= 0 and 0 <= second_switch_at <= gap, got {gap}, {second_switch_at}"
        )
    n_sub = sum(s in vocab.tokens for s in SUBJECTS)
    seconds = SWITCH_WORDS if second_switch_at is not None else (None,)
    rows, first, second = [], [], []
    for a, b in ((a, b) for a in range(n_sub) for b in range(n_sub) if a != b):
        filler = [FILLER[(a + b + k) % len(FILLER)] for k in range(gap)]
        for switch in SWITCH_WORDS:
            for again in seconds:
                middle = (
                    filler
                    if again is None
                    else [*filler[:second_switch_at], again, *filler[second_switch_at:]]
                )
                words = [SUBJECTS[a], LIKES, FOODS[a], switch, SUBJECTS[b], *middle, LIKES]
                rows.append(vocab.encode(words))
                first.append(a)
                second.append(b)
    return np.array(rows), np.array(first), np.array(second)


def plot_gates(
    trace: dict[str, np.ndarray],
    words: list[str],
    unit_names: tuple[str, ...] | list[str],
    keys: tuple[str, ...] = ("f", "i", "o", "c"),
    axes=None,
    decimals: int | None = 3,
):
    """Heatmaps of `trace[key]` (time, H) per word (columns) and unit (rows), one per key.

    Gates (i, f, o) use the range [0, 1], states and the candidate [-1, 1]. Each cell is
    annotated with its value to `decimals` places (None: no annotation).
    Returns the array of Axes (a new figure of width 8 when `axes` is None).
    """
    import matplotlib.pyplot as plt

    if any(k not in TRACE_KEYS for k in keys):
        raise ValueError(f"keys must be among {TRACE_KEYS}, got {keys}")
    steps, units = trace[keys[0]].shape
    if len(words) != steps or len(unit_names) != units:
        raise ValueError(
            f"need {steps} words and {units} unit names, got {len(words)} and {len(unit_names)}"
        )
    titles = {
        "i": r"input gate $i_t$",
        "f": r"forget gate $f_t$",
        "g": r"candidate $\tilde{c}_t$",
        "o": r"output gate $o_t$",
        "c": r"cell state $c_t$",
        "h": r"hidden state $h_t$",
    }
    if axes is None:
        rows = (len(keys) + 1) // 2
        _, axes = plt.subplots(
            rows, 2 if len(keys) > 1 else 1, figsize=(8, 2.7 * rows), layout="constrained"
        )
    flat = np.atleast_1d(axes).ravel()
    for ax, key in zip(flat, keys, strict=False):
        gate = key in ("i", "f", "o")
        values = trace[key].T
        image = ax.imshow(
            values,
            cmap="viridis" if gate else "RdBu_r",
            vmin=0.0 if gate else -1.0,
            vmax=1.0,
            aspect="auto",
        )
        ax.set_title(titles[key], fontsize=10)
        ax.set_xticks(range(steps), words, rotation=30, ha="right", fontsize=8)
        ax.set_yticks(range(units), unit_names, fontsize=8)
        ax.grid(False)
        if decimals is not None:
            for (u, t), v in np.ndenumerate(values):
                light = (v < 0.5) if gate else (abs(v) > 0.6)
                text = f"{round(float(v), decimals) + 0.0:.{decimals}f}"  # no "-0.000"
                color = "white" if light else "black"
                ax.text(t, u, text, ha="center", va="center", fontsize=7, color=color)
        ax.figure.colorbar(image, ax=ax, shrink=0.8)
    for ax in flat[len(keys) :]:
        ax.set_axis_off()
    return flat
