"""Claim C12, the column's closing question as an exit ticket: "How will you start initiating
partnership conversations to help your clients?"

The learner writes a short plan: whom they will talk to, when, what they will listen for, the
promise they will keep, and three to five opening questions. :func:`check` gives explained,
formative feedback. Its rules are simple heuristics written for this kit (a coach, not a
grade): a day or date in "when", questions that end with "?", and open rather than yes/no
questions. Questions are read by the kit's question coach (:mod:`partnerkit.coach`, measured
against a labelled set) when it is available, else by a simpler first-word rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .jargon import find_jargon

try:  # the kit's question coach (exercises); optional here, with a simpler rule as fallback
    from . import coach as _coach
except Exception:  # pragma: no cover - depends on what is installed
    _coach = None

FIELDS = ("who", "when", "listen_for", "promise", "questions")
MIN_QUESTIONS, MAX_QUESTIONS = 3, 5
MAX_FIELD_CHARS = 5_000  # a plan is short; longer text is checked only this far

_DAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs"
    r"|fri|sat|sun"
)
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
WHEN_RE = re.compile(
    rf"\b(?:{_DAYS}|{_MONTHS}|today|tomorrow|tonight|next\s+(?:week|month)|this\s+(?:week|month)"
    r"|end\s+of\s+(?:the\s+)?(?:week|month)|within\s+\w+\s+(?:days?|weeks?)"
    r"|in\s+\w+\s+(?:days?|weeks?)|week\s+\d{1,2})\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\b"
    r"|\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)
# First words that make a question answerable with yes or no.
CLOSED_STARTERS = frozenset(
    "is are am was were do does did have has had can could will would shall should may might "
    "must isn't aren't wasn't weren't don't doesn't didn't haven't hasn't hadn't can't couldn't "
    "won't wouldn't shouldn't".split()
)
OPEN_STARTERS = frozenset(
    "what how why where when who which tell describe walk talk explain".split()
)
# "Could you tell me ..." is a polite request to talk: open.
_POLITE_OPEN = re.compile(
    r"^(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:tell|describe|walk|talk|explain|show"
    r"|help\s+me\s+understand|give\s+me\s+an\s+example)\b",
    re.IGNORECASE,
)
_PITCH = re.compile(
    r"\b(?:our|my)\s+(?:[\w-]+\s+){0,2}(?:solution|product|platform|tool)s?\b"
    r"|\bhave\s+you\s+(?:heard\s+of|seen\s+our)\b|\bwe\s+(?:can|could)\s+(?:build|offer|give|sell)\b",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"\b(?:don't\s+you\s+(?:think|agree)|wouldn't\s+you\s+(?:say|agree)|isn't\s+it|right\s*\?$"
    r"|surely|obviously)\b",
    re.IGNORECASE,
)
_VAGUE_WHO = re.compile(
    r"^(?:the\s+)?(?:business|everyone|everybody|clients?|customers?|users?|stakeholders?"
    r"|management|people|my\s+clients?|the\s+team|someone|tbd|n/?a)$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d{1,2}[.)])\s*")
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


@dataclass(frozen=True)
class Check:
    field: str  # one of FIELDS
    level: str  # "ok", "fix" (needed for a complete plan) or "tip" (worth considering)
    message: str


@dataclass(frozen=True)
class QuestionCheck:
    text: str
    kind: str  # "open", "closed" or "not a question"
    notes: tuple[str, ...]


def _text(value) -> str:
    return value[:MAX_FIELD_CHARS].strip() if isinstance(value, str) else ""


def parse_questions(value) -> list[str]:
    """One question per line (bullets and numbering removed); a list is taken as it is."""
    if isinstance(value, (list, tuple)):
        lines = [v for v in value if isinstance(v, str)]
    elif isinstance(value, str):
        lines = value[: MAX_FIELD_CHARS * 2].splitlines()
    else:
        lines = []
    out = []
    for line in lines:
        q = " ".join(_BULLET.sub("", line).split())
        if q:
            out.append(q[:MAX_FIELD_CHARS])
    return out


def _coach_reading(q: str) -> QuestionCheck | None:
    """The question coach's reading, if the coach is available and reads it as a question."""
    if _coach is None:
        return None
    try:
        fb = _coach.analyse(q)
        if not fb.is_question:
            return None
        kind = "open" if fb.is_open else "closed"
        notes = [] if kind == "open" else [fb.form_note]
        notes += [f"{f.title}: {f.reason} {f.hint}" for f in fb.flags]
        notes += list(fb.notes)
        return QuestionCheck(q, kind, tuple(n for n in notes if n))
    except Exception:  # never let the optional coach break the exit ticket
        return None


def classify_question(question: str, use_coach: bool = True) -> QuestionCheck:
    """Open, closed (yes/no) or not a question, with explained notes.

    A question must end with "?". Then the kit's question coach (:mod:`partnerkit.coach`)
    reads it when available; otherwise a simpler first-word rule does."""
    q = " ".join(question.split())
    if use_coach and q.endswith("?"):
        reading = _coach_reading(q)
        if reading is not None:
            return reading
    notes: list[str] = []
    words = _WORD.findall(q.lower().replace("\u2019", "'"))
    first = words[0] if words else ""
    if not q.endswith("?"):
        kind = "not a question"
        notes.append("Ends without \u201c?\u201d: is it a question, or a statement?")
    elif _POLITE_OPEN.match(q):
        kind = "open"
    elif first in CLOSED_STARTERS:
        kind = "closed"
        notes.append(
            f"Starts with \u201c{first}\u201d, so it can be answered yes or no. Try \u201cWhat"
            "\u2026\u201d, \u201cHow\u2026\u201d or \u201cTell me about\u2026\u201d to let "
            "them talk."
        )
        if re.search(r"\bor\b", q, re.IGNORECASE):
            notes.append("Offers a choice of answers; an open question lets them give their own.")
    else:
        kind = "open"
    if first == "why":
        notes.append(
            "\u201cWhy\u201d can sound like blame; \u201cWhat led to\u2026\u201d is gentler."
        )
    if _LEADING.search(q):
        notes.append("Sounds leading: it suggests the answer you want to hear.")
    if _PITCH.search(q):
        notes.append(
            "Talks about your solution. Keep the first conversation on their work: "
            "self-orientation lowers trust (notebook 05)."
        )
    for m in find_jargon(q)[:3]:
        notes.append(f"Uses IT jargon \u201c{m.found}\u201d: say \u201c{m.plain_meaning}\u201d.")
    if len(words) > 25:
        notes.append(f"Long ({len(words)} words): one short question at a time is easier.")
    return QuestionCheck(q, kind, tuple(notes))


def normalise(values: Mapping | None) -> dict:
    """A ticket in the journal's shape: four strings and a list of question strings."""
    values = values if isinstance(values, Mapping) else {}
    out = {f: (values.get(f) if isinstance(values.get(f), str) else "") for f in FIELDS[:4]}
    out["questions"] = parse_questions(values.get("questions"))
    return out


def check(values: Mapping | None, use_coach: bool = True) -> list[Check]:
    """Explained feedback on every part of the plan."""
    t = normalise(values)
    who, when, listen, promise = (_text(t[f]) for f in FIELDS[:4])
    out: list[Check] = []
    if not who:
        out.append(Check("who", "fix", "Name the person (or role) you will talk to first."))
    elif _VAGUE_WHO.match(who):
        out.append(
            Check(
                "who", "tip", f"\u201c{who}\u201d is broad. Name one person or role to start with."
            )
        )
    else:
        out.append(Check("who", "ok", "You know whom you will talk to."))
    if not when:
        out.append(Check("when", "fix", "Say when: a day or a date makes the plan real."))
    elif not WHEN_RE.search(when):
        out.append(
            Check(
                "when",
                "fix",
                "Add a day or a date (for example \u201cTuesday 10:00\u201d or \u201cby 14 "
                "May\u201d); \u201csoon\u201d tends to become \u201cnever\u201d.",
            )
        )
    else:
        out.append(Check("when", "ok", "There is a day or date to hold yourself to."))
    if len(_WORD.findall(listen)) < 3:
        out.append(
            Check(
                "listen_for",
                "fix",
                "Write at least a few words on what you will listen for, such as what slows "
                "their team down or what their customers complain about.",
            )
        )
    else:
        out.append(Check("listen_for", "ok", "You know what you will listen for."))
    if not promise:
        out.append(
            Check(
                "promise",
                "fix",
                "Write one small promise you will keep, such as sending a summary of the "
                "conversation the next day. Kept promises build reliability.",
            )
        )
    elif not WHEN_RE.search(promise) and not re.search(r"\bby\b|\bwithin\b", promise, re.I):
        out.append(
            Check(
                "promise",
                "tip",
                "Add when you will keep it (\u201cby Friday\u201d): easier to check.",
            )
        )
    else:
        out.append(Check("promise", "ok", "You have a promise you can keep and check."))
    qs = [classify_question(q, use_coach) for q in t["questions"]]
    if len(qs) < MIN_QUESTIONS:
        out.append(
            Check(
                "questions",
                "fix",
                f"Write {MIN_QUESTIONS} to {MAX_QUESTIONS} opening questions, one per line "
                f"(you have {len(qs)}).",
            )
        )
    elif len(qs) > MAX_QUESTIONS:
        out.append(
            Check(
                "questions",
                "tip",
                f"{len(qs)} questions: pick your best {MAX_QUESTIONS}, and leave time to listen.",
            )
        )
    not_q = [q for q in qs if q.kind == "not a question"]
    closed = [q for q in qs if q.kind == "closed"]
    open_ = [q for q in qs if q.kind == "open"]
    for q in not_q:
        out.append(Check("questions", "fix", f"\u201c{q.text}\u201d: {' '.join(q.notes)}"))
    for q in closed:
        out.append(Check("questions", "tip", f"\u201c{q.text}\u201d: {' '.join(q.notes)}"))
    for q in open_:
        level = "tip" if q.notes else "ok"
        msg = " ".join(q.notes) if q.notes else "an open question."
        out.append(Check("questions", level, f"\u201c{q.text}\u201d: {msg}"))
    if qs and len(open_) < MIN_QUESTIONS and len(qs) >= MIN_QUESTIONS:
        out.append(
            Check(
                "questions",
                "fix",
                f"Make at least {MIN_QUESTIONS} of your questions open (you have {len(open_)}), "
                "so your client does most of the talking.",
            )
        )
    return out


def ready(checks: list[Check]) -> bool:
    return not any(c.level == "fix" for c in checks)


def summary(checks: list[Check]) -> str:
    fixes = sum(c.level == "fix" for c in checks)
    tips = sum(c.level == "tip" for c in checks)
    if fixes:
        return f"Almost there: {fixes} thing{'s' if fixes != 1 else ''} to complete" + (
            f", and {tips} suggestion{'s' if tips != 1 else ''}." if tips else "."
        )
    if tips:
        return f"Your plan is complete. {tips} suggestion{'s' if tips != 1 else ''} to consider."
    return "Your plan is complete. Now put the date in your calendar."
