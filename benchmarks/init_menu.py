"""Lesson 04's fair comparison: each model's best initialisation and learning rate, on validation.

`python -m benchmarks.init_menu` trains, at every gap of GAPS, for every seed of SEEDS and every
learning rate of LEARNING_RATES, the RNN with each entry of its menu and the LSTM with each entry
of its own (`lstm_course.numpy_nets.training.INITS`):

    RNN:  default (orthogonal U, radius 1), identity (U = I, tanh), radius-1.3 (orthogonal U
          times 1.3, where r * rms(tanh') = 1 at initialisation: lesson 02's threshold)
    LSTM: default (b_f = 1, b_i = 0), forget-only (b_f = log u, b_i = 0),
          input-only (b_f = 1, b_i = -log u), chrono (both; u ~ U[1, T - 1], T the length),
          constant-3 (b_f = 3, b_i = -3 at every length: chrono's signs, not told T)

with lesson 04's budget (`accuracy_by_gap`: 32 units, 4000 training sentences, 300 steps of
Adam on batches of 64, clipping at 5), trained on the "fit" split, and scores each run on 1000
validation sentences (the "val" split: filler phrases in neither training nor test), on the
training set and on the 1000 test sentences. Per gap,
each model's (init, learning rate) is the one with the highest validation accuracy averaged
over the seeds (`gap_accuracy.choose_by_validation`); the test accuracy of the chosen ones is
what lesson 04 reports. Writes lstm_course/datasets/files/results/init_menu.csv (one row per run and
gap; `seconds` is the run's wall time over its gaps, divided by their number) and init_menu.md.

`--seed-study` trains each model's pair chosen at gap 80 (read from init_menu.csv) at gap 80
for STUDY_SEEDS (24 seeds, about 20 CPU-minutes) and writes init_menu_seeds.csv: how often a
run learns, which three seeds cannot say. Lesson 04 prints it.

The grid takes about 70 CPU-minutes (one BLAS thread per run): `--jobs 2` runs two at a
time on a 2-core machine. `--only-lr` / `--only-init` recompute part of the grid and keep the
committed rows of the rest; `--quick` runs gaps 10 and 20, one seed, one learning rate, and
writes nothing.
"""

from __future__ import annotations

import argparse
import csv
import time
from concurrent.futures import ProcessPoolExecutor

from benchmarks.results_io import CSV_DIR, write_results
from lstm_course.course.setup import limit_blas_threads
from lstm_course.experiments.gap_accuracy import (
    accuracy_by_gap,
    choose_entries,
    menu_entries,
    menu_table,
    read_menu_rows,
)
from lstm_course.numpy_nets.training import INITS

GAPS = (10, 20, 40, 80)
SEEDS = (0, 1, 2)  # course_seeds(3) with LSTM_COURSE_SEED = 0
LEARNING_RATES = (1e-3, 3e-3, 1e-2)
STUDY_SEEDS = tuple(range(24))
BUDGET = {"steps": 300, "units": 32, "n_train": 4000, "n_test": 1000, "n_val": 1000}
FIELDS = (
    "cell",
    "init",
    "learning_rate",
    "gap",
    "seed",
    "train_accuracy",
    "val_accuracy",
    "test_accuracy",
    "seconds",
)


def _one_run(task) -> list[dict]:
    """The rows of one (cell, init, learning rate, seed) over every gap (a worker's job)."""
    cell, init, lr, seed, gaps, budget = task
    limit_blas_threads(1)
    start = time.perf_counter()
    res = accuracy_by_gap(cell, list(gaps), seed=seed, init=init, learning_rate=lr, **budget)
    seconds = (time.perf_counter() - start) / len(gaps)
    return [
        {
            "cell": cell,
            "init": init,
            "learning_rate": lr,
            "gap": gap,
            "seed": seed,
            "train_accuracy": res.train_accuracy[j],
            "val_accuracy": res.val_accuracy[j],
            "test_accuracy": res.accuracy[j],
            "seconds": round(seconds, 1),
        }
        for j, gap in enumerate(gaps)
    ]


def _run_all(tasks: list[tuple], jobs: int) -> list[dict]:
    """The rows of every task in order, `jobs` trainings at a time in worker processes."""
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            return [row for rows in pool.map(_one_run, tasks) for row in rows]
    return [row for task in tasks for row in _one_run(task)]


def run(
    gaps=GAPS, seeds=SEEDS, budget=BUDGET, learning_rates=LEARNING_RATES, inits=None, jobs=1
) -> list[dict]:
    """One row per (cell, init, learning rate, gap, seed): train, validation, test accuracy.

    `inits` ({cell: menu}, default `INITS`) restricts the menus; `jobs` > 1 runs that many
    trainings at once in worker processes (the rows are the same, in the same order).
    """
    inits = INITS if inits is None else inits
    tasks = [
        (cell, init, lr, seed, tuple(gaps), budget)
        for cell, menu in inits.items()
        for init in menu
        for lr in learning_rates
        for seed in seeds
    ]
    return _run_all(tasks, jobs)


def markdown(rows: list[dict], gaps) -> str:
    """The results as Markdown: every entry's mean accuracies, then the chosen entries."""
    seeds = sorted({r["seed"] for r in rows})
    picks = choose_entries(rows, gaps)
    lines = [
        "### Lesson 04: each model's initialisation and learning rate, chosen on validation",
        "",
        f"Budget: {BUDGET['steps']} steps of Adam, {BUDGET['units']} units,"
        f" {BUDGET['n_train']} training, {BUDGET['n_val']} validation and {BUDGET['n_test']}"
        f" test sentences per gap; seeds {seeds}. Accuracies are means over the seeds"
        " (validation / train / test).",
        "",
        "| cell | init | learning rate | " + " | ".join(f"gap {g}" for g in gaps) + " |",
        "|---|---|---|" + "---|" * len(gaps),
    ]
    for cell in picks:
        for entry in menu_entries(rows, cell):
            means = [
                menu_table(rows, k, cell, entry[0], gaps, entry[1]).mean(axis=0)
                for k in ("val_accuracy", "train_accuracy", "test_accuracy")
            ]
            cells = [
                f"{v:.2f} / {t:.2f} / {s:.2f}" + (" **chosen**" if picks[cell][j] == entry else "")
                for j, (v, t, s) in enumerate(zip(*means, strict=True))
            ]
            lines.append(f"| {cell} | {entry[0]} | {entry[1]:g} | " + " | ".join(cells) + " |")
    lines += ["", "Chosen on validation (highest mean validation accuracy; ties: menu order):", ""]
    for cell, picks_by_gap in picks.items():
        pairs = ", ".join(
            f"gap {g}: {i} at {lr:g}" for g, (i, lr) in zip(gaps, picks_by_gap, strict=True)
        )
        lines.append(f"- {cell}: {pairs}")
    return "\n".join(lines) + "\n"


def seed_study(seeds=STUDY_SEEDS, budget=BUDGET, jobs=1, out=CSV_DIR) -> list[dict]:
    """Each model's (init, learning rate) chosen at gap 80 in init_menu.csv, trained at gap 80
    with every seed of `seeds`; writes `out`/init_menu_seeds.csv (one row per run)."""
    picks = choose_entries(read_menu_rows(out / "init_menu.csv"), GAPS)
    tasks = [(cell, *picks[cell][-1], seed, (80,), budget) for cell in INITS for seed in seeds]
    rows = _run_all(tasks, jobs)
    with open(out / "init_menu_seeds.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="gaps 10, 20, seed 0; no files")
    parser.add_argument("--jobs", type=int, default=1, help="trainings at once (default 1)")
    parser.add_argument("--only-lr", type=float, nargs="+", help="recompute these rates only")
    parser.add_argument("--only-init", nargs="+", help="recompute these inits only")
    parser.add_argument("--seed-study", action="store_true", help="chosen pairs, gap 80, 24 seeds")
    args = parser.parse_args(argv)
    limit_blas_threads(1)
    if args.seed_study:
        seed_study(jobs=args.jobs)
        return
    if args.quick:
        rows = run((10, 20), (0,), learning_rates=(1e-2,), jobs=args.jobs)
        print(markdown(rows, (10, 20)))
        return
    lrs = tuple(args.only_lr) if args.only_lr else LEARNING_RATES
    inits = {
        c: tuple(i for i in m if not args.only_init or i in args.only_init)
        for c, m in INITS.items()
    }
    rows = run(learning_rates=lrs, inits=inits, jobs=args.jobs)
    if args.only_lr or args.only_init:  # keep the committed rows this run did not recompute
        new = {(r["cell"], r["init"], r["learning_rate"]) for r in rows}
        kept = [
            r
            for r in read_menu_rows(CSV_DIR / "init_menu.csv")
            if (r["cell"], r["init"], r["learning_rate"]) not in new
        ]
        rows = kept + rows
    order = {(c, i): k for k, (c, i) in enumerate((c, i) for c, m in INITS.items() for i in m)}
    rows.sort(key=lambda r: (order[r["cell"], r["init"]], r["learning_rate"], r["seed"], r["gap"]))
    text = markdown(rows, GAPS)
    print(text)
    write_results("init_menu", rows, FIELDS, text)


if __name__ == "__main__":
    main()
