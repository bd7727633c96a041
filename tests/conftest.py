"""Shared test set-up: quiet TensorFlow before any test imports it; float64 Keras helpers."""

import pytest

from lstm_course.notebook_setup import import_tensorflow_quietly, limit_blas_threads

tf = import_tensorflow_quietly()
limit_blas_threads(1)


@pytest.fixture
def rng():
    import numpy as np

    return np.random.default_rng(1234)
