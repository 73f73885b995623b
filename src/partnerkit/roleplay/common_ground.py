"""Common ground before partnership (claim C8): two confidential roles, one map of interests.

A pack (``data/common_ground/<id>.yaml``) gives a public brief, two confidential role cards
(each with a *position* to defend and the *interests* behind it) and a list of topics. The
instructor key (``instructor/keys/common_ground/<id>.yaml``) files every topic as

* ``shared``: both sides want the same thing;
* ``compatible``: both care about it for different reasons, and both can be satisfied;
* ``conflict``: what one side needs, the other cannot give without a trade;
* ``neither``: a distractor that is on neither card.

After their conversation the pair (or a solo learner, after committing guesses and then
reading both cards) files each topic. :func:`score` compares that with the key and
:func:`overlap_chart` draws it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ..charts import FONT, PALETTE, Chart
from ..data import data_dir
from .loader import Doc, ScenarioError, _brief, _opt_list, display_path, keys_dir
from .model import Brief

CATEGORIES = ("shared", "compatible", "conflict", "neither")
CATEGORY_LABELS = {
    "shared": "Shared",
    "compatible": "Compatible but different",
    "conflict": "In conflict",
    "neither": "Not an interest of either side",
}
NOT_RECORDED = ""
CHOICES = (("Not recorded yet", NOT_RECORDED),) + tuple((CATEGORY_LABELS[c], c) for c in CATEGORIES)


@dataclass(frozen=True)
class Interest:
    topic: str
    text: str


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    role: str
    position: str
    background: str
    interests: tuple[Interest, ...]
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    id: str
    label: str


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    summary: str
    brief: Brief
    roles: tuple[Role, Role]
    topics: tuple[Topic, ...]
    source: Path | None = None

    @property
    def topic_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.topics)


@dataclass(frozen=True)
class KeyTopic:
    category: str
    explanation: str


@dataclass(frozen=True)
class Key:
    pack: str
    topics: dict[str, KeyTopic]
    debrief: tuple[str, ...]
    source: Path | None = None


# --------------------------------------------------------------------------- loading


def packs_dir() -> Path:
    return data_dir() / "common_ground"


def parse_pack(doc: Doc) -> Pack:
    top = doc.mapping(doc.data, "", ("id", "title", "summary", "brief", "roles", "topics"))
    pid = doc.slug(top["id"], "id", "pack id")
    if doc.path.suffix in (".yaml", ".yml") and doc.path.stem != pid:
        raise doc.error(
            "id",
            f"id '{pid}' does not match the file name '{doc.path.name}'",
            f"rename the file to {pid}.yaml or change the id to '{doc.path.stem}'",
        )
    raw_topics = top["topics"]
    if not isinstance(raw_topics, list) or len(raw_topics) < 3:
        raise doc.error("topics", "needs a list of at least 3 topics", "add '- id: ...' items")
    topics, seen = [], set()
    for i, raw in enumerate(raw_topics):
        f = f"topics[{i}]"
        t = doc.mapping(raw, f, ("id", "label"))
        tid = doc.slug(t["id"], f"{f}.id", "topic id")
        if tid in seen:
            raise doc.error(f"{f}.id", f"duplicate topic id '{tid}'", "give each topic its own id")
        seen.add(tid)
        topics.append(Topic(tid, doc.text(t["label"], f"{f}.label")))
    raw_roles = top["roles"]
    if not isinstance(raw_roles, list) or len(raw_roles) != 2:
        raise doc.error(
            "roles",
            "a common-ground pack needs exactly two roles",
            "write two '- id: ...' role items",
        )
    roles = []
    for i, raw in enumerate(raw_roles):
        f = f"roles[{i}]"
        r = doc.mapping(
            raw, f, ("id", "name", "role", "position", "background", "interests"), ("rules",)
        )
        rid = doc.slug(r["id"], f"{f}.id", "role id")
        if roles and roles[0].id == rid:
            raise doc.error(f"{f}.id", f"both roles have the id '{rid}'", "give each its own id")
        raw_int = r["interests"]
        if not isinstance(raw_int, list) or not raw_int:
            raise doc.error(f"{f}.interests", "needs a list of interests", "add '- topic: ...'")
        interests, used = [], set()
        for j, item in enumerate(raw_int):
            jf = f"{f}.interests[{j}]"
            it = doc.mapping(item, jf, ("topic", "text"))
            topic = doc.text(it["topic"], f"{jf}.topic")
            if topic not in seen:
                raise doc.error(
                    f"{jf}.topic",
                    f"unknown topic '{topic}'",
                    f"use one of the ids under 'topics': {', '.join(t.id for t in topics)}",
                )
            if topic in used:
                raise doc.error(
                    f"{jf}.topic",
                    f"this role already has an interest on '{topic}'",
                    "merge the two interests",
                )
            used.add(topic)
            interests.append(Interest(topic, doc.text(it["text"], f"{jf}.text")))
        roles.append(
            Role(
                id=rid,
                name=doc.text(r["name"], f"{f}.name"),
                role=doc.text(r["role"], f"{f}.role"),
                position=doc.text(r["position"], f"{f}.position"),
                background=doc.text(r["background"], f"{f}.background"),
                interests=tuple(interests),
                rules=_opt_list(doc, r, "rules", f),
            )
        )
    return Pack(
        id=pid,
        title=doc.text(top["title"], "title"),
        summary=doc.text(top["summary"], "summary"),
        brief=_brief(doc, top["brief"]),
        roles=(roles[0], roles[1]),
        topics=tuple(topics),
        source=doc.path,
    )


def load_pack(path: str | Path, text: str | None = None) -> Pack:
    return parse_pack(Doc(path, text))


@lru_cache(maxsize=16)
def _cached_pack(path: str, mtime: float) -> Pack:
    return load_pack(path)


def load_packs(folder: str | Path | None = None) -> dict[str, Pack]:
    folder = Path(folder) if folder is not None else packs_dir()
    out = {}
    for p in sorted(folder.glob("*.yaml")):
        pack = _cached_pack(str(p), p.stat().st_mtime)
        out[pack.id] = pack
    return out


def parse_key(doc: Doc, pack: Pack) -> Key:
    top = doc.mapping(doc.data, "", ("pack", "topics", "debrief"))
    pid = doc.text(top["pack"], "pack")
    if pid != pack.id:
        raise doc.error(
            "pack",
            f"this key is for '{pid}', but it was loaded for pack '{pack.id}'",
            f"name the key file after its pack: {pid}.yaml",
        )
    raw = top["topics"]
    if not isinstance(raw, dict):
        raise doc.error("topics", "should be one entry per topic id", "write 'topic_id:' lines")
    on_cards = {r.id: {i.topic for i in r.interests} for r in pack.roles}
    out = {}
    for tid, entry in raw.items():
        f = f"topics.{tid}"
        if tid not in pack.topic_ids:
            raise doc.error(
                f, f"unknown topic '{tid}'", f"use the pack's topics: {', '.join(pack.topic_ids)}"
            )
        e = doc.mapping(entry, f, ("category", "explanation"))
        cat = doc.choice(e["category"], f"{f}.category", CATEGORIES, "category")
        on = [rid for rid, ts in on_cards.items() if tid in ts]
        if cat == "neither" and on:
            raise doc.error(
                f"{f}.category",
                f"'{tid}' is filed as 'neither' but is on the card of {', '.join(on)}",
                "file it as shared, compatible or conflict, or remove it from the card",
            )
        if cat != "neither" and len(on) != 2:
            raise doc.error(
                f"{f}.category",
                f"'{tid}' is filed as '{cat}' but is on {len(on)} of the two role cards",
                "add the interest to both role cards, or file the topic as 'neither'",
            )
        out[tid] = KeyTopic(cat, doc.text(e["explanation"], f"{f}.explanation"))
    missing = [t for t in pack.topic_ids if t not in out]
    if missing:
        raise doc.error(
            "topics", f"no category for topic(s) {', '.join(missing)}", "file every topic"
        )
    for cat in ("shared", "compatible", "conflict"):
        if not any(k.category == cat for k in out.values()):
            raise doc.error(
                "topics",
                f"no topic is filed as '{cat}'",
                "a pack needs at least one shared, one compatible and one conflicting interest",
            )
    return Key(pid, out, doc.text_list(top["debrief"], "debrief", 1), doc.path)


def load_key(path: str | Path, pack: Pack, text: str | None = None) -> Key:
    return parse_key(Doc(path, text), pack)


def key_for(pack: Pack, folder: str | Path | None = None) -> Key:
    folder = Path(folder) if folder is not None else keys_dir() / "common_ground"
    path = folder / f"{pack.id}.yaml"
    if not path.is_file():
        raise ScenarioError(
            display_path(path),
            "",
            f"no instructor key for common-ground pack '{pack.id}'",
            "ask your instructor for the key, or set PARTNERKIT_KEYS to the folder holding "
            "the 'common_ground' keys",
        )
    return load_key(path, pack)


# --------------------------------------------------------------------------- scoring


@dataclass
class Score:
    pack: str
    per_category: dict[str, dict[str, int]]
    correct: int
    total: int
    recorded: int
    conflict_named: bool
    mismatches: list[tuple[str, str, str]] = field(default_factory=list)  # topic, chosen, key

    def journal_value(self) -> dict[str, Any]:
        return {
            "correct": self.correct,
            "total": self.total,
            "recorded": self.recorded,
            "conflict_named": self.conflict_named,
            "per_category": {c: dict(v) for c, v in self.per_category.items()},
        }


def score(pack: Pack, key: Key, found: dict[str, str]) -> Score:
    """Compare the learner's filing of each topic with the key.

    ``found`` maps topic id -> one of :data:`CATEGORIES` (or ``""`` / missing: not recorded).
    Unknown topic ids and unknown categories are ignored, so saved answers from an older
    version of a pack never crash the widget.
    """
    per = {c: {"in_key": 0, "found": 0, "misfiled": 0} for c in CATEGORIES}
    correct = recorded = 0
    mismatches = []
    for tid in pack.topic_ids:
        actual = key.topics[tid].category
        chosen = found.get(tid, NOT_RECORDED) if isinstance(found, dict) else NOT_RECORDED
        if chosen not in CATEGORIES:
            chosen = NOT_RECORDED
        per[actual]["in_key"] += 1
        if chosen:
            recorded += 1
        if chosen == actual:
            per[actual]["found"] += 1
            correct += 1
        else:
            if chosen:
                per[chosen]["misfiled"] += 1
            mismatches.append((tid, chosen, actual))
    conflict_named = per["conflict"]["found"] == per["conflict"]["in_key"]
    return Score(pack.id, per, correct, len(pack.topic_ids), recorded, conflict_named, mismatches)


def overlap_chart(pack: Pack, result: Score) -> Chart:
    """Grouped bars per category: in the key, found by the learner, and misfiled there."""
    labels = [CATEGORY_LABELS[c] for c in CATEGORIES]
    in_key = [result.per_category[c]["in_key"] for c in CATEGORIES]
    found = [result.per_category[c]["found"] for c in CATEGORIES]
    misfiled = [result.per_category[c]["misfiled"] for c in CATEGORIES]
    title = f"Common ground you found, against the key: {pack.title}"
    fig = go.Figure()
    fig.add_bar(x=labels, y=in_key, name="Topics in the key", marker_color=PALETTE[0])
    fig.add_bar(
        x=labels,
        y=found,
        name="You filed here correctly",
        marker=dict(color=PALETTE[2], pattern=dict(shape="/", solidity=0.3)),
    )
    fig.add_bar(
        x=labels,
        y=misfiled,
        name="You filed here, the key says elsewhere",
        marker=dict(color=PALETTE[5], pattern=dict(shape="x", solidity=0.3)),
    )
    top = max([*in_key, *found, *misfiled, 1])
    fig.update_layout(
        title=dict(text=html.escape(title), x=0.01, xanchor="left"),
        font=FONT,
        template="simple_white",
        barmode="group",
        yaxis=dict(title="Number of topics", range=[0, top + 0.5], dtick=1, gridcolor="#dddddd"),
        legend=dict(orientation="h", y=-0.25),
        margin=dict(l=70, r=30, t=70, b=140),
        height=460,
    )
    table = pd.DataFrame(
        {
            "Category": labels,
            "Topics in the key": in_key,
            "You filed here correctly": found,
            "You filed here, the key says elsewhere": misfiled,
        }
    )
    parts = [
        f"{lab}: {k} in the key, {f} found, {m} misfiled"
        for lab, k, f, m in zip(labels, in_key, found, misfiled, strict=True)
    ]
    alt = f"Grouped bar chart titled \u201c{title}\u201d. " + "; ".join(parts) + "."
    takeaway = f"You filed {result.correct} of {result.total} topics as the key does" + (
        "; you found the conflict."
        if result.conflict_named
        else "; the real conflict was not named."
    )
    source = (
        "Key: the kit's own instructor key for this pack (a teaching exercise, not survey data)."
    )
    return Chart(fig, title, takeaway, alt, table, [source])
