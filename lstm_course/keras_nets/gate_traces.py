"""Lesson 05: every gate and state of a trained Keras LSTM layer at every step.

The Keras twin of `lstm_course.numpy_nets.lstm.gate_traces`, with the same keys `TRACE_KEYS` =
(i, f, g, o, c, c_prev, h) and arrays (batch, time, H). A `keras.layers.LSTM` outputs h only; an
`RNN(LSTMCell(H, return_gates=True))` (`lstm_course.keras_nets.cell`) given the layer's weights
outputs all seven. Used in lessons 05 and 06.

Masks (`Embedding(mask_zero=True)`, `Masking`, or `mask=`) are applied as the layer applies them:
at a masked step the layer does not step, it carries c and h over. The traces show exactly that:
at masked steps c == c_prev == the carried cell state, h == the carried hidden state, and the
gates i, f, g, o, which the layer does not compute there, are NaN. At the other steps
c == f * c_prev + i * g and h == o * tanh(c), with c_prev the state the step read.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

from lstm_course.keras_nets.cell import LSTMCell
from lstm_course.numpy_nets.lstm import GATES, TRACE_KEYS

_LSTM_CELLS = (LSTMCell, keras.layers.LSTMCell)


def _is_lstm_rnn(layer) -> bool:
    return isinstance(layer, keras.layers.RNN) and isinstance(layer.cell, _LSTM_CELLS)


def _find_lstm_layer(model: keras.Model, layer: str | None):
    if layer is not None:
        found = model.get_layer(layer)  # raises ValueError for an unknown name
        if not _is_lstm_rnn(found):
            raise ValueError(
                f"layer {layer!r} is a {type(found).__name__}, not a keras.layers.LSTM "
                "or an RNN over an LSTM cell"
            )
        return found
    candidates = [lay for lay in model.layers if _is_lstm_rnn(lay)]
    if len(candidates) != 1:
        names = [lay.name for lay in candidates]
        raise ValueError(
            f"the model must hold exactly one LSTM layer at its top level, found {names}; "
            "pass layer='name' to choose one (a Bidirectional's halves: pass the layer "
            "itself, e.g. model.get_layer('bidirectional').forward_layer)"
        )
    return candidates[0]


def _layer_input(model: keras.Model, rnn, x):
    """The LSTM layer's input sequence and its mask (None without one), for the model input x."""
    try:
        inputs = model.inputs
        if isinstance(inputs, (list, tuple)) and len(inputs) == 1:
            inputs = inputs[0]  # a single input, not a list, or Keras warns on calling
        upstream = keras.Model(inputs, rnn.input)  # [sequence, mask] when a mask reaches it
    except (AttributeError, ValueError) as err:
        raise ValueError(
            f"cannot find the input of layer {rnn.name!r}: build the model first "
            f"(call it once or give it a keras.Input) ({err})"
        ) from err
    found = upstream(x, training=False)
    if not isinstance(found, (list, tuple)):
        return found, None
    sequences = [t for t in found if len(t.shape) == 3]
    masks = [t for t in found if len(t.shape) == 2 and "bool" in str(t.dtype)]
    if len(sequences) != 1 or len(sequences) + len(masks) != len(found):
        raise ValueError(
            f"layer {rnn.name!r} is called with {len(found)} tensors (initial states?); "
            "only a sequence and its mask are supported"
        )
    return sequences[0], masks[0] if masks else None


def keras_gate_traces(
    model_or_layer: keras.Model | keras.layers.Layer, x, layer: str | None = None, mask=None
) -> dict[str, np.ndarray]:
    """Every gate and state of an LSTM layer at every step, for the inputs `x`.

    Works on a `keras.layers.LSTM`, or a `keras.layers.RNN` over
    `lstm_course.keras_nets.cell.LSTMCell` or `keras.layers.LSTMCell`, alone or inside a built
    functional/Sequential model. A twin `RNN(LSTMCell(H, return_gates=True))` gets the layer's
    weights and reads the layer's input; nothing is trained or changed. Initial states are zeros,
    inference mode (no dropout).

    Args:
        model_or_layer: the LSTM layer itself (then `x` is its input, (batch, time, D)), or a
            model (then `x` is the model's input, e.g. token ids (batch, time), and the layer's
            input and mask are computed by the layers before it).
        x: the inputs, as described above.
        layer: name of the LSTM layer when a model holds more than one.
        mask: optional (batch, time) booleans, True where a step is real, for a layer alone
            (default: the mask `x` carries, if it is the output of e.g. an
            `Embedding(mask_zero=True)`); a model computes its own mask.

    Returns:
        {"i", "f", "g", "o", "c", "c_prev", "h"} (`TRACE_KEYS`), each a NumPy array
        (batch, time, H): input, forget, output gates, candidate g, cell state c_t, the cell
        state c_{t-1} the step read, hidden state h_t (the layer's output). At masked steps the
        gates are NaN and c, c_prev, h hold the carried states (see the module docstring).

    Raises:
        ValueError: no (or more than one) LSTM layer, `go_backwards=True`, inputs or mask of
            the wrong shape, or a mask given with a model.

    Example:

    >>> lstm = keras.layers.LSTM(3)
    >>> traces = keras_gate_traces(lstm, np.ones((2, 5, 4), "float32"))
    >>> sorted(traces) == sorted(TRACE_KEYS), traces["g"].shape
    (True, (2, 5, 3))
    """
    if _is_lstm_rnn(model_or_layer):
        rnn, features = model_or_layer, x
        if mask is None:  # the mask an Embedding(mask_zero=True)'s output carries, if any
            mask = getattr(x, "_keras_mask", None)
    elif isinstance(model_or_layer, keras.Model):
        if mask is not None:
            raise ValueError("mask= is for a layer alone: a model computes its own mask")
        rnn = _find_lstm_layer(model_or_layer, layer)
        features, mask = _layer_input(model_or_layer, rnn, x)
    else:
        raise ValueError(
            "model_or_layer must be a keras.Model, a keras.layers.LSTM or a keras.layers.RNN "
            f"over an LSTM cell, got {type(model_or_layer).__name__}"
        )
    if rnn.go_backwards:
        raise ValueError("layers with go_backwards=True are not supported")
    features = ops.convert_to_tensor(features, dtype=rnn.cell.compute_dtype)
    if len(features.shape) != 3:
        raise ValueError(f"the LSTM's input must be (batch, time, D), got {features.shape}")
    if not rnn.built:
        rnn.build(features.shape)  # a fresh layer: its initial weights
    kernel = rnn.cell.kernel
    if features.shape[-1] != kernel.shape[0]:
        raise ValueError(
            f"the LSTM's input has {features.shape[-1]} features, its kernel expects "
            f"{kernel.shape[0]} (kernel (D, 4H))"
        )
    if mask is not None:
        mask = ops.convert_to_tensor(mask, dtype="bool")
        if tuple(mask.shape) != tuple(features.shape[:2]):
            raise ValueError(
                f"mask must be (batch, time) = {tuple(features.shape[:2])}, got {mask.shape}"
            )
    source = rnn.cell
    twin = keras.layers.RNN(
        LSTMCell(
            source.units,
            activation=source.activation,
            recurrent_activation=source.recurrent_activation,
            use_bias=source.use_bias,
            return_gates=True,
            dtype=source.dtype_policy,
        ),
        return_sequences=True,
        zero_output_for_mask=False,  # a masked step outputs the previous step's output
        dtype=source.dtype_policy,
    )
    twin.build(features.shape)
    twin.cell.set_weights(source.get_weights())
    y = ops.convert_to_numpy(twin(features, mask=mask, training=False))  # (batch, time, 7H)
    traces = dict(zip(TRACE_KEYS, np.split(y, len(TRACE_KEYS), axis=-1), strict=True))
    if mask is not None:
        skipped = ~ops.convert_to_numpy(mask)  # (batch, time): steps the layer did not take
        for key in GATES:
            traces[key][skipped] = np.nan  # not computed at masked steps
        # a masked step output the previous step's blocks (zeros before the first real step):
        # its c and h are the carried states, and the state it "read" is that same c
        traces["c_prev"][skipped] = traces["c"][skipped]
    return traces
