"""Lesson 02: accuracy on held-out sentences as the gap grows, one seed or several (LSTM: 04).

Introduced in notebooks/02_why_rnns_forget.ipynb (the RNN) and extended in
notebooks/04_lstm_from_scratch.ipynb (the LSTM).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lstm_course.datasets import RESULTS
from lstm_course.datasets.context_switch import held_out_sentences, shared_sentences
from lstm_course.datasets.vocabulary import one_hot
from lstm_course.numpy_nets.initializers import lstm_bias
from lstm_course.numpy_nets.training import INITS, accuracy, init_classifier, train_classifier

# Written by `python -m benchmarks.init_menu`: one row per (cell, init, learning rate, gap, seed).
INIT_MENU_CSV = RESULTS / "init_menu.csv"
# Written by `python -m benchmarks.init_menu --seed-study`: each chosen pair at gap 80, 24 seeds.
INIT_MENU_SEEDS_CSV = RESULTS / "init_menu_seeds.csv"
MENU_KEYS = ("train_accuracy", "val_accuracy", "test_accuracy")


@dataclass
class GapResults:
    """Test and training accuracy (and training history) of one model per gap; `chance` = 1 / foods.

    `train_accuracy` is measured on the whole training set after training: a model near chance
    on both did not learn (an optimisation failure), which is not a failure to generalise.
    `val_accuracy` (empty unless `n_val` > 0) is on sentences whose filler phrases are in
    neither the training nor the test sentences: the set a setting is chosen on (lesson 04).
    """

    cell: str
    gaps: list[int]
    accuracy: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    init: str | None = None
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
    init: str | None = None,
    n_val: int = 0,
    n_train_eval: int | None = None,
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

    Lesson 04's fair comparison: `init` (one of `numpy_training.INITS[cell]`, e.g. "identity"
    for the RNN or "forget-only" for the LSTM) replaces `forget_bias` and the default init;
    `n_val` > 0 trains on `held_out_sentences(..., "fit")` instead (the training phrases but
    three) and also scores `n_val` validation sentences, `held_out_sentences(..., "val")` with
    `seed + 2000`, whose filler phrases are in neither the training nor the test sentences
    (a validation sentence drawn from the training phrases would repeat training sentences:
    at any gap they are only 432 distinct ones).
    `n_train_eval` scores the training accuracy on the first `n_train_eval` training sentences
    only (None: all of them); at any gap the training split has only 432 distinct sentences.
    """
    if cell not in ("rnn", "lstm"):
        raise ValueError(f"cell must be 'rnn' or 'lstm', got {cell!r}")
    if not gaps or min(gaps) < 1:
        raise ValueError(f"gaps must be a non-empty list of filler counts >= 1, got {gaps}")
    if init is not None and init not in INITS[cell]:
        raise ValueError(f"init for {cell!r} must be one of {INITS[cell]}, got {init!r}")
    if n_val < 0:
        raise ValueError(f"n_val must be >= 0, got {n_val}")
    if n_train_eval is not None and not 1 <= n_train_eval <= n_train:
        raise ValueError(f"n_train_eval must be in [1, n_train={n_train}], got {n_train_eval}")
    results = GapResults(cell=cell, gaps=list(gaps), init=init)
    for gap in gaps:
        train = held_out_sentences(n_train, gap, seed, "fit" if n_val else "train")
        test = held_out_sentences(n_test, gap, seed + 1000, "test")
        if shared_sentences(train, test):  # cannot happen with disjoint filler phrases
            raise AssertionError(f"gap {gap}: a test sentence occurs in training")
        val = held_out_sentences(n_val, gap, seed + 2000, "val") if n_val else None
        if val is not None and shared_sentences(train, val):  # disjoint phrases again
            raise AssertionError(f"gap {gap}: a validation sentence occurs in training")
        depth = len(train.vocab)
        x, x_test = one_hot(train.x, depth), one_hot(test.x, depth)
        if init is not None:
            params = init_classifier(
                cell, depth, units, len(train.foods), seed=seed, init=init, max_lag=x.shape[1]
            )
        else:
            params = init_classifier(cell, depth, units, len(train.foods), seed=seed)
        if cell == "lstm" and init is None:
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
        train_acc = accuracy(cell, params, x[:n_train_eval], train.y[:n_train_eval])
        results.accuracy.append(acc)
        results.train_accuracy.append(train_acc)
        if val is not None:
            results.val_accuracy.append(accuracy(cell, params, one_hot(val.x, depth), val.y))
        results.losses.append(history["loss"])
        results.params.append(params)
        results.chance = train.chance_accuracy
        if verbose:
            tail = float(np.mean(history["loss"][-50:]))
            print(
                f"{cell} seed {seed} gap {gap:3d}: train loss (last 50 steps) {tail:.3f}, "
                f"train accuracy {train_acc:.3f}, "
                + (f"validation accuracy {results.val_accuracy[-1]:.3f}, " if n_val else "")
                + f"test accuracy {acc:.3f}"
            )
    return results


@dataclass
class SeedGapResults:
    """`accuracy_by_gap` repeated over seeds: one `GapResults` per seed in `runs`."""

    cell: str
    gaps: list[int]
    seeds: list[int]
    runs: list[GapResults]

    def _by_seed(self, name: str) -> np.ndarray:
        """The runs' list `name` stacked as (n_seeds, n_gaps): row k is seed `seeds[k]`."""
        values = [getattr(run, name) for run in self.runs]
        return np.array(values, dtype=np.float64).reshape(len(self.seeds), len(self.gaps))

    @property
    def accuracy(self) -> np.ndarray:
        """Test accuracy, (n_seeds, n_gaps): row k is seed `seeds[k]`."""
        return self._by_seed("accuracy")

    @property
    def train_accuracy(self) -> np.ndarray:
        """Accuracy on the training sentences after training, (n_seeds, n_gaps)."""
        return self._by_seed("train_accuracy")

    @property
    def val_accuracy(self) -> np.ndarray:
        """Accuracy on the validation sentences, (n_seeds, n_gaps) (needs `n_val` > 0)."""
        return self._by_seed("val_accuracy")

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


def choose_by_validation(val_accuracy: dict[str, np.ndarray]) -> list[str]:
    """Per gap, the menu entry with the highest validation accuracy, averaged over seeds.

    Args:
        val_accuracy: {entry: (n_seeds, n_gaps) validation accuracy}, in menu order; an entry
            is an init name (e.g. `{name: res.val_accuracy for name, res in runs.items()}`) or
            any key, such as (init, learning rate).
    Returns:
        one entry per gap. Ties go to the earlier entry of the menu (the default first).
    Introduced in notebooks/04_lstm_from_scratch.ipynb (each model's best init, chosen fairly).
    """
    if not val_accuracy:
        raise ValueError("val_accuracy needs at least one init")
    names = list(val_accuracy)
    arrays = [np.asarray(val_accuracy[n], dtype=np.float64) for n in names]
    if any(a.ndim != 2 or a.shape != arrays[0].shape or a.size == 0 for a in arrays):
        shapes = [a.shape for a in arrays]
        raise ValueError(f"every entry must be the same non-empty (n_seeds, n_gaps), got {shapes}")
    means = np.stack([a.mean(axis=0) for a in arrays])  # (n_inits, n_gaps)
    return [names[i] for i in np.argmax(means, axis=0)]  # argmax: the first of equal maxima


def read_menu_rows(path: str | Path = INIT_MENU_CSV) -> list[dict]:
    """The rows of `lstm_course/datasets/files/results/init_menu.csv`, numbers parsed (gap, seed:
    int)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise ValueError(f"{path} has no rows")
    for r in rows:
        r["gap"], r["seed"] = int(r["gap"]), int(r["seed"])
        for k in (*MENU_KEYS, "learning_rate", "seconds"):
            r[k] = float(r[k])
    return rows


def menu_table(
    rows: list[dict], key: str, cell: str, init: str, gaps, learning_rate: float | None = None
) -> np.ndarray:
    """(n_seeds, n_gaps) array of `key` (one of MENU_KEYS) for one cell, init and learning rate.

    Seeds are sorted; a (seed, gap) with no row is NaN. `learning_rate` None takes rows of any
    learning rate (for rows of one). Introduced in notebooks/04_lstm_from_scratch.ipynb, which
    prints the committed grid with it.
    """
    if key not in MENU_KEYS:
        raise ValueError(f"key must be one of {MENU_KEYS}, got {key!r}")
    seeds = sorted({r["seed"] for r in rows})
    gaps = list(gaps)
    out = np.full((len(seeds), len(gaps)), np.nan)
    for r in rows:
        if learning_rate is not None and not np.isclose(r["learning_rate"], learning_rate):
            continue
        if r["cell"] == cell and r["init"] == init and r["gap"] in gaps:
            out[seeds.index(r["seed"]), gaps.index(r["gap"])] = float(r[key])
    return out


def menu_entries(rows: list[dict], cell: str) -> list[tuple[str, float]]:
    """The (init, learning rate) pairs of `cell` in `rows`: menu order, then by rate."""
    present = {(r["init"], float(r["learning_rate"])) for r in rows if r["cell"] == cell}
    rates = sorted({lr for _, lr in present})
    return [(i, lr) for i in INITS[cell] for lr in rates if (i, lr) in present]


def choose_entries(rows: list[dict], gaps) -> dict[str, list[tuple[str, float]]]:
    """{cell: the (init, learning rate) chosen on validation at each gap} for the grid `rows`
    (`read_menu_rows`): `choose_by_validation` over every pair of the cell's menu.
    Introduced in notebooks/04_lstm_from_scratch.ipynb."""
    return {
        cell: choose_by_validation(
            {
                (init, lr): menu_table(rows, "val_accuracy", cell, init, gaps, lr)
                for init, lr in menu_entries(rows, cell)
            }
        )
        for cell in INITS
        if menu_entries(rows, cell)
    }
