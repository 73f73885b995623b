"""The anchored rubric for a discovery conversation, and the calibration transcripts.

* ``data/rubric.yaml``: criteria (question quality, listening, pains found, the next step),
  four levels each, every level a list of observable anchors;
* ``instructor/calibration/<scenario>.yaml``: weak, medium and strong transcripts with the
  scores an experienced instructor gives and why (instructor material: they reveal a client's
  confidential pains).

Both are checked when loaded (a :class:`partnerkit.data.DataError` names file, line, field and
fix) and rendered into the instructor guide (``python -m partnerkit.guide``), the calibration
pages next to the transcripts, and the printable rubric (``make handouts``).
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path

from .data import data_dir
from .sessions import _Doc, kit_root

LEVELS = (1, 2, 3, 4)
SPEAKERS = ("partner", "client")
TRANSCRIPT_LEVELS = ("weak", "medium", "strong")
TIERS = ("volunteered", "probe", "trust")


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    looks_at: str
    support: str
    levels: dict[int, tuple[str, ...]]


@dataclass(frozen=True)
class Rubric:
    title: str
    scale: dict[int, str]
    use: str
    criteria: tuple[Criterion, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)


def _flat(text: str) -> str:
    return " ".join(text.split())


def rubric_path() -> Path:
    return data_dir() / "rubric.yaml"


def load_rubric(path: str | Path | None = None) -> Rubric:
    doc = _Doc(Path(path) if path is not None else rubric_path())
    top = doc.mapping(doc.data, "", ("title", "scale", "use", "criteria"))
    scale_raw = doc.mapping(top["scale"], "scale", LEVELS)
    scale = {lv: doc.text(scale_raw[lv], f"scale.{lv}") for lv in LEVELS}
    raw = top["criteria"]
    if not isinstance(raw, list) or len(raw) < 2:
        raise doc.error("criteria", "needs a list of criteria", "start each with '- id: ...'")
    criteria, seen = [], set()
    for i, c in enumerate(raw):
        f = f"criteria[{i}]"
        m = doc.mapping(c, f, ("id", "name", "looks_at", "levels"), ("support",))
        cid = doc.slug(m["id"], f"{f}.id", "criterion id")
        if cid in seen:
            raise doc.error(f"{f}.id", f"criterion id {cid!r} is used twice", "rename one")
        seen.add(cid)
        lv = doc.mapping(m["levels"], f"{f}.levels", LEVELS)
        levels = {
            n: tuple(_flat(a) for a in doc.text_list(lv[n], f"{f}.levels.{n}")) for n in LEVELS
        }
        criteria.append(
            Criterion(
                cid,
                doc.text(m["name"], f"{f}.name"),
                _flat(doc.text(m["looks_at"], f"{f}.looks_at")),
                _flat(doc.text(m["support"], f"{f}.support")) if m.get("support") else "",
                levels,
            )
        )
    return Rubric(
        doc.text(top["title"], "title"), scale, _flat(doc.text(top["use"], "use")), tuple(criteria)
    )


# --------------------------------------------------------------------------- transcripts


@dataclass(frozen=True)
class Turn:
    who: str
    say: str


@dataclass(frozen=True)
class Score:
    level: int
    why: str


@dataclass(frozen=True)
class Transcript:
    id: str
    level: str
    title: str
    turns: tuple[Turn, ...]
    pains_found: tuple[str, ...]
    scores: dict[str, Score]
    coach_notes: dict[int, str]

    def partner_turns(self) -> list[tuple[int, str]]:
        """(1-based turn number, words) of every IT-partner turn."""
        return [(i, t.say) for i, t in enumerate(self.turns, start=1) if t.who == "partner"]

    @property
    def total(self) -> int:
        return sum(s.level for s in self.scores.values())


@dataclass(frozen=True)
class Calibration:
    path: Path
    scenario: str
    setting: str
    pains: dict[str, tuple[str, str]]  # id -> (tier, text)
    constraint: str
    transcripts: tuple[Transcript, ...]


def calibration_dir() -> Path:
    env = os.environ.get("PARTNERKIT_CALIBRATION")
    return Path(env) if env else kit_root() / "instructor" / "calibration"


def calibration_paths(folder: str | Path | None = None) -> list[Path]:
    return sorted(Path(folder or calibration_dir()).glob("*.yaml"))


def load_calibration(path: str | Path, rubric: Rubric | None = None) -> Calibration:
    rubric = rubric or load_rubric()
    doc = _Doc(Path(path))
    top = doc.mapping(
        doc.data, "", ("scenario", "setting", "pains", "transcripts"), ("constraint",)
    )
    pains: dict[str, tuple[str, str]] = {}
    if not isinstance(top["pains"], list) or not top["pains"]:
        raise doc.error("pains", "needs a list of pains", "start each with '- id: ...'")
    for i, p in enumerate(top["pains"]):
        m = doc.mapping(p, f"pains[{i}]", ("id", "tier", "text"))
        pid = doc.slug(m["id"], f"pains[{i}].id", "pain id")
        pains[pid] = (
            doc.choice(m["tier"], f"pains[{i}].tier", TIERS, "tier"),
            _flat(doc.text(m["text"], f"pains[{i}].text")),
        )
    transcripts, seen = [], set()
    raw = top["transcripts"]
    if not isinstance(raw, list) or not raw:
        raise doc.error("transcripts", "needs a list of transcripts", "start with '- id: ...'")
    for i, t in enumerate(raw):
        f = f"transcripts[{i}]"
        m = doc.mapping(
            t,
            f,
            ("id", "level", "title", "turns", "pains_found", "scores"),
            ("coach_notes",),
        )
        tid = doc.slug(m["id"], f"{f}.id", "transcript id")
        if tid in seen:
            raise doc.error(f"{f}.id", f"transcript id {tid!r} is used twice", "rename one")
        seen.add(tid)
        if not isinstance(m["turns"], list) or len(m["turns"]) < 4:
            raise doc.error(f"{f}.turns", "needs at least four turns", "add '- who: partner'")
        turns = []
        for j, tr in enumerate(m["turns"]):
            tm = doc.mapping(tr, f"{f}.turns[{j}]", ("who", "say"))
            turns.append(
                Turn(
                    doc.choice(tm["who"], f"{f}.turns[{j}].who", SPEAKERS, "speaker"),
                    _flat(doc.text(tm["say"], f"{f}.turns[{j}].say")),
                )
            )
        found = m["pains_found"]
        if not isinstance(found, list):
            raise doc.error(f"{f}.pains_found", "should be a list of pain ids", "[id, id]")
        for j, pid in enumerate(found):
            doc.choice(pid, f"{f}.pains_found[{j}]", tuple(pains), "pain")
        sc = doc.mapping(m["scores"], f"{f}.scores", rubric.ids)
        scores = {}
        for cid in rubric.ids:
            s = doc.mapping(sc[cid], f"{f}.scores.{cid}", ("level", "why"))
            scores[cid] = Score(
                doc.choice(s["level"], f"{f}.scores.{cid}.level", LEVELS, "level"),
                _flat(doc.text(s["why"], f"{f}.scores.{cid}.why")),
            )
        notes: dict[int, str] = {}
        partner_numbers = [j for j, t in enumerate(turns, start=1) if t.who == "partner"]
        for k, v in (m.get("coach_notes") or {}).items():
            if k not in partner_numbers:
                raise doc.error(
                    f"{f}.coach_notes.{k}",
                    f"turn {k!r} is not an IT-partner turn",
                    f"use a partner turn number (counting from 1): {partner_numbers}",
                )
            notes[k] = _flat(doc.text(v, f"{f}.coach_notes.{k}"))
        transcripts.append(
            Transcript(
                tid,
                doc.choice(m["level"], f"{f}.level", TRANSCRIPT_LEVELS, "level"),
                doc.text(m["title"], f"{f}.title"),
                tuple(turns),
                tuple(found),
                scores,
                notes,
            )
        )
    return Calibration(
        Path(path),
        doc.slug(top["scenario"], "scenario", "scenario id"),
        _flat(doc.text(top["setting"], "setting")),
        pains,
        _flat(doc.text(top["constraint"], "constraint")) if top.get("constraint") else "",
        tuple(transcripts),
    )


def coach_flags(transcript: Transcript) -> dict[int, tuple[str, ...]]:
    """What the question coach flags on each IT-partner turn (only turns with flags)."""
    from .coach import analyse

    out = {}
    for n, words in transcript.partner_turns():
        flags = analyse(words).flag_names
        if flags:
            out[n] = flags
    return out


# --------------------------------------------------------------------------- rendering


def _md(text: str) -> str:
    return str(text).replace("|", "\\|")


def rubric_md(rubric: Rubric | None = None) -> str:
    r = rubric or load_rubric()
    lines = [f"**{r.title}.** {r.use}", ""]
    scale = ", ".join(f"{n} {r.scale[n]}" for n in LEVELS)
    lines += [f"Levels: {scale}. Each level lists what an observer can see or hear.", ""]
    for c in r.criteria:
        lines += [f"#### {c.name}", "", f"Looks at {c.looks_at}."]
        if c.support:
            lines += ["", f"*Aids:* {c.support}"]
        lines.append("")
        lines += ["| level | anchors |", "|---|---|"]
        for n in LEVELS:
            anchors = "<br>".join(f"\u2022 {_md(a)}" for a in c.levels[n])
            lines.append(f"| {n} {r.scale[n]} | {anchors} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def calibration_md(cal: Calibration, rubric: Rubric | None = None) -> str:
    """One calibration file as a page for instructors (instructor/calibration/<id>.md)."""
    r = rubric or load_rubric()
    names = {c.id: c.name for c in r.criteria}
    lines = [
        f"# Calibration transcripts: {cal.scenario}",
        "",
        "Generated from "
        f"`{cal.path.name}` by `python -m partnerkit.guide`; edit the YAML, not this page. "
        "Instructor material: the strong transcript reveals the client's confidential pains. "
        "Fictional people and company.",
        "",
        "Read a transcript, score it with the rubric "
        "([`data/rubric.yaml`](../../data/rubric.yaml), also in the guide and on the printed "
        "rubric), then compare with the scores below. Discuss every difference of more than one "
        "level before scoring live rounds.",
        "",
        f"**Setting.** {cal.setting}",
        "",
        "**The client's pains** (the transcripts tick these):",
        "",
        *[f"- `{pid}` ({tier}): {text}" for pid, (tier, text) in cal.pains.items()],
        "",
    ]
    if cal.constraint:
        lines += [f"**The client's constraint:** {cal.constraint}", ""]
    for t in cal.transcripts:
        lines += [f"## {t.level.capitalize()}: {t.title}", ""]
        for n, turn in enumerate(t.turns, start=1):
            who = "IT partner" if turn.who == "partner" else "Client"
            lines.append(f"{n}. **{who}:** {turn.say}")
        lines += ["", f"Pains found: {', '.join(f'`{p}`' for p in t.pains_found) or 'none'}.", ""]
        lines += ["| criterion | level | why |", "|---|---|---|"]
        for cid, s in t.scores.items():
            lines.append(f"| {names[cid]} | {s.level} {r.scale[s.level]} | {_md(s.why)} |")
        lines += ["", f"Total: {t.total} of {4 * len(t.scores)}.", ""]
        for n, note in t.coach_notes.items():
            lines += [f"*The question coach on turn {n}:* {note}", ""]
    return "\n".join(lines).rstrip() + "\n"


def calibration_summary_md() -> str:
    """The guide's table of calibration transcripts and their scores."""
    r = load_rubric()
    lines = []
    for path in calibration_paths():
        cal = load_calibration(path, r)
        head = "| transcript | " + " | ".join(c.name for c in r.criteria) + " | total |"
        lines += [
            f"[`calibration/{path.stem}.md`](calibration/{path.stem}.md) "
            f"({cal.scenario} scenario; source `calibration/{path.name}`):",
            "",
            head,
            "|---|" + "---|" * (len(r.criteria) + 1),
        ]
        for t in cal.transcripts:
            cells = " | ".join(str(t.scores[c].level) for c in r.ids)
            lines.append(f"| {t.level}: {t.title} | {cells} | {t.total} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_calibration_pages() -> list[Path]:
    r = load_rubric()
    out = []
    for path in calibration_paths():
        page = path.with_suffix(".md")
        text = calibration_md(load_calibration(path, r), r)
        if not page.exists() or page.read_text(encoding="utf-8") != text:
            page.write_text(text, encoding="utf-8")
        out.append(page)
    return out


RUBRIC_CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #111; background: #fff; margin: 0;
       line-height: 1.35; font-size: 10.5pt; }
main { max-width: 70rem; margin: 0 auto; padding: 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #333; padding: 0.35rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #eee; }
td ul { margin: 0; padding-left: 1.1rem; }
.pk-score { width: 7rem; }
@page { size: A4 landscape; margin: 10mm; }
@media print { .pk-noprint { display: none; } }
"""


def rubric_handout_html(rubric: Rubric | None = None) -> str:
    """The rubric as one printable landscape page with a column to write the level in."""
    r = rubric or load_rubric()
    e = html.escape
    head = "".join(f"<th scope='col'>{n} {e(r.scale[n])}</th>" for n in LEVELS)
    rows = []
    for c in r.criteria:
        cells = "".join(
            "<td><ul>" + "".join(f"<li>{e(a)}</li>" for a in c.levels[n]) + "</ul></td>"
            for n in LEVELS
        )
        rows.append(
            f"<tr><th scope='row'>{e(c.name)}<br><small>{e(c.looks_at)}</small></th>{cells}"
            "<td class='pk-score'>Level: ____<br><br>Words heard:</td></tr>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(r.title)}</title><style>{RUBRIC_CSS}</style></head><body><main>"
        f"<h1>{e(r.title)}</h1><p>{e(r.use)}</p>"
        "<p>Round ____ &nbsp; IT partner ____________ &nbsp; Scenario ____________</p>"
        f"<table><thead><tr><th scope='col'>Criterion</th>{head}"
        "<th scope='col'>Your score</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        "<p><small>Partnering with the Business. Written for this kit.</small></p>"
        "</main></body></html>\n"
    )
