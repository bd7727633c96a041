"""Lesson 11's learning-rate walk (benchmarks/contender_lr_walk.py) and its committed results."""

import csv

import numpy as np
import pytest

from benchmarks import contender_lr_walk
from benchmarks.results_io import MD_DIR
from lstm_course.experiments import contest
from lstm_course.keras_nets.contenders import LEARNING_RATES, search_learning_rate


def committed_rows() -> list[dict]:
    with open(contest.WALK_CSV, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_committed_walk_is_the_rule_replayed_on_its_own_runs():
    rows = committed_rows()
    assert {(r["task"], r["kind"]) for r in rows} == {
        (task, kind) for task in contender_lr_walk.TASKS for kind in contest.KINDS
    }
    assert {int(r["seed"]) for r in rows} == set(contender_lr_walk.WALK_SEEDS)
    assert {int(r["data_seed"]) for r in rows} == {contender_lr_walk.DATA_SEED}
    md = (MD_DIR / "contender_lr_walk.md").read_text(encoding="utf-8")
    table = [[c.strip() for c in line.strip().strip("|").split("|")] for line in md.splitlines()]
    stated = {
        (cells[0], cells[1]): float(cells[-1])
        for cells in table
        if len(cells) == len(LEARNING_RATES) + 3 and cells[1] in contest.KINDS
    }
    assert len(stated) == len(contender_lr_walk.TASKS) * len(contest.KINDS)
    for key, scores in contest.walk_scores(rows).items():
        # every rate the rule asks for was run, with both seeds, and no other rate was
        assert all(len(v) == len(contender_lr_walk.WALK_SEEDS) for v in scores.values()), key
        chosen = contest.replay_walk(scores, key[0])
        assert stated[key] == chosen, key  # the Markdown table says what the runs choose
        assert LEARNING_RATES[0] < chosen < LEARNING_RATES[-1], key  # inside the ladder


def test_replay_walk_refuses_runs_it_would_not_make_and_misses_none():
    scores = {0.01: (1.0, 1.0), 0.03: (2.0, 2.0), 0.003: (2.0, 2.0)}
    assert contest.replay_walk(scores, "adding T=25") == 0.01
    with pytest.raises(ValueError, match="did not ask for"):
        contest.replay_walk({**scores, 0.1: (0.5, 0.5)}, "adding T=25")
    with pytest.raises(KeyError):  # the walk goes on to 0.1, which was never run
        contest.replay_walk({0.01: (1.0, 1.0), 0.03: (0.5, 0.5)}, "adding T=25")


def test_the_floor_keeps_a_solved_task_from_walking_towards_instability():
    """The context-switch LSTM's runs before the floor: 0.03 beat 0.01 by more than 2 % of
    losses near zero, and 0.1 beat 0.03, the step below a rate where a run diverged."""
    walked = {
        0.01: (0.0016, 0.0014),
        0.03: (0.0013, 0.0004),
        0.1: (0.0003, 0.0),
        0.3: (0.0002, 1.35),
    }
    relative_only, _ = search_learning_rate(walked.__getitem__, relative=contest.RELATIVE)
    assert relative_only == 0.1
    with_floor = {**{r: walked[r] for r in (0.01, 0.03)}, 0.003: (0.02, 0.01)}
    assert contest.replay_walk(with_floor, "context switch") == 0.01
    assert contest.walk_tolerance("context switch") == pytest.approx(0.01 * np.log(4))
    # where the losses are far from zero the 2 % still decides: 3 bits per character
    assert contest.walk_tolerance("characters") < contest.RELATIVE * 3.0
    with pytest.raises(ValueError, match="task must be one of"):
        contest.walk_tolerance("adding T=50")


def test_chance_losses_are_those_of_the_tasks_data():
    from lstm_course.datasets.shakespeare import load_shakespeare
    from lstm_course.datasets.vocabulary import Vocabulary

    plays = load_shakespeare()
    assert len(Vocabulary.from_text("".join(plays.values()))) == contest.CHAR_VOCAB
    rng = np.random.default_rng(0)  # the constant 1.0 against the sum of two uniform values
    mse = np.mean((rng.random(400_000) + rng.random(400_000) - 1.0) ** 2)
    assert mse == pytest.approx(contest.CHANCE_LOSS["adding T=25"], rel=0.01)


def test_walk_scores_keeps_seed_order_whatever_the_row_order():
    rows = [
        {"task": "t", "kind": "LSTM", "learning_rate": "0.01", "seed": s, "val_loss": v}
        for s, v in ((1, "0.2"), (0, "0.1"))
    ]
    assert contest.walk_scores(rows) == {("t", "LSTM"): {0.01: (0.1, 0.2)}}


class _FakeModel:
    def __init__(self, rate, seed):
        self.rate, self.seed = rate, seed


class _FakeContenders:
    """Stands in for contest.Contenders: a 'trained model' is its rate and seed."""

    def __init__(self, char_vocab):
        pass

    def run(self, task, kind, seed, rate, train):
        return _FakeModel(rate, seed), 0.0


def _loss(model, best):
    return abs(np.log10(model.rate) - np.log10(best)) + 0.001 * model.seed


def test_walk_script_writes_every_run_the_rule_asks_for(monkeypatch):
    best = {"adding T=25": 0.1, "context switch": 0.003}  # by task: the rate with the least loss
    tasks = {
        task: ("model", lambda m, s: None, lambda m, b=b: _loss(m, b)) for task, b in best.items()
    }
    monkeypatch.setattr(contest, "Contenders", _FakeContenders)
    monkeypatch.setattr(contest, "character_splits", lambda: {"vocab": range(5)})
    monkeypatch.setattr(contender_lr_walk, "task_functions", lambda seed, quick: tasks)
    rows = contender_lr_walk.run(seeds=(0, 1), data_seed=7)
    assert {r["data_seed"] for r in rows} == {7}
    scores = contest.walk_scores(rows)
    for (task, _), by_rate in scores.items():
        asked = []

        def score(rate, task=task, asked=asked):
            asked.append(rate)
            return [_loss(_FakeModel(rate, s), best[task]) for s in (0, 1)]

        chosen, _ = search_learning_rate(
            score, relative=contest.RELATIVE, tolerance=contest.walk_tolerance(task)
        )
        assert list(by_rate) == asked  # the rows are the walk's runs, in its order
        assert contest.replay_walk(by_rate, task) == chosen == best[task]
    text = contender_lr_walk.markdown(rows)
    assert "| adding T=25 | LSTM |" in text
    assert sum(line.endswith(" | 0.1 |") for line in text.splitlines()) == 2  # chosen: 0.1


def test_splits_are_drawn_from_the_seed_with_the_stated_sizes():
    train, val, test = contest.adding_splits(25, 0)
    assert [len(s[1]) for s in (train, val, test)] == [
        contest.ADD_TRAIN,
        contest.ADD_VAL,
        contest.ADD_TEST,
    ]
    other = contest.adding_splits(25, 1)[0]
    assert not np.array_equal(train[0], other[0])  # another course seed, other data
    cs_train, cs_test, cs_val = contest.context_switch_splits(0)
    assert [d.gap for d in cs_train] == list(contest.CS_GAPS)
    assert [d.gap for d in cs_test] == list(contest.CS_GAPS + contest.CS_UNSEEN)
    assert [d.gap for d in cs_val] == list(contest.CS_VAL_GAPS)
    assert [len(d.y) for d in cs_train + cs_test + cs_val] == [800] * 5 + [500] * 7 + [200] * 4
