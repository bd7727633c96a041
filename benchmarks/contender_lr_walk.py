"""Lesson 11's learning rates: each contender's walk along the ladder, on validation, two seeds.

`python -m benchmarks.contender_lr_walk` walks, for each task of lesson 11 (the adding problem
at T = 25 and T = 100, the context-switch sentences, the Shakespeare characters) and each
contender (LSTM, attention), the ladder `lstm_course.keras_nets.contenders.LEARNING_RATES` from 0.01
with `search_learning_rate` (a neighbouring rate is clearly better if both seeds' validation losses
there are below both of the current rate's by more than RELATIVE = 2 % of the loss plus
FLOOR = 1 % of the task's chance-level loss, `lstm_course.experiments.contest.walk_tolerance`).
Every run is lesson 11's (`lstm_course.experiments.contest`: same models, data, budget and training
code), on fixed seeds: the data of course seed DATA_SEED (0) and the training seeds WALK_SEEDS (0
and 1). So the walk is run once, and lesson 11, whatever its LSTM_COURSE_SEED, trains its own seeds
at the rates chosen here. The test sets play no part: they are not scored here.

Writes lstm_course/datasets/files/results/contender_lr_walk.csv (one row per run, in the order the
walk ran them: its validation loss and seconds) and contender_lr_walk.md (the walk's table and the
chosen rates). About 6 CPU-minutes (52 runs; TensorFlow on one thread). `--quick` walks the
context-switch task on a tenth of its data and writes nothing; `--task NAME` walks one task
again and keeps the committed rows of the others.
"""

from __future__ import annotations

import argparse
import dataclasses

from benchmarks.results_io import write_results

DATA_SEED = 0
WALK_SEEDS = (0, 1)
TASKS = ("adding T=25", "adding T=100", "context switch", "characters")
FIELDS = ("task", "kind", "learning_rate", "seed", "data_seed", "val_loss", "seconds")


def task_functions(data_seed: int, quick: bool = False) -> dict:
    """{task: (the model's task in `Contenders`, train(model, seed), validate(model) -> loss)},
    on the data of course seed `data_seed` (`quick`: the context-switch task alone, on a tenth
    of its sentences)."""
    from lstm_course.experiments import contest

    if quick:
        cs_train, _, cs_val = contest.context_switch_splits(data_seed)
        cs_train = [dataclasses.replace(d, x=d.x[:80], y=d.y[:80]) for d in cs_train]
        return {
            "context switch": (
                "context switch",
                lambda m, s: contest.train_sentences(m, s, cs_train),
                lambda m: contest.sentences_loss(m, cs_val),
            )
        }
    functions = {}
    for steps in contest.ADD_LENGTHS:
        (x, y), (x_val, y_val), _ = contest.adding_splits(steps, data_seed)
        functions[f"adding T={steps}"] = (
            "adding",
            lambda m, s, x=x, y=y: contest.fit_adding(m, s, x, y),
            lambda m, x=x_val, y=y_val: contest.adding_mse(m, x, y),
        )
    cs_train, _, cs_val = contest.context_switch_splits(data_seed)
    functions["context switch"] = (
        "context switch",
        lambda m, s: contest.train_sentences(m, s, cs_train),
        lambda m: contest.sentences_loss(m, cs_val),
    )
    chars = contest.character_splits()
    functions["characters"] = (
        "characters",
        lambda m, s: contest.train_characters(m, s, chars["train_ids"]),
        lambda m: contest.bits_per_char(m, *chars["val"]),
    )
    return functions


def run(
    quick: bool = False, seeds=WALK_SEEDS, data_seed: int = DATA_SEED, only: str | None = None
) -> list[dict]:
    """One row per run the walks asked for, (task, kind) by (task, kind), in the order run
    (`only`: that task's walks alone)."""
    from lstm_course.experiments import contest
    from lstm_course.keras_nets.contenders import search_learning_rate

    contenders = contest.Contenders(len(contest.character_splits()["vocab"]))
    rows = []
    for task, (model_task, train, validate) in task_functions(data_seed, quick).items():
        if only is not None and task != only:
            continue
        for kind in contest.KINDS:

            def score(
                rate, task=task, kind=kind, model_task=model_task, train=train, validate=validate
            ):
                losses = []
                for seed in seeds:
                    model, seconds = contenders.run(model_task, kind, seed, rate, train)
                    losses.append(validate(model))
                    row = {
                        "task": task,
                        "kind": kind,
                        "learning_rate": rate,
                        "seed": seed,
                        "data_seed": data_seed,
                        "val_loss": round(losses[-1], 6),
                        "seconds": round(seconds, 1),
                    }
                    rows.append(row)
                    print(row, flush=True)
                return losses

            search_learning_rate(
                score, relative=contest.RELATIVE, tolerance=contest.walk_tolerance(task)
            )
    return rows


def markdown(rows: list[dict]) -> str:
    """The walk's validation losses (seed 0 / seed 1) by task, contender and rate; the choice."""
    from lstm_course.experiments.contest import replay_walk, walk_scores
    from lstm_course.keras_nets.contenders import LEARNING_RATES

    seeds = sorted({int(r["seed"]) for r in rows})
    lines = [
        "### Lesson 11: learning rates walked on validation",
        "",
        f"Validation loss of the runs from seeds {seeds} (data of course seed"
        f" {sorted({int(r['data_seed']) for r in rows})}; MSE for adding, cross-entropy in nats"
        " for context switch, bits per character for characters); `-`: not run, the walk went"
        " the other way; chosen: `search_learning_rate` with a margin of 2 % of the loss plus"
        " 1 % of the task's chance-level loss.",
        "",
        "| task | contender | " + " | ".join(f"{lr:g}" for lr in LEARNING_RATES) + " | chosen |",
        "|---|---|" + "---|" * (len(LEARNING_RATES) + 1),
    ]
    for (task, kind), scores in walk_scores(rows).items():
        cells = [
            " / ".join(f"{v:.4f}" for v in scores[lr]) if lr in scores else "-"
            for lr in LEARNING_RATES
        ]
        lines.append(
            f"| {task} | {kind} | " + " | ".join(cells) + f" | {replay_walk(scores, task):g} |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short walk; no files")
    parser.add_argument("--task", choices=TASKS, help="walk this task again, keep the others' rows")
    args = parser.parse_args(argv)
    from lstm_course.course.setup import setup_notebook

    setup_notebook(0)
    rows = run(quick=args.quick, only=args.task)
    if args.task:  # the other tasks' committed rows, in the committed order
        import csv

        from lstm_course.experiments.contest import WALK_CSV

        with open(WALK_CSV, newline="", encoding="utf-8") as f:
            kept = [r for r in csv.DictReader(f) if r["task"] != args.task]
        rows = [r for r in kept if TASKS.index(r["task"]) < TASKS.index(args.task)] + rows
        rows += [r for r in kept if TASKS.index(r["task"]) > TASKS.index(args.task)]
    text = markdown(rows)
    print(text)
    if not args.quick:
        write_results("contender_lr_walk", rows, FIELDS, text)


if __name__ == "__main__":
    main()
