"""The growth helper itself: it passes linear work and fails quadratic work (so the tests that
use it can fail), and it reports the measured ratio."""

from __future__ import annotations

import re

import pytest
from growth import assert_growth, measure

QUADRATIC = re.compile(r"a+$")  # every start position scans to the end: n**2 / 2 steps


def linear(text: str) -> int:
    return text.count("a") + len(text.split("b"))


def quadratic(text: str) -> object:
    return QUADRATIC.search(text)


def test_linear_work_passes():
    g = assert_growth(linear, "a" * 100_000, "a" * 1_000_000, what="str.count")
    assert 2 < g.ratio <= 20


def test_quadratic_work_fails_naming_the_ratio():
    small, large = "a" * 300 + "b", "a" * 3000 + "b"
    assert measure(quadratic, small, large).ratio > 40
    with pytest.raises(AssertionError, match=r"regex a\+\$: the larger input needed \d+\.\dx"):
        assert_growth(quadratic, small, large, what="regex a+$")
