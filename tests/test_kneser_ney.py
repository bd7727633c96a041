"""Kneser-Ney character n-grams (lstm_course.baselines.kneser_ney): against NLTK's numbers, and its
sums."""

import math
from collections import Counter

import pytest

from lstm_course.baselines.kneser_ney import (
    KneserNeyArrays,
    _discounts,
    kn_adaptive_bits,
    kn_bits_at,
    kn_bits_by_order,
    kn_bits_per_char,
    kneser_ney,
)
from lstm_course.baselines.ngram import ngram_bits_per_char

TEXT = "the cat sat on the mat. the hat sat on the cat; a rat ran at the mat."

# NLTK 3.10.4: KneserNeyInterpolated(3, discount=0.1) fitted on everygrams(list(TEXT), max_len=3)
# with vocabulary_text=list(TEXT), then lm.score(char, tuple(context) or None). Facts, computed
# once with NLTK; NLTK itself is not a dependency of the course.
NLTK_SCORES = {
    ("th", "e"): 0.9890769230769232,
    ("at", " "): 0.6638247863247864,
    ("t ", "s"): 0.3218376068376068,
    ("e ", "c"): 0.3846538461538462,
    ("", "t"): 0.07692307692307693,
    ("a", "t"): 0.7403846153846154,
    ("ca", "m"): 7.211538461538464e-05,
}


def test_one_discount_without_the_floor_is_nltks_interpolated_kneser_ney():
    model = kneser_ney(TEXT, 3, len(set(TEXT)), discount=0.1, floor=False)
    for (context, char), expected in NLTK_SCORES.items():
        assert model.prob(context, char) == pytest.approx(expected, rel=1e-12, abs=0)


def test_every_distribution_sums_to_one_over_the_alphabet():
    alphabet = sorted(set(TEXT)) + ["X", "Q"]  # two characters the text never has
    for n in (1, 2, 3, 5):
        for discount in (None, 0.1, 0.75):
            model = kneser_ney(TEXT, n, len(alphabet), discount=discount)
            for context in ("the c", "zzzz", "at s", " on t", "q", ""):
                for order in range(1, n + 1):  # one model scores every order up to n
                    ps = [model.prob(context, c, order=order) for c in alphabet]
                    assert math.fsum(ps) == pytest.approx(1.0, abs=1e-12), (n, order, context)
                    assert min(ps) > 0


def test_modified_discounts_follow_chen_and_goodman():
    # counts of counts n1 = 4, n2 = 2, n3 = 1, n4 = 1: Y = 4 / (4 + 4) = 0.5
    counts = Counter({"a": 1, "b": 1, "c": 1, "d": 1, "e": 2, "f": 2, "g": 3, "h": 4})
    d1, d2, d3 = _discounts(counts)
    assert (d1, d2, d3) == pytest.approx((1 - 2 * 0.5 * 2 / 4, 2 - 3 * 0.5 / 2, 3 - 4 * 0.5))
    # n4 counts m-grams seen exactly 4 times, not 4 or more (counts 9 and 12 do not enter)
    more = Counter({**counts, "i": 9, "j": 12})
    assert _discounts(more) == pytest.approx((d1, d2, d3))
    # a count of counts missing: one discount Y everywhere, still positive
    assert _discounts(Counter({"a": 1, "b": 2})) == pytest.approx((1 / 3,) * 3)
    assert _discounts(Counter({"a": 5})) == (0.5, 0.5, 0.5)


def test_bits_are_the_mean_of_minus_log2_p_and_beat_add_k_on_new_text():
    train = TEXT * 3
    test = "the rat sat on a hat. the cat ran."
    model = kneser_ney(train, 4, 40)
    direct = -sum(math.log2(model.prob(test[t - 3 : t], test[t])) for t in range(3, len(test)))
    assert kn_bits_per_char(train, test, 4, 40) == pytest.approx(direct / (len(test) - 3))
    targets = [5, 9, 20]
    direct_at = -sum(math.log2(model.prob(test[t - 3 : t], test[t])) for t in targets) / 3
    assert kn_bits_at(train, test, targets, 4, 40) == pytest.approx(direct_at)
    best_add_k = min(ngram_bits_per_char(train, test, 4, k, 40) for k in (1.0, 0.1, 0.01))
    assert kn_bits_per_char(train, test, 4, 40) < best_add_k


def test_one_count_scores_every_order_as_separate_models_do():
    train, test = TEXT * 2, "the rat sat on a hat. the cat ran."
    by_order = kn_bits_by_order(train, test, [2, 3, 5], 40)
    for n, bits in by_order.items():
        assert bits == pytest.approx(kn_bits_per_char(train, test, n, 40), rel=1e-12)
    same_targets = kn_bits_by_order(train, test, [2, 5], 40, targets=[6, 10, 30])
    assert same_targets[2] == pytest.approx(kn_bits_at(train, test, [6, 10, 30], 2, 40))
    with pytest.raises(ValueError, match="order must be in"):
        kneser_ney(train, 3, 40).prob("ab", "c", order=4)


def test_the_modified_discounts_are_used_on_real_text():
    from lstm_course.datasets.shakespeare import load_shakespeare

    text = load_shakespeare(["hamlet"])["hamlet"][:60000]
    model = kneser_ney(text, 4, 63)
    for (m, kind), (d1, d2, d3) in model.discounts.items():
        if m > 1:  # every character occurs often: the unigram counts fall back to one discount
            assert 0 < d1 < d2 <= 2 and 0 < d3 <= 3 and len({d1, d2, d3}) == 3, (m, kind)


def test_bad_input_gets_a_clear_error():
    with pytest.raises(ValueError, match="n must be an int >= 1"):
        kneser_ney(TEXT, 0, 40)
    with pytest.raises(ValueError, match="vocab_size must be"):
        kneser_ney(TEXT, 2, 3)
    with pytest.raises(ValueError, match="discount must be"):
        kneser_ney(TEXT, 2, 40, discount=1.5)
    with pytest.raises(ValueError, match="targets must be"):
        kn_bits_at(TEXT, "abc", [0], 3, 40)
    with pytest.raises(ValueError, match="vocab_size must be"):
        kn_bits_per_char(TEXT, "XYZ", 2, len(set(TEXT)))


def _kn_recounted(train: str, seen: str, n: int, vocab_size: int):
    """Kneser-Ney counted on `train` and `seen` as two documents, with `train`'s discounts."""
    from lstm_course.baselines.kneser_ney import _tables

    base, model = kneser_ney(train, n, vocab_size), kneser_ney(train, n, vocab_size)
    for m in range(1, n + 1):
        extra = Counter(seen[i : i + m] for i in range(len(seen) - m + 1))
        model.raw[m] = base.raw[m] + extra
        model.tables[m, "raw"] = _tables(model.raw[m])
    for m in range(1, n):
        model.cont[m] = Counter(gram[1:] for gram in model.raw[m + 1])
        model.tables[m, "cont"] = _tables(model.cont[m])
    model.discounts = base.discounts
    return model


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "readable"])
def test_the_adaptive_model_scores_each_character_from_the_text_before_it(fast):
    train, test = TEXT, "the rat sat on the hat; the cat ran at a rat."
    vocab_size = len(set(train + test)) + 2
    for n in (1, 2, 3, 4):
        terms = [
            -math.log2(
                _kn_recounted(train, test[:t], n, vocab_size).prob(test[t - n + 1 : t], test[t])
            )
            for t in range(n - 1, len(test))
        ]
        assert kn_adaptive_bits(train, test, n, vocab_size, fast=fast) == pytest.approx(
            math.fsum(terms) / len(terms), rel=1e-12
        ), n


def test_the_adaptive_model_learns_a_repeated_text_and_never_reads_ahead():
    new = "xyzzy qwv " * 20  # characters and words the training text never had
    vocab_size = len(set(TEXT + new))
    static = kn_bits_per_char(TEXT, new, 3, vocab_size)
    assert kn_adaptive_bits(TEXT, new, 3, vocab_size) < static - 2.0
    # The score of a prefix does not change with what follows it.
    first = kn_adaptive_bits(TEXT, new[:30], 3, vocab_size) * 28
    longer = kn_adaptive_bits(TEXT, new[:30] + "aaaa", 3, vocab_size) * 32
    last4 = longer - first
    assert 0 < last4 / 4 < math.log2(vocab_size) + 20  # only four new terms were added
    with pytest.raises(ValueError, match="test_text needs at least"):
        kn_adaptive_bits(TEXT, "ab", 3, vocab_size)


# ---- the fast twin (KneserNeyArrays): the same numbers, to the last bit -------------------------

NEW = "the rat sat on the hat; the cat ran at a rat. XQ zz qq the mat"  # X, Q, z, q: unseen


@pytest.mark.parametrize("discount", [None, 0.1, 0.75])
@pytest.mark.parametrize("floor", [True, False])
def test_the_arrays_give_the_probabilities_prob_gives(discount, floor):
    vocab_size = len(set(TEXT + NEW)) + 2
    for n in (1, 2, 3, 5):
        readable = kneser_ney(TEXT, n, vocab_size, discount, floor)
        fast = kneser_ney(TEXT, n, vocab_size, discount, floor, fast=True)
        assert isinstance(fast, KneserNeyArrays) and fast.discounts == readable.discounts
        for order in range(1, n + 1):
            grams = [NEW[t - order + 1 : t + 1] for t in range(order - 1, len(NEW))]
            expected = [readable.prob(g[:-1], g[-1], order=order) for g in grams]
            assert fast.probs(grams, order).tolist() == expected, (n, order)


def test_fast_and_readable_scores_are_equal_on_real_text():
    from lstm_course.datasets.shakespeare import load_shakespeare

    plays = load_shakespeare(["hamlet", "othello"])
    train, test = plays["hamlet"][:30000], plays["othello"][:8000]
    orders, targets = [2, 4, 6], list(range(5, len(test), 7))
    for at in (None, targets):
        readable = kn_bits_by_order(train, test, orders, 63, at, fast=False)
        assert kn_bits_by_order(train, test, orders, 63, at) == readable
    assert kn_adaptive_bits(train, test, 5, 63) == kn_adaptive_bits(train, test, 5, 63, fast=False)


def test_one_count_serves_every_score():
    test = NEW * 2
    vocab_size = len(set(TEXT + NEW)) + 2
    for fast in (True, False):
        model = kneser_ney(TEXT, 6, vocab_size, fast=fast)  # counted once, order 6
        for n in (2, 4, 6):
            alone = kn_bits_per_char(TEXT, test, n, vocab_size, fast=False)
            assert kn_bits_per_char(TEXT, test, n, vocab_size, model=model) == alone
            assert kn_bits_at(TEXT, test, [7, 9, 30], n, vocab_size, model=model) == kn_bits_at(
                TEXT, test, [7, 9, 30], n, vocab_size, fast=False
            )
            adaptive = kn_adaptive_bits(TEXT, test, n, vocab_size, fast=False)
            assert kn_adaptive_bits(TEXT, test, n, vocab_size, model=model) == adaptive
        by_order = kn_bits_by_order(TEXT, test, [3, 5], vocab_size, model=model)
        assert by_order == kn_bits_by_order(TEXT, test, [3, 5], vocab_size, fast=False)
    # the adaptive model counts on a copy: the model it starts from is unchanged
    model = kneser_ney(TEXT, 3, vocab_size)
    before = {m: dict(c) for m, c in model.raw.items()}, dict(model.tables[3, "raw"])
    kn_adaptive_bits(TEXT, test, 3, vocab_size, model=model)
    assert ({m: dict(c) for m, c in model.raw.items()}, dict(model.tables[3, "raw"])) == before


def test_a_model_of_another_text_or_order_is_refused():
    vocab_size = len(set(TEXT + NEW)) + 2
    model = kneser_ney(TEXT, 3, vocab_size, fast=True)
    with pytest.raises(ValueError, match="model must be counted on train_text"):
        kn_bits_per_char(TEXT, NEW, 4, vocab_size, model=model)  # order 4 > 3
    with pytest.raises(ValueError, match="model must be counted on train_text"):
        kn_bits_per_char(TEXT + "x", NEW, 3, vocab_size, model=model)  # another text
    with pytest.raises(ValueError, match="model must be counted on train_text"):
        kn_adaptive_bits(TEXT, NEW, 3, vocab_size + 1, model=kneser_ney(TEXT, 3, vocab_size))
    with pytest.raises(ValueError, match="fast=True holds"):
        kneser_ney(TEXT, 11, 63, fast=True)  # 6 bits a character: at most 10
    # too long for the arrays: counted the readable way, the same number
    assert kn_bits_per_char(TEXT, NEW, 11, 63) == kn_bits_per_char(TEXT, NEW, 11, 63, fast=False)
