"""Printable role cards: offline HTML (one card per printed page) and Markdown.

Two sets, written to two separate folders:

* the **student set**: per scenario, one file per role. Each file holds the public brief and
  that role's card only - never another role's confidential card, never the instructor key;
* the **instructor set**: per scenario, every card in one file (to print a whole pack at
  once) and the key.

Every piece of text from a data file is escaped (``html.escape``) in both formats, so a stray
``<`` or an injected ``<script>`` prints as text. The HTML needs no network: the styles are
inline and there are no images, fonts or scripts.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..sessions import timing
from . import common_ground as cg
from .engine import expert_moves
from .loader import key_for, load_scenarios
from .model import RELATIONSHIP_LABELS, TIER_LABELS, Scenario, ScenarioKey

KIT = "Partnering with the Business"
ARROW = " \u2192 "
FICTION = "A fictional scenario written for this kit: every person, company and number is invented."


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    terms: tuple[tuple[str, str], ...] = ()  # (term, explanation), printed as a glossary list


@dataclass(frozen=True)
class Card:
    kind: str  # brief, client, it_partner, observer, key, role
    title: str
    audience: str
    sections: tuple[Section, ...]
    footer: str = FICTION
    confidential: bool = True


@dataclass
class Handout:
    """One file: a name (without extension), a document title and its cards, in order."""

    name: str
    title: str
    cards: list[Card] = field(default_factory=list)


# --------------------------------------------------------------------------- cards


# A scenario's own rule about solution talk is replaced by the one from data/timing.yaml.
SOLUTION_TALK_RULE = re.compile(r"\bsolution talk\b", re.IGNORECASE)


def talk_line(minutes: int) -> str:
    """The talk time as every printed brief states it (from data/timing.yaml)."""
    return (
        f"Talk time: you play the first {minutes} minutes of this meeting, the same in every "
        "group; then feedback."
    )


def brief_card(title: str, brief, summary: str = "", *, talk_minutes: int | None = None) -> Card:
    """The public brief. The talk time comes from ``data/timing.yaml`` (a scenario's own
    ``brief.time_minutes`` is ignored, so every printed card states the same time)."""
    minutes = talk_minutes if talk_minutes is not None else timing().talk_minutes
    sections = [
        Section("The setting", (brief.setting,)),
        Section("What has happened", (brief.situation,)),
        Section("The meeting", (brief.meeting, talk_line(minutes))),
    ]
    if brief.rules:
        sections.append(Section("Rules of play", items=brief.rules))
    return Card(
        "brief",
        f"{title}: the public brief",
        "Public brief: everyone reads this",
        tuple(sections),
        confidential=False,
    )


def client_card(s: Scenario) -> Card:
    c = s.client
    pains = []
    for p in c.pains:
        line = f"{TIER_LABELS[p.tier]}. What you say: \u201c{p.says}\u201d"
        if p.tier == "probe":
            line += f" Tell it only if the partner does this: {p.probe}"
        if p.tier == "trust":
            line += f" Until then, say: \u201c{p.guarded}\u201d"
        pains.append((p.summary, line))
    return Card(
        "client",
        f"Client card: {c.name}",
        f"Confidential: for the person playing {c.name} only",
        (
            Section("Who you are", (f"{c.name}, {c.role}, {c.organisation}.", c.personality)),
            Section("What you are measured on", items=c.kpis),
            Section(
                "Your pain points (do not read them out; answer in your own words)",
                terms=tuple(pains),
            ),
            Section("Your hidden constraint", (c.hidden_constraint,)),
            Section("How to reveal", items=c.reveal_rules),
        ),
    )


def partner_rules(s: Scenario) -> tuple[str, ...]:
    """The card's rules: the no-solution-talk rule from data/timing.yaml first, then the
    scenario's other rules (any rule of its own about solution talk is dropped)."""
    own = tuple(r for r in s.partner.rules if not SOLUTION_TALK_RULE.search(r))
    return (timing().no_solution_rule(), *own)


def partner_card(s: Scenario) -> Card:
    p = s.partner
    return Card(
        "it_partner",
        f"IT-partner card: {p.name}",
        "Confidential: for the person playing the IT partner only",
        (
            Section("Who you are", (f"{p.name}, {p.role}.", p.background)),
            Section("Your objectives", items=p.objectives),
            Section(
                "Your own interests",
                (
                    "These partly conflict with the client's. Do not hide them; do not lead "
                    "with them.",
                ),
                p.own_interests,
            ),
            Section("Your rules", items=partner_rules(s)),
        ),
    )


def observer_card(s: Scenario) -> Card:
    n = len(s.client.pains)
    return Card(
        "observer",
        "Observer card",
        "For the observer",
        (
            Section(
                "Your job",
                (
                    "Watch and count; do not speak until the time is up. Describe what you saw, "
                    "not what you think of the person.",
                    f"The client has {n} pain points. You do not know what they are: tick one "
                    "each time the client reveals a problem.",
                ),
            ),
            Section("Watch for", items=s.observer.watch_for),
            Section("Record", items=s.observer.record),
            Section(
                "Feedback afterwards, in this order",
                items=(
                    "The IT partner says how it felt.",
                    "Two things that worked: the IT partner, then the client, then you.",
                    "Two things to change: the IT partner, then the client, then you.",
                ),
            ),
        ),
        confidential=False,
    )


def key_card(s: Scenario, key: ScenarioKey) -> Card:
    pains = s.pains
    kp = tuple(
        (
            f"{pains[k.id].summary} ({pains[k.id].tier})",
            f"Why it matters: {k.why_it_matters} Surfaced by: {k.surfaced_by}",
        )
        for k in key.pains
    )
    moves = [f"{nid}: \u201c{opt.say}\u201d" for nid, opt in expert_moves(s)]
    end = s.nodes[key.ideal_path[-1]]
    fails = tuple(
        (f.name, f"{ARROW.join(f.path)}. {f.what_happens} Lesson: {f.lesson}")
        for f in key.failure_paths
    )
    ideal = (
        f"Path: {ARROW.join(key.ideal_path)}, ending as {RELATIONSHIP_LABELS[end.ending].lower()}.",
    )
    return Card(
        "key",
        f"Instructor key: {s.title}",
        "Instructor only: not for students",
        (
            Section("All pain points", terms=kp),
            Section("The client's hidden constraint", (s.client.hidden_constraint,)),
            Section(
                "The ideal path (solo client)",
                ideal + ((key.ideal_path_notes,) if key.ideal_path_notes else ()),
                tuple(moves),
            ),
            Section("Common failure paths", terms=fails),
            Section("Debrief questions", items=key.debrief),
        ),
    )


def cg_role_card(pack: cg.Pack, role: cg.Role) -> Card:
    labels = {t.id: t.label for t in pack.topics}
    return Card(
        "role",
        f"Role card: {role.name}",
        f"Confidential: for the person playing {role.name} only",
        (
            Section("Who you are", (f"{role.name}, {role.role}.", role.background)),
            Section("Your position (what you say you want at the start)", (role.position,)),
            Section(
                "Your interests (why you want it; share them only when asked)",
                terms=tuple((labels[i.topic], i.text) for i in role.interests),
            ),
            *((Section("Your rules", items=role.rules),) if role.rules else ()),
        ),
    )


def cg_key_card(pack: cg.Pack, key: cg.Key) -> Card:
    labels = {t.id: t.label for t in pack.topics}
    rows = tuple(
        (f"{labels[t]}: {cg.CATEGORY_LABELS[k.category]}", k.explanation)
        for t, k in key.topics.items()
    )
    return Card(
        "key",
        f"Instructor key: {pack.title}",
        "Instructor only: not for students",
        (
            Section("Every topic, filed", items=rows),
            Section("Debrief questions", items=key.debrief),
        ),
    )


# --------------------------------------------------------------------------- sets


def student_handouts(s: Scenario) -> list[Handout]:
    brief = brief_card(s.title, s.brief)
    return [
        Handout("brief", f"{s.title}: public brief", [brief]),
        Handout("client", f"{s.title}: client", [brief, client_card(s)]),
        Handout("it_partner", f"{s.title}: IT partner", [brief, partner_card(s)]),
        Handout("observer", f"{s.title}: observer", [brief, observer_card(s)]),
    ]


def instructor_handouts(s: Scenario, key: ScenarioKey) -> list[Handout]:
    brief = brief_card(s.title, s.brief)
    every = [brief, client_card(s), partner_card(s), observer_card(s)]
    return [
        Handout("all_cards", f"{s.title}: every card", [*every, key_card(s, key)]),
        Handout("key", f"{s.title}: instructor key", [key_card(s, key)]),
    ]


def cg_brief(pack: cg.Pack) -> Card:
    return brief_card(pack.title, pack.brief, talk_minutes=timing().cg_talk_minutes)


def cg_student_handouts(pack: cg.Pack) -> list[Handout]:
    brief = cg_brief(pack)
    return [Handout("brief", f"{pack.title}: public brief", [brief])] + [
        Handout(r.id, f"{pack.title}: {r.name}", [brief, cg_role_card(pack, r)]) for r in pack.roles
    ]


def cg_instructor_handouts(pack: cg.Pack, key: cg.Key) -> list[Handout]:
    brief = cg_brief(pack)
    cards = [brief, *(cg_role_card(pack, r) for r in pack.roles)]
    return [
        Handout("all_cards", f"{pack.title}: every card", [*cards, cg_key_card(pack, key)]),
        Handout("key", f"{pack.title}: instructor key", [cg_key_card(pack, key)]),
    ]


# --------------------------------------------------------------------------- rendering

CSS = """
@page { size: A4; margin: 16mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.4;
       color: #111; margin: 0 auto; max-width: 48rem; padding: 1rem; }
.card { border: 2px solid #333; border-radius: 6px; padding: 1rem 1.25rem; margin: 0 0 2rem;
        break-after: page; page-break-after: always; break-inside: auto; }
.card:last-of-type { break-after: auto; page-break-after: auto; }
.card h2 { font-size: 1.35rem; margin: 0.2rem 0 0.6rem; }
.card h3 { font-size: 1.05rem; margin: 0.9rem 0 0.3rem; }
dt { font-weight: bold; margin-top: 0.5rem; }
dd { margin: 0.1rem 0 0 1.2rem; }
.audience { font-weight: bold; text-transform: uppercase; letter-spacing: 0.04em;
            font-size: 0.85rem; margin: 0; padding: 0.2rem 0.5rem; display: inline-block;
            border: 1px solid #333; }
.confidential .audience { background: #111; color: #fff; }
.card footer { border-top: 1px solid #999; margin-top: 1rem; padding-top: 0.4rem;
               font-size: 0.8rem; color: #333; }
.doc-head { margin-bottom: 1rem; }
@media print { .doc-head { display: none; } .card { border: none; padding: 0; margin: 0; } }
"""


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def card_html(card: Card, index: int, prefix: str = "card") -> str:
    """One card as a ``<section>``; ``prefix`` keeps element ids unique on a shared page."""
    cid = f"{prefix}-{index}"
    parts = [
        f'<section class="card card-{_e(card.kind)}{" confidential" if card.confidential else ""}"'
        f' aria-labelledby="{cid}">',
        f'<p class="audience">{_e(card.audience)}</p>',
        f'<h2 id="{cid}">{_e(card.title)}</h2>',
    ]
    for sec in card.sections:
        parts.append(f"<h3>{_e(sec.heading)}</h3>")
        parts += [f"<p>{_e(p)}</p>" for p in sec.paragraphs]
        if sec.items:
            parts.append("<ul>" + "".join(f"<li>{_e(i)}</li>" for i in sec.items) + "</ul>")
        if sec.terms:
            parts.append(
                "<dl>"
                + "".join(f"<dt>{_e(t)}</dt><dd>{_e(d)}</dd>" for t, d in sec.terms)
                + "</dl>"
            )
    parts.append(f"<footer>{_e(KIT)} \u00b7 {_e(card.footer)}</footer></section>")
    return "\n".join(parts)


def render_html(handout: Handout) -> str:
    """A standalone, offline HTML page: one card per printed page."""
    body = "\n".join(card_html(c, i) for i, c in enumerate(handout.cards, start=1))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(handout.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header class="doc-head"><h1>{_e(handout.title)}</h1>'
        "<p>Print this page: each card starts on a new sheet.</p></header>\n"
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


PAGE_BREAK_MD = '<div style="break-after: page; page-break-after: always;"></div>'


def _m(text: str) -> str:
    """Escape for Markdown: HTML-escape, and keep a leading '#', '-' or '>' from being syntax."""
    out = html.escape(str(text), quote=False)
    if out[:1] in "#->+*":
        out = "\\" + out
    return out


def render_markdown(handout: Handout) -> str:
    chunks = [f"# {_m(handout.title)}"]
    for i, card in enumerate(handout.cards):
        if i:
            chunks.append(PAGE_BREAK_MD)
        chunks.append(f"## {_m(card.title)}\n\n**{_m(card.audience)}**")
        for sec in card.sections:
            chunks.append(f"### {_m(sec.heading)}")
            chunks += [_m(p) for p in sec.paragraphs]
            if sec.items:
                chunks.append("\n".join(f"- {_m(i)}" for i in sec.items))
            if sec.terms:
                chunks.append("\n".join(f"- **{_m(t)}**: {_m(d)}" for t, d in sec.terms))
        chunks.append(f"*{_m(KIT)} \u00b7 {_m(card.footer)}*")
    return "\n\n".join(chunks) + "\n"


def _index_html(title: str, links: Sequence[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{_e(href)}">{_e(text)}</a></li>' for href, text in links)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<main><h1>{_e(title)}</h1><ul>{items}</ul></main>\n</body>\n</html>\n"
    )


def _write(folder: Path, handouts: Sequence[Handout]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for h in handouts:
        for ext, text in (("html", render_html(h)), ("md", render_markdown(h))):
            path = folder / f"{h.name}.{ext}"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def build(
    out: str | Path = "build/cards",
    *,
    instructor: bool = False,
    instructor_out: str | Path | None = None,
    scenarios_folder: str | Path | None = None,
    packs_folder: str | Path | None = None,
    keys_folder: str | Path | None = None,
) -> dict[str, list[Path]]:
    """Write the student set to ``out`` and, with ``instructor``, the keys to a separate folder.

    Returns ``{"student": [...], "instructor": [...]}``, the paths written.
    """
    out = Path(out)
    scenarios = load_scenarios(scenarios_folder)
    packs = cg.load_packs(packs_folder)
    student: list[Path] = []
    links = []
    for s in scenarios.values():
        hs = student_handouts(s)
        student += _write(out / s.id, hs)
        links += [(f"{s.id}/{h.name}.html", h.title) for h in hs]
    for p in packs.values():
        hs = cg_student_handouts(p)
        student += _write(out / "common_ground" / p.id, hs)
        links += [(f"common_ground/{p.id}/{h.name}.html", h.title) for h in hs]
    (out / "index.html").write_text(_index_html("Role cards (student set)", links), "utf-8")
    student.append(out / "index.html")
    result = {"student": student, "instructor": []}
    if not instructor:
        return result
    iout = Path(instructor_out) if instructor_out else out.parent / f"{out.name}-instructor"
    o, i = out.resolve(), iout.resolve()
    if o == i or o in i.parents or i in o.parents:
        raise ValueError(
            f"the instructor folder {iout} must not be inside (or contain) the student folder "
            f"{out}: the keys would end up in the student set. Choose a separate folder."
        )
    keys = Path(keys_folder) if keys_folder else None
    ilinks = []
    for s in scenarios.values():
        hs = instructor_handouts(s, key_for(s, keys))
        result["instructor"] += _write(iout / s.id, hs)
        ilinks += [(f"{s.id}/{h.name}.html", h.title) for h in hs]
    for p in packs.values():
        hs = cg_instructor_handouts(p, cg.key_for(p, keys / "common_ground" if keys else None))
        result["instructor"] += _write(iout / "common_ground" / p.id, hs)
        ilinks += [(f"common_ground/{p.id}/{h.name}.html", h.title) for h in hs]
    (iout / "index.html").write_text(_index_html("Role cards (instructor set)", ilinks), "utf-8")
    result["instructor"].append(iout / "index.html")
    return result


SCREEN_CSS = """<style>
.pk-cards .card { border: 2px solid var(--jp-border-color0, #333); border-radius: 6px;
  padding: 0.8rem 1rem; margin: 0 0 1.2rem; max-width: 48rem; }
.pk-cards .audience { font-weight: bold; text-transform: uppercase; font-size: 0.85em;
  display: inline-block; border: 1px solid var(--jp-border-color0, #333);
  padding: 0.1rem 0.4rem; margin: 0; }
.pk-cards footer { border-top: 1px solid var(--jp-border-color1, #999); margin-top: 0.8rem;
  font-size: 0.85em; }
</style>"""


def public_briefs_html() -> str:
    """Every public brief (scenarios and packs) for a notebook; no confidential text."""
    cards = [brief_card(f"{s.function}: {s.title}", s.brief) for s in load_scenarios().values()]
    cards += [
        brief_card(f"Common ground: {p.title}", p.brief, talk_minutes=timing().cg_talk_minutes)
        for p in cg.load_packs().values()
    ]
    body = "".join(card_html(c, i, prefix="pk-brief") for i, c in enumerate(cards, start=1))
    return f'{SCREEN_CSS}<div class="pk-cards">{body}</div>'
