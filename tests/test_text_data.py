"""The documentation text loads deterministically; vocabulary, clean-up and split are right."""

import numpy as np
import pytest

from lstm_course import text_data
from lstm_course.text_data import (
    CharVocab,
    load_python_docs_text,
    split_train_validation,
    to_printable_ascii,
)


def test_python_docs_text_is_long_deterministic_and_sorted():
    from pydoc_data.topics import topics

    text = load_python_docs_text()
    assert text == load_python_docs_text()
    assert len(text) > 300_000  # about 465,000 characters in CPython 3.11
    first = sorted(topics)[0]
    assert text.startswith(topics[first])
    assert load_python_docs_text(separator="|").count("|") >= len(topics) - 1


def test_missing_module_gives_a_clear_import_error(monkeypatch):
    def missing(name):
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr(text_data.importlib, "import_module", missing)
    with pytest.raises(ImportError, match=r"needs the standard-library module 'pydoc_data.topics'"):
        load_python_docs_text()


def test_to_printable_ascii():
    assert to_printable_ascii("\u201cit\u2019s\u201d \u2014 ok\u2026\n") == '"it\'s" -- ok...\n'
    assert to_printable_ascii("ma\u00dfe 5\u00b0F\ttab\r") == "mae 5Ftab"
    cleaned = to_printable_ascii(load_python_docs_text())
    assert set(cleaned) <= {"\n"} | {chr(c) for c in range(32, 127)}
    with pytest.raises(ValueError, match="text must be a str"):
        to_printable_ascii(b"bytes")


def test_vocab_round_trip_and_sorted_ids():
    vocab = CharVocab.from_text("hello world")
    assert vocab.chars == (" ", "d", "e", "h", "l", "o", "r", "w") and len(vocab) == 8
    ids = vocab.encode("hello")
    assert ids.dtype == np.int32 and ids.tolist() == [3, 2, 4, 4, 5]
    assert vocab.decode(ids) == "hello"
    assert vocab.decode(np.array([[3, 2], [4, 4]])) == "hell"
    assert vocab.decode([]) == "" and vocab.encode("").shape == (0,)


def test_vocab_errors():
    vocab = CharVocab.from_text("abc")
    with pytest.raises(ValueError, match=r"not in the vocabulary: \['x', 'z'\]"):
        vocab.encode("abxzx")
    with pytest.raises(ValueError, match=r"ids must be in \[0, 3\)"):
        vocab.decode([0, 3])
    with pytest.raises(ValueError, match="integers"):
        vocab.decode(np.array([0.0]))
    with pytest.raises(ValueError, match="unique"):
        CharVocab(("a", "a"))
    with pytest.raises(ValueError, match="single character"):
        CharVocab(("ab",))
    with pytest.raises(ValueError, match="empty text"):
        CharVocab.from_text("")


def test_split_is_contiguous_last_fraction():
    train, val = split_train_validation("abcdefghij", 0.1)
    assert (train, val) == ("abcdefghi", "j")
    ids = np.arange(1000)
    train, val = split_train_validation(ids)
    assert len(val) == 100 and train[-1] + 1 == val[0] and val[-1] == 999
    np.testing.assert_array_equal(np.concatenate([train, val]), ids)


@pytest.mark.parametrize(
    "data,fraction,match",
    [
        ("abc", 0.0, r"validation_fraction must be in \(0, 1\)"),
        ("abc", 1.0, r"validation_fraction must be in \(0, 1\)"),
        ("abc", 0.1, "too short"),
        (np.zeros((3, 3)), 0.5, "1-D"),
        (42, 0.5, "must be a str or a 1-D array"),
    ],
)
def test_split_rejects_bad_input(data, fraction, match):
    with pytest.raises(ValueError, match=match):
        split_train_validation(data, fraction)
