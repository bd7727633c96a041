"""Lesson 09's LSTM with a larger budget: python -m benchmarks.char_long_run.

Lesson 09 trains a 192-unit LSTM for at most four rounds within its time; this
script trains one larger model for longer, once, and ships its weights so the lesson can load
and score it: 384 units, dropout 0.3 on the LSTM's outputs, Adam at 0.005 decayed to 0 along a
cosine over 12 rounds, each gradient clipped to norm 1, on *Hamlet* + *King Lear*, the state
carried along 64 streams in windows of 25 characters (lesson 09's training, from
`lstm_course.keras_nets.char_lstm`). It scores *Othello*, the validation play, after every round and
keeps the weights of the best round: the round is chosen on validation; the rest of the recipe is
one guess at what a larger budget should change (wider, more dropout, longer), not a grid.

Writes, for `--seed N`, lstm_course/datasets/files/results/char_long_run_seedN.npz (the weights as
float16, 1.3 MB; the lesson scores them as loaded) and char_long_run_seedN.json (the recipe, each
round's Othello bits/char, the seconds, the machine and the SHA-256 of the weights file).
About 30 minutes on one core of a 2-core CPU. Lesson 09 loads seeds 0 and 1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time

import numpy as np

from lstm_course.experiments.char_recipe import LONG_RUN, long_run_paths
from lstm_course.keras_nets import char_lstm

STREAMS, WINDOW, VAL_STREAMS, EMBED = 64, 25, 64, 32


def train(plays=None, recipe=LONG_RUN, seed: int = 0) -> tuple[list[np.ndarray], dict]:
    """Train the long run; (the best round's weights as float16 arrays, the log as a dict)."""
    import keras

    from benchmarks.char_model_settings import _encoded, make_optimizer

    train_ids, val_ids, vocab_size = _encoded(plays)
    keras.utils.set_random_seed(seed)
    model = char_lstm.build_char_lstm(vocab_size, recipe["units"], EMBED, recipe["dropout"])
    x, y = char_lstm.streams(train_ids, STREAMS)
    x_val, y_val = char_lstm.streams(val_ids, VAL_STREAMS)
    optimizer = make_optimizer(recipe, recipe["rounds"] * (x.shape[1] // WINDOW))
    log = {"recipe": dict(recipe), "seed": seed, "othello_bits_by_round": []}
    best: dict = {"bits": np.inf}
    start = time.perf_counter()

    def after_round(r):
        bits = char_lstm.bits_per_char(model, x_val, y_val)
        log["othello_bits_by_round"].append(round(bits, 4))
        print(f"round {r}: Othello {bits:.4f} ({time.perf_counter() - start:.0f} s)", flush=True)
        if bits < best["bits"]:
            best.update(bits=bits, round=r, weights=model.get_weights())

    char_lstm.train_rounds(model, optimizer, x, y, WINDOW, recipe["rounds"], after_round)
    half = [w.astype(np.float16) for w in best["weights"]]
    model.set_weights([w.astype(np.float32) for w in half])
    log["chosen_round"] = best["round"]
    log["othello_bits_float16_weights"] = round(char_lstm.bits_per_char(model, x_val, y_val), 4)
    log["seconds"] = round(time.perf_counter() - start)
    return half, log


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.char_long_run")
    parser.add_argument("--seed", type=int, default=0, help="the run's seed (default 0)")
    args = parser.parse_args(argv)
    npz, log_path = long_run_paths(args.seed)

    from lstm_course.course.setup import (
        import_tensorflow_quietly_with_threads,
        limit_blas_threads,
    )

    import_tensorflow_quietly_with_threads()  # LSTM_COURSE_TF_THREADS, when the machine is shared
    limit_blas_threads(1)
    from benchmarks.__main__ import machine

    weights, log = train(seed=args.seed)
    np.savez(npz, *weights)  # arr_0, arr_1, ... in the order of model.get_weights()
    log["machine"] = machine()
    log["weights_sha256"] = hashlib.sha256(npz.read_bytes()).hexdigest()
    log_path.write_text(json.dumps(log, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(log, indent=1))


if __name__ == "__main__":
    main()
