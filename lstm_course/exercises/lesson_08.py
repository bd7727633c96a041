"""Lesson 08: the checks of exercises 8.1 (the recursive forecast) and 8.2 (windows and targets).

8.1: a window (W, 1 + C) holds the scaled weekly change z in column 0 and C calendar features;
`predict(window)` gives the next week's z; each forecast level is the previous one plus
z * sd + mu, and the window moves on by one row [z, that week's calendar]. The reference is
`lstm_course.datasets.co2.recursive_forecast`.
8.2: a window of `window` values is paired with the value right after it.
"""

from __future__ import annotations

import numpy as np

from lstm_course.datasets.co2 import recursive_forecast
from lstm_course.exercises.engine import Hint, Mistake, call, compare, exercise, rng

ONE_WINDOW = (
    "predict takes one window (W, 1 + C) and returns a float: pass `window`, not a batch "
    "window[None] (the lesson's predict adds the batch axis for Keras itself)"
)


def forecast_with(feed="z", unscale=True, slide=True, accumulate=True, calendar="new", batch=False):
    """A recursive forecast made with one of the realistic mistakes (defaults: the right one).

    feed: what goes into the new row's column 0, "z" or "level"; unscale: level += z * sd + mu
    (else += z); slide: drop the oldest row (False: the window grows; None: it never moves);
    accumulate: add to the previous forecast (else to the last measured level); calendar: the
    new row's calendar, "new" (the forecast week's) or "old" (the last row's again); batch:
    call predict on window[None].
    """

    def forecast(predict, window, last_level, future_calendar, mu, sd):
        level, out = float(last_level), []
        for calendar_row in future_calendar:
            z = float(predict(window[None] if batch else window))
            change = z * sd + mu if unscale else z
            level = (level if accumulate else float(last_level)) + change
            out.append(level)
            cal = calendar_row if calendar == "new" else window[-1, 1:]
            new_row = np.concatenate([[z if feed == "z" else level], cal])
            if slide is True:
                window = np.vstack([window[1:], new_row])
            elif slide is False:
                window = np.vstack([window, new_row])
        return np.array(out)

    return forecast


FORECAST_MISTAKES = (
    Mistake(
        "feed back the scaled change z (what the model predicts and reads in column 0), "
        "not the level in ppm",
        forecast_with(feed="level"),
    ),
    Mistake(
        "unscale the predicted change before adding it to the level: change = z * sd + mu",
        forecast_with(unscale=False),
    ),
    Mistake(
        "the window must keep W rows: drop the oldest row when you append the new one",
        forecast_with(slide=False),
    ),
    Mistake(
        "the window never moves: after each prediction append [z, that week's calendar] and "
        "drop the oldest row",
        forecast_with(slide=None),
    ),
    Mistake(
        "each week's change adds to the previous forecast, not to the last measured level: "
        "the levels accumulate",
        forecast_with(accumulate=False),
    ),
    Mistake(
        "off by one in the calendar: the new row carries the calendar of the week just "
        "forecast, future_calendar[step], not the previous week's",
        forecast_with(calendar="old"),
    ),
    Mistake(ONE_WINDOW, forecast_with(batch=True), False),
)


def _fixed_predict(window):
    """A stand-in for the trained model: a fixed function of the whole (W, 3) window."""
    window = np.asarray(window)
    if window.ndim != 2:
        raise Hint(ONE_WINDOW, f" (predict got shape {window.shape})")
    weights = np.linspace(-0.2, 0.4, len(window))
    return float(
        0.5 * np.tanh(weights @ window[:, 0]) + 0.3 * window[-1, 1] - 0.2 * window[:, 2].mean()
    )


@exercise("8.1", "the recursive forecast", recursive_forecast, FORECAST_MISTAKES)
def check_recursive_forecast(answer, ex):
    r = rng()
    args = (_fixed_predict, r.normal(size=(5, 3)), 360.0, r.uniform(-1, 1, size=(6, 2)), 0.02, 0.5)
    compare(
        call(answer, *args),
        ex.reference(*args),
        "the forecast levels (horizon,)",
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
