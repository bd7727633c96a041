"""The forget task: 0, 1 or 2 switches anywhere, the answer is the last subject's food."""

import numpy as np
import pytest

from lstm_course.datasets.context_switch import FOODS, SUBJECTS, SWITCH_WORDS, shared_sentences
from lstm_course.datasets.forget_task import forget_task_sentences, split_by_sentence


def test_sentences_are_well_formed_and_the_answer_is_the_last_subject():
    d = forget_task_sentences(500, seed=3)
    assert d.x.shape == (500, 16) and d.y.shape == (500,)
    np.testing.assert_array_equal(d.x, forget_task_sentences(500, seed=3).x)  # deterministic
    assert set(np.unique(d.n_switches)) == {0, 1, 2}
    switch_ids = set(d.vocab.encode(list(SWITCH_WORDS)))
    for i in range(len(d.y)):
        words = d.vocab.decode(d.x[i])
        assert words[1] == words[-1] == "likes"
        assert FOODS.index(words[2]) == SUBJECTS.index(words[0])  # each subject's own food
        named = [SUBJECTS.index(words[0])]
        for t in range(3, 15):
            if d.x[i, t] in switch_ids:
                assert t in d.switch_at[i]
                named.append(SUBJECTS.index(words[t + 1]))
        assert len(named) == d.n_switches[i] + 1
        assert np.all(np.diff(named) != 0)  # a switch changes the subject
        assert d.y[i] == named[-1]  # the answer: the food of the subject named last
        np.testing.assert_array_equal(d.subjects[i, : len(named)], named)
        assert d.sentence(i).endswith(f"-> {FOODS[named[-1]]}")
    with pytest.raises(ValueError, match="length must be"):
        forget_task_sentences(5, seed=0, length=7)
    with pytest.raises(ValueError, match="n must be"):
        forget_task_sentences(0, seed=0)


def test_split_by_sentence_keeps_every_copy_of_a_sentence_in_one_part():
    d = forget_task_sentences(300, seed=1, length=8)  # short: many repeated sentences
    d = d.subset(np.r_[np.arange(300), np.arange(100)])  # and 100 exact copies
    parts = split_by_sentence(d, (0.6, 0.2, 0.2), seed=0)
    assert sum(len(p.y) for p in parts) == 400
    for a in range(3):
        for b in range(a + 1, 3):
            assert shared_sentences(parts[a], parts[b]) == 0
    with pytest.raises(ValueError, match="fractions"):
        split_by_sentence(d, (0.5, 0.6), seed=0)


def test_distractors_are_subject_words_that_do_not_change_the_answer():
    plain = forget_task_sentences(400, seed=5)
    assert plain.distractor_at.shape == (400, 0)
    d = forget_task_sentences(400, seed=5, distractors=2)
    assert d.distractor_at.shape == (400, 2)
    np.testing.assert_array_equal(d.x, forget_task_sentences(400, seed=5, distractors=2).x)
    counts = np.sum(d.distractor_at >= 0, axis=1)
    assert set(np.unique(counts)) == {0, 1, 2} and set(np.unique(d.n_switches)) == {0, 1, 2}
    switch_ids = set(d.vocab.encode(list(SWITCH_WORDS)))
    subject_ids = set(d.vocab.encode(list(SUBJECTS[:4])))
    last_word_rule_fails = 0
    for i in range(len(d.y)):
        words = d.vocab.decode(d.x[i])
        named, last_subject_word = [SUBJECTS.index(words[0])], SUBJECTS.index(words[0])
        for t in range(3, 15):
            if d.x[i, t] in subject_ids:
                last_subject_word = SUBJECTS.index(words[t])
                if d.x[i, t - 1] in switch_ids:
                    named.append(SUBJECTS.index(words[t]))
                else:
                    assert t in d.distractor_at[i]  # a subject word not after a switch word
        assert sorted(d.distractor_at[i][d.distractor_at[i] >= 0]) == [
            t for t in range(3, 15) if d.x[i, t] in subject_ids and d.x[i, t - 1] not in switch_ids
        ]
        assert len(named) == d.n_switches[i] + 1 and d.y[i] == named[-1]
        last_word_rule_fails += FOODS[last_subject_word] != d.foods[d.y[i]]
    assert last_word_rule_fails > 50  # the rule "the last subject word" no longer solves it
    with pytest.raises(ValueError, match="distractors must be"):
        forget_task_sentences(5, seed=0, distractors=-1)
    with pytest.raises(ValueError, match="length must be"):
        forget_task_sentences(5, seed=0, length=9, distractors=2)


def test_split_by_sentence_keeps_the_distractor_positions():
    d = forget_task_sentences(200, seed=2, distractors=1)
    parts = split_by_sentence(d, (0.5, 0.5), seed=0)
    for p in parts:
        for i in range(len(p.y)):
            (row,) = np.flatnonzero((d.x == p.x[i]).all(axis=1))[:1]
            np.testing.assert_array_equal(p.distractor_at[i], d.distractor_at[row])
