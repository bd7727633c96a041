"""Lesson 09: interpolated modified Kneser-Ney, the n-gram smoothing the literature uses.

Add-k smoothing (`lstm_course.baselines.ngram`) gives every character never seen after a context the
same small probability, k / (count(context) + k V), and an unseen context the uniform 1 / V.
Kneser-Ney (Kneser and Ney 1995; the "modified" variant of Chen and Goodman 1998, what
KenLM's lmplz estimates and SRILM's -kndiscount -interpolate) does two things instead:

1. **Discount and interpolate.** From every count it subtracts a discount D (D1, D2 or D3+ for
   counts 1, 2 and 3 or more) and gives the mass it took to the next shorter context:

       p_m(w | h) = max(c_m(h w) - D(c_m(h w)), 0) / c_m(h .)  +  gamma(h) p_{m-1}(w | h')

   where h' is h without its first character, c_m(h .) = sum over w of c_m(h w), and
   gamma(h) = (D1 N1(h .) + D2 N2(h .) + D3+ N3+(h .)) / c_m(h .), N_j(h .) the number of
   characters seen exactly j times (3 or more for N3+) after h. A context never seen falls back
   to p_{m-1} entirely. The shortest level, p_0, is uniform: 1 / V.
2. **Continuation counts below the top.** For every order but the longest, c_m(h w) is not how
   often h w occurs but after how many distinct characters it occurs, N1+(. h w): a lower order
   is only asked when the longer context was rare, and what matters then is how many contexts a
   continuation follows, not how often.

The discounts of each order come from its counts of counts n_j (how many m-grams have count
j): Y = n1 / (n1 + 2 n2), D1 = 1 - 2 Y n2 / n1, D2 = 2 - 3 Y n3 / n2, D3+ = 3 - 4 Y n4 / n3
(Chen and Goodman 1998, eq. 26). Each p_m sums to 1 over the V characters.

Scores are bits per character as in `lstm_course.baselines.ngram`: every character with n - 1
characters before it, the sum over distinct n-grams with `math.fsum`, so the result does not depend
on the CPU. Introduced in notebooks/09_text_generation.ipynb, beside add-k.

Two implementations of the same counts: `KneserNey` (dicts of strings, `prob` one character at a
time: the one to read) and `KneserNeyArrays` (the same counts as sorted integer arrays, every
n-gram scored at once with NumPy: the one the lesson runs). `kneser_ney(..., fast=True)` builds
the second; the scores are the same floating-point operations in the same order, so they agree
to the last bit (tests/test_kneser_ney.py). One model of order N scores every order up to N, so
a lesson counts its training text once and passes the model (`model=`) to every score.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np


@dataclass
class KneserNey:
    """Counts of every order 1..n of a training text, ready to give p(w | context).

    `raw[m]` maps an m-gram to how often it occurs, `cont[m]` (m < n) to its continuation
    count; `tables[m, kind]` (kind "raw" or "cont") holds, per context, c_m(h .) and
    (N1, N2, N3+), and `discounts[m, kind]` = (D1, D2, D3+). One model of order n scores every
    order up to n (`prob(..., order=)`): the top level uses raw counts, the ones below
    continuation counts. Build it with `kneser_ney(text, n, V)`. `floor` False leaves out the
    uniform level (NLTK's variant): the unigram level is then the continuation unigram alone,
    and a character never seen in training gets 0.
    """

    n: int
    vocab_size: int
    floor: bool = True
    raw: dict[int, Counter] = field(default_factory=dict)
    cont: dict[int, Counter] = field(default_factory=dict)
    tables: dict[tuple[int, str], dict[str, tuple[int, int, int, int]]] = field(
        default_factory=dict
    )
    discounts: dict[tuple[int, str], tuple[float, float, float]] = field(default_factory=dict)

    def prob(self, context: str, char: str, order: int | None = None) -> float:
        """p(char | the last order - 1 characters of `context`), interpolated down to 1 / V;
        `order` defaults to the model's n."""
        order = self.n if order is None else order
        if not 1 <= order <= self.n:
            raise ValueError(f"order must be in [1, {self.n}], got {order!r}")
        p = 1.0 / self.vocab_size if self.floor else 0.0  # p_0: uniform
        for m in range(1, order + 1):  # from the shortest context up to the longest
            kind = "raw" if m == order else "cont"
            h = context[len(context) - (m - 1) :] if m > 1 else ""
            row = self.tables[m, kind].get(h)
            if row is None:
                continue  # an unseen context: p_m = p_{m-1}
            total, n1, n2, n3 = row
            c = (self.raw if kind == "raw" else self.cont)[m].get(h + char, 0)
            d1, d2, d3 = self.discounts[m, kind]
            d = 0.0 if c == 0 else d1 if c == 1 else d2 if c == 2 else d3
            gamma = (d1 * n1 + d2 * n2 + d3 * n3) / total
            if m == 1 and not self.floor:  # NLTK: the continuation unigram, not discounted
                d, gamma = 0.0, 0.0
            p = max(c - d, 0.0) / total + gamma * p
        return p


def _tables(counts: Counter) -> dict[str, tuple[int, int, int, int]]:
    """{context: (c(h .), N1(h .), N2(h .), N3+(h .))} of one order's counts."""
    rows: dict[str, list[int]] = {}
    for gram, c in counts.items():
        row = rows.setdefault(gram[:-1], [0, 0, 0, 0])
        row[0] += c
        row[min(c, 3)] += 1
    return {h: tuple(row) for h, row in rows.items()}


def _discounts(counts: Counter) -> tuple[float, float, float]:
    """(D1, D2, D3+) of Chen and Goodman from the counts of counts n1..n4 of one order.

    Where the formula cannot be used (a count of counts is 0, or a discount would not be in
    (0, j]), the single discount Y = n1 / (n1 + 2 n2) of Ney, Essen and Kneser (1994) for all
    three, and 0.5 if no m-gram occurs once: every discount stays positive, so every
    character keeps a probability above 0.
    """
    of = Counter(c for c in counts.values() if c <= 4)  # n_j: m-grams seen exactly j times
    return _discounts_of(*(of.get(j, 0) for j in (1, 2, 3, 4)))


def _discounts_of(n1: int, n2: int, n3: int, n4: int) -> tuple[float, float, float]:
    """(D1, D2, D3+) from the counts of counts n1..n4 (`_discounts`)."""
    y = n1 / (n1 + 2 * n2) if n1 else 0.5
    if min(n1, n2, n3, n4) == 0:
        return y, y, y
    d = (1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3)
    if not all(0 < dj <= j for j, dj in enumerate(d, start=1)):
        return y, y, y
    return d


@dataclass
class _Level:
    """One order's counts (raw or continuation) as arrays: `keys` (sorted, uint64: one m-gram
    each, `bits` bits per character) with their `counts`; `contexts` (sorted: each key without
    its last character, once) with `totals` c(h .) and `n1`, `n2`, `n3`: N1(h .), N2(h .),
    N3+(h .)."""

    keys: np.ndarray
    counts: np.ndarray
    contexts: np.ndarray
    totals: np.ndarray
    n1: np.ndarray
    n2: np.ndarray
    n3: np.ndarray


@dataclass
class KneserNeyArrays:
    """The counts of `KneserNey`, as sorted integer arrays: the fast twin of `KneserNey`.

    Every character of the training text gets a code 1..A (`codes`), an m-gram the integer of
    its codes written in `bits` bits each (bits = vocab_size.bit_length(), so n * bits <= 64).
    `levels[m, kind]` holds order m's counts and context table (`_Level`), `discounts[m, kind]`
    the same (D1, D2, D3+) as `KneserNey`. `probs(grams, order)` gives the probabilities
    `KneserNey.prob` gives, for many n-grams at once. Build it with `kneser_ney(..., fast=True)`.
    """

    n: int
    vocab_size: int
    floor: bool
    bits: int
    codes: dict[str, int]
    train_chars: int
    levels: dict[tuple[int, str], _Level] = field(default_factory=dict)
    discounts: dict[tuple[int, str], tuple[float, float, float]] = field(default_factory=dict)

    def encode(self, text: str) -> np.ndarray:
        """(len(text),) uint64 codes; a character the training text lacks gets a code of its
        own above A (the vocabulary leaves room for it: vocab_size >= the alphabet)."""
        codes = dict(self.codes)
        for ch in sorted(set(text) - codes.keys()):
            codes[ch] = len(codes) + 1
        if len(codes) >= 1 << self.bits:
            raise ValueError(f"more than vocab_size = {self.vocab_size} distinct characters")
        return np.array([codes[ch] for ch in text], dtype=np.uint64)

    def gram_keys(self, codes: np.ndarray, m: int) -> np.ndarray:
        """The key of every m-gram of `codes`: element i is the m-gram codes[i : i + m]."""
        keys = np.zeros(len(codes) - m + 1, dtype=np.uint64)
        for j in range(m):
            keys = (keys << np.uint64(self.bits)) | codes[j : len(codes) - m + 1 + j]
        return keys

    def suffix(self, keys: np.ndarray, m: int) -> np.ndarray:
        """The last m characters of each key."""
        return keys & np.uint64((1 << (self.bits * m)) - 1)

    def probs(self, grams: list[str], order: int) -> np.ndarray:
        """p(gram[-1] | gram[:-1]) of every gram (each `order` characters), as `KneserNey.prob`."""
        if not 1 <= order <= self.n:
            raise ValueError(f"order must be in [1, {self.n}], got {order!r}")
        if any(len(g) != order for g in grams):
            raise ValueError(f"every gram must have order = {order} characters")
        keys = self.gram_keys(self.encode("".join(grams)), order)[::order]
        return self.level_probs(
            keys, order, lambda m, kind, gk, hk: _lookup(self.levels[m, kind], gk, hk)
        )

    def level_probs(self, keys: np.ndarray, order: int, look) -> np.ndarray:
        """The interpolation of `KneserNey.prob`, level by level over all `keys` at once.

        look(m, kind, m-gram keys, context keys) -> (c, seen, total, n1, n2, n3) arrays."""
        p = np.full(len(keys), 1.0 / self.vocab_size if self.floor else 0.0)
        for m in range(1, order + 1):  # from the shortest context up to the longest
            kind = "raw" if m == order else "cont"
            gk = self.suffix(keys, m)
            c, seen, total, n1, n2, n3 = look(m, kind, gk, gk >> np.uint64(self.bits))
            d1, d2, d3 = self.discounts[m, kind]
            d = np.where(c == 0, 0.0, np.where(c == 1, d1, np.where(c == 2, d2, d3)))
            gamma = (d1 * n1 + d2 * n2 + d3 * n3) / total
            if m == 1 and not self.floor:  # NLTK: the continuation unigram, not discounted
                d, gamma = 0.0, 0.0
            p = np.where(seen, np.maximum(c - d, 0.0) / total + gamma * p, p)
        return p


def _find(sorted_keys: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index, found) of each of `keys` in `sorted_keys` (index clipped where not found)."""
    i = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return i, sorted_keys[i] == keys


def _lookup(level: _Level, gk: np.ndarray, hk: np.ndarray) -> tuple[np.ndarray, ...]:
    """(c(h w), h seen, c(h .), N1, N2, N3+) of the m-grams `gk` with contexts `hk`; totals of
    unseen contexts are 1 (never used: p stays p_{m-1})."""
    j, found = _find(level.keys, gk)
    c = np.where(found, level.counts[j], 0)
    i, seen = _find(level.contexts, hk)
    total = np.where(seen, level.totals[i], 1)
    return c, seen, total, level.n1[i], level.n2[i], level.n3[i]


def _level(keys: np.ndarray, counts: np.ndarray, bits: int) -> _Level:
    """A `_Level` from sorted unique keys and their counts (`_tables`, with arrays)."""
    contexts, starts = np.unique(keys >> np.uint64(bits), return_index=True)

    def per_context(values):
        return np.add.reduceat(values.astype(np.int64), starts)

    return _Level(
        keys,
        counts,
        contexts,
        per_context(counts),
        per_context(counts == 1),
        per_context(counts == 2),
        per_context(counts >= 3),
    )


def kneser_ney(
    train_text: str,
    n: int,
    vocab_size: int,
    discount: float | None = None,
    floor: bool = True,
    fast: bool = False,
) -> KneserNey | KneserNeyArrays:
    """Count `train_text` for an interpolated modified Kneser-Ney model of order `n`.

    Args:
        train_text: the text the counts come from (never the text scored).
        n: the order: the context is n - 1 characters (n = 1: unigram with a uniform floor).
        vocab_size: V, the size of the alphabet (at least the distinct characters of the
            training text and of any text scored).
        discount: None for the modified discounts of every order (Chen and Goodman); a number
            in (0, 1] for one discount everywhere (interpolated Kneser-Ney as NLTK's
            `KneserNeyInterpolated(order, discount)` computes it, with `floor=False`).
        floor: interpolate the unigram level with the uniform 1 / V (the default), so that
            every character of the alphabet has a probability above 0.
        fast: False: a `KneserNey` (dicts of strings, the readable version); True: the same
            counts as a `KneserNeyArrays` (NumPy), which scores far faster, the same numbers.
    """
    if discount is not None and not 0 < discount <= 1:
        raise ValueError(f"discount must be None or in (0, 1], got {discount!r}")
    if not isinstance(train_text, str) or not train_text:
        raise ValueError("train_text must be a non-empty str")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be an int >= 1, got {n!r}")
    if len(train_text) < n:
        raise ValueError(f"train_text needs at least n = {n} characters, got {len(train_text)}")
    if not isinstance(vocab_size, int) or vocab_size < len(set(train_text)):
        raise ValueError(
            f"vocab_size must be an int >= the {len(set(train_text))} distinct characters "
            f"of train_text, got {vocab_size!r}"
        )
    if fast:
        bits = vocab_size.bit_length()  # codes 1..vocab_size
        if n * bits > 64:
            raise ValueError(f"fast=True holds n * {bits} <= 64 bits: n <= {64 // bits}")
        codes = {ch: i for i, ch in enumerate(sorted(set(train_text)), start=1)}
        arrays = KneserNeyArrays(n, vocab_size, floor, bits, codes, len(train_text))
        text_codes = arrays.encode(train_text)
        raw = {
            m: np.unique(arrays.gram_keys(text_codes, m), return_counts=True)
            for m in range(1, n + 1)
        }
        cont = {  # distinct characters before each m-gram: one per distinct (m + 1)-gram
            m: np.unique(arrays.suffix(raw[m + 1][0], m), return_counts=True) for m in range(1, n)
        }
        for kind, by_order in (("raw", raw), ("cont", cont)):
            for m, (keys, counts) in by_order.items():
                arrays.levels[m, kind] = _level(keys, counts, bits)
                of = [int(np.count_nonzero(counts == j)) for j in (1, 2, 3, 4)]
                arrays.discounts[m, kind] = (discount,) * 3 if discount else _discounts_of(*of)
        return arrays
    # readable: Counters of strings
    model = KneserNey(n=n, vocab_size=vocab_size, floor=floor)
    for m in range(1, n + 1):
        model.raw[m] = Counter(train_text[i : i + m] for i in range(len(train_text) - m + 1))
    for m in range(1, n):  # continuation counts: distinct characters before each m-gram
        model.cont[m] = Counter(gram[1:] for gram in model.raw[m + 1])
    for (m, kind), counts in [((m, "raw"), model.raw[m]) for m in model.raw] + [
        ((m, "cont"), model.cont[m]) for m in model.cont
    ]:
        model.tables[m, kind] = _tables(counts)
        model.discounts[m, kind] = (discount,) * 3 if discount else _discounts(counts)
    return model


def kn_bits_per_char(
    train_text: str,
    test_text: str,
    n: int,
    vocab_size: int,
    model: KneserNey | KneserNeyArrays | None = None,
    fast: bool = True,
) -> float:
    """Bits per character of `test_text` under Kneser-Ney of order `n` counted on `train_text`:
    the mean of -log2 p over the len(test_text) - n + 1 characters with n - 1 before them.
    `model`, `fast`: as `kn_bits_by_order`."""
    return kn_bits_at(
        train_text, test_text, range(n - 1, len(test_text)), n, vocab_size, model, fast
    )


def kn_bits_by_order(
    train_text: str,
    test_text: str,
    orders: Iterable[int],
    vocab_size: int,
    targets=None,
    model: KneserNey | KneserNeyArrays | None = None,
    fast: bool = True,
) -> dict[int, float]:
    """{n: bits per character of `test_text` under Kneser-Ney of order n} for every n in
    `orders`, counting `train_text` once (for the highest order). `targets` (positions, each
    >= max(orders) - 1) scores the same characters for every order; None: every character
    with n - 1 before it, for each n (`kn_bits_per_char`).

    model: None counts `train_text` here; or the counts of `train_text` already made,
        `kneser_ney(train_text, N, vocab_size[, fast=True])` with N >= max(orders), used
        as they are (one count serves every order and every text scored).
    fast: when counting here, build the NumPy twin (`KneserNeyArrays`): the same numbers.
    """
    orders = sorted(set(orders))
    if not orders or orders[0] < 1:
        raise ValueError(f"orders must be a non-empty set of ints >= 1, got {orders}")
    _check_vocab(train_text, test_text, vocab_size)
    model = _model_of(train_text, orders[-1], vocab_size, model, fast)
    out = {}
    for n in orders:
        at = range(n - 1, len(test_text)) if targets is None else list(targets)
        out[n] = _mean_bits(model, test_text, at, n)
    return out


def kn_bits_at(
    train_text: str,
    test_text: str,
    targets: Iterable[int],
    n: int,
    vocab_size: int,
    model: KneserNey | KneserNeyArrays | None = None,
    fast: bool = True,
) -> float:
    """Mean bits of Kneser-Ney of order `n` over chosen target positions t of `test_text`
    (t >= n - 1; test_text[t] predicted from the n - 1 characters before it), as
    `ngram.ngram_bits_at` for add-k. `model`, `fast`: as `kn_bits_by_order`."""
    _check_vocab(train_text, test_text, vocab_size)
    model = _model_of(train_text, n, vocab_size, model, fast)
    return _mean_bits(model, test_text, list(targets), n)


def _model_of(train_text: str, n: int, vocab_size: int, model, fast: bool):
    """`model` checked against `train_text` (order >= n, same V, same length), or counted."""
    if model is None:
        fast = fast and n * vocab_size.bit_length() <= 64
        return kneser_ney(train_text, n, vocab_size, fast=fast)
    train_chars = (
        model.train_chars if isinstance(model, KneserNeyArrays) else sum(model.raw[1].values())
    )
    if model.n < n or model.vocab_size != vocab_size or train_chars != len(train_text):
        raise ValueError(
            f"model must be counted on train_text ({len(train_text)} characters; it has "
            f"{train_chars}) with vocab_size = {vocab_size} (it has {model.vocab_size}) and "
            f"order >= {n} (it has {model.n})"
        )
    return model


def _check_vocab(train_text: str, test_text: str, vocab_size: int) -> None:
    if not isinstance(train_text, str) or not isinstance(test_text, str):
        raise ValueError("train_text and test_text must be str")
    alphabet = len(set(train_text) | set(test_text))
    if not isinstance(vocab_size, int) or vocab_size < alphabet:
        raise ValueError(
            f"vocab_size must be an int >= the {alphabet} distinct characters of the two "
            f"texts, got {vocab_size!r}"
        )


def _mean_bits(
    model: KneserNey | KneserNeyArrays, test_text: str, targets: list[int], n: int
) -> float:
    """Mean of -log2 p(test_text[t] | the n - 1 characters before it) over `targets`, summed
    over distinct n-grams with math.fsum."""
    if not targets or min(targets) < n - 1 or max(targets) >= len(test_text):
        raise ValueError(
            f"targets must be a non-empty list of positions in [n - 1, len(test_text)) = "
            f"[{n - 1}, {len(test_text)})"
        )
    test_grams = Counter(test_text[t - n + 1 : t + 1] for t in targets)
    if isinstance(model, KneserNeyArrays):  # fast: every distinct n-gram at once
        probs = model.probs(list(test_grams), order=n).tolist()
    else:  # readable: one n-gram at a time
        probs = [model.prob(g[:-1], g[-1], order=n) for g in test_grams]
    terms = [-c * math.log2(p) for c, p in zip(test_grams.values(), probs, strict=True)]
    return math.fsum(terms) / len(targets)


def kn_adaptive_bits(
    train_text: str,
    test_text: str,
    n: int,
    vocab_size: int,
    model: KneserNey | KneserNeyArrays | None = None,
    fast: bool = True,
) -> float:
    """Bits per character of `test_text` under Kneser-Ney of order `n` that keeps counting.

    The model starts from the counts of `train_text`; each character of `test_text` (from
    position n - 1 on, as `kn_bits_per_char`) is scored first, then every m-gram that ends at it
    (within `test_text`, m = 1..n) is added to the counts, and to the continuation counts when
    it is a new one. The discounts stay those of `train_text`. So the score of character t uses
    the training text and test_text[:t], as a compressor's does, and never test_text[t:].
    `model`, `fast`: as `kn_bits_by_order` (the model is not changed: the counting is on a
    copy, or, fast, on arrays of events). Introduced in notebooks/09_text_generation.ipynb,
    beside bz2 and the LSTM's dynamic evaluation.
    """
    _check_vocab(train_text, test_text, vocab_size)
    if len(test_text) < n:
        raise ValueError(f"test_text needs at least n = {n} characters, got {len(test_text)}")
    model = _model_of(train_text, n, vocab_size, model, fast)
    if isinstance(model, KneserNeyArrays):  # fast: every character at once, from the events
        terms = [-math.log2(p) for p in _adaptive_probs(model, test_text, n).tolist()]
        return math.fsum(terms) / len(terms)
    # readable: count as it reads, one character after another
    raw = {m: Counter(model.raw[m]) for m in range(1, n + 1)}  # copies: counted on below
    cont = {m: Counter(model.cont[m]) for m in range(1, n)}
    tables = {  # rows as lists [c(h .), N1, N2, N3+]: updated in place
        key: {h: list(row) for h, row in t.items()}
        for key, t in model.tables.items()
        if key[0] <= n
    }

    def count(m: int, kind: str, gram: str) -> None:
        counts = (raw if kind == "raw" else cont)[m]
        c = counts[gram]
        counts[gram] = c + 1
        row = tables[m, kind].setdefault(gram[:-1], [0, 0, 0, 0])
        row[0] += 1
        if c:
            row[min(c, 3)] -= 1
        row[min(c + 1, 3)] += 1

    levels = [  # per order m: its counts, its table and its discounts (raw at the top)
        (
            m,
            raw[m] if m == n else cont[m],
            tables[m, "raw" if m == n else "cont"],
            model.discounts[m, "raw" if m == n else "cont"],
        )
        for m in range(1, n + 1)
    ]
    terms = []
    for t, char in enumerate(test_text):
        if t >= n - 1:  # model.prob(test_text[t - n + 1 : t], char), written out for speed
            p = 1.0 / vocab_size
            for m, counts, table, (d1, d2, d3) in levels:
                h = test_text[t - m + 1 : t]
                row = table.get(h)
                if row is None:
                    continue
                total, n1, n2, n3 = row
                c = counts.get(h + char, 0)
                d = 0.0 if c == 0 else d1 if c == 1 else d2 if c == 2 else d3
                p = max(c - d, 0.0) / total + (d1 * n1 + d2 * n2 + d3 * n3) / total * p
            terms.append(-math.log2(p))
        for m in range(1, min(n, t + 1) + 1):  # the m-grams ending at t
            gram = test_text[t - m + 1 : t + 1]
            if m >= 2 and raw[m][gram] == 0:  # a new m-gram: one more left context
                count(m - 1, "cont", gram[1:])
            count(m, "raw", gram)
    return math.fsum(terms) / len(terms)


def _adaptive_probs(model: KneserNeyArrays, test_text: str, n: int) -> np.ndarray:
    """p(test_text[t] | the n - 1 before it) for t = n - 1, ..., with the counts the readable
    loop of `kn_adaptive_bits` has when it scores t, computed for every t at once.

    Each level of the interpolation (order n's raw counts, the continuation counts below) is
    the training counts plus the *events* of test_text before t: at the top, one per m-gram read;
    at order m < n, one per (m + 1)-gram read for the first time (new in training and in the
    text so far). An event on an m-gram that had count c before it adds 1 to c(h .) of its
    context h and moves h from N_c to N_(c + 1) (N3+ holding 3 and more). Sorting the events by
    (m-gram, time) and by (context, time) and summing them up to t gives the counts at t.
    """
    codes = model.encode(test_text)
    size = len(codes)
    bits = np.uint64(model.bits)
    grams = {m: model.gram_keys(codes, m) for m in range(1, n + 1)}  # [i]: ends at i + m - 1
    times = {m: np.arange(m - 1, size, dtype=np.int64) for m in range(1, n + 1)}
    events = {n: (grams[n], times[n])}  # the top: every n-gram read
    for m in range(1, n):  # below: the m-gram ending each new (m + 1)-gram
        in_train = _find(model.levels[m + 1, "raw"].keys, grams[m + 1])[1]
        first = np.zeros(len(grams[m + 1]), dtype=bool)
        first[np.unique(grams[m + 1], return_index=True)[1]] = True
        new = first & ~in_train
        events[m] = (model.suffix(grams[m + 1][new], m), times[m + 1][new])
    scored = times[n]  # the characters scored, each before its own events

    def look(m, kind, gk, hk):  # the counts at each scored t: training, then events before t
        level = model.levels[m, kind]
        keys, at = events[m]
        j, found = _find(level.keys, gk)
        c = np.where(found, level.counts[j], 0) + _before(keys, at, gk, scored, size)[0]
        j, found = _find(level.keys, keys)
        was = np.where(found, level.counts[j], 0) + _before(keys, at, keys, at, size)[0]
        up, down = np.minimum(was + 1, 3), np.where(was > 0, np.minimum(was, 3), 0)
        deltas = [np.ones(len(keys), dtype=np.int64)]  # c(h .) + 1, N_was - 1, N_was+1 + 1
        deltas += [(up == k).astype(np.int64) - (down == k) for k in (1, 2, 3)]
        n_events, sums = _before(keys >> bits, at, hk, scored, size, deltas)
        i, in_train = _find(level.contexts, hk)
        rows = (level.totals, level.n1, level.n2, level.n3)
        total, n1, n2, n3 = (
            np.where(in_train, a[i], 0) + d for a, d in zip(rows, sums, strict=True)
        )
        seen = in_train | (n_events > 0)
        return c, seen, np.where(seen, total, 1), n1, n2, n3

    return model.level_probs(grams[n], n, look)


def _before(keys, at, query_keys, query_at, size, weights=()):
    """For each query (key, time): how many events (keys[e], at[e]) have that key and a time
    before it, and the sums of each of `weights` (arrays over the events) over them."""
    ids = np.unique(np.concatenate([keys, query_keys]), return_inverse=True)[1]
    stride = size + 1  # (id, time) -> one sortable int64: id * stride + time
    event = ids[: len(keys)].astype(np.int64) * stride + at
    order = np.argsort(event, kind="stable")
    event = event[order]
    query = ids[len(keys) :].astype(np.int64) * stride
    lo, hi = np.searchsorted(event, query), np.searchsorted(event, query + query_at)
    sums = []
    for w in weights:
        running = np.concatenate([[0], np.cumsum(w[order])])
        sums.append(running[hi] - running[lo])
    return hi - lo, sums
