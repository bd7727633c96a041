"""Lessons 08-11: the cheap baselines the package holds for each task, and the strongest.

A model's number means little without the strongest cheap baseline beside it. For every task a
lesson scores models on, `TASKS` lists the package's baselines by kind (the function a lesson
calls to score each) and names the strongest of each kind. `tests/test_strongest_baselines.py`
measures that the named one is the strongest on the task's validation data, and fails when a
lesson that scores a baseline of some kind does not also score that kind's strongest.

A **static** baseline is fixed before it reads the scored text; an **adaptive** one learns from
it while reading (each character scored before it is learned from). The two are compared only
with their own kind (notebooks/09_text_generation.ipynb).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """Baselines of one kind for a task: {name: the package functions that score it}."""

    baselines: dict[str, tuple[str, ...]]
    strongest: str
    measured: str  # where the strongest is measured to be the strongest


@dataclass(frozen=True)
class Task:
    """A task: the loader call a lesson uses for its data, and its baselines by kind."""

    data_call: str
    kinds: dict[str, Kind]


TASKS = {
    "Shakespeare, bits per character": Task(
        data_call="load_shakespeare",
        kinds={
            "static": Kind(
                baselines={
                    "add-k n-gram": ("ngram_bits_per_char", "ngram_bits_grid"),
                    "Kneser-Ney n-gram": ("kn_bits_per_char", "kn_bits_by_order"),
                },
                strongest="Kneser-Ney n-gram",
                measured="tests/test_strongest_baselines.py, on Othello",
            ),
            "adaptive": Kind(
                baselines={
                    "gzip or bz2": ("compressed_bits_per_char",),
                    "Kneser-Ney counting as it reads": ("kn_adaptive_bits",),
                },
                strongest="Kneser-Ney counting as it reads",
                measured="tests/test_strongest_baselines.py, on Othello",
            ),
        },
    ),
    "Mauna Loa CO2, weekly forecasts": Task(
        data_call="load_co2",
        kinds={
            "forecast": Kind(
                baselines={
                    "naive, seasonal naive, drift, seasonal change": ("baseline_forecasts",),
                    "anchored seasonal change": ("anchored_seasonal_change",),
                    "harmonic regression": ("harmonic_regression",),
                },
                strongest="anchored seasonal change",
                measured=(
                    "notebooks/08_time_series_forecasting.ipynb: tuned on validation starts; "
                    "the strongest on the test years one week and 52 weeks ahead (asserted), "
                    "harmonic regression the strongest on the 52-week validation starts"
                ),
            ),
        },
    ),
}
