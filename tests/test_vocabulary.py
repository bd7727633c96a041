"""One vocabulary class for words (lesson 01) and characters (lesson 09); one-hot encoding."""

import numpy as np
import pytest

from lstm_course.datasets.vocabulary import Vocabulary, one_hot


def test_word_vocabulary_splits_strings_on_spaces():
    vocab = Vocabulary(("tom", "likes", "pizza"))
    ids = vocab.encode("tom likes pizza")
    assert ids.dtype == np.int32 and ids.tolist() == [0, 1, 2]
    assert vocab.encode(["pizza", "tom"]).tolist() == [2, 0]
    assert vocab.decode(ids) == ["tom", "likes", "pizza"]
    with pytest.raises(ValueError, match=r"words not in the vocabulary: \['sushi'\]"):
        vocab.encode("tom likes sushi")
    with pytest.raises(ValueError, match="level must be one of"):
        Vocabulary(("a",), level="letter")


def test_one_hot():
    np.testing.assert_array_equal(one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match=r"ids must be in \[0, 3\)"):
        one_hot(np.array([3]), 3)


def test_vocab_round_trip_and_sorted_ids():
    vocab = Vocabulary.from_text("hello world")
    assert vocab.tokens == (" ", "d", "e", "h", "l", "o", "r", "w") and len(vocab) == 8
    ids = vocab.encode("hello")
    assert ids.dtype == np.int32 and ids.tolist() == [3, 2, 4, 4, 5]
    assert vocab.decode(ids) == "hello"
    assert vocab.decode(np.array([[3, 2], [4, 4]])) == "hell"
    assert vocab.decode([]) == "" and vocab.encode("").shape == (0,)


def test_vocab_errors():
    vocab = Vocabulary.from_text("abc")
    with pytest.raises(ValueError, match=r"not in the vocabulary: \['x', 'z'\]"):
        vocab.encode("abxzx")
    with pytest.raises(ValueError, match=r"ids must be in \[0, 3\)"):
        vocab.decode([0, 3])
    with pytest.raises(ValueError, match="integers"):
        vocab.decode(np.array([0.0]))
    with pytest.raises(ValueError, match="unique"):
        Vocabulary(("a", "a"))
    with pytest.raises(ValueError, match="single character"):
        Vocabulary(("ab",), level="char")
    with pytest.raises(ValueError, match="empty text"):
        Vocabulary.from_text("")
