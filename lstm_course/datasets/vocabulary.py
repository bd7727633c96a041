"""Lesson 01: token <-> id vocabularies (words; characters in 09) and one-hot encoding.

Introduced in notebooks/01_rnn_from_scratch.ipynb (words of the context-switch sentences) and
used again in notebooks/09_text_generation.ipynb (characters of Shakespeare's plays).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

LEVELS = ("word", "char")


@dataclass(frozen=True)
class Vocabulary:
    """Token <-> id mapping: `tokens[i]` is the token with id i.

    One class for both kinds of token in the course. `level="word"` (lesson 01's sentences):
    a string is split on spaces and `decode` returns a list of words. `level="char"` (lesson
    09's text, built with `Vocabulary.from_text`): a string is read character by character and
    `decode` returns a string. Ids are int32 at both levels.
    """

    tokens: tuple[str, ...]
    level: str = "word"
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, got {self.level!r}")
        if not self.tokens:
            raise ValueError("a vocabulary needs at least one token")
        if any(not isinstance(t, str) or not t for t in self.tokens):
            raise ValueError("every token must be a non-empty str")
        if self.level == "char" and any(len(t) != 1 for t in self.tokens):
            raise ValueError("every token of a character vocabulary must be a single character")
        if len(set(self.tokens)) != len(self.tokens):
            raise ValueError("vocabulary tokens must be unique")
        object.__setattr__(self, "_index", {t: i for i, t in enumerate(self.tokens)})

    @classmethod
    def from_text(cls, text: str | Iterable[str]) -> Vocabulary:
        """The character vocabulary of the distinct characters in `text`, sorted by code point
        (so ids do not depend on the order the text was read in)."""
        tokens = tuple(sorted(set(text)))
        if not tokens:
            raise ValueError("cannot build a vocabulary from empty text")
        return cls(tokens, level="char")

    def __len__(self) -> int:
        return len(self.tokens)

    def encode(self, tokens: str | Sequence[str]) -> np.ndarray:
        """Ids (len,) as int32 of `tokens`: a sequence of tokens, or a string (split on spaces
        for a word vocabulary, read character by character for a character vocabulary).

        Raises:
            ValueError: naming the tokens that are not in the vocabulary.
        """
        if isinstance(tokens, str):
            tokens = tokens.split() if self.level == "word" else tokens
        index = self._index
        try:
            return np.fromiter((index[t] for t in tokens), dtype=np.int32, count=len(tokens))
        except KeyError:
            unknown = sorted(set(tokens) - set(index))
            kind = "words" if self.level == "word" else "characters"
            raise ValueError(f"{kind} not in the vocabulary: {unknown}") from None

    def decode(self, ids) -> list[str] | str:
        """The tokens of the integer ids `ids` (any shape, read in C order): a list of words,
        or one string for a character vocabulary."""
        ids = np.asarray(ids)
        if ids.size and not np.issubdtype(ids.dtype, np.integer):
            raise ValueError(f"ids must be integers, got dtype {ids.dtype}")
        if ids.size and (ids.min() < 0 or ids.max() >= len(self)):
            raise ValueError(
                f"ids must be in [0, {len(self)}), got range [{ids.min()}, {ids.max()}]"
            )
        tokens = [self.tokens[i] for i in ids.ravel()]
        return tokens if self.level == "word" else "".join(tokens)


def one_hot(ids: np.ndarray, depth: int, dtype=np.float64) -> np.ndarray:
    """(..., depth) one-hot encoding of the integer array `ids` (...)."""
    ids = np.asarray(ids)
    if not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"ids must be integers, got dtype {ids.dtype}")
    if ids.size and (ids.min() < 0 or ids.max() >= depth):
        raise ValueError(f"ids must be in [0, {depth}), got range [{ids.min()}, {ids.max()}]")
    return np.eye(depth, dtype=dtype)[ids]
