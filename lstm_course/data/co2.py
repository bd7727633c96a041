"""Lesson 08: the weekly Mauna Loa CO2 record, shipped with the course in data/.

CO2: the weekly Mauna Loa record 1958-2001 (NOAA/Scripps, public domain), exported once from
statsmodels by data/export_co2.py into data/co2_mauna_loa_weekly.csv; see data/README.md.
Introduced in notebooks/08_time_series_forecasting.ipynb.
"""

from __future__ import annotations

from pathlib import Path

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
