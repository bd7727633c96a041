"""Lesson 01: the context-switch sentences, "I like pizza but my friend likes ___".

Introduced in notebooks/01_rnn_from_scratch.ipynb (sentences, held-out test sentences).

Context-switch sentences follow "Nishchal likes pizza but his friend likes ___". Each subject
has one favourite food (the world the network must learn). A sentence states the first
subject's food, a switch word ("but", ...) introduces a second subject, `gap` filler words
follow, then "likes"; the target is the second subject's food:

    nishchal likes pizza but friend who lives near the old park likes -> burger
    [S1]     likes [F1]  [sw] [S2]  <------------ gap=6 ----------->  likes -> F(S2)

To answer, a network must carry the second subject across the gap (lesson 02: a plain RNN
fails as the gap grows; lesson 04: an LSTM does not). Nothing here needs the first subject
erased, the answer never depends on it; lesson 07's task (`forget_task.py`) is the one where
forgetting pays.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from lstm_course.data.vocabulary import Vocabulary

SUBJECTS = ("nishchal", "friend", "priya", "sister", "tom", "uncle")


FOODS = ("pizza", "burger", "sushi", "pasta", "curry", "salad")  # FOODS[k] is SUBJECTS[k]'s


SWITCH_WORDS = ("but", "while", "whereas")


FILLER = (
    "who",
    "lives",
    "near",
    "the",
    "old",
    "park",
    "and",
    "often",
    "walks",
    "to",
    "town",
    "with",
    "a",
    "small",
    "dog",
    "every",
    "day",
    "really",
)


LIKES = "likes"


def context_switch_vocabulary(n_subjects: int = 4) -> Vocabulary:
    """The vocabulary of `context_switch_sentences(..., n_subjects)`."""
    _check_n_subjects(n_subjects)
    return Vocabulary(SUBJECTS[:n_subjects] + FOODS[:n_subjects] + SWITCH_WORDS + FILLER + (LIKES,))


@dataclass(frozen=True)
class ContextSwitchData:
    """A batch of context-switch sentences.

    x: (n, gap + 6) token ids; y: (n,) the target food as a class in [0, n_subjects);
    `foods[y[i]]` is the answer word. `switch_at` is the index of the switch word (3).
    """

    x: np.ndarray
    y: np.ndarray
    vocab: Vocabulary
    foods: tuple[str, ...]
    gap: int
    switch_at: int = 3

    def sentence(self, i: int) -> str:
        """Sentence i as text with its answer: 'tom likes curry but priya ... likes -> sushi'."""
        return " ".join(self.vocab.decode(self.x[i])) + f" -> {self.foods[self.y[i]]}"

    @property
    def chance_accuracy(self) -> float:
        """Accuracy of guessing a food uniformly: 1 / number of foods."""
        return 1.0 / len(self.foods)


def _check_n_subjects(n_subjects: int) -> None:
    if not 2 <= n_subjects <= len(SUBJECTS):
        raise ValueError(f"n_subjects must be in [2, {len(SUBJECTS)}], got {n_subjects}")


def context_switch_sentences(
    n: int, gap: int, seed: int = 0, n_subjects: int = 4
) -> ContextSwitchData:
    """Generate `n` sentences with `gap` filler words between the second subject and "likes".

    Deterministic given `seed`. The second subject always differs from the first, and both
    are drawn uniformly. The fillers are `gap` consecutive words of the phrase `FILLER`
    (read cyclically) from a random starting word, so they read like a relative clause.
    For training and test sets that share no sentence, use `held_out_sentences`.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    if gap < 0:
        raise ValueError(f"gap must be >= 0 filler words, got {gap}")
    _check_n_subjects(n_subjects)
    rng = np.random.default_rng(seed)
    vocab = context_switch_vocabulary(n_subjects)
    subj = vocab.encode(list(SUBJECTS[:n_subjects]))
    food = vocab.encode(list(FOODS[:n_subjects]))
    first = rng.integers(0, n_subjects, n)
    second = (first + rng.integers(1, n_subjects, n)) % n_subjects  # uniform over the others
    x = np.empty((n, gap + 6), dtype=np.int64)
    x[:, 0] = subj[first]
    x[:, 1] = vocab.encode([LIKES])[0]
    x[:, 2] = food[first]
    x[:, 3] = vocab.encode(list(SWITCH_WORDS))[rng.integers(0, len(SWITCH_WORDS), n)]
    x[:, 4] = subj[second]
    start = rng.integers(0, len(FILLER), (n, 1))
    filler_ids = vocab.encode(list(FILLER))
    x[:, 5 : 5 + gap] = filler_ids[(start + np.arange(gap)) % len(FILLER)]
    x[:, -1] = vocab.encode([LIKES])[0]
    return ContextSwitchData(x=x, y=second, vocab=vocab, foods=FOODS[:n_subjects], gap=gap)


def shared_sentences(a: ContextSwitchData, b: ContextSwitchData) -> int:
    """How many sentences of `b` (rows of b.x) also occur somewhere in `a`.

    `shared_sentences(train, test) == 0` is what "the test sentences are held out" means.
    """
    if a.x.shape[1] != b.x.shape[1]:
        return 0  # different lengths: no sentence can be shared
    seen = {row.tobytes() for row in np.ascontiguousarray(a.x)}
    return sum(row.tobytes() in seen for row in np.ascontiguousarray(b.x))


# Held-out filler phrases: a test sentence's filler phrase starts at one of these words of
# FILLER (every third: who, the, and, to, a, every), a training sentence's at one of the others.
TEST_FILLER_STARTS = tuple(range(0, len(FILLER), 3))


def held_out_sentences(n: int, gap: int, seed: int, split: str) -> ContextSwitchData:
    """`n` context-switch sentences whose filler phrase is held out between the two splits.

    A sentence's `gap` filler words are consecutive words of the phrase `FILLER` from a
    starting word; `split="test"` keeps only sentences that start it at one of the words
    `TEST_FILLER_STARTS` (6 of the 18), `split="train"` only the others. Subjects, pairs,
    foods and switch words are drawn as in `context_switch_sentences` (all pairs), so
    the test sentences differ from every training sentence in their filler phrase and in
    nothing the answer depends on: `shared_sentences(train, test) == 0` for any seeds.
    Needs gap >= 1 (a sentence without filler has no phrase to hold out).

    Why not hold out subject pairs (a test sentence pairing two subjects never seen together
    in training)? Measured on this task: RNNs and LSTMs that answer every training pair right
    (accuracy 1.0 on fresh sentences of the training pairs) scored 0.0 to 0.42 on the held-out
    pairs at gap 10: with four subjects each second subject is seen after only two first
    subjects, and the networks learn the pair, not the second subject alone. That is a
    question of generalisation to new combinations, not of memory across a gap.
    """
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    if gap < 1:
        raise ValueError(f"gap must be >= 1 to hold out filler phrases, got {gap}")
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    first_filler = context_switch_sentences(1, gap=1).vocab.encode([FILLER[0]])[0]
    draw = 4 * n + 16
    while True:  # deterministic: the same (n, gap, seed, split) draws the same batches
        data = context_switch_sentences(draw, gap=gap, seed=seed)
        starts_test = np.isin(data.x[:, 5] - first_filler, TEST_FILLER_STARTS)
        keep = np.flatnonzero(starts_test if split == "test" else ~starts_test)
        if keep.size >= n:
            keep = keep[:n]
            return dataclasses.replace(data, x=data.x[keep], y=data.y[keep])
        draw *= 2
