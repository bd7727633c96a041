"""Lesson 11's three tasks, as the LSTM and the attention model are trained and scored on them.

Introduced in notebooks/11_where_the_lstm_stands.ipynb. The lesson and
`benchmarks/contender_lr_walk.py` (which walks each contender's learning rate on validation,
once, and writes lstm_course/datasets/files/results/contender_lr_walk.csv) train with this code, so
the rates the walk chose are rates for exactly the runs the lesson makes:

- the models (`builders`): an LSTM and a one-block attention model per task, with about the
  same number of weights;
- the data (`adding_splits`, `context_switch_splits`, `character_splits`): training,
  validation and test sets, the first two drawn from the course seed;
- the training and scoring functions (`fit_adding`, `train_sentences`, `train_characters`;
  `adding_mse`, `sentences_loss`, `bits_per_char`);
- `Contenders`: each (task, kind) compiled once, Adam with clipnorm 1, and every run started
  afresh from its seed at its learning rate (`lstm_course.keras_nets.contenders.reinitialise`).
"""

from __future__ import annotations

import math
import time

import numpy as np

from lstm_course.datasets import RESULTS

# written by `python -m benchmarks.contender_lr_walk`, read by lesson 11
WALK_CSV = RESULTS / "contender_lr_walk.csv"
RELATIVE = 0.02  # clearly better: both seeds' losses lower than both, by 2 % of the loss ...
FLOOR = 0.01  # ... and by 1 % of the task's chance-level loss (CHANCE_LOSS): the two add

ADD_UNITS, CS_UNITS, CS_EMBED, CHAR_UNITS, CHAR_EMBED = 32, 16, 8, 64, 16
ADD_LENGTHS, ADD_TRAIN, ADD_VAL, ADD_TEST, ADD_EPOCHS = (25, 100), 6_000, 1_000, 2_000, 5
CS_GAPS, CS_VAL_GAPS, CS_UNSEEN, CS_EPOCHS = (2, 5, 8, 11, 14), (4, 7, 10, 13), (20, 30), 4
WINDOW, CHAR_WINDOWS, CHAR_EPOCHS, CHAR_VAL_WINDOWS = 64, 1_600, 3, 200
CS_CLASSES = 4
KINDS = ("LSTM", "attention")
CHAR_VOCAB = 63  # characters of lesson 09's four plays (tests/test_contest.py checks it)
# The validation loss of a model that knows nothing, per task of the walk: the constant 1.0 on
# the adding problem (MSE 1/6, the variance of the sum of two uniform values), a uniform guess
# over the CS_CLASSES answers (nats) and over the CHAR_VOCAB characters (bits).
CHANCE_LOSS = {
    "adding T=25": 1 / 6,
    "adding T=100": 1 / 6,
    "context switch": math.log(CS_CLASSES),
    "characters": math.log2(CHAR_VOCAB),
}


def walk_tolerance(task: str) -> float:
    """The walk's absolute margin on `task`: FLOOR of its chance-level loss. Where both rates'
    losses are near zero (a solved task), 2 % of the loss is a difference no claim depends on,
    and letting it move the walk pulls the choice up the ladder towards the rate where runs
    diverge (the context-switch LSTM went from 0.03 to 0.1 on losses of 0.0004 and 0.0000)."""
    if task not in CHANCE_LOSS:
        raise ValueError(f"task must be one of {sorted(CHANCE_LOSS)}, got {task!r}")
    return FLOOR * CHANCE_LOSS[task]


def lstm_model(inputs: int, units: int, outputs: int, embed=None, every_step: bool = False):
    """Embedding(inputs, embed) (or numbers with `inputs` features) -> LSTM(units) -> Dense.

    (batch, T) word or character ids (or (batch, T, inputs) numbers) -> (batch, outputs), or
    (batch, T, outputs) with `every_step`.
    """
    import keras

    if embed is None:
        layers = [keras.Input(shape=(None, inputs))]
    else:
        layers = [keras.Input(shape=(None,), dtype="int32"), keras.layers.Embedding(inputs, embed)]
    layers += [keras.layers.LSTM(units, return_sequences=every_step), keras.layers.Dense(outputs)]
    return keras.Sequential(layers)


def builders(char_vocab: int) -> dict:
    """{(task, kind): a function building that contender, uncompiled}; tasks "adding",
    "context switch", "characters" (`char_vocab` characters), kinds "LSTM", "attention"."""
    from lstm_course.datasets import context_switch
    from lstm_course.keras_nets.attention import build_attention_model

    cs_vocab, v = len(context_switch.context_switch_vocabulary()), char_vocab
    return {
        ("adding", "LSTM"): lambda: lstm_model(2, ADD_UNITS, 1),
        ("adding", "attention"): lambda: build_attention_model(1, 16, 2, 8, 96, features=2),
        ("context switch", "LSTM"): lambda: lstm_model(cs_vocab, CS_UNITS, CS_CLASSES, CS_EMBED),
        ("context switch", "attention"): lambda: build_attention_model(
            CS_CLASSES, 8, 2, 4, 76, vocab=cs_vocab
        ),
        ("characters", "LSTM"): lambda: lstm_model(v, CHAR_UNITS, v, CHAR_EMBED, every_step=True),
        ("characters", "attention"): lambda: build_attention_model(
            v, 48, 4, 12, 104, vocab=v, last_only=False
        ),
    }


def adding_splits(steps: int, seed: int) -> tuple:
    """(train, validation, test) of the adding problem at T = `steps`, each (x, y), drawn from
    the course seed `seed`: ADD_TRAIN, ADD_VAL and ADD_TEST sequences."""
    from lstm_course.datasets.adding_problem import adding_problem

    return (
        adding_problem(ADD_TRAIN, steps, seed=1_000 * seed + steps),
        adding_problem(ADD_VAL, steps, seed=1_000 * seed + 250 + steps),
        adding_problem(ADD_TEST, steps, seed=1_000 * seed + 500 + steps),
    )


def context_switch_splits(seed: int) -> tuple[list, list, list]:
    """(training, test, validation) context-switch sentences drawn from the course seed `seed`,
    each a list of ContextSwitchData, one per gap: 800 training sentences at each of CS_GAPS,
    500 test sentences (held-out fillers) at each of CS_GAPS + CS_UNSEEN, 200 validation
    sentences at each of CS_VAL_GAPS."""
    from lstm_course.datasets import context_switch

    def sentences(n, gaps, offset, split):
        return [
            context_switch.held_out_sentences(n, g, seed=1_000 * seed + offset + g, split=split)
            for g in gaps
        ]

    return (
        sentences(800, CS_GAPS, 0, "train"),
        sentences(500, CS_GAPS + CS_UNSEEN, 100, "test"),
        sentences(200, CS_VAL_GAPS, 200, "train"),
    )


def windows_of(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every full window of WINDOW characters of `ids`: inputs and next characters, each
    (n, WINDOW)."""
    n = (len(ids) - 1) // WINDOW
    return ids[: n * WINDOW].reshape(n, WINDOW), ids[1 : n * WINDOW + 1].reshape(n, WINDOW)


def character_splits() -> dict:
    """Lesson 09's plays split for lesson 11 (no seed: the text is fixed).

    Returns {"vocab", "fit_text" (the training plays without their last CHAR_VAL_WINDOWS
    windows), "val_text" (those windows: the end of Othello), "test_text" (Macbeth),
    "test_play", "train_ids", "val" and "test" (each (x, y) of `windows_of`)}.
    """
    from lstm_course.datasets.shakespeare import SHAKESPEARE_PLAYS, load_shakespeare
    from lstm_course.datasets.vocabulary import Vocabulary

    plays = load_shakespeare()
    vocab = Vocabulary.from_text("".join(plays.values()))
    *train_plays, test_play = SHAKESPEARE_PLAYS
    train_text = "\n".join(plays[p] for p in train_plays)
    cut = len(train_text) - CHAR_VAL_WINDOWS * WINDOW - 1
    fit_text, val_text, test_text = train_text[:cut], train_text[cut:], plays[test_play]
    train_ids, val_ids, test_ids = (vocab.encode(t) for t in (fit_text, val_text, test_text))
    return {
        "vocab": vocab,
        "fit_text": fit_text,
        "val_text": val_text,
        "test_text": test_text,
        "test_play": test_play,
        "train_ids": train_ids,
        "val": windows_of(val_ids),
        "test": windows_of(test_ids),
    }


def fit_adding(model, seed: int, x: np.ndarray, y: np.ndarray) -> None:
    """ADD_EPOCHS epochs over (x, y) in batches of 64 (Keras shuffles them)."""
    model.fit(x, y, batch_size=64, epochs=ADD_EPOCHS, verbose=0)


def adding_mse(model, x: np.ndarray, y: np.ndarray) -> float:
    """The model's MSE on (x (n, T, 2), y (n,))."""
    error = model.predict(x, batch_size=1_000, verbose=0)[:, 0] - y
    return float(np.mean(error.astype(np.float64) ** 2))


def train_sentences(model, seed: int, sentences: list) -> None:
    """CS_EPOCHS epochs over `sentences` (one ContextSwitchData per gap): batches of 64 of one
    gap, all gaps' batches shuffled together, the order drawn from `seed`."""
    rng = np.random.default_rng(seed)
    for _ in range(CS_EPOCHS):
        batches = []
        for d in sentences:
            order = rng.permutation(len(d.y))
            batches += [(d, order[s : s + 64]) for s in range(0, len(order), 64)]
        for k in rng.permutation(len(batches)):
            d, rows = batches[k]
            model.train_on_batch(d.x[rows], d.y[rows])


def sentences_loss(model, sentences: list) -> float:
    """Mean over the gaps of the model's loss on each gap's sentences (one batch per gap)."""
    return float(np.mean([model.test_on_batch(d.x, d.y) for d in sentences]))


def train_characters(model, seed: int, train_ids: np.ndarray) -> None:
    """CHAR_EPOCHS epochs of CHAR_WINDOWS windows of WINDOW + 1 characters, drawn at random
    (from `seed`) from `train_ids`, in batches of 32."""
    rng = np.random.default_rng(seed)
    for _ in range(CHAR_EPOCHS):
        starts = rng.integers(0, len(train_ids) - WINDOW - 1, CHAR_WINDOWS)
        windows = train_ids[starts[:, None] + np.arange(WINDOW + 1)]
        model.fit(
            windows[:, :-1], windows[:, 1:], batch_size=32, epochs=1, verbose=0, shuffle=False
        )


def bits_per_char(model, x: np.ndarray, y: np.ndarray) -> float:
    """Mean bits per character of the model's next-character predictions on windows (x, y)."""
    return model.evaluate(x, y, batch_size=256, verbose=0) / math.log(2)


class Contenders:
    """Each (task, kind) compiled once (Adam, clipnorm 1, the task's loss); `run` starts it
    afresh from a seed at a learning rate and trains it."""

    def __init__(self, char_vocab: int):
        import keras

        self.build = builders(char_vocab)
        cross_entropy = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        self.loss = {"adding": "mse", "context switch": cross_entropy, "characters": cross_entropy}
        self.models: dict = {}

    def model(self, task: str, kind: str):
        """The compiled model of (task, kind), built on first use."""
        if (task, kind) not in self.models:
            import keras

            model = self.build[task, kind]()
            optimizer = keras.optimizers.Adam(learning_rate=1e-2, clipnorm=1.0)
            model.compile(optimizer=optimizer, loss=self.loss[task])
            self.models[task, kind] = model
        return self.models[task, kind]

    def run(self, task: str, kind: str, seed: int, rate: float, train) -> tuple:
        """train(model, seed) from a fresh start of `seed` at learning rate `rate`:
        (the trained model, the training's seconds)."""
        from lstm_course.keras_nets.contenders import reinitialise

        model = self.model(task, kind)
        reinitialise(model, self.build[task, kind], seed)
        model.optimizer.learning_rate.assign(rate)
        start = time.perf_counter()
        train(model, seed)
        return model, time.perf_counter() - start


def walk_scores(rows) -> dict:
    """{(task, kind): {learning rate: tuple of the runs' validation losses in seed order}} from
    rows (dicts with "task", "kind", "learning_rate", "seed", "val_loss", as in WALK_CSV)."""
    table: dict = {}
    for row in sorted(rows, key=lambda r: int(r["seed"])):
        value = float(row["val_loss"])
        key, rate = (row["task"], row["kind"]), float(row["learning_rate"])
        table.setdefault(key, {}).setdefault(rate, []).append(value)
    return {key: {r: tuple(v) for r, v in rates.items()} for key, rates in table.items()}


def replay_walk(scores: dict[float, tuple], task: str) -> float:
    """The rate `search_learning_rate` (margins RELATIVE and walk_tolerance(task)) chooses from
    runs already made: `scores` {rate: losses}; a KeyError if the walk asks for a rate that was
    not run."""
    from lstm_course.keras_nets.contenders import search_learning_rate

    chosen, asked = search_learning_rate(
        lambda rate: list(scores[rate]), relative=RELATIVE, tolerance=walk_tolerance(task)
    )
    if set(asked) != set(scores):
        raise ValueError(f"runs the walk did not ask for: {sorted(set(scores) - set(asked))}")
    return chosen
