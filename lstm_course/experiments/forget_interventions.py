"""Lesson 07: interventions on the forget and input gates.

Introduced in notebooks/07_inside_the_lstm.ipynb. A trained `keras.layers.LSTM` is run in
NumPy from its `get_weights()` (blocks i, f, g, o, as in `numpy_lstm.lstm_forward`), with the
forget gate f and/or the input gate i **clamped** to fixed values wherever a boolean mask says
so: at chosen words of chosen sentences, for chosen units. The value is hard (0 or 1) or soft
(e.g. each unit's mean gate value at other words, an (H,) array). Comparing the answers with
and without the clamp asks what the gate *does*, not only what it looks like.
`clamped_predictions` runs many clamps in one batched forward pass.

Shapes: x (n, T, D) inputs (the embedded words); params {"kernel": (D, 4H),
"recurrent_kernel": (H, 4H), "bias": (4H,)}; clamp (n, T, H) boolean; value a scalar or an
array broadcastable to (n, T, H); h (n, H).
"""

from __future__ import annotations

import numpy as np

from lstm_course.numpy_nets.lstm import check_lstm_inputs
from lstm_course.numpy_nets.lstm_step import sigmoid, split_gates


def _check_clamp(clamp, value, shape, gate):
    clamp = np.asarray(clamp)
    if clamp.shape != shape or clamp.dtype != bool:
        raise ValueError(
            f"clamp must be a boolean {shape} array, got {clamp.dtype}{clamp.shape} ({gate} gate)"
        )
    value = np.asarray(value, dtype=np.float64)
    try:
        np.broadcast_shapes(value.shape, shape)
    except ValueError:
        raise ValueError(
            f"value must broadcast to {shape}, got shape {value.shape} ({gate} gate)"
        ) from None
    if value.size and (value.min() < 0.0 or value.max() > 1.0):
        raise ValueError(f"value must be a gate value in [0, 1] ({gate} gate), got {value}")
    return clamp, value


def forward_with_gates_clamped(
    x: np.ndarray, params: dict, forget=None, input_gate=None
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Run the LSTM over x with the forget and/or input gate set to given values where masked.

    Args:
        x: (n, T, D) inputs; params: the layer's weights as in `lstm_forward`.
        forget: None (no clamp) or (clamp, value): clamp (n, T, H) boolean, where to override
            the forget gate f; value, in [0, 1], a scalar or an array broadcastable to
            (n, T, H) (e.g. (H,): one value per unit). f = 1 keeps c_{t-1}, f = 0 erases it.
        input_gate: the same for the input gate i (i = 0 writes nothing at that step).

    Returns:
        h_T: (n, H) the last hidden state (what the classifier reads); gates: {"f", "i"}, each
        (n, T, H), the gates as used, clamped values included. Without clamps h_T is exactly
        `lstm_forward`'s final hidden state.
    """
    x, p, units = check_lstm_inputs(x, params)
    n, steps, _ = x.shape
    shape = (n, steps, units)
    dtype = np.result_type(x, p["kernel"])
    clamps = {}
    for gate, given in (("f", forget), ("i", input_gate)):
        if given is not None:
            clamp, value = _check_clamp(*given, shape, gate)
            clamps[gate] = (clamp, np.broadcast_to(value.astype(dtype), shape))
    h = np.zeros((n, units), dtype)
    c = np.zeros((n, units), dtype)
    used = {"f": np.empty(shape, dtype), "i": np.empty(shape, dtype)}
    for t in range(steps):
        z = x[:, t] @ p["kernel"] + h @ p["recurrent_kernel"] + p["bias"]
        z_i, z_f, z_g, z_o = split_gates(z).values()  # Keras's block order i, f, g, o
        gates = {"i": sigmoid(z_i), "f": sigmoid(z_f)}
        for gate, (clamp, value) in clamps.items():
            gates[gate] = np.where(clamp[:, t], value[:, t], gates[gate])
        c = gates["f"] * c + gates["i"] * np.tanh(z_g)
        h = sigmoid(z_o) * np.tanh(c)
        for gate in used:
            used[gate][:, t] = gates[gate]
    return h, used


def forward_with_forget_clamped(
    x: np.ndarray, params: dict, clamp: np.ndarray | None = None, value: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Run the LSTM over x with f set to `value` where `clamp` is True.

    The forget gate alone of `forward_with_gates_clamped`. Args: x (n, T, D); params as in
    `lstm_forward`; clamp (n, T, H) boolean or None (nowhere); value in [0, 1], a scalar or
    broadcastable to (n, T, H). Returns h_T (n, H) and the forget gate as used (n, T, H).
    """
    if clamp is None:
        h, gates = forward_with_gates_clamped(x, params)
    else:
        h, gates = forward_with_gates_clamped(x, params, forget=(clamp, value))
    return h, gates["f"]


def clamped_predictions(
    x: np.ndarray, params: dict, readout: tuple[np.ndarray, np.ndarray], conditions: list[dict]
) -> np.ndarray:
    """The classifier's answers under many clamps, in one batched forward pass.

    Args:
        x: (n, T, D) inputs; params: the LSTM's weights as in `lstm_forward`.
        readout: (kernel (H, K), bias (K,)) of the Dense layer reading h_T.
        conditions: a list of clamps, each {} (no clamp) or a dict with keys "f" and/or "i",
            each (steps, units, value): steps (n, T) boolean, the words; units (H,) boolean, the
            units; value a scalar or (H,) array in [0, 1].

    Returns:
        (len(conditions), n) the predicted class of every sentence under every condition.
    """
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError(f"x must be (n, T, D), got {x.shape}")
    if not conditions:
        raise ValueError("conditions must hold at least one clamp ({} for none)")
    n, steps, _ = x.shape
    units = np.asarray(params["recurrent_kernel"]).shape[0]
    masks = {g: np.zeros((len(conditions), n, steps, units), bool) for g in ("f", "i")}
    values = {g: np.zeros((len(conditions), 1, units)) for g in ("f", "i")}
    for k, condition in enumerate(conditions):
        unknown = set(condition) - {"f", "i"}
        if unknown:
            raise ValueError(f"a condition's keys are 'f' and 'i', got {sorted(unknown)}")
        for gate, (where, which, value) in condition.items():
            where, which = np.asarray(where), np.asarray(which)
            if where.shape != (n, steps) or where.dtype != bool:
                raise ValueError(f"steps must be a boolean ({n}, {steps}) array, got {where.shape}")
            if which.shape != (units,) or which.dtype != bool:
                raise ValueError(f"units must be a boolean ({units},) array, got {which.shape}")
            masks[gate][k] = where[:, :, None] & which
            values[gate][k] = np.broadcast_to(value, (units,))
    batch = np.broadcast_to(x, (len(conditions), *x.shape)).reshape(-1, *x.shape[1:])
    shape = (len(conditions) * n, steps, units)
    h, _ = forward_with_gates_clamped(
        batch,
        params,
        forget=(masks["f"].reshape(shape), np.repeat(values["f"], n, axis=0)),
        input_gate=(masks["i"].reshape(shape), np.repeat(values["i"], n, axis=0)),
    )
    kernel, bias = readout
    return np.argmax(h @ kernel + bias, axis=1).reshape(len(conditions), n)


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
