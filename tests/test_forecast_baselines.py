"""Lesson 08: the four baselines that need no training, from any origin and horizon."""

import numpy as np
import pandas as pd
import pytest

from lstm_course.forecast_baselines import (
    SEASON,
    baseline_forecasts,
    seasonal_mean_change,
    week_of_year,
)


def test_week_of_year_folds_the_last_days_into_week_51():
    dates = pd.DatetimeIndex(["2001-01-01", "2001-01-08", "2001-12-22", "2001-12-29", "2000-12-31"])
    np.testing.assert_array_equal(week_of_year(dates), [0, 1, 50, 51, 51])


def test_week_of_year_rejects_plain_arrays():
    with pytest.raises(ValueError, match="DatetimeIndex"):
        week_of_year(np.arange(3))


def test_seasonal_mean_change_averages_each_week_over_the_given_weeks_only():
    week = np.tile(np.arange(SEASON), 3)  # three years
    change = np.tile(np.arange(SEASON, dtype=float), 3)
    change[2 * SEASON :] += 100.0  # the third year must not count
    change[SEASON + 5] += 2.0  # week 5 of the second year: mean of 5 and 7 is 6
    got = seasonal_mean_change(change, week, slice(0, 2 * SEASON))
    want = np.arange(SEASON, dtype=float)
    want[5] = 6.0
    np.testing.assert_allclose(got, want)


@pytest.mark.parametrize(
    ("change", "week", "weeks", "match"),
    [
        (np.zeros(60), np.zeros(59, int), slice(0, 60), "both be"),
        (np.full(60, np.nan), np.arange(60) % SEASON, slice(0, 60), "NaN"),
        (np.zeros(60), np.arange(60) % SEASON, slice(0, 30), "every week of the year"),
    ],
)
def test_seasonal_mean_change_rejects_bad_input(change, week, weeks, match):
    with pytest.raises(ValueError, match=match):
        seasonal_mean_change(change, week, weeks)


def _series():
    n = 3 * SEASON
    week = np.arange(n) % SEASON
    y = 0.1 * np.arange(n) + np.sin(2 * np.pi * week / SEASON) + 0.01 * (np.arange(n) % 7)
    return y, week


def test_baselines_by_their_definitions():
    y, week = _series()
    mean_change = np.linspace(-1, 1, SEASON)
    origins = np.array([60, 100])
    got = baseline_forecasts(y, origins, 3, week, mean_change)
    for b, o in enumerate(origins):
        for h in range(3):
            t = o + h
            assert got["naive"][b, h] == y[o - 1]
            assert got["seasonal naive"][b, h] == y[t - 52]
            assert got["seasonal naive + drift"][b, h] == pytest.approx(
                y[t - 52] + y[o - 1] - y[o - 53]
            )
            assert got["naive + seasonal change"][b, h] == pytest.approx(
                y[o - 1] + mean_change[week[o : t + 1]].sum()
            )
    assert all(v.shape == (2, 3) for v in got.values())


def test_on_a_pure_trend_plus_season_drift_and_seasonal_change_are_exact():
    n = 3 * SEASON
    week = np.arange(n) % SEASON
    season = np.sin(2 * np.pi * week / SEASON)
    y = 0.5 * np.arange(n) + season
    change = np.diff(y, prepend=np.nan)
    mean_change = seasonal_mean_change(change, week, slice(1, 2 * SEASON + 1))
    origins = np.array([SEASON + 1, 2 * SEASON])
    got = baseline_forecasts(y, origins, SEASON, week, mean_change)
    truth = y[origins[:, None] + np.arange(SEASON)]
    np.testing.assert_allclose(got["seasonal naive + drift"], truth, atol=1e-9)
    np.testing.assert_allclose(got["naive + seasonal change"], truth, atol=1e-9)
    assert np.abs(got["naive"] - truth).mean() > 1.0


@pytest.mark.parametrize(
    ("origins", "horizon", "match"),
    [
        (np.array([52]), 1, "origins must be"),
        (np.array([150]), 10, "origins must be"),
        (np.array([60]), 0, "horizon must be"),
        (np.array([60]), 53, "horizon must be"),
    ],
)
def test_baseline_forecasts_rejects_bad_origins_and_horizons(origins, horizon, match):
    y, week = _series()
    with pytest.raises(ValueError, match=match):
        baseline_forecasts(y, origins, horizon, week, np.zeros(SEASON))
