"""Lesson 10: solutions to the exercises of notebooks/10_long_memory_benchmark.ipynb."""

import keras


def adding_target(x):
    """Exercise 10.1: x (n, T, 2) -> (n,) sum of the values at the two marked steps."""
    return (x[..., 0] * x[..., 1]).sum(axis=1)


def build_irnn(units, steps, inputs=2):
    """Exercise 10.2: the IRNN of Le, Jaitly & Hinton (2015), (batch, steps, inputs) ->
    (batch, 1): ReLU units, recurrent kernel starting as the identity, bias at zero."""
    return keras.Sequential(
        [
            keras.Input(shape=(steps, inputs)),
            keras.layers.SimpleRNN(units, activation="relu", recurrent_initializer="identity"),
            keras.layers.Dense(1),
        ]
    )
