"""Shared test set-up: quiet TensorFlow before any test imports it; float64 Keras helpers."""

import pytest

from lstm_course.notebook_setup import import_tensorflow_quietly

tf = import_tensorflow_quietly()


@pytest.fixture
def rng():
    import numpy as np

    return np.random.default_rng(1234)
