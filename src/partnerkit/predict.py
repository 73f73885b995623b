"""Predict-then-reveal: compare a learner's guess with a sourced statistic, and explain."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .data import Statistic


@dataclass(frozen=True)
class PredictionFeedback:
    guess: float
    actual: float
    gap: float  # guess - actual, in the statistic's unit
    verdict: str  # "close", "under", "over"
    message: str


_EMPHASIS = re.compile(r"(\*\*|\*|`)(?=\S)(.+?)(?<=\S)\1")

METHOD_WORDS = {
    "not stated": "not stated by any source we could read",
}


def plain_text(text: str) -> str:
    """Markdown emphasis removed (``*controlled*`` -> ``controlled``), for plain-text feedback.

    Data files may mark words for emphasis; feedback is shown as escaped text, where the
    asterisks would appear literally.
    """
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return text


def counted_phrase(unit: str) -> str:
    """What a statistic counted, as a phrase: '% of X' -> 'the share of X'."""
    unit = plain_text(unit.strip())
    if unit.startswith("% of "):
        return "the share of " + unit[len("% of ") :]
    if unit.startswith("% change"):
        return "the percentage change" + unit[len("% change") :]
    if unit.startswith("%"):
        return "the percentage " + unit.lstrip("% ")
    return unit


def prediction_feedback(
    guess: float, stat: Statistic, close_within: float = 5.0
) -> PredictionFeedback:
    """Explain how a guess compares with the statistic, naming who was counted and how."""
    if guess is None:
        raise ValueError("no guess given")
    guess = float(guess)
    gap = guess - stat.value
    unit = "percentage points" if stat.is_percent else ""
    if abs(gap) <= close_within:
        verdict = "close"
        head = f"Close: you said {guess:g}, the source says {stat.formatted()}."
    elif gap < 0:
        verdict = "under"
        head = (
            f"You guessed {guess:g}, {abs(gap):g} {unit} below the source's {stat.formatted()}."
        ).replace("  ", " ")
    else:
        verdict = "over"
        head = (
            f"You guessed {guess:g}, {gap:g} {unit} above the source's {stat.formatted()}."
        ).replace("  ", " ")
    method = METHOD_WORDS.get(stat.method, stat.method)
    body = (
        f" What was counted: {counted_phrase(stat.unit)}."
        f" Who was counted: {plain_text(stat.population)}. How: {method}."
    )
    if stat.caveat:
        body += f" Caveat: {plain_text(stat.caveat).rstrip('.')}."
    return PredictionFeedback(guess, stat.value, gap, verdict, head + body)
