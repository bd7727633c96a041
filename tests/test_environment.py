"""The environment check reports each problem in a sentence that says how to fix it."""

import pytest

from lstm_course import environment


def test_pins_parse_requirements(tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text("# comment\nnumpy==1.2.3  # why\n\npytest==9.0\nunpinned-package\n")
    assert environment.pinned_versions(req) == {"numpy": "1.2.3", "pytest": "9.0"}


def test_pins_follow_environment_markers(tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text(
        'numpy==9.9; python_version < "3.0"\n'
        'numpy==1.2.3; python_version >= "3.0"\n'
        'pandas==2.0; sys_platform == "no-such-platform"\n'
    )
    assert environment.pinned_versions(req) == {"numpy": "1.2.3"}


def test_missing_requirements_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="requirements.txt not found"):
        environment.pinned_versions(tmp_path / "requirements.txt")


def test_version_problems_name_the_fix():
    problems = environment.version_problems(
        {"numpy": "0.0.1", "surely-not-an-installed-package": "1.0"}
    )
    assert len(problems) == 2
    assert "numpy is" in problems[0] and "tested with 0.0.1" in problems[0]
    assert "is not installed" in problems[1] and "make lab" in problems[1]


def test_repository_pins_are_installed():
    assert environment.version_problems(environment.pinned_versions()) == []


def test_kernel_outside_the_venv_is_reported(monkeypatch):
    monkeypatch.setattr(environment.sys, "prefix", "/usr")
    (problem,) = environment.kernel_problems()
    assert "Python (lstm-course)" in problem


def test_setup_limits_blas_to_one_thread():
    from threadpoolctl import threadpool_info

    from lstm_course.notebook_setup import limit_blas_threads

    limit_blas_threads(1)
    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    assert blas and all(i["num_threads"] == 1 for i in blas)


def test_data_sources_load():
    assert environment.data_problems() == []


def test_missing_data_file_is_reported(monkeypatch, tmp_path):
    import lstm_course.data.co2 as datasets

    monkeypatch.setattr(datasets, "DATA", tmp_path)
    (problem,) = environment.data_problems()
    assert (
        problem.startswith("lesson 08 cannot load its data") and "co2_mauna_loa_weekly" in problem
    )
