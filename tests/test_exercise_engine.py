"""The exercise engine: wrong answers, the learner's exceptions and the course's own bugs are
told apart; skeletons count as not attempted; the progress record keeps every pass."""

import json
import runpy
import sys
from pathlib import Path

import numpy as np
import pytest

from lstm_course import exercises
from lstm_course.exercises import EXERCISES, record
from lstm_course.exercises.engine import Exercise, Hint, Mistake, NotAttempted, block, compare


@pytest.fixture(autouse=True)
def progress_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("LSTM_COURSE_PROGRESS", str(tmp_path / "progress.json"))


def test_compare_names_the_mistake_then_the_shape_then_the_size_of_the_difference():
    compare(np.ones(3), [1.0, 1.0, 1.0], "x")
    with pytest.raises(Hint) as hint:
        compare(np.zeros(3), np.ones(3), "x", [("zeros", np.zeros(3)), ("zeros again", 0 * 1)])
    assert hint.value.hint == "zeros"
    with pytest.raises(Hint, match=r"x should have shape \(3,\), got \(2,\)"):
        compare(np.ones(2), np.ones(3), "x", [("zeros", np.zeros(3))])
    with pytest.raises(Hint, match="x differs from the reference by up to 0.5"):
        compare(np.ones(3) * 1.5, np.ones(3), "x")
    with pytest.raises(Hint, match=r"return numbers.*\(x is a str\)"):
        compare("one", np.ones(3), "x")
    with pytest.raises(NotAttempted):
        compare(None, np.ones(3), "x")


def test_block_names_count_from_one_with_the_gate_and_its_slice():
    assert [block(g) for g in "ifgo"] == [
        "block 1 of 4 (i, last axis 0:H)",
        "block 2 of 4 (f, last axis H:2H)",
        "block 3 of 4 (g, last axis 2H:3H)",
        "block 4 of 4 (o, last axis 3H:4H)",
    ]


@pytest.mark.parametrize("key", list(EXERCISES))
def test_skeleton_is_not_attempted_and_not_recorded(key, capsys):
    def skeleton(*args, **kwargs):
        return None

    assert exercises.evaluate(key, skeleton).status == "not attempted"
    assert exercises.evaluate(key, None).status == "not attempted"
    exercises.check(key, skeleton)
    assert "not attempted yet" in capsys.readouterr().out
    assert exercises.progress(verbose=False)[key] == "-"


def test_the_learners_exception_is_theirs_in_one_line(capsys):
    def norm_at_lag(u, lag):  # (6, 6) @ (7, 2) cannot multiply
        return np.linalg.norm(u @ np.ones((u.shape[0] + 1, 2)), 2)

    result = exercises.evaluate("2.2", norm_at_lag)
    assert result.status == "failed" and result.hint is None and result.traceback is None
    assert result.message.startswith("not yet: your code raised ValueError: matmul")
    exercises.check("2.2", norm_at_lag)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "Traceback" not in out
    assert exercises.progress(verbose=False)["2.2"] == "tried"

    def steps(radius, threshold):
        return {"radius": radius}["threshold"]

    result = exercises.evaluate("2.3", steps, record=False)
    assert result.message == "not yet: your code raised KeyError: 'threshold'"


@pytest.mark.parametrize("where", ["check", "mistake"])
def test_an_exception_in_the_checks_own_code_is_a_course_bug(where, monkeypatch, capsys):
    def broken_check(answer, ex):
        if where == "check":
            return 1 / 0
        compare(answer(2.0), 4.0, "the square", ex.wrong_outputs(2.0))

    def broken_mistake(x):
        raise ZeroDivisionError("in the course's wrong answer")

    demo = Exercise("0.1", "demo", broken_check, lambda x: x * x, (Mistake("m", broken_mistake),))
    monkeypatch.setitem(EXERCISES, "0.1", demo)
    result = exercises.evaluate("0.1", lambda x: x + 1.0)
    assert result.status == "course bug"
    assert "bug in the course's check, not in your code" in result.message
    assert "ZeroDivisionError" in result.message and "your code raised" not in result.message
    assert "Traceback" in result.traceback and "ZeroDivisionError" in result.traceback
    exercises.check("0.1", lambda x: x + 1.0)
    out = capsys.readouterr().out
    assert out.startswith("⚠️ Exercise 0.1 (demo): this is a bug in the course's check")
    assert "Traceback" in out
    assert exercises.progress(verbose=False)["0.1"] == "-"  # a course bug is no attempt


def test_an_answer_that_writes_into_its_inputs_is_judged_on_its_value():
    def norm_at_lag(u, lag):
        norm = np.linalg.norm(np.linalg.matrix_power(u, lag), 2)
        u[:] = 0.0  # scribbles on its input: the reference, run after it, must not see it
        return norm

    assert exercises.evaluate("2.2", norm_at_lag, record=False).passed


def test_progress_records_attempts_and_keeps_a_pass(capsys):
    from solutions.lesson_02 import gradient_norm_at_lag

    def linear_in_lag(u, lag):
        return np.linalg.norm(u, 2) * lag

    exercises.evaluate("2.2", linear_in_lag)
    assert exercises.progress(verbose=False)["2.2"] == "tried"
    exercises.evaluate("2.2", gradient_norm_at_lag)
    exercises.evaluate("2.2", linear_in_lag)  # a pass is kept
    table = exercises.progress()
    assert table["2.2"] == "passed" and table["2.3"] == "-"
    exercises.check("2.3", lambda radius, threshold: 0, record=False)
    assert exercises.progress(verbose=False)["2.3"] == "-"
    assert f"1 of {len(EXERCISES)} exercises passed" in capsys.readouterr().out
    record = json.loads(exercises.progress_file().read_text(encoding="utf-8"))
    assert record["2.2"]["passed"] is True and record["2.2"]["last"] == "failed"


def test_an_unreadable_record_is_set_aside_not_overwritten():
    path = exercises.progress_file()
    path.write_text('{"2.2": {"passed": tru', encoding="utf-8")  # cut off mid-write
    exercises.evaluate("2.3", lambda radius, threshold: 0)
    unreadable = path.with_name(path.name + ".unreadable")
    assert unreadable.read_text(encoding="utf-8") == '{"2.2": {"passed": tru'
    assert set(json.loads(path.read_text(encoding="utf-8"))) == {"2.3"}


def test_progress_file_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LSTM_COURSE_PROGRESS", str(tmp_path / "elsewhere.json"))
    assert exercises.progress_file() == tmp_path / "elsewhere.json"
    monkeypatch.delenv("LSTM_COURSE_PROGRESS")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(record, "checkout_root", lambda: None)
    if sys.platform not in ("win32", "darwin"):
        assert exercises.progress_file() == tmp_path / "xdg" / "lstm-course" / "progress.json"
    assert exercises.progress_file().parent.name == "lstm-course"


def test_the_record_lives_outside_the_package_and_the_checkout(monkeypatch):
    monkeypatch.delenv("LSTM_COURSE_PROGRESS")
    path = exercises.progress_file().resolve()
    package = Path(exercises.__file__).resolve().parents[1]
    assert package not in path.parents and package.parent not in path.parents, path


def test_an_old_checkout_record_is_copied_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("LSTM_COURSE_PROGRESS")
    monkeypatch.setattr(record, "user_data_dir", lambda: tmp_path / "data" / "lstm-course")
    monkeypatch.setattr(record, "checkout_root", lambda: tmp_path / "clone")
    old = tmp_path / "clone" / record.OLD_RECORD_NAME
    old.parent.mkdir()
    old.write_text('{"1.1": {"passed": true, "last": "passed", "when": "t"}}', encoding="utf-8")
    assert exercises.progress(verbose=False)["1.1"] == "passed"
    new = tmp_path / "data" / "lstm-course" / "progress.json"
    assert json.loads(new.read_text(encoding="utf-8"))["1.1"]["passed"] is True
    old.write_text("{}", encoding="utf-8")  # copied once: a later old file is not read again
    assert exercises.progress(verbose=False)["1.1"] == "passed" and old.is_file()


def test_python_m_lstm_course_exercises_prints_progress(capsys):
    runpy.run_module("lstm_course.exercises", run_name="__main__")
    out = capsys.readouterr().out
    assert f"0 of {len(EXERCISES)} exercises passed" in out
    assert all(f"{key:>5}  -" in out for key in EXERCISES)


def test_an_unknown_exercise_names_the_valid_ones():
    first, second, *_, last = EXERCISES
    with pytest.raises(ValueError, match=rf"unknown exercise '99.9'; the exercises are {first}, "):
        exercises.check("99.9", lambda: None)
    message = str(pytest.raises(ValueError, exercises.evaluate, "3", None).value)
    assert f"{first}, {second}, " in message and message.endswith(last)
