"""Lesson 03: solutions to the exercises of notebooks/03_lstm_gate_by_gate.ipynb."""

import dataclasses

from lstm_course.datasets.context_switch import FOODS, SUBJECTS, SWITCH_WORDS
from lstm_course.numpy_nets.hand_set_lstm import hand_set_context_switch_lstm


def first_subject_lstm(vocab):
    """Exercise 3.1: hand-set weights that answer the FIRST subject's food.

    The gates read only the current word (U = 0), so no gate can tell the first subject from
    the second by its word. But only the first half of the sentence names a food: let each
    food word write its unit (the row the subject had), let the subjects write nothing, and
    stop the switch words from closing the forget gate. At the last "likes" the cell holds the
    first subject's food, and the readout (unit k votes for food k) names it.
    """
    model = hand_set_context_switch_lstm(vocab)
    kernel = model.params["kernel"].copy()  # (V, 4H): one row per word, blocks i, f, g, o
    units = len(model.unit_names)

    def row(word):
        return vocab.encode([word])[0]

    for subject, food in zip(SUBJECTS, FOODS, strict=True):
        if subject in vocab.tokens:
            kernel[row(food)] = kernel[row(subject)]  # the food opens i and writes g on unit k
            kernel[row(subject)] = 0.0  # the subject writes nothing
    for word in SWITCH_WORDS:
        kernel[row(word), units : 2 * units] = 0.0  # the forget block: keep at the switch
    return dataclasses.replace(model, params={**model.params, "kernel": kernel})


def ignore_second_switch_lstm(vocab):
    """Exercise 3.2: hand-set weights that ignore a second switch word.

    In "nishchal likes pizza but friend who while likes", the lesson's LSTM erases friend at
    "while": a switch word closes the forget gate, and no new subject follows it. A word that
    always comes with a new subject is the subject itself: let each subject close the forget
    gate on every subject unit (its own unit is written again in the same step, since
    c_t = f_t * c_{t-1} + i_t * g_t), and stop the switch words from closing it.
    """
    model = hand_set_context_switch_lstm(vocab)
    kernel = model.params["kernel"].copy()
    units = len(model.unit_names)
    n_sub = units - 1

    def row(word):
        return vocab.encode([word])[0]

    for word in SWITCH_WORDS:
        kernel[row(word), units : 2 * units] = 0.0  # the switch no longer forgets
    for subject in SUBJECTS[:n_sub]:
        kernel[row(subject), units : units + n_sub] = -12.0  # a new subject erases the old one
    return dataclasses.replace(model, params={**model.params, "kernel": kernel})
