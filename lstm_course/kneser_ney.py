"""Lesson 09: interpolated modified Kneser-Ney, the n-gram smoothing the literature uses.

Add-k smoothing (`lstm_course.ngram`) gives every character never seen after a context the
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

Scores are bits per character as in `lstm_course.ngram`: every character with n - 1 characters
before it, the sum over distinct n-grams with `math.fsum`, so the result does not depend on the
CPU. Introduced in notebooks/09_text_generation.ipynb, beside add-k.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field


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
    n1, n2, n3, n4 = (of.get(j, 0) for j in (1, 2, 3, 4))
    y = n1 / (n1 + 2 * n2) if n1 else 0.5
    if min(n1, n2, n3, n4) == 0:
        return y, y, y
    d = (1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3)
    if not all(0 < dj <= j for j, dj in enumerate(d, start=1)):
        return y, y, y
    return d


def kneser_ney(
    train_text: str,
    n: int,
    vocab_size: int,
    discount: float | None = None,
    floor: bool = True,
) -> KneserNey:
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


def kn_bits_per_char(train_text: str, test_text: str, n: int, vocab_size: int) -> float:
    """Bits per character of `test_text` under Kneser-Ney of order `n` counted on `train_text`:
    the mean of -log2 p over the len(test_text) - n + 1 characters with n - 1 before them."""
    return kn_bits_at(train_text, test_text, range(n - 1, len(test_text)), n, vocab_size)


def kn_bits_by_order(
    train_text: str, test_text: str, orders: Iterable[int], vocab_size: int, targets=None
) -> dict[int, float]:
    """{n: bits per character of `test_text` under Kneser-Ney of order n} for every n in
    `orders`, counting `train_text` once (for the highest order). `targets` (positions, each
    >= max(orders) - 1) scores the same characters for every order; None: every character
    with n - 1 before it, for each n (`kn_bits_per_char`)."""
    orders = sorted(set(orders))
    if not orders or orders[0] < 1:
        raise ValueError(f"orders must be a non-empty set of ints >= 1, got {orders}")
    _check_vocab(train_text, test_text, vocab_size)
    model = kneser_ney(train_text, orders[-1], vocab_size)
    out = {}
    for n in orders:
        at = range(n - 1, len(test_text)) if targets is None else list(targets)
        out[n] = _mean_bits(model, test_text, at, n)
    return out


def kn_bits_at(
    train_text: str, test_text: str, targets: Iterable[int], n: int, vocab_size: int
) -> float:
    """Mean bits of Kneser-Ney of order `n` over chosen target positions t of `test_text`
    (t >= n - 1; test_text[t] predicted from the n - 1 characters before it), as
    `ngram.ngram_bits_at` for add-k."""
    _check_vocab(train_text, test_text, vocab_size)
    return _mean_bits(kneser_ney(train_text, n, vocab_size), test_text, list(targets), n)


def _check_vocab(train_text: str, test_text: str, vocab_size: int) -> None:
    if not isinstance(train_text, str) or not isinstance(test_text, str):
        raise ValueError("train_text and test_text must be str")
    alphabet = len(set(train_text) | set(test_text))
    if not isinstance(vocab_size, int) or vocab_size < alphabet:
        raise ValueError(
            f"vocab_size must be an int >= the {alphabet} distinct characters of the two "
            f"texts, got {vocab_size!r}"
        )


def _mean_bits(model: KneserNey, test_text: str, targets: list[int], n: int) -> float:
    """Mean of -log2 p(test_text[t] | the n - 1 characters before it) over `targets`, summed
    over distinct n-grams with math.fsum."""
    if not targets or min(targets) < n - 1 or max(targets) >= len(test_text):
        raise ValueError(
            f"targets must be a non-empty list of positions in [n - 1, len(test_text)) = "
            f"[{n - 1}, {len(test_text)})"
        )
    test_grams = Counter(test_text[t - n + 1 : t + 1] for t in targets)
    terms = [-c * math.log2(model.prob(g[:-1], g[-1], order=n)) for g, c in test_grams.items()]
    return math.fsum(terms) / len(targets)


def kn_adaptive_bits(train_text: str, test_text: str, n: int, vocab_size: int) -> float:
    """Bits per character of `test_text` under Kneser-Ney of order `n` that keeps counting.

    The model starts from the counts of `train_text`; each character of `test_text` (from
    position n - 1 on, as `kn_bits_per_char`) is scored first, then every m-gram that ends at it
    (within `test_text`, m = 1..n) is added to the counts, and to the continuation counts when
    it is a new one. The discounts stay those of `train_text`. So the score of character t uses
    the training text and test_text[:t], as a compressor's does, and never test_text[t:].
    Introduced in notebooks/09_text_generation.ipynb, beside bz2 and the LSTM's dynamic
    evaluation.
    """
    _check_vocab(train_text, test_text, vocab_size)
    if len(test_text) < n:
        raise ValueError(f"test_text needs at least n = {n} characters, got {len(test_text)}")
    model = kneser_ney(train_text, n, vocab_size)
    model.raw = {m: Counter(c) for m, c in model.raw.items()}  # copies: counted on below
    model.cont = {m: Counter(c) for m, c in model.cont.items()}
    tables = {key: {h: list(row) for h, row in t.items()} for key, t in model.tables.items()}
    model.tables = tables  # rows as lists [c(h .), N1, N2, N3+]: updated in place

    def count(m: int, kind: str, gram: str) -> None:
        counts = (model.raw if kind == "raw" else model.cont)[m]
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
            model.raw[m] if m == n else model.cont[m],
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
            if m >= 2 and model.raw[m][gram] == 0:  # a new m-gram: one more left context
                count(m - 1, "cont", gram[1:])
            count(m, "raw", gram)
    return math.fsum(terms) / len(terms)
