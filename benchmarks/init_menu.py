"""Lesson 04's fair comparison: each model's best initialisation, chosen on validation.

`python -m benchmarks.init_menu` trains, at every gap of GAPS and for every seed of SEEDS, the
RNN with each entry of its menu and the LSTM with each entry of its own
(`lstm_course.numpy_training.INITS`):

    RNN:  default (orthogonal U, radius 1), identity (U = I, tanh), radius-1.3 (orthogonal U
          times 1.3, where r * rms(tanh') = 1 at initialisation: lesson 02's threshold)
    LSTM: default (b_f = 1, b_i = 0), forget-only (b_f = log u, b_i = 0),
          input-only (b_f = 1, b_i = -log u), chrono (both; u ~ U[1, T - 1], T the length)

with lesson 04's budget (`accuracy_by_gap`: 32 units, 4000 training sentences, 300 steps of
Adam 0.01 on batches of 64, clipping at 5), and scores each run on 1000 validation sentences
(fresh, drawn like the training ones), on the training set and on the 1000 test sentences. Per
gap, each model's init is the one with the highest validation accuracy averaged over the seeds
(`gap_accuracy.choose_by_validation`); the test accuracy of the chosen ones is what lesson 04
reports. Writes benchmarks/results/init_menu.csv (one row per run and gap; `seconds` is the
run's wall time over its four gaps, divided by four) and init_menu.md. 23 minutes measured on a
2-core CPU shared with other jobs (one BLAS thread); `--quick` runs gaps 10 and 20, one seed.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from lstm_course.gap_accuracy import accuracy_by_gap, choose_by_validation, menu_table
from lstm_course.notebook_setup import limit_blas_threads
from lstm_course.numpy_training import INITS

OUT = Path(__file__).resolve().parent / "results"
GAPS = (10, 20, 40, 80)
SEEDS = (0, 1, 2)  # course_seeds(3) with LSTM_COURSE_SEED = 0
BUDGET = {"steps": 300, "units": 32, "n_train": 4000, "n_test": 1000, "n_val": 1000}
FIELDS = ("cell", "init", "gap", "seed", "train_accuracy", "val_accuracy", "test_accuracy")


def run(gaps=GAPS, seeds=SEEDS, budget=BUDGET) -> list[dict]:
    """One row per (cell, init, gap, seed): train, validation and test accuracy, seconds."""
    rows = []
    for cell, menu in INITS.items():
        for init in menu:
            for seed in seeds:
                start = time.perf_counter()
                res = accuracy_by_gap(cell, list(gaps), seed=seed, init=init, **budget)
                seconds = (time.perf_counter() - start) / len(gaps)
                for j, gap in enumerate(gaps):
                    rows.append(
                        {
                            "cell": cell,
                            "init": init,
                            "gap": gap,
                            "seed": seed,
                            "train_accuracy": res.train_accuracy[j],
                            "val_accuracy": res.val_accuracy[j],
                            "test_accuracy": res.accuracy[j],
                            "seconds": round(seconds, 1),
                        }
                    )
    return rows


def chosen(rows: list[dict], gaps) -> dict[str, list[str]]:
    """{cell: the init chosen on validation at each gap}."""
    return {
        cell: choose_by_validation(
            {i: menu_table(rows, "val_accuracy", cell, i, gaps) for i in menu}
        )
        for cell, menu in INITS.items()
    }


def markdown(rows: list[dict], gaps) -> str:
    """The results as Markdown: every run's mean accuracies, then the chosen inits."""
    seeds = sorted({r["seed"] for r in rows})
    picks = chosen(rows, gaps)
    lines = [
        "### Lesson 04: each model's initialisation, chosen on validation",
        "",
        f"Budget: {BUDGET['steps']} steps, {BUDGET['units']} units, {BUDGET['n_train']} training,"
        f" {BUDGET['n_val']} validation and {BUDGET['n_test']} test sentences per gap; seeds"
        f" {seeds}. Accuracies are means over the seeds (validation / train / test).",
        "",
        "| cell | init | " + " | ".join(f"gap {g}" for g in gaps) + " |",
        "|---|---|" + "---|" * len(gaps),
    ]
    for cell, menu in INITS.items():
        for init in menu:
            means = [
                menu_table(rows, k, cell, init, gaps).mean(axis=0)
                for k in ("val_accuracy", "train_accuracy", "test_accuracy")
            ]
            cells = [
                f"{v:.2f} / {t:.2f} / {s:.2f}" + (" **chosen**" if picks[cell][j] == init else "")
                for j, (v, t, s) in enumerate(zip(*means, strict=True))
            ]
            lines.append(f"| {cell} | {init} | " + " | ".join(cells) + " |")
    lines += ["", "Chosen on validation (highest mean validation accuracy; ties: menu order):", ""]
    for cell, picks_by_gap in picks.items():
        pairs = ", ".join(f"gap {g}: {p}" for g, p in zip(gaps, picks_by_gap, strict=True))
        lines.append(f"- {cell}: {pairs}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="gaps 10, 20, seed 0; no files")
    args = parser.parse_args(argv)
    limit_blas_threads(1)
    gaps, seeds = ((10, 20), (0,)) if args.quick else (GAPS, SEEDS)
    rows = run(gaps, seeds)
    text = markdown(rows, gaps)
    print(text)
    if not args.quick:
        OUT.mkdir(exist_ok=True)
        with open(OUT / "init_menu.csv", "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=[*FIELDS, "seconds"])
            writer.writeheader()
            writer.writerows(rows)
        (OUT / "init_menu.md").write_text(text)


if __name__ == "__main__":
    main()
