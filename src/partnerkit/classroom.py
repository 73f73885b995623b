"""The instructor's view of a class: read a folder of student JSON exports and summarise them.

* :func:`load_class` reads every ``*.json`` file in a folder. A file that cannot be used (not
  JSON, not a partnerkit export, a format version this kit cannot read, a missing field, far
  too big) is listed with the reason and skipped; it never stops the others.
* A learner who exported twice is counted once, with their newest export; the older files are
  listed as superseded.
* ``anonymise=True`` replaces every learner name by a stable pseudonym (the same name always
  gives the same pseudonym; give a ``salt`` of your own to make pseudonyms differ between
  classes).
* The summaries are pandas tables and :class:`~partnerkit.charts.Chart` objects: learners'
  predictions against the sourced figures in ``data/statistics.csv``, the spread of the
  four-lever self-assessments, question-coach statistics and role-play outcomes.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import os
import re
import stat as _stat
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from . import data
from .charts import FONT, PALETTE, Chart
from .export import ExportError, validate

MAX_BYTES = 1_000_000  # a normal export is a few kilobytes
# What one export may add to the dashboard (a finished kit is about 40 saved answers, five of
# them predictions). Anything beyond is dropped and the dashboard says what it dropped, so one
# odd or hostile file cannot flood a chart (3,000 prediction keys once made 3,005 traces).
MAX_ENTRIES = 200  # saved answers used per export
MAX_PREDICTIONS = 20  # prediction answers used per export
MAX_TEXT = 4_000  # characters kept of any one piece of text
MAX_ITEMS = 200  # items kept of any one list
MAX_CHART_ROWS = 12  # prediction questions drawn in the class chart (most answered first)
LEVERS = ("alignment", "transparency", "accountability", "partnership")
# Business Relationship Maturity levels, lowest first: used to order role-play outcomes.
OPEN_FORMS = ("open", "specific")  # the question coach's open forms
RELATIONSHIP_ORDER = (
    "ad hoc",
    "order taker",
    "service provider",
    "trusted advisor",
    "strategic partner",
)


CHARTS = {
    "predictions": "prediction_chart",
    "levers": "levers_chart",
    "coach": "coach_chart",
    "roleplays": "roleplay_chart",
}


@dataclass(frozen=True)
class Invalid:
    file: str
    reason: str


@dataclass
class Submission:
    file: str
    learner: str  # the name shown (a pseudonym when anonymised)
    exported: pd.Timestamp
    entries: dict[str, Any]

    def value(self, key: str, default: Any = None) -> Any:
        entry = self.entries.get(key)
        return entry.get("value", default) if isinstance(entry, dict) else default


@dataclass
class ClassWork:
    folder: Path
    submissions: list[Submission] = field(default_factory=list)
    invalid: list[Invalid] = field(default_factory=list)
    superseded: list[Invalid] = field(default_factory=list)
    ignored: int = 0  # files that are not *.json (the .md/.html copies of exports, notes...)
    seconds: float = 0.0
    anonymised: bool = False
    notes: list[str] = field(default_factory=list)
    # names and file names to hide when anonymised (never shown; see redact())
    _secrets: set[str] = field(default_factory=set, repr=False)

    # ------------------------------------------------------------------ overview
    def summary(self) -> str:
        parts = [
            f"{len(self.submissions)} learner(s) loaded from {self.folder.name}/ "
            f"in {self.seconds:.2f} s",
            f"{len(self.invalid)} invalid file(s) skipped",
        ]
        if self.superseded:
            parts.append(f"{len(self.superseded)} older export(s) replaced by a newer one")
        if self.ignored:
            parts.append(f"{self.ignored} non-JSON file(s) ignored")
        if self.anonymised:
            parts.append("names replaced by pseudonyms")
        return "; ".join(parts) + "."

    def invalid_table(self) -> pd.DataFrame:
        """Files not used, and why. Anonymised: no file names (they carry learners' names)."""
        items = [*self.invalid, *self.superseded]
        if not self.anonymised:
            return pd.DataFrame(
                [(i.file, i.reason) for i in items], columns=["File", "Why it was not used"]
            )
        names = sorted({i.file for i in items} | {s.file for s in self.submissions}, key=len)
        rows = [(f"file {n}", self.redact(i.reason, names)) for n, i in enumerate(items, 1)]
        return pd.DataFrame(rows, columns=["File", "Why it was not used"])

    def redact(self, text: str, extra: list[str] | tuple[str, ...] = ()) -> str:
        """``text`` with every learner name and export file name replaced, for projecting.

        Does nothing unless the class was loaded with ``anonymise=True``.
        """
        if not self.anonymised:
            return text
        for secret in sorted({*self._secrets, *extra}, key=len, reverse=True):
            if len(secret) >= 3:  # whole words only, so "Al" or a file "a.json" hide nothing else
                pattern = rf"(?<!\w){re.escape(secret)}(?!\w)"
                text = re.sub(pattern, "[hidden]", text, flags=re.IGNORECASE)
        return text

    def overview(self) -> pd.DataFrame:
        """One row per learner: which kinds of work their export contains."""
        rows = []
        for s in self.submissions:
            keys = list(s.entries)
            rows.append(
                {
                    "Learner": s.learner,
                    "Exported": s.exported.strftime("%Y-%m-%d %H:%M"),
                    "Saved answers": len(keys),
                    "Predictions": sum(".predict." in k for k in keys),
                    "Levers": "yes" if any(re.match(r"^\d+\.levers$", k) for k in keys) else "",
                    "Coach questions": len(_as_list(s.value("ex.coach.questions"))),
                    "Role-plays": sum(k.startswith("ex.solo.") for k in keys),
                    "Observer rounds": len(_as_list(s.value("ex.observer.rounds"))),
                    "Exit ticket": "yes" if any(k.endswith(".exit_ticket") for k in keys) else "",
                }
            )
        return pd.DataFrame(rows)

    # ------------------------------------------------------------------ predictions
    def predictions(self) -> pd.DataFrame:
        """Every prediction, with the real figure looked up in data/statistics.csv."""
        rows, unknown = [], set()
        for s in self.submissions:
            for key, entry in s.entries.items():
                if ".predict." not in key or not isinstance(entry, dict):
                    continue
                v = entry.get("value")
                if not isinstance(v, dict):
                    continue
                guess = _number(v.get("guess"))
                stat_id = v.get("stat_id")
                if guess is None or not isinstance(stat_id, str):
                    continue
                try:
                    stat = data.stat(stat_id)
                except KeyError:
                    unknown.add(stat_id)
                    continue
                rows.append(
                    {
                        "learner": s.learner,
                        "key": key,
                        "stat_id": stat_id,
                        "guess": guess,
                        "actual": stat.value,
                        "gap": guess - stat.value,
                    }
                )
        for sid in sorted(unknown):
            self._note(f"Predictions about {sid!r} skipped: no such row in data/statistics.csv.")
        return pd.DataFrame(rows, columns=["learner", "key", "stat_id", "guess", "actual", "gap"])

    def prediction_summary(self) -> pd.DataFrame:
        df = self.predictions()
        rows = []
        for (key, sid), g in df.groupby(["key", "stat_id"], sort=True):
            stat = data.stat(sid)
            rows.append(
                {
                    "Question": key,
                    "Learners": len(g),
                    "Median guess": round(float(g["guess"].median()), 1),
                    "Lowest": g["guess"].min(),
                    "Highest": g["guess"].max(),
                    "Sourced figure": stat.formatted(),
                    "Median gap (points)": round(float(g["gap"].median()), 1),
                    "Within 5 points": int((g["gap"].abs() <= 5).sum()),
                    "Source": stat.source_line(),
                }
            )
        return pd.DataFrame(rows)

    def prediction_chart(self) -> Chart | None:
        df = self.predictions()
        if df.empty:
            return None
        fig = go.Figure()
        summary = self.prediction_summary()
        groups = list(df.groupby(["key", "stat_id"], sort=True))
        if len(groups) > MAX_CHART_ROWS:
            keep = sorted(groups, key=lambda kg: (-len(kg[1]), kg[0]))[:MAX_CHART_ROWS]
            self._note(
                f"The chart shows the {MAX_CHART_ROWS} most answered of {len(groups)} prediction "
                "questions; the table lists them all."
            )
            groups = sorted(keep, key=lambda kg: kg[0])
            shown = {key for (key, _), _ in groups}
            summary = summary[summary["Question"].isin(shown)].reset_index(drop=True)
        stats = [data.stat(sid) for (_, sid), _ in groups]
        labels = [f"{key} ({sid})" for (key, sid), _ in groups]
        for i, (_, g) in enumerate(groups):
            fig.add_trace(
                go.Box(
                    x=g["guess"],
                    y=[labels[i]] * len(g),
                    name="Learners' guesses" if i == 0 else labels[i],
                    legendgroup="guesses",
                    showlegend=i == 0,
                    orientation="h",
                    boxpoints="all",
                    jitter=0.4,
                    pointpos=0,
                    marker=dict(color=PALETTE[0], size=9, opacity=0.7),
                    line=dict(color=PALETTE[0]),
                    fillcolor="rgba(0,114,178,0.12)",
                    hovertemplate="guess %{x}<extra></extra>",
                )
            )
        fig.add_trace(
            go.Scatter(
                x=[s.value for s in stats],
                y=labels,
                mode="markers+text",
                name="Sourced figure",
                marker=dict(symbol="diamond", size=18, color=PALETTE[5], line=dict(width=1)),
                text=[s.formatted() for s in stats],
                textposition="top center",
                hovertemplate="sourced figure %{x}<extra></extra>",
            )
        )
        title = "Class predictions against the sourced figures"
        _layout(fig, title, "Guess (%)", "")
        fig.update_xaxes(range=[-2, 102])
        fig.update_layout(height=max(360, 170 * len(labels) + 120))
        parts = [
            f"{r['Question']}: median guess {r['Median guess']:g} against {r['Sourced figure']} "
            f"({r['Learners']} learners, {r['Within 5 points']} within 5 points)"
            for _, r in summary.iterrows()
        ]
        worst = summary.iloc[summary["Median gap (points)"].abs().argmax()]
        gap = worst["Median gap (points)"]
        takeaway = (
            f"The class was furthest off on {worst['Question']}: the median guess was "
            f"{abs(gap):g} points {'below' if gap < 0 else 'above'} the sourced "
            f"{worst['Sourced figure']}."
        )
        return Chart(
            figure=fig,
            title=title,
            takeaway=takeaway,
            alt_text="Each row is one prediction question. " + "; ".join(parts) + ".",
            table=summary,
            sources=sorted({s.source_line() for s in stats}),
        )

    # ------------------------------------------------------------------ four levers
    def levers(self) -> pd.DataFrame:
        rows = []
        for s in self.submissions:
            for key, entry in s.entries.items():
                if not re.match(r"^\d+\.levers$", key) or not isinstance(entry, dict):
                    continue
                v = entry.get("value")
                if not isinstance(v, dict):
                    continue
                row = {"learner": s.learner}
                for lever in LEVERS:
                    n = _number(v.get(lever))
                    row[lever] = n if n is not None and 1 <= n <= 5 else None
                rows.append(row)
        return pd.DataFrame(rows, columns=["learner", *LEVERS])

    def lever_summary(self) -> pd.DataFrame:
        df = self.levers()
        rows = []
        for lever in LEVERS:
            col = df[lever].dropna() if lever in df else pd.Series(dtype=float)
            counts = Counter(int(v) for v in col)
            rows.append(
                {
                    "Lever": lever.capitalize(),
                    "Learners": len(col),
                    "Median": float(col.median()) if len(col) else None,
                    "Mean": round(float(col.mean()), 2) if len(col) else None,
                    **{f"Scored {n}": counts.get(n, 0) for n in range(1, 6)},
                }
            )
        return pd.DataFrame(rows)

    def levers_chart(self) -> Chart | None:
        summary = self.lever_summary()
        if summary["Learners"].sum() == 0:
            return None
        fig = go.Figure()
        for i, r in summary.iterrows():
            fig.add_trace(
                go.Bar(
                    x=[1, 2, 3, 4, 5],
                    y=[r[f"Scored {n}"] for n in range(1, 6)],
                    name=r["Lever"],
                    marker=dict(color=PALETTE[i], pattern_shape=("", "/", ".", "x")[i]),
                    hovertemplate=r["Lever"] + ": %{y} learner(s) scored %{x}<extra></extra>",
                )
            )
        title = "Four-lever self-assessments: how many learners gave each score"
        _layout(fig, title, "Self-assessed score (1 = weak, 5 = strong)", "Learners")
        fig.update_layout(barmode="group")
        fig.update_xaxes(tickvals=[1, 2, 3, 4, 5])
        rated = summary.dropna(subset=["Mean"])
        low = rated.iloc[rated["Mean"].argmin()]
        high = rated.iloc[rated["Mean"].argmax()]
        takeaway = (
            f"Learners rated {low['Lever'].lower()} lowest (mean {low['Mean']:g}) and "
            f"{high['Lever'].lower()} highest (mean {high['Mean']:g})."
        )
        alt = "; ".join(
            f"{r['Lever']}: {r['Learners']} learners, median {r['Median']:g} ("
            + ", ".join(f"score {n}: {r[f'Scored {n}']}" for n in range(1, 6))
            + ")"
            for _, r in rated.iterrows()
        )
        return Chart(fig, title, takeaway, alt + ".", summary, ["Learners' own exports."])

    # ------------------------------------------------------------------ question coach
    def coach(self) -> pd.DataFrame:
        rows = []
        for s in self.submissions:
            items = _as_list(s.value("ex.coach.questions"))
            if not items:
                continue
            flags = [f for q in items if isinstance(q, dict) for f in _as_list(q.get("flags"))]
            clean = sum(1 for q in items if isinstance(q, dict) and not _as_list(q.get("flags")))
            open_ = sum(1 for q in items if isinstance(q, dict) and q.get("form") in OPEN_FORMS)
            rows.append(
                {
                    "learner": s.learner,
                    "questions": len(items),
                    "open": open_,
                    "without flags": clean,
                    "flags": len(flags),
                    "most common flag": Counter(map(str, flags)).most_common(1)[0][0]
                    if flags
                    else "",
                }
            )
        cols = ["learner", "questions", "open", "without flags", "flags", "most common flag"]
        return pd.DataFrame(rows, columns=cols)

    def coach_flags(self) -> pd.DataFrame:
        counts: Counter[str] = Counter()
        for s in self.submissions:
            for q in _as_list(s.value("ex.coach.questions")):
                if isinstance(q, dict):
                    counts.update(str(f) for f in _as_list(q.get("flags")))
        rows = [{"Flag": f, "Questions flagged": n} for f, n in counts.most_common()]
        return pd.DataFrame(rows, columns=["Flag", "Questions flagged"])

    def coach_chart(self) -> Chart | None:
        flags = self.coach_flags()
        per = self.coach()
        if per.empty:
            return None
        title = "Question coach: which flags came up most across the class"
        fig = go.Figure(
            go.Bar(
                x=flags["Questions flagged"],
                y=flags["Flag"],
                orientation="h",
                marker=dict(color=PALETTE[1]),
                hovertemplate="%{y}: %{x} question(s)<extra></extra>",
            )
        )
        _layout(fig, title, "Questions flagged", "")
        fig.update_yaxes(autorange="reversed")
        total, clean = int(per["questions"].sum()), int(per["without flags"].sum())
        top = flags.iloc[0]["Flag"] if len(flags) else "none"
        takeaway = (
            f"{len(per)} learners wrote {total} questions; {clean} drew no flag. "
            f"The most common flag was '{top}'."
        )
        alt = "; ".join(f"{r['Flag']}: {r['Questions flagged']}" for _, r in flags.iterrows())
        return Chart(fig, title, takeaway, (alt or "No flags") + ".", per, ["Learners' exports."])

    # ------------------------------------------------------------------ role-plays
    def roleplays(self) -> pd.DataFrame:
        rows = [
            {
                "learner": learner,
                "scenario": scenario,
                "ending": str(v.get("ending", "")),
                "relationship": _relationship(v.get("relationship")),
                "pains_found": _number(v.get("pains_found")),
                "pains_total": _number(v.get("pains_total")),
                "steps": len(_as_list(v.get("path"))),
            }
            for learner, scenario, v, _ in self._solo_entries()
        ]
        cols = ["learner", "scenario", "ending", "relationship", "pains_found", "pains_total"]
        return pd.DataFrame(rows, columns=[*cols, "steps"])

    def roleplay_summary(self) -> pd.DataFrame:
        df = self.roleplays()
        rows = []
        for scenario, g in df.groupby("scenario", sort=True):
            found = g["pains_found"].dropna()
            total = g["pains_total"].dropna()
            rows.append(
                {
                    "Scenario": scenario,
                    "Learners": len(g),
                    "Median pains found": float(found.median()) if len(found) else None,
                    "Pains in the scenario": int(total.max()) if len(total) else None,
                    **{
                        f"Ended as {level}": int((g["relationship"] == level).sum())
                        for level in _levels(df["relationship"])
                    },
                }
            )
        return pd.DataFrame(rows)

    def roleplay_chart(self) -> Chart | None:
        df = self.roleplays()
        if df.empty:
            return None
        summary = self.roleplay_summary()
        fig = go.Figure()
        for i, level in enumerate(_levels(df["relationship"])):
            fig.add_trace(
                go.Bar(
                    x=summary[f"Ended as {level}"],
                    y=summary["Scenario"],
                    name=level or "(no ending)",
                    orientation="h",
                    marker=dict(color=PALETTE[i % len(PALETTE)]),
                    hovertemplate=f"{level}: " + "%{x} learner(s)<extra></extra>",
                )
            )
        title = "Solo role-plays: where each conversation ended"
        _layout(fig, title, "Learners", "")
        fig.update_layout(barmode="stack", height=max(340, 110 * len(summary) + 200))
        best = _levels(df["relationship"])[-1]
        takeaway = (
            f"{len(df)} role-play results from {df['learner'].nunique()} learners; "
            f"{int((df['relationship'] == best).sum())} ended at '{best}', the highest level "
            "reached."
        )
        alt = "; ".join(
            f"{r['Scenario']}: {r['Learners']} learners, median {r['Median pains found']:g} "
            f"of {r['Pains in the scenario']} pains found"
            for _, r in summary.iterrows()
            if pd.notna(r["Median pains found"])
        )
        return Chart(fig, title, takeaway, (alt or "No results") + ".", summary, ["Exports."])

    # ------------------------------------------------------------------ observer board
    def observer(self) -> pd.DataFrame:
        """One row per observed round (live triads), with the board's own measures."""
        rows = []
        for s in self.submissions:
            for rnd in _as_list(s.value("ex.observer.rounds")):
                if not isinstance(rnd, dict):
                    continue
                metrics = rnd.get("metrics") if isinstance(rnd.get("metrics"), dict) else {}
                counts = rnd.get("counts") if isinstance(rnd.get("counts"), dict) else {}
                rows.append(
                    {
                        "learner": s.learner,
                        "round": _number(rnd.get("round")),
                        "questions": _number(metrics.get("questions")),
                        "% open": _number(metrics.get("percent_open")),
                        "reflections per question": _number(metrics.get("reflection_to_question")),
                        "IT talk share (%)": _number(metrics.get("talk_share_it")),
                        "pains surfaced": _number(counts.get("pain")),
                    }
                )
        cols = ["learner", "round", "questions", "% open", "reflections per question"]
        return pd.DataFrame(rows, columns=[*cols, "IT talk share (%)", "pains surfaced"])

    def observer_summary(self) -> pd.DataFrame:
        df = self.observer()
        if df.empty:
            return pd.DataFrame(columns=["Measure", "Rounds", "Median", "Lowest", "Highest"])
        rows = []
        for col in df.columns[2:]:
            vals = df[col].dropna()
            if len(vals):
                rows.append(
                    {
                        "Measure": col,
                        "Rounds": len(vals),
                        "Median": round(float(vals.median()), 2),
                        "Lowest": round(float(vals.min()), 2),
                        "Highest": round(float(vals.max()), 2),
                    }
                )
        return pd.DataFrame(rows)

    # ------------------------------------------------------------------ role-play debriefs
    # Every table below names learners only through ``Submission.learner`` (a pseudonym when
    # anonymised) and never names files; most are class totals with no learner column at all.

    def _solo_entries(self):
        """(learner, scenario id, latest value, attempts) for every solo role-play entry.

        ``attempts`` is the entry's ``attempts`` list (valid dicts only), or, for an entry
        without one (written before attempts were recorded), the latest value as one attempt.
        """
        for s in self.submissions:
            for key, entry in s.entries.items():
                if not key.startswith("ex.solo.") or not isinstance(entry, dict):
                    continue
                v = entry.get("value")
                if not isinstance(v, dict):
                    continue
                attempts = [a for a in _as_list(v.get("attempts")) if isinstance(a, dict)]
                yield s.learner, key.split(".", 2)[2], v, attempts or [v]

    def weak_moves(self) -> pd.DataFrame:
        """Per scenario and node: the weak move chosen most often (latest attempts).

        Entries without ``moves`` (exported by an older kit) are counted as unknown.
        """
        at_node: Counter = Counter()
        weak: dict[tuple[str, str], Counter] = {}
        unknown: Counter = Counter()
        for _, scenario, v, _ in self._solo_entries():
            moves = _moves(v)
            if moves is None:
                unknown[scenario] += 1
                continue
            for node in {m["node"] for m in moves}:
                at_node[(scenario, node)] += 1
            for node, option in {(m["node"], m["option"]) for m in moves if m["grade"] == "weak"}:
                weak.setdefault((scenario, node), Counter())[option] += 1
        rows = []
        for (scenario, node), options in sorted(weak.items()):
            (option, n), *rest = sorted(options.items(), key=lambda kv: (-kv[1], kv[0]))
            rows.append(
                {
                    "Scenario": scenario,
                    "Node": node,
                    "Learners at this node": at_node[(scenario, node)],
                    "Most-chosen weak move": _option_text(scenario, node, option),
                    "Chosen by": n,
                    "Tied with": ", ".join(o for o, k in rest if k == n),
                    "Learners without move data (unknown)": unknown[scenario],
                }
            )
        for scenario in sorted(set(unknown) - {s for s, _ in weak}):
            rows.append(
                {"Scenario": scenario, "Node": "unknown", "Learners at this node": 0,
                 "Most-chosen weak move": "unknown (no move data)", "Chosen by": 0,
                 "Tied with": "", "Learners without move data (unknown)": unknown[scenario]}
            )  # fmt: skip
        return pd.DataFrame(rows, columns=WEAK_COLUMNS)

    def first_moves(self) -> pd.DataFrame:
        """The first three moves of each conversation, grouped by where it ended (latest
        attempts): answers "what did the trusted advisors do first?"."""
        groups: dict[tuple[str, str], list[tuple[str, ...]]] = {}
        grades: dict[tuple[str, str], Counter] = {}
        unknown: Counter = Counter()
        for _, scenario, v, _ in self._solo_entries():
            ending = _relationship(v.get("relationship")) or "(no ending)"
            moves = _moves(v)
            if moves is None:
                unknown[(scenario, ending)] += 1
                continue
            first = moves[:3]
            groups.setdefault((scenario, ending), []).append(
                tuple(f"{m['node']}:{m['option']}" for m in first)
            )
            grades.setdefault((scenario, ending), Counter()).update(m["grade"] for m in first)
        rows = []
        for scenario, ending in sorted(set(groups) | set(unknown), key=_ending_order):
            openings = Counter(groups.get((scenario, ending), []))
            top, n = openings.most_common(1)[0] if openings else ((), 0)
            g = grades.get((scenario, ending), Counter())
            total = sum(g.values())
            rows.append(
                {
                    "Scenario": scenario,
                    "Ended as": ending,
                    "Learners with moves": len(groups.get((scenario, ending), [])),
                    "Learners without moves (unknown)": unknown[(scenario, ending)],
                    "Most common first three moves": " → ".join(
                        _option_text(scenario, *step.split(":", 1)) for step in top
                    ),
                    "Learners who opened that way": n,
                    **{
                        f"First three: {grade}": (
                            f"{round(100 * g[grade] / total)}%" if total else "unknown"
                        )
                        for grade in GRADES
                    },
                }
            )
        return pd.DataFrame(rows, columns=FIRST_COLUMNS)

    def attempts(self) -> pd.DataFrame:
        """First against latest attempt, per scenario (from ``attempts``; an entry without
        attempts counts as one attempt)."""
        per: dict[str, list[tuple[dict, dict, int]]] = {}
        for _, scenario, _, attempts in self._solo_entries():
            per.setdefault(scenario, []).append((attempts[0], attempts[-1], len(attempts)))
        rows = []
        for scenario, items in sorted(per.items()):
            replayed = [(a, b) for a, b, n in items if n > 1]
            change = [
                _rank(_relationship(b.get("relationship")))
                - _rank(_relationship(a.get("relationship")))
                for a, b in replayed
            ]

            def med(key, which, src=items):
                vals = [_number(x[which].get(key)) for x in src]
                vals = [v for v in vals if v is not None]
                return float(pd.Series(vals).median()) if vals else None

            rows.append(
                {
                    "Scenario": scenario,
                    "Learners": len(items),
                    "Played more than once": len(replayed),
                    "Latest ended higher": sum(c > 0 for c in change),
                    "Same level": sum(c == 0 for c in change),
                    "Latest ended lower": sum(c < 0 for c in change),
                    "Median pains found, first attempt": med("pains_found", 0),
                    "Median pains found, latest attempt": med("pains_found", 1),
                }
            )
        return pd.DataFrame(rows, columns=ATTEMPT_COLUMNS)

    def observer_rounds(self) -> list[dict]:
        """Every valid observer round in the class (as dicts); damaged rounds are skipped."""
        from .roleplay.observer import DataError as _ObsError
        from .roleplay.observer import round_from_dict

        out = []
        for s in self.submissions:
            for i, rnd in enumerate(_as_list(s.value("ex.observer.rounds")), start=1):
                try:
                    out.append(round_from_dict(rnd, "export", i))
                except _ObsError:
                    self._note("Some observer rounds could not be read and were skipped.")
        return out

    def observer_scenarios(self) -> pd.DataFrame:
        """Observer rounds grouped by scenario: the board's measures, the first pitch and the
        pains ticked. Timer-only rounds count toward talk share only."""
        rows = []
        recs = self.observer_rounds()
        for scenario in sorted({r.scenario.strip() or "(not named)" for r in recs}):
            g = [r for r in recs if (r.scenario.strip() or "(not named)") == scenario]
            counted = [r for r in g if r.mode != "timer"]
            pitches = [r.first_pitch_seconds for r in counted if r.first_pitch_seconds is not None]
            listed = [r for r in counted if r.pains_total]
            rows.append(
                {
                    "Scenario": scenario,
                    "Rounds": len(g),
                    "Timer-only rounds": len(g) - len(counted),
                    "Median % open": _median([r.percent_open for r in counted]),
                    "Median IT talk share (%)": _median([r.talk_share for r in g]),
                    "Median reflections per question": _median(
                        [r.reflection_to_question for r in counted], 2
                    ),
                    "Rounds with a pitch": sum(r.counts["pitch"] > 0 for r in counted),
                    "Median first pitch (min:s)": _clock(_median(pitches)),
                    "Median pains ticked": _median([len(r.pains_found) for r in listed]),
                    "Pains on the checklist": max((r.pains_total for r in listed), default=None),
                }
            )
        return pd.DataFrame(rows, columns=OBS_SCENARIO_COLUMNS)

    def board_plan(self) -> dict[str, list[tuple[str, int]]]:
        """The class's pooled 2 + 2 notes (and best questions) for the whiteboard: the same
        note (ignoring case and spacing) is written once with how many rounds gave it."""
        pools: dict[str, Counter] = {k: Counter() for k in BOARD_PLAN}
        shown: dict[str, dict[str, str]] = {k: {} for k in BOARD_PLAN}
        rounds = self.observer_rounds()
        # anonymised: the notes are projected, so names of learners and of the round's
        # players are hidden inside them too
        people = [
            w
            for r in rounds
            for n in (r.interviewer, r.client, r.observer)
            for w in (n, *n.split())
        ]
        for r in rounds:
            for part, texts in (
                ("worked", r.worked),
                ("to_change", r.to_change),
                ("best_question", (r.best_question,)),
            ):
                for t in texts:
                    norm = " ".join(t.casefold().split()).rstrip(".!")
                    if norm:
                        pools[part][norm] += 1
                        shown[part].setdefault(norm, self.redact(" ".join(t.split()), people))
        return {
            part: [(shown[part][n], k) for n, k in sorted(c.items(), key=lambda x: (-x[1], x[0]))]
            for part, c in pools.items()
        }

    def confidence(self) -> pd.DataFrame:
        """The pre/post confidence check: per item, the learners who rated it both times."""
        from . import confidence as conf

        chk = conf.check()
        pairs = []
        only = Counter()
        for s in self.submissions:
            pre = conf.ratings(s.value(conf.PRE_KEY), chk)
            post = conf.ratings(s.value(conf.POST_KEY), chk)
            pairs.append((pre, post))
            only["pre"] += bool(pre) and not post
            only["post"] += bool(post) and not pre
        self._confidence_only = only
        rows = []
        for item in chk.items:
            both = [(p[item.id], q[item.id]) for p, q in pairs if item.id in p and item.id in q]
            moved = [b - a for a, b in both]
            rows.append(
                {
                    "Statement": item.short,
                    "Learners (rated before and after)": len(both),
                    "Median before": _median([a for a, _ in both], 1),
                    "Median after": _median([b for _, b in both], 1),
                    "Mean shift": round(sum(moved) / len(moved), 2) if moved else None,
                    "Rated higher after": sum(m > 0 for m in moved),
                    "Same": sum(m == 0 for m in moved),
                    "Rated lower after": sum(m < 0 for m in moved),
                }
            )
        return pd.DataFrame(rows, columns=CONFIDENCE_COLUMNS)

    # ------------------------------------------------------------------ debrief prompts
    def prompt(self, part: str) -> str:
        """The debrief prompt for one part, built from what this class's data shows: a
        sentence is only said when the numbers bear it out, and too little data is named."""
        return PROMPTS[part](self)

    # ------------------------------------------------------------------ display
    def show(self, part: str) -> None:
        """Show one part of the dashboard: ``overview``, ``invalid``, ``predictions``,
        ``levers``, ``coach``, ``roleplays`` (chart, text description and table) or
        ``observer`` (a table)."""
        from IPython.display import HTML, display

        from .display import show_chart, table_html

        if part in PROMPTS and part not in DEBRIEF_TABLES:
            display(HTML(prompt_html(self.prompt(part))))
        if part == "overview":
            print(self.summary())
            display(HTML(table_html(self.overview(), caption="Who handed in what")))
        elif part == "invalid":
            table = self.invalid_table()
            if table.empty:
                print("Every file could be read.")
            else:
                display(HTML(table_html(table, caption="Files not used, and why")))
        elif part in CHARTS:
            chart = getattr(self, CHARTS[part])()
            if chart is None:
                print(f"No {part} in these exports yet.")
            else:
                show_chart(chart)
        elif part == "observer":
            table = self.observer_summary()
            if table.empty:
                print("No observer-board rounds in these exports yet.")
            else:
                caption = "Observer board: live rounds across the class"
                display(HTML(table_html(table, caption=caption)))
        elif part in DEBRIEF_TABLES:
            self._show_debrief(part)
        else:
            raise ValueError(f"unknown part {part!r}")
        for note in self.notes:
            print("Note:", self.redact(note))
        self.notes.clear()

    def _show_debrief(self, part: str) -> None:
        from IPython.display import HTML, display

        from .display import table_html

        display(HTML(prompt_html(self.prompt(part))))
        if part == "board_plan":
            display(HTML(board_plan_html(self.board_plan())))
            return
        table = getattr(self, part)()
        if table.empty:
            print("Nothing for this part in these exports yet.")
        else:
            display(HTML(table_html(table, caption=DEBRIEF_TABLES[part])))

    # ------------------------------------------------------------------ helpers
    def _note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


# --------------------------------------------------------------------------- loading


def pseudonym(name: str, salt: str = "") -> str:
    """A stable pseudonym: the same (name, salt) always gives the same result."""
    norm = " ".join(name.casefold().split())
    digest = hmac.new(salt.encode(), norm.encode(), hashlib.sha256).hexdigest()
    return f"learner-{digest[:6]}"


def _too_big(name: str, size: str, max_bytes: int) -> ExportError:
    return ExportError(
        name,
        f"file is {size}, over the {max_bytes / 1e6:g} MB limit for one export "
        "(a normal export is a few KB)",
        "check it is a partnerkit export; raise max_bytes only if it really is one",
    )


def _read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path`` if it is a regular file, read up to ``max_bytes`` + 1.

    The size is checked on the bytes actually read, not on what the file system reports
    (``/proc`` files report 0 and a growing file can change between the two). Links are not
    followed where the system can refuse them (O_NOFOLLOW); :func:`load_class` also skips them.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        if not _stat.S_ISREG(os.fstat(fd).st_mode):
            raise ExportError(
                path.name, "not a regular file", "put only the students' .json files in the folder"
            )
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 16, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    if total > max_bytes:
        raise _too_big(path.name, f"more than {max_bytes / 1e6:g} MB", max_bytes)
    return b"".join(chunks)


def read_export(path: Path, max_bytes: int = MAX_BYTES) -> dict[str, Any]:
    """Read and validate one export; raise :class:`ExportError` with the reason."""
    raw = _read_regular_file(Path(path), max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExportError(
            path.name, f"not UTF-8 text (byte {exc.start})", "export it again from notebook 09"
        ) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportError(
            path.name,
            f"not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            "send the .json file from notebook 09, not the .md or .html copy",
        ) from None
    except RecursionError:
        raise ExportError(path.name, "not JSON (nested too deeply)", "export again") from None
    return validate(doc, path.name)


def _bounded(value: Any, cut: list[int]) -> Any:
    """``value`` with long text and long lists shortened; counts what was cut in ``cut``."""
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            cut[0] += 1
            return value[:MAX_TEXT]
        return value
    if isinstance(value, list):
        if len(value) > MAX_ITEMS:
            cut[0] += 1
        return [_bounded(v, cut) for v in value[:MAX_ITEMS]]
    if isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            cut[0] += 1
        return {k: _bounded(v, cut) for k, v in list(value.items())[:MAX_ITEMS]}
    return value


def bound_entries(entries: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """At most MAX_ENTRIES answers, MAX_PREDICTIONS predictions, and shortened text/lists;
    with a sentence for each kind of thing dropped."""
    kept: dict[str, Any] = {}
    dropped_entries = dropped_predictions = 0
    predictions = 0
    cut = [0]
    for key, entry in entries.items():
        if len(kept) >= MAX_ENTRIES:
            dropped_entries += 1
            continue
        if ".predict." in key:
            if predictions >= MAX_PREDICTIONS:
                dropped_predictions += 1
                continue
            predictions += 1
        kept[key[:200]] = _bounded(entry, cut)
    said = []
    if dropped_predictions:
        said.append(f"{dropped_predictions} prediction answers beyond the first {MAX_PREDICTIONS}")
    if dropped_entries:
        said.append(f"{dropped_entries} saved answers beyond the first {MAX_ENTRIES}")
    if cut[0]:
        said.append(
            f"{cut[0]} over-long texts or lists shortened (to {MAX_TEXT:,} characters or "
            f"{MAX_ITEMS} items)"
        )
    return kept, said


def load_class(
    folder: str | Path,
    *,
    anonymise: bool = False,
    salt: str = "",
    max_bytes: int = MAX_BYTES,
) -> ClassWork:
    """Load every ``*.json`` export in ``folder``; never stops at a bad file."""
    start = time.perf_counter()
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder: put the students' .json exports in one")
    work = ClassWork(folder=folder, anonymised=anonymise)
    latest: dict[str, tuple[pd.Timestamp, Submission]] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            if path.suffix.lower() == ".json":
                work.invalid.append(
                    Invalid(
                        path.name,
                        "a link, not a file: links are not followed. Fix: copy "
                        "the export itself into the folder",
                    )
                )
            continue
        if not path.is_file():
            continue
        if path.suffix.lower() != ".json":
            work.ignored += 1
            continue
        try:
            doc = read_export(path, max_bytes)
        except ExportError as exc:
            named = exc.column and f"'{exc.column}'" not in exc.problem
            reason = exc.problem + (f" (field '{exc.column}')" if named else "")
            work.invalid.append(Invalid(path.name, f"{reason}. Fix: {exc.fix}"))
            continue
        except OSError as exc:
            work.invalid.append(Invalid(path.name, f"could not be read ({exc.strerror})"))
            continue
        name = doc["learner"].strip()
        ident = " ".join(name.casefold().split()) or f"(file) {path.name}"
        shown = name or f"(no name: {path.stem})"
        if anonymise:
            shown = pseudonym(ident, salt)
            work._secrets.update({path.name, path.stem, name})
            work._secrets.update(w for w in name.split() if len(w) >= 3)
        stamp = pd.Timestamp(doc["exported"])
        if stamp.tzinfo is None:
            stamp = stamp.tz_localize("UTC")
        entries, dropped = bound_entries(doc["entries"])
        for what in dropped:
            work._note(f"From {shown}'s export, not used: {what}.")
        sub = Submission(path.name, shown, stamp, entries)
        if ident in latest:
            old_stamp, old = latest[ident]
            newer, older = (sub, old) if stamp >= old_stamp else (old, sub)
            work.superseded.append(
                Invalid(older.file, f"older export of the same learner; {newer.file} was used")
            )
            latest[ident] = (max(stamp, old_stamp), newer)
        else:
            latest[ident] = (stamp, sub)
    work.submissions = sorted((s for _, s in latest.values()), key=lambda s: s.learner.casefold())
    work.seconds = time.perf_counter() - start
    return work


# --------------------------------------------------------------------------- small helpers


def _number(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    return float(v) if v == v and abs(v) != float("inf") else None


def _as_list(v: Any) -> list:
    return v if isinstance(v, list) else []


def _relationship(v: Any) -> str:
    """'trusted_advisor' and 'Trusted advisor' are the same level."""
    return " ".join(str(v or "").replace("_", " ").lower().split())


def _levels(series: pd.Series) -> list[str]:
    found = set(series)
    known = [lv for lv in RELATIONSHIP_ORDER if lv in found]
    return known + sorted(found - set(known))


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str) -> None:
    fig.update_layout(
        title=dict(text=title, x=0.01),
        font=FONT,
        template="plotly_white",
        xaxis_title=x_title,
        yaxis_title=y_title,
        margin=dict(l=20, r=20, t=70, b=60),
        legend=dict(orientation="h", y=-0.2),
    )


# --------------------------------------------------------------------------- debrief helpers

MIN_LEARNERS = 3  # below this, a prompt says there is too little data to speak for the class
GRADES = ("best", "good", "weak")
TRUSTED = "trusted advisor"
WEAK_COLUMNS = [
    "Scenario", "Node", "Learners at this node", "Most-chosen weak move", "Chosen by",
    "Tied with", "Learners without move data (unknown)",
]  # fmt: skip
FIRST_COLUMNS = [
    "Scenario", "Ended as", "Learners with moves", "Learners without moves (unknown)",
    "Most common first three moves", "Learners who opened that way",
    *(f"First three: {g}" for g in GRADES),
]  # fmt: skip
ATTEMPT_COLUMNS = [
    "Scenario", "Learners", "Played more than once", "Latest ended higher", "Same level",
    "Latest ended lower", "Median pains found, first attempt",
    "Median pains found, latest attempt",
]  # fmt: skip
OBS_SCENARIO_COLUMNS = [
    "Scenario", "Rounds", "Timer-only rounds", "Median % open", "Median IT talk share (%)",
    "Median reflections per question", "Rounds with a pitch", "Median first pitch (min:s)",
    "Median pains ticked", "Pains on the checklist",
]  # fmt: skip
CONFIDENCE_COLUMNS = [
    "Statement", "Learners (rated before and after)", "Median before", "Median after",
    "Mean shift", "Rated higher after", "Same", "Rated lower after",
]  # fmt: skip
BOARD_PLAN = {
    "worked": "Went well",
    "to_change": "To try next time",
    "best_question": "Best questions heard",
}


def _moves(v: dict) -> list[dict] | None:
    """The valid moves of a solo entry, or None when it has no ``moves`` list (older kit)."""
    raw = v.get("moves")
    if not isinstance(raw, list):
        return None
    return [
        m
        for m in raw
        if isinstance(m, dict)
        and isinstance(m.get("node"), str)
        and isinstance(m.get("option"), str)
        and m.get("grade") in GRADES
    ]


def _rank(level: str) -> int:
    return RELATIONSHIP_ORDER.index(level) if level in RELATIONSHIP_ORDER else -1


def _ending_order(key: tuple[str, str]) -> tuple:
    scenario, ending = key
    return (scenario, -_rank(ending), ending)


def _median(values, digits: int = 1) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return round(float(pd.Series(vals).median()), digits) if vals else None


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "no timed pitch"
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


_OPTION_CACHE: dict[str, dict[tuple[str, str], str]] = {}


def _option_text(scenario: str, node: str, option: str) -> str:
    """``node: what the move says`` from the scenario file, or ``node: option id`` when the
    scenario or option cannot be found (a renamed scenario never stops the dashboard)."""
    if scenario not in _OPTION_CACHE:
        table: dict[tuple[str, str], str] = {}
        try:
            from .roleplay.loader import get_scenario

            sc = get_scenario(scenario)
            for nid, n in sc.nodes.items():
                for o in n.options:
                    if getattr(o, "id", None):
                        table[(nid, o.id)] = o.say
        except Exception:  # noqa: BLE001 - any unreadable scenario: show ids only
            table = {}
        _OPTION_CACHE[scenario] = table
    say = _OPTION_CACHE[scenario].get((node, option))
    if not say:
        return f"{node}: {option}"
    return f"{node}: \u201c{say if len(say) <= 80 else say[:77].rstrip() + '...'}\u201d"


def _few(n: int, what: str) -> str | None:
    if n < MIN_LEARNERS:
        return (
            f"Only {n} learner(s) in these exports {what}: too few to say what the class "
            "thinks. Ask the room instead."
        )
    return None


def _p_predictions(w: ClassWork) -> str:
    df = w.predictions()
    few = _few(df["learner"].nunique() if len(df) else 0, "made predictions")
    if few:
        return few
    (key, _), g = max(
        df.groupby(["key", "stat_id"], sort=True), key=lambda kv: abs(kv[1]["gap"].median())
    )
    n, below, above = len(g), int((g["gap"] < 0).sum()), int((g["gap"] > 0).sum())
    if below * 2 > n:
        said = f"Most of you ({below} of {n}) guessed lower than the sourced figure on {key}."
    elif above * 2 > n:
        said = f"Most of you ({above} of {n}) guessed higher than the sourced figure on {key}."
    else:
        said = (
            f"The class was split on {key}: {below} guessed lower than the sourced figure, "
            f"{above} higher, {n - below - above} exactly."
        )
    return said + " What did you picture when you guessed? Who was actually asked or counted?"


def _p_levers(w: ClassWork) -> str:
    summary = w.lever_summary()
    few = _few(int(summary["Learners"].max()) if len(summary) else 0, "rated the levers")
    if few:
        return few
    rated = summary.dropna(subset=["Mean"])
    low = rated[rated["Mean"] == rated["Mean"].min()]
    names = " and ".join(low["Lever"].str.lower())
    verb = "lowest" if len(low) == 1 else "equally lowest"
    return (
        f"The class rated {names} {verb} (mean {low['Mean'].iloc[0]:g} of 5). What would one "
        "small step on it look like in your own team next month?"
    )


def _p_coach(w: ClassWork) -> str:
    per = w.coach()
    few = _few(len(per), "used the question coach")
    if few:
        return few
    flags = w.coach_flags()
    total = int(per["questions"].sum())
    if flags.empty:
        return (
            f"None of the {total} questions drew a flag. Pick one and ask: when is a closed "
            "question exactly right?"
        )
    top = flags.iloc[0]
    return (
        f"The most common flag was '{top['Flag']}' ({top['Questions flagged']} of {total} "
        "questions). Read out one flagged question and rewrite it together."
    )


def _p_roleplays(w: ClassWork) -> str:
    entries = list(w._solo_entries())
    few = _few(len({e[0] for e in entries}), "played a solo role-play")
    if few:
        return few
    top = [e for e in entries if _rank(_relationship(e[2].get("relationship"))) >= _rank(TRUSTED)]
    if not top:
        return (
            "No role-play in these exports ended as trusted advisor or higher, so there is no "
            "trusted advisors' opening to compare. Ask instead: which move lost the client?"
        )
    with_moves = [e for e in top if _moves(e[2])]
    if not with_moves:
        return (
            f"{len(top)} conversation(s) ended as trusted advisor or higher, but their exports "
            "carry no move data (an older kit), so their first three moves are unknown."
        )
    by_scenario = Counter(e[1] for e in with_moves)
    scenario, n = by_scenario.most_common(1)[0]
    openings = Counter(
        tuple((m["node"], m["option"]) for m in _moves(e[2])[:3]) for e in with_moves
        if e[1] == scenario
    )  # fmt: skip
    opening, k = openings.most_common(1)[0]
    said = (
        f"In {scenario}, {n} conversation(s) ended as trusted advisor or higher; "
        + (f"{k} of them opened with " if k > 1 else "each opened differently, for example ")
        + " → ".join(_option_text(scenario, *step) for step in opening)
        + "."
    )

    def best_share(group):
        grades = [m["grade"] for e in group for m in (_moves(e[2]) or [])[:3]]
        return (100 * grades.count("best") / len(grades)) if grades else None

    rest = [e for e in entries if e not in top and _moves(e[2])]
    hi, lo = best_share(with_moves), best_share(rest)
    if hi is not None and lo is not None:
        cmp = "more" if hi > lo else "fewer" if hi < lo else "as many"
        said += (
            f" Their first three moves held {cmp} best moves than the others' ({hi:.0f}% "
            f"against {lo:.0f}%)."
        )
    return said + " What did they do differently in their first three moves?"


def _p_outcomes(w: ClassWork) -> str:
    df = w.roleplays()
    few = _few(df["learner"].nunique() if len(df) else 0, "played a solo role-play")
    if few:
        return few
    levels = Counter(df["relationship"].replace("", "(no ending)"))
    top, n = max(levels.items(), key=lambda kv: (kv[1], _rank(kv[0])))
    high = sum(k for lv, k in levels.items() if _rank(lv) >= _rank(TRUSTED))
    return (
        f"{len(df)} role-play results; the most common ending was {top} ({n}), and {high} "
        "ended as trusted advisor or higher. Sections 7-9 show how they got there."
    )


def _p_weak_moves(w: ClassWork) -> str:
    df = w.weak_moves()
    known = df[df["Node"] != "unknown"]
    unknown = int(df.groupby("Scenario")["Learners without move data (unknown)"].max().sum())
    if known.empty:
        if unknown:
            return (
                f"{unknown} role-play(s) carry no move data (an older kit): which moves were "
                "chosen is unknown."
            )
        return "No weak move was chosen in these exports."
    top = known.sort_values(["Chosen by", "Learners at this node"], ascending=False).iloc[0]
    if top["Chosen by"] < 2:
        return (
            "No weak move was chosen by more than one learner. Ask each learner to name the "
            "move they would take back."
        )
    return (
        f"The most-chosen weak move was {top['Most-chosen weak move']} in {top['Scenario']}: "
        f"{top['Chosen by']} of the {top['Learners at this node']} learners who reached that "
        "point chose it. What did the client hear, and what would you say instead?"
        + (f" ({unknown} role-play(s) without move data are not counted.)" if unknown else "")
    )


def _p_attempts(w: ClassWork) -> str:
    df = w.attempts()
    if df.empty:
        return "No solo role-plays in these exports yet."
    replayed = int(df["Played more than once"].sum())
    if replayed == 0:
        return (
            "Nobody in these exports played a scenario more than once (or their kit did not "
            "record attempts), so first and latest attempts cannot be compared."
        )
    up, same, down = (int(df[c].sum()) for c in ATTEMPT_COLUMNS[3:6])
    return (
        f"{replayed} replay(s): the latest attempt ended higher on the relationship ladder in "
        f"{up}, at the same level in {same} and lower in {down}. What did you change on the "
        "second try?"
    )


def _p_observer(w: ClassWork) -> str:
    recs = [r for r in w.observer_rounds() if r.percent_open is not None and r.talk_share]
    if len(recs) < 4:
        return (
            f"Only {len(recs)} observed round(s) with both questions and talk time: too few to "
            "compare. Ask each observer what they saw that the interviewer did not."
        )
    recs.sort(key=lambda r: r.percent_open, reverse=True)
    half = len(recs) // 2
    hi, lo = (
        _median([r.talk_share for r in recs[:half]]),
        _median([r.talk_share for r in recs[half:]]),
    )
    cmp = "less" if hi < lo else "more" if hi > lo else "as much"
    return (
        f"In the {half} rounds with the most open questions the IT partner talked {cmp} "
        f"(median {hi:g}% of the time) than in the other {len(recs) - half} ({lo:g}%). What did "
        "the observer see that the interviewer did not?"
    )


def _p_observer_scenarios(w: ClassWork) -> str:
    df = w.observer_scenarios()
    if df.empty:
        return "No observer-board rounds in these exports yet."
    timed = df[df["Median first pitch (min:s)"] != "no timed pitch"]
    parts = [
        f"in {r['Scenario']} the first pitch came at a median of {r['Median first pitch (min:s)']}"
        f" ({r['Rounds with a pitch']} of {r['Rounds'] - r['Timer-only rounds']} rounds pitched)"
        for _, r in timed.iterrows()
    ]
    if not parts:
        return (
            f"{int(df['Rounds'].sum())} observed round(s), but none has a timed pitch (no pitch, "
            "or boards from an older kit). Ask the observers when the first solution came up."
        )
    said = "By scenario: " + "; ".join(parts) + "."
    if len(df) < 2:
        return said + " Only one scenario was observed, so scenarios cannot be compared."
    return said + " Which client pulled the IT partners into a solution, and how?"


def _p_board_plan(w: ClassWork) -> str:
    plan = w.board_plan()
    went, to_try = plan["worked"], plan["to_change"]
    if not went and not to_try:
        return "No 2 + 2 notes in these exports: collect two of each from the room."
    repeated = sum(1 for part in (went, to_try) for _, k in part if k > 1)
    return f"{len(went)} different note(s) on what went well and {len(to_try)} on what to try; " + (
        f"{repeated} came up in more than one round. Start the board with those."
        if repeated
        else "none came up twice, so pick two of each with the class."
    )


def _p_confidence(w: ClassWork) -> str:
    df = w.confidence()
    n = int(df["Learners (rated before and after)"].max()) if len(df) else 0
    few = _few(n, "rated the statements both before and after")
    if few:
        return few.replace(" Ask the room instead.", " Ask the room what changed for them.")
    rated = df.dropna(subset=["Mean shift"])
    best = rated.loc[rated["Mean shift"].idxmax()]
    worst = rated.loc[rated["Mean shift"].idxmin()]
    if best["Mean shift"] > 0:
        said = (
            f"The biggest rise: {best['Statement'].lower()} (mean shift {best['Mean shift']:+g}; "
            f"{best['Rated higher after']} of {best['Learners (rated before and after)']} "
            "rated it higher after)."
        )
    else:
        said = "No statement was rated higher on average after the kit than before."
    if worst["Mean shift"] < 0:
        said += (
            f" {worst['Statement']} was rated lower after (mean shift {worst['Mean shift']:+g}):"
            " sometimes practice shows how hard a skill is."
        )
    return said + " These are self-ratings of confidence, not measures of skill."


PROMPTS = {
    "predictions": _p_predictions,
    "levers": _p_levers,
    "coach": _p_coach,
    "roleplays": _p_outcomes,
    "first_moves": _p_roleplays,
    "weak_moves": _p_weak_moves,
    "attempts": _p_attempts,
    "observer": _p_observer,
    "observer_scenarios": _p_observer_scenarios,
    "board_plan": _p_board_plan,
    "confidence": _p_confidence,
}

DEBRIEF_TABLES = {
    "weak_moves": "Solo role-plays: the weak move chosen most often at each point (latest tries)",
    "first_moves": "Solo role-plays: the first three moves, grouped by where each one ended",
    "attempts": "Solo role-plays: first against latest attempt",
    "observer_scenarios": "Observer board: live rounds by scenario",
    "board_plan": "Board plan: the class's 2 + 2 notes",
    "confidence": "Confidence check: before and after the kit (self-ratings, 1-5)",
}


def prompt_html(text: str) -> str:
    """A debrief prompt box (the text is built from class data; escaped all the same)."""
    return (
        '<div class="pk-prompt" role="note" style="border-left:4px solid var(--jp-brand-color1, '
        "#0072B2);padding:.3rem .8rem;margin:.5rem 0;color:var(--jp-ui-font-color1, #1a1a1a);"
        'background:var(--jp-layout-color2, #eef4fa)"><strong>Debrief prompt (from this '
        f"class's data):</strong> {html.escape(text)}</div>"
    )


def board_plan_html(plan: dict[str, list[tuple[str, int]]], top: int = 6) -> str:
    """The pooled notes as columns for the whiteboard; learner text through learner_html."""
    from .learner_text import learner_html

    cols = []
    for part, title in BOARD_PLAN.items():
        items = plan.get(part, [])[:top]
        body = (
            "".join(
                f"<li>{learner_html(text)}"
                + (f" <small>({k} rounds)</small>" if k > 1 else "")
                + "</li>"
                for text, k in items
            )
            or "<li>none in these exports</li>"
        )
        cols.append(
            f'<section style="flex:1;min-width:14rem"><h4>{html.escape(title)}</h4>'
            f"<ol>{body}</ol></section>"
        )
    return (
        '<div class="pk-board-plan" style="display:flex;gap:1.5rem;flex-wrap:wrap">'
        + "".join(cols)
        + "</div>"
    )
