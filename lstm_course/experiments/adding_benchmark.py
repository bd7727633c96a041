"""Lesson 10: train a recurrent regressor on the adding problem at a fixed budget of sequences.

Introduced in notebooks/10_long_memory_benchmark.ipynb. One run = one network, one learning
rate, one seed, trained on a fixed number of fresh training sequences (each seen once), with the
validation MSE measured every `every` sequences. Nothing stops a run early, so its two metrics do
not depend on a stop rule:

- `sequences_to(curve, threshold)`: how many training sequences it took until the validation
  MSE was first below `threshold` (None if never within the budget);
- the test MSE (and the fraction of sequences solved) after the whole budget.

Compiling a Keras model's training function takes seconds, longer than a short run, so
`BenchmarkModel` compiles once per network and length and then starts every run afresh: the
weights of a new model built from the run's seed, the optimizer's state (Adam's moments, its
step count) zeroed and its learning rate set. A restarted run trains exactly like a newly
built and compiled one (tests/test_adding_benchmark.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lstm_course.datasets import RESULTS
from lstm_course.datasets.adding_problem import adding_problem

KINDS = ("SimpleRNN", "GRU", "LSTM", "IRNN")
# written by `python -m benchmarks.adding_lr_grid`, read by lesson 10
LR_GRID_CSV = RESULTS / "adding_lr_grid.csv"


def build_regressor(kind: str, units: int, steps: int, inputs: int = 2):
    """An uncompiled model (batch, steps, inputs) -> (batch, 1): one recurrent layer, Dense(1).

    `kind` is "SimpleRNN" (tanh), "GRU", "LSTM" (Keras defaults) or "IRNN" (ReLU units, the
    recurrent kernel starting as the identity: `lstm_course.keras_nets.irnn.build_irnn`).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    for name, value in (("units", units), ("steps", steps), ("inputs", inputs)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    import keras

    from lstm_course.keras_nets.irnn import build_irnn

    if kind == "IRNN":
        return build_irnn(units, steps, inputs)
    layer = getattr(keras.layers, kind)(units)
    return keras.Sequential([keras.Input(shape=(steps, inputs)), layer, keras.layers.Dense(1)])


@dataclass
class Run:
    """One training run: the validation curve and the test errors after the whole budget.

    seen: (k,) training sequences seen at each validation; val_mse: (k,) validation MSE there;
    test_errors: (n_test,) prediction minus target on the test set after the budget.
    """

    kind: str
    steps: int
    seed: int
    learning_rate: float
    seen: np.ndarray
    val_mse: np.ndarray
    test_errors: np.ndarray = field(repr=False)

    @property
    def test_mse(self) -> float:
        return float(np.mean(self.test_errors.astype(np.float64) ** 2))

    def solved(self, tolerance: float) -> float:
        """Fraction of test sequences with |prediction - target| < tolerance."""
        return float(np.mean(np.abs(self.test_errors) < tolerance))

    def sequences_to(self, threshold: float) -> int | None:
        """Training sequences seen when the validation MSE was first below `threshold`."""
        return sequences_to(self.seen, self.val_mse, threshold)


def sequences_to(seen, val_mse, threshold: float) -> int | None:
    """The first entry of `seen` (k,) where `val_mse` (k,) < threshold; None if there is none."""
    seen, val_mse = np.asarray(seen), np.asarray(val_mse)
    if seen.shape != val_mse.shape or seen.ndim != 1:
        raise ValueError(
            f"seen and val_mse must be two 1-D arrays of one length, got {seen.shape} "
            f"and {val_mse.shape}"
        )
    below = np.flatnonzero(val_mse < threshold)
    return int(seen[below[0]]) if below.size else None


class BenchmarkModel:
    """One network at one sequence length, compiled once, restarted for every run.

    Adam with `clipnorm` (each weight's gradient clipped to that norm), MSE loss.
    """

    def __init__(self, kind: str, units: int, steps: int, clipnorm: float = 1.0):
        import keras

        self.kind, self.units, self.steps = kind, units, steps
        self.model = build_regressor(kind, units, steps)
        self.optimizer = keras.optimizers.Adam(learning_rate=1e-3, clipnorm=clipnorm)
        self.model.compile(optimizer=self.optimizer, loss="mse")

    def restart(self, seed: int, learning_rate: float) -> None:
        """Initial weights drawn from `seed`, Adam's state zeroed, learning rate set."""
        import keras

        keras.utils.set_random_seed(seed)
        fresh = build_regressor(self.kind, self.units, self.steps)
        self.model.set_weights(fresh.get_weights())
        for variable in self.optimizer.variables:  # iterations, moments, learning rate
            variable.assign(np.zeros(variable.shape, dtype=variable.dtype))
        self.optimizer.learning_rate = learning_rate

    def run(self, data, seed: int, learning_rate: float, every: int, batch: int = 64) -> Run:
        """Train on every sequence of data["train"] once, in order; validate every `every`.

        Args:
            data: {"train": (x, y), "val": (x, y), "test": (x, y)}, x (n, steps, 2), y (n,).
            every: training sequences between two validations; a multiple of `batch` that
                divides the number of training sequences.
        """
        (x_train, y_train), (x_val, y_val), (x_test, y_test) = (
            data[split] for split in ("train", "val", "test")
        )
        n = len(x_train)
        if every % batch or n % every:
            raise ValueError(
                f"every ({every}) must be a multiple of batch ({batch}) and divide the "
                f"{n} training sequences"
            )
        if x_train.shape[1] != self.steps:
            raise ValueError(f"the model reads {self.steps} steps, the data has {x_train.shape}")
        self.restart(seed, learning_rate)
        history = self.model.fit(
            x_train,
            y_train,
            batch_size=batch,
            epochs=n // every,
            steps_per_epoch=every // batch,
            shuffle=False,
            validation_data=(x_val, y_val),
            validation_batch_size=len(x_val),
            verbose=0,
        )
        prediction = self.model.predict(x_test, batch_size=len(x_test), verbose=0)[:, 0]
        return Run(
            kind=self.kind,
            steps=self.steps,
            seed=seed,
            learning_rate=learning_rate,
            seen=every * np.arange(1, n // every + 1),
            val_mse=np.asarray(history.history["val_loss"]),
            test_errors=prediction - y_test,
        )


def adding_splits(
    steps: int, seed: int, n_train: int = 32_768, n_val: int = 500, n_test: int = 2_000
) -> dict:
    """Lesson 10's data for sequences of length `steps`, all generated from `seed`.

    Returns {"train": (x, y), "val": (x, y), "test": (x, y)}, x (n, steps, 2), y (n,); each
    split from its own generator seed (1000 * seed + 10 * steps + 0, 1, 2). The same call in
    benchmarks/adding_lr_grid.py and in the lesson gives the same sequences.
    """
    base = 1_000 * seed + 10 * steps
    sizes = (("train", n_train), ("val", n_val), ("test", n_test))
    return {split: adding_problem(n, steps, seed=base + k) for k, (split, n) in enumerate(sizes)}


def choose_learning_rates(rows) -> dict:
    """Each network's learning rate: the lowest validation MSE averaged over the seeds.

    rows: dicts with "kind", "learning_rate", "seed" and "val_mse" (final validation MSE of one
    run), every (kind, rate) with the same seeds. Returns {kind: {"chosen": rate, "mean":
    {rate: mean val_mse}, "on_edge": chosen is the grid's smallest or largest rate}}. The mean
    counts a seed that stays on the baseline (about 0.16) against a rate, so a rate that one seed
    escapes by luck does not win over one where every seed learns. A run that diverged (its
    validation MSE NaN or infinite) counts as infinitely bad.
    """
    table: dict = {}
    for row in rows:
        value = float(row["val_mse"])
        table.setdefault(row["kind"], {}).setdefault(float(row["learning_rate"]), {})[
            int(row["seed"])
        ] = value if np.isfinite(value) else np.inf
    chosen = {}
    for kind, by_rate in table.items():
        seed_sets = {frozenset(seeds) for seeds in by_rate.values()}
        if len(seed_sets) != 1:
            raise ValueError(f"{kind}: every learning rate needs the same seeds, got {seed_sets}")
        mean = {rate: float(np.mean(list(v.values()))) for rate, v in sorted(by_rate.items())}
        best = min(mean, key=mean.get)
        rates = list(mean)
        chosen[kind] = {"chosen": best, "mean": mean, "on_edge": best in (rates[0], rates[-1])}
    return chosen
