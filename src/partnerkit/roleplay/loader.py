"""Read scenario packs (``data/scenarios/<id>.yaml``) and instructor keys
(``instructor/keys/<id>.yaml``) into the model, checking everything an instructor could get
wrong while editing them in a text editor.

Every problem raises one :class:`ScenarioError` (a :class:`partnerkit.data.DataError`) that
names the file, the line, the field path and the fix, for example::

    data/scenarios/finance.yaml, line 88, field 'nodes.n4.options[1].next': unknown node
    'n44'. Fix: use one of the node ids defined under 'nodes': n1, n2, ...

Checked: YAML syntax (with the line), duplicate keys, unknown keys, missing fields, wrong
types, bad tiers/grades/meters/endings, option ids, references to unknown pains, facts or nodes,
nodes that cannot be reached, dead ends, loops, ending texts for every relationship level, and
a key that does not match its scenario. Then :func:`partnerkit.roleplay.engine.check_paths`
walks every path from the start, tracking what the learner has found: no line is shown before
the pains/facts it ``needs``, every node offers at least two moves and exactly one best move in
every knowledge state, and the hidden constraint can be uncovered.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..data import DataError, data_dir
from ..yamlfile import too_deep_at
from .model import (
    EFFECT_LIMIT,
    GRADES,
    METERS,
    RELATIONSHIPS,
    TIERS,
    Brief,
    ClientCard,
    Fact,
    FailurePath,
    GradeIf,
    KeyPain,
    LevelEnding,
    Node,
    ObserverCard,
    Option,
    Pain,
    PartnerCard,
    Scenario,
    ScenarioKey,
    Variant,
    _frozen,
)

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
PAINS_MIN, PAINS_MAX = 4, 6
OPTIONS_MIN, OPTIONS_MAX = 2, 4
MAX_DEPTH = 40  # the deepest real field is about 6 levels down


class ScenarioError(DataError):
    """A scenario, key or common-ground file is malformed: file, line, field, problem, fix."""

    def __init__(self, file, field: str, problem: str, fix: str, line: int | None = None):
        super().__init__(file, problem, fix, row=line, column=field)
        self.field = field
        self.line = line
        where = self.file
        if line is not None:
            where += f", line {line}"
        if field:
            where += f", field '{field}'"
        self.args = (f"{where}: {problem}. Fix: {fix}",)


# --------------------------------------------------------------------------- locations


def scenarios_dir() -> Path:
    """``data/scenarios`` next to the kit's other data (see :func:`partnerkit.data.data_dir`)."""
    return data_dir() / "scenarios"


def keys_dir() -> Path:
    """Where instructor keys live: ``$PARTNERKIT_KEYS``, else ``instructor/keys`` in the
    checkout that holds the data folder (the keys are not bundled in the installed package)."""
    env = os.environ.get("PARTNERKIT_KEYS")
    if env:
        return Path(env)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "instructor" / "keys").is_dir():
            return folder / "instructor" / "keys"
    return data_dir().parent / "instructor" / "keys"


def display_path(path: Path) -> str:
    """The path as an instructor would type it: relative to the checkout when possible."""
    path = Path(path)
    try:
        base = data_dir().resolve().parent
        return str(path.resolve().relative_to(base))
    except (ValueError, OSError):
        return str(path)


# --------------------------------------------------------------------------- YAML reading


def _child(prefix: str, key: Any) -> str:
    return f"{prefix}.{key}" if prefix else str(key)


class Doc:
    """One parsed YAML file plus a map from field paths to line numbers, for error messages."""

    def __init__(self, path: str | Path, text: str | None = None):
        self.path = Path(path)
        self.name = display_path(self.path)
        if text is None:
            if not self.path.is_file():
                raise ScenarioError(self.name, "", "file not found", "check the file name")
            try:
                text = self.path.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                raise ScenarioError(
                    self.name, "", f"not valid UTF-8 text (byte {exc.start})", "save as UTF-8"
                ) from None
        self.lines: dict[str, int] = {}
        self._seen: set[int] = set()
        _check_flow_depth(self.name, text)
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            if node is not None:
                self._walk(node, "", 0)
            self.data = yaml.safe_load(text)
        except ScenarioError:
            raise
        except RecursionError:
            raise ScenarioError(
                self.name,
                "",
                "the file is nested far too deeply to be a scenario",
                "restore it from the repository (git checkout) and edit it again",
            ) from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 1 if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            context = getattr(exc, "context", None)
            cmark = getattr(exc, "context_mark", None)
            if context and cmark is not None and cmark.line + 1 != line:
                context += f" that starts on line {cmark.line + 1}"
            detail = f"{context}, {problem}" if context else problem
            raise ScenarioError(
                self.name,
                "",
                f"YAML syntax error ({detail})",
                "check the indentation on and just above this line (spaces, not tabs), and put "
                "text that contains ': ', '#' or starts with a quote or '-' inside double quotes "
                "or after '|' on its own line",
                line=line,
            ) from None
        if not isinstance(self.data, dict):
            raise ScenarioError(
                self.name,
                "",
                "the file does not hold a set of named fields",
                "start the file with 'id: ...' and the other top-level fields (see the README)",
                line=1,
            )

    def _walk(self, node: yaml.Node, prefix: str, depth: int) -> None:
        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise ScenarioError(
                self.name,
                prefix,
                f"the file is nested more than {MAX_DEPTH} levels deep",
                "check the indentation: a scenario needs only a few levels",
                line=line,
            )
        if id(node) in self._seen:  # the composer turns an alias (*name) into the same node
            raise ScenarioError(
                self.name,
                prefix,
                "YAML anchors and aliases (& and *) are not supported here",
                "write the text out in full instead of referring to it with *name",
                line=line,
            )
        self._seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    raise ScenarioError(
                        self.name,
                        prefix,
                        "a key is a list or a set of fields, not a plain name",
                        "write each key as a plain name followed by ':'",
                        line=line,
                    )
                self._seen.add(id(key_node))
                key = key_node.value
                path = _child(prefix, key)
                if key in seen:
                    raise ScenarioError(
                        self.name,
                        path,
                        f"'{key}' is defined twice (first on line {seen[key]})",
                        "give each entry its own name, or merge the two",
                        line=line,
                    )
                seen[key] = line
                self.lines[path] = line
                self._walk(value_node, path, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                path = f"{prefix}[{i}]"
                self.lines[path] = item.start_mark.line + 1
                self._walk(item, path, depth + 1)

    def line_of(self, field: str) -> int | None:
        while field:
            if field in self.lines:
                return self.lines[field]
            cut = max(field.rfind("."), field.rfind("["))
            field = field[:cut] if cut > 0 else ""
        return None

    def error(self, field: str, problem: str, fix: str) -> ScenarioError:
        return ScenarioError(self.name, field, problem, fix, line=self.line_of(field))

    # ------------------------------------------------------------------ typed access
    def mapping(
        self,
        value: Any,
        field: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> dict:
        required, optional = tuple(required), tuple(optional)
        if not isinstance(value, dict):
            raise self.error(
                field,
                f"should be a set of named fields ({', '.join(required)}) but is {_kind(value)}",
                "indent the named fields under this key, each as 'name: value'",
            )
        allowed = required + optional
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                raise self.error(
                    _child(field, key),
                    f"unknown key '{key}'",
                    f"{hint}allowed here: {', '.join(allowed)}",
                )
        for key in required:
            if key not in value or value[key] is None:
                raise self.error(
                    _child(field, key),
                    "is missing",
                    f"add '{key}:' under '{field or 'the top level'}' (see data/scenarios/"
                    "README.md)",
                )
        return value

    def text(self, value: Any, field: str) -> str:
        if isinstance(value, bool):
            raise self.error(
                field,
                f"should be text but YAML read it as {_kind(value)}",
                'put the word in double quotes, e.g. "yes": YAML reads bare yes, no, on and '
                "off as true or false",
            )
        if not isinstance(value, (str, int, float)):
            raise self.error(
                field,
                f"should be text but is {_kind(value)}",
                "write the text after the colon (in double quotes if it contains ': ')",
            )
        text = str(value).strip()
        if not text:
            raise self.error(field, "is empty", "write the text after the colon")
        return text

    def text_list(self, value: Any, field: str, minimum: int = 1) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.error(
                field,
                f"should be a list but is {_kind(value)}",
                "write each item on its own line starting with '- '",
            )
        if len(value) < minimum:
            raise self.error(
                field,
                f"has {len(value)} item(s), needs at least {minimum}",
                "add items, each on its own line starting with '- '",
            )
        return tuple(self.text(v, f"{field}[{i}]") for i, v in enumerate(value))

    def slug(self, value: Any, field: str, what: str) -> str:
        if not isinstance(value, str) or not ID_RE.match(value):
            raise self.error(
                field,
                f"{what} {value!r} is not a valid id",
                "use lowercase letters, digits and _, starting with a letter (e.g. n1, close_days)",
            )
        return value

    def integer(self, value: Any, field: str, lo: int, hi: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise self.error(
                field, f"{value!r} is not a whole number from {lo} to {hi}", f"write {lo}..{hi}"
            )
        return value

    def number(self, value: Any, field: str, lo: float, hi: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            raise self.error(
                field, f"{value!r} is not a number from {lo:g} to {hi:g}", f"write {lo:g}..{hi:g}"
            )
        return float(value)

    def choice(self, value: Any, field: str, allowed: Iterable[str], what: str) -> str:
        allowed = tuple(allowed)
        if value not in allowed:
            raise self.error(
                field, f"unknown {what} {value!r}", f"use one of: {', '.join(allowed)}"
            )
        return value


def _check_flow_depth(name: str, text: str) -> None:
    """Refuse absurdly nested [ ] / { } before the YAML reader recurses into them."""
    at = too_deep_at(text, MAX_DEPTH)
    if at is not None:
        raise ScenarioError(
            name,
            "",
            f"brackets are nested more than {MAX_DEPTH} levels deep",
            "a scenario needs only a few levels; restore the file from the repository",
            line=text.count("\n", 0, at) + 1,
        )


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"yes/no ({value})"
    if isinstance(value, dict):
        return "a set of named fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    return f"text ({str(value)[:40]!r})"


def _opt_list(doc: Doc, raw: dict, key: str, field: str) -> tuple[str, ...]:
    if key not in raw or raw[key] is None:
        return ()
    return doc.text_list(raw[key], _child(field, key), minimum=0)


# --------------------------------------------------------------------------- scenario


def _brief(doc: Doc, raw: Any) -> Brief:
    f = "brief"
    b = doc.mapping(raw, f, ("setting", "situation", "meeting"), ("time_minutes", "rules"))
    return Brief(
        setting=doc.text(b["setting"], f"{f}.setting"),
        situation=doc.text(b["situation"], f"{f}.situation"),
        meeting=doc.text(b["meeting"], f"{f}.meeting"),
        time_minutes=doc.integer(b.get("time_minutes", 20), f"{f}.time_minutes", 5, 180),
        rules=_opt_list(doc, b, "rules", f),
    )


def _pains(doc: Doc, raw: Any) -> tuple[Pain, ...]:
    f = "client.pains"
    if not isinstance(raw, list):
        raise doc.error(
            f, f"should be a list but is {_kind(raw)}", "write each pain as a '- id: ...' item"
        )
    if not PAINS_MIN <= len(raw) <= PAINS_MAX:
        raise doc.error(
            f,
            f"has {len(raw)} pain points; a scenario needs {PAINS_MIN} to {PAINS_MAX}",
            "add or merge pain points",
        )
    pains: list[Pain] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        pf = f"{f}[{i}]"
        p = doc.mapping(item, pf, ("id", "tier", "summary", "says"), ("probe", "guarded"))
        pid = doc.slug(p["id"], f"{pf}.id", "pain id")
        if pid in seen:
            raise doc.error(
                f"{pf}.id",
                f"duplicate pain id '{pid}' (also {f}[{seen[pid]}])",
                "give each pain its own id",
            )
        seen[pid] = i
        tier = doc.choice(p["tier"], f"{pf}.tier", TIERS, "tier")
        probe = doc.text(p["probe"], f"{pf}.probe") if p.get("probe") is not None else ""
        guarded = doc.text(p["guarded"], f"{pf}.guarded") if p.get("guarded") is not None else ""
        if tier in ("probe", "trust") and not probe:
            raise doc.error(
                f"{pf}.probe",
                f"a '{tier}' pain needs a 'probe': the question or move that brings it out",
                "add 'probe: ...' describing what the IT partner must ask or do",
            )
        if tier == "trust" and not guarded:
            raise doc.error(
                f"{pf}.guarded",
                "a 'trust' pain needs 'guarded': what the client says while trust is too low",
                "add 'guarded: ...' with the client's evasive answer",
            )
        pains.append(
            Pain(
                id=pid,
                tier=tier,
                summary=doc.text(p["summary"], f"{pf}.summary"),
                says=doc.text(p["says"], f"{pf}.says"),
                probe=probe,
                guarded=guarded,
            )
        )
    missing = [t for t in TIERS if not any(p.tier == t for p in pains)]
    if missing:
        raise doc.error(
            f,
            f"no pain point has tier {', '.join(missing)}",
            "a scenario needs at least one pain of each tier: volunteered, probe, trust",
        )
    return tuple(pains)


def _client(doc: Doc, raw: Any) -> ClientCard:
    f = "client"
    c = doc.mapping(
        raw,
        f,
        (
            "name",
            "role",
            "organisation",
            "personality",
            "kpis",
            "pains",
            "hidden_constraint",
            "reveal_rules",
        ),
        ("hidden_constraint_fact",),
    )
    hcf = c.get("hidden_constraint_fact")
    return ClientCard(
        name=doc.text(c["name"], f"{f}.name"),
        role=doc.text(c["role"], f"{f}.role"),
        organisation=doc.text(c["organisation"], f"{f}.organisation"),
        personality=doc.text(c["personality"], f"{f}.personality"),
        kpis=doc.text_list(c["kpis"], f"{f}.kpis"),
        pains=_pains(doc, c["pains"]),
        hidden_constraint=doc.text(c["hidden_constraint"], f"{f}.hidden_constraint"),
        reveal_rules=doc.text_list(c["reveal_rules"], f"{f}.reveal_rules"),
        hidden_constraint_fact=(
            doc.slug(hcf, f"{f}.hidden_constraint_fact", "fact id") if hcf is not None else ""
        ),
    )


def _facts(doc: Doc, raw: Any, pains: dict[str, Pain]) -> tuple[Fact, ...]:
    """The optional top-level ``facts:`` list of ``{id, summary}``."""
    f = "facts"
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise doc.error(
            f,
            f"should be a list but is {_kind(raw)}",
            "write each fact as a '- id: ...' item with a 'summary: ...' under it",
        )
    facts: list[Fact] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        ff = f"{f}[{i}]"
        x = doc.mapping(item, ff, ("id", "summary"))
        fid = doc.slug(x["id"], f"{ff}.id", "fact id")
        if fid in pains:
            raise doc.error(
                f"{ff}.id",
                f"'{fid}' is already a pain id (facts and pains share one set of ids)",
                "give the fact its own id, e.g. add '_fact' or a more specific word",
            )
        if fid in seen:
            raise doc.error(
                f"{ff}.id",
                f"duplicate fact id '{fid}' (also {f}[{seen[fid]}])",
                "give each fact its own id",
            )
        seen[fid] = i
        facts.append(Fact(fid, doc.text(x["summary"], f"{ff}.summary")))
    return tuple(facts)


def _level_endings(doc: Doc, raw: Any) -> dict[str, LevelEnding]:
    """The optional top-level ``endings:``: a last line and summary for every relationship."""
    f = "endings"
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise doc.error(
            f,
            f"should be a set of named fields (one per relationship level) but is {_kind(raw)}",
            f"write one entry per level ({', '.join(RELATIONSHIPS)}), each with 'client:' "
            "and 'summary:'",
        )
    doc.mapping(raw, f, RELATIONSHIPS)  # unknown or missing levels, with the usual messages
    out = {}
    for level in RELATIONSHIPS:
        lf = f"{f}.{level}"
        e = doc.mapping(raw[level], lf, ("client", "summary"))
        out[level] = LevelEnding(
            doc.text(e["client"], f"{lf}.client"), doc.text(e["summary"], f"{lf}.summary")
        )
    return out


def _ids(
    doc: Doc, raw: Any, field: str, known: dict[str, str], minimum: int = 1
) -> tuple[str, ...]:
    """A list of pain/fact ids (``needs``, ``if_known``, ``grade_if.known``, ``reveals``)."""
    ids = doc.text_list(raw, field, minimum)
    for j, kid in enumerate(ids):
        if kid not in known:
            close = difflib.get_close_matches(kid, list(known), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise doc.error(
                f"{field}[{j}]",
                f"unknown pain or fact '{kid}'",
                f"{hint}use a pain id under client.pains or a fact id under facts: "
                f"{', '.join(known)}",
            )
    return ids


def _partner(doc: Doc, raw: Any) -> PartnerCard:
    f = "it_partner"
    p = doc.mapping(
        raw, f, ("name", "role", "background", "objectives", "own_interests"), ("rules",)
    )
    return PartnerCard(
        name=doc.text(p["name"], f"{f}.name"),
        role=doc.text(p["role"], f"{f}.role"),
        background=doc.text(p["background"], f"{f}.background"),
        objectives=doc.text_list(p["objectives"], f"{f}.objectives"),
        own_interests=doc.text_list(p["own_interests"], f"{f}.own_interests"),
        rules=_opt_list(doc, p, "rules", f),
    )


def _observer(doc: Doc, raw: Any) -> ObserverCard:
    f = "observer"
    o = doc.mapping(raw, f, ("watch_for", "record"))
    return ObserverCard(
        watch_for=doc.text_list(o["watch_for"], f"{f}.watch_for"),
        record=doc.text_list(o["record"], f"{f}.record"),
    )


def _effects(doc: Doc, raw: Any, field: str) -> dict[str, int]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise doc.error(
            field,
            f"should be a set of named fields but is {_kind(raw)}",
            "write e.g. {credibility: 1, self_orientation: -1}",
        )
    out = {}
    for key, value in raw.items():
        if key not in METERS:
            close = difflib.get_close_matches(str(key), METERS, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise doc.error(
                _child(field, key),
                f"unknown trust meter '{key}'",
                f"{hint}use: {', '.join(METERS)}",
            )
        out[key] = doc.integer(value, _child(field, key), -EFFECT_LIMIT, EFFECT_LIMIT)
    return out


def _variants(doc: Doc, raw: Any, f: str, known: dict[str, str]) -> tuple[Variant, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise doc.error(
            f,
            f"should be a list but is {_kind(raw)}",
            "write each variant as '- if_known: [ids]' with 'client: ...' under it",
        )
    out = []
    for i, item in enumerate(raw):
        vf = f"{f}[{i}]"
        v = doc.mapping(item, vf, ("if_known", "client"))
        out.append(
            Variant(
                _ids(doc, v["if_known"], f"{vf}.if_known", known),
                doc.text(v["client"], f"{vf}.client"),
            )
        )
    return tuple(out)


def _grade_if(doc: Doc, raw: Any, f: str, known: dict[str, str], why: str) -> tuple[GradeIf, ...]:
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for i, item in enumerate(items):
        gf = f"{f}[{i}]" if isinstance(raw, list) else f
        g = doc.mapping(item, gf, ("known", "grade"), ("why",))
        grade = doc.choice(g["grade"], f"{gf}.grade", GRADES, "grade")
        gwhy = doc.text(g["why"], f"{gf}.why") if g.get("why") is not None else ""
        if grade == "weak" and not (gwhy or why):
            raise doc.error(
                f"{gf}.why",
                "this 'grade_if' makes the move weak, but neither it nor the option says why",
                "add 'why: ...' under grade_if saying what the move costs once those facts "
                "are known",
            )
        out.append(GradeIf(_ids(doc, g["known"], f"{gf}.known", known), grade, gwhy))
    return tuple(out)


def _node(doc: Doc, nid: Any, raw: Any, known: dict[str, str]) -> Node:
    f = f"nodes.{nid}"
    nid = doc.slug(nid, f, "node id")
    n = doc.mapping(raw, f, ("client",), ("options", "ending", "summary", "needs", "variants"))
    client = doc.text(n["client"], f"{f}.client")
    needs = _ids(doc, n["needs"], f"{f}.needs", known, 0) if n.get("needs") is not None else ()
    variants = _variants(doc, n.get("variants"), f"{f}.variants", known)
    if n.get("ending") is not None:
        ending = doc.choice(n["ending"], f"{f}.ending", RELATIONSHIPS, "ending")
        if n.get("options"):
            raise doc.error(
                f"{f}.options",
                "an ending node cannot have options",
                "remove 'options' here, or remove 'ending' if the conversation goes on",
            )
        summary = doc.text(n["summary"], f"{f}.summary") if n.get("summary") is not None else ""
        if not summary:
            raise doc.error(
                f"{f}.summary",
                "an ending needs a 'summary' of what happened",
                "add 'summary: ...' (one or two sentences)",
            )
        return Node(nid, client, (), ending, summary, needs, variants)
    if n.get("summary") is not None:
        raise doc.error(
            f"{f}.summary",
            "only ending nodes have a summary",
            "remove 'summary', or add 'ending: <relationship>' if this node ends the talk",
        )
    raw_opts = n.get("options")
    if not isinstance(raw_opts, list) or not raw_opts:
        raise doc.error(
            f"{f}.options",
            "a node that is not an ending needs options (a dead end otherwise)",
            f"add {OPTIONS_MIN}-{OPTIONS_MAX} options, or mark the node 'ending: "
            "<relationship>' with a summary",
        )
    if not OPTIONS_MIN <= len(raw_opts) <= OPTIONS_MAX:
        raise doc.error(
            f"{f}.options",
            f"has {len(raw_opts)} options; a node needs {OPTIONS_MIN} to {OPTIONS_MAX}",
            "add or remove options",
        )
    options = []
    seen_ids: dict[str, int] = {}
    for i, item in enumerate(raw_opts):
        of = f"{f}.options[{i}]"
        o = doc.mapping(
            item,
            of,
            ("say", "next", "grade"),
            ("id", "effects", "reveals", "why", "keywords", "needs", "grade_if"),
        )
        if o.get("id") is None:
            raise doc.error(
                f"{of}.id",
                "the option has no 'id'",
                "add 'id: <name>' (lowercase letters, digits, _; unique within the node, e.g. "
                "walk_through or demo): the journal and the paraphrase file refer to the option "
                "by it",
            )
        oid = doc.slug(o["id"], f"{of}.id", "option id")
        if oid in seen_ids:
            raise doc.error(
                f"{of}.id",
                f"option id '{oid}' is used twice in node '{nid}' (also options[{seen_ids[oid]}])",
                "give each option of a node its own id, e.g. walk_through, demo, audit",
            )
        seen_ids[oid] = i
        grade = doc.choice(o["grade"], f"{of}.grade", GRADES, "grade")
        why = doc.text(o["why"], f"{of}.why") if o.get("why") is not None else ""
        if grade == "weak" and not why:
            raise doc.error(
                f"{of}.why",
                "a weak move needs 'why': the explanation the learner sees after the end",
                "add 'why: ...' saying what the move costs in trust or information",
            )
        reveals = ()
        if o.get("reveals"):
            reveals = doc.text_list(o["reveals"], f"{of}.reveals", 0)
            for j, pid in enumerate(reveals):
                if pid not in known:
                    raise doc.error(
                        f"{of}.reveals[{j}]",
                        f"unknown pain or fact '{pid}'",
                        "use one of the pain ids under client.pains or fact ids under facts: "
                        f"{', '.join(known)}",
                    )
        keywords = doc.text_list(o["keywords"], f"{of}.keywords", 0) if o.get("keywords") else ()
        opt_needs = (
            _ids(doc, o["needs"], f"{of}.needs", known, 0) if o.get("needs") is not None else ()
        )
        options.append(
            Option(
                say=doc.text(o["say"], f"{of}.say"),
                next=doc.slug(o["next"], f"{of}.next", "node id"),
                grade=grade,
                effects=_frozen(_effects(doc, o.get("effects"), f"{of}.effects")),
                reveals=reveals,
                why=why,
                keywords=keywords,
                id=oid,
                needs=opt_needs,
                grade_if=_grade_if(doc, o.get("grade_if"), f"{of}.grade_if", known, why),
            )
        )
    # With no 'needs' or 'grade_if' at this node the grades never change: check here, where
    # the message can be simple. Otherwise the path walk checks every knowledge state.
    if not any(o.needs or o.grade_if for o in options):
        best = [i for i, o in enumerate(options) if o.grade == "best"]
        if len(best) != 1:
            raise doc.error(
                f"{f}.options",
                f"has {len(best)} options graded 'best'; exactly one is needed (the expert's move)",
                "grade one option 'best' and the others 'good' or 'weak'",
            )
    return Node(nid, client, tuple(options), needs=needs, variants=variants)


def _check_graph(
    doc: Doc, start: str, nodes: dict[str, Node], pains: dict[str, Pain], facts: dict[str, Fact]
) -> None:
    for node in nodes.values():
        for i, opt in enumerate(node.options):
            if opt.next not in nodes:
                close = difflib.get_close_matches(opt.next, list(nodes), n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                raise doc.error(
                    f"nodes.{node.id}.options[{i}].next",
                    f"unknown node '{opt.next}'",
                    f"{hint}use one of the node ids defined under 'nodes': {', '.join(nodes)}",
                )
    # reachability from the start
    seen, stack = {start}, [start]
    while stack:
        for opt in nodes[stack.pop()].options:
            if opt.next not in seen:
                seen.add(opt.next)
                stack.append(opt.next)
    for nid in nodes:
        if nid not in seen:
            raise doc.error(
                f"nodes.{nid}",
                f"node '{nid}' cannot be reached from the start node '{start}'",
                "point some option's 'next' at it, or delete it",
            )
    # no loops: every path must end
    state: dict[str, int] = {}

    def visit(nid: str, trail: list[str]) -> None:
        state[nid] = 1
        for i, opt in enumerate(nodes[nid].options):
            if state.get(opt.next) == 1:
                loop = " -> ".join([*trail[trail.index(opt.next) :], nid, opt.next])
                raise doc.error(
                    f"nodes.{nid}.options[{i}].next",
                    f"this move loops back ({loop}), so the conversation could never end",
                    "point it at a later node or at an ending",
                )
            if state.get(opt.next) is None:
                visit(opt.next, [*trail, nid])
        state[nid] = 2

    visit(start, [])
    if not any(n.is_ending for n in nodes.values()):
        raise doc.error("nodes", "no node is an ending", "add nodes with 'ending: <relationship>'")
    revealed = {pid for n in nodes.values() for o in n.options for pid in o.reveals}
    for i, pid in enumerate(pains):
        if pid not in revealed:
            raise doc.error(
                f"client.pains[{i}].id",
                f"pain '{pid}' is never revealed by any option, so no learner can find it",
                "list it under 'reveals' of the option(s) that bring it out",
            )
    for i, fid in enumerate(facts):
        if fid not in revealed:
            raise doc.error(
                f"facts[{i}].id",
                f"fact '{fid}' is never revealed by any option, so no learner can find it",
                "list it under 'reveals' of the option(s) that bring it out, or delete it",
            )


def parse_scenario(doc: Doc, walk: bool = True) -> Scenario:
    """Build and check a scenario; ``walk`` also walks every path (see :func:`check_paths`)."""
    top = doc.mapping(
        doc.data,
        "",
        (
            "id",
            "title",
            "function",
            "summary",
            "brief",
            "client",
            "it_partner",
            "observer",
            "start",
            "nodes",
        ),
        ("trust_threshold", "facts", "endings"),
    )
    if top.get("endings") is None:
        raise doc.error(
            "endings",
            "is missing: the end screen needs the client's last line and a summary for every "
            "relationship level, to show when trust holds the relationship below the ending",
            f"add 'endings:' with {', '.join(RELATIONSHIPS)}, each with 'client: ...' and "
            "'summary: ...' (see data/scenarios/README.md)",
        )
    sid = doc.slug(top["id"], "id", "scenario id")
    if doc.path.suffix in (".yaml", ".yml") and doc.path.stem != sid:
        raise doc.error(
            "id",
            f"id '{sid}' does not match the file name '{doc.path.name}'",
            f"rename the file to {sid}.yaml or change the id to '{doc.path.stem}'",
        )
    client = _client(doc, top["client"])
    pains = {p.id: p for p in client.pains}
    facts = {x.id: x for x in _facts(doc, top.get("facts"), pains)}
    known = {**{p: "pain" for p in pains}, **{x: "fact" for x in facts}}
    if not client.hidden_constraint_fact:
        raise doc.error(
            "client.hidden_constraint_fact",
            "is missing: name the fact a learner uncovers the hidden constraint as",
            "add 'hidden_constraint_fact: <fact id>' under client, list that fact under the "
            "top-level 'facts:', and reveal it from a move the learner can choose (e.g. a "
            "question about budget or timing)",
        )
    if client.hidden_constraint_fact not in facts:
        raise doc.error(
            "client.hidden_constraint_fact",
            f"'{client.hidden_constraint_fact}' is not a fact id",
            "add it under the top-level 'facts:' list (id and summary) and reveal it from the "
            "move(s) that uncover the constraint"
            + (f"; fact ids so far: {', '.join(facts)}" if facts else ""),
        )
    raw_nodes = top["nodes"]
    if not isinstance(raw_nodes, dict) or not raw_nodes:
        raise doc.error(
            "nodes", f"should be a set of named nodes but is {_kind(raw_nodes)}", "see README"
        )
    nodes = {str(k): _node(doc, k, v, known) for k, v in raw_nodes.items()}
    start = doc.slug(top["start"], "start", "node id")
    if start not in nodes:
        raise doc.error("start", f"unknown node '{start}'", f"use one of: {', '.join(nodes)}")
    _check_graph(doc, start, nodes, pains, facts)
    scenario = Scenario(
        id=sid,
        title=doc.text(top["title"], "title"),
        function=doc.text(top["function"], "function"),
        summary=doc.text(top["summary"], "summary"),
        brief=_brief(doc, top["brief"]),
        client=client,
        partner=_partner(doc, top["it_partner"]),
        observer=_observer(doc, top["observer"]),
        start=start,
        trust_threshold=doc.number(top.get("trust_threshold", 4.0), "trust_threshold", 0.5, 20),
        nodes=_frozen(nodes),
        source=doc.path,
        facts=tuple(facts.values()),
        level_endings=_frozen(_level_endings(doc, top.get("endings"))),
    )
    if walk:
        from .engine import check_paths  # the engine plays the graph; imported here (no cycle)

        report = check_paths(scenario)
        if report.problems:
            p = report.problems[0]
            raise doc.error(p.field, p.problem, p.fix)
    return scenario


def load_scenario(path: str | Path, text: str | None = None) -> Scenario:
    """Read and check one scenario file."""
    return parse_scenario(Doc(path, text))


@lru_cache(maxsize=32)
def _cached_scenario(path: str, mtime: float) -> Scenario:
    return load_scenario(path)


def scenario_paths(folder: str | Path | None = None) -> list[Path]:
    folder = Path(folder) if folder is not None else scenarios_dir()
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("_"))


def load_scenarios(folder: str | Path | None = None) -> dict[str, Scenario]:
    """Every scenario in ``data/scenarios`` (or ``folder``), keyed by id, sorted by file name."""
    out = {}
    for p in scenario_paths(folder):
        out_s = _cached_scenario(str(p), p.stat().st_mtime)
        out[out_s.id] = out_s
    return out


def get_scenario(scenario_id: str, folder: str | Path | None = None) -> Scenario:
    found = load_scenarios(folder)
    if scenario_id not in found:
        raise KeyError(
            f"no scenario '{scenario_id}' in {display_path(Path(folder or scenarios_dir()))}; "
            f"available: {', '.join(found)}"
        )
    return found[scenario_id]


# --------------------------------------------------------------------------- walks


def expert_choices(scenario: Scenario) -> list[tuple[str, int]]:
    """(node id, index among the options offered there) along the chain of 'best' moves from
    the start. What is offered, and which move is best, can depend on what was found earlier,
    so the engine plays the path (see :func:`partnerkit.roleplay.engine.expert_choices`)."""
    from .engine import expert_choices as play_expert

    return play_expert(scenario)


def expert_path(scenario: Scenario) -> list[str]:
    """Node ids visited by the expert, ending node included."""
    from .engine import expert_run

    return list(expert_run(scenario).path)


def _check_walk(doc: Doc, field: str, walk: tuple[str, ...], scenario: Scenario) -> None:
    if not walk or walk[0] != scenario.start:
        raise doc.error(
            field,
            f"a path must begin at the start node '{scenario.start}'",
            f"make '{scenario.start}' the first node of the path",
        )
    for i, nid in enumerate(walk):
        if nid not in scenario.nodes:
            raise doc.error(
                f"{field}[{i}]",
                f"unknown node '{nid}'",
                f"use node ids from {scenario.id}.yaml: {', '.join(scenario.nodes)}",
            )
        if i and not any(o.next == nid for o in scenario.nodes[walk[i - 1]].options):
            raise doc.error(
                f"{field}[{i}]",
                f"no option of node '{walk[i - 1]}' leads to '{nid}'",
                "list the nodes in the order the conversation visits them",
            )
    if not scenario.nodes[walk[-1]].is_ending:
        raise doc.error(
            field,
            f"the path stops at '{walk[-1]}', which is not an ending",
            "continue the path until an ending node",
        )


# --------------------------------------------------------------------------- keys


def parse_key(doc: Doc, scenario: Scenario) -> ScenarioKey:
    top = doc.mapping(
        doc.data,
        "",
        ("scenario", "pains", "ideal_path", "failure_paths", "debrief"),
        ("ideal_path_notes",),
    )
    sid = doc.text(top["scenario"], "scenario")
    if sid != scenario.id:
        raise doc.error(
            "scenario",
            f"this key is for '{sid}', but it was loaded for scenario '{scenario.id}'",
            f"name the key file after its scenario: {sid}.yaml",
        )
    raw_pains = top["pains"]
    pains_field = "pains"
    if not isinstance(raw_pains, dict):
        raise doc.error(
            pains_field,
            f"should be a set of named fields (one per pain id) but is {_kind(raw_pains)}",
            "write each pain id followed by ':' and its explanation fields",
        )
    for pid in raw_pains:
        if pid not in scenario.pains:
            raise doc.error(
                f"{pains_field}.{pid}",
                f"unknown pain '{pid}'",
                f"use the pain ids of {scenario.id}.yaml: {', '.join(scenario.pains)}",
            )
    missing = [p for p in scenario.pains if p not in raw_pains]
    if missing:
        raise doc.error(
            pains_field,
            f"the key does not explain pain(s) {', '.join(missing)}",
            "add an entry for every pain of the scenario",
        )
    kp = []
    for pid, raw in raw_pains.items():
        f = f"pains.{pid}"
        p = doc.mapping(raw, f, ("why_it_matters", "surfaced_by"))
        kp.append(
            KeyPain(
                pid,
                doc.text(p["why_it_matters"], f"{f}.why_it_matters"),
                doc.text(p["surfaced_by"], f"{f}.surfaced_by"),
            )
        )
    ideal = doc.text_list(top["ideal_path"], "ideal_path", 2)
    _check_walk(doc, "ideal_path", ideal, scenario)
    expected = expert_path(scenario)
    if list(ideal) != expected:
        at = next(
            (i for i, (a, b) in enumerate(zip(ideal, expected, strict=False)) if a != b),
            min(len(ideal), len(expected)),
        )
        raise doc.error(
            f"ideal_path[{at}]" if at < len(ideal) else "ideal_path",
            "the ideal path differs from the options graded 'best' in the scenario "
            f"(expected {' -> '.join(expected)})",
            "make the key's ideal path follow the 'best' options, or regrade the options",
        )
    raw_fail = top["failure_paths"]
    if not isinstance(raw_fail, list) or not raw_fail:
        raise doc.error(
            "failure_paths", "needs at least one failure path", "add '- name: ...' items"
        )
    fails = []
    for i, raw in enumerate(raw_fail):
        f = f"failure_paths[{i}]"
        fp = doc.mapping(raw, f, ("name", "path", "what_happens", "lesson"))
        walk = doc.text_list(fp["path"], f"{f}.path", 2)
        _check_walk(doc, f"{f}.path", walk, scenario)
        fails.append(
            FailurePath(
                doc.text(fp["name"], f"{f}.name"),
                walk,
                doc.text(fp["what_happens"], f"{f}.what_happens"),
                doc.text(fp["lesson"], f"{f}.lesson"),
            )
        )
    notes = top.get("ideal_path_notes")
    return ScenarioKey(
        scenario=sid,
        pains=tuple(kp),
        ideal_path=ideal,
        ideal_path_notes=doc.text(notes, "ideal_path_notes") if notes is not None else "",
        failure_paths=tuple(fails),
        debrief=doc.text_list(top["debrief"], "debrief", 2),
        source=doc.path,
    )


def load_key(path: str | Path, scenario: Scenario, text: str | None = None) -> ScenarioKey:
    """Read and check one instructor key against its scenario."""
    return parse_key(Doc(path, text), scenario)


def key_for(scenario: Scenario, folder: str | Path | None = None) -> ScenarioKey:
    folder = Path(folder) if folder is not None else keys_dir()
    path = folder / f"{scenario.id}.yaml"
    if not path.is_file():
        raise ScenarioError(
            display_path(path),
            "",
            f"no instructor key for scenario '{scenario.id}'",
            f"write {scenario.id}.yaml in the instructor keys folder (see data/scenarios/"
            "README.md), or set PARTNERKIT_KEYS to the folder that holds it",
        )
    return load_key(path, scenario)
