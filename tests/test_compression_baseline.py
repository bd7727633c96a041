"""Lesson 09's compressor baseline: bits per character, alone and given a training text."""

import doctest

import pytest

from lstm_course.baselines import compression as compression_baseline
from lstm_course.baselines.compression import COMPRESSORS, compressed_bits_per_char


def test_doctests():
    assert doctest.testmod(compression_baseline).failed == 0


@pytest.mark.parametrize("method", list(COMPRESSORS))
def test_alone_is_eight_times_bytes_per_character(method):
    text = "To be, or not to be, that is the question.\n" * 3
    size = len(COMPRESSORS[method](text.encode("ascii")))
    assert compressed_bits_per_char(text, method) == 8 * size / len(text)


@pytest.mark.parametrize("method", list(COMPRESSORS))
def test_a_text_seen_before_is_cheap_given_it(method):
    rng_text = "".join(chr(97 + (i * 7919) % 26) for i in range(3000))
    alone = compressed_bits_per_char(rng_text, method)
    given = compressed_bits_per_char(rng_text, method, given=rng_text)
    assert given < alone / 4


@pytest.mark.parametrize(
    "args, match",
    [(("abc", "zip"), "method"), (("", "gzip -9"), "non-empty"), ((b"abc", "bz2 -9"), "str")],
)
def test_bad_input_raises_a_clear_error(args, match):
    with pytest.raises(ValueError, match=match):
        compressed_bits_per_char(*args)
