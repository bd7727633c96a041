"""Lesson 11: train several seeds of a contender on one compiled Keras model.

Introduced in notebooks/11_where_the_lstm_stands.ipynb. Compiling a Keras model (tracing its
training step into a graph) takes seconds on a CPU, longer than training these small models for
an epoch. So each contender is compiled once, and before each seed's run `reinitialise` gives it
exactly what a freshly built and compiled model would have: the weights `build()` draws from
that seed, and an optimizer with no history (Adam's moments and step counter at zero; the
learning rate kept).
"""

from __future__ import annotations


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
