"""Lesson 08: the weekly Mauna Loa CO2 record, shipped inside the package (datasets/files/), and
the recursive forecast the lesson makes from it.

CO2: the weekly Mauna Loa record 1958-2001 (NOAA/Scripps, public domain), exported once from
statsmodels by tools/export_co2.py into lstm_course/datasets/files/co2_mauna_loa_weekly.csv;
see lstm_course/datasets/files/README.md.
Introduced in notebooks/08_time_series_forecasting.ipynb.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from lstm_course.datasets import DATA

CO2_FILENAME = "co2_mauna_loa_weekly.csv"


CO2_COLUMNS = ("date", "co2_ppm")


def load_co2(path: str | Path | None = None) -> pd.DataFrame:
    """Load the weekly Mauna Loa CO2 record as it is in the file, gaps included.

    Introduced in notebooks/08_time_series_forecasting.ipynb.

    Args:
        path: the CSV to read; default the shipped
        `lstm_course/datasets/files/co2_mauna_loa_weekly.csv`.

    Returns:
        A DataFrame of shape (weeks, 1): index `date` (a DatetimeIndex, one Saturday per week,
        increasing), column `co2_ppm` (float64, parts per million; NaN where the week has no
        measurement, 59 of the 2284 weeks in the shipped file). Missing weeks are not filled.

    Raises:
        FileNotFoundError: the file does not exist (the message names it and how to get it).
        ValueError: the file is not a CSV with exactly the columns `date,co2_ppm`, a date or
            value does not parse, or the dates are not strictly increasing.
    """
    path = DATA / CO2_FILENAME if path is None else Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"CO2 data file not found: {path}. It ships inside the package as "
            f"lstm_course/datasets/files/{CO2_FILENAME}: reinstall the course "
            "(pip install --force-reinstall lstm-course), in a checkout restore it "
            "(git checkout -- lstm_course/datasets/files), or re-export it with "
            "`pip install statsmodels && python tools/export_co2.py`."
        )
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise ValueError(f"{path} is not a readable CSV file: {err}") from err
    if tuple(raw.columns) != CO2_COLUMNS:
        raise ValueError(
            f"{path} must have exactly the columns {list(CO2_COLUMNS)}, got {list(raw.columns)}"
        )
    try:
        dates = pd.to_datetime(raw["date"], format="%Y-%m-%d")
    except (ValueError, TypeError) as err:
        raise ValueError(f"{path}: column 'date' must hold ISO dates (yyyy-mm-dd): {err}") from err
    values = raw["co2_ppm"].str.strip().replace("", None)
    try:
        co2 = pd.to_numeric(values, errors="raise").astype("float64")
    except (ValueError, TypeError) as err:
        raise ValueError(
            f"{path}: column 'co2_ppm' must hold numbers or be empty for a missing week: {err}"
        ) from err
    index = pd.DatetimeIndex(dates, name="date")
    if not index.is_monotonic_increasing or not index.is_unique:
        raise ValueError(f"{path}: dates must be strictly increasing")
    return pd.DataFrame({"co2_ppm": co2.to_numpy()}, index=index)


def recursive_forecast(
    predict: Callable[[np.ndarray], float | np.ndarray],
    window: np.ndarray,
    last_level: float | np.ndarray,
    future_calendar: np.ndarray,
    mu: float,
    sd: float,
) -> np.ndarray:
    """Forecast `horizon` weeks of levels by feeding each predicted change back into the window.

    Reference of exercise 8.1. At each step: z = predict(window), the scaled change of the next
    week; its level is the previous level plus z * sd + mu; the window drops its oldest row and
    appends [z, that week's calendar row].

    One forecast, as exercise 8.1 writes it, or a batch of B forecasts (B starting weeks) made
    together, one `predict` call per step for all of them (lesson 08's many-origin evaluation):

    Args:
        predict: one window (W, 1 + C) -> the next week's scaled change (a float); in the
            batched form a batch (B, W, 1 + C) -> (B,) (or (B, 1), as Keras returns it).
        window: (W, 1 + C), or (B, W, 1 + C): the W weeks before the first forecast week,
            column 0 the scaled weekly change, then C calendar features.
        last_level: the level (ppm) of the week before the first forecast week; (B,) batched.
        future_calendar: (horizon, C), or (B, horizon, C): the calendar of the weeks to forecast.
        mu, sd: the change scaler, change in ppm = z * sd + mu.

    Returns:
        (horizon,) forecast levels in ppm, or (B, horizon) batched.
    """
    window = np.asarray(window)
    future_calendar = np.asarray(future_calendar)
    if window.ndim not in (2, 3) or window.shape[-1] < 1:
        raise ValueError(f"window must be (W, 1 + C) or (B, W, 1 + C), got shape {window.shape}")
    batched = window.ndim == 3
    n_calendar = window.shape[-1] - 1
    if future_calendar.ndim != window.ndim or future_calendar.shape[-1] != n_calendar:
        want = f"(B, horizon, {n_calendar})" if batched else f"(horizon, {n_calendar})"
        raise ValueError(f"future_calendar must be {want}, got {future_calendar.shape}")
    if not sd > 0:
        raise ValueError(f"sd must be > 0, got {sd}")
    if not batched:  # one forecast is a batch of one
        levels = recursive_forecast(
            lambda w: np.array([predict(w[0])], dtype=np.float64),
            window[None],
            np.array([last_level], dtype=np.float64),
            future_calendar[None],
            mu,
            sd,
        )
        return levels[0]
    level = np.asarray(last_level, dtype=np.float64)
    if level.shape != (len(window),) or len(future_calendar) != len(window):
        raise ValueError(
            f"a batch of {len(window)} windows needs last_level ({len(window)},) and "
            f"future_calendar ({len(window)}, horizon, {n_calendar}), got {level.shape} "
            f"and {future_calendar.shape}"
        )
    out = []
    for step in range(future_calendar.shape[1]):
        z = np.asarray(predict(window), dtype=np.float64).reshape(-1)  # (B,)
        if z.shape != level.shape:
            raise ValueError(f"predict must return ({len(window)},) changes, got {z.shape}")
        level = level + z * sd + mu
        out.append(level)
        new_rows = np.concatenate([z[:, None], future_calendar[:, step]], axis=1)  # (B, 1 + C)
        window = np.concatenate([window[:, 1:], new_rows[:, None].astype(window.dtype)], axis=1)
    return np.stack(out, axis=1) if out else np.zeros((len(window), 0))
