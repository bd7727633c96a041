"""Lesson 02: accuracy on held-out sentences as the gap grows, one seed or several (LSTM: 04).

Introduced in notebooks/02_why_rnns_forget.ipynb (the RNN) and extended in
notebooks/04_lstm_from_scratch.ipynb (the LSTM).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lstm_course.data.context_switch import held_out_sentences, shared_sentences
from lstm_course.data.vocabulary import one_hot
from lstm_course.initializers import lstm_bias
from lstm_course.numpy_training import accuracy, init_classifier, train_classifier


@dataclass
class GapResults:
    """Test and training accuracy (and training history) of one model per gap; `chance` = 1 / foods.

    `train_accuracy` is measured on the whole training set after training: a model near chance
    on both did not learn (an optimisation failure), which is not a failure to generalise.
    """

    cell: str
    gaps: list[int]
    accuracy: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    losses: list[list[float]] = field(default_factory=list)
    params: list[dict] = field(default_factory=list)
    chance: float = 0.0


def accuracy_by_gap(
    cell: str,
    gaps: list[int],
    steps: int = 600,
    units: int = 32,
    n_train: int = 4000,
    n_test: int = 1000,
    forget_bias: float | str = 1.0,
    batch_size: int = 64,
    learning_rate: float = 1e-2,
    seed: int = 0,
    verbose: bool = True,
) -> GapResults:
    """Train one classifier per gap on context-switch sentences; test on held-out sentences.

    Every gap gets the same budget: `units`, `steps` of Adam(`learning_rate`) on mini-batches
    of `batch_size`, gradient clipping at 5, the init of `numpy_training.init_classifier`
    (orthogonal recurrent kernel). For the LSTM, `forget_bias` replaces the bias (see
    `lstm_bias`; "chrono" uses max_lag = the sentence length). Training sentences are
    `held_out_sentences(..., split="train")` with `seed`, test sentences `split="test"` with
    `seed + 1000`: their filler phrases never occur in training, so no test sentence does
    (checked). Every other seed (init, mini-batches, chrono bias) is `seed`.
    Prints one line per gap when `verbose`. See `accuracy_by_gap_over_seeds` for repeats.
    """
    if cell not in ("rnn", "lstm"):
        raise ValueError(f"cell must be 'rnn' or 'lstm', got {cell!r}")
    if not gaps or min(gaps) < 1:
        raise ValueError(f"gaps must be a non-empty list of filler counts >= 1, got {gaps}")
    results = GapResults(cell=cell, gaps=list(gaps))
    for gap in gaps:
        train = held_out_sentences(n_train, gap, seed, "train")
        test = held_out_sentences(n_test, gap, seed + 1000, "test")
        if shared_sentences(train, test):  # cannot happen with disjoint filler phrases
            raise AssertionError(f"gap {gap}: a test sentence occurs in training")
        depth = len(train.vocab)
        x, x_test = one_hot(train.x, depth), one_hot(test.x, depth)
        params = init_classifier(cell, depth, units, len(train.foods), seed=seed)
        if cell == "lstm":
            params["bias"] = lstm_bias(units, forget_bias, max_lag=x.shape[1], seed=seed)
        _, history = train_classifier(
            cell,
            x,
            train.y,
            units,
            len(train.foods),
            steps,
            batch_size,
            learning_rate,
            seed=seed,
            params=params,
        )
        acc = accuracy(cell, params, x_test, test.y)
        train_acc = accuracy(cell, params, x, train.y)
        results.accuracy.append(acc)
        results.train_accuracy.append(train_acc)
        results.losses.append(history["loss"])
        results.params.append(params)
        results.chance = train.chance_accuracy
        if verbose:
            tail = float(np.mean(history["loss"][-50:]))
            print(
                f"{cell} seed {seed} gap {gap:3d}: train loss (last 50 steps) {tail:.3f}, "
                f"train accuracy {train_acc:.3f}, test accuracy {acc:.3f}"
            )
    return results


@dataclass
class SeedGapResults:
    """`accuracy_by_gap` repeated over seeds: one `GapResults` per seed in `runs`."""

    cell: str
    gaps: list[int]
    seeds: list[int]
    runs: list[GapResults]

    @property
    def accuracy(self) -> np.ndarray:
        """Test accuracy, (n_seeds, n_gaps): row k is seed `seeds[k]`."""
        return np.array([run.accuracy for run in self.runs], dtype=np.float64).reshape(
            len(self.seeds), len(self.gaps)
        )

    @property
    def train_accuracy(self) -> np.ndarray:
        """Accuracy on the training sentences after training, (n_seeds, n_gaps)."""
        return np.array([run.train_accuracy for run in self.runs], dtype=np.float64).reshape(
            len(self.seeds), len(self.gaps)
        )

    @property
    def chance(self) -> float:
        return self.runs[0].chance

    def final_losses(self, last: int = 50) -> np.ndarray:
        """Mean training loss over the `last` steps, (n_seeds, n_gaps)."""
        return np.array(
            [[float(np.mean(h[-last:])) for h in run.losses] for run in self.runs]
        ).reshape(len(self.seeds), len(self.gaps))


def accuracy_by_gap_over_seeds(cell: str, gaps: list[int], seeds: list[int], **kwargs):
    """`accuracy_by_gap(cell, gaps, seed=s, **kwargs)` for every s in `seeds` (e.g.
    `course_seeds(3)`): a `SeedGapResults` whose `accuracy` is (n_seeds, n_gaps)."""
    seeds = [int(s) for s in seeds]
    if not seeds or len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be a non-empty list of distinct seeds, got {seeds}")
    if "seed" in kwargs:
        raise ValueError("pass `seeds`, not `seed`")
    runs = [accuracy_by_gap(cell, gaps, seed=s, **kwargs) for s in seeds]
    return SeedGapResults(cell=cell, gaps=list(gaps), seeds=seeds, runs=runs)
