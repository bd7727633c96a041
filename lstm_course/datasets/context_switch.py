"""Lesson 01: the context-switch sentences, "I like pizza but my friend likes ___".

Introduced in notebooks/01_rnn_from_scratch.ipynb (sentences, fresh test sentences, the task's
controls) and used in 02 and 03.

Context-switch sentences follow "Nishchal likes pizza but his friend likes ___". Each subject
has one favourite food (the world the network must learn). A sentence states the first
subject's food, a switch word ("but", ...) introduces a second subject, `gap` filler words
follow, then "likes"; the target is the second subject's food:

    nishchal likes pizza but friend who lives near the old park likes -> burger
    [S1]     likes [F1]  [sw] [S2]  <------------ gap=6 ----------->  likes -> F(S2)

What the task tests is memory across a gap: a network reading word by word must carry the
second subject across the fillers to the last word (lesson 02: a plain RNN stops learning that
as the gap grows). What it does not test: replacing or forgetting the first subject. The
answer never depends on the first subject or its food (`with_first_subject_changed` keeps
every target), and it needs no word order: the answer is the food of the subject whose food is
not named, so a bag of words decides it (`word_counts`, `fit_bag_of_words`). Lesson 07's task
(`forget_task.py`) is the one where forgetting is needed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from lstm_course.datasets.vocabulary import Vocabulary

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

    `shared_sentences(train, test) == 0` is what "the test sentences are fresh" means (none
    occurs in training); `shared_combinations` counts what the answer depends on.
    """
    if a.x.shape[1] != b.x.shape[1]:
        return 0  # different lengths: no sentence can be shared
    seen = {row.tobytes() for row in np.ascontiguousarray(a.x)}
    return sum(row.tobytes() in seen for row in np.ascontiguousarray(b.x))


# Held-out filler phrases: a test sentence's filler phrase starts at one of these words of
# FILLER (every third: who, the, and, to, a, every), a training sentence's at one of the others.
TEST_FILLER_STARTS = tuple(range(0, len(FILLER), 3))
# Validation phrases, for choosing a setting (lesson 04): 3 of the 12 training starts, held out
# of the "fit" split, so that a validation sentence is not a training sentence either.
VALIDATION_FILLER_STARTS = tuple(range(1, len(FILLER), 6))
SPLITS = ("train", "test", "fit", "val")


def held_out_sentences(n: int, gap: int, seed: int, split: str) -> ContextSwitchData:
    """`n` context-switch sentences of one split, the splits disjoint in their filler phrases.

    A sentence's `gap` filler words are consecutive words of the phrase `FILLER` from a
    starting word; `split="test"` keeps only sentences that start it at one of the words
    `TEST_FILLER_STARTS` (6 of the 18), `split="train"` only the others. To choose a setting
    on validation, "train" splits further: `split="val"` keeps the starts
    `VALIDATION_FILLER_STARTS` (3 of the 12), `split="fit"` the other 9 (train on "fit",
    choose on "val", report "test": three disjoint sets of phrases). At gaps longer than
    FILLER the phrase runs around it more than once, so a held-out phrase is a training phrase
    started at another word: what the split holds out is then the phase of the cycle.
    Subjects, pairs, foods and switch words are drawn as in `context_switch_sentences` (all
    pairs).

    What the split holds out: filler phrases, so no test sentence occurs in training
    (`shared_sentences(train, test) == 0` for any seeds): the test sentences are fresh.
    What it does not hold out: anything the answer depends on. Every (first subject, switch
    word, second subject) combination of a test set of a few hundred sentences also occurs in
    training (`shared_combinations`), and with 4 subjects a gap has only 4 * 3 * 3 * 6 = 216
    distinct test sentences, so a test set of 1000 repeats them. Accuracy on it shows that a
    network does not look sentences up and is not thrown by unfamiliar fillers; it is not a
    test of generalisation (lesson 01 tests on gap lengths never seen in training for that).
    Needs gap >= 1 (a sentence without filler has no phrase to hold out).

    Why not hold out subject pairs (a test sentence pairing two subjects never seen together
    in training)? Measured on this task: RNNs and LSTMs that answer every training pair right
    (accuracy 1.0 on fresh sentences of the training pairs) scored 0.0 to 0.42 on the held-out
    pairs at gap 10: with four subjects each second subject is seen after only two first
    subjects, and the networks learn the pair, not the second subject alone. That is a
    question of generalisation to new combinations, not of memory across a gap.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    if gap < 1:
        raise ValueError(f"gap must be >= 1 to hold out filler phrases, got {gap}")
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    first_filler = context_switch_sentences(1, gap=1).vocab.encode([FILLER[0]])[0]
    draw = 4 * n + 16
    while True:  # deterministic: the same (n, gap, seed, split) draws the same batches
        data = context_switch_sentences(draw, gap=gap, seed=seed)
        start = data.x[:, 5] - first_filler
        in_test = np.isin(start, TEST_FILLER_STARTS)
        in_val = np.isin(start, VALIDATION_FILLER_STARTS)
        keep = np.flatnonzero(
            {"test": in_test, "train": ~in_test, "val": in_val, "fit": ~in_test & ~in_val}[split]
        )
        if keep.size >= n:
            keep = keep[:n]
            return dataclasses.replace(data, x=data.x[keep], y=data.y[keep])
        draw *= 2


def with_first_subject_changed(data: ContextSwitchData, seed: int = 0) -> ContextSwitchData:
    """A copy of `data` in which every sentence has another first subject, and its food.

    Each sentence's first subject (word 0) becomes a subject drawn uniformly among those that
    are neither its first nor its second subject, and the food of the first clause (word 2)
    becomes the new subject's food; the switch word, the second subject, the fillers and the
    target `y` stay. A control for lesson 01: the target depends on the second subject only, so
    a model that answers the task answers these sentences as it answers `data`. Needs at least
    three subjects (`len(data.foods) >= 3`). Deterministic given `seed`.
    """
    n_subjects = len(data.foods)
    if n_subjects < 3:
        raise ValueError(f"need at least 3 subjects to change the first one, got {n_subjects}")
    subj = data.vocab.encode(list(SUBJECTS[:n_subjects]))
    food = data.vocab.encode(list(FOODS[:n_subjects]))
    index = {int(w): k for k, w in enumerate(subj)}
    first = np.array([index[int(w)] for w in data.x[:, 0]])
    second = np.array([index[int(w)] for w in data.x[:, 4]])
    rng = np.random.default_rng(seed)
    # a uniform draw among the n_subjects - 2 subjects that are neither first nor second
    new = np.empty_like(first)
    for i, (a, b) in enumerate(zip(first, second, strict=True)):
        others = [k for k in range(n_subjects) if k not in (a, b)]
        new[i] = others[rng.integers(0, len(others))]
    x = data.x.copy()
    x[:, 0] = subj[new]
    x[:, 2] = food[new]
    return dataclasses.replace(data, x=x)


def switch_combinations(data: ContextSwitchData) -> set[tuple[int, int, int]]:
    """The distinct (first subject, switch word, second subject) ids of the sentences of `data`."""
    return {tuple(int(v) for v in row) for row in data.x[:, [0, 3, 4]]}


def shared_combinations(a: ContextSwitchData, b: ContextSwitchData) -> tuple[int, int]:
    """(how many distinct (first subject, switch word, second subject) combinations `b` has,
    how many of them also occur in `a`).

    For `held_out_sentences` the two are equal: the split holds out filler phrases, and every
    combination of the words the answer can depend on occurs in both splits.
    """
    in_b = switch_combinations(b)
    return len(in_b), len(in_b & switch_combinations(a))


def word_counts(x: np.ndarray, depth: int) -> np.ndarray:
    """Bag of words: (n, T) token ids -> (n, depth) counts of each word, order thrown away.

    Ids < 0 (padding, as lesson 01 pads) are not counted; ids >= depth are an error.
    """
    x = np.asarray(x)
    if x.ndim != 2 or not np.issubdtype(x.dtype, np.integer):
        raise ValueError(f"x must be (n, T) integer token ids, got {x.dtype} {x.shape}")
    if x.max(initial=-1) >= depth:
        raise ValueError(f"ids must be < depth = {depth}, got {x.max()}")
    counts = np.zeros((x.shape[0], depth))
    rows, cols = np.nonzero(x >= 0)
    np.add.at(counts, (rows, x[rows, cols]), 1.0)
    return counts


def fit_bag_of_words(counts: np.ndarray, y: np.ndarray, n_classes: int) -> np.ndarray:
    """Least-squares linear classifier on word counts: (depth + 1, n_classes) weights.

    Fits [counts, 1] @ weights to the one-hot targets by least squares (the last row is the
    bias). A model that sees which words occur and how often, never their order.
    """
    counts, y = np.asarray(counts, dtype=np.float64), np.asarray(y)
    if counts.ndim != 2 or y.shape != (counts.shape[0],):
        raise ValueError(f"need counts (n, depth) and y (n,), got {counts.shape}, {y.shape}")
    if y.min() < 0 or y.max() >= n_classes:
        raise ValueError(f"y must be in [0, {n_classes}), got [{y.min()}, {y.max()}]")
    design = np.hstack([counts, np.ones((len(counts), 1))])
    return np.linalg.lstsq(design, np.eye(n_classes)[y], rcond=None)[0]


def predict_bag_of_words(weights: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """(n,) classes of `fit_bag_of_words`'s linear classifier for (n, depth) word counts."""
    counts = np.asarray(counts, dtype=np.float64)
    if counts.ndim != 2 or counts.shape[1] + 1 != weights.shape[0]:
        raise ValueError(f"counts must be (n, {weights.shape[0] - 1}), got {counts.shape}")
    return (counts @ weights[:-1] + weights[-1]).argmax(axis=1)
