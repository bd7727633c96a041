"""Lesson 07: a context-switch task where forgetting pays (0, 1 or 2 switches, anywhere).

Introduced in notebooks/07_inside_the_lstm.ipynb. The sentences of `context_switch` always
switch once, at word 3, and the answer is always the second subject's food: a network never
needs to erase the first subject, it can write the second one on top. Here a sentence names a
first subject and their food, then holds 0, 1 or 2 switches (a switch word and a new subject)
at random places among filler words, and ends with "likes"; the answer is the food of the
subject named **last**:

    tom likes curry the dog walks every near day old a town small likes     -> curry  (0)
    tom likes curry the but priya dog walks every near day old a town likes -> sushi  (1)
    tom likes curry but priya dog walks whereas tom every near day a likes  -> curry  (2)

A subject always differs from the one named just before it (so with two switches the last
subject can be the first one again). Filler words are drawn independently, so almost every
sentence is distinct; `split_by_sentence` splits a set so that no sentence is in two parts.

In these sentences a subject word appears only first or right after a switch word, so the rule
"the food of the last subject word" solves them and the switch word tells nothing the next word
does not. With `distractors=d`, each sentence also holds 0..d **distractor subjects**
(uniformly): a subject word among the filler words, never right after a switch word, that does
not change the answer ("... walks with priya to town ..."). Then only the switch word says
whether a subject word counts:

    tom likes curry the dog priya walks every near day old a town small likes -> curry
    tom likes curry but priya dog walks with tom every near day a likes       -> sushi

Shapes: x (n, length) token ids; y (n,) class of the answer food; subjects (n, 3) the classes
of the subjects in the order named (-1 where none); switch_at (n, 2) positions of the switch
words (-1 where none); distractor_at (n, d) positions of the distractor subjects (-1 where
none; d = 0 columns without distractors).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from lstm_course.datasets.context_switch import (
    FILLER,
    FOODS,
    LIKES,
    SUBJECTS,
    SWITCH_WORDS,
    context_switch_vocabulary,
)
from lstm_course.datasets.vocabulary import Vocabulary

MAX_SWITCHES = 2


@dataclass(frozen=True)
class ForgetTaskData:
    """Sentences of `forget_task_sentences`; see the module docstring for the shapes."""

    x: np.ndarray
    y: np.ndarray
    subjects: np.ndarray
    switch_at: np.ndarray
    distractor_at: np.ndarray
    vocab: Vocabulary
    foods: tuple[str, ...]

    @property
    def n_switches(self) -> np.ndarray:
        """(n,) how many switches each sentence holds: 0, 1 or 2."""
        return np.sum(self.switch_at >= 0, axis=1)

    def sentence(self, i: int) -> str:
        """Sentence i as text with its answer: 'tom likes curry ... likes -> curry'."""
        return " ".join(self.vocab.decode(self.x[i])) + f" -> {self.foods[self.y[i]]}"

    def subset(self, rows: np.ndarray) -> ForgetTaskData:
        """The sentences `rows` (indices or a boolean mask) as a new data set."""
        return dataclasses.replace(
            self,
            x=self.x[rows],
            y=self.y[rows],
            subjects=self.subjects[rows],
            switch_at=self.switch_at[rows],
            distractor_at=self.distractor_at[rows],
        )


def forget_task_sentences(
    n: int, seed: int, length: int = 16, n_subjects: int = 4, distractors: int = 0
) -> ForgetTaskData:
    """`n` sentences of `length` words, a third each with 0, 1 and 2 switches (in expectation).

    Word 0 is the first subject, 1 "likes", 2 its food, the last word "likes"; the
    `length - 4` words between hold the switches (a switch word, then a new subject, at
    uniformly random non-overlapping places) and filler words drawn uniformly from `FILLER`.
    With `distractors` = d > 0, each sentence also holds 0..d distractor subjects (uniformly
    many, each a uniformly random subject) at random places among the filler words: never right
    after a switch word, so they do not change the answer. Deterministic given `seed`; with
    d = 0 the sentences are those of the task without distractors. The vocabulary is
    `context_switch_vocabulary(n_subjects)`.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    if distractors < 0 or int(distractors) != distractors:
        raise ValueError(f"distractors must be an integer >= 0, got {distractors}")
    if length < 4 + 2 * MAX_SWITCHES + distractors:
        raise ValueError(
            f"length must be >= {4 + 2 * MAX_SWITCHES + distractors} words for "
            f"{distractors} distractors, got {length}"
        )
    vocab = context_switch_vocabulary(n_subjects)  # checks n_subjects
    rng = np.random.default_rng(seed)
    subj = vocab.encode(list(SUBJECTS[:n_subjects]))
    food = vocab.encode(list(FOODS[:n_subjects]))
    likes = vocab.encode([LIKES])[0]
    body = length - 4  # words 3 .. length - 2
    x = np.empty((n, length), dtype=np.int64)
    x[:, 3:-1] = vocab.encode(list(FILLER))[rng.integers(0, len(FILLER), (n, body))]
    subjects = np.full((n, MAX_SWITCHES + 1), -1, dtype=np.int64)
    subjects[:, 0] = rng.integers(0, n_subjects, n)
    switch_at = np.full((n, MAX_SWITCHES), -1, dtype=np.int64)
    distractor_at = np.full((n, distractors), -1, dtype=np.int64)
    n_switches = rng.integers(0, MAX_SWITCHES + 1, n)
    n_distractors = rng.integers(0, distractors + 1, n) if distractors else np.zeros(n, int)
    switch_ids = vocab.encode(list(SWITCH_WORDS))
    for row, (k, d) in enumerate(zip(n_switches, n_distractors, strict=True)):
        # k blocks of two words and d of one among `body` slots, uniformly: choose k + d of the
        # body - k places a sequence with the blocks squeezed to one word has, then expand
        places = np.sort(rng.choice(body - k, size=k + d, replace=False))
        is_switch = np.ones(k + d, dtype=bool)
        if d:
            is_switch[rng.permutation(k + d)[:d]] = False
        starts = places + np.r_[0, np.cumsum(is_switch)[:-1]]  # shifted by earlier blocks
        j = 0
        for s, switch in zip(starts, is_switch, strict=True):
            if switch:
                new = (subjects[row, j] + rng.integers(1, n_subjects)) % n_subjects
                subjects[row, j + 1] = new
                switch_at[row, j] = 3 + s
                x[row, 3 + s] = switch_ids[rng.integers(0, len(switch_ids))]
                x[row, 4 + s] = subj[new]
                j += 1
            else:
                distractor_at[row, np.sum(distractor_at[row] >= 0)] = 3 + s
                x[row, 3 + s] = subj[rng.integers(0, n_subjects)]
    x[:, 0] = subj[subjects[:, 0]]
    x[:, 1] = likes
    x[:, 2] = food[subjects[:, 0]]
    x[:, -1] = likes
    y = subjects[np.arange(n), n_switches]
    return ForgetTaskData(x, y, subjects, switch_at, distractor_at, vocab, FOODS[:n_subjects])


def split_by_sentence(
    data: ForgetTaskData, fractions: tuple[float, ...], seed: int
) -> tuple[ForgetTaskData, ...]:
    """Split `data` into parts by distinct sentence: every copy of a sentence in one part.

    The distinct sentences are shuffled (deterministic given `seed`) and cut in the given
    `fractions` (e.g. (0.7, 0.15, 0.15) for train, validation, test; they must sum to 1), so
    `shared_sentences(a, b) == 0` for any two parts. Each part keeps the original row order.
    """
    fractions = tuple(float(f) for f in fractions)
    if len(fractions) < 2 or min(fractions) <= 0 or abs(sum(fractions) - 1) > 1e-9:
        raise ValueError(f"fractions must be >= 2 positive numbers summing to 1, got {fractions}")
    _, sentence_id = np.unique(data.x, axis=0, return_inverse=True)
    sentence_id = sentence_id.reshape(-1)
    n_distinct = int(sentence_id.max()) + 1
    if n_distinct < len(fractions):
        raise ValueError(f"{n_distinct} distinct sentences cannot fill {len(fractions)} parts")
    part_of = np.empty(n_distinct, dtype=np.int64)
    order = np.random.default_rng(seed).permutation(n_distinct)
    cuts = np.rint(np.cumsum(fractions)[:-1] * n_distinct).astype(int)
    for part, ids in enumerate(np.split(order, cuts)):
        part_of[ids] = part
    return tuple(data.subset(part_of[sentence_id] == p) for p in range(len(fractions)))
