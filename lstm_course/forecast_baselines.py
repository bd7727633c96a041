"""Lesson 08: forecasts that need no training, from any starting week and any horizon.

A forecast starts at an origin o (the first week it forecasts; everything before o is known)
and covers the weeks t = o, o + 1, ..., o + horizon - 1. One week ahead is horizon 1 from
every test week; the 52-week forecast is horizon 52 from several origins. Each baseline here
returns an array (origins, horizon) of levels:

- naive: the last known level, held flat, y[o - 1];
- seasonal naive: the same week a year earlier, y[t - 52];
- seasonal naive + drift: y[t - 52] plus the growth of the last known year,
  y[o - 1] - y[o - 53];
- naive + seasonal change: the last known level plus, for each week ahead, the average weekly
  change of that week of the year in the training years (`seasonal_mean_change`).

A season of 52 weeks is used throughout (a year is 52.18 weeks; the lesson's horizon is 52).
Introduced in notebooks/08_time_series_forecasting.ipynb.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SEASON = 52  # weeks in the seasonal baselines' year


def week_of_year(dates: pd.DatetimeIndex) -> np.ndarray:
    """(weeks,) int in 0..51: (day of year - 1) // 7, with day 365-366 folded into week 51."""
    if not isinstance(dates, pd.DatetimeIndex):
        raise ValueError(f"dates must be a pandas DatetimeIndex, got {type(dates).__name__}")
    return np.minimum((dates.day_of_year.to_numpy() - 1) // 7, SEASON - 1)


def seasonal_mean_change(change: np.ndarray, week: np.ndarray, weeks: slice) -> np.ndarray:
    """(52,) the mean weekly change of each week of the year over the weeks in `weeks` only.

    change: (n,) with change[t] = y[t] - y[t - 1]; week: (n,) from `week_of_year`; weeks: the
    weeks to average over (the training years, e.g. slice(1, train_end)). Every week of the
    year must occur in them.
    """
    change, week = np.asarray(change, dtype=np.float64), np.asarray(week)
    if change.ndim != 1 or change.shape != week.shape:
        raise ValueError(f"change and week must both be (n,), got {change.shape}, {week.shape}")
    part_change, part_week = change[weeks], week[weeks]
    if np.isnan(part_change).any():
        raise ValueError("change has NaN in the weeks to average (start after week 0)")
    counts = np.bincount(part_week, minlength=SEASON)
    if len(counts) != SEASON or (counts == 0).any():
        raise ValueError("every week of the year 0..51 must occur in the weeks to average")
    return np.bincount(part_week, weights=part_change, minlength=SEASON) / counts


def baseline_forecasts(
    y: np.ndarray,
    origins: np.ndarray,
    horizon: int,
    week: np.ndarray,
    mean_change: np.ndarray,
) -> dict[str, np.ndarray]:
    """The four baselines' levels from each origin: name -> (origins, horizon).

    y: (n,) levels; origins: (B,) first forecast weeks, each with 53 known weeks before it and
    o + horizon <= n; horizon: 1..52; week: (n,) from `week_of_year`; mean_change: (52,) from
    `seasonal_mean_change` (fitted on the training years).
    """
    y, origins = np.asarray(y, dtype=np.float64), np.asarray(origins)
    if y.ndim != 1 or np.shape(week) != y.shape or np.shape(mean_change) != (SEASON,):
        raise ValueError(
            f"y and week must be (n,) and mean_change ({SEASON},), got {y.shape}, "
            f"{np.shape(week)}, {np.shape(mean_change)}"
        )
    if not 1 <= horizon <= SEASON:
        raise ValueError(f"horizon must be in 1..{SEASON}, got {horizon}")
    if origins.ndim != 1 or origins.min() < SEASON + 1 or origins.max() + horizon > len(y):
        raise ValueError(
            f"origins must be (B,) with {SEASON + 1} <= o and o + horizon <= {len(y)}, "
            f"got {origins.min()}..{origins.max()} for horizon {horizon}"
        )
    t = origins[:, None] + np.arange(horizon)  # (B, horizon) the forecast weeks
    last = y[origins - 1][:, None]  # (B, 1)
    last_year_growth = (y[origins - 1] - y[origins - 1 - SEASON])[:, None]
    return {
        "naive": np.repeat(last, horizon, axis=1),
        "seasonal naive": y[t - SEASON],
        "naive + seasonal change": last + np.cumsum(np.asarray(mean_change)[week[t]], axis=1),
        "seasonal naive + drift": y[t - SEASON] + last_year_growth,
    }
