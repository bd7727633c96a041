"""Lesson 11: train several seeds of a contender on one compiled Keras model.

Introduced in notebooks/11_where_the_lstm_stands.ipynb. Compiling a Keras model (tracing its
training step into a graph) takes seconds on a CPU, longer than training these small models for
an epoch. So each contender is compiled once, and before each seed's run `reinitialise` gives it
exactly what a freshly built and compiled model would have: the weights `build()` draws from
that seed, and an optimizer with no history (Adam's moments and step counter at zero; the
learning rate kept). `search_learning_rate` walks a ladder of learning rates, one run per rate
scored on validation data, and moves from its starting rate only where validation says clearly
(every seed's run beyond the other rate's, by a margin) that a neighbouring rate is better.
"""

from __future__ import annotations

import math


def reinitialise(model, build, seed: int) -> None:
    """Reset `model` (compiled) to a fresh start from `seed`, in place.

    Args:
        model: a compiled keras.Model, built by `build`.
        build: the function that built it, called with no arguments after
            keras.utils.set_random_seed(seed) to draw the initial weights.
        seed: the run's seed; also left set for the training that follows (batch order).
    """
    import keras

    keras.utils.set_random_seed(seed)
    fresh = build()
    shapes = [tuple(w.shape) for w in model.get_weights()]
    if [tuple(w.shape) for w in fresh.get_weights()] != shapes:
        raise ValueError("build() must return a model with the same weights as `model`")
    model.set_weights(fresh.get_weights())
    optimizer = model.optimizer
    if optimizer is None:
        raise ValueError("model must be compiled (it has no optimizer)")
    keep = {id(optimizer.learning_rate)} if hasattr(optimizer, "learning_rate") else set()
    for variable in optimizer.variables:
        if id(variable) not in keep:
            variable.assign(keras.ops.zeros(variable.shape, variable.dtype))
    keras.utils.set_random_seed(seed)


LEARNING_RATES = (1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1)  # lesson 11's ladder: steps of about x3


def search_learning_rate(
    score,
    rates: tuple[float, ...] = LEARNING_RATES,
    start: float = 1e-2,
    tolerance: float = 0.0,
    relative: float = 0.0,
) -> tuple[float, dict[float, tuple[float, ...]]]:
    """Walk the ladder `rates` from `start` while a neighbouring rate is clearly better.

    `score(rate)` returns the validation losses of the runs at `rate`, one per seed (or one
    number). A rate is *clearly better* than the current one if its worst run is below the
    current rate's best run by more than `tolerance + relative * (that best run's loss)`: the
    two rates' seed ranges do not overlap, with a margin on the loss's own scale (`relative`
    0.02: two per cent of the loss, whether the loss is an MSE of 0.0005 or 3 bits per
    character). The walk runs `start` and the next rate up; if that is clearly better it moves
    up and goes on upwards while the next rate is clearly better; otherwise it runs the next
    rate down and goes on downwards in the same way. It stops at the first rate that is not
    clearly better, or at the end of the ladder. So the chosen rate has a rate run on each side
    of it that is not clearly better (unless it is the ladder's first or last: a caller that
    wants the grid to extend past the winner asserts it is not), and a rate that is better only
    by one seed's noise does not pull the choice towards the edge of stability.

    Args:
        score: score(rate) trains the runs at `rate` and returns their validation losses (lower
            is better; NaN or infinite, a diverged run, counts as the worst).
        rates: the ladder, increasing.
        start: the rate the walk starts from; one of `rates`.
        tolerance: an absolute margin (>= 0; in the validation loss's own unit).
        relative: a margin as a fraction of the current rate's best loss (in [0, 1)).

    Returns:
        (the chosen rate, {rate: tuple of the runs' validation losses} for every rate run, in
        the order run).
    """
    rates = tuple(rates)
    if not rates or list(rates) != sorted(set(rates)):
        raise ValueError(f"rates must be increasing and distinct, got {rates!r}")
    if start not in rates:
        raise ValueError(f"start must be one of the rates {rates!r}, got {start!r}")
    if not tolerance >= 0:
        raise ValueError(f"tolerance must be >= 0, got {tolerance!r}")
    if not 0 <= relative < 1:
        raise ValueError(f"relative must be in [0, 1), got {relative!r}")
    scores: dict[float, tuple[float, ...]] = {}

    def losses_at(i: int) -> list[float]:
        if rates[i] not in scores:
            value = score(rates[i])
            values = value if isinstance(value, (list, tuple)) else [value]
            scores[rates[i]] = tuple(float(v) for v in values)
        return [v if math.isfinite(v) else math.inf for v in scores[rates[i]]]

    def clearly_better(i: int, than: int) -> bool:
        if not 0 <= i < len(rates):
            return False
        best_there = min(losses_at(than))
        if not math.isfinite(best_there):  # every run there diverged: any finite run is better
            return max(losses_at(i)) < math.inf
        return max(losses_at(i)) < best_there - tolerance - relative * best_there

    chosen = rates.index(start)
    losses_at(chosen)
    step = +1 if clearly_better(chosen + 1, chosen) else -1
    while clearly_better(chosen + step, chosen):
        chosen += step
    return rates[chosen], scores
