"""Lesson 11: train several seeds of a contender on one compiled Keras model.

Introduced in notebooks/11_where_the_lstm_stands.ipynb. Compiling a Keras model (tracing its
training step into a graph) takes seconds on a CPU, longer than training these small models for
an epoch. So each contender is compiled once, and before each seed's run `reinitialise` gives it
exactly what a freshly built and compiled model would have: the weights `build()` draws from
that seed, and an optimizer with no history (Adam's moments and step counter at zero; the
learning rate kept). `search_learning_rate` walks a ladder of learning rates, one run per rate
scored on validation data, and moves from its starting rate only where validation says clearly
(by more than a tolerance) that a neighbouring rate is better.
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


LEARNING_RATES = (3e-3, 1e-2, 3e-2, 1e-1)  # lesson 11's ladder: steps of about x3


def search_learning_rate(
    score,
    rates: tuple[float, ...] = LEARNING_RATES,
    start: float = 1e-2,
    tolerance: float = 0.0,
) -> tuple[float, dict[float, float]]:
    """Walk the ladder `rates` from `start` while a neighbouring rate is clearly better.

    A rate is *clearly better* than the current one if its validation loss is lower by more
    than `tolerance`. The walk runs `start` and the next rate up; if that is clearly better it
    moves up and goes on upwards while the next rate is clearly better; otherwise it runs the
    next rate down and goes on downwards in the same way. It stops at the first rate that is not
    clearly better, or at the end of the ladder. So the chosen rate has a rate run on each side
    of it that is not clearly better (unless it is the ladder's first or last), and a rate that
    is better only by noise (a solved task's loss going from 0.0013 to 0.0003, say) does not pull
    the choice towards the edge of stability. On lesson 11's ladder of four rates every walk from
    0.01 takes three runs: 0.01, 0.03, then 0.1 or 0.003.

    Args:
        score: score(rate) trains one run at `rate` and returns its validation loss (lower is
            better; NaN or infinite, a diverged run, counts as the worst).
        rates: the ladder, increasing.
        start: the rate the walk starts from; one of `rates`.
        tolerance: how much lower a loss must be to count as clearly better (>= 0; in the
            validation loss's own unit).

    Returns:
        (the chosen rate, {rate: validation loss} for every rate run, in the order run).
    """
    rates = tuple(rates)
    if not rates or list(rates) != sorted(set(rates)):
        raise ValueError(f"rates must be increasing and distinct, got {rates!r}")
    if start not in rates:
        raise ValueError(f"start must be one of the rates {rates!r}, got {start!r}")
    if not tolerance >= 0:
        raise ValueError(f"tolerance must be >= 0, got {tolerance!r}")
    scores: dict[float, float] = {}

    def loss_at(i: int) -> float:
        if rates[i] not in scores:
            scores[rates[i]] = float(score(rates[i]))
        loss = scores[rates[i]]
        return loss if math.isfinite(loss) else math.inf

    def clearly_better(i: int, than: int) -> bool:
        return 0 <= i < len(rates) and loss_at(i) < loss_at(than) - tolerance

    chosen = rates.index(start)
    loss_at(chosen)
    step = +1 if clearly_better(chosen + 1, chosen) else -1
    while clearly_better(chosen + step, chosen):
        chosen += step
    return rates[chosen], scores
