"""Claim C7, "become a trusted advisor": the trust equation T = (C + R + I) / S.

From Maister, Green & Galford, *The Trusted Advisor* (Free Press, 2000): credibility,
reliability and intimacy over self-orientation. The book defines no scale; the kit uses 1-10
with its own behavioural anchors (``data/trust.yaml``). It is a practitioner heuristic for
discussion, not a validated measure.

The teaching point is arithmetic: one step more of C, R or I adds ``1/S``, while one step less
of S adds ``(C+R+I) / (S(S-1))``, which is larger whenever ``C+R+I > S-1``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from . import data
from .charts import FONT, PALETTE, Chart, add_source_note
from .yamlfile import Fields, read_yaml

FACTOR_IDS = ("credibility", "reliability", "intimacy", "self_orientation")
NUMERATOR = FACTOR_IDS[:3]
SOURCE_LINE = (
    "Trust equation: Maister, Green & Galford, The Trusted Advisor (Free Press, 2000). "
    "The 1-10 scale is this kit's; the book defines none."
)


@dataclass(frozen=True)
class Factor:
    id: str
    name: str
    letter: str
    about: str
    anchors: tuple[str, ...]  # five bands, low to high


@dataclass(frozen=True)
class TrustModel:
    factors: tuple[Factor, ...]
    lo: int
    hi: int
    book_values: dict[str, int]
    book_stat_id: str

    def factor(self, fid: str) -> Factor:
        return next(f for f in self.factors if f.id == fid)

    def anchor(self, fid: str, value: int) -> str:
        """The behavioural description for ``value`` (five equal bands across the scale)."""
        band = (value - self.lo) * 5 // (self.hi - self.lo + 1)
        return self.factor(fid).anchors[max(0, min(4, band))]


def load_trust(path: str | Path | None = None) -> TrustModel:
    """Read and validate ``data/trust.yaml``; errors name the file and the field."""
    path = Path(path) if path is not None else data.data_dir() / "trust.yaml"
    doc = read_yaml(path)
    f = Fields(path)
    scale = f.mapping(doc, "scale", "scale")
    lo = f.integer(scale, "min", "scale.min", 1, 100)
    hi = f.integer(scale, "max", "scale.max", lo + 4, 100)
    raw = f.items(doc, "factors", "factors", minimum=4)
    ids = [x.get("id") if isinstance(x, dict) else None for x in raw]
    if ids != list(FACTOR_IDS):
        raise f.error(
            "factors",
            f"the factors are {ids}, in that order",
            f"list exactly {', '.join(FACTOR_IDS)}, in that order (the equation needs them)",
        )
    factors = []
    for fid, item in zip(FACTOR_IDS, raw, strict=True):
        anchors = f.items(item, "anchors", f"factors.{fid}.anchors", minimum=5)
        if len(anchors) != 5:
            raise f.error(
                f"factors.{fid}.anchors",
                f"has {len(anchors)} anchors",
                "write exactly five, for the levels 1-2, 3-4, 5-6, 7-8 and 9-10",
            )
        factors.append(
            Factor(
                fid,
                f.text(item, "name", f"factors.{fid}.name"),
                f.text(item, "letter", f"factors.{fid}.letter"),
                f.text(item, "about", f"factors.{fid}.about"),
                tuple(
                    f.text({"a": a}, "a", f"factors.{fid}.anchors[{i}]")
                    for i, a in enumerate(anchors, start=1)
                ),
            )
        )
    book = f.mapping(doc, "book_example", "book_example")
    values = {fid: f.integer(book, fid, f"book_example.{fid}", lo, hi) for fid in FACTOR_IDS}
    return TrustModel(
        tuple(factors), lo, hi, values, f.text(book, "stat_id", "book_example.stat_id")
    )


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> TrustModel:
    return load_trust(path)


def trust_model() -> TrustModel:
    """The shipped model (cached until the file changes)."""
    path = data.data_dir() / "trust.yaml"
    return _cached(str(path), path.stat().st_mtime if path.exists() else 0.0)


# --------------------------------------------------------------------------- arithmetic


def quotient(credibility: float, reliability: float, intimacy: float, self_orientation: float):
    """T = (C + R + I) / S."""
    nums = (credibility, reliability, intimacy, self_orientation)
    if any(isinstance(x, bool) or not isinstance(x, (int, float)) for x in nums):
        raise TypeError("the four factors must be numbers")
    if not all(math.isfinite(x) for x in nums):
        raise ValueError("the four factors must be finite numbers")
    if self_orientation <= 0:
        raise ValueError("self-orientation must be above 0: the equation divides by it")
    return (credibility + reliability + intimacy) / self_orientation


def fmt(x: float) -> str:
    """Numbers as a learner reads them: at most three decimals, no trailing zeros."""
    return f"{round(x, 3):g}"


def _or_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def clean_values(values: Mapping | None, model: TrustModel | None = None) -> dict[str, int]:
    """Valid saved values; anything missing or out of range falls back to the book example."""
    model = model or trust_model()
    out = dict(model.book_values)
    if isinstance(values, Mapping):
        for fid in FACTOR_IDS:
            v = values.get(fid)
            if isinstance(v, int) and not isinstance(v, bool) and model.lo <= v <= model.hi:
                out[fid] = v
    return out


@dataclass(frozen=True)
class Move:
    factor: str
    label: str  # e.g. "+1 credibility" or "-1 self-orientation"
    before: int
    after: int
    possible: bool
    t_after: float
    change: float
    exact_change: Fraction  # for comparing steps without rounding error


def sensitivity(values: Mapping[str, int], model: TrustModel | None = None) -> list[Move]:
    """What one step does: +1 on each of C, R, I and -1 on S (within the scale)."""
    model = model or trust_model()
    v = {fid: values[fid] for fid in FACTOR_IDS}
    quotient(*v.values())  # checks the values
    moves = []
    for fid in FACTOR_IDS:
        step = -1 if fid == "self_orientation" else 1
        after = v[fid] + step
        possible = model.lo <= after <= model.hi
        name = model.factor(fid).name.lower()
        label = ("+1 " if step > 0 else "\u22121 ") + name
        if not possible:
            after = v[fid]
        new = {**v, fid: after}
        exact = Fraction(sum(new[f] for f in NUMERATOR), new["self_orientation"]) - Fraction(
            sum(v[f] for f in NUMERATOR), v["self_orientation"]
        )
        t_after = quotient(*new.values())
        moves.append(Move(fid, label, v[fid], after, possible, t_after, float(exact), exact))
    return moves


def best_steps(moves: list[Move]) -> list[Move]:
    """The step(s) with the largest gain (exact arithmetic, so ties are real ties)."""
    top = max(m.exact_change for m in moves)
    return [m for m in moves if m.exact_change == top and top > 0]


def explain(values: Mapping[str, int], model: TrustModel | None = None) -> list[str]:
    """Plain-language lines: the quotient, what each kind of step adds, and the best step."""
    model = model or trust_model()
    c, r, i, s = (values[fid] for fid in FACTOR_IDS)
    t = quotient(c, r, i, s)
    lines = [f"T = ({c} + {r} + {i}) / {s} = {fmt(t)}"]
    moves = sensitivity(values, model)
    up = [m for m in moves[:3] if m.possible]
    if up:
        names = _or_list([model.factor(m.factor).name.lower() for m in up])
        lines.append(f"One step more of {names} adds 1/{s} = {fmt(1 / s)} each.")
    else:
        lines.append("Credibility, reliability and intimacy are already at the top of the scale.")
    s_move = moves[3]
    if s_move.possible:
        lines.append(
            f"One step less self-orientation ({s} to {s - 1}) adds {fmt(s_move.change)}, "
            "because it shrinks the number that everything else is divided by."
        )
    else:
        lines.append(f"Self-orientation is already at its lowest ({model.lo}).")
    best = best_steps(moves)
    n = c + r + i
    if not best:
        lines.append("No single step can raise T from here.")
    elif [m.factor for m in best] == ["self_orientation"]:
        lines.append("Biggest gain from one step here: less self-orientation.")
    elif best[-1].factor == "self_orientation":
        lines.append(
            "Here every possible single step adds the same "
            f"(C + R + I = {n} equals S \u2212 1 = {s - 1})."
        )
    else:
        why = (
            f"C + R + I = {n} is smaller than S \u2212 1 = {s - 1}"
            if s_move.possible
            else "self-orientation cannot go lower"
        )
        lines.append(
            "Biggest gain from one step here: more "
            f"{_or_list([model.factor(m.factor).name.lower() for m in up])} ({why})."
        )
    return lines


def book_example(model: TrustModel | None = None) -> tuple[dict[str, int], float, data.Statistic]:
    """The book's worked example recomputed, with the statistic that records its result."""
    model = model or trust_model()
    stat = data.stat(model.book_stat_id)
    values = dict(model.book_values)
    t = quotient(*(values[fid] for fid in FACTOR_IDS))
    if not math.isclose(t, stat.value):
        raise ValueError(
            f"data/trust.yaml's book example gives {fmt(t)} but data/statistics.csv row "
            f"{stat.id} says {stat.formatted()}: correct one of them"
        )
    return values, t, stat


def trust_chart(values: Mapping[str, int], model: TrustModel | None = None) -> Chart:
    """Bars: the change in T from one step on each factor (S stepped down, the others up)."""
    model = model or trust_model()
    v = {fid: values[fid] for fid in FACTOR_IDS}
    t = quotient(*v.values())
    moves = sensitivity(v, model)
    labels = [m.label for m in moves]
    changes = [round(m.change, 4) for m in moves]
    texts = [f"+{fmt(m.change)}" if m.possible else "at the limit" for m in moves]
    title = f"What one step does to trust (now T = {fmt(t)})"
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=changes,
            text=texts,
            textposition="outside",
            marker=dict(color=[PALETTE[0]] * 3 + [PALETTE[5]]),
            hovertemplate="%{x}: %{text}<extra></extra>",
            name="Change in T",
        )
    )
    top = max([*changes, 0.1])
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left"),
        font=FONT,
        template="simple_white",
        xaxis_title="One step on one factor",
        yaxis_title="Change in T",
        yaxis=dict(range=[0, top * 1.3], gridcolor="#dddddd", showgrid=True),
        showlegend=False,
        margin=dict(l=70, r=30, t=70, b=140),
        height=460,
    )
    add_source_note(fig, SOURCE_LINE.replace(". The", ".<br>The"), y=-0.3)
    best = best_steps(moves)
    if not best:
        takeaway = "No single step raises T from here."
    elif len(best) == 1:
        takeaway = (
            f"From here, the biggest single gain is {best[0].label} (+{fmt(best[0].change)}): "
            f"T would go from {fmt(t)} to {fmt(best[0].t_after)}."
        )
    else:
        takeaway = (
            f"From here, {_or_list([m.label for m in best])} gain the same "
            f"(+{fmt(best[0].change)}): T would go from {fmt(t)} to {fmt(best[0].t_after)}."
        )
    alt = (
        f"Bar chart titled \u201c{title}\u201d, for C = {v['credibility']}, "
        f"R = {v['reliability']}, I = {v['intimacy']}, S = {v['self_orientation']}. "
        + "; ".join(f"{m.label}: {t_}" for m, t_ in zip(moves, texts, strict=True))
        + "."
    )
    table = pd.DataFrame(
        {
            "One step": labels,
            "Factor from": [m.before for m in moves],
            "Factor to": [m.after for m in moves],
            "T after": [fmt(m.t_after) for m in moves],
            "Change in T": [fmt(m.change) for m in moves],
        }
    )
    return Chart(fig, title, takeaway, alt, table, [SOURCE_LINE])
