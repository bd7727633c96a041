"""Lesson 08: the checks of exercises 8.1 (the seasonal-naive forecast) and 8.2 (windows and
targets).

The seasonal-naive forecast of y[t] is y[t - season]; a window of `window` values is paired with
the value right after it.
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import Hint, Mistake, call, compare, exercise


def seasonal_naive(y, season):
    """Reference of 8.1: the forecasts for y[season:], y[t - season] each."""
    return y[:-season]


NAIVE_MISTAKES = (
    Mistake(
        "off by one: the forecast for step t is y[t - season]",
        lambda y, s: y[1 : len(y) - s + 1],
    ),
    Mistake(
        "that is the naive (last value) forecast; use the value one season earlier",
        lambda y, s: y[s - 1 : -1],
    ),
    Mistake(
        "those are the actual values y[season:], the targets; the forecast for y[t] is "
        "y[t - season], one season earlier",
        lambda y, s: y[s:],
    ),
)


@exercise("8.1", "the seasonal-naive forecast", seasonal_naive, NAIVE_MISTAKES)
def check_seasonal_naive(answer, ex):
    args = (np.arange(20.0) ** 1.5, 6)
    compare(
        call(answer, *args),
        ex.reference(*args),
        "the forecasts for y[season:]",
        ex.wrong_outputs(*args),
    )


def make_windows(series, window):
    """Reference of 8.2: windows (n - window, window) and the value after each (n - window,)."""
    n = len(series) - window
    return np.stack([series[i : i + window] for i in range(n)]), series[window:]


def _windows_and(targets):
    def wrong(series, window):
        return make_windows(series, window)[0], targets(series, window)

    return wrong


PAIR = "return the pair (windows, targets)"
WINDOW_MISTAKES = (
    Mistake(PAIR, lambda series, window: make_windows(series, window)[0], False),
    Mistake(
        "return (windows, targets) in that order, windows first",
        lambda series, window: make_windows(series, window)[::-1],
    ),
    Mistake(
        "one window too many: the last window has no value after it (n - window windows)",
        lambda series, window: (
            np.lib.stride_tricks.sliding_window_view(series, window),
            series[window:],
        ),
    ),
    Mistake(
        "off by one: the target is the value AFTER the window, not its last value",
        _windows_and(lambda series, window: series[window - 1 : -1]),
    ),
)


@exercise("8.2", "windows and targets", make_windows, WINDOW_MISTAKES)
def check_make_windows(answer, ex):
    args = (np.arange(10.0) ** 2, 3)
    got = call(answer, *args)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Hint(PAIR)
    want_x, want_y = ex.reference(*args)
    compare(got[0], want_x, "windows", ex.wrong_outputs(*args, pick=lambda v: v[0]))
    compare(got[1], want_y, "targets", ex.wrong_outputs(*args, pick=lambda v: v[1]))
