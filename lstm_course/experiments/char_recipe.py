"""Lesson 09: the character LSTM's recipe, chosen on the validation play from a committed grid.

`python -m benchmarks.char_model_settings` trains lesson 09's model
(`lstm_course.keras_nets.char_lstm`) on *Hamlet* + *King Lear* with every recipe of a grid, two
seeds each, scores *Othello* after every round and writes one row per (recipe, seed, round) to
`CHAR_RECIPES_CSV`. A recipe is (units, learning_rate, dropout, schedule, rounds): Adam with that
peak learning rate, constant or cosine-decayed to 0 over `rounds` passes, dropout on the LSTM's
outputs. This module reads those rows and chooses among them; lesson 09 shows the table and trains
the chosen recipe. Introduced in notebooks/09_text_generation.ipynb.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from lstm_course.datasets import RESULTS

CHAR_RECIPES_CSV = RESULTS / "char_model_settings.csv"
# Written by `python -m benchmarks.char_model_settings --dynamic`: the chosen recipe's models
# read Othello with dynamic evaluation at several SGD rates (rows: seed, rate, bits).
CHAR_DYNAMIC_CSV = RESULTS / "char_dynamic_eval.csv"
# Written by `python -m benchmarks.char_model_settings --seeds`: the chosen recipe trained from
# SEED_RUNS, each model scored as lesson 09 scores the one it trains live (one row per seed).
CHAR_SEEDS_CSV = RESULTS / "char_recipe_seeds.csv"
SEED_RUNS = tuple(range(8))  # the lesson's live seed, LSTM_COURSE_SEED 0-4, is one of them
CONTEXTS = (1, 2, 4, 8, 16, 32, 64)  # characters of context in lesson 09's context curve
# Written by `python -m benchmarks.char_long_run --seed N`: one larger model trained longer, its
# best round chosen on Othello; the weights as float16 and a JSON log with their SHA-256.
LONG_RUN_SEEDS = (0, 1)


def long_run_paths(seed: int) -> tuple[Path, Path]:
    """(weights .npz, log .json) of the long run from `seed`, in
    lstm_course/datasets/files/results/."""
    return RESULTS / f"char_long_run_seed{seed}.npz", RESULTS / f"char_long_run_seed{seed}.json"


LONG_RUN = {
    "units": 384,
    "learning_rate": 0.005,
    "dropout": 0.3,
    "schedule": "cosine",
    "rounds": 12,
}
RECIPE = ("units", "learning_rate", "dropout", "schedule", "rounds")
_INTS, _FLOATS = ("stage", "units", "rounds", "seed", "round"), ("learning_rate", "dropout", "bits")


def candidates(rows: list[dict], units: int | None = None) -> dict[tuple, float]:
    """{(units, learning_rate, dropout, schedule, round): mean bits/char over the seeds}.

    rows: dicts with the keys of RECIPE, "seed", "round" (1, 2, ...) and "bits" (validation
    bits/char after that round). A constant schedule offers every round as a candidate
    (stopping there is a choice made on validation); a cosine schedule only its last, since
    the schedule is defined by the rounds it decays over. units: only that width (None: all).
    """
    by_key: dict[tuple, list[float]] = {}
    for row in rows:
        if units is not None and row["units"] != units:
            continue
        if row["schedule"] == "cosine" and row["round"] != row["rounds"]:
            continue
        key = (row["units"], row["learning_rate"], row["dropout"], row["schedule"], row["round"])
        by_key.setdefault(key, []).append(row["bits"])
    seeds = {len(v) for v in by_key.values()}
    if len(seeds) > 1:
        raise ValueError(f"every candidate needs the same number of seeds, got {sorted(seeds)}")
    return {key: float(np.mean(v)) for key, v in by_key.items()}


def choose(rows: list[dict], units: int | None = None) -> dict:
    """The candidate with the lowest mean validation bits/char, as a recipe dict whose
    "rounds" is the chosen round."""
    scores = candidates(rows, units)
    if not scores:
        raise ValueError(f"no rows with units = {units}")
    return dict(zip(RECIPE, min(scores, key=scores.get), strict=True))


def choose_dynamic_rate(rows: list[dict]) -> float:
    """The dynamic-evaluation rate with the lowest mean validation bits/char over the seeds.

    rows: {"seed", "dynamic_learning_rate", "bits"} from `CHAR_DYNAMIC_CSV` (rate 0 is the
    static score of the same windows and can be chosen: dynamic evaluation may not help).
    """
    by_rate: dict[float, list[float]] = {}
    for row in rows:
        by_rate.setdefault(float(row["dynamic_learning_rate"]), []).append(float(row["bits"]))
    if not by_rate:
        raise ValueError("no dynamic-evaluation rows")
    return min(by_rate, key=lambda rate: np.mean(by_rate[rate]))


def read_dynamic_rows(path: str | Path = CHAR_DYNAMIC_CSV) -> list[dict]:
    """The rows of `CHAR_DYNAMIC_CSV`: {"seed": int, "dynamic_learning_rate": float, "bits"}."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows or set(rows[0]) != {"seed", "dynamic_learning_rate", "bits"}:
        raise ValueError(f"{path} must have the columns seed, dynamic_learning_rate, bits")
    return [
        {
            "seed": int(r["seed"]),
            "dynamic_learning_rate": float(r["dynamic_learning_rate"]),
            "bits": float(r["bits"]),
        }
        for r in rows
    ]


def read_rows(path: str | Path = CHAR_RECIPES_CSV, keep_seconds: bool = False) -> list[dict]:
    """The grid's rows, numbers parsed; the "seconds" column only if asked."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    missing = {"stage", *RECIPE, "seed", "round", "bits"} - set(rows[0] if rows else {})
    if missing:
        raise ValueError(f"{path} lacks the columns {sorted(missing)}")
    out = []
    for row in rows:
        row = {k: v for k, v in row.items() if v != "" and (keep_seconds or k != "seconds")}
        for key in _INTS:
            row[key] = int(row[key])
        for key in (*_FLOATS, "seconds"):
            if key in row:
                row[key] = float(row[key])
        out.append(row)
    return out


def read_seed_rows(path: str | Path = CHAR_SEEDS_CSV) -> dict[int, dict]:
    """{seed: row} of `CHAR_SEEDS_CSV`: "othello_1", ... (Othello bits/char after each round),
    "macbeth", "macbeth_windows", "macbeth_dynamic", "context_m" for m in CONTEXTS (floats)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    needed = {"seed", "othello_1", "macbeth", "macbeth_windows", "macbeth_dynamic"}
    needed |= {f"context_{m}" for m in CONTEXTS}
    if not rows or needed - set(rows[0]):
        raise ValueError(
            f"{path} lacks the columns {sorted(needed - set(rows[0] if rows else {}))}"
        )
    return {
        int(r["seed"]): {k: float(v) for k, v in r.items() if k != "seed" and v != ""} for r in rows
    }
