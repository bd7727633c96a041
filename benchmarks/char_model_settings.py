"""Lesson 09's LSTM settings, chosen on a held-out play: `python -m benchmarks.char_model_settings`.

Lesson 09 scores its character LSTM on *Macbeth*, and chooses its n-gram's n and k on *Othello*
with the counts from *Hamlet* and *King Lear* only, so that the play it reports was never used
to choose anything. This script does the same for the LSTM's settings (width, streams x window,
rounds): each candidate is trained on *Hamlet* and *King Lear* exactly as lesson 09 trains
(Embedding(V, 32) -> LSTM(units) -> Dense(V); the state carried from one window to the next
along parallel streams; Adam, learning rate 0.01, each gradient clipped to norm 1) and scored in
bits per character on *Othello*, read as 64 streams from a zero state, as lesson 09 reads
*Macbeth*. Prints a Markdown table and writes it to benchmarks/results/char_model_settings.md
(and .csv). About 3 minutes on a 2-core CPU; `--quick` runs one seed.

The model, the streams and the training step are lesson 09's, from `lstm_course.char_lstm`
(notebooks/09_text_generation.ipynb checks its own cells equal them).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from lstm_course import char_lstm

OUT = Path(__file__).resolve().parent / "results"
EMBED, LEARNING_RATE, VAL_STREAMS = 32, 0.01, 64
LESSON_09 = (192, 64, 25, 3)  # units, streams, window, rounds: what lesson 09 trains
CANDIDATES = (  # about the same training cost, within lesson 09's time budget, or less
    (128, 32, 50, 2),  # the lesson's settings before it was made to beat the 4-gram
    (128, 64, 25, 3),
    (192, 32, 50, 2),
    LESSON_09,
    (256, 64, 25, 2),
)


def train_and_score(train_ids, val_ids, vocab_size, units, n_streams, window, rounds, seed):
    """Train lesson 09's model with these settings on train_ids; (bits/char, seconds, updates).

    train_ids, val_ids: 1-D int arrays of character ids. The validation text is read as
    VAL_STREAMS streams, each from a zero state, as lesson 09 scores Macbeth.
    """
    import keras

    keras.utils.set_random_seed(seed)
    model = char_lstm.build_char_lstm(vocab_size, units, EMBED)
    optimizer = keras.optimizers.Adam(learning_rate=LEARNING_RATE, clipnorm=1.0)
    x_train, y_train = char_lstm.streams(train_ids, n_streams)
    start = time.perf_counter()
    updates = char_lstm.train_rounds(model, optimizer, x_train, y_train, window, rounds)
    seconds = time.perf_counter() - start
    bits = char_lstm.bits_per_char(model, *char_lstm.streams(val_ids, VAL_STREAMS))
    return bits, seconds, updates


def run(seeds=(0, 1), candidates=CANDIDATES, plays=None) -> list[dict]:
    """One row per candidate: its settings, updates, seconds and Othello bits/char per seed.

    plays: {play: text} (default: the course's four plays); the candidates are trained on
    hamlet + king_lear and scored on othello.
    """
    from lstm_course.data.shakespeare import load_shakespeare, shared_substrings
    from lstm_course.data.vocabulary import Vocabulary

    plays = load_shakespeare() if plays is None else plays
    vocab = Vocabulary.from_text("".join(plays.values()))  # lesson 09's vocabulary
    train_text = "\n".join(plays[p] for p in ("hamlet", "king_lear"))
    val_text = plays["othello"]
    if shared_substrings(val_text, train_text, 50):
        raise ValueError("the held-out play shares 50-character strings with the training plays")
    train_ids, val_ids = vocab.encode(train_text), vocab.encode(val_text)
    rows = []
    for units, n_streams, window, rounds in candidates:
        row = {"units": units, "streams x window": f"{n_streams} x {window}", "rounds": rounds}
        row["updates"] = 0  # set by the runs below (the same for every seed)
        row["lesson 09"] = "yes" if (units, n_streams, window, rounds) == LESSON_09 else ""
        bits, seconds = [], []
        for seed in seeds:
            b, s, row["updates"] = train_and_score(
                train_ids, val_ids, len(vocab), units, n_streams, window, rounds, seed
            )
            bits.append(b)
            seconds.append(s)
            row[f"Othello bits/char, seed {seed}"] = b
        row["mean bits/char"] = float(np.mean(bits))
        row["training s (mean)"] = float(np.mean(seconds))
        rows.append(row)
        print(row, flush=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.char_model_settings")
    parser.add_argument("--quick", action="store_true", help="one seed instead of two")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    args = parser.parse_args(argv)

    from lstm_course.notebook_setup import import_tensorflow_quietly, limit_blas_threads

    import_tensorflow_quietly()
    limit_blas_threads(1)
    import pandas as pd

    from benchmarks.__main__ import machine, markdown

    header = f"Measured on: {machine()}"
    rows = run(seeds=(0,) if args.quick else (0, 1))
    best = min(rows, key=lambda r: r["mean bits/char"])
    verdict = (
        "lesson 09's settings are the best on Othello"
        if best["lesson 09"]
        else f"lesson 09's settings are NOT the best on Othello: {best}"
    )
    text = "\n".join(
        [
            header,
            "",
            "### Lesson 09's LSTM settings, chosen on Othello (trained on Hamlet + King Lear)",
            "",
            markdown(rows, 3),
            "",
            f"Lowest mean: {verdict}.",
            "",
        ]
    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "char_model_settings.md").write_text(text)
    pd.DataFrame(rows).to_csv(args.out / "char_model_settings.csv", index=False)
    print(text)


if __name__ == "__main__":
    main()
