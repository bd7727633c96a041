"""The shipped data sets are the ones lstm_course/datasets/files/README.md describes, and their
loaders fail clearly."""

import hashlib
import re

import numpy as np
import pandas as pd
import pytest

from lstm_course.datasets import DATA
from lstm_course.datasets.co2 import CO2_FILENAME, load_co2, recursive_forecast

# ---------------------------------------------------------------- CO2 (lesson 08)


def _readme_section(title: str) -> str:
    text = (DATA / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"lstm_course/datasets/files/README.md has no '## {title}' section"
    return match.group(1)


def test_co2_checksum_matches_readme():
    section = _readme_section("CO2")
    stated = re.search(r"SHA-256:\*\*\s*`([0-9a-f]{64})`", section)
    assert stated, "the CO2 section of lstm_course/datasets/files/README.md states no SHA-256"
    actual = hashlib.sha256((DATA / CO2_FILENAME).read_bytes()).hexdigest()
    assert actual == stated.group(1)


def test_co2_readme_counts_match_the_file():
    section = _readme_section("CO2")
    frame = load_co2()
    assert f"{len(frame)} weeks" in section
    assert f"{int(frame['co2_ppm'].isna().sum())} weeks have an empty" in section


def test_co2_loader_shape_dtypes_gaps_and_dates():
    frame = load_co2()
    assert frame.shape == (2284, 1) and list(frame.columns) == ["co2_ppm"]
    assert isinstance(frame.index, pd.DatetimeIndex) and frame.index.name == "date"
    assert frame["co2_ppm"].dtype == np.float64
    assert int(frame["co2_ppm"].isna().sum()) == 59
    assert frame.index[0] == pd.Timestamp("1958-03-29")
    assert frame.index[-1] == pd.Timestamp("2001-12-29")
    # a regular weekly grid: every gap is a row with NaN, not a missing row
    assert (frame.index.to_series().diff().dropna() == pd.Timedelta(days=7)).all()
    assert set(frame.index.day_of_week) == {5}  # Saturdays
    measured = frame["co2_ppm"].dropna()
    assert 310 < measured.min() < 320 and 370 < measured.max() < 380
    assert measured.loc["2001"].mean() > measured.loc["1959"].mean() + 50  # the rise


def test_co2_missing_weeks_stay_empty_in_the_file():
    lines = (DATA / CO2_FILENAME).read_text(encoding="ascii").splitlines()
    assert lines[0] == "date,co2_ppm"
    empty = [ln for ln in lines[1:] if ln.endswith(",")]
    assert len(empty) == 59 and "1958-05-10," in empty


def test_co2_loads_a_small_file_with_a_gap(tmp_path):
    path = tmp_path / "co2.csv"
    path.write_text(
        "date,co2_ppm\n2000-01-01,368.2\n2000-01-08,\n2000-01-15,368.9\n", encoding="utf-8"
    )
    frame = load_co2(path)
    assert frame.shape == (3, 1)
    np.testing.assert_array_equal(frame["co2_ppm"].isna(), [False, True, False])
    assert frame["co2_ppm"].iloc[2] == pytest.approx(368.9)


def test_co2_missing_file_names_the_file_and_the_fix(tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(FileNotFoundError, match=r"nope\.csv.*export_co2\.py"):
        load_co2(missing)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("day,co2\n2000-01-01,368.2\n", "exactly the columns"),
        ("date,co2_ppm,extra\n2000-01-01,368.2,1\n", "exactly the columns"),
        ("date,co2_ppm\n2000-01-01,high\n", "co2_ppm"),
        ("date,co2_ppm\n01/02/2000,368.2\n", "ISO dates"),
        ("date,co2_ppm\n2000-01-08,368.2\n2000-01-01,368.0\n", "strictly increasing"),
        ("", "not a readable CSV"),
    ],
)
def test_co2_malformed_file_raises_value_error(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_co2(path)


# ---------------------------------------------------------------- the recursive forecast (8.1)


def test_recursive_forecast_accumulates_unscaled_changes():
    window = np.zeros((3, 2))
    levels = recursive_forecast(lambda w: 1.0, window, 300.0, np.zeros((4, 1)), mu=0.5, sd=2.0)
    np.testing.assert_allclose(levels, [302.5, 305.0, 307.5, 310.0])


def test_recursive_forecast_feeds_back_z_and_the_new_weeks_calendar():
    window = np.array([[1.0, 10.0], [2.0, 20.0]])  # W = 2 weeks: z, one calendar feature
    calendar = np.array([[30.0], [40.0], [50.0]])
    seen = []

    def predict(w):
        seen.append(w.copy())
        return w[0, 0] + 1.0  # the oldest z plus one

    levels = recursive_forecast(predict, window, 0.0, calendar, mu=0.0, sd=1.0)
    # z: 1 + 1 = 2; then the window is [[2, 20], [2, 30]] -> 3; then [[2, 30], [3, 40]] -> 3
    np.testing.assert_allclose(levels, [2.0, 5.0, 8.0])
    np.testing.assert_array_equal(seen[1], [[2.0, 20.0], [2.0, 30.0]])
    np.testing.assert_array_equal(seen[2], [[2.0, 30.0], [3.0, 40.0]])
    assert all(w.shape == (2, 2) for w in seen)


@pytest.mark.parametrize(
    ("window", "calendar", "sd", "match"),
    [
        (np.zeros(4), np.zeros((2, 0)), 1.0, "window must be"),
        (np.zeros((4, 3)), np.zeros((2, 1)), 1.0, r"future_calendar must be \(horizon, 2\)"),
        (np.zeros((4, 3)), np.zeros((2, 2)), 0.0, "sd must be > 0"),
    ],
)
def test_recursive_forecast_rejects_bad_input(window, calendar, sd, match):
    with pytest.raises(ValueError, match=match):
        recursive_forecast(lambda w: 0.0, window, 0.0, calendar, mu=0.0, sd=sd)


def _stand_in(window):
    """A fixed nonlinear function of one window (W, 3): the scaled change of the next week."""
    weights = np.linspace(-0.3, 0.5, len(window))
    return float(np.tanh(weights @ window[:, 0]) + 0.2 * window[-1, 1] - 0.1 * window[:, 2].sum())


def test_recursive_forecast_batched_equals_one_start_at_a_time():
    r = np.random.default_rng(0)
    windows, levels = r.normal(size=(4, 5, 3)), r.uniform(300, 400, size=4)
    calendars = r.uniform(-1, 1, size=(4, 6, 2))
    calls = []

    def predict_batch(batch):
        calls.append(batch.shape)
        return np.array([[_stand_in(w)] for w in batch])  # (B, 1), as Keras returns it

    batched = recursive_forecast(predict_batch, windows, levels, calendars, mu=0.02, sd=0.5)
    assert batched.shape == (4, 6) and calls == [(4, 5, 3)] * 6  # one call per week ahead
    for b in range(4):
        one = recursive_forecast(_stand_in, windows[b], levels[b], calendars[b], mu=0.02, sd=0.5)
        np.testing.assert_allclose(batched[b], one, rtol=0, atol=1e-12)


@pytest.mark.parametrize(
    ("levels", "calendars", "returns", "match"),
    [
        (np.zeros(3), np.zeros((2, 4, 2)), 2, "needs last_level"),
        (np.zeros(2), np.zeros((2, 4, 1)), 2, r"future_calendar must be \(B, horizon, 2\)"),
        (np.zeros(2), np.zeros((2, 4, 2)), 3, r"predict must return \(2,\)"),
    ],
)
def test_recursive_forecast_batched_rejects_bad_input(levels, calendars, returns, match):
    with pytest.raises(ValueError, match=match):
        recursive_forecast(
            lambda w: np.zeros(returns), np.zeros((2, 4, 3)), levels, calendars, mu=0.0, sd=1.0
        )
