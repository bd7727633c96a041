"""Lesson 08: solutions to the exercises of notebooks/08_time_series_forecasting.ipynb."""

import numpy as np


def recursive_forecast(predict, window, last_level, future_calendar, mu, sd):
    """Exercise 8.1: levels (horizon,) in ppm forecast by feeding each predicted scaled change
    back into the window (W, 1 + C); future_calendar (horizon, C) is the forecast weeks'."""
    level, levels = float(last_level), []
    for calendar_row in future_calendar:
        z = predict(window)  # the next week's scaled change
        level = level + z * sd + mu  # unscale it and add it to the previous level
        levels.append(level)
        new_row = np.concatenate([[z], calendar_row])  # that week, as the model reads it
        window = np.vstack([window[1:], new_row])  # drop the oldest week
    return np.array(levels)


def make_windows(series, window):
    """Exercise 8.2: (n - window, window) windows and the value right after each."""
    n = len(series) - window
    return np.stack([series[i : i + window] for i in range(n)]), series[window:]
