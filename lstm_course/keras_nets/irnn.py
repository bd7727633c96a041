"""Lesson 10: the IRNN of Le, Jaitly & Hinton (2015), a plain RNN that can remember.

Introduced in notebooks/10_long_memory_benchmark.ipynb, where the learner writes `build_irnn`
(Exercise 10.2) before the lesson imports it from here.

The IRNN is a `keras.layers.SimpleRNN` of rectified linear units whose recurrent kernel starts
as the identity and whose bias starts at zero:

    h_t = relu(x_t W + h_{t-1} U + b),   U = I and b = 0 at initialisation.

With no input, relu(h_{t-1} I) = h_{t-1} for a state h >= 0: the state is copied unchanged
from step to step, so a value written at the first marker of the adding problem survives to
the end, and the Jacobian dh_t/dh_{t-1} is the identity wherever the units are active: the
gradient neither vanishes nor explodes at the start of training (lesson 02's spectral radius
is exactly 1). Only the input kernel W is drawn at random (Keras's default, glorot_uniform).
"""

from __future__ import annotations


def build_irnn(units: int, steps: int, inputs: int = 2):
    """An uncompiled IRNN regressor: inputs (batch, steps, inputs) -> (batch, 1).

    Layers: SimpleRNN(units, activation="relu", recurrent_initializer="identity") named
    "irnn" (bias zeros, Keras's default), returning only its last state, then Dense(1) named
    "sum". Same weight count as a SimpleRNN of `units` units with a Dense(1) head:
    inputs * units + units**2 + units + units + 1.

    Raises:
        ValueError: units, steps or inputs is not a positive int.
    """
    for name, value in (("units", units), ("steps", steps), ("inputs", inputs)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    import keras

    return keras.Sequential(
        [
            keras.Input(shape=(steps, inputs)),
            keras.layers.SimpleRNN(
                units, activation="relu", recurrent_initializer="identity", name="irnn"
            ),
            keras.layers.Dense(1, name="sum"),
        ],
        name="irnn_model",
    )
