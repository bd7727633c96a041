"""Lesson 08: the baselines that need no training, from any origin and horizon."""

import numpy as np
import pandas as pd
import pytest

from lstm_course.baselines.forecasts import (
    SEASON,
    anchored_seasonal_change,
    baseline_forecasts,
    harmonic_regression,
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


def _line_plus_sinusoid(years: int = 6):
    """A line plus a yearly sinusoid (and its 2nd harmonic), 52 weeks a year: (y, week, time)."""
    n = years * SEASON
    t = np.arange(n)
    time = t / SEASON  # years
    y = 300.0 + 0.03 * t + 3 * np.sin(2 * np.pi * time) + 0.5 * np.cos(4 * np.pi * time + 1)
    return y, t % SEASON, time


def test_anchored_with_one_week_is_naive_plus_seasonal_change():
    y, week = _series()
    mean_change = np.linspace(-1, 1, SEASON)
    origins = np.array([60, 77, 100])
    got = anchored_seasonal_change(y, origins, 5, week, mean_change, 1)
    want = baseline_forecasts(y, origins, 5, week, mean_change)["naive + seasonal change"]
    np.testing.assert_allclose(got, want, atol=1e-12)


def test_anchored_averages_the_last_weeks_carried_forward_along_the_path():
    y, week = _series()
    mean_change = np.linspace(-1, 1, SEASON)
    o, m = 80, 4
    got = anchored_seasonal_change(y, np.array([o]), 3, week, mean_change, m)
    # each of the weeks o-m .. o-1 carried forward to o-1 by the mean changes in between
    carried = [y[o - 1 - i] + mean_change[week[o - i : o]].sum() for i in range(m)]
    anchor = np.mean(carried)
    for h in range(3):
        assert got[0, h] == pytest.approx(anchor + mean_change[week[o : o + h + 1]].sum())
    one_week = anchored_seasonal_change(y, np.array([o]), 3, week, mean_change, 1)
    assert np.abs(got - one_week).max() > 1e-3  # the anchor length matters on this series


def test_anchored_with_decay_weights_recent_weeks_more():
    y, week = _series()
    mean_change = np.linspace(-1, 1, SEASON)
    o, m, decay = 80, 5, 0.6
    got = anchored_seasonal_change(y, np.array([o]), 3, week, mean_change, m, decay=decay)
    carried = np.array([y[o - 1 - i] + mean_change[week[o - i : o]].sum() for i in range(m)])
    weights = decay ** np.arange(m)
    anchor = (carried * weights).sum() / weights.sum()
    for h in range(3):
        assert got[0, h] == pytest.approx(anchor + mean_change[week[o : o + h + 1]].sum())
    plain = anchored_seasonal_change(y, np.array([o]), 3, week, mean_change, m)
    np.testing.assert_allclose(
        anchored_seasonal_change(y, np.array([o]), 3, week, mean_change, m, decay=1.0), plain
    )
    assert np.abs(got - plain).max() > 1e-3  # the weights matter on this series
    with pytest.raises(ValueError, match="decay must be"):
        anchored_seasonal_change(y, np.array([o]), 3, week, mean_change, m, decay=0.0)
    with pytest.raises(ValueError, match="decay must be"):
        anchored_seasonal_change(y, np.array([o]), 3, week, mean_change, m, decay=1.5)


@pytest.mark.parametrize("m", [1, 3, 26, 52])
def test_anchored_is_exact_on_a_line_plus_a_season(m):
    y, week, _ = _line_plus_sinusoid()
    change = np.diff(y, prepend=np.nan)
    mean_change = seasonal_mean_change(change, week, slice(1, 2 * SEASON + 1))
    origins = np.array([2 * SEASON, 3 * SEASON + 7, 4 * SEASON])
    got = anchored_seasonal_change(y, origins, SEASON, week, mean_change, m)
    np.testing.assert_allclose(got, y[origins[:, None] + np.arange(SEASON)], atol=1e-9)


def test_anchored_smooths_noise_in_the_anchor():
    y, week, _ = _line_plus_sinusoid(years=12)
    change = np.diff(y, prepend=np.nan)
    mean_change = seasonal_mean_change(change, week, slice(1, 4 * SEASON + 1))
    noisy = y + np.random.default_rng(0).normal(0, 0.5, len(y))
    origins = np.arange(5 * SEASON, 11 * SEASON, 5)
    truth = y[origins[:, None] + np.arange(SEASON)]
    error = {
        m: np.abs(anchored_seasonal_change(noisy, origins, SEASON, week, mean_change, m) - truth)
        for m in (1, 8)
    }
    assert error[8].mean() < 0.5 * error[1].mean()


@pytest.mark.parametrize(
    ("origins", "horizon", "m", "match"),
    [
        (np.array([3]), 1, 4, "origins must satisfy"),
        (np.array([150]), 10, 1, "origins must satisfy"),
        (np.array([60]), 0, 1, "horizon must be"),
        (np.array([60]), 1, 0, "anchor_weeks must be"),
        (np.array([60.0]), 1, 1, "integer array"),
        (np.array([], dtype=int), 1, 1, "non-empty"),
    ],
)
def test_anchored_rejects_bad_input(origins, horizon, m, match):
    y, week = _series()
    with pytest.raises(ValueError, match=match):
        anchored_seasonal_change(y, origins, horizon, week, np.zeros(SEASON), m)


def test_anchored_rejects_bad_shapes_and_nan():
    y, week = _series()
    with pytest.raises(ValueError, match="mean_change"):
        anchored_seasonal_change(y, np.array([60]), 1, week, np.zeros(12), 1)
    with pytest.raises(ValueError, match="must be"):
        anchored_seasonal_change(y, np.array([60]), 1, week[:-1], np.zeros(SEASON), 1)
    y = y.copy()
    y[57] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        anchored_seasonal_change(y, np.array([60]), 1, week, np.zeros(SEASON), 4)


@pytest.mark.parametrize("fit_weeks", [2 * SEASON, 3 * SEASON + 5])
def test_harmonic_regression_is_exact_on_a_line_plus_a_season(fit_weeks):
    y, _, time = _line_plus_sinusoid()
    origins = np.array([3 * SEASON + 10, 5 * SEASON])
    truth = y[origins[:, None] + np.arange(SEASON)]
    got = harmonic_regression(y, time, origins, SEASON, harmonics=2, degree=1, fit_weeks=fit_weeks)
    np.testing.assert_allclose(got, truth, atol=1e-8)
    # one harmonic cannot write the second one down: it must miss
    one = harmonic_regression(y, time, origins, SEASON, harmonics=1, degree=1, fit_weeks=fit_weeks)
    assert np.abs(one - truth).mean() > 0.1


def test_harmonic_regression_uses_only_the_weeks_before_the_origin():
    y, _, time = _line_plus_sinusoid()
    o = 4 * SEASON
    changed = y.copy()
    changed[o:] += 100.0  # the future changes; the forecast from o must not
    kwargs = {"harmonics": 1, "degree": 2, "fit_weeks": SEASON}
    np.testing.assert_array_equal(
        harmonic_regression(y, time, np.array([o]), 8, **kwargs),
        harmonic_regression(changed, time, np.array([o]), 8, **kwargs),
    )
    changed[o - 1] += 1.0  # the last known week does change it
    assert not np.array_equal(
        harmonic_regression(y, time, np.array([o]), 8, **kwargs),
        harmonic_regression(changed, time, np.array([o]), 8, **kwargs),
    )


def test_harmonic_regression_quadratic_trend_is_exact():
    y, _, time = _line_plus_sinusoid()
    y = y + 0.2 * time**2
    origins = np.array([4 * SEASON])
    got = harmonic_regression(y, time, origins, 20, harmonics=2, degree=2, fit_weeks=2 * SEASON)
    np.testing.assert_allclose(got, y[origins[:, None] + np.arange(20)], atol=1e-7)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"harmonics": -1, "degree": 1, "fit_weeks": 60}, "harmonics must be"),
        ({"harmonics": 1, "degree": 4, "fit_weeks": 60}, "degree must be"),
        ({"harmonics": 3, "degree": 1, "fit_weeks": 8}, "fit_weeks must be"),
        ({"harmonics": 1, "degree": 1, "fit_weeks": 200}, "origins must satisfy"),
    ],
)
def test_harmonic_regression_rejects_bad_settings(kwargs, match):
    y, _, time = _line_plus_sinusoid()
    with pytest.raises(ValueError, match=match):
        harmonic_regression(y, time, np.array([150]), 4, **kwargs)


def test_harmonic_regression_rejects_bad_time():
    y, _, time = _line_plus_sinusoid()
    kwargs = {"harmonics": 1, "degree": 1, "fit_weeks": 60}
    with pytest.raises(ValueError, match="increasing"):
        harmonic_regression(y, time[::-1], np.array([150]), 4, **kwargs)
    with pytest.raises(ValueError, match="both be"):
        harmonic_regression(y, time[:-1], np.array([150]), 4, **kwargs)
