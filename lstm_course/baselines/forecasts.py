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

Two tuned baselines have settings to choose (on validation starts, in the lesson):

- anchored seasonal change (`anchored_seasonal_change`): naive + seasonal change, anchored on
  the mean of the last m weeks, each first carried forward to week o - 1 along the average
  seasonal path (so the anchor is a level estimate with the season taken out, less noisy than
  one week); m = 1 is naive + seasonal change; with `decay` < 1 the m weeks are weighted
  decay ** k (k = 0 for the last known week), an exponentially weighted anchor;
- harmonic regression (`harmonic_regression`): a polynomial trend plus yearly sine/cosine
  harmonics, fitted by least squares to the last weeks before the origin and extended.

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


def _check_origins(n: int, origins: np.ndarray, horizon: int, first: int) -> np.ndarray:
    """origins as an int array (B,), checked: first <= o and o + horizon <= n for every o."""
    origins = np.asarray(origins)
    if origins.ndim != 1 or len(origins) == 0 or not np.issubdtype(origins.dtype, np.integer):
        raise ValueError(f"origins must be a non-empty (B,) integer array, got {origins!r}")
    if horizon < 1:
        raise ValueError(f"horizon must be >= 1, got {horizon}")
    if origins.min() < first or origins.max() + horizon > n:
        raise ValueError(
            f"origins must satisfy {first} <= o and o + horizon <= {n}, "
            f"got {origins.min()}..{origins.max()} for horizon {horizon}"
        )
    return origins


def anchored_seasonal_change(
    y: np.ndarray,
    origins: np.ndarray,
    horizon: int,
    week: np.ndarray,
    mean_change: np.ndarray,
    anchor_weeks: int,
    decay: float = 1.0,
) -> np.ndarray:
    """(B, horizon) levels: naive + seasonal change anchored on the last `anchor_weeks` weeks.

    The average seasonal path is P[t] = sum of mean_change[week[j]] for j <= t (it carries the
    training years' mean drift and the season's shape). y[t] - P[t] is the level with that path
    taken out; its mean over the m = `anchor_weeks` weeks o - m .. o - 1 is the anchor, and the
    forecast of week t >= o is anchor + P[t]. Equivalently: each of the last m weeks is carried
    forward to week o - 1 along the path, the m estimates of y[o - 1] are averaged, and the path
    goes on from there. With m = 1 this is "naive + seasonal change" of `baseline_forecasts`.
    With decay < 1 the anchor is a weighted mean instead, week o - 1 - k weighted decay ** k
    (decay = 1, the default, is the plain mean).

    y: (n,) levels; origins: (B,) first forecast weeks, m <= o and o + horizon <= n;
    horizon >= 1; week: (n,) from `week_of_year`; mean_change: (52,) from
    `seasonal_mean_change`; anchor_weeks: m >= 1; decay: in (0, 1].
    Introduced in notebooks/08_time_series_forecasting.ipynb.
    """
    y = np.asarray(y, dtype=np.float64)
    week, mean_change = np.asarray(week), np.asarray(mean_change, dtype=np.float64)
    if y.ndim != 1 or week.shape != y.shape or mean_change.shape != (SEASON,):
        raise ValueError(
            f"y and week must be (n,) and mean_change ({SEASON},), got {y.shape}, "
            f"{week.shape}, {mean_change.shape}"
        )
    if not isinstance(anchor_weeks, (int, np.integer)) or anchor_weeks < 1:
        raise ValueError(f"anchor_weeks must be an integer >= 1, got {anchor_weeks!r}")
    if not 0 < decay <= 1:
        raise ValueError(f"decay must be in (0, 1], got {decay!r}")
    origins = _check_origins(len(y), origins, horizon, anchor_weeks)
    path = np.cumsum(mean_change[week])  # (n,) P
    known = origins[:, None] - 1 - np.arange(anchor_weeks)  # (B, m) the anchor's weeks
    residual = y[known] - path[known]
    if np.isnan(residual).any():
        raise ValueError("y has NaN in the anchor's weeks")
    weights = decay ** np.arange(anchor_weeks)  # (m,) 1 for the last known week
    anchor = (residual @ weights / weights.sum())[:, None]  # (B, 1)
    return anchor + path[origins[:, None] + np.arange(horizon)]


def harmonic_design(
    time: np.ndarray, origin_time: float, scale: float, harmonics: int, degree: int
) -> np.ndarray:
    """(len(time), degree + 1 + 2 * harmonics) regressors of `harmonic_regression`.

    Columns: ((time - origin_time) / scale) ** d for d = 0..degree, then sin and cos of
    2 pi k time for k = 1..harmonics (time in years, so a period of one year).
    """
    u = (np.asarray(time, dtype=np.float64) - origin_time) / scale
    columns = [u**d for d in range(degree + 1)]
    for k in range(1, harmonics + 1):
        angle = 2 * np.pi * k * np.asarray(time, dtype=np.float64)
        columns += [np.sin(angle), np.cos(angle)]
    return np.stack(columns, axis=1)


def harmonic_regression(
    y: np.ndarray,
    time: np.ndarray,
    origins: np.ndarray,
    horizon: int,
    *,
    harmonics: int,
    degree: int,
    fit_weeks: int,
) -> np.ndarray:
    """(B, horizon) levels: trend + yearly harmonics, fitted to the weeks before each origin.

    For each origin o, least squares fits y[t] for the `fit_weeks` weeks o - fit_weeks .. o - 1
    with a polynomial of `degree` in time plus `harmonics` sine/cosine pairs of period one
    year (`harmonic_design`), and evaluates the fit at the weeks o .. o + horizon - 1. Only
    weeks before o are used, so the forecast is one that could be made at o.

    y: (n,) levels; time: (n,) the weeks' times in years (increasing); origins: (B,) with
    fit_weeks <= o and o + horizon <= n; horizon >= 1; harmonics >= 0; degree 0..3;
    fit_weeks > degree + 1 + 2 * harmonics (more weeks than coefficients).
    Introduced in notebooks/08_time_series_forecasting.ipynb.
    """
    y, time = np.asarray(y, dtype=np.float64), np.asarray(time, dtype=np.float64)
    if y.ndim != 1 or time.shape != y.shape:
        raise ValueError(f"y and time must both be (n,), got {y.shape}, {time.shape}")
    if np.any(np.diff(time) <= 0):
        raise ValueError("time must be increasing")
    if not (isinstance(harmonics, (int, np.integer)) and harmonics >= 0):
        raise ValueError(f"harmonics must be an integer >= 0, got {harmonics!r}")
    if not (isinstance(degree, (int, np.integer)) and 0 <= degree <= 3):
        raise ValueError(f"degree must be an integer in 0..3, got {degree!r}")
    n_coef = degree + 1 + 2 * harmonics
    if not (isinstance(fit_weeks, (int, np.integer)) and fit_weeks > n_coef):
        raise ValueError(
            f"fit_weeks must be an integer > {n_coef} (the number of coefficients), "
            f"got {fit_weeks!r}"
        )
    origins = _check_origins(len(y), origins, horizon, fit_weeks)
    out = np.empty((len(origins), horizon))
    scale = max(time[fit_weeks - 1] - time[0], 1e-12)  # the fitting window's length in years
    for b, o in enumerate(origins):
        known = slice(o - fit_weeks, o)
        if np.isnan(y[known]).any():
            raise ValueError(f"y has NaN in the weeks fitted for origin {o}")
        fit_x = harmonic_design(time[known], time[o], scale, harmonics, degree)
        coef, *_ = np.linalg.lstsq(fit_x, y[known], rcond=None)
        ahead = harmonic_design(time[o : o + horizon], time[o], scale, harmonics, degree)
        out[b] = ahead @ coef
    return out
