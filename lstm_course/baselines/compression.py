"""Lesson 09: general-purpose compressors as a baseline, in bits per character.

Introduced in notebooks/09_text_generation.ipynb. A compressor is a model of text too: the
size of its output is a code length, and 8 * bytes / characters is bits per character, the
unit of a language model's loss. Two ways to score a validation text:

- alone: compress the validation text by itself, 8 * size(C(val)) / len(val);
- given the training text: 8 * (size(C(train + val)) - size(C(train))) / len(val), the extra
  bytes the validation text costs once the compressor has read the training text (what a
  model trained on the training text is charged). gzip only looks 32 KB back, so it gains
  little; bz2 sorts blocks of up to 900 KB and gains more.

Both learn from the validation text as they read it (a repeated name is cheap the second
time), which a trained model with fixed weights does not. Sizes come from the zlib and bzip2
libraries Python is linked with, so they can differ slightly between builds.
"""

from __future__ import annotations

import bz2
import gzip

COMPRESSORS = {
    "gzip -9": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
    "bz2 -9": lambda data: bz2.compress(data, compresslevel=9),
}


def compressed_bits_per_char(text: str, method: str, given: str = "") -> float:
    """Bits per character of `text` under the compressor `method` (a key of COMPRESSORS).

    Args:
        text: the text scored (ASCII), at least one character.
        method: "gzip -9" or "bz2 -9".
        given: text the compressor reads first (the training text), or "" for `text` alone.

    Returns:
        8 * (size(C(given + text)) - size(C(given))) / len(text), or 8 * size(C(text)) /
        len(text) when `given` is "".

    >>> compressed_bits_per_char("ab" * 1000, "bz2 -9") < 1
    True
    """
    if method not in COMPRESSORS:
        raise ValueError(f"method must be one of {list(COMPRESSORS)}, got {method!r}")
    if not isinstance(text, str) or not isinstance(given, str) or not text:
        raise ValueError("text must be a non-empty str and given a str")
    compress = COMPRESSORS[method]
    data, prefix = text.encode("ascii"), given.encode("ascii")
    extra = len(compress(prefix + data)) - (len(compress(prefix)) if prefix else 0)
    return 8 * extra / len(text)
