"""Lesson 10: the adding problem, add the two marked numbers of a long sequence.

Introduced in notebooks/10_long_memory_benchmark.ipynb.
"""

from __future__ import annotations

import numpy as np


def adding_problem(n: int, steps: int, seed: int = 0, dtype=np.float32):
    """The adding problem (Hochreiter & Schmidhuber, NIPS 1996 and Neural Computation 1997), in
    the form of Arjovsky, Shah & Bengio (ICML 2016).

    Each step carries a value uniform in [0, 1] (feature 0) and a marker (feature 1). Exactly
    two steps are marked: one in the first half, one in the second half of the sequence. The
    target is the sum of the two marked values. Predicting the constant 1.0 gives an expected
    MSE of Var(U1 + U2) = 1/6 ~ 0.167.

    Returns:
        x: (n, steps, 2) inputs; y: (n,) targets.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    if steps < 2:
        raise ValueError(f"steps must be >= 2 so that two steps can be marked, got {steps}")
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 1.0, (n, steps))
    half = steps // 2
    first = rng.integers(0, half, n)
    second = rng.integers(half, steps, n)
    markers = np.zeros((n, steps))
    rows = np.arange(n)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    x = np.stack([values, markers], axis=-1).astype(dtype)
    y = (values[rows, first] + values[rows, second]).astype(dtype)
    return x, y
