"""Lesson 09's Shakespeare text is the one lstm_course/datasets/files/README.md describes;
vocabulary and checks work."""

import hashlib
import re

import pytest

from lstm_course.datasets import DATA, shakespeare
from lstm_course.datasets.shakespeare import (
    SHAKESPEARE_PLAYS,
    load_shakespeare,
    shakespeare_path,
    shared_substrings,
)


def _readme_section(title: str) -> str:
    text = (DATA / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"lstm_course/datasets/files/README.md has no '## {title}' section"
    return match.group(1)


@pytest.mark.parametrize("play", SHAKESPEARE_PLAYS)
def test_play_checksum_and_length_match_readme(play):
    section = _readme_section("Shakespeare (lesson 09)")
    name = shakespeare_path(play).name
    row = re.search(rf"`{re.escape(name)}`\s*\|\s*([\d,]+)\s*\|\s*`([0-9a-f]{{64}})`", section)
    assert row, f"lstm_course/datasets/files/README.md states no length and SHA-256 for {name}"
    data = shakespeare_path(play).read_bytes()
    assert hashlib.sha256(data).hexdigest() == row.group(2), f"{name} changed"
    assert len(data) == int(row.group(1).replace(",", ""))


def test_plays_are_plain_ascii_speeches():
    plays = load_shakespeare()
    assert list(plays) == list(SHAKESPEARE_PLAYS)
    for play, text in plays.items():
        assert set(text) <= {"\n"} | {chr(c) for c in range(32, 127)}, play
        assert not set("*_#[]\\") & set(text), f"{play}: Markdown markup left"
        assert text.endswith("\n") and "\n\n\n" not in text and " \n" not in text
        for speech in text[:-1].split("\n\n"):  # every speech: "NAME:" then at least one line
            speaker, *lines = speech.split("\n")
            assert re.fullmatch(r"[A-Z][A-Z '&.-]*:", speaker), (play, speaker)
            assert lines and all(lines), (play, speech[:60])
    assert plays["hamlet"].startswith("BERNARDO:\nWho's there?\n")
    assert "MACBETH:\n" in plays["macbeth"]


def test_validation_play_shares_no_50_character_string_with_training():
    *train_plays, val_play = SHAKESPEARE_PLAYS
    plays = load_shakespeare()
    train_text = "\n".join(plays[play] for play in train_plays)
    assert shared_substrings(plays[val_play], train_text, 50) == 0


def test_load_a_subset_and_errors(monkeypatch, tmp_path):
    assert list(load_shakespeare(["macbeth"])) == ["macbeth"]
    with pytest.raises(ValueError, match="unknown play 'tempest'"):
        load_shakespeare(["tempest"])
    with pytest.raises(ValueError, match="list of play names"):
        load_shakespeare("hamlet")
    monkeypatch.setattr(shakespeare, "DATA", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"shakespeare_hamlet.txt is missing.*export"):
        load_shakespeare()
    (tmp_path / "shakespeare_hamlet.txt").write_bytes("caf\u00e9".encode())
    with pytest.raises(ValueError):  # UnicodeDecodeError: not ASCII
        load_shakespeare(["hamlet"])


def test_shared_substrings():
    assert shared_substrings("abcdef", "xxabcdxx", 3) == 2  # "abc", "bcd"
    assert shared_substrings("abcdef", "xxabcdxx", 5) == 0
    assert shared_substrings("aaaa", "aa", 2) == 3  # counted by start position
    assert shared_substrings("ab", "abc", 3) == 0  # text shorter than the length
    with pytest.raises(ValueError, match="positive int"):
        shared_substrings("a", "a", 0)
    with pytest.raises(ValueError, match="must be str"):
        shared_substrings(b"a", "a")
