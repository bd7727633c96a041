"""Lesson 08: the weekly Mauna Loa CO2 record, shipped with the course in data/, and the
recursive forecast the lesson makes from it.

CO2: the weekly Mauna Loa record 1958-2001 (NOAA/Scripps, public domain), exported once from
statsmodels by data/export_co2.py into data/co2_mauna_loa_weekly.csv; see data/README.md.
Introduced in notebooks/08_time_series_forecasting.ipynb.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from lstm_course.paths import DATA

CO2_FILENAME = "co2_mauna_loa_weekly.csv"


CO2_COLUMNS = ("date", "co2_ppm")


def load_co2(path: str | Path | None = None) -> pd.DataFrame:
    """Load the weekly Mauna Loa CO2 record as it is in the file, gaps included.

    Introduced in notebooks/08_time_series_forecasting.ipynb.

    Args:
        path: the CSV to read; default `data/co2_mauna_loa_weekly.csv` in the course.

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
            f"CO2 data file not found: {path}. It ships with the course as data/{CO2_FILENAME}; "
            "restore it from the repository (git checkout -- data), or re-export it with "
            "`pip install statsmodels && python data/export_co2.py`."
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
    predict: Callable[[np.ndarray], float],
    window: np.ndarray,
    last_level: float,
    future_calendar: np.ndarray,
    mu: float,
    sd: float,
) -> np.ndarray:
    """Forecast `horizon` weeks of levels by feeding each predicted change back into the window.

    Reference of exercise 8.1. At each step: z = predict(window), the scaled change of the next
    week; its level is the previous level plus z * sd + mu; the window drops its oldest row and
    appends [z, that week's calendar row].

    Args:
        predict: maps one window (W, 1 + C) to the next week's scaled change (a float).
        window: (W, 1 + C) the W weeks before the first forecast week: column 0 the scaled
            weekly change, then C calendar features.
        last_level: the level (ppm) of the week before the first forecast week.
        future_calendar: (horizon, C) the calendar features of the weeks to forecast.
        mu, sd: the change scaler, change in ppm = z * sd + mu.

    Returns:
        (horizon,) forecast levels in ppm.
    """
    window = np.asarray(window)
    future_calendar = np.asarray(future_calendar)
    if window.ndim != 2 or window.shape[1] < 1:
        raise ValueError(f"window must be (W, 1 + C), got shape {window.shape}")
    if future_calendar.ndim != 2 or future_calendar.shape[1] != window.shape[1] - 1:
        raise ValueError(
            f"future_calendar must be (horizon, {window.shape[1] - 1}), got {future_calendar.shape}"
        )
    if not sd > 0:
        raise ValueError(f"sd must be > 0, got {sd}")
    level, out = float(last_level), []
    for calendar_row in future_calendar:
        z = float(predict(window))
        level += z * sd + mu
        out.append(level)
        new_row = np.concatenate([[z], calendar_row]).astype(window.dtype)
        window = np.vstack([window[1:], new_row])
    return np.array(out)
