"""Lesson 11: what one generated step costs, counted exactly from a Keras model's layer shapes.

Introduced in notebooks/11_where_the_lstm_stands.ipynb. A model that reads (or writes) a
stream one step at a time does, at step t (1-based: t steps seen, this one included):

- multiply-adds: every product of the step's vector with a weight matrix (a kernel of shape
  (a, b) costs a * b), plus, in attention, the scores q . k_j and the weighted sum of the v_j
  over the t cached positions (2 * heads * key_dim * t with value_dim == key_dim). Element-wise
  work (activations, softmax, layer norm, additions) is not counted: it is O(width) per step for
  both kinds of model, apart from attention's t exponentials.
- state kept between steps, in floats: an LSTM keeps h and c (2 * units), whatever t is;
  attention keeps the key and value of every step so far (2 * heads * key_dim * t).

Counted layers: Embedding (a lookup, 0), Dense, LSTM, MultiHeadAttention; Rescaling,
LayerNormalization, the position code, Add and slicing cost no multiply-adds.
Any other layer raises ValueError.
"""

from __future__ import annotations

FREE = (
    *("InputLayer", "LayerNormalization", "SinusoidalPositions", "Add", "GetItem", "Embedding"),
    "Rescaling",
)


def _shape(weight) -> tuple[int, ...]:
    return tuple(int(n) for n in weight.shape)


def _product(shape: tuple[int, ...]) -> int:
    out = 1
    for n in shape:
        out *= n
    return out


def layer_step_cost(layer, t: int) -> tuple[int, int]:
    """(multiply-adds, floats of state) of one Keras layer at step t (t >= 1)."""
    kind = type(layer).__name__
    if kind in FREE:
        return 0, 0
    if kind == "Dense":
        return _product(_shape(layer.kernel)), 0
    if kind == "LSTM":
        cell = layer.cell
        macs = _product(_shape(cell.kernel)) + _product(_shape(cell.recurrent_kernel))
        return macs, 2 * cell.units
    if kind == "MultiHeadAttention":
        dense = (layer.query_dense, layer.key_dense, layer.value_dense, layer.output_dense)
        projections = sum(_product(_shape(d.kernel)) for d in dense)
        heads, key_dim, value_dim = layer.num_heads, layer.key_dim, layer.value_dim
        per_position = heads * (key_dim + value_dim)  # q . k_j, then a_j * v_j
        return projections + per_position * t, per_position * t
    raise ValueError(f"step_cost counts Embedding, Dense, LSTM and MultiHeadAttention, not {kind}")


def step_cost(model, t: int) -> dict[str, int]:
    """{"macs": multiply-adds, "state": floats kept} of `model` (a built keras.Model) at step t.

    t: 1-based, the number of steps seen so far, this one included.
    """
    if not isinstance(t, int) or isinstance(t, bool) or t < 1:
        raise ValueError(f"t must be an int >= 1 (steps seen, this one included), got {t!r}")
    macs = state = 0
    for layer in model.layers:
        m, s = layer_step_cost(layer, t)
        macs, state = macs + m, state + s
    return {"macs": macs, "state": state}
