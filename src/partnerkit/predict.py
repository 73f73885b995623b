"""Predict-then-reveal: compare a learner's guess with a sourced statistic, and explain."""

from __future__ import annotations

from dataclasses import dataclass

from .data import Statistic


@dataclass(frozen=True)
class PredictionFeedback:
    guess: float
    actual: float
    gap: float  # guess - actual, in the statistic's unit
    verdict: str  # "close", "under", "over"
    message: str


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
    body = (
        f" What was counted: {stat.unit.lstrip('% ').strip() or stat.unit}."
        f" Who: {stat.population}. Method: {stat.method}."
    )
    if stat.caveat:
        body += f" Caveat: {stat.caveat}."
    return PredictionFeedback(guess, stat.value, gap, verdict, head + body)
