"""Lesson 09's character LSTM as the package holds it (lstm_course.keras_nets.char_lstm); that the
lesson's own cells equal it is tests/test_notebook_code.py's check."""

import numpy as np
import pytest

from lstm_course.course.setup import import_tensorflow_quietly
from lstm_course.keras_nets import char_lstm


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


def _small_model(dropout=0.0, seed=0):
    import_tensorflow_quietly()
    import keras

    keras.utils.set_random_seed(seed)
    return char_lstm.build_char_lstm(4, units=8, embed=3, dropout=dropout)


def test_dropout_acts_in_training_only_and_is_refused_out_of_range():
    model = _small_model(dropout=0.5)
    x = np.tile(np.arange(4), (2, 5))
    h, c = char_lstm.zero_state(model, 2)
    assert "dropout" in [layer.name for layer in model.layers]
    eval_1, eval_2 = (np.asarray(model([x, h, c], training=False)[0]) for _ in range(2))
    np.testing.assert_array_equal(eval_1, eval_2)  # no dropout when scoring
    train = np.asarray(model([x, h, c], training=True)[0])
    assert np.abs(train - eval_1).max() > 1e-3  # some outputs dropped in training
    assert "dropout" not in [layer.name for layer in _small_model(dropout=0.0).layers]
    with pytest.raises(ValueError, match=r"dropout must be in \[0, 1\)"):
        char_lstm.build_char_lstm(4, units=8, dropout=1.0)


def test_after_round_is_called_once_a_round():
    import keras

    model = _small_model()
    x, y = char_lstm.streams(np.tile(np.arange(4), 30), 4)
    seen = []
    optimizer = keras.optimizers.Adam(learning_rate=0.01)
    char_lstm.train_rounds(model, optimizer, x, y, window=10, rounds=3, after_round=seen.append)
    assert seen == [1, 2, 3]


def test_dynamic_evaluation_scores_before_it_learns_and_puts_the_weights_back():
    model = _small_model()
    ids = np.tile(np.array([0, 1, 2, 3, 2, 1]), 300)
    x, y = char_lstm.streams(ids, 4)  # (4, 449): 44 windows of 10, 9 characters a row not scored
    weights = [w.copy() for w in model.get_weights()]
    static = char_lstm.dynamic_eval_bits(model, x, y, window=10, learning_rate=0.0)
    windows = x[:, :440], y[:, :440]
    assert static == pytest.approx(char_lstm.bits_per_char(model, *windows), abs=1e-6)
    adapted = char_lstm.dynamic_eval_bits(model, x, y, window=10, learning_rate=3.0)
    assert adapted < static - 0.5  # a periodic text is learned while it is read
    for a, b in zip(model.get_weights(), weights, strict=True):
        np.testing.assert_array_equal(a, b)  # put back
    # The first window is scored with the weights as they were: its bits do not depend on
    # the learning rate, so a text of one window scores the same at every rate.
    one = x[:, :10], y[:, :10]
    assert char_lstm.dynamic_eval_bits(model, *one, 10, 5.0) == pytest.approx(
        char_lstm.dynamic_eval_bits(model, *one, 10, 0.0), abs=1e-6
    )
    with pytest.raises(ValueError, match="learning_rate must be >= 0"):
        char_lstm.dynamic_eval_bits(model, x, y, 10, -1.0)
