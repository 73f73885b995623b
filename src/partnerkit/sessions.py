"""Class sessions as data: the role-play timings, the run sheets and the grouping of a class.

* ``data/timing.yaml`` holds the ONE talk time (and the other minutes of a triad round and of
  the common-ground exercise); every card, sheet, handout and notebook cell that states a talk
  time reads it through :func:`timing`;
* ``data/run_sheets.yaml`` holds the 45-, 90- and 180-minute run sheets (and the second
  90-minute session), read by :func:`run_sheets`;
* :func:`stated_minutes` reads the time a notebook or exercise says it needs from the
  notebook's own "Time" section, so a run sheet is checked against the unit, not a copy;
* :func:`grouping_plan` turns a class size into triads, at most one group of four and at most
  one pair, with the cards each round needs.

A malformed file raises :class:`partnerkit.data.DataError` naming file, line, field and fix.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .data import DataError, data_dir
from .roleplay.loader import Doc, ScenarioError, _child, _kind

UNIT_RE = re.compile(r"^(nb0\d|ex0[1-5]|dashboard)$")


class _Doc(Doc):
    """The scenario reader's line-aware YAML document, with fixes that point at this file."""

    def mapping(self, value: Any, field: str, required: Iterable[str], optional=()) -> dict:
        required, optional = tuple(required), tuple(optional)
        if not isinstance(value, dict):
            raise self.error(
                field,
                f"should be a set of named fields ({', '.join(map(str, required))}) but is "
                f"{_kind(value)}",
                "indent the named fields under this key, each as 'name: value'",
            )
        allowed = required + optional
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), [str(a) for a in allowed], n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                raise self.error(
                    _child(field, key),
                    f"unknown key '{key}'",
                    f"{hint}allowed: {', '.join(map(str, allowed))}",
                )
        for key in required:
            if key not in value or value[key] is None:
                raise self.error(
                    _child(field, key),
                    "is missing",
                    f"add '{key}:' under '{field or 'the top level'}' (the comments at the top "
                    "of the file list every field)",
                )
        return value

    def choice(self, value: Any, field: str, allowed: Iterable, what: str):
        allowed = tuple(allowed)
        if isinstance(value, bool) or value not in allowed:
            raise self.error(
                field, f"unknown {what} {value!r}", f"use one of: {', '.join(map(str, allowed))}"
            )
        return value


def _read(path: Path) -> _Doc:
    return _Doc(path)


# --------------------------------------------------------------------------- timing


@dataclass(frozen=True)
class Timing:
    """The minutes of one live triad round and of the common-ground exercise."""

    read_minutes: int
    talk_minutes: int
    no_solution_minutes: int
    feedback_minutes: int
    cg_read_minutes: int
    cg_talk_minutes: int
    cg_file_minutes: int
    cg_discuss_minutes: int

    @property
    def round_minutes(self) -> int:
        return self.read_minutes + self.talk_minutes + self.feedback_minutes

    @property
    def cg_minutes(self) -> int:
        return (
            self.cg_read_minutes
            + self.cg_talk_minutes
            + self.cg_file_minutes
            + (self.cg_discuss_minutes)
        )

    def round_sentence(self) -> str:
        return (
            f"Each round: {self.read_minutes} minutes to read your card, {self.talk_minutes} "
            f"minutes to talk (no solution talk in the first {self.no_solution_minutes}), "
            f"{self.feedback_minutes} minutes of feedback: {self.round_minutes} minutes a round."
        )

    def no_solution_rule(self) -> str:
        return f"No solution talk for the first {self.no_solution_minutes} minutes."

    def cg_sentence(self) -> str:
        return (
            f"{self.cg_read_minutes} minutes to read, {self.cg_talk_minutes} minutes to talk, "
            f"{self.cg_file_minutes} to file your findings and check them, "
            f"{self.cg_discuss_minutes} to discuss: {self.cg_minutes} minutes in all."
        )


def timing_path() -> Path:
    return data_dir() / "timing.yaml"


def load_timing(path: str | Path | None = None) -> Timing:
    """Read and check ``data/timing.yaml``."""
    doc = _read(Path(path) if path is not None else timing_path())
    top = doc.mapping(doc.data, "", ("triad_round", "common_ground"))
    keys = ("read_minutes", "talk_minutes", "no_solution_minutes", "feedback_minutes")
    r = doc.mapping(top["triad_round"], "triad_round", keys)
    tr = {k: doc.integer(r[k], f"triad_round.{k}", 1, 60) for k in keys}
    if tr["no_solution_minutes"] >= tr["talk_minutes"]:
        raise doc.error(
            "triad_round.no_solution_minutes",
            f"{tr['no_solution_minutes']} is not less than talk_minutes ({tr['talk_minutes']}): "
            "the IT partner would have no time to summarise and agree a next step",
            "make no_solution_minutes smaller than talk_minutes",
        )
    ckeys = ("read_minutes", "talk_minutes", "file_minutes", "discuss_minutes")
    c = doc.mapping(top["common_ground"], "common_ground", ckeys)
    cg = {k: doc.integer(c[k], f"common_ground.{k}", 1, 90) for k in ckeys}
    return Timing(**tr, **{f"cg_{k}": v for k, v in cg.items()})


@lru_cache(maxsize=4)
def _cached_timing(path: str, mtime: float) -> Timing:
    return load_timing(path)


def timing() -> Timing:
    """The kit's timings (cached until the file changes)."""
    path = timing_path()
    return _cached_timing(str(path), path.stat().st_mtime if path.exists() else 0.0)


# --------------------------------------------------------------------------- units


def kit_root() -> Path:
    """The checkout that holds the data folder (notebooks, exercises, instructor)."""
    return data_dir().resolve().parent


def unit_path(unit: str, root: Path | None = None) -> Path | None:
    """The notebook of a unit id (nb00..nb09, ex01..ex05, dashboard), or None if absent."""
    root = root or kit_root()
    if unit == "dashboard":
        p = root / "instructor" / "class_dashboard.ipynb"
        return p if p.is_file() else None
    folder, pattern = (
        ("notebooks", f"{unit[2:]}_*.ipynb") if unit.startswith("nb") else
        ("exercises", f"{unit[2:]}_*_ex.ipynb")
    )  # fmt: skip
    found = sorted((root / folder).glob(pattern))
    return found[0] if found else None


def unit_label(unit: str) -> str:
    if unit == "dashboard":
        return "class dashboard"
    return f"notebook {unit[2:]}" if unit.startswith("nb") else f"exercise {unit[2:]}"


_TIME_HEADING = re.compile(r"^##\s+Time(?: needed)?\s*$", re.IGNORECASE | re.MULTILINE)


def time_section(path: Path) -> str | None:
    """The text of the notebook's "Time" / "Time needed" section, or None."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        src = "".join(cell.get("source", ""))
        m = _TIME_HEADING.search(src)
        if m:
            rest = src[m.end() :]
            nxt = re.search(r"^#{1,6}\s", rest, re.MULTILINE)
            return (rest[: nxt.start()] if nxt else rest).strip()
    return None


def stated_minutes(path: Path) -> int | None:
    """The least time the unit says it needs: the first number of its "Time" section
    ("15 to 20 minutes" -> 15; "About 25 minutes" -> 25). None if it states none."""
    text = time_section(path)
    if not text:
        return None
    m = re.search(r"\d+", text)
    return int(m.group(0)) if m else None


# --------------------------------------------------------------------------- run sheets


@dataclass(frozen=True)
class Segment:
    minutes: int
    what: str
    setup: str
    project: str
    unit: str | None = None
    sections: str = ""
    materials: tuple[str, ...] = ()
    round: int | None = None
    start: int = 0  # minutes from the start of the session


@dataclass(frozen=True)
class RunSheet:
    id: str
    title: str
    minutes: int
    goal: str
    segments: tuple[Segment, ...]
    shortened: dict[str, str] = field(default_factory=dict)
    after: str = ""

    def unit_minutes(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.segments:
            if s.unit:
                out[s.unit] = out.get(s.unit, 0) + s.minutes
        return out

    @property
    def rounds(self) -> int:
        return sum(1 for s in self.segments if s.round)


def run_sheets_path() -> Path:
    return data_dir() / "run_sheets.yaml"


def _segment(doc: _Doc, raw: Any, f: str, start: int, t: Timing) -> Segment:
    m = doc.mapping(
        raw,
        f,
        ("minutes", "what", "setup", "project"),
        ("unit", "sections", "materials", "round"),
    )
    minutes = doc.integer(m["minutes"], f"{f}.minutes", 1, 180)
    unit = None
    if m.get("unit") is not None:
        unit = m["unit"]
        if not isinstance(unit, str) or not UNIT_RE.match(unit):
            raise doc.error(
                f"{f}.unit",
                f"unknown unit {unit!r}",
                "write nb00..nb09 for a notebook, ex01..ex05 for an exercise, or dashboard",
            )
    rnd = None
    if m.get("round") is not None:
        rnd = doc.integer(m["round"], f"{f}.round", 1, 6)
        if minutes != t.round_minutes:
            raise doc.error(
                f"{f}.minutes",
                f"a triad round lasts {t.round_minutes} minutes (read {t.read_minutes} + talk "
                f"{t.talk_minutes} + feedback {t.feedback_minutes}, data/timing.yaml), not "
                f"{minutes}",
                f"set minutes to {t.round_minutes}, or change data/timing.yaml and rebalance "
                "the sheet",
            )
    materials = doc.text_list(m["materials"], f"{f}.materials") if "materials" in m else ()
    return Segment(
        minutes=minutes,
        what=" ".join(doc.text(m["what"], f"{f}.what").split()),
        setup=doc.text(m["setup"], f"{f}.setup"),
        project=doc.text(m["project"], f"{f}.project"),
        unit=unit,
        sections=doc.text(m["sections"], f"{f}.sections") if m.get("sections") else "",
        materials=materials,
        round=rnd,
        start=start,
    )


def load_run_sheets(
    path: str | Path | None = None, timings: Timing | None = None, root: Path | None = None
) -> dict[str, RunSheet]:
    """Read and check the run sheets: minutes add up; every unit gets the time its notebook
    states, or the sheet's ``shortened`` says why not (and no stale reason is left behind)."""
    t = timings or timing()
    doc = _read(Path(path) if path is not None else run_sheets_path())
    top = doc.mapping(doc.data, "", ("sessions",))
    raw_sessions = top["sessions"]
    if not isinstance(raw_sessions, list) or not raw_sessions:
        raise doc.error("sessions", "needs a list of sessions", "start each with '- id: ...'")
    sheets: dict[str, RunSheet] = {}
    for i, raw in enumerate(raw_sessions):
        f = f"sessions[{i}]"
        m = doc.mapping(
            raw, f, ("id", "title", "minutes", "goal", "segments"), ("shortened", "after")
        )
        sid = doc.slug(m["id"], f"{f}.id", "session id")
        if sid in sheets:
            raise doc.error(f"{f}.id", f"session id {sid!r} is used twice", "give each its own id")
        minutes = doc.integer(m["minutes"], f"{f}.minutes", 10, 480)
        segs_raw = m["segments"]
        if not isinstance(segs_raw, list) or not segs_raw:
            raise doc.error(f"{f}.segments", "needs a list of segments", "add '- minutes: ...'")
        segments, clock = [], 0
        for j, s in enumerate(segs_raw):
            seg = _segment(doc, s, f"{f}.segments[{j}]", clock, t)
            segments.append(seg)
            clock += seg.minutes
        if clock != minutes:
            raise doc.error(
                f"{f}.segments",
                f"the segments add up to {clock} minutes, but the session lasts {minutes}",
                "change segment minutes until they add up to the session length",
            )
        shortened: dict[str, str] = {}
        if m.get("shortened") is not None:
            sh = m["shortened"]
            if not isinstance(sh, dict):
                raise doc.error(f"{f}.shortened", "should map unit ids to reasons", "unit: why")
            for unit, why in sh.items():
                shortened[str(unit)] = " ".join(doc.text(why, f"{f}.shortened.{unit}").split())
        sheet = RunSheet(
            id=sid,
            title=doc.text(m["title"], f"{f}.title"),
            minutes=minutes,
            goal=" ".join(doc.text(m["goal"], f"{f}.goal").split()),
            segments=tuple(segments),
            shortened=shortened,
            after=" ".join(doc.text(m["after"], f"{f}.after").split()) if m.get("after") else "",
        )
        _check_units(doc, f, sheet, root)
        sheets[sid] = sheet
    return sheets


def _check_units(doc: _Doc, f: str, sheet: RunSheet, root: Path | None) -> None:
    given = sheet.unit_minutes()
    for unit in sheet.shortened:
        if unit not in given:
            raise doc.error(
                f"{f}.shortened.{unit}",
                f"{unit!r} is not a unit of this session",
                "remove the reason, or fix the unit id",
            )
    for unit, minutes in given.items():
        path = unit_path(unit, root)
        if path is None:
            if root is None and not (kit_root() / "notebooks").is_dir():
                continue  # an installed kit without the notebooks: nothing to compare with
            raise doc.error(
                f"{f}.segments", f"unit {unit!r} has no notebook in this kit", "fix the unit id"
            )
        need = stated_minutes(path)
        if need is None:
            continue
        if minutes < need and unit not in sheet.shortened:
            raise doc.error(
                f"{f}.segments",
                f"{unit_label(unit)} gets {minutes} minutes, but {path.name} says it needs {need}",
                f"give it {need} minutes, or add under 'shortened' a line '{unit}: <why>' "
                "(the guide shows the reason)",
            )
        if minutes >= need and unit in sheet.shortened:
            raise doc.error(
                f"{f}.shortened.{unit}",
                f"{unit_label(unit)} gets {minutes} minutes, at least the {need} it states, so "
                "the reason for shortening it is out of date",
                "remove the line",
            )


def run_sheets() -> dict[str, RunSheet]:
    path = run_sheets_path()
    tpath = timing_path()
    return _cached_sheets(
        str(path),
        path.stat().st_mtime if path.exists() else 0.0,
        tpath.stat().st_mtime if tpath.exists() else 0.0,
    )


@lru_cache(maxsize=4)
def _cached_sheets(path: str, mtime: float, tmtime: float) -> dict[str, RunSheet]:
    return load_run_sheets(path)


# --------------------------------------------------------------------------- grouping


@dataclass(frozen=True)
class Group:
    kind: str  # triad, four, pair
    size: int

    @property
    def roles(self) -> tuple[str, ...]:
        return ROLES[self.kind]


ROLES = {
    "triad": ("IT partner", "client", "observer"),
    "four": ("IT partner", "client", "observer", "second observer (timer only)"),
    "pair": ("IT partner", "observer"),
}


@dataclass(frozen=True)
class GroupingPlan:
    learners: int
    groups: tuple[Group, ...]

    @property
    def triads(self) -> int:
        return sum(g.kind == "triad" for g in self.groups)

    @property
    def fours(self) -> int:
        return sum(g.kind == "four" for g in self.groups)

    @property
    def pairs(self) -> int:
        return sum(g.kind == "pair" for g in self.groups)

    def summary(self) -> str:
        parts = []
        if self.triads:
            parts.append(f"{self.triads} triad{'s' if self.triads != 1 else ''}")
        if self.fours:
            parts.append("1 group of four (the second observer in timer-only mode)")
        if self.pairs:
            parts.append("1 pair (the solo scripted client, or you as the client)")
        return f"{self.learners} learners: " + " + ".join(parts)

    def cards_per_round(self, instructor_client: bool = False) -> dict[str, int]:
        """Printed cards for one round (every group plays the same scenario in a round).

        A pair plays the solo scripted client on a laptop (no client card), or, with
        ``instructor_client``, you play the client from a printed client card.
        """
        live = self.triads + self.fours + (self.pairs if instructor_client else 0)
        return {
            "public brief": self.learners + (self.pairs if instructor_client else 0),
            "client card": live,
            "IT-partner card": len(self.groups),
            "observer card": self.triads + 2 * self.fours + self.pairs,
            "time-out card": len(self.groups),
        }


def grouping_plan(learners: int) -> GroupingPlan:
    """Triads where possible; one leftover learner makes a group of four (a second observer
    in timer-only mode), two leftover learners make a pair (who play the solo scripted client,
    or you play the client). Every learner is in exactly one group."""
    if isinstance(learners, bool) or not isinstance(learners, int) or learners < 2:
        raise ValueError(f"a class needs at least 2 learners for a role-play, not {learners!r}")
    triads, rest = divmod(learners, 3)
    groups = [Group("triad", 3)] * triads
    if rest == 1:
        groups[-1] = Group("four", 4)  # learners >= 4 here
    elif rest == 2:
        groups.append(Group("pair", 2))
    return GroupingPlan(learners, tuple(groups))


def rotation(kind: str, rounds: int) -> list[tuple[str, ...]]:
    """Who plays what in each round, by letter (A, B, C, D): everyone moves one seat on."""
    roles = ROLES[kind]
    people = "ABCD"[: len(roles)]
    out = []
    for r in range(rounds):
        out.append(tuple(people[(i + r) % len(people)] for i in range(len(roles))))
    return out


__all__ = [
    "DataError",
    "GroupingPlan",
    "RunSheet",
    "ScenarioError",
    "Segment",
    "Timing",
    "grouping_plan",
    "load_run_sheets",
    "load_timing",
    "rotation",
    "run_sheets",
    "stated_minutes",
    "timing",
]
