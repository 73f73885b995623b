"""Claims C6 and C7: the four levers, Freund's three (as summarised by the column) plus the
columnist's partnership with clients, as a self-assessment with anchored levels.

Content (lever names, the five level descriptions per lever, what to try first, the example
and the case organisation) lives in ``data/levers.yaml``; this module validates it, finds the
weakest lever (ties included) and draws the radar chart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from .charts import FONT, PALETTE, Chart, add_source_note
from .data import data_dir
from .yamlfile import Fields, read_yaml

LEVELS = (1, 2, 3, 4, 5)
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
SOURCE_LINE = (
    "Levers: alignment, transparency with KPIs and accountability from Gilles Freund as "
    "summarised by the column (his post: not verified); partnership: the column's own."
)


@dataclass(frozen=True)
class Level:
    number: int
    description: str
    try_first: str


@dataclass(frozen=True)
class Lever:
    id: str
    name: str
    origin: str
    question: str
    levels: tuple[Level, ...]  # levels[0] is level 1

    def level(self, n: int) -> Level:
        return self.levels[n - 1]


@dataclass(frozen=True)
class LeverSet:
    levers: tuple[Lever, ...]
    maturity: dict[int, str]
    example_label: str
    example_note: str
    example: dict[str, int]
    case_name: str
    case_summary: str
    case_evidence: dict[str, str]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(lv.id for lv in self.levers)

    def by_id(self, lever_id: str) -> Lever:
        for lv in self.levers:
            if lv.id == lever_id:
                return lv
        raise KeyError(f"no lever {lever_id!r}; the levers are {', '.join(self.ids)}")


def load_levers(path: str | Path | None = None) -> LeverSet:
    """Read and validate ``data/levers.yaml``; errors name the file and the field."""
    path = Path(path) if path is not None else data_dir() / "levers.yaml"
    doc = read_yaml(path)
    f = Fields(path)
    levers: list[Lever] = []
    seen: set[str] = set()
    for i, raw in enumerate(f.items(doc, "levers", "levers", minimum=3), start=1):
        if not isinstance(raw, dict):
            raise f.error(f"levers[{i}]", "is not a set of named fields", "indent it under '- '")
        lid = f.text(raw, "id", f"levers[{i}].id")
        if not _ID_RE.match(lid):
            raise f.error(f"levers[{i}].id", f"{lid!r} is not a lowercase id", "use a-z, 0-9, _")
        if lid in seen:
            raise f.error(f"levers[{i}].id", f"duplicate id {lid!r}", "give each lever its own id")
        seen.add(lid)
        where = f"levers.{lid}"
        raw_levels = f.mapping(raw, "levels", f"{where}.levels")
        extra = sorted(str(k) for k in raw_levels if k not in LEVELS)
        if extra:
            raise f.error(
                f"{where}.levels",
                f"unexpected level(s) {', '.join(extra)}",
                "number the levels 1, 2, 3, 4 and 5",
            )
        levels = []
        for n in LEVELS:
            if n not in raw_levels:
                raise f.error(f"{where}.levels.{n}", "is missing", "describe all five levels")
            lv = raw_levels[n]
            levels.append(
                Level(
                    n,
                    f.text(lv, "description", f"{where}.levels.{n}.description"),
                    f.text(lv, "try_first", f"{where}.levels.{n}.try_first"),
                )
            )
        levers.append(
            Lever(
                lid,
                f.text(raw, "name", f"{where}.name"),
                f.text(raw, "origin", f"{where}.origin"),
                f.text(raw, "question", f"{where}.question"),
                tuple(levels),
            )
        )
    ids = [lv.id for lv in levers]
    raw_maturity = f.mapping(doc, "maturity", "maturity")
    maturity = {n: f.text(raw_maturity, n, f"maturity.{n}") for n in LEVELS}
    example = f.mapping(doc, "example", "example")
    raw_ratings = f.mapping(example, "ratings", "example.ratings")
    ratings = {i: f.integer(raw_ratings, i, f"example.ratings.{i}", 1, 5) for i in ids}
    case = f.mapping(doc, "case", "case")
    raw_evidence = f.mapping(case, "evidence", "case.evidence")
    evidence = {i: f.text(raw_evidence, i, f"case.evidence.{i}") for i in ids}
    return LeverSet(
        tuple(levers),
        maturity,
        f.text(example, "label", "example.label"),
        f.text(example, "note", "example.note"),
        ratings,
        f.text(case, "name", "case.name"),
        f.text(case, "summary", "case.summary"),
        evidence,
    )


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> LeverSet:
    return load_levers(path)


def lever_set() -> LeverSet:
    """The shipped levers (cached until the file changes)."""
    path = data_dir() / "levers.yaml"
    return _cached(str(path), path.stat().st_mtime if path.exists() else 0.0)


# --------------------------------------------------------------------------- ratings


def clean_ratings(ratings: Mapping | None, levers: LeverSet) -> dict[str, int]:
    """Only the valid ratings (lever id -> 1..5), e.g. from a saved journal entry."""
    out = {}
    if isinstance(ratings, Mapping):
        for lid in levers.ids:
            v = ratings.get(lid)
            if isinstance(v, int) and not isinstance(v, bool) and v in LEVELS:
                out[lid] = v
    return out


@dataclass(frozen=True)
class Reading:
    weakest: tuple[str, ...]  # lever ids at the lowest level, in file order
    level: int
    maturity: str
    headline: str
    suggestions: tuple[tuple[str, str], ...]  # (lever name, what to try first)


def reading(ratings: Mapping[str, int], levers: LeverSet | None = None) -> Reading:
    """The weakest lever(s) and what to try first. Every lever must be rated 1-5."""
    levers = levers or lever_set()
    clean = clean_ratings(ratings, levers)
    missing = [levers.by_id(i).name for i in levers.ids if i not in clean]
    if missing:
        raise ValueError(f"rate every lever from 1 to 5 first; missing: {', '.join(missing)}")
    low = min(clean.values())
    weakest = tuple(i for i in levers.ids if clean[i] == low)
    names = [levers.by_id(i).name for i in weakest]
    if len(weakest) == len(levers.ids):
        headline = (
            f"All {len(weakest)} levers are at the same level, {low} of 5. "
            "None stands out as the weakest; pick the one your clients would notice first."
        )
    elif len(weakest) == 1:
        lever = levers.by_id(weakest[0])
        headline = (
            f"Your weakest lever is {lever.name}, at level {low} of 5: "
            f"{lever.level(low).description}"
        )
    else:
        joined = ", ".join(names[:-1]) + " and " + names[-1]
        count = {2: "Two", 3: "Three"}.get(len(weakest), str(len(weakest)))
        headline = (
            f"{count} levers tie as your weakest, at level {low} of 5: {joined}. "
            "Start with whichever one your clients would notice first."
        )
    suggestions = tuple(
        (levers.by_id(i).name, levers.by_id(i).level(low).try_first) for i in weakest
    )
    return Reading(weakest, low, levers.maturity[low], headline, suggestions)


def reading_text(r: Reading) -> str:
    """The reading as plain text (for screen readers, handouts and tests)."""
    lines = [r.headline, "What to try first:"]
    lines += [f"- {name}: {step}" for name, step in r.suggestions]
    lines.append(
        f"Read as a whole, a relationship is only as strong as its weakest lever: level {r.level} "
        f"is roughly the '{r.maturity}' stage of the BRM maturity scale."
    )
    return "\n".join(lines)


# --------------------------------------------------------------------------- chart


def levers_chart(
    ratings: Mapping[str, int],
    levers: LeverSet | None = None,
    *,
    title: str = "Your four levers",
    takeaway: str | None = None,
) -> Chart:
    """A radar (plotly Scatterpolar) of the four levers, 1 (weakest) to 5 (strongest).

    The weakest lever(s) are marked again with large diamonds, so the reading never rests on
    colour alone; the data table repeats each level's description.
    """
    levers = levers or lever_set()
    r = reading(ratings, levers)
    clean = clean_ratings(ratings, levers)
    names = [lv.name for lv in levers.levers]
    values = [clean[i] for i in levers.ids]
    fig = go.Figure()
    fig.add_trace(
        go.Scatterpolar(
            r=values + values[:1],
            theta=names + names[:1],
            mode="lines+markers",
            fill="toself",
            fillcolor="rgba(0, 114, 178, 0.25)",
            line=dict(color=PALETTE[0], width=3),
            marker=dict(size=9, color=PALETTE[0]),
            name="Level (1-5)",
            hovertemplate="%{theta}: level %{r} of 5<extra></extra>",
        )
    )
    weak_names = [levers.by_id(i).name for i in r.weakest]
    fig.add_trace(
        go.Scatterpolar(
            r=[r.level] * len(weak_names),
            theta=weak_names,
            mode="markers",
            marker=dict(size=18, symbol="diamond", color=PALETTE[5], line=dict(width=1)),
            name="Weakest lever",
            hovertemplate="Weakest: %{theta} (level %{r})<extra></extra>",
        )
    )
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left"),
        font=FONT,
        template="simple_white",
        polar=dict(
            radialaxis=dict(
                range=[0, 5],
                tickvals=list(LEVELS),
                ticktext=[f"level {n}" if n == 1 else str(n) for n in LEVELS],
                gridcolor="#cccccc",
                angle=90,
                tickangle=90,
            ),
            angularaxis=dict(direction="clockwise", rotation=90, gridcolor="#cccccc"),
        ),
        legend=dict(orientation="h", y=-0.12),
        margin=dict(l=110, r=110, t=80, b=120),
        height=520,
    )
    add_source_note(fig, SOURCE_LINE.replace("; ", ";<br>"), y=-0.22)
    parts = [f"{n}: level {v} of 5" for n, v in zip(names, values, strict=True)]
    alt = (
        f"Radar chart titled \u201c{title}\u201d, one spoke per lever, 1 at the centre to 5 "
        f"at the rim. " + "; ".join(parts) + f". Weakest: {', '.join(weak_names)}."
    )
    table = pd.DataFrame(
        {
            "Lever": names,
            "Level (1-5)": values,
            "What that level looks like": [
                lv.level(clean[lv.id]).description for lv in levers.levers
            ],
            "Where the lever comes from": [lv.origin for lv in levers.levers],
        }
    )
    if takeaway is None:
        takeaway = r.headline
    return Chart(fig, title, takeaway, alt, table, [SOURCE_LINE])
