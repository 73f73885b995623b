"""Export a learner's saved work: Markdown and a self-contained HTML page to hand in, JSON for
the instructor's class dashboard (:mod:`partnerkit.classroom`).

The JSON export format (``"format": "partnerkit-export"``, ``"version": 2``)::

    {
      "format": "partnerkit-export",   # always this string
      "version": 2,                    # bumped when a field changes meaning or is added
      "kit_version": "0.1.0",          # the partnerkit that wrote the file (information only)
      "learner": "Sam",                # the name or pseudonym the learner typed ("" = none)
      "exported": "2026-05-04T10:15:00+02:00",   # ISO 8601 with time zone
      "entries": {                     # the learner journal, key by key, unchanged
        "01.predict.outside_it": {"value": {...}, "saved": "2026-05-04T10:02:11+0200"}
      },
      "journal_problems": []           # warnings met while reading the journal (may be absent)
    }

Keys inside ``entries`` follow the journal key contract in ``docs/developing.md``. Readers
must ignore top-level fields they do not know. Version 2 adds fields inside entries (observer
rounds: best question, trust moment, pains ticked, timestamped events, mode; solo role-plays:
``moves`` and ``attempts``; the pre/post confidence check ``00.confidence`` and
``09.confidence``); a version-1 file has none of them and still loads (:data:`SUPPORTED_VERSIONS`).
The full description for instructors is ``instructor/export_format.md``.

All learner text is escaped in both human-readable formats: HTML through ``html.escape``
(and the page carries a Content-Security-Policy that forbids scripts and remote files), and
Markdown by backslash-escaping Markdown punctuation and writing ``<``, ``>``, ``&`` as
entities, so a Markdown viewer that allows raw HTML shows the text instead of running it.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__, data
from .data import DataError
from .journal import Journal, journal
from .learner_text import strip_bidi_controls

FORMAT = "partnerkit-export"
VERSION = 2
SUPPORTED_VERSIONS = (1, 2)  # every reader of an entry treats a missing version-2 field as absent
NAME_KEY = "09.export.name"  # the learner's chosen name, kept in the journal
MAX_NAME = 80
REQUIRED_FIELDS = ("format", "version", "learner", "exported", "entries")
TITLE = "My work: Partnering with the Business"


class ExportError(DataError):
    """An export file does not follow the export format (names the file, field and fix)."""


# --------------------------------------------------------------------------- the document


def now_iso() -> str:
    return _dt.datetime.now(_dt.UTC).astimezone().isoformat(timespec="seconds")


def clean_name(name: Any) -> str:
    """The learner's name as typed, trimmed to one line of at most MAX_NAME characters."""
    text = " ".join(str(name or "").split())
    return text[:MAX_NAME]


def collect(
    journal_: Journal | None = None, learner: str | None = None, *, now: str | None = None
) -> dict[str, Any]:
    """Build the export document (the JSON structure above) from the learner journal.

    ``learner`` defaults to the name saved under :data:`NAME_KEY`.
    """
    j = journal_ or journal()
    entries = j.load()
    if learner is None:
        saved = entries.get(NAME_KEY, {})
        learner = saved.get("value", "") if isinstance(saved, dict) else ""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "kit_version": __version__,
        "learner": clean_name(learner),
        "exported": now or now_iso(),
        "entries": {k: entries[k] for k in sorted(entries, key=sort_key) if k != NAME_KEY},
    }
    if j.problems:
        doc["journal_problems"] = list(j.problems)
    return doc


def validate(doc: Any, source: str | Path = "export") -> dict[str, Any]:
    """Check that ``doc`` follows the export format; raise :class:`ExportError` if not."""
    fix_export = "ask the learner to export again from notebook 09 (Export your work)"
    if not isinstance(doc, dict):
        raise ExportError(source, "the file is not a JSON object", fix_export)
    if doc.get("format") != FORMAT:
        found = doc.get("format", "no 'format' field")
        raise ExportError(
            source,
            f"wrong format: expected {FORMAT!r}, found {found!r}",
            "only partnerkit exports can be read; " + fix_export,
            column="format",
        )
    for name in REQUIRED_FIELDS:
        if name not in doc:
            raise ExportError(source, f"missing field {name!r}", fix_export, column=name)
    version = doc["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise ExportError(
            source, f"version {version!r} is not a whole number", fix_export, column="version"
        )
    if version not in SUPPORTED_VERSIONS:
        newer = version > max(SUPPORTED_VERSIONS)
        raise ExportError(
            source,
            f"export format version {version} is not supported (this kit reads "
            f"{', '.join(map(str, SUPPORTED_VERSIONS))})",
            "update the kit (git pull) to read it" if newer else fix_export,
            column="version",
        )
    if not isinstance(doc["learner"], str):
        raise ExportError(source, "'learner' is not text", fix_export, column="learner")
    if not isinstance(doc["exported"], str) or _parse_time(doc["exported"]) is None:
        raise ExportError(
            source,
            f"'exported' is not an ISO date and time: {str(doc['exported'])[:40]!r}",
            fix_export,
            column="exported",
        )
    entries = doc["entries"]
    if not isinstance(entries, dict):
        raise ExportError(source, "'entries' is not an object", fix_export, column="entries")
    for key, entry in entries.items():
        if not isinstance(entry, dict) or "value" not in entry:
            raise ExportError(
                source,
                f"entry {str(key)[:60]!r} has no 'value'",
                fix_export,
                column=f"entries.{str(key)[:60]}",
            )
    return doc


def _parse_time(text: str) -> _dt.datetime | None:
    try:
        return _dt.datetime.fromisoformat(text)
    except ValueError:
        return None


# --------------------------------------------------------------------------- ordering


def sort_key(key: str) -> tuple:
    """Notebook keys first in notebook order, then exercises, then anything else."""
    m = re.match(r"^(\d+)\.", key)
    if m:
        return (0, int(m.group(1)), key)
    if key.startswith("ex"):
        return (1, 0, key)
    return (2, 0, key)


def group_of(key: str) -> str:
    m = re.match(r"^(\d+)\.", key)
    if m:
        return f"Notebook {m.group(1)}"
    if key.startswith("ex"):
        return "Exercises"
    return "Other saved answers"


# --------------------------------------------------------------------------- rendering model
# A section is a title plus blocks; every string in a block is plain text (escaped on output).


@dataclass
class Section:
    key: str
    title: str
    saved: str = ""
    blocks: list[tuple[str, Any]] = field(default_factory=list)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:g}"
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _label(name: Any) -> str:
    text = str(name).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _generic_blocks(value: Any) -> list[tuple[str, Any]]:
    """Any JSON value as readable blocks (used for keys the kit does not know)."""
    if isinstance(value, dict):
        if not value:
            return [("p", "(empty)")]
        return [("table", (["Field", "Value"], [[_label(k), _text(v)] for k, v in value.items()]))]
    if isinstance(value, list):
        if not value:
            return [("p", "(empty list)")]
        if all(isinstance(v, dict) for v in value):
            cols: list[str] = []
            for v in value:
                cols += [str(k) for k in v if str(k) not in cols]
            if len(cols) <= 8:
                rows = [[_text(v.get(c, "")) for c in cols] for v in value]
                return [("table", ([_label(c) for c in cols], rows))]
        return [("list", [_text(v) for v in value])]
    if isinstance(value, str) and ("\n" in value or len(value) > 80):
        return [("quote", value)]
    return [("p", _text(value))]


def _predict(key: str, value: Any) -> Section:
    name = key.split(".predict.", 1)[1]
    sec = Section(key, f"Prediction: {_label(name)}")
    guess = value["guess"]
    stat_id = str(value.get("stat_id", ""))
    try:
        s = data.stat(stat_id)
    except (KeyError, DataError):
        s = None
    pct = "%" if s is not None and s.is_percent else ""
    sec.blocks.append(("p", f"Your guess: {_text(guess)}{pct}."))
    if s is not None:
        sec.blocks.append(("p", f"The sourced figure: {s.formatted()} ({s.unit}, {s.year})."))
        sec.blocks.append(("p", s.source_line()))
    elif "actual" in value:
        sec.blocks.append(("p", f"The figure shown at the time: {_text(value['actual'])}."))
    return sec


def _table_of(value: dict, order: tuple[str, ...], head: tuple[str, str]) -> tuple[str, Any]:
    keys = [k for k in order if k in value] + [k for k in value if k not in order]
    return ("table", (list(head), [[_label(k), _text(value[k])] for k in keys]))


def _levers(key: str, value: Any) -> Section:
    order = ("alignment", "transparency", "accountability", "partnership")
    if not isinstance(value, dict):
        raise TypeError
    sec = Section(key, "Four levers: your self-assessment (1 = weak, 5 = strong)")
    sec.blocks.append(_table_of(value, order, ("Lever", "Your score")))
    return sec


def _trust(key: str, value: Any) -> Section:
    order = ("credibility", "reliability", "intimacy", "self_orientation")
    if not isinstance(value, dict):
        raise TypeError
    sec = Section(key, "Trust equation: your ratings")
    sec.blocks.append(_table_of(value, order, ("Factor", "Your rating")))
    try:
        c, r, i, s = (float(value[k]) for k in order)
        if s > 0:
            sec.blocks.append(
                ("p", f"Trust = (credibility + reliability + intimacy) / self-orientation "
                      f"= {(c + r + i) / s:.1f}")
            )  # fmt: skip
    except (KeyError, TypeError, ValueError):
        pass
    return sec


def _draft(key: str, value: Any) -> Section:
    if not isinstance(value, str):
        raise TypeError
    return Section(key, "Jargon translator: your rewritten update", blocks=[("quote", value)])


def _exit_ticket(key: str, value: Any) -> Section:
    if not isinstance(value, dict):
        raise TypeError
    labels = {
        "who": "Who I will talk to",
        "when": "When",
        "listen_for": "What I will listen for",
        "promise": "The promise I will keep",
    }
    sec = Section(key, "Exit ticket: my first partnership conversation")
    rows = [[labels[k], _text(value.get(k, ""))] for k in labels if k in value]
    rows += [
        [_label(k), _text(v)] for k, v in value.items() if k not in labels and k != "questions"
    ]
    sec.blocks.append(("table", (["", "My plan"], rows)))
    questions = value.get("questions")
    if isinstance(questions, list) and questions:
        sec.blocks.append(("p", "Questions I will ask:"))
        sec.blocks.append(("list", [_text(q) for q in questions]))
    return sec


def _coach(key: str, value: Any) -> Section:
    if not isinstance(value, list):
        raise TypeError
    sec = Section(key, "Question coach: your questions")
    rows = []
    for item in value:
        if isinstance(item, dict):
            flags = item.get("flags") or []
            flags = ", ".join(map(_text, flags)) if isinstance(flags, list) else _text(flags)
            rows.append([_text(item.get("text", "")), _text(item.get("form", "")), flags or "none"])
        else:
            rows.append([_text(item), "", ""])
    sec.blocks.append(("table", (["Question", "Form", "Coach's flags"], rows)))
    return sec


def _observer(key: str, value: Any) -> Section:
    if not isinstance(value, list):
        raise TypeError
    sec = Section(key, "Observer board: rounds")
    for n, rnd in enumerate(value, 1):
        if not isinstance(rnd, dict):
            sec.blocks += [("p", f"Round {n}")] + _generic_blocks(rnd)
            continue
        head = f"Round {_text(rnd.get('round', n))}"
        if rnd.get("scenario"):
            head += f" ({_text(rnd['scenario'])})"
        sec.blocks.append(("p", head))
        roles = [
            [_label(r), _text(rnd[r])] for r in ("interviewer", "client", "observer") if rnd.get(r)
        ]
        if roles:
            sec.blocks.append(("table", (["Role", "Who"], roles)))
        for part, head_ in (("counts", "What the observer counted"), ("metrics", "Measures")):
            if isinstance(rnd.get(part), dict) and rnd[part]:
                rows = [[_label(k), _text(v)] for k, v in rnd[part].items()]
                sec.blocks.append(("table", ([head_, ""], rows)))
        for part, head_ in (("worked", "Two things that worked"), ("to_change", "Two to change")):
            items = rnd.get(part)
            if isinstance(items, list) and any(items):
                sec.blocks += [("p", head_), ("list", [_text(i) for i in items if i])]
        for part, head_ in (
            ("best_question", "The best question, word for word"),
            ("trust_moment", "One trust moment"),
        ):
            if isinstance(rnd.get(part), str) and rnd[part].strip():
                sec.blocks += [("p", head_), ("quote", rnd[part])]
        pains = rnd.get("pains_found")
        if isinstance(pains, list) and rnd.get("pains_total"):
            found = ", ".join(map(_text, pains)) or "none"
            sec.blocks.append(
                ("p", f"Pains ticked: {len(pains)} of {_text(rnd['pains_total'])} ({found}).")
            )
        events = rnd.get("events")
        if isinstance(events, list) and events and all(isinstance(e, dict) for e in events):
            rows = [[_clock(e.get("at")), _event_name(e.get("what"))] for e in events]
            sec.blocks.append(("table", (["Time (min:s)", "Event"], rows)))
        shown = {"round", "scenario", "interviewer", "client", "observer", "counts", "metrics",
                 "worked", "to_change", "best_question", "trust_moment", "pains_found",
                 "pains_total", "events"}  # fmt: skip
        rest = {k: v for k, v in rnd.items() if k not in shown}
        if rest:
            sec.blocks += _generic_blocks(rest)
    return sec


def _clock(seconds: Any) -> str:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds != seconds:
        return _text(seconds)
    whole = int(max(0, min(seconds, 10**7)))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def _event_name(what: Any) -> str:
    from .roleplay.observer import event_label

    return event_label(what) if isinstance(what, str) else _text(what)


def _solo(key: str, value: Any) -> Section:
    if not isinstance(value, dict):
        raise TypeError
    scenario = key.split(".", 2)[2] if key.count(".") >= 2 else key
    sec = Section(key, f"Solo role-play: {_label(scenario)}")
    rows = []
    if "ending" in value:
        rows.append(["Ending", _text(value["ending"])])
    if "relationship" in value:
        rows.append(["Relationship reached", _text(value["relationship"])])
    if "pains_found" in value:
        found, total = _text(value["pains_found"]), _text(value.get("pains_total", "?"))
        rows.append(["Pain points found", f"{found} of {total}"])
    trust = value.get("trust")
    if isinstance(trust, dict):
        rows += [[f"Trust: {_label(k)}", _text(v)] for k, v in trust.items()]
    known = {"ending", "relationship", "pains_found", "pains_total", "trust", "path"}
    moves, attempts = value.get("moves"), value.get("attempts")
    tabled = isinstance(moves, list) and all(isinstance(m, dict) for m in moves)
    listed = isinstance(attempts, list) and all(isinstance(a, dict) for a in attempts)
    known |= {"moves"} if tabled else set()
    known |= {"attempts"} if listed else set()
    rows += [[_label(k), _text(v)] for k, v in value.items() if k not in known]
    sec.blocks.append(("table", (["", "Result"], rows)))
    path = value.get("path")
    if isinstance(path, list) and path:
        sec.blocks.append(("p", "Your path: " + " → ".join(map(_text, path))))
    if tabled and moves:
        head = ["Step", "Node", "Move", "Grade", "Typed"]
        body = [
            [str(n), _text(m.get("node", "")), _text(m.get("option", "")),
             _text(m.get("grade", "")), "yes" if m.get("typed") else "no"]
            for n, m in enumerate(moves, 1)
        ]  # fmt: skip
        sec.blocks += [("p", "Your moves (latest attempt):"), ("table", (head, body))]
    if listed and attempts:
        head = ["Attempt", "Finished", "Relationship reached", "Pain points found"]
        body = [
            [_text(a.get("number", n)), _text(a.get("finished", "")),
             _text(a.get("relationship", "")),
             f"{_text(a.get('pains_found', '?'))} of {_text(a.get('pains_total', '?'))}"]
            for n, a in enumerate(attempts, 1)
        ]  # fmt: skip
        sec.blocks += [("p", "Every attempt, oldest first:"), ("table", (head, body))]
    return sec


def _common_ground(key: str, value: Any) -> Section:
    if not isinstance(value, dict):
        raise TypeError
    pack = key.split(".", 2)[2] if key.count(".") >= 2 else key
    sec = Section(key, f"Common ground: {_label(pack)}")
    score = value.get("score")
    if isinstance(score, dict) and "correct" in score and "total" in score:
        line = f"Filed as in the key: {_text(score['correct'])} of {_text(score['total'])}."
        if "conflict_named" in score:
            line += f" Real conflict named: {_text(bool(score['conflict_named']))}."
        sec.blocks.append(("p", line))
    if isinstance(value.get("found"), dict) and value["found"]:
        rows = [[_label(k), _label(v) if v else "(not filed)"] for k, v in value["found"].items()]
        sec.blocks.append(("table", (["Interest", "You filed it as"], rows)))
    elif "found" in value:
        sec.blocks += _generic_blocks(value["found"])
    for k, v in value.items():
        if k not in ("found", "score"):
            sec.blocks.append(("p", _label(k)))
            sec.blocks += _generic_blocks(v)
    return sec


def _confidence(key: str, value: Any) -> Section:
    from . import confidence as conf

    if not isinstance(value, dict) or not isinstance(value.get("ratings"), dict):
        raise TypeError
    chk = conf.check()
    when = "before the kit" if key == conf.PRE_KEY else "after the kit"
    sec = Section(key, f"Confidence check ({when}): {chk.minimum} = {chk.low.lower()}, "
                       f"{chk.maximum} = {chk.high.lower()}")  # fmt: skip
    known = {i.id: i.text for i in chk.items}
    rows = [[known.get(k, _label(k)), _text(v)] for k, v in value["ratings"].items()]
    sec.blocks.append(("table", (["Statement", "Your rating"], rows)))
    return sec


def _view(key: str, value: Any) -> Section:
    if not isinstance(value, str):
        raise TypeError
    explorer = key.split(".")[1]
    return Section(key, f"Chart view you chose ({_label(explorer)})", blocks=[("p", value)])


RENDERERS: list[tuple[re.Pattern, Callable[[str, Any], Section]]] = [
    (re.compile(r"^\w+\.predict\.[^.]+$"), _predict),
    (re.compile(r"^\d+\.levers$"), _levers),
    (re.compile(r"^\d+\.trust$"), _trust),
    (re.compile(r"^\d+\.translator\.draft$"), _draft),
    (re.compile(r"^\d+\.exit_ticket$"), _exit_ticket),
    (re.compile(r"^\d+\.confidence$"), _confidence),
    (re.compile(r"^ex\.coach\.questions$"), _coach),
    (re.compile(r"^ex\.observer\.rounds$"), _observer),
    (re.compile(r"^ex\.solo\.[^.]+$"), _solo),
    (re.compile(r"^ex\.common_ground\.[^.]+$"), _common_ground),
    (re.compile(r"^\d+\.[a-z_]+\.view$"), _view),
]


def section_for(key: str, entry: Any) -> Section:
    """How one journal entry is shown; unknown keys or unexpected shapes render generically."""
    value = entry.get("value") if isinstance(entry, dict) else entry
    saved = entry.get("saved", "") if isinstance(entry, dict) else ""
    for pattern, render in RENDERERS:
        if pattern.match(key):
            try:
                sec = render(key, value)
            except (KeyError, TypeError, ValueError, AttributeError, IndexError):
                break  # unexpected shape: fall back to the generic view
            sec.saved = _text(saved) if saved else ""
            return sec
    return Section(
        key, f"Saved answer: {key}", _text(saved) if saved else "", _generic_blocks(value)
    )


def sections(doc: dict[str, Any]) -> list[tuple[str, list[Section]]]:
    """Sections grouped by notebook / exercises, in kit order."""
    groups: dict[str, list[Section]] = {}
    for key in sorted(doc.get("entries", {}), key=sort_key):
        groups.setdefault(group_of(key), []).append(section_for(key, doc["entries"][key]))
    return list(groups.items())


# --------------------------------------------------------------------------- Markdown

_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#+=-])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")


def md_escape(text: Any, block: bool = True) -> str:
    """Plain text safe inside Markdown: no formatting, links or raw HTML take effect.

    ``& < >`` become entities (so raw HTML is shown, never run), inline markup characters
    are backslash-escaped everywhere, and block markers (``#``, ``-``, ``1.``) only at the
    start of a line (``block=False``: never, for text placed after a marker or in a table
    cell), so ordinary sentences stay readable in the .md file itself.
    """
    s = strip_bidi_controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_INLINE.sub(r"\\\1", s)
    if not block:  # inside a table cell or after a list marker: no block syntax can start
        return s
    lines = (_MD_LINE_START.sub(r"\1\\\2", line) for line in s.split("\n"))
    return "\n".join(_MD_ORDERED.sub(r"\1\\\2", line) for line in lines)


def _md_cell(text: Any) -> str:
    return md_escape(text, block=False).replace("\r", "").replace("\n", "<br>")


def _md_blocks(blocks: list[tuple[str, Any]]) -> list[str]:
    out: list[str] = []
    for kind, payload in blocks:
        if kind == "p":
            out += [md_escape(payload), ""]
        elif kind == "quote":
            lines = str(payload).splitlines() or [""]
            out += ["> " + md_escape(line) if line.strip() else ">" for line in lines] + [""]
        elif kind == "list":
            # a list item holds blocks ("- # x" is a heading): escape its line starts too
            out += ["- " + md_escape(i).replace("\r", "").replace("\n", "<br>") for i in payload]
            out.append("")
        elif kind == "table":
            head, rows = payload
            out.append("| " + " | ".join(_md_cell(h) for h in head) + " |")
            out.append("|" + "---|" * len(head))
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
            out.append("")
    return out


def to_markdown(doc: dict[str, Any]) -> str:
    lines = [f"# {TITLE}", ""]
    lines += [f"- Learner: {_md_cell(doc.get('learner') or '(no name given)')}"]
    lines += [f"- Exported: {_md_cell(doc.get('exported', ''))}"]
    lines += [f"- Kit version: {_md_cell(doc.get('kit_version', ''))}", ""]
    for problem in doc.get("journal_problems", []):
        lines += [f"> Note: {md_escape(problem)}", ""]
    groups = sections(doc)
    if not groups:
        lines += ["No saved answers yet: work through the notebooks, then export again.", ""]
    for group, secs in groups:
        lines += [f"## {md_escape(group)}", ""]
        for sec in secs:
            lines += [f"### {md_escape(sec.title)}", ""]
            lines += _md_blocks(sec.blocks)
            if sec.saved:
                lines += [f"*Saved {md_escape(sec.saved)}*", ""]
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- HTML

CSS = """
body{font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#222;max-width:56rem;
margin:2rem auto;padding:0 1rem}
h1{font-size:1.8rem}h2{border-bottom:2px solid #0072B2;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.15rem;margin-bottom:.3rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #999;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#eef4fa}blockquote{border-left:4px solid #E69F00;margin:.5rem 0;padding:.2rem 1rem;
white-space:pre-wrap;background:#fdf8ee}.pk-saved{color:#555;font-size:.9rem}
.pk-meta{list-style:none;padding:0}.pk-note{background:#fff3cd;padding:.5rem 1rem}
td,th,blockquote,p,li{overflow-wrap:anywhere}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _e(text: Any) -> str:
    # the .html copy is read in a browser: bidi controls removed (the .json keeps them)
    return html.escape(strip_bidi_controls(text), quote=True)


def _html_blocks(blocks: list[tuple[str, Any]]) -> str:
    out: list[str] = []
    for kind, payload in blocks:
        if kind == "p":
            out.append(f"<p>{_e(payload)}</p>")
        elif kind == "quote":
            out.append(f"<blockquote>{_e(payload)}</blockquote>")
        elif kind == "list":
            out.append("<ul>" + "".join(f"<li>{_e(i)}</li>" for i in payload) + "</ul>")
        elif kind == "table":
            head, rows = payload
            th = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
            body = "".join(
                "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows
            )
            out.append(f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>")
    return "\n".join(out)


def body_html(doc: dict[str, Any]) -> str:
    """The export's content as an HTML fragment (also used for the in-notebook preview)."""
    parts = [
        '<ul class="pk-meta">',
        f"<li><strong>Learner:</strong> {_e(doc.get('learner') or '(no name given)')}</li>",
        f"<li><strong>Exported:</strong> {_e(doc.get('exported', ''))}</li>",
        f"<li><strong>Kit version:</strong> {_e(doc.get('kit_version', ''))}</li>",
        "</ul>",
    ]
    for problem in doc.get("journal_problems", []):
        parts.append(f'<p class="pk-note">Note: {_e(problem)}</p>')
    groups = sections(doc)
    if not groups:
        parts.append("<p>No saved answers yet: work through the notebooks, then export again.</p>")
    for group, secs in groups:
        parts.append(f"<section><h2>{_e(group)}</h2>")
        for sec in secs:
            parts.append(f"<h3>{_e(sec.title)}</h3>")
            parts.append(_html_blocks(sec.blocks))
            if sec.saved:
                parts.append(f'<p class="pk-saved">Saved {_e(sec.saved)}</p>')
        parts.append("</section>")
    return "\n".join(parts)


def to_html(doc: dict[str, Any]) -> str:
    """A self-contained page: inline CSS, no scripts, no remote files (enforced by its CSP)."""
    who = doc.get("learner") or "learner"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(TITLE)} ({_e(who)})</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<main>\n<h1>{_e(TITLE)}</h1>\n{body_html(doc)}\n</main>\n</body>\n</html>\n"
    )


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class ExportFiles:
    markdown: Path
    html: Path
    json: Path

    def __iter__(self):
        return iter((self.markdown, self.html, self.json))


def slug(name: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:40].strip("-")
    return s or "learner"


def write_exports(doc: dict[str, Any], folder: str | Path = "exports") -> ExportFiles:
    """Write the three files into ``folder`` (created if needed) and return their paths.

    Each file is written to a temporary name first and then renamed, so a half-written file
    never carries the final name.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (_parse_time(doc["exported"]) or _dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    stem = f"partnerkit-{slug(doc.get('learner', ''))}-{stamp}"
    files = ExportFiles(folder / f"{stem}.md", folder / f"{stem}.html", folder / f"{stem}.json")
    for path, text in zip(files, (to_markdown(doc), to_html(doc), to_json(doc)), strict=True):
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return files


MEDIA_TYPES = {".md": "text/markdown", ".html": "text/html", ".json": "application/json"}


def data_uri(path: Path) -> str:
    """A ``data:`` address for a download link that works in JupyterLab, Voila and Binder."""
    media = MEDIA_TYPES.get(path.suffix, "application/octet-stream")
    payload = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{media};charset=utf-8;base64,{payload}"


def export_work(
    learner: str | None = None, folder: str | Path = "exports", journal_: Journal | None = None
) -> tuple[dict[str, Any], ExportFiles]:
    """Collect the journal and write all three export files (what the export button does)."""
    doc = collect(journal_, learner)
    return doc, write_exports(doc, folder)
