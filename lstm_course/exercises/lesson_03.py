"""Lesson 03: the checks of exercises 3.1 (hand-set weights that answer the FIRST subject's
food) and 3.2 (hand-set weights that ignore a second switch word).

The learner starts from the lesson's hand-set LSTM (`hand_set_context_switch_lstm`: a switch
word closes the forget gate on the subject units, a subject opens the input gate on its unit)
and changes its weights. Each check runs the learner's model with the lesson's predictor
(`predict_foods`) on every ordered pair of subjects with every switch word (`all_pair_sentences`)
and, when it is wrong, reads the learner's gates on one sentence to name the gate that does not
do its job.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from lstm_course.datasets.context_switch import (
    FILLER,
    FOODS,
    LIKES,
    SUBJECTS,
    SWITCH_WORDS,
    context_switch_vocabulary,
)
from lstm_course.datasets.vocabulary import one_hot
from lstm_course.exercises.engine import Hint, Mistake, call, exercise, learners_code
from lstm_course.numpy_nets.hand_set_lstm import (
    HandSetLSTM,
    all_pair_sentences,
    hand_set_context_switch_lstm,
    predict_foods,
)
from lstm_course.numpy_nets.lstm import GATES, gate_traces

N_SUBJECTS = 6
SURE = 0.9  # the right food must get more than this probability on every sentence


def variant(
    vocab,
    foods_write=False,
    subjects_write=True,
    switch_forgets=True,
    subjects_forget=False,
    close_input_at_switch=False,
    forget_bias=6.0,
    readout_sign=1.0,
) -> HandSetLSTM:
    """The lesson's hand-set LSTM with some of its kernel rows changed (the references and the
    named mistakes of 3.1 and 3.2). foods_write: food k gets subject k's row (writes unit k);
    subjects_write=False: subject rows set to 0; switch_forgets=False: the switch words' forget
    block set to 0; subjects_forget: a subject closes the forget gate on every subject unit;
    close_input_at_switch: the switch words' input block at -12; forget_bias: the f block's
    bias; readout_sign: -1 flips the readout."""
    model = hand_set_context_switch_lstm(vocab)
    units, kernel, bias = (
        len(model.unit_names),
        *(model.params[k].copy() for k in ("kernel", "bias")),
    )
    n_sub, block = units - 1, {g: slice(k * units, (k + 1) * units) for k, g in enumerate(GATES)}
    subjects, switches = vocab.encode(list(SUBJECTS[:n_sub])), vocab.encode(list(SWITCH_WORDS))
    if foods_write:
        kernel[vocab.encode(list(FOODS[:n_sub]))] = kernel[subjects]
    if not subjects_write:
        kernel[subjects] = 0.0
    if not switch_forgets:
        kernel[switches, block["f"]] = 0.0
    if subjects_forget:
        kernel[np.ix_(subjects, np.arange(units, units + n_sub))] = -12.0
    if close_input_at_switch:
        kernel[switches, block["i"]] = -12.0
    bias[block["f"]] = forget_bias
    params = {**model.params, "kernel": kernel, "bias": bias}
    return dataclasses.replace(model, params=params, readout=readout_sign * model.readout)


def first_subject_lstm(vocab):
    """Reference of 3.1: each food word writes its unit, the subjects write nothing, and the
    switch no longer closes the forget gate; the readout is unchanged."""
    return variant(vocab, foods_write=True, subjects_write=False, switch_forgets=False)


def ignore_second_switch_lstm(vocab):
    """Reference of 3.2: a new subject, not the switch word, closes the forget gate on the
    subject units (its own unit is written again in the same step)."""
    return variant(vocab, switch_forgets=False, subjects_forget=True)


RETURN_MODEL = "return the whole model, not its params: dataclasses.replace(model, params=params)"
READOUT_ONLY = (
    "you changed only the readout: it reads the cell, and the lesson's cell does not hold the "
    "food you need at the last 'likes'; change the gates' weights"
)
FORGETS_ALL = (
    "the forget gate is near 0 at every word: the cell erases each subject one word after "
    "writing it (f near 1 keeps, f near 0 erases)"
)
NEVER_WRITES = (
    "the input gate never opens on a subject or a food word (i near 0): nothing is written into "
    "the cell"
)
STILL_SECOND = (
    "it still answers the SECOND subject's food: the first subject is erased from the cell (by "
    "a forget gate near 0: at 'but' in the lesson's weights) and the input gate writes the "
    "second subject"
)
BOTH = (
    "both subjects are in memory at the last 'likes' and the readout splits its bet: the "
    "forget gate now keeps the first subject, but the input gate still writes the second at its "
    "word (the gates read only the current word, U = 0: closing i at 'but' leaves it open at "
    "'friend')"
)
OUTVOTED = (
    "right, but unsure: the second subject is written into the cell too and only outvoted; "
    "keep it out of the cell so the first subject's food wins clearly"
)
ERASED = (
    "the first half of the sentence is written, then erased: the forget gate still closes on "
    "the subject units at the switch"
)
SECOND_SWITCH_ERASES = (
    "the second switch word erases the second subject: a switch word still closes the forget "
    "gate on the subject units, and no new subject follows it to be written"
)
FIRST_KEPT = (
    "the first subject is never erased now: it is still in the cell at the last 'likes'; "
    "something must still erase the old subject, at a word that always comes with a new one"
)

FIRST_MISTAKES = (
    Mistake(RETURN_MODEL, lambda vocab: first_subject_lstm(vocab).params, False),
    Mistake(READOUT_ONLY, lambda vocab: variant(vocab, readout_sign=-1.0), False),
    Mistake(FORGETS_ALL, lambda vocab: variant(vocab, forget_bias=-6.0), False),
    Mistake(
        NEVER_WRITES,
        lambda vocab: variant(vocab, subjects_write=False, switch_forgets=False),
        False,
    ),
    Mistake(STILL_SECOND, variant, False),
    Mistake(BOTH, lambda vocab: variant(vocab, switch_forgets=False), False),
    Mistake(
        BOTH,
        lambda vocab: variant(vocab, switch_forgets=False, close_input_at_switch=True),
        False,
    ),
    Mistake(OUTVOTED, lambda vocab: variant(vocab, foods_write=True, switch_forgets=False), False),
    Mistake(ERASED, lambda vocab: variant(vocab, foods_write=True, subjects_write=False), False),
)
SECOND_MISTAKES = (
    Mistake(RETURN_MODEL, lambda vocab: ignore_second_switch_lstm(vocab).params, False),
    Mistake(READOUT_ONLY, lambda vocab: variant(vocab, readout_sign=-1.0), False),
    Mistake(FORGETS_ALL, lambda vocab: variant(vocab, forget_bias=-6.0), False),
    Mistake(NEVER_WRITES, lambda vocab: variant(vocab, subjects_write=False), False),
    Mistake(SECOND_SWITCH_ERASES, variant, False),
    Mistake(SECOND_SWITCH_ERASES, lambda vocab: variant(vocab, subjects_forget=True), False),
    Mistake(FIRST_KEPT, lambda vocab: variant(vocab, switch_forgets=False), False),
)


def _run(answer, batches, want: str):
    """The learner's model and its scores on `batches`: (model, right, p_min, other), `right`
    the fraction naming the `want` ("first"/"second") subject's food, `p_min` the smallest
    probability of that food, `other` the fraction naming the other subject's food."""
    model = call(answer, context_switch_vocabulary(N_SUBJECTS))
    if isinstance(model, dict):
        raise Hint(RETURN_MODEL)
    if not isinstance(model, HandSetLSTM):
        raise Hint("return a HandSetLSTM", f" (got a {type(model).__name__})")
    right, other, p_min, total = 0, 0, 1.0, 0
    for ids, first, second in batches:
        target, not_target = (first, second) if want == "first" else (second, first)
        with learners_code():
            probs = predict_foods(model, ids)
        right += int(np.sum(probs.argmax(axis=1) == target))
        other += int(np.sum(probs.argmax(axis=1) == not_target))
        p_min = min(p_min, float(probs[np.arange(len(ids)), target].min()))
        total += len(ids)
    return model, right / total, p_min, other / total


def _gates_on(model, words):
    """(f, i, c) of `model` on `words`, subject units only, each (time, n_subjects)."""
    with learners_code():
        x = one_hot(model.vocab.encode(words), len(model.vocab))
        trace = gate_traces(x, model.params)
    n_sub = len(model.unit_names) - 1
    return trace["f"][:, :n_sub], trace["i"][:, :n_sub], trace["c"][:, :n_sub]


def _common_hints(model, f, i, at_switch):
    """Raise the hints both exercises share: only the readout changed, nothing written,
    forgetting everywhere."""
    lesson = hand_set_context_switch_lstm(model.vocab)
    if all(np.array_equal(model.params[k], lesson.params[k]) for k in lesson.params):
        if not np.array_equal(model.readout, lesson.readout):
            raise Hint(READOUT_ONLY)
    if i.max() < 0.5:
        raise Hint(NEVER_WRITES, f"; largest i_t on a subject unit: {i.max():.3f}")
    kept = np.delete(f, at_switch, axis=0).mean()
    if kept < 0.5:
        raise Hint(FORGETS_ALL, f"; mean f_t away from the switch: {kept:.3f}")


@exercise(
    "3.1", "hand-set weights: answer the first subject's food", first_subject_lstm, FIRST_MISTAKES
)
def check_first_subject(answer, ex):
    batches = [all_pair_sentences(context_switch_vocabulary(N_SUBJECTS), gap) for gap in (0, 2, 10)]
    model, right, p_first, second = _run(answer, batches, "first")
    if right == 1.0 and p_first > SURE:
        return
    f, i, c = _gates_on(model, [SUBJECTS[0], LIKES, FOODS[0], "but", SUBJECTS[1], LIKES])
    _common_hints(model, f, i, at_switch=3)
    detail = f" (P(first subject's food) as low as {p_first:.2f}, needed > {SURE})"
    if c[-1, 0] < 0.5:  # the first subject's unit is empty at the last "likes"
        raise Hint(STILL_SECOND if second > 0.9 else ERASED, detail)
    if right == 1.0:
        raise Hint(OUTVOTED, detail)
    if second > 0.9:
        raise Hint(BOTH, detail)
    raise Hint("it does not name the first subject's food on every sentence", detail)


@exercise(
    "3.2",
    "hand-set weights: ignore a second switch word",
    ignore_second_switch_lstm,
    SECOND_MISTAKES,
)
def check_second_switch(answer, ex):
    vocab = context_switch_vocabulary(N_SUBJECTS)
    batches = [all_pair_sentences(vocab, gap) for gap in (0, 4)]
    batches += [all_pair_sentences(vocab, 4, second_switch_at=k) for k in (0, 2, 4)]
    model, right, p_second, first = _run(answer, batches, "second")
    if right == 1.0 and p_second > SURE:
        return
    words = [SUBJECTS[0], LIKES, FOODS[0], "but", SUBJECTS[1], FILLER[0], "while", LIKES]
    f, i, c = _gates_on(model, words)
    _common_hints(model, f, i, at_switch=[3, 6])
    detail = f" (P(second subject's food) as low as {p_second:.2f}, needed > {SURE})"
    if c[5, 1] > 0.5 > c[-1, 1]:  # friend written, then erased at "while"
        raise Hint(SECOND_SWITCH_ERASES, detail)
    if c[-1, 0] > 0.5:
        raise Hint(FIRST_KEPT, detail)
    raise Hint("it does not name the second subject's food on every sentence", detail)
