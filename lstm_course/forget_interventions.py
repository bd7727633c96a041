"""Lesson 07: interventions on the forget gate, and the chrono initialisation of its bias.

Introduced in notebooks/07_inside_the_lstm.ipynb. A trained `keras.layers.LSTM` is run in
NumPy from its `get_weights()` (blocks i, f, g, o, as in `numpy_lstm.lstm_forward`), with the
forget gate f **clamped** to a fixed value wherever a boolean mask says so: at chosen words of
chosen sentences, for chosen units. Comparing the accuracy with and without the clamp asks what
the gate *does*, not only what it looks like.

Shapes: x (n, T, D) inputs (the embedded words); params {"kernel": (D, 4H),
"recurrent_kernel": (H, 4H), "bias": (4H,)}; clamp (n, T, H) boolean; h (n, H).

`chrono_bias` is the initialisation of Tallec & Ollivier (2018), "Can recurrent neural
networks warp time?", ICLR 2018: b_f ~ log(U(1, T_max - 1)), b_i = -b_f, other biases 0.
"""

from __future__ import annotations

import numpy as np

from lstm_course.numpy_lstm import check_lstm_inputs, sigmoid, split_gates


def forward_with_forget_clamped(
    x: np.ndarray, params: dict, clamp: np.ndarray | None = None, value: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Run the LSTM over x with f set to `value` where `clamp` is True.

    Args:
        x: (n, T, D) inputs; params: the layer's weights as in `lstm_forward`.
        clamp: (n, T, H) boolean, where to override the forget gate; None: nowhere (then this is
            exactly `lstm_forward`'s final hidden state).
        value: the forget gate's value there, in [0, 1] (0: erase c_{t-1}, 1: keep all of it).

    Returns:
        h_T: (n, H) the last hidden state (what the classifier reads); f: (n, T, H) the forget
        gate as used, clamped values included.
    """
    x, p, units = check_lstm_inputs(x, params)
    n, steps, _ = x.shape
    if clamp is None:
        clamp = np.zeros((n, steps, units), dtype=bool)
    clamp = np.asarray(clamp)
    if clamp.shape != (n, steps, units) or clamp.dtype != bool:
        raise ValueError(
            f"clamp must be a boolean ({n}, {steps}, {units}) array, got {clamp.dtype}{clamp.shape}"
        )
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"value must be a forget-gate value in [0, 1], got {value}")
    dtype = np.result_type(x, p["kernel"])
    h = np.zeros((n, units), dtype)
    c = np.zeros((n, units), dtype)
    fs = np.empty((n, steps, units), dtype)
    for t in range(steps):
        z = x[:, t] @ p["kernel"] + h @ p["recurrent_kernel"] + p["bias"]
        z_i, z_f, z_g, z_o = split_gates(z).values()  # Keras's block order i, f, g, o
        f = np.where(clamp[:, t], np.asarray(value, dtype), sigmoid(z_f))
        c = f * c + sigmoid(z_i) * np.tanh(z_g)
        h = sigmoid(z_o) * np.tanh(c)
        fs[:, t] = f
    return h, fs


def clamp_mask(steps: np.ndarray, units: int, chosen_units=None) -> np.ndarray:
    """The (n, T, H) clamp for `forward_with_forget_clamped` from (n, T) steps and some units.

    Args:
        steps: (n, T) boolean, the words of each sentence where the gate is clamped.
        units: H, the layer's number of units.
        chosen_units: indices of the units to clamp; None: all H.
    """
    steps = np.asarray(steps)
    if steps.ndim != 2 or steps.dtype != bool:
        raise ValueError(f"steps must be a boolean (n, T) array, got {steps.dtype}{steps.shape}")
    which = np.zeros(units, dtype=bool)
    which[slice(None) if chosen_units is None else np.asarray(chosen_units, dtype=int)] = True
    return steps[:, :, None] & which


def chrono_bias(units: int, t_max: float, rng: np.random.Generator) -> np.ndarray:
    """A (4H,) LSTM bias, blocks i, f, g, o: b_f ~ log(U(1, t_max - 1)), b_i = -b_f, b_g = b_o = 0.

    Tallec & Ollivier (2018): with f = sigmoid(b_f) a unit keeps its cell state for about
    1 / (1 - f) ~ exp(b_f) steps, so the units start with memory spans spread up to t_max.
    """
    if units < 1 or t_max <= 2:
        raise ValueError(f"need units >= 1 and t_max > 2, got units={units}, t_max={t_max}")
    b_f = np.log(rng.uniform(1.0, t_max - 1.0, units))
    return np.concatenate([-b_f, b_f, np.zeros(units), np.zeros(units)]).astype(np.float32)
