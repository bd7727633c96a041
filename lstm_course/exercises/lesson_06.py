"""Lesson 06: the checks of exercises 6.1 (an LSTM layer's parameter count) and 6.2 (a masked
bidirectional model).

keras.layers.LSTM(H) on D features has kernel (D, 4H), recurrent_kernel (H, 4H), bias (4H,):
4 (D H + H H + H) parameters. Padding id 0 is skipped when the Embedding has mask_zero=True.
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import Hint, Mistake, call, compare, exercise, learners_code

FOUR_BLOCKS = (
    "an LSTM has 4 blocks (i, f, g, o): kernel (D, 4H), recurrent_kernel (H, 4H), bias (4H,)"
)


def lstm_param_count(d, h):
    """Reference of 6.1: 4 * (D * H + H * H + H)."""
    return 4 * (d * h + h * h + h)


COUNT_MISTAKES = (
    Mistake(
        "the biases are missing: each of the 4 gates has H of them",
        lambda d, h: 4 * (d * h + h * h),
    ),
    Mistake(FOUR_BLOCKS, lambda d, h: 3 * (d * h + h * h + h)),
    Mistake(FOUR_BLOCKS, lambda d, h: d * h + h * h + h),
    Mistake(
        "the recurrent kernel is (H, 4H): H * H per gate",
        lambda d, h: 4 * (d * h + h),
    ),
    Mistake(
        "Keras's LSTM has one bias (4H,), not two (cuDNN and PyTorch keep an input and a "
        "recurrent bias)",
        lambda d, h: 4 * (d * h + h * h + 2 * h),
    ),
)


@exercise("6.1", "parameter count of an LSTM layer", lstm_param_count, COUNT_MISTAKES)
def check_lstm_param_count(answer, ex):
    for d, h in ((8, 16), (1, 1), (30, 7)):
        compare(
            call(answer, d, h),
            ex.reference(d, h),
            f"count for D={d}, H={h}",
            ex.wrong_outputs(d, h),
        )


def _model(mask_zero=True, bidirectional=True, merge_mode="concat", return_sequences=False):
    """A model builder; the flags make the realistic wrong answers of 6.2."""

    def build_model(vocab_size, units):
        import keras

        lstm = keras.layers.LSTM(units, return_sequences=return_sequences)
        return keras.Sequential(
            [
                keras.Input((None,), dtype="int32"),
                keras.layers.Embedding(vocab_size, 8, mask_zero=mask_zero),
                keras.layers.Bidirectional(lstm, merge_mode=merge_mode) if bidirectional else lstm,
            ]
        )

    return build_model


BIDIRECTIONAL = "wrap the LSTM in keras.layers.Bidirectional"
FEATURES = "the output should have 2 * units = 8 features (both directions, concatenated)"
FINAL = "return the final states (batch, 2 * units): leave return_sequences=False"
MASK = (
    "padding changes the output: set mask_zero=True in the Embedding so the padded steps "
    "(id 0) are skipped in both directions"
)
MODEL_MISTAKES = (
    Mistake(BIDIRECTIONAL, _model(bidirectional=False), False),
    Mistake(FEATURES, _model(merge_mode="sum"), False),
    Mistake(FINAL, _model(return_sequences=True), False),
    Mistake(MASK, _model(mask_zero=False), False),
)


@exercise("6.2", "a masked bidirectional model", _model(), MODEL_MISTAKES)
def check_masked_bidirectional(answer, ex):
    import keras

    model = call(answer, 20, 4)
    ids = np.array([[3, 7, 1, 9, 0, 0, 0]])
    with learners_code():
        layers = list(model.layers)
        out_padded = np.asarray(model(ids))
        out_short = np.asarray(model(ids[:, :4]))
    if not any(isinstance(layer, keras.layers.Bidirectional) for layer in layers):
        raise Hint(BIDIRECTIONAL)
    if out_padded.ndim == 3:
        raise Hint(FINAL, f"; yours returns {out_padded.shape}")
    if out_padded.shape != (1, 8):
        raise Hint(FEATURES, f"; got {out_padded.shape}")
    if not np.allclose(out_padded, out_short, atol=1e-5):
        raise Hint(MASK)
