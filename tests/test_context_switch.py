"""The synthetic tasks are deterministic, well-formed and reject impossible settings."""

import dataclasses

import numpy as np
import pytest

from lstm_course.datasets.adding_problem import adding_problem
from lstm_course.datasets.context_switch import (
    FILLER,
    FOODS,
    SUBJECTS,
    TEST_FILLER_STARTS,
    VALIDATION_FILLER_STARTS,
    context_switch_sentences,
    context_switch_vocabulary,
    fit_bag_of_words,
    held_out_sentences,
    predict_bag_of_words,
    shared_combinations,
    shared_sentences,
    switch_combinations,
    with_first_subject_changed,
    word_counts,
)
from lstm_course.datasets.vocabulary import one_hot


def test_sentences_are_deterministic_and_shaped():
    a = context_switch_sentences(50, gap=7, seed=3)
    b = context_switch_sentences(50, gap=7, seed=3)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y, b.y)
    assert a.x.shape == (50, 13) and a.y.shape == (50,)
    assert not np.array_equal(a.x, context_switch_sentences(50, gap=7, seed=4).x)


def test_target_is_the_second_subjects_food():
    data = context_switch_sentences(500, gap=3, seed=0, n_subjects=5)
    words = [data.vocab.decode(row) for row in data.x]
    for w, label in zip(words, data.y, strict=True):
        assert w[1] == w[-1] == "likes" and w[3] in ("but", "while", "whereas")
        assert FOODS[SUBJECTS.index(w[0])] == w[2]  # the first clause states S1's food
        assert w[4] != w[0]  # the subject switches
        assert FOODS[SUBJECTS.index(w[4])] == data.foods[label]
    # both subjects are spread over all of them
    assert set(data.y) == set(range(5)) and set(data.x[:, 0]) == set(
        data.vocab.encode(SUBJECTS[:5])
    )


def test_gap_zero_and_sentence_text():
    data = context_switch_sentences(1, gap=0, seed=0)
    assert data.x.shape == (1, 6)
    assert data.sentence(0).endswith(f"likes -> {data.foods[data.y[0]]}")
    assert data.chance_accuracy == 0.25


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"n": 0, "gap": 1}, "n must be >= 1"),
        ({"n": 5, "gap": -1}, "gap must be >= 0"),
        ({"n": 5, "gap": 1, "n_subjects": 1}, r"n_subjects must be in \[2, 6\]"),
        ({"n": 5, "gap": 1, "n_subjects": 7}, r"n_subjects must be in \[2, 6\]"),
    ],
)
def test_impossible_settings_are_rejected(kwargs, match):
    with pytest.raises(ValueError, match=match):
        context_switch_sentences(**kwargs)


def test_vocabulary_round_trip_and_errors():
    vocab = context_switch_vocabulary(3)
    assert vocab.decode(vocab.encode("friend likes burger")) == ["friend", "likes", "burger"]
    with pytest.raises(ValueError, match=r"not in the vocabulary: \[.tom.\]"):
        vocab.encode("tom likes pizza")  # subject 5 is not in a 3-subject vocabulary
    with pytest.raises(ValueError, match="ids must be in"):
        vocab.decode([len(vocab)])


def test_one_hot():
    np.testing.assert_array_equal(one_hot(np.array([[2, 0]]), 3), [[[0, 0, 1], [1, 0, 0]]])
    with pytest.raises(ValueError, match="integers"):
        one_hot(np.array([0.5]), 3)
    with pytest.raises(ValueError, match=r"in \[0, 3\)"):
        one_hot(np.array([3]), 3)


def test_adding_problem():
    x, y = adding_problem(20_000, steps=50, seed=1)
    assert x.shape == (20_000, 50, 2) and y.shape == (20_000,) and x.dtype == np.float32
    np.testing.assert_array_equal(x[..., 1].sum(axis=1), 2.0)  # exactly two markers
    assert x[:, :25, 1].sum(axis=1).min() == 1 and x[:, 25:, 1].sum(axis=1).min() == 1
    np.testing.assert_allclose(y, (x[..., 0] * x[..., 1]).sum(axis=1), rtol=1e-6)
    assert abs(np.mean((y - 1.0) ** 2) - 1 / 6) < 0.005  # the constant-1.0 baseline
    np.testing.assert_array_equal(adding_problem(3, 4, seed=9)[0], adding_problem(3, 4, seed=9)[0])
    with pytest.raises(ValueError, match="steps must be >= 2"):
        adding_problem(3, 1)


def test_shared_sentences_counts_test_rows_seen_in_training():
    train = context_switch_sentences(3000, gap=0, seed=0)
    test = context_switch_sentences(50, gap=0, seed=1)
    # A gap of 0 has only 4 * 3 * 3 = 36 distinct sentences: they all recur.
    assert shared_sentences(train, test) == 50
    assert shared_sentences(train, context_switch_sentences(5, gap=1, seed=1)) == 0  # lengths


def test_held_out_sentences_share_no_sentence_and_split_the_filler_starts():
    for gap in (1, 3, 20):
        train = held_out_sentences(3000, gap, seed=0, split="train")
        test = held_out_sentences(800, gap, seed=0, split="test")  # even with the same seed
        assert train.x.shape == (3000, gap + 6) and test.x.shape == (800, gap + 6)
        assert shared_sentences(train, test) == 0
        first = train.vocab.encode([FILLER[0]])[0]
        assert set(np.unique(test.x[:, 5] - first)) == set(TEST_FILLER_STARTS)
        assert not set(np.unique(train.x[:, 5] - first)) & set(TEST_FILLER_STARTS)
        # everything the answer depends on occurs in both splits: every (first, second) pair
        pairs = {tuple(r) for r in np.stack([train.x[:, 0], train.x[:, 4]], axis=1)}
        assert {tuple(r) for r in np.stack([test.x[:, 0], test.x[:, 4]], axis=1)} == pairs
        assert len(pairs) == 12
    np.testing.assert_array_equal(
        held_out_sentences(5, 2, seed=7, split="test").x,
        held_out_sentences(5, 2, seed=7, split="test").x,
    )
    assert held_out_sentences(1, 2, seed=3, split="test").x.shape == (1, 8)  # small n: redraws
    with pytest.raises(ValueError, match="gap must be >= 1"):
        held_out_sentences(5, 0, seed=0, split="train")
    with pytest.raises(ValueError, match="split must be"):
        held_out_sentences(5, 2, seed=0, split="validation")


def test_fit_and_val_split_the_training_phrases_into_two_disjoint_sets():
    first = context_switch_sentences(1, gap=1).vocab.encode([FILLER[0]])[0]
    for gap in (2, 20):
        train = held_out_sentences(3000, gap, seed=0, split="train")
        fit = held_out_sentences(3000, gap, seed=0, split="fit")
        val = held_out_sentences(1000, gap, seed=0, split="val")  # even with the same seed
        test = held_out_sentences(1000, gap, seed=0, split="test")
        starts = {
            name: set(np.unique(d.x[:, 5] - first))
            for name, d in (("train", train), ("fit", fit), ("val", val), ("test", test))
        }
        assert starts["val"] == set(VALIDATION_FILLER_STARTS)
        assert starts["fit"] | starts["val"] == starts["train"]
        assert not starts["fit"] & starts["val"] and not starts["val"] & starts["test"]
        assert shared_sentences(fit, val) == shared_sentences(val, test) == 0
        assert shared_sentences(train, val) > 0  # the "train" split holds the val phrases


def test_with_first_subject_changed_keeps_everything_but_the_first_clause():
    data = context_switch_sentences(2000, gap=4, seed=2, n_subjects=5)
    changed = with_first_subject_changed(data, seed=1)
    np.testing.assert_array_equal(changed.y, data.y)
    np.testing.assert_array_equal(np.delete(changed.x, [0, 2], 1), np.delete(data.x, [0, 2], 1))
    words = [changed.vocab.decode(row) for row in changed.x]
    for w, old in zip(words, data.x, strict=True):
        assert w[0] != data.vocab.decode([old[0]])[0] and w[0] != w[4]  # another, still a switch
        assert FOODS[SUBJECTS.index(w[0])] == w[2]  # the first clause names its own food
    # the new first subject is drawn over all allowed subjects, not always the same one
    assert len(set(changed.x[:, 0])) == 5
    np.testing.assert_array_equal(changed.x, with_first_subject_changed(data, seed=1).x)
    with pytest.raises(ValueError, match="at least 3 subjects"):
        with_first_subject_changed(context_switch_sentences(5, gap=1, n_subjects=2))


def test_shared_combinations_counts_what_the_answer_depends_on():
    train = held_out_sentences(2000, 5, seed=0, split="train")
    test = held_out_sentences(1000, 5, seed=1000, split="test")
    assert shared_sentences(train, test) == 0
    assert shared_combinations(train, test) == (36, 36)  # 4 * 3 subject pairs * 3 switch words
    first, switch, second = next(iter(switch_combinations(test)))
    assert first != second and test.vocab.decode([switch])[0] in ("but", "while", "whereas")
    assert len(np.unique(test.x, axis=0)) == 216  # 36 combinations * 6 test filler phrases
    but = train.vocab.encode(["but"])[0]
    only_but = dataclasses.replace(train, x=train.x[train.x[:, 3] == but])
    assert shared_combinations(only_but, test) == (36, 12)


def test_word_counts_ignore_order_and_padding():
    x = np.array([[3, 1, 1, -1], [-1, 1, 3, 1]])
    counts = word_counts(x, 5)
    np.testing.assert_array_equal(counts, [[0, 2, 0, 1, 0], [0, 2, 0, 1, 0]])
    with pytest.raises(ValueError, match="< depth"):
        word_counts(x, 3)
    with pytest.raises(ValueError, match="integer token ids"):
        word_counts(x.astype(float), 5)


def test_a_bag_of_words_solves_every_gap_and_fails_on_random_labels():
    for gap in (1, 40, 80):
        train = held_out_sentences(4000, gap, seed=gap, split="train")
        test = held_out_sentences(1000, gap, seed=gap + 1000, split="test")
        depth = len(train.vocab)
        weights = fit_bag_of_words(word_counts(train.x, depth), train.y, 4)
        assert weights.shape == (depth + 1, 4)
        assert np.mean(predict_bag_of_words(weights, word_counts(test.x, depth)) == test.y) == 1.0
    noise = np.random.default_rng(0).integers(0, 4, len(train.y))  # labels unrelated to words
    weights = fit_bag_of_words(word_counts(train.x, depth), noise, 4)
    assert np.mean(predict_bag_of_words(weights, word_counts(test.x, depth)) == test.y) < 0.5
    with pytest.raises(ValueError, match=r"y must be in \[0, 4\)"):
        fit_bag_of_words(word_counts(train.x, depth), train.y + 1, 4)
    with pytest.raises(ValueError, match="counts must be"):
        predict_bag_of_words(weights, np.zeros((2, depth + 1)))
