"""Lesson 09's LSTM recipe, chosen on the validation play: python -m benchmarks.char_model_settings

Lesson 09 fits every model on *Hamlet* and *King Lear*, makes every choice on *Othello* (the
validation play) and scores *Macbeth* (the test play) once, at the end. The n-grams' n, k and
order are chosen in the lesson; this script chooses the LSTM's recipe the same way, because
training a grid of LSTMs does not fit in the lesson's time.

Every run trains lesson 09's model (Embedding(V, 32) -> LSTM(units) -> Dropout -> Dense(V);
64 streams read in windows of 25 characters with the state carried; Adam, each gradient
clipped to norm 1) on *Hamlet* + *King Lear* and scores *Othello* after every round, read as
64 streams from a zero state, as the lesson reads its texts. The grid:

- at 192 units: peak learning rate x dropout x schedule (constant, or cosine decay to 0
  over the rounds), `ROUNDS` rounds; a constant schedule offers every round as a candidate
  (stopping early is a choice made on Othello), a cosine one only its last;
- then one step past the winner on every axis where it sits at the grid's edge (learning rate
  x 3 or / 3, dropout + 0.2), until it does not.

What a larger budget buys is `benchmarks/char_long_run.py`'s question.

`--seeds` trains the chosen recipe from more seeds (`SEED_RUNS`) and scores each model as lesson
09 scores the one it trains live: *Othello* after every round, *Macbeth* as 64 streams, as
windows of 100 characters from a zero state and with dynamic evaluation at the rate chosen on
*Othello*, and the same *Othello* targets read with exactly m characters of context. Writes
lstm_course/datasets/files/results/char_recipe_seeds.csv (one row per seed); the lesson shows their
spread and checks that its live seed reproduces its row. About 15 minutes on one core.

A recipe is (units, learning rate, dropout, schedule, rounds); the chosen one has the lowest
mean Othello bits/char over the seeds among those lesson 09 can afford (`LESSON_UNITS`).
Writes lstm_course/datasets/files/results/char_model_settings.csv (one row per run and round) and
.md. About 50 minutes on a 2-core machine; `--quick` runs one seed and a smaller grid.

The model, the streams and the training step are lesson 09's, from
`lstm_course.keras_nets.char_lstm` (notebooks/09_text_generation.ipynb checks its own cells equal
them).
"""

from __future__ import annotations

import argparse
import itertools
import time
from pathlib import Path

import numpy as np

from benchmarks.results_io import CSV_DIR, MD_DIR
from lstm_course.experiments.char_recipe import (
    CHAR_DYNAMIC_CSV,
    CHAR_RECIPES_CSV,
    CHAR_SEEDS_CSV,
    CONTEXTS,
    RECIPE,
    SEED_RUNS,
    candidates,
    choose,
    choose_dynamic_rate,
    read_dynamic_rows,
    read_rows,
)
from lstm_course.keras_nets import char_lstm

EMBED, STREAMS, WINDOW, VAL_STREAMS = 32, 64, 25, 64
ROUNDS = 4  # what lesson 09 can train live within its time budget
LESSON_UNITS = 192  # what lesson 09 can train live within its time budget
LEARNING_RATES = (0.003, 0.01, 0.03)
DROPOUTS = (0.0, 0.2)
SCHEDULES = ("constant", "cosine")
DYNAMIC_LEARNING_RATES = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)  # SGD, gradients clipped to norm 1
TRAIN_PLAYS, VALIDATION_PLAY, TEST_PLAY = ("hamlet", "king_lear"), "othello", "macbeth"
CONTEXT_STEP = 71  # lesson 09's context curve: every 71st Othello character from the 64th on


def stage_one(rounds: int = ROUNDS) -> list[dict]:
    """The grid's recipes: LESSON_UNITS units, every learning rate x dropout x schedule.

    (Every row the script writes has "stage" 1, the grid; the column leaves room for other
    stages of a later grid.)
    """
    return [
        {"units": LESSON_UNITS, "learning_rate": lr, "dropout": p, "schedule": s, "rounds": rounds}
        for lr, p, s in itertools.product(LEARNING_RATES, DROPOUTS, SCHEDULES)
    ]


def make_optimizer(recipe: dict, updates: int):
    """Adam with clipnorm 1 and the recipe's peak learning rate, constant or cosine to 0."""
    import keras

    lr = recipe["learning_rate"]
    if recipe["schedule"] == "cosine":
        lr = keras.optimizers.schedules.CosineDecay(lr, decay_steps=updates)
    elif recipe["schedule"] != "constant":
        raise ValueError(f"schedule must be 'constant' or 'cosine', got {recipe['schedule']!r}")
    return keras.optimizers.Adam(learning_rate=lr, clipnorm=1.0)


def train_and_score(train_ids, val_ids, vocab_size, recipe: dict, seed: int) -> dict:
    """Train one recipe from one seed; {round: validation bits/char}, seconds, updates."""
    import keras

    keras.utils.set_random_seed(seed)
    model = char_lstm.build_char_lstm(vocab_size, recipe["units"], EMBED, recipe["dropout"])
    x, y = char_lstm.streams(train_ids, STREAMS)
    x_val, y_val = char_lstm.streams(val_ids, VAL_STREAMS)
    optimizer = make_optimizer(recipe, recipe["rounds"] * (x.shape[1] // WINDOW))
    bits = {}

    def score(r):
        bits[r] = char_lstm.bits_per_char(model, x_val, y_val)

    start = time.perf_counter()
    updates = char_lstm.train_rounds(model, optimizer, x, y, WINDOW, recipe["rounds"], score)
    seconds = time.perf_counter() - start
    return {"bits": bits, "seconds": seconds, "updates": updates, "model": model}


def dynamic_eval_grid(recipe, seeds=(0, 1), learning_rates=DYNAMIC_LEARNING_RATES, plays=None):
    """Dynamic evaluation of `recipe`'s models on the validation play, at every SGD rate.

    Trains the recipe (its "rounds" rounds) from each seed on the training plays, then reads
    *Othello* with `char_lstm.dynamic_eval_bits` at each learning rate (0: the static score of
    the same windows). Returns one row per seed and rate: {"seed", "dynamic_learning_rate",
    "bits"}.
    """
    train_ids, val_ids, vocab_size = _encoded(plays)
    x_val, y_val = char_lstm.streams(val_ids, VAL_STREAMS)
    rows = []
    for seed in seeds:
        model = train_and_score(train_ids, val_ids, vocab_size, recipe, seed)["model"]
        for lr in (0.0, *learning_rates):
            bits = char_lstm.dynamic_eval_bits(model, x_val, y_val, WINDOW, lr)
            rows.append({"seed": seed, "dynamic_learning_rate": lr, "bits": bits})
            print("dynamic evaluation", seed, lr, round(bits, 4), flush=True)
    return rows


def seed_runs(recipe: dict, seeds=SEED_RUNS, dynamic_rate: float = 3.0, on_seed=None, plays=None):
    """The chosen recipe from each of `seeds`, scored as lesson 09 scores its live model.

    One row per seed: Othello bits/char after every round ("othello_1", ...), Macbeth read as
    64 streams ("macbeth"), as windows of 100 characters each from a zero state
    ("macbeth_windows"), with dynamic evaluation at `dynamic_rate` ("macbeth_dynamic"), and the
    Othello targets of the context curve with exactly m characters ("context_m", m in
    CONTEXTS), and the training seconds. on_seed: called with the rows so far after each seed.
    plays: {play: text} (default: the course's four plays).
    """
    from lstm_course.datasets.shakespeare import load_shakespeare, shared_substrings
    from lstm_course.datasets.vocabulary import Vocabulary

    plays = load_shakespeare() if plays is None else plays
    train_ids, val_ids, vocab_size = _encoded(plays)
    if shared_substrings(plays[TEST_PLAY], "\n".join(plays[p] for p in TRAIN_PLAYS), 50):
        raise ValueError("the test play shares 50-character strings with the training plays")
    test_ids = Vocabulary.from_text("".join(plays.values())).encode(plays[TEST_PLAY])
    x_test, y_test = char_lstm.streams(test_ids, VAL_STREAMS)
    x_win = test_ids[: len(test_ids) // 101 * 101].reshape(-1, 101)
    targets = np.arange(max(CONTEXTS), len(val_ids), CONTEXT_STEP)
    rows = []
    for seed in seeds:
        result = train_and_score(train_ids, val_ids, vocab_size, recipe, seed)
        model = result["model"]
        row = {"seed": seed, **{f"othello_{r}": b for r, b in result["bits"].items()}}
        row["macbeth"] = char_lstm.bits_per_char(model, x_test, y_test)
        row["macbeth_windows"] = char_lstm.bits_per_char(model, x_win[:, :-1], x_win[:, 1:])
        row["macbeth_dynamic"] = char_lstm.dynamic_eval_bits(
            model, x_test, y_test, WINDOW, dynamic_rate
        )
        for m in CONTEXTS:
            x_ctx = val_ids[targets[:, None] - m + np.arange(m)]
            logits, _, _ = model.predict_on_batch([x_ctx, *char_lstm.zero_state(model, len(x_ctx))])
            row[f"context_{m}"] = float(
                char_lstm.target_bits(logits[:, -1], val_ids[targets]).mean()
            )
        row["seconds"] = result["seconds"]
        rows.append(row)
        print("seed", seed, {k: round(v, 3) for k, v in row.items()}, flush=True)
        if on_seed is not None:
            on_seed(rows)
    return rows


def _encoded(plays=None):
    """(training ids, validation ids, V) with lesson 09's vocabulary of the four plays."""
    from lstm_course.datasets.shakespeare import load_shakespeare, shared_substrings
    from lstm_course.datasets.vocabulary import Vocabulary

    plays = load_shakespeare() if plays is None else plays
    vocab = Vocabulary.from_text("".join(plays.values()))  # lesson 09's vocabulary
    train_text = "\n".join(plays[p] for p in TRAIN_PLAYS)
    val_text = plays[VALIDATION_PLAY]
    if shared_substrings(val_text, train_text, 50):
        raise ValueError("the validation play shares 50-character strings with the training plays")
    return vocab.encode(train_text), vocab.encode(val_text), len(vocab)


def run(
    seeds=(0, 1),
    recipes=None,
    plays=None,
    done=(),
    on_run=None,
) -> list[dict]:
    """One row per recipe, seed and round: the recipe, the round, Othello bits/char, seconds.

    recipes: the grid (default `stage_one()`), extended past the winner's edges
    (`beyond_edges`).
    plays: {play: text} (default: the course's four plays). done: rows of an earlier,
    interrupted run, kept (their recipe and seed are not trained again). on_run: called with
    all rows so far after each run (to save them).
    """
    train_ids, val_ids, vocab_size = _encoded(plays)
    rows = list(done)
    trained = {(tuple(row[k] for k in RECIPE), row["seed"]) for row in rows}

    def run_recipes(recipes, stage):
        for recipe in recipes:
            for seed in seeds:
                if (tuple(recipe[k] for k in RECIPE), seed) in trained:
                    continue
                result = train_and_score(train_ids, val_ids, vocab_size, recipe, seed)
                for r, b in result["bits"].items():
                    rows.append({"stage": stage, **recipe, "seed": seed, "round": r, "bits": b})
                rows[-1]["seconds"] = result["seconds"]
                print(stage, recipe, seed, [round(b, 3) for b in result["bits"].values()])
                if on_run is not None:
                    on_run(rows)

    recipes = stage_one() if recipes is None else list(recipes)
    run_recipes(recipes, 1)
    for _ in range(3):  # extend the grid past the winner's edges, while it sits on one
        best = choose([row for row in rows if row["stage"] == 1])
        winner = next(r for r in recipes if _same(r, best))
        extra = [r for r in beyond_edges(winner, recipes) if r not in recipes]
        if not extra:
            break
        recipes += extra
        run_recipes(extra, 1)
    return rows


def beyond_edges(winner: dict, recipes: list[dict]) -> list[dict]:
    """Recipes one step past the winner on each axis where it sits at the grid's edge.

    The learning rate steps by a factor 3 past the highest or lowest tried; dropout by 0.2
    past the highest tried (0 is the axis's natural end). The other settings are the winner's.
    """
    tried = [r for r in recipes if r["units"] == winner["units"]]
    rates = sorted({r["learning_rate"] for r in tried})
    dropouts = sorted({r["dropout"] for r in tried})
    out = []
    if winner["learning_rate"] == rates[-1]:
        out.append({**winner, "learning_rate": round(rates[-1] * 3, 6)})
    if winner["learning_rate"] == rates[0]:
        out.append({**winner, "learning_rate": round(rates[0] / 3, 6)})
    if winner["dropout"] == dropouts[-1] and dropouts[-1] + 0.2 < 0.9:
        out.append({**winner, "dropout": round(dropouts[-1] + 0.2, 6)})
    return out


def _same(recipe: dict, chosen: dict) -> bool:
    """Whether `chosen` (a recipe and a round) was trained by `recipe`."""
    keys = ("units", "learning_rate", "dropout", "schedule")
    return all(recipe[k] == chosen[k] for k in keys) and chosen["rounds"] <= recipe["rounds"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.char_model_settings")
    parser.add_argument("--quick", action="store_true", help="one seed, 2 rounds, fewer recipes")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"output folder (default: CSVs in {CSV_DIR}, the summary in {MD_DIR})",
    )
    parser.add_argument(
        "--resume", action="store_true", help="keep the runs already in the output's CSV"
    )
    parser.add_argument(
        "--seeds",
        action="store_true",
        help=f"only the chosen recipe from seeds {SEED_RUNS[0]}-{SEED_RUNS[-1]}, scored as lesson "
        "09 scores its live model (after the grid and --dynamic)",
    )
    parser.add_argument(
        "--dynamic",
        action="store_true",
        help="only the dynamic evaluation of the chosen recipe (after the grid)",
    )
    args = parser.parse_args(argv)

    from lstm_course.course.setup import (
        import_tensorflow_quietly_with_threads,
        limit_blas_threads,
    )

    import_tensorflow_quietly_with_threads()  # LSTM_COURSE_TF_THREADS, when the machine is shared
    limit_blas_threads(1)
    import pandas as pd

    from benchmarks.__main__ import machine, markdown

    csv_dir = args.out or CSV_DIR
    md_dir = args.out or MD_DIR
    csv_dir.mkdir(parents=True, exist_ok=True)
    csv = csv_dir / CHAR_RECIPES_CSV.name
    done = read_rows(csv, keep_seconds=True) if args.resume and csv.exists() else ()

    def save(rows):
        pd.DataFrame(rows).to_csv(csv, index=False)

    if args.seeds:
        best = choose([row for row in read_rows(csv) if row["stage"] == 1], units=LESSON_UNITS)
        rate = choose_dynamic_rate(read_dynamic_rows(csv_dir / CHAR_DYNAMIC_CSV.name))
        rows = seed_runs(
            best,
            seeds=SEED_RUNS[:1] if args.quick else SEED_RUNS,
            dynamic_rate=rate,
            on_seed=lambda rows: pd.DataFrame(rows).to_csv(
                csv_dir / CHAR_SEEDS_CSV.name, index=False
            ),
        )
        return
    if args.dynamic:
        best = choose([row for row in read_rows(csv) if row["stage"] == 1], units=LESSON_UNITS)
        rows = dynamic_eval_grid(best, seeds=(0,) if args.quick else (0, 1))
        pd.DataFrame(rows).to_csv(csv_dir / CHAR_DYNAMIC_CSV.name, index=False)
        return
    if args.quick:
        rows = run(
            seeds=(0,),
            recipes=stage_one(rounds=2)[:4],
            done=done,
            on_run=save,
        )
    else:
        rows = run(done=done, on_run=save)
    best = choose([row for row in rows if row["stage"] == 1], units=LESSON_UNITS)
    scores = candidates(rows)
    ranked = sorted(scores, key=scores.get)
    table = [
        {
            **dict(
                zip(("units", "learning rate", "dropout", "schedule", "round"), key, strict=True)
            ),
            "mean Othello bits/char": scores[key],
        }
        for key in ranked[:15]
    ]
    text = "\n".join(
        [
            f"Measured on: {machine()}",
            "",
            "### Lesson 09's LSTM recipe, chosen on Othello (trained on Hamlet + King Lear)",
            "",
            "Mean over seeds of Othello bits/char, best first (first 15 of "
            f"{len(scores)} candidates):",
            "",
            markdown(table, 3),
            "",
            f"Chosen among {LESSON_UNITS}-unit recipes: {best}.",
            "",
        ]
    )
    (md_dir / "char_model_settings.md").write_text(text, encoding="utf-8")
    save(rows)
    print(text)


if __name__ == "__main__":
    main()
