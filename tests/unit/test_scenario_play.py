"""Can the solo client be gamed? Fair options, gaming strategies and the fact walk.

Played straight from the scenario YAML (``data/scenarios/*.yaml``) by a small reference player
written here from the rules in data/scenarios/README.md, so the figures do not depend on the
engine's code: trust meters start at 5 and stay in 1..10; the trust quotient is
(credibility + reliability + intimacy) / self-orientation; a *trust* pain comes out only when
the quotient has reached the client's ``trust_threshold``; an option is offered only when its
``needs`` are known; ``grade_if`` regrades an option once its ids are known; an ending is held
to *service provider* below the threshold and to *trusted advisor* without a trust pain.

Run ``python tests/unit/test_scenario_play.py`` to print the per-scenario figures quoted in
the docs (best option longest, length ratio, where each gaming strategy ends).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from partnerkit.yamlfile import read_yaml

ROOT = Path(__file__).resolve().parents[2]
SCEN_DIR = ROOT / "data" / "scenarios"
IDS = sorted(p.stem for p in SCEN_DIR.glob("*.yaml") if not p.name.startswith("_"))
LEVELS = ("order_taker", "service_provider", "trusted_advisor", "strategic_partner")
METERS = ("credibility", "reliability", "intimacy", "self_orientation")

# Phrases that marked the right answer in earlier versions: thanks, apologies and flattery
# used as a signal rather than as part of the move. None may appear in any option.
TELL_OPENINGS = ("thanks", "thank you", "fair enough", "fair point", "sorry", "good point")
TELLS = (
    "thanks for making time",
    "thank you for making time",
    "thanks for your time",
    "fair enough, i jumped ahead",
    "i jumped ahead",
    "sorry",
    "apolog",
    "my mistake",
    "great question",
    "that's a great",
    "i really appreciate",
    "thank you for telling me",
    "thank you for sharing",
    "i hear you",
    "you clearly",
    "with respect",
)
MIN_LENGTH_RATIO = 0.75  # shortest option at least 75% of the longest, per node
MAX_BEST_LONGEST = 0.40  # best option the longest in at most 40% of a scenario's nodes


def load(sid: str) -> dict:
    return read_yaml(SCEN_DIR / f"{sid}.yaml")


def conversation_nodes(doc: dict) -> dict[str, dict]:
    return {k: v for k, v in doc["nodes"].items() if "ending" not in v}


# --------------------------------------------------------------------------- reference player


@dataclass
class State:
    node: str
    meters: dict[str, int]
    known: set[str] = field(default_factory=set)
    path: list[str] = field(default_factory=list)
    moves: list[tuple[str, str]] = field(default_factory=list)  # (node, option id or index)


def _tiers(doc: dict) -> dict[str, str]:
    return {p["id"]: p["tier"] for p in doc["client"]["pains"]}


def quotient(m: dict[str, int]) -> float:
    return round((m["credibility"] + m["reliability"] + m["intimacy"]) / m["self_orientation"], 2)


def offered(node: dict, known: set[str]) -> list[dict]:
    """The options shown in this knowledge state (those whose ``needs`` are all known)."""
    return [o for o in node["options"] if set(o.get("needs", ())) <= known]


def grade_of(option: dict, known: set[str]) -> str:
    g = option.get("grade_if") or []
    for rule in g if isinstance(g, list) else [g]:
        if set(rule["known"]) <= known:
            return rule["grade"]
    return option["grade"]


def client_line(node: dict, known: set[str]) -> tuple[str, set[str]]:
    """The client's line in this state, and the ids that line relies on."""
    for v in node.get("variants", ()) or ():
        if set(v["if_known"]) <= known:
            return v["client"], set(v["if_known"])
    return node["client"], set(node.get("needs", ()))


def threshold(doc: dict) -> float:
    return float(doc.get("trust_threshold", 4.0))


def step(doc: dict, st: State, option: dict) -> State:
    tiers = _tiers(doc)
    meters = dict(st.meters)
    for m, d in (option.get("effects") or {}).items():
        meters[m] = min(10, max(1, meters[m] + d))
    known = set(st.known)
    for rid in option.get("reveals", ()) or ():
        if tiers.get(rid) == "trust" and quotient(meters) < threshold(doc):
            continue
        known.add(rid)
    label = option.get("id", str(doc["nodes"][st.node]["options"].index(option)))
    return State(
        option["next"], meters, known, [*st.path, option["next"]], [*st.moves, (st.node, label)]
    )


def start(doc: dict) -> State:
    return State(doc["start"], dict.fromkeys(METERS, 5), set(), [doc["start"]])


def relationship(doc: dict, st: State) -> str:
    level = doc["nodes"][st.node]["ending"]
    tiers = _tiers(doc)
    cap = "strategic_partner"
    if quotient(st.meters) < threshold(doc):
        cap = "service_provider"
    elif not any(tiers.get(k) == "trust" for k in st.known):
        cap = "trusted_advisor"
    return min(level, cap, key=LEVELS.index)


def all_paths(doc: dict) -> Iterator[State]:
    stack = [start(doc)]
    while stack:
        st = stack.pop()
        node = doc["nodes"][st.node]
        if "ending" in node:
            yield st
            continue
        for opt in offered(node, st.known):
            stack.append(step(doc, st, opt))


def play(doc: dict, pick: Callable[[list[dict]], dict]) -> State:
    st = start(doc)
    while "ending" not in doc["nodes"][st.node]:
        st = step(doc, st, pick(offered(doc["nodes"][st.node], st.known)))
    return st


def walk_states(doc: dict) -> Iterator[tuple[State, dict]]:
    """Every (state, node) reached on any path from the start, endings included."""
    stack = [start(doc)]
    while stack:
        st = stack.pop()
        node = doc["nodes"][st.node]
        yield st, node
        if "ending" not in node:
            stack.extend(step(doc, st, o) for o in offered(node, st.known))


STRATEGIES: dict[str, Callable[[list[dict]], dict]] = {
    "always the longest": lambda opts: max(opts, key=lambda o: len(o["say"])),
    "always the shortest": lambda opts: min(opts, key=lambda o: len(o["say"])),
    "always one with '?'": lambda opts: next((o for o in opts if "?" in o["say"]), opts[0]),
    "always the first": lambda opts: opts[0],
}


# --------------------------------------------------------------------------- figures


@dataclass
class Figures:
    sid: str
    nodes: int
    best_longest: int
    min_ratio: float
    worst_node: str
    strategies: dict[str, str]
    tells: list[tuple[str, str]]

    @property
    def best_longest_share(self) -> float:
        return self.best_longest / self.nodes


def figures(sid: str) -> Figures:
    """Per-scenario figures. A node counts as "best is longest" if, in any knowledge state in
    which it is reached, the best option offered there is (one of) the longest offered."""
    doc = load(sid)
    nodes = conversation_nodes(doc)
    best_longest: set[str] = set()
    ratios: dict[str, float] = {}
    tells = []
    for st, node in walk_states(doc):
        if "ending" in node:
            continue
        opts = offered(node, st.known)
        lens = [len(o["say"]) for o in opts]
        ratios[st.node] = min(ratios.get(st.node, 1.0), min(lens) / max(lens))
        if any(len(o["say"]) == max(lens) and grade_of(o, st.known) == "best" for o in opts):
            best_longest.add(st.node)
    for nid, node in nodes.items():
        lens = [len(o["say"]) for o in node["options"]]
        ratios[nid] = min(ratios.get(nid, 1.0), min(lens) / max(lens))
        for o in node["options"]:
            low = o["say"].lower().replace("\u2019", "'")
            tells += [(nid, t) for t in TELLS if t in low]
            tells += [(nid, t) for t in TELL_OPENINGS if low.startswith(t)]
    worst = min(ratios, key=ratios.get)
    strat = {name: relationship(doc, play(doc, pick)) for name, pick in STRATEGIES.items()}
    return Figures(sid, len(nodes), len(best_longest), ratios[worst], worst, strat, tells)


def report() -> str:
    lines = []
    for sid in IDS:
        f = figures(sid)
        lines.append(
            f"{sid}: {f.nodes} nodes; best option is the longest in {f.best_longest}/{f.nodes} "
            f"({f.best_longest_share:.0%}); shortest/longest option length, lowest node ratio "
            f"{f.min_ratio:.2f} ({f.worst_node}); tells: {len(f.tells)}"
        )
        for name, level in f.strategies.items():
            lines.append(f"    {name:22} -> {level}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("sid", IDS)
def test_best_option_is_rarely_the_longest(sid):
    f = figures(sid)
    print(f"{sid}: best longest in {f.best_longest}/{f.nodes} nodes")
    assert f.best_longest_share <= MAX_BEST_LONGEST, f


@pytest.mark.parametrize("sid", IDS)
def test_options_in_a_node_are_of_comparable_length(sid):
    doc = load(sid)
    for nid, node in conversation_nodes(doc).items():
        lens = [len(o["say"]) for o in node["options"]]
        assert min(lens) >= MIN_LENGTH_RATIO * max(lens), (sid, nid, lens)


@pytest.mark.parametrize("sid", IDS)
def test_no_option_carries_a_tell(sid):
    assert figures(sid).tells == []


@pytest.mark.parametrize("sid", IDS)
@pytest.mark.parametrize("strategy", sorted(STRATEGIES))
def test_gaming_strategies_never_reach_trusted_advisor(sid, strategy):
    doc = load(sid)
    end = play(doc, STRATEGIES[strategy])
    level = relationship(doc, end)
    assert LEVELS.index(level) < LEVELS.index("trusted_advisor"), (strategy, end.path, level)


def fact_walk(doc: dict) -> list[str]:
    """Problems found walking every path: a line shown before the facts it needs are known,
    a node offering fewer than two options, or not exactly one best option."""
    problems = []
    for st, node in walk_states(doc):
        line, needs = client_line(node, st.known)
        if not needs <= st.known:
            problems.append(f"{st.node}: client line needs {sorted(needs - st.known)} ({st.path})")
        if "ending" in node:
            continue
        opts = offered(node, st.known)
        bests = [o.get("id") for o in opts if grade_of(o, st.known) == "best"]
        if len(opts) < 2 or len(bests) != 1:
            problems.append(f"{st.node}: {len(opts)} options, best {bests} ({st.path})")
    return problems


@pytest.mark.parametrize("sid", IDS)
def test_no_line_uses_a_fact_before_it_is_found_on_that_path(sid):
    doc = load(sid)
    problems = fact_walk(doc)
    assert problems == [], problems[:5]
    ids = {p["id"] for p in doc["client"]["pains"]} | {f["id"] for f in doc.get("facts", [])}
    for nid, node in conversation_nodes(doc).items():
        used = set(node.get("needs", ()))
        for v in node.get("variants", ()) or ():
            used |= set(v["if_known"])
        for o in node["options"]:
            used |= set(o.get("needs", ()))
            g = o.get("grade_if") or []
            for rule in g if isinstance(g, list) else [g]:
                used |= set(rule["known"])
        assert used <= ids, (nid, used - ids)


@pytest.mark.parametrize("sid", IDS)
def test_the_hidden_constraint_can_be_uncovered(sid):
    doc = load(sid)
    fact = doc["client"]["hidden_constraint_fact"]
    assert fact in {f["id"] for f in doc["facts"]}
    assert any(fact in st.known for st in all_paths(doc)), f"no path reveals {fact}"


@pytest.mark.parametrize("sid", IDS)
def test_shape_ids_endings_and_threshold(sid):
    doc = load(sid)
    nodes = conversation_nodes(doc)
    counts = {len(n["options"]) for n in nodes.values()}
    assert 2 in counts and 4 in counts and counts <= {2, 3, 4}
    assert any("grade_if" in o for n in nodes.values() for o in n["options"])
    for nid, n in nodes.items():
        ids = [o["id"] for o in n["options"]]
        assert len(set(ids)) == len(ids), nid
        for o in n["options"]:
            g = o.get("grade_if") or []
            rules = g if isinstance(g, list) else [g]
            for grade, why in [(o["grade"], o.get("why"))] + [
                (r["grade"], r.get("why")) for r in rules
            ]:
                assert grade != "weak" or why or o.get("why"), (nid, o["id"])
    assert set(doc["endings"]) == set(LEVELS)
    assert all(e["client"] and e["summary"] for e in doc["endings"].values())


def expert(doc: dict) -> State:
    """Play the best option in every knowledge state (``grade_if`` applied)."""
    st = start(doc)
    while "ending" not in doc["nodes"][st.node]:
        opts = offered(doc["nodes"][st.node], st.known)
        st = step(doc, st, next(o for o in opts if grade_of(o, st.known) == "best"))
    return st


@pytest.mark.parametrize("sid", IDS)
def test_expert_finds_every_pain_and_the_hidden_constraint(sid):
    doc = load(sid)
    end = expert(doc)
    assert relationship(doc, end) == "strategic_partner", end.path
    pains = {p["id"] for p in doc["client"]["pains"]}
    assert pains <= end.known, pains - end.known
    assert doc["client"]["hidden_constraint_fact"] in end.known
    assert quotient(end.meters) >= threshold(doc)


@pytest.mark.parametrize("sid", IDS)
def test_instructor_key_paths_can_be_played(sid):
    """The key's ideal path is the expert's, and every failure path is a real play-through
    (with options hidden until their facts are known) ending below trusted advisor."""
    doc = load(sid)
    key = read_yaml(ROOT / "instructor" / "keys" / f"{sid}.yaml")
    assert list(key["ideal_path"]) == expert(doc).path
    played = {tuple(st.path): st for st in all_paths(doc)}
    for fp in key["failure_paths"]:
        assert tuple(fp["path"]) in played, fp["name"]
        assert doc["nodes"][fp["path"][-1]]["ending"] in LEVELS[:2], fp["name"]


def test_scenarios_differ_in_shape_and_threshold():
    docs = {sid: load(sid) for sid in IDS}
    shapes = {
        sid: tuple(sorted(len(n["options"]) for n in conversation_nodes(d).values()))
        for sid, d in docs.items()
    }
    assert len(set(shapes.values())) == len(IDS), shapes
    thresholds = [threshold(d) for d in docs.values()]
    assert len(set(thresholds)) == len(IDS), thresholds


# --------------------------------------------------------------------------- the kit's engine


@pytest.mark.parametrize("sid", IDS)
def test_engine_walk_finds_no_fact_used_too_early(sid):
    """The engine's own walk over every path agrees: no line before its facts, one best move
    offered in every knowledge state, the hidden constraint can be uncovered."""
    from partnerkit.roleplay.engine import check_paths
    from partnerkit.roleplay.loader import load_scenarios

    report = check_paths(load_scenarios()[sid])
    assert report.ok, report.problems[:3]
    assert report.hidden_revealed
    print(f"{sid}: {report.paths} paths, {report.capped_paths} capped by trust")


@pytest.mark.parametrize("sid", IDS)
def test_engine_plays_the_strategies_as_the_reference_player_does(sid):
    """Same strategies through the kit's engine: same path and same relationship."""
    from partnerkit.roleplay.engine import Conversation
    from partnerkit.roleplay.loader import load_scenarios

    scenario = load_scenarios()[sid]
    doc = load(sid)
    for name, pick in STRATEGIES.items():
        conv = Conversation(scenario)
        while not conv.ended:
            raw = {o["id"]: o for o in offered(doc["nodes"][conv.node_id], set(conv.known))}
            chosen = pick(list(raw.values()))["id"]
            conv.choose(next(i for i, o in enumerate(conv.options) if o.id == chosen))
        ref = play(doc, pick)
        assert conv.path == ref.path, name
        assert conv.result().relationship == relationship(doc, ref), name


def test_tell_detector_and_strategies_can_fail():
    """The checks above would catch the old problems: a tell, and a graph won by length."""
    doc = {
        "start": "a",
        "trust_threshold": 1,
        "client": {"pains": [{"id": "p", "tier": "trust"}]},
        "nodes": {
            "a": {
                "client": "x",
                "options": [
                    {"say": "No.", "grade": "weak", "next": "e1"},
                    {
                        "say": "Thanks for making time, tell me more?",
                        "grade": "best",
                        "next": "e2",
                        "reveals": ["p"],
                        "effects": {"intimacy": 2},
                    },
                ],
            },
            "e1": {"ending": "order_taker"},
            "e2": {"ending": "strategic_partner"},
        },
    }
    assert relationship(doc, play(doc, STRATEGIES["always the longest"])) == "strategic_partner"
    assert relationship(doc, play(doc, STRATEGIES["always the shortest"])) == "order_taker"
    low = doc["nodes"]["a"]["options"][1]["say"].lower()
    assert any(t in low for t in TELLS)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    print(report())
