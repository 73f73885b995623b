"""The observer board for live triads (interviewer, client, observer): a pure model.

While the IT partner interviews the client, the observer

* taps a counter for every behaviour they notice (:data:`COUNTERS`);
* presses who is talking, so the board can give the **talk ratio** (the IT partner's share of
  the talking time) - the clock is injectable, so tests use a fake one;
* ticks the signs of self-orientation they saw (:data:`SELF_ORIENTATION_SIGNS`);
* writes two things that worked and two to change ("2 + 2"), the best question word for word
  and one trust moment;
* ticks the scenario's pains as they come out (a checklist built from the scenario's client
  card);
* and every tap is timestamped in seconds since the round clock started, so the debrief can
  say "first pitch at 03:12".

In groups of four a second observer runs the board in timer-only mode (:data:`MODES`): one
observer taps the counters, the other switches the speaker timer.

``ObserverRound.end()`` freezes all this into a :class:`RoundRecord`, which exports to JSON
and CSV and loads back unchanged (:func:`to_json`, :func:`to_csv`, :func:`load_rounds`).
Learner text is escaped wherever this module renders HTML (:func:`round_html`).

The reference values in :data:`REFERENCES` are discussion aids chosen for this kit, not
research targets.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..data import DataError
from ..learner_text import strip_bidi_controls

FORMAT = "partnerkit-observer"
VERSION = 2  # 2 added best_question, trust_moment, mode, pains, events (all optional on read)
SUPPORTED_VERSIONS = (1, 2)
MODES = ("full", "counters", "timer")
MODE_LABELS = {
    "full": "One observer: counters and speaker timer",
    "counters": "Counters only (a second observer runs the speaker timer)",
    "timer": "Speaker timer only (the second observer in a group of four)",
}
TALK_EVENTS = {"it": "talk:it", "client": "talk:client", None: "talk:none"}
_PAIN_ID = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
MAX_EVENTS = 2000

COUNTERS = ("open", "closed", "leading", "reflection", "summary", "jargon", "pitch", "pain")
COUNTER_LABELS = {
    "open": "Open question",
    "closed": "Closed question",
    "leading": "Leading question",
    "reflection": "Reflection",
    "summary": "Summary",
    "jargon": "Jargon",
    "pitch": "Solution pitch",
    "pain": "Pain surfaced",
}
COUNTER_HELP = {
    "open": "A question the client answers in their own words (what, how, tell me about...).",
    "closed": "A question the client can answer yes or no, or by picking an option.",
    "leading": "Press as well as Open or Closed when the question suggested its answer.",
    "reflection": "The IT partner gave back what they heard ('It sounds like...').",
    "summary": "The IT partner pulled several points together ('So far I have heard...').",
    "jargon": "An IT term the client had to ask about, or could not have known.",
    "pitch": "The IT partner offered a solution or product.",
    "pain": "The client revealed a problem, its cost or its cause.",
}
SPEAKERS = ("it", "client")
SPEAKER_LABELS = {"it": "IT partner", "client": "Client"}
SELF_ORIENTATION_SIGNS = (
    ("i_not_we", "Said 'I' where 'we' would fit"),
    ("few_questions", "Asked few questions"),
    ("interrupted", "Interrupted the client"),
    ("talked_more", "Talked more than listened"),
    ("vague", "Was vague or held information back"),
    ("sought_recognition", "Looked for praise or recognition"),
    ("took_credit", "Took credit for others' work"),
    ("win_lose", "Treated it as win or lose"),
    ("stretched_truth", "Stretched the truth"),
    ("made_excuses", "Made excuses"),
)
SIGN_IDS = tuple(s for s, _ in SELF_ORIENTATION_SIGNS)
SIGN_LABELS = dict(SELF_ORIENTATION_SIGNS)


@dataclass(frozen=True)
class Reference:
    value: float
    label: str


REFERENCES = {
    "talk_share": Reference(50.0, "IT partner talks half the time or less"),
    "percent_open": Reference(50.0, "at least half the questions open"),
    "reflection_to_question": Reference(0.5, "one reflection for every two questions"),
}
REFERENCE_NOTE = (
    "Reference lines are discussion aids chosen for this kit, not pass marks: a good "
    "conversation can sit on either side of them."
)
NAME_MAX = 80
TEXT_MAX = 2000


class RoundEnded(RuntimeError):
    """The round has ended; start a new one to keep counting."""


def _clean(value: object, limit: int) -> str:
    text = "" if value is None else str(value)
    return text[:limit]


def clock_text(seconds: float | None) -> str:
    """Seconds since the round clock started as minutes:seconds, e.g. ``03:12``."""
    if seconds is None:
        return "--:--"
    whole = int(max(0.0, seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def event_label(what: str, pain_labels: dict[str, str] | None = None) -> str:
    """A readable name for an event kind (counter, talk switch or pain tick)."""
    if what in COUNTER_LABELS:
        return COUNTER_LABELS[what]
    if what == "talk:none":
        return "Timer paused (silence)"
    if what.startswith("talk:"):
        return f"{SPEAKER_LABELS.get(what[5:], what[5:])} started talking"
    if what.startswith("pain:"):
        return f"Pain ticked: {(pain_labels or {}).get(what[5:], what[5:])}"
    return what


def _valid_event(what: object) -> bool:
    if not isinstance(what, str):
        return False
    if what in COUNTERS or what in TALK_EVENTS.values():
        return True
    return what.startswith("pain:") and bool(_PAIN_ID.match(what[5:]))


# --------------------------------------------------------------------------- talk timer


class TalkTimer:
    """Two buttons' worth of stopwatch: who is talking now, and for how long in total.

    ``press(who)`` starts ``who``'s clock (stopping the other's); pressing the speaker who is
    already talking pauses the timer (silence). ``clock`` returns seconds (monotonic).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._totals = dict.fromkeys(SPEAKERS, 0.0)
        self.current: str | None = None
        self._since = 0.0

    def _bank(self) -> None:
        if self.current is not None:
            now = self._clock()
            self._totals[self.current] += max(0.0, now - self._since)
            self._since = now

    def press(self, who: str) -> str | None:
        if who not in SPEAKERS:
            raise ValueError(f"unknown speaker {who!r}; use one of {SPEAKERS}")
        self._bank()
        if self.current == who:
            self.current = None
        else:
            self.current = who
            self._since = self._clock()
        return self.current

    def pause(self) -> None:
        self._bank()
        self.current = None

    def seconds(self, who: str) -> float:
        total = self._totals[who]
        if self.current == who:
            total += max(0.0, self._clock() - self._since)
        return total

    def totals(self) -> dict[str, float]:
        return {w: self.seconds(w) for w in SPEAKERS}

    def share(self) -> float | None:
        """The IT partner's share of the talking time, in percent (None before any talk)."""
        return talk_share(self.totals())


def talk_share(seconds: dict[str, float]) -> float | None:
    total = seconds.get("it", 0.0) + seconds.get("client", 0.0)
    return None if total <= 0 else 100.0 * seconds.get("it", 0.0) / total


# --------------------------------------------------------------------------- round record


@dataclass(frozen=True)
class RoundRecord:
    """One finished round: everything the observer recorded, ready to export."""

    round: int
    scenario: str = ""
    interviewer: str = ""
    client: str = ""
    observer: str = ""
    ended_at: str = ""
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))
    talk_seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(SPEAKERS, 0.0))
    self_orientation: tuple[str, ...] = ()
    worked: tuple[str, str] = ("", "")
    to_change: tuple[str, str] = ("", "")
    best_question: str = ""
    trust_moment: str = ""
    mode: str = "full"
    pains_found: tuple[str, ...] = ()  # pain ids ticked on the scenario's checklist
    pains_total: int | None = None  # how many pains the checklist listed (None: no checklist)
    events: tuple[tuple[float, str], ...] = ()  # (seconds since the round clock started, what)

    # derived measures -------------------------------------------------------------
    @property
    def questions(self) -> int:
        return self.counts["open"] + self.counts["closed"]

    @property
    def percent_open(self) -> float | None:
        return None if not self.questions else 100.0 * self.counts["open"] / self.questions

    @property
    def reflection_to_question(self) -> float | None:
        return None if not self.questions else self.counts["reflection"] / self.questions

    @property
    def talk_share(self) -> float | None:
        return talk_share(self.talk_seconds)

    @property
    def first_pitch_seconds(self) -> float | None:
        """When the first solution pitch was tapped (None: no pitch, or no timestamps)."""
        return next((t for t, what in self.events if what == "pitch"), None)

    def metrics(self) -> dict[str, float | int | None]:
        def r(x):
            return None if x is None else round(x, 2)

        return {
            "questions": self.questions,
            "percent_open": r(self.percent_open),
            "reflection_to_question": r(self.reflection_to_question),
            "talk_share_it": r(self.talk_share),
            "first_pitch_seconds": r(self.first_pitch_seconds),
        }

    def label(self) -> str:
        who = f": {self.interviewer} interviewing" if self.interviewer else ""
        return f"Round {self.round}{who}"

    def to_dict(self) -> dict:
        """The JSON form (also the journal's ``ex.observer.rounds`` entries)."""
        return {
            "round": self.round,
            "scenario": self.scenario,
            "interviewer": self.interviewer,
            "client": self.client,
            "observer": self.observer,
            "ended_at": self.ended_at,
            "counts": dict(self.counts),
            "talk_seconds": dict(self.talk_seconds),
            "self_orientation": list(self.self_orientation),
            "worked": list(self.worked),
            "to_change": list(self.to_change),
            "best_question": self.best_question,
            "trust_moment": self.trust_moment,
            "mode": self.mode,
            "pains_found": list(self.pains_found),
            "pains_total": self.pains_total,
            "events": [{"at": t, "what": what} for t, what in self.events],
            "metrics": self.metrics(),
        }


class ObserverRound:
    """The live state of one round. Call :meth:`end` to get its :class:`RoundRecord`."""

    def __init__(
        self,
        round_no: int = 1,
        *,
        scenario: str = "",
        interviewer: str = "",
        client: str = "",
        observer: str = "",
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], str] | None = None,
        mode: str = "full",
        pains: Sequence[str] | None = None,
    ):
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {MODES}")
        self.round = max(1, int(round_no))
        self.mode = mode
        self.pains = tuple(pains) if pains is not None else None  # the checklist's pain ids
        self.pains_ticked: set[str] = set()
        self.best_question = ""
        self.trust_moment = ""
        self.events: list[tuple[float, str]] = []
        self.started: float | None = None
        self._clock = clock
        self.scenario = scenario
        self.interviewer = interviewer
        self.client = client
        self.observer = observer
        self.counts = dict.fromkeys(COUNTERS, 0)
        self.timer = TalkTimer(clock)
        self.signs: set[str] = set()
        self.worked = ["", ""]
        self.to_change = ["", ""]
        self.record: RoundRecord | None = None
        self._history: list[str] = []
        self._wall = wall_clock or (lambda: time.strftime("%Y-%m-%dT%H:%M:%S%z"))

    @property
    def ended(self) -> bool:
        return self.record is not None

    def _check_open(self) -> None:
        if self.ended:
            raise RoundEnded("this round has ended; start a new round")

    # ---------------------------------------------------------------- round clock
    def start(self) -> None:
        """Start the round clock (the first tap starts it too); later calls change nothing."""
        self._check_open()
        if self.started is None:
            self.started = self._clock()

    def elapsed(self) -> float:
        """Seconds since the round clock started (0 before it starts; frozen once ended)."""
        if self.started is None:
            return 0.0
        if self.ended:
            return self._ended_at
        return max(0.0, self._clock() - self.started)

    def _event(self, what: str) -> None:
        self.start()
        if len(self.events) < MAX_EVENTS:
            self.events.append((round(self.elapsed(), 1), what))

    # ---------------------------------------------------------------- taps
    def tally(self, name: str) -> int:
        """Count one more of ``name``; returns the new count."""
        self._check_open()
        if name not in self.counts:
            raise ValueError(f"unknown counter {name!r}; use one of {COUNTERS}")
        self.counts[name] += 1
        self._history.append(name)
        self._event(name)
        return self.counts[name]

    def undo(self) -> str | None:
        """Take back the most recent tally (and its timestamp); returns its counter name."""
        self._check_open()
        while self._history:
            name = self._history.pop()
            if self.counts[name] > 0:
                self.counts[name] -= 1
                for i in range(len(self.events) - 1, -1, -1):
                    if self.events[i][1] == name:
                        del self.events[i]
                        break
                return name
        return None

    def talking(self, who: str) -> str | None:
        self._check_open()
        now = self.timer.press(who)
        self._event(TALK_EVENTS[now])
        return now

    def pause_talk(self) -> None:
        """Nobody is talking: pause the speaker timer (a timestamped event if it was running)."""
        self._check_open()
        if self.timer.current is not None:
            self.timer.pause()
            self._event(TALK_EVENTS[None])

    def tick_pain(self, pain_id: str, on: bool = True) -> None:
        """Tick (or untick) one pain of the scenario's checklist; each tick is timestamped."""
        self._check_open()
        if not _PAIN_ID.match(str(pain_id)) or (
            self.pains is not None and pain_id not in self.pains
        ):
            raise ValueError(f"unknown pain {pain_id!r}")
        if on and pain_id not in self.pains_ticked:
            self.pains_ticked.add(pain_id)
            self._event(f"pain:{pain_id}")
        elif not on and pain_id in self.pains_ticked:
            self.pains_ticked.discard(pain_id)  # a mistaken tick: its timestamp goes too
            self.events = [e for e in self.events if e[1] != f"pain:{pain_id}"]

    def tick(self, sign: str, on: bool = True) -> None:
        self._check_open()
        if sign not in SIGN_LABELS:
            raise ValueError(f"unknown self-orientation sign {sign!r}")
        (self.signs.add if on else self.signs.discard)(sign)

    def metrics(self) -> dict:
        return self.snapshot().metrics()

    def snapshot(self) -> RoundRecord:
        """The record as it would be if the round ended now (does not end it)."""
        if self.record is not None:
            return self.record
        order = list(self.pains or ()) + sorted(self.pains_ticked - set(self.pains or ()))
        return RoundRecord(
            round=self.round,
            scenario=_clean(self.scenario, NAME_MAX),
            interviewer=_clean(self.interviewer, NAME_MAX),
            client=_clean(self.client, NAME_MAX),
            observer=_clean(self.observer, NAME_MAX),
            ended_at="",
            counts=dict(self.counts),
            talk_seconds={w: round(s, 1) for w, s in self.timer.totals().items()},
            self_orientation=tuple(s for s in SIGN_IDS if s in self.signs),
            worked=(_clean(self.worked[0], TEXT_MAX), _clean(self.worked[1], TEXT_MAX)),
            to_change=(_clean(self.to_change[0], TEXT_MAX), _clean(self.to_change[1], TEXT_MAX)),
            best_question=_clean(self.best_question, TEXT_MAX),
            trust_moment=_clean(self.trust_moment, TEXT_MAX),
            mode=self.mode,
            pains_found=tuple(p for p in order if p in self.pains_ticked),
            pains_total=None if self.pains is None else len(self.pains),
            events=tuple(self.events),
        )

    def end(self) -> RoundRecord:
        """Stop the timer and freeze the round. Calling it again returns the same record."""
        if self.record is None:
            self._ended_at = self.elapsed()
            self.timer.pause()
            snap = self.snapshot()
            self.record = RoundRecord(**{**snap.__dict__, "ended_at": self._wall()})
        return self.record


# --------------------------------------------------------------------------- export / import

CSV_COLUMNS = (
    "round",
    "scenario",
    "interviewer",
    "client",
    "observer",
    "ended_at",
    *(f"count_{c}" for c in COUNTERS),
    "talk_seconds_it",
    "talk_seconds_client",
    "self_orientation",
    "worked_1",
    "worked_2",
    "to_change_1",
    "to_change_2",
    "questions",
    "percent_open",
    "reflection_to_question",
    "talk_share_it",
)
# Added in version 2; a CSV without them (version 1) still loads, with empty values.
CSV_COLUMNS_V2 = (
    "best_question",
    "trust_moment",
    "mode",
    "pains_found",
    "pains_total",
    "events",
    "first_pitch_seconds",
)
CSV_COLUMNS = CSV_COLUMNS + CSV_COLUMNS_V2
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_QUOTED_FORMULA = re.compile(r"^'+[=+\-@\t\r]")


def _csv_safe(text: str) -> str:
    """Stop spreadsheets reading learner text as a formula (undone by :func:`_csv_unsafe`)."""
    return "'" + text if _FORMULA.match(text) else text


def _csv_unsafe(text: str) -> str:
    return text[1:] if _QUOTED_FORMULA.match(text) else text


def to_json(records: Iterable[RoundRecord]) -> str:
    doc = {"format": FORMAT, "version": VERSION, "rounds": [r.to_dict() for r in records]}
    return json.dumps(doc, ensure_ascii=False, indent=1)


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def to_csv(records: Iterable[RoundRecord]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    w.writerow(CSV_COLUMNS)
    for r in records:
        m = r.metrics()
        w.writerow(
            [
                r.round,
                *(
                    _csv_safe(x)
                    for x in (r.scenario, r.interviewer, r.client, r.observer, r.ended_at)
                ),
                *(r.counts[c] for c in COUNTERS),
                f"{r.talk_seconds['it']:g}",
                f"{r.talk_seconds['client']:g}",
                ";".join(r.self_orientation),
                *(_csv_safe(x) for x in (*r.worked, *r.to_change)),
                m["questions"],
                _num(m["percent_open"]),
                _num(m["reflection_to_question"]),
                _num(m["talk_share_it"]),
                _csv_safe(r.best_question),
                _csv_safe(r.trust_moment),
                r.mode,
                ";".join(r.pains_found),
                "" if r.pains_total is None else r.pains_total,
                ";".join(f"{t:g}@{what}" for t, what in r.events),
                _num(m["first_pitch_seconds"]),
            ]
        )
    return buf.getvalue()


def _record_from_fields(src: str, where: int, get: Callable[[str], object]) -> RoundRecord:
    """Build a validated record; ``get(field)`` reads one field; errors name src/where/field."""

    def err(column: str, problem: str, fix: str) -> DataError:
        return DataError(src, problem, fix, row=where, column=column)

    def as_int(column: str, value: object) -> int:
        try:
            if isinstance(value, bool):
                raise ValueError
            n = int(value) if not isinstance(value, float) or value.is_integer() else None
            if n is None:
                raise ValueError
        except (TypeError, ValueError):
            raise err(column, f"{value!r} is not a whole number", "write e.g. 3") from None
        if n < 0:
            raise err(column, f"{n} is negative", "counts and rounds cannot be below zero")
        return n

    def as_seconds(column: str, value: object) -> float:
        try:
            if isinstance(value, bool):
                raise ValueError
            x = float(value)
        except (TypeError, ValueError):
            raise err(column, f"{value!r} is not a number of seconds", "write e.g. 95.5") from None
        if not math.isfinite(x) or x < 0:
            raise err(column, f"{value!r} is not a time", "write a number of seconds >= 0")
        return x

    def as_text(column: str, value: object, limit: int) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise err(column, f"{value!r} is not text", "write plain text")
        if len(value) > limit:
            raise err(column, f"the text is longer than {limit} characters", "shorten it")
        return value

    def as_events(value: object) -> tuple[tuple[float, str], ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or len(value) > MAX_EVENTS:
            raise err("events", f"is not a list of at most {MAX_EVENTS} events", "re-export")
        out = []
        for i, ev in enumerate(value, start=1):
            if not isinstance(ev, dict) or not _valid_event(ev.get("what")):
                raise err(
                    f"events[{i}]",
                    f"{str(ev)[:60]!r} is not an event",
                    'write {"at": seconds, "what": a counter, talk:it, talk:client, '
                    "talk:none or pain:<id>}",
                )
            out.append((as_seconds(f"events[{i}].at", ev.get("at")), ev["what"]))
        return tuple(out)

    def as_pains(value: object) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(
            isinstance(p, str) and _PAIN_ID.match(p) for p in value
        ):
            raise err("pains_found", "is not a list of pain ids", "list ids such as lead_leak")
        return tuple(dict.fromkeys(value))

    mode = get("mode") or "full"
    if mode not in MODES:
        raise err("mode", f"unknown mode {mode!r}", f"use one of: {', '.join(MODES)}")
    total = get("pains_total")
    pains_total = None if total in (None, "") else as_int("pains_total", total)

    rnd = as_int("round", get("round"))
    if rnd < 1:
        raise err("round", "round 0 does not exist", "number rounds from 1")
    counts = {c: as_int(f"count_{c}", get(f"count_{c}")) for c in COUNTERS}
    talk = {w: as_seconds(f"talk_seconds_{w}", get(f"talk_seconds_{w}")) for w in SPEAKERS}
    signs = get("self_orientation")
    if signs is None:
        signs = []
    if not isinstance(signs, list) or not all(isinstance(s, str) for s in signs):
        raise err("self_orientation", "is not a list of sign ids", "list ids such as interrupted")
    unknown = [s for s in signs if s not in SIGN_LABELS]
    if unknown:
        raise err(
            "self_orientation",
            f"unknown sign(s) {', '.join(map(repr, unknown))}",
            f"use ids from: {', '.join(SIGN_IDS)}",
        )
    return RoundRecord(
        round=rnd,
        scenario=as_text("scenario", get("scenario"), NAME_MAX),
        interviewer=as_text("interviewer", get("interviewer"), NAME_MAX),
        client=as_text("client", get("client"), NAME_MAX),
        observer=as_text("observer", get("observer"), NAME_MAX),
        ended_at=as_text("ended_at", get("ended_at"), NAME_MAX),
        counts=counts,
        talk_seconds=talk,
        self_orientation=tuple(s for s in SIGN_IDS if s in signs),
        worked=(
            as_text("worked_1", get("worked_1"), TEXT_MAX),
            as_text("worked_2", get("worked_2"), TEXT_MAX),
        ),
        to_change=(
            as_text("to_change_1", get("to_change_1"), TEXT_MAX),
            as_text("to_change_2", get("to_change_2"), TEXT_MAX),
        ),
        best_question=as_text("best_question", get("best_question"), TEXT_MAX),
        trust_moment=as_text("trust_moment", get("trust_moment"), TEXT_MAX),
        mode=mode,
        pains_found=as_pains(get("pains_found")),
        pains_total=pains_total,
        events=as_events(get("events")),
    )


def _flat(d: dict) -> dict[str, object]:
    """A round dict (JSON form) flattened to the CSV field names."""
    out: dict[str, object] = {k: d.get(k) for k in ("round", "scenario", "interviewer")}
    out.update({k: d.get(k) for k in ("client", "observer", "ended_at", "self_orientation")})
    extra = ("best_question", "trust_moment", "mode", "pains_found", "pains_total", "events")
    out.update({k: d.get(k) for k in extra})
    counts = d.get("counts")
    counts = counts if isinstance(counts, dict) else {}
    talk = d.get("talk_seconds")
    talk = talk if isinstance(talk, dict) else {}
    for c in COUNTERS:
        out[f"count_{c}"] = counts.get(c, 0)
    for w in SPEAKERS:
        out[f"talk_seconds_{w}"] = talk.get(w, 0)
    for name in ("worked", "to_change"):
        pair = [*(d.get(name) or []), None, None]
        out[f"{name}_1"], out[f"{name}_2"] = pair[0], pair[1]
    return out


def round_from_dict(d: object, src: str = "round", where: int = 1) -> RoundRecord:
    """Validate one round dict (JSON form, e.g. from the journal)."""
    if not isinstance(d, dict):
        raise DataError(src, "a round is not an object", "restore the exported file", where)
    for name in ("worked", "to_change"):
        pair = d.get(name)
        if pair is not None and (not isinstance(pair, list) or len(pair) > 2):
            raise DataError(
                src, f"'{name}' is not a list of (at most) two texts", "write [\"...\", \"...\"]",
                where, name,
            )  # fmt: skip
    for name in ("counts", "talk_seconds"):
        part = d.get(name)
        if part is not None and not isinstance(part, dict):
            raise DataError(src, f"'{name}' is not an object", "re-export the file", where, name)
    unknown = sorted(set(d.get("counts") or {}) - set(COUNTERS))
    if unknown:
        raise DataError(
            src, f"unknown counter(s) {', '.join(unknown)}", f"use: {', '.join(COUNTERS)}",
            where, "counts",
        )  # fmt: skip
    flat = _flat(d)
    return _record_from_fields(src, where, flat.get)


def from_json(text: str, src: str = "observer rounds (JSON)") -> list[RoundRecord]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            src, f"not valid JSON ({exc.msg} at line {exc.lineno})", "re-export the file"
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise DataError(
            src, "not an observer-board export", f"the file must have format '{FORMAT}'"
        )
    if doc.get("version") not in SUPPORTED_VERSIONS or isinstance(doc.get("version"), bool):
        raise DataError(
            src, f"unsupported version {doc.get('version')!r}", f"export again (version {VERSION})"
        )
    rounds = doc.get("rounds")
    if not isinstance(rounds, list):
        raise DataError(src, "'rounds' is missing or not a list", "re-export the file")
    return [round_from_dict(d, src, i) for i, d in enumerate(rounds, start=1)]


def from_csv(text: str, src: str = "observer rounds (CSV)") -> list[RoundRecord]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DataError(src, "the file is empty", "re-export the file") from None
    missing = [c for c in CSV_COLUMNS if c not in header and c not in CSV_COLUMNS_V2]
    if missing:
        raise DataError(
            src, f"missing column(s) {', '.join(missing)}", "re-export the file", 1, missing[0]
        )
    out = []
    for lineno, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise DataError(
                src,
                f"has {len(cells)} cells but the header has {len(header)}",
                "check for a missing or extra comma",
                lineno,
            )
        rec = dict(zip(header, cells, strict=True))
        text_fields = ("scenario", "interviewer", "client", "observer", "ended_at")
        text_fields += ("worked_1", "worked_2", "to_change_1", "to_change_2")
        text_fields += ("best_question", "trust_moment")
        for k in text_fields:
            if k in rec:
                rec[k] = _csv_unsafe(rec[k])
        signs = rec["self_orientation"].strip()
        rec["self_orientation"] = [s.strip() for s in signs.split(";") if s.strip()]
        pains = rec.get("pains_found", "").strip()
        rec["pains_found"] = [p.strip() for p in pains.split(";") if p.strip()]
        events = []
        for part in (p.strip() for p in rec.get("events", "").split(";")):
            if part:
                at, _, what = part.partition("@")
                try:
                    events.append({"at": float(at), "what": what})
                except ValueError:
                    events.append({"at": at, "what": what})  # refused, with the field named
        rec["events"] = events
        out.append(_record_from_fields(src, lineno, rec.get))
    return out


def load_rounds(path: str | Path) -> list[RoundRecord]:
    """Read an exported ``.json`` or ``.csv`` file back into round records."""
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "file not found", "check the name in the exports folder")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DataError(path, "not UTF-8 text", "re-export the file") from None
    if path.suffix.lower() == ".json":
        return from_json(text, str(path))
    if path.suffix.lower() == ".csv":
        return from_csv(text, str(path))
    raise DataError(path, f"unknown file type {path.suffix!r}", "use a .json or .csv export")


def save_rounds(records: Sequence[RoundRecord], folder: str | Path, stem: str) -> list[Path]:
    """Write ``<stem>.json`` and ``<stem>.csv`` into ``folder`` (created if missing)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "observer-rounds"
    paths = [folder / f"{safe}.json", folder / f"{safe}.csv"]
    paths[0].write_text(to_json(records) + "\n", encoding="utf-8")
    paths[1].write_text(to_csv(records), encoding="utf-8")
    return paths


# --------------------------------------------------------------------------- display


def _fmt_pct(x: float | None) -> str:
    return "not measured" if x is None else f"{x:.0f}%"


def _fmt_ratio(x: float | None) -> str:
    return "not measured" if x is None else f"{x:.2f}"


def _n(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _pitch_sentence(record: RoundRecord) -> str:
    if record.mode == "timer":
        return ""
    first = record.first_pitch_seconds
    if first is not None:
        return f" First solution pitch at {clock_text(first)}."
    if record.counts["pitch"]:
        return " First solution pitch: time not recorded."
    return " No solution pitch."


def describe(record: RoundRecord) -> str:
    """One plain-text sentence of the round's measures."""
    c = record.counts
    if record.mode == "timer":
        return (
            f"{record.label()} (speaker timer only). IT partner's share of the talking: "
            f"{_fmt_pct(record.talk_share)}."
        )
    pains = ""
    if record.pains_total:
        pains = (
            f" Pains ticked on the checklist: {len(record.pains_found)} of {record.pains_total}."
        )
    return (
        f"{record.label()}. {_n(record.questions, 'question')} ({c['open']} open, "
        f"{c['closed']} closed, {c['leading']} leading); {_n(c['reflection'], 'reflection')}, "
        f"{_n(c['summary'], 'summary', 'summaries')}; {_n(c['pain'], 'pain')} surfaced; "
        f"{_n(c['pitch'], 'pitch', 'pitches')}; {c['jargon']} jargon. "
        f"IT partner's share of the talking: {_fmt_pct(record.talk_share)}. "
        f"Open questions: {_fmt_pct(record.percent_open)}. "
        f"Reflections per question: {_fmt_ratio(record.reflection_to_question)}."
        + _pitch_sentence(record)
        + pains
    )


def round_html(record: RoundRecord, pain_labels: dict[str, str] | None = None) -> str:
    """The round as HTML for the debrief; every piece of learner text goes through
    :func:`partnerkit.learner_text.learner_html` (escaped and direction-isolated), and text
    that mixes kit words with learner text (the label, the summary) loses its bidi controls."""
    from ..learner_text import learner_html

    def e(text: object) -> str:  # bidi controls removed, escaped
        return html.escape(strip_bidi_controls(text))

    who = ", ".join(
        f"{lab}: {learner_html(v)}"
        for lab, v in (
            ("Scenario", record.scenario),
            ("IT partner", record.interviewer),
            ("Client", record.client),
            ("Observer", record.observer),
        )
        if v
    )
    signs = "".join(f"<li>{e(SIGN_LABELS[s])}</li>" for s in record.self_orientation)
    worked = "".join(f"<li>{learner_html(t)}</li>" for t in record.worked if t.strip())
    change = "".join(f"<li>{learner_html(t)}</li>" for t in record.to_change if t.strip())
    labels = pain_labels or {}
    pains = "".join(f"<li>{e(labels.get(p, p))}</li>" for p in record.pains_found)
    events = "".join(
        f"<li><time>{clock_text(t)}</time> {e(event_label(w, labels))}</li>"
        for t, w in record.events
    )
    quotes = "".join(
        f"<p><strong>{lab}:</strong> {learner_html(v) if v.strip() else 'not written'}</p>"
        for lab, v in (
            ("Best question, word for word", record.best_question),
            ("One trust moment", record.trust_moment),
        )
    )
    return (
        f'<div class="pk-observer-round"><h3>{e(record.label())}</h3>'
        + (f"<p>{who}</p>" if who else "")
        + f"<p>{e(describe(record))}</p>"
        + "<p><strong>Self-orientation signs seen:</strong></p>"
        + (f"<ul>{signs}</ul>" if signs else "<p>none ticked</p>")
        + "<p><strong>Two things that worked:</strong></p>"
        + (f"<ul>{worked}</ul>" if worked else "<p>not written yet</p>")
        + "<p><strong>Two things to change:</strong></p>"
        + (f"<ul>{change}</ul>" if change else "<p>not written yet</p>")
        + quotes
        + (
            f"<p><strong>Pains ticked ({len(record.pains_found)} of {record.pains_total}):"
            f"</strong></p>" + (f"<ul>{pains}</ul>" if pains else "<p>none ticked</p>")
            if record.pains_total
            else ""
        )
        + (
            "<details><summary>Timeline (minutes:seconds since the round clock started)"
            f'</summary><ol class="pk-observer-events">{events}</ol></details>'
            if events
            else ""
        )
        + "</div>"
    )


# --------------------------------------------------------------------------- dashboard

_MEASURES = (
    ("talk_share", "IT partner's share of talking (%)", "{:.0f}%"),
    ("percent_open", "Open questions (%)", "{:.0f}%"),
    ("reflection_to_question", "Reflections per question", "{:.2f}"),
)


def dashboard_table(records: Sequence[RoundRecord]):
    import pandas as pd

    rows = []
    for r in records:
        rows.append(
            {
                "Round": r.round,
                "IT partner": r.interviewer or "not named",
                "Questions": r.questions,
                **{COUNTER_LABELS[c]: r.counts[c] for c in COUNTERS},
                "IT partner's talk share (%)": _fmt_pct(r.talk_share),
                "Open questions (%)": _fmt_pct(r.percent_open),
                "Reflections per question": _fmt_ratio(r.reflection_to_question),
            }
        )
    return pd.DataFrame(rows)


def dashboard_chart(records: Sequence[RoundRecord]):
    """Three small bar charts (one bar per round) against the kit's reference lines."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from ..charts import FONT, PALETTE, Chart, add_source_note

    records = list(records)
    if not records:
        raise ValueError("the dashboard needs at least one finished round")
    labels = [f"Round {r.round}" for r in records]
    fig = make_subplots(rows=1, cols=3, subplot_titles=[m[1] for m in _MEASURES])
    for i, (attr, name, fmt) in enumerate(_MEASURES, start=1):
        values = [getattr(r, attr) for r in records]
        fig.add_trace(
            go.Bar(
                x=labels,
                y=[v if v is not None else 0 for v in values],
                text=[fmt.format(v) if v is not None else "not measured" for v in values],
                textposition="outside",
                marker=dict(color=PALETTE[i - 1]),
                name=name,
                hovertemplate="%{x}: %{text}<extra></extra>",
            ),
            row=1,
            col=i,
        )
        ref = REFERENCES[attr]
        fig.add_hline(
            y=ref.value,
            line=dict(dash="dash", color="#222222", width=2),
            annotation_text=f"reference: {ref.label}",
            annotation_position="top left",
            annotation_font_size=11,
            row=1,
            col=i,
        )
    top = max(
        1.0,
        *(r.reflection_to_question or 0 for r in records),
        REFERENCES["reflection_to_question"].value,
    )
    fig.update_yaxes(range=[0, 110], row=1, col=1)
    fig.update_yaxes(range=[0, 110], row=1, col=2)
    fig.update_yaxes(range=[0, top * 1.25], row=1, col=3)
    title = "Observer dashboard" + (f": round {records[-1].round}" if len(records) == 1 else "")
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left"),
        font=FONT,
        template="simple_white",
        showlegend=False,
        height=460,
        margin=dict(l=60, r=30, t=100, b=110),
    )
    add_source_note(fig, "Data: the observer's tallies and talk timer. " + REFERENCE_NOTE, y=-0.22)
    last = records[-1]
    parts = []
    for attr, name, fmt in _MEASURES:
        v = getattr(last, attr)
        ref = REFERENCES[attr]
        if v is None:
            parts.append(f"{name.split(' (')[0]}: not measured")
        else:
            side = "above" if v > ref.value else "below" if v < ref.value else "on"
            parts.append(f"{name.split(' (')[0]} {fmt.format(v)}, {side} the reference line")
    takeaway = f"{last.label()}: " + "; ".join(parts) + ". Talk about why, not about the score."
    alt = "Three bar charts, one bar per round, each with a dashed reference line. " + " ".join(
        describe(r) for r in records
    )
    return Chart(
        fig,
        title,
        takeaway,
        alt,
        dashboard_table(records),
        ["Data: the observer's tallies and talk timer.", REFERENCE_NOTE],
    )
