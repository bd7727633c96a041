"""Accuracy by gap on held-out sentences, for one seed and over seeds."""

import numpy as np
import pytest

from lstm_course.experiments.gap_accuracy import accuracy_by_gap, accuracy_by_gap_over_seeds


def test_accuracy_by_gap_short_gap_is_learned_and_long_gap_is_refused(capsys):
    res = accuracy_by_gap("rnn", [1], steps=150, units=12, n_train=500, n_test=200, seed=0)
    assert res.accuracy[0] > 0.9 and res.chance == 0.25 and len(res.losses[0]) == 150
    assert res.train_accuracy[0] > 0.9  # learned: the training sentences are answered too
    out = capsys.readouterr().out
    assert "rnn seed 0 gap   1" in out and f"train accuracy {res.train_accuracy[0]:.3f}" in out
    with pytest.raises(ValueError, match="gaps must be"):
        accuracy_by_gap("rnn", [])
    with pytest.raises(ValueError, match="gaps must be"):
        accuracy_by_gap("rnn", [0])
    with pytest.raises(ValueError, match="cell must be"):
        accuracy_by_gap("gru", [1])


def test_accuracy_by_gap_over_seeds_is_one_run_per_seed():
    kwargs = {"steps": 40, "units": 6, "n_train": 200, "n_test": 100, "verbose": False}
    res = accuracy_by_gap_over_seeds("rnn", [1, 2], seeds=[3, 5], **kwargs)
    assert res.accuracy.shape == (2, 2) and res.seeds == [3, 5] and res.chance == 0.25
    assert res.final_losses(last=10).shape == (2, 2) and res.train_accuracy.shape == (2, 2)
    for row, train_row, seed in zip(res.accuracy, res.train_accuracy, (3, 5), strict=True):
        alone = accuracy_by_gap("rnn", [1, 2], seed=seed, **kwargs)  # row k is seed k's own run
        np.testing.assert_array_equal(row, alone.accuracy)
        np.testing.assert_array_equal(train_row, alone.train_accuracy)
    assert not np.array_equal(res.runs[0].losses[0], res.runs[1].losses[0])  # seeds differ
    with pytest.raises(ValueError, match="distinct"):
        accuracy_by_gap_over_seeds("rnn", [1], seeds=[1, 1], **kwargs)
    with pytest.raises(ValueError, match="not `seed`"):
        accuracy_by_gap_over_seeds("rnn", [1], seeds=[1], seed=2)


def test_init_and_validation_accuracy(capsys):
    from lstm_course.experiments.gap_accuracy import choose_by_validation

    kwargs = {"steps": 30, "units": 6, "n_train": 200, "n_test": 100, "seed": 1}
    res = accuracy_by_gap("lstm", [3], init="forget-only", n_val=50, **kwargs)
    assert res.init == "forget-only" and len(res.val_accuracy) == 1
    assert "validation accuracy" in capsys.readouterr().out
    chrono = accuracy_by_gap("lstm", [3], init="chrono", verbose=False, **kwargs)
    old = accuracy_by_gap("lstm", [3], forget_bias="chrono", verbose=False, **kwargs)
    np.testing.assert_array_equal(chrono.losses[0], old.losses[0])  # the same run as before
    assert chrono.val_accuracy == [] and old.init is None
    assert not np.array_equal(res.losses[0], chrono.losses[0])  # b_i = 0 is another start
    over = accuracy_by_gap_over_seeds(
        "rnn",
        [2],
        [0, 1],
        init="identity",
        n_val=40,
        verbose=False,
        steps=20,
        units=4,
        n_train=100,
        n_test=50,
    )
    assert over.val_accuracy.shape == (2, 1)
    with pytest.raises(ValueError, match="init for 'rnn' must be one of"):
        accuracy_by_gap("rnn", [1], init="chrono")
    with pytest.raises(ValueError, match="n_val must be"):
        accuracy_by_gap("rnn", [1], n_val=-1)
    part = accuracy_by_gap("lstm", [3], init="chrono", verbose=False, n_train_eval=50, **kwargs)
    np.testing.assert_array_equal(part.losses[0], chrono.losses[0])  # the same training
    assert part.train_accuracy[0] * 50 == pytest.approx(round(part.train_accuracy[0] * 50))
    with pytest.raises(ValueError, match="n_train_eval must be"):
        accuracy_by_gap("rnn", [1], n_train=10, n_train_eval=11)
    # choosing: highest mean over seeds per gap; ties go to the first in menu order
    val = {
        "a": np.array([[0.5, 0.9], [0.5, 0.9]]),
        "b": np.array([[0.9, 0.9], [0.3, 0.9]]),
        "c": np.array([[0.2, 0.1], [1.0, 0.1]]),
    }
    assert choose_by_validation(val) == ["b", "a"]  # gap 0: b and c tie at 0.6, a is 0.5
    with pytest.raises(ValueError, match="same non-empty"):
        choose_by_validation({"a": np.zeros((2, 2)), "b": np.zeros((2, 3))})
    with pytest.raises(ValueError, match="at least one"):
        choose_by_validation({})


def test_menu_rows_and_table(tmp_path):
    from lstm_course.experiments.gap_accuracy import menu_table, read_menu_rows

    path = tmp_path / "menu.csv"
    path.write_text(
        "cell,init,learning_rate,gap,seed,train_accuracy,val_accuracy,test_accuracy,seconds\n"
        "rnn,default,0.01,10,1,1.0,0.9,0.8,2.0\n"
        "rnn,default,0.01,10,0,0.5,0.4,0.3,2.0\n"
        "rnn,identity,0.01,20,0,0.2,0.25,0.3,2.0\n"
        "rnn,identity,0.003,20,0,0.9,0.95,0.9,2.0\n",
        encoding="utf-8",
    )
    rows = read_menu_rows(path)
    assert rows[0]["gap"] == 10 and rows[0]["val_accuracy"] == 0.9
    val = menu_table(rows, "val_accuracy", "rnn", "default", [10, 20])
    np.testing.assert_array_equal(val[:, 0], [0.4, 0.9])  # seeds sorted: 0, then 1
    assert np.isnan(val[:, 1]).all()  # no default run at gap 20
    assert menu_table(rows, "test_accuracy", "rnn", "identity", [20], 0.01)[0, 0] == 0.3
    assert menu_table(rows, "test_accuracy", "rnn", "identity", [20], 0.003)[0, 0] == 0.9
    with pytest.raises(ValueError, match="key must be one of"):
        menu_table(rows, "loss", "rnn", "default", [10])
    (tmp_path / "empty.csv").write_text("cell,init\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no rows"):
        read_menu_rows(tmp_path / "empty.csv")


def test_committed_menu_results_cover_the_whole_grid():
    from lstm_course.experiments.gap_accuracy import INIT_MENU_CSV, menu_table, read_menu_rows
    from lstm_course.numpy_nets.training import INITS

    rows = read_menu_rows(INIT_MENU_CSV)
    gaps = sorted({r["gap"] for r in rows})
    assert gaps == [10, 20, 40, 80] and sorted({r["seed"] for r in rows}) == [0, 1, 2]
    assert sorted({r["learning_rate"] for r in rows}) == [1e-3, 3e-3, 1e-2]
    for cell, menu in INITS.items():
        for init in menu:
            for lr in (1e-3, 3e-3, 1e-2):
                for key in ("train_accuracy", "val_accuracy", "test_accuracy"):
                    assert not np.isnan(menu_table(rows, key, cell, init, gaps, lr)).any()


def test_committed_seed_study_trains_the_chosen_pairs_at_gap_80():
    from lstm_course.experiments.gap_accuracy import (
        INIT_MENU_CSV,
        INIT_MENU_SEEDS_CSV,
        choose_entries,
        read_menu_rows,
    )

    picks = choose_entries(read_menu_rows(INIT_MENU_CSV), [10, 20, 40, 80])
    study = read_menu_rows(INIT_MENU_SEEDS_CSV)
    for cell, pairs in picks.items():
        runs = [r for r in study if r["cell"] == cell]
        assert [r["seed"] for r in runs] == list(range(24))
        assert {(r["init"], r["learning_rate"], r["gap"]) for r in runs} == {(*pairs[-1], 80)}
