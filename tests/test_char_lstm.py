"""Lesson 09's character LSTM as the package holds it (lstm_course.char_lstm); that the lesson's
own cells equal it is tests/test_notebook_code.py's check."""

import numpy as np
import pytest

from lstm_course import char_lstm
from lstm_course.notebook_setup import import_tensorflow_quietly


def test_streams_cut_the_text_into_rows_with_targets_one_later():
    ids = np.arange(23)
    x, y = char_lstm.streams(ids, 4)
    assert x.shape == y.shape == (4, 5)  # (23 - 1) // 4 = 5 characters a row, 2 dropped
    np.testing.assert_array_equal(x[1], [5, 6, 7, 8, 9])  # consecutive pieces
    np.testing.assert_array_equal(y, x + 1)
    with pytest.raises(ValueError, match="at least n_streams"):
        char_lstm.streams(ids[:4], 4)


def test_target_bits_is_the_cross_entropy_in_bits():
    logits = np.log(np.array([[0.5, 0.25, 0.25], [0.125, 0.125, 0.75]]))
    np.testing.assert_allclose(char_lstm.target_bits(logits, np.array([0, 1])), [1.0, 3.0])


def test_training_on_a_repeated_text_lowers_its_bits_and_counts_updates():
    import_tensorflow_quietly()
    import keras

    ids = np.tile(np.array([0, 1, 2, 3, 2, 1]), 60)  # a period-6 text over 4 characters
    x, y = char_lstm.streams(ids, 4)  # (4, 89)
    keras.utils.set_random_seed(0)
    model = char_lstm.build_char_lstm(4, units=8, embed=3)
    h, c = char_lstm.zero_state(model, 4)
    assert h.shape == c.shape == (4, 8)
    before = char_lstm.bits_per_char(model, x, y)
    optimizer = keras.optimizers.Adam(learning_rate=0.05, clipnorm=1.0)
    assert char_lstm.train_rounds(model, optimizer, x, y, window=10, rounds=3) == 3 * 8
    after = char_lstm.bits_per_char(model, x, y)
    assert abs(before - 2.0) < 0.1 and after < 0.5, (before, after)  # from log2 4 to nearly known
    with pytest.raises(ValueError, match="no window of 100"):
        char_lstm.train_rounds(model, optimizer, x, y, window=100, rounds=1)
