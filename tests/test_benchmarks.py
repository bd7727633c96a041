"""The benchmark script on tiny sizes: what it computes, not how fast (no timing asserts)."""

import math

import numpy as np
import pandas as pd
import pytest

from benchmarks import cell_speed, lstm_speed
from benchmarks.__main__ import (
    MARKERS,
    README,
    format_duration,
    markdown,
    merged_report,
    readme_tables,
    replace_between_markers,
    sections_of,
    update_syllabus_times,
)
from benchmarks.timing import median_seconds, paired_medians
from lstm_course.char_recipe import RECIPE, candidates, choose, read_rows


def test_paired_medians_times_every_function_in_alternation():
    calls = []
    result = paired_medians({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, 3, 1)
    assert set(result) == {"a", "b"}
    assert calls == ["a", "b"] * 4  # one warm-up round, then three timed rounds


@pytest.mark.parametrize("repeats,warmup", [(0, 1), (3, -1)])
def test_timing_rejects_bad_counts(repeats, warmup):
    with pytest.raises(ValueError, match="repeats must be >= 1"):
        median_seconds(lambda: None, repeats, warmup)


def test_lstm_row_reports_both_numpy_lstms_and_compares_the_same_gradients():
    row = lstm_speed.measure(2, 3, 2, 4, np.float64, repeats=1)
    assert list(row) == [
        *("batch", "T", "D", "H", "dtype", "keras_on"),
        *("readable_fwd_ms", "fast_fwd_ms", "readable_ms", "fast_ms"),
        *("readable_fwd_over_fast", "readable_over_fast"),
        *("keras_eager_ms", "keras_tf_function_ms", "fast_vs_eager", "fast_vs_tf_function"),
        "grad_rel_diff",
    ]
    assert (row["batch"], row["T"], row["D"], row["H"]) == (2, 3, 2, 4)
    assert row["keras_on"] == "CPU" and row["dtype"] == "float64"
    assert row["grad_rel_diff"] < 1e-9  # both NumPy LSTMs and Keras computed the same thing
    assert row["readable_over_fast"] == pytest.approx(row["readable_ms"] / row["fast_ms"])
    assert row["readable_fwd_over_fast"] == pytest.approx(
        row["readable_fwd_ms"] / row["fast_fwd_ms"]
    )
    assert row["fast_vs_tf_function"] == pytest.approx(row["fast_ms"] / row["keras_tf_function_ms"])


def test_lstm_row_gradient_check_catches_a_wrong_numpy_lstm(monkeypatch):
    """grad_rel_diff compares each NumPy LSTM with Keras: a wrong kernel cannot hide."""
    from lstm_course import numpy_lstm_fast

    backward = numpy_lstm_fast.lstm_backward

    def wrong_backward(dhs, cache):
        grads = backward(dhs, cache)
        return {**grads, "bias": 1.01 * grads["bias"]}

    monkeypatch.setattr(numpy_lstm_fast, "lstm_backward", wrong_backward)
    row = lstm_speed.measure(2, 3, 2, 4, np.float64, repeats=1)
    assert row["grad_rel_diff"] == pytest.approx(0.01, rel=1e-6)


def test_unknown_device_is_refused():
    params = {"kernel": np.zeros((2, 4)), "recurrent_kernel": np.zeros((1, 4)), "bias": np.zeros(4)}
    with pytest.raises(ValueError, match="device must be 'CPU' or 'GPU'"):
        lstm_speed._keras_step_fns(params, np.zeros((1, 2, 2)), np.zeros((1, 2, 1)), "TPU")


def test_cell_rows_time_each_backend_relative_to_its_fused_layer():
    rows = cell_speed.run(repeats=1, n=8, batch=4, steps=3, features=2, units=4)
    assert [r["model"] for r in rows] == list(cell_speed.KINDS)
    assert list(rows[0])[7:] == [
        *("tf_epoch_s", "jax_epoch_s", "tf_ratio_to_keras_LSTM", "jax_ratio_to_keras_LSTM")
    ]
    for backend in ("tf", "jax"):
        assert rows[0][f"{backend}_ratio_to_keras_LSTM"] == 1.0
        for r in rows:  # each ratio is this row's epoch time over the fused layer's
            assert r["device"] == "CPU"
            assert r[f"{backend}_epoch_s"] > 0
            assert r[f"{backend}_ratio_to_keras_LSTM"] == pytest.approx(
                r[f"{backend}_epoch_s"] / rows[0][f"{backend}_epoch_s"]
            )


def test_backend_child_refuses_the_wrong_backend(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    args = ["--backend=jax", f"--weights={tmp_path / 'w.npz'}", "--n=8", "--batch=4"]
    with pytest.raises(SystemExit):
        cell_speed.main([*args, "--T=3", "--D=2", "--H=4"])


def test_markdown_table_keeps_small_numbers_visible():
    table = markdown([{"name": "x", "ms": 12.345, "diff": 3.1e-6}])
    assert table.splitlines() == [
        "| name | ms | diff |",
        "|---|---|---|",
        "| x | 12.35 | 3.1e-06 |",
    ]


def test_readme_tables_are_replaced_between_the_markers():
    text = "intro\n<!-- benchmarks:start -->\nold table\n<!-- benchmarks:end -->\noutro\n"
    new = replace_between_markers(text, "| new | table |\n")
    assert (
        new == "intro\n<!-- benchmarks:start -->\n| new | table |\n<!-- benchmarks:end -->\noutro\n"
    )
    with pytest.raises(ValueError, match="must contain <!-- benchmarks:start -->"):
        replace_between_markers("no markers here", "x")


def test_readme_has_the_benchmark_markers():
    text = README.read_text(encoding="utf-8")
    assert 0 <= text.find(MARKERS[0]) < text.find(MARKERS[1])


def test_notebook_timing_runs_every_cell_and_reports_errors(tmp_path):
    import nbformat
    from nbclient.exceptions import CellExecutionError

    from benchmarks.notebook_times import time_notebook

    good, bad = tmp_path / "good.ipynb", tmp_path / "bad.ipynb"
    cell = nbformat.v4.new_code_cell
    nbformat.write(nbformat.v4.new_notebook(cells=[cell("x = 1"), cell("assert x == 1")]), good)
    nbformat.write(nbformat.v4.new_notebook(cells=[cell("raise ValueError('boom')")]), bad)
    timed = time_notebook(good, timeout=60)
    assert timed["seconds"] > 0 and timed["wall_seconds"] > 0
    with pytest.raises(CellExecutionError, match="boom"):
        time_notebook(bad, timeout=60)


def test_syllabus_run_times_are_rewritten_from_the_notebook_rows():
    text = (
        "| # | Lesson | Run time |\n|---|---|---|\n"
        "| 04 | [LSTM](notebooks/04_x.ipynb) | 61 s |\n"
        "| 10 | [Long](notebooks/10_y.ipynb) | 2 min 49 s |\n"
        "see [04](notebooks/04_x.ipynb) for more\n"
    )
    rows = [
        {"notebook": "04_x.ipynb", "seconds": 46.5},
        {"notebook": "10_y.ipynb", "seconds": 144.1},
    ]
    new = update_syllabus_times(text, rows).splitlines()
    assert new[2] == "| 04 | [LSTM](notebooks/04_x.ipynb) | 46 s |"  # round half to even
    assert new[3] == "| 10 | [Long](notebooks/10_y.ipynb) | 2 min 24 s |"
    assert new[4] == "see [04](notebooks/04_x.ipynb) for more"  # prose is left alone
    assert format_duration(59.6) == "1 min 0 s"


def test_update_readme_refuses_a_partial_run_without_the_other_sections(tmp_path):
    from benchmarks.__main__ import main

    with pytest.raises(SystemExit):  # tmp_path has no results.md to take lstm and cells from
        main(["--update-readme", "--only", "notebooks", "--out", str(tmp_path)])


def test_a_partial_run_keeps_the_other_sections_in_order():
    old = "Measured on: old\n\n### NumPy LSTMs x\n\n| a |\n\n### One training epoch y\n\n| b |\n"
    assert set(sections_of(old)) == {"lstm", "cells"}
    new = {"cells": "### One training epoch z\n\n| c |\n", "notebooks": "### Notebook x\n"}
    assert merged_report("Measured on: new", new, old).split("\n") == [
        *("Measured on: new", "", "### NumPy LSTMs x", "", "| a |", ""),
        *("### One training epoch z", "", "| c |", ""),
        *("### Notebook x", ""),
    ]


def test_committed_results_have_every_section():
    results = (README.parent / "benchmarks" / "results" / "results.md").read_text(encoding="utf-8")
    assert list(sections_of(results)) == ["lstm", "cells", "notebooks"]


def test_readme_shows_the_committed_results():
    """README's tables are benchmarks/results/results.md: `make bench ARGS=--update-readme`."""
    results = (README.parent / "benchmarks" / "results" / "results.md").read_text(encoding="utf-8")
    text = README.read_text(encoding="utf-8")
    block = text[text.find(MARKERS[0]) + len(MARKERS[0]) : text.find(MARKERS[1])]
    assert block.strip() == readme_tables(results).strip()


def test_gpu_rows_never_fall_back_silently():
    """A GPU row builds keras.layers.LSTM(use_cudnn=True): without cuDNN it fails loudly
    instead of timing the generic loop under a "GPU (cuDNN)" label."""
    if lstm_speed.keras_devices() != ["CPU"]:
        pytest.skip("a GPU is visible; this checks the CPU-only case")
    with pytest.raises(ValueError, match="use_cudnn=True"):
        lstm_speed.measure(2, 3, 2, 4, np.float32, repeats=1, device="GPU")


def _tiny_plays():
    from lstm_course.data.shakespeare import load_shakespeare

    return {play: text[:4_000] for play, text in load_shakespeare().items()}


TINY_RECIPES = [
    {"units": 8, "learning_rate": 0.01, "dropout": 0.2, "schedule": s, "rounds": 2}
    for s in ("constant", "cosine")
]


def test_char_model_settings_trains_on_two_plays_and_chooses_on_the_validation_one(tmp_path):
    from benchmarks import char_model_settings as cms
    from lstm_course.data.vocabulary import Vocabulary

    plays = _tiny_plays()
    rows = cms.run(seeds=(0,), recipes=TINY_RECIPES, plays=plays)
    uniform = math.log2(len(Vocabulary.from_text("".join(plays.values()))))
    assert [(r["stage"], r["schedule"], r["round"]) for r in rows][:4] == [
        (1, "constant", 1),
        (1, "constant", 2),
        (1, "cosine", 1),
        (1, "cosine", 2),
    ]
    assert all(0 < r["bits"] < uniform for r in rows)  # scored on Othello, learned something
    scores = candidates(rows[:4], units=8)
    assert (8, 0.01, 0.2, "cosine", 1) not in scores  # a cosine schedule only at its end
    assert len(scores) == 3
    first = choose(rows[:4], units=8)
    assert scores[tuple(first[k] for k in RECIPE)] == min(scores.values())
    stage_one = [r for r in rows if r["stage"] == 1]
    tried = {(r["learning_rate"], r["dropout"]) for r in stage_one}
    assert {(0.03, 0.2), (0.003333, 0.2), (0.01, 0.4)} <= tried  # past every edge it sat on
    assert stage_one == rows
    pd.DataFrame(rows).to_csv(tmp_path / "grid.csv", index=False)
    assert read_rows(tmp_path / "grid.csv") == [
        {k: v for k, v in r.items() if k != "seconds"} for r in rows
    ]


def test_char_model_settings_scores_more_seeds_as_the_lesson_scores_its_own(tmp_path):
    from benchmarks import char_model_settings as cms
    from lstm_course.char_recipe import CONTEXTS, read_seed_rows
    from lstm_course.data.vocabulary import Vocabulary

    plays = _tiny_plays()
    rows = cms.seed_runs(TINY_RECIPES[0], seeds=(0, 1), dynamic_rate=1.0, plays=plays)
    uniform = math.log2(len(Vocabulary.from_text("".join(plays.values()))))
    assert [r["seed"] for r in rows] == [0, 1] and rows[0] != rows[1]
    scores = ["othello_1", "othello_2", "macbeth", "macbeth_windows", "macbeth_dynamic"]
    scores += [f"context_{m}" for m in CONTEXTS]
    for row in rows:
        assert set(row) == {"seed", "seconds", *scores}
        assert all(0 < row[k] < uniform + 0.5 for k in scores), row
    pd.DataFrame(rows).to_csv(tmp_path / "seeds.csv", index=False)
    read = read_seed_rows(tmp_path / "seeds.csv")
    assert read == {r["seed"]: {k: v for k, v in r.items() if k != "seed"} for r in rows}
    pd.DataFrame(rows).drop(columns="macbeth").to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(ValueError, match="lacks the columns"):
        read_seed_rows(tmp_path / "bad.csv")
    plays["macbeth"] = plays["hamlet"][:2_000]
    with pytest.raises(ValueError, match="test play shares"):
        cms.seed_runs(TINY_RECIPES[0], seeds=(0,), plays=plays)


def test_the_committed_seed_runs_hold_every_live_seed_and_the_chosen_recipe():
    from lstm_course.char_recipe import SEED_RUNS, read_seed_rows

    rows = read_seed_rows()
    assert sorted(rows) == list(SEED_RUNS) and set(range(5)) <= set(rows)  # LSTM_COURSE_SEED 0-4
    grid = read_rows()
    chosen = choose([r for r in grid if r["stage"] == 1], units=192)
    for seed in set(rows) & {r["seed"] for r in grid}:  # the grid's runs of the chosen recipe
        (grid_bits,) = [
            r["bits"]
            for r in grid
            if r["seed"] == seed
            and r["round"] == chosen["rounds"]
            and all(r[k] == chosen[k] for k in RECIPE[:4])
        ]
        assert abs(rows[seed][f"othello_{chosen['rounds']}"] - grid_bits) < 0.03, seed


def test_char_model_settings_resumes_without_training_again(monkeypatch):
    from benchmarks import char_model_settings as cms

    done = [
        {"stage": 1, **recipe, "seed": 0, "round": r, "bits": 3.0 - r + i}
        for i, recipe in enumerate(TINY_RECIPES)
        for r in (1, 2)
    ]
    monkeypatch.setattr(cms, "train_and_score", lambda *a: pytest.fail("trained again"))
    for row in done:  # the winner is inside the grid: nothing to extend
        row["learning_rate"] = 0.01 if row["schedule"] == "constant" else 0.03
    recipes = [
        {**TINY_RECIPES[0]},
        {**TINY_RECIPES[1], "learning_rate": 0.03},
        {**TINY_RECIPES[0], "learning_rate": 0.003, "dropout": 0.4},
    ]
    done += [{"stage": 1, **recipes[2], "seed": 0, "round": r, "bits": 5.0} for r in (1, 2)]
    rows = cms.run(seeds=(0,), recipes=recipes, plays=_tiny_plays(), done=done)
    assert rows == done and choose(rows, units=8)["schedule"] == "constant"


def test_char_model_settings_refuses_a_validation_play_seen_in_training():
    from benchmarks import char_model_settings as cms

    plays = _tiny_plays()
    plays["othello"] = plays["hamlet"][:2_000]
    with pytest.raises(ValueError, match="validation play shares"):
        cms.run(seeds=(0,), recipes=TINY_RECIPES, plays=plays)
    with pytest.raises(ValueError, match="schedule must be"):
        cms.make_optimizer({"learning_rate": 0.01, "schedule": "linear"}, 10)


def test_init_menu_runs_and_chooses_on_validation():
    from benchmarks import init_menu

    budget = {"steps": 5, "units": 3, "n_train": 40, "n_test": 20, "n_val": 20, "verbose": False}
    rows = init_menu.run(gaps=(2,), seeds=(0,), budget=budget, learning_rates=(1e-2, 0.1))
    assert len(rows) == 16 and {r["cell"] for r in rows} == {"rnn", "lstm"}
    picks = init_menu.choose_entries(rows, (2,))
    for cell, (pick,) in picks.items():  # the chosen entry has the best validation accuracy
        best = max(r["val_accuracy"] for r in rows if r["cell"] == cell)
        assert any(
            (r["init"], r["learning_rate"]) == pick and r["val_accuracy"] == best for r in rows
        )
    text = init_menu.markdown(rows, (2,))
    assert text.count("**chosen**") == 2 and "| lstm | chrono | 0.1 |" in text
    # two workers give the same rows, in the same order (timings aside)
    parallel = init_menu.run(
        gaps=(2,), seeds=(0,), budget=budget, learning_rates=(1e-2, 0.1), jobs=2
    )
    drop = lambda rs: [{k: v for k, v in r.items() if k != "seconds"} for r in rs]  # noqa: E731
    assert drop(parallel) == drop(rows)
