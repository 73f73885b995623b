"""The branching engine behind the solo scripted client.

A :class:`Conversation` walks a scenario's graph. Each move:

* moves the hidden trust meters (credibility, reliability, intimacy, self-orientation);
* may bring pain points and facts out. Facts, volunteered and probe pains come out whenever
  the move lists them; a *trust* pain comes out only if the trust quotient
  ``(credibility + reliability + intimacy) / self_orientation`` has reached the scenario's
  ``trust_threshold`` after the move - otherwise the client gives the pain's guarded answer
  and the pain stays hidden;
* leads to the next node. What the learner has found so far decides which moves are offered
  there (an option's ``needs``), which client line is shown (a node's ``variants``) and which
  move is best (an option's ``grade_if``). An ending node names the relationship the last move
  earns; trust can hold it lower (see :func:`relationship_cap`), and then the client's last
  line and the summary are those of the level reached.

:func:`check_paths` walks every path from the start (memoised on the node, what is known and
the meters) and proves the rules the loader enforces. Typed free text is read by
:mod:`partnerkit.roleplay.matching`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .matching import (  # noqa: F401  (re-exported: the engine's public matching API)
    MAX_TEXT,
    MIN_SCORE,
    STOPWORDS,
    SYNONYMS,
    Match,
    match_option,
    normalise,
    option_words,
    similarity,
    tokens,
)
from .model import (
    METER_MAX,
    METER_MIN,
    METER_START,
    METERS,
    RELATIONSHIP_LABELS,
    RELATIONSHIP_MEANING,
    RELATIONSHIPS,
    Node,
    Option,
    Scenario,
    relationship_rank,
)

# --------------------------------------------------------------------------- one move


def apply_move(
    scenario: Scenario, meters: dict[str, int], known: set[str], option: Option, threshold=None
) -> tuple[list[str], list[str]]:
    """Play ``option``'s effects on ``meters`` and its reveals on ``known`` (both changed in
    place). Returns (newly revealed ids, trust pains withheld because trust is too low)."""
    for meter, delta in option.effects.items():
        meters[meter] = min(METER_MAX, max(METER_MIN, meters[meter] + delta))
    threshold = scenario.trust_threshold if threshold is None else threshold
    pains = scenario.pains
    revealed, withheld = [], []
    for kid in option.reveals:
        if kid in known:
            continue
        pain = pains.get(kid)
        if pain is not None and pain.tier == "trust" and trust_quotient(meters) < threshold:
            withheld.append(kid)
            continue
        revealed.append(kid)
        known.add(kid)
    return revealed, withheld


def relationship_cap(scenario: Scenario, quotient: float, revealed) -> tuple[str, str]:
    """The highest relationship the conversation's trust supports, and why it is capped.

    * Trusted advisor and above need the trust quotient to reach the scenario's threshold.
    * Strategic partner also needs at least one pain the client shares only once trust is built.
    """
    if quotient < scenario.trust_threshold:
        return "service_provider", (
            f"Trust stayed too low (trust quotient {quotient:g}, below the "
            f"{scenario.trust_threshold:g} this client needs), so however well the talk ended, "
            "the client sees you as a service provider at most."
        )
    pains = scenario.pains
    if not any(p in pains and pains[p].tier == "trust" for p in revealed):
        return "trusted_advisor", (
            "The client never shared the worries they keep for people they trust, so you "
            "cannot yet be a strategic partner."
        )
    return RELATIONSHIPS[-1], ""


def trust_quotient(meters: dict[str, int]) -> float:
    """(credibility + reliability + intimacy) / self-orientation, to two decimals."""
    top = meters["credibility"] + meters["reliability"] + meters["intimacy"]
    return round(top / max(meters["self_orientation"], METER_MIN), 2)


@dataclass(frozen=True)
class Ending:
    """How a conversation that reached ending node ``node`` ends, after trust's cap."""

    node: str
    relationship: str  # the level reached (capped)
    node_relationship: str  # what the ending node alone would give
    capped_because: str  # "" when not capped
    client: str  # the client's last line
    summary: str


def ending_for(scenario: Scenario, node: Node, meters: dict[str, int], known) -> Ending:
    """The level reached at ending ``node``, and the last line and summary of that level.

    When trust holds the relationship below the node's level, the text is the scenario's
    ``endings`` entry for the level reached (or, in a file without ``endings``, the first
    ending node of that level), so the end screen never contradicts its own verdict.
    """
    cap, reason = relationship_cap(scenario, trust_quotient(meters), known)
    level = node.ending
    if relationship_rank(level) <= relationship_rank(cap):
        return Ending(node.id, level, level, "", node.line(known), node.summary)
    level = cap
    text = scenario.level_endings.get(level)
    if text is not None:
        client, summary = text.client, text.summary
    else:
        same = next((n for n in scenario.endings if n.ending == level), None)
        client = same.client if same else node.line(known)
        summary = same.summary if same else RELATIONSHIP_MEANING[level]
    return Ending(node.id, level, node.ending, reason, client, summary)


# --------------------------------------------------------------------------- conversation


@dataclass(frozen=True)
class Line:
    speaker: str  # "client", "you" or "note"
    text: str
    kind: str = ""  # "pain", "guarded", "typed" ...


@dataclass(frozen=True)
class Step:
    node: str
    index: int  # among the options offered at that moment
    option: Option
    revealed: tuple[str, ...]
    withheld: tuple[str, ...]
    typed: str = ""
    grade: str = ""  # the grade in the knowledge state of the move (after grade_if)
    why: str = ""

    def move(self) -> dict:
        """The journal's record of this move."""
        return {
            "node": self.node,
            "option": self.option.id,
            "grade": self.grade or self.option.grade,
            "typed": bool(self.typed),
        }


@dataclass
class Result:
    """What the end screen shows and the journal stores."""

    scenario: str
    ending: str  # node id
    relationship: str
    label: str
    meaning: str
    summary: str
    node_relationship: str  # what the last move alone would have reached
    capped_because: str  # why trust held the relationship lower ("" if it did not)
    pains_found: list[str]
    pains_total: int
    withheld: list[str]
    path: list[str]
    steps: list[Step]
    expert_steps: list[tuple[str, Option]]
    meters: dict[str, int]
    quotient: float
    weak: list[Step] = field(default_factory=list)
    client_line: str = ""  # the client's last line, as shown (the capped level's when capped)
    facts_found: list[str] = field(default_factory=list)

    @property
    def moves(self) -> list[dict]:
        return [st.move() for st in self.steps]

    def journal_value(self) -> dict:
        """The latest attempt, as the journal stores it (the widget adds ``attempts``)."""
        return {
            "ending": self.ending,
            "relationship": self.relationship,
            "pains_found": len(self.pains_found),
            "pains_total": self.pains_total,
            "path": list(self.path),
            "trust": {**self.meters, "quotient": self.quotient},
            "moves": self.moves,
        }


class Conversation:
    """One play-through of a scenario. ``choose`` and ``say`` move it on; ``reset`` replays."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.reset()

    def reset(self) -> None:
        self.node_id = self.scenario.start
        self.meters = {m: METER_START for m in METERS}
        self.revealed: list[str] = []  # pains found, in order
        self.facts_found: list[str] = []
        self.withheld: list[str] = []
        self.steps: list[Step] = []
        self.path = [self.scenario.start]
        self.transcript: list[Line] = [Line("client", self.node.line(self.known))]
        self._ending: Ending | None = None

    # ------------------------------------------------------------------ state
    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.node_id]

    @property
    def known(self) -> frozenset[str]:
        """Every pain and fact found so far."""
        return frozenset(self.revealed) | frozenset(self.facts_found)

    @property
    def options(self) -> tuple[Option, ...]:
        """The moves offered now: the node's options whose ``needs`` are met."""
        return self.node.offered(self.known)

    def grade(self, option: Option) -> tuple[str, str]:
        """(grade, why) of ``option`` given what has been found so far."""
        return option.graded(self.known)

    @property
    def ended(self) -> bool:
        return self.node.is_ending

    @property
    def quotient(self) -> float:
        return trust_quotient(self.meters)

    # ------------------------------------------------------------------ moves
    def choose(self, index: int, typed: str = "") -> Step:
        if self.ended:
            raise RuntimeError("the conversation has ended; call reset() to play again")
        options = self.options
        if not 0 <= index < len(options):
            raise IndexError(f"no option {index} at node {self.node_id}")
        opt = options[index]
        grade, why = self.grade(opt)
        known = set(self.known)
        revealed, withheld = apply_move(self.scenario, self.meters, known, opt)
        self.transcript.append(Line("you", opt.say, "typed" if typed else ""))
        pains = self.scenario.pains
        for pid in withheld:
            if pid not in self.withheld:
                self.withheld.append(pid)
            self.transcript.append(Line("client", pains[pid].guarded, "guarded"))
        for kid in revealed:
            if kid in pains:
                self.revealed.append(kid)
                if kid in self.withheld:
                    self.withheld.remove(kid)
                self.transcript.append(Line("client", pains[kid].says, "pain"))
            else:
                self.facts_found.append(kid)
        step = Step(self.node_id, index, opt, tuple(revealed), tuple(withheld), typed, grade, why)
        self.steps.append(step)
        self.node_id = opt.next
        self.path.append(opt.next)
        if self.ended:
            self._ending = ending_for(self.scenario, self.node, self.meters, self.known)
            self.transcript.append(Line("client", self._ending.client, "ending"))
        else:
            self.transcript.append(Line("client", self.node.line(self.known)))
        return step

    def match(self, text: str) -> Match | None:
        if self.ended:
            return None
        return match_option(text, self.options)

    def say(self, text: str) -> tuple[Match | None, Step | None]:
        """Match typed text and play it only if the match is confident.

        Returns (match, step): step is None when nothing matched, or when the match was weak
        or ambiguous - then the learner should pick from ``match.nearest``.
        """
        m = self.match(text)
        if m is None or not m.confident:
            return m, None
        return m, self.choose(m.index, typed=(text or "")[:MAX_TEXT])

    def play(self, indices) -> Conversation:
        for i in indices:
            self.choose(i)
        return self

    # ------------------------------------------------------------------ after the end
    def result(self) -> Result:
        if not self.ended:
            raise RuntimeError("the conversation has not ended yet")
        end = self._ending or ending_for(self.scenario, self.node, self.meters, self.known)
        expert = [(nid, opt) for nid, _, opt in _expert_moves(self.scenario)]
        return Result(
            scenario=self.scenario.id,
            ending=self.node.id,
            relationship=end.relationship,
            label=RELATIONSHIP_LABELS[end.relationship],
            meaning=RELATIONSHIP_MEANING[end.relationship],
            summary=end.summary,
            node_relationship=end.node_relationship,
            capped_because=end.capped_because,
            pains_found=list(self.revealed),
            pains_total=len(self.scenario.pains),
            withheld=list(self.withheld),
            path=list(self.path),
            steps=list(self.steps),
            expert_steps=expert,
            meters=dict(self.meters),
            quotient=self.quotient,
            weak=[s for s in self.steps if s.grade == "weak"],
            client_line=end.client,
            facts_found=list(self.facts_found),
        )


# --------------------------------------------------------------------------- expert path


def _expert_moves(scenario: Scenario) -> list[tuple[str, int, Option]]:
    conv = Conversation(scenario)
    out = []
    while not conv.ended:
        options = conv.options
        best = [i for i, o in enumerate(options) if conv.grade(o)[0] == "best"]
        if not best:  # only in a file the loader would reject; stop rather than loop
            break
        out.append((conv.node_id, best[0], options[best[0]]))
        conv.choose(best[0])
    return out


def expert_moves(scenario: Scenario) -> list[tuple[str, Option]]:
    """(node id, option) along the expert path: use this, not ``nodes[nid].options[i]`` with
    :func:`expert_choices`' index, which counts only the options offered at that moment."""
    return [(nid, opt) for nid, _, opt in _expert_moves(scenario)]


def expert_choices(scenario: Scenario) -> list[tuple[str, int]]:
    """(node id, index among the options offered) along the chain of best moves from the
    start, played so that what the expert has found decides what is offered and what is best."""
    return [(nid, i) for nid, i, _ in _expert_moves(scenario)]


def expert_run(scenario: Scenario) -> Conversation:
    """A conversation played along the expert path."""
    return Conversation(scenario).play(i for _, i in expert_choices(scenario))


def all_runs(scenario: Scenario, limit: int = 200_000) -> Iterator[Conversation]:
    """Every complete play-through (the graph is checked to be loop-free when loaded)."""
    count = 0
    stack: list[tuple[int, ...]] = [()]
    while stack:
        choices = stack.pop()
        conv = Conversation(scenario).play(choices)
        if conv.ended:
            count += 1
            if count > limit:
                raise RuntimeError(f"more than {limit} paths; the graph is too large to walk")
            yield conv
            continue
        for i in reversed(range(len(conv.options))):
            stack.append((*choices, i))


# --------------------------------------------------------------------------- the path walk


@dataclass(frozen=True)
class Problem:
    """One broken rule found by the walk: the field to edit, what is wrong, and the fix."""

    field: str
    problem: str
    fix: str


@dataclass
class PathReport:
    """What :func:`check_paths` found."""

    scenario: str
    paths: int = 0  # complete play-throughs from the start
    states: int = 0  # distinct (node, known, meters) states visited
    problems: list[Problem] = field(default_factory=list)
    endings: dict[tuple[str, str], int] = field(default_factory=dict)  # (node, level) -> paths
    node_levels: dict[str, str] = field(default_factory=dict)  # ending node -> its own level
    hidden_revealed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def capped_paths(self) -> int:
        """Paths on which trust holds the relationship below the ending node's own level."""
        return sum(n for (nd, lv), n in self.endings.items() if lv != self.node_levels[nd])


def _names(ids) -> str:
    return ", ".join(sorted(ids)) or "nothing yet"


def check_paths(scenario: Scenario) -> PathReport:
    """Walk every path from the start, tracking what the learner has found, and check that

    * no client line is shown before the pains/facts it ``needs`` (or a ``variant`` applies);
    * every node offers at least two moves, exactly one of them best, in every knowledge state
      (after ``needs`` filtering and ``grade_if``);
    * every option with ``needs`` is offered on at least one path;
    * the hidden constraint's fact can be uncovered on at least one path.

    Memoised on (node, what is known, meters), so shared sub-paths are checked once; path
    counts are summed, not enumerated.
    """
    report = PathReport(scenario.id, node_levels={n.id: n.ending for n in scenario.endings})
    seen_problems: set[tuple[str, str]] = set()
    offered_ever: set[tuple[str, str]] = set()
    memo: dict[tuple, tuple[int, dict]] = {}
    hidden = scenario.client.hidden_constraint_fact

    def problem(field_: str, text: str, fix: str) -> None:
        if (field_, text) not in seen_problems:
            seen_problems.add((field_, text))
            report.problems.append(Problem(field_, text, fix))

    def visit(nid: str, known: frozenset, meters: tuple, trail: tuple) -> tuple[int, dict]:
        key = (nid, known, meters)
        if key in memo:
            return memo[key]
        node = scenario.nodes[nid]
        route = " -> ".join((*trail, nid))
        missing = node.line_needs(known)
        if missing and not (node.is_ending and _capped(scenario, node, meters, known)):
            problem(
                f"nodes.{nid}.needs",
                f"on the path {route} the client's line relies on {_names(missing)}, which "
                f"has not come out yet (found by then: {_names(known)})",
                f"reveal {_names(missing)} on every path to {nid}, or add 'variants:' with "
                f"'if_known: [{', '.join(missing)}]' for the line that uses it and make the "
                "plain 'client' line work without it",
            )
        if node.is_ending:
            m = dict(zip(METERS, meters, strict=True))
            end = ending_for(scenario, node, m, known)
            result = (1, {(nid, end.relationship): 1})
            memo[key] = result
            return result
        offered = node.offered(known)
        for o in offered:
            offered_ever.add((nid, o.id))
        if len(offered) < 2:
            problem(
                f"nodes.{nid}.options",
                f"on the path {route} only {len(offered)} option(s) are offered (the others "
                f"need facts not yet found; found by then: {_names(known)})",
                "give at least two options at this node that need nothing the learner may "
                "not have found, or drop a 'needs'",
            )
        best = [o.id for o in offered if o.graded(known)[0] == "best"]
        if len(best) != 1:
            problem(
                f"nodes.{nid}.options",
                f"on the path {route} (found by then: {_names(known)}) {len(best)} of the "
                f"offered options are graded 'best' ({', '.join(best) or 'none'}); exactly one "
                "is needed",
                "adjust the grades, 'grade_if' or 'needs' so that exactly one offered option "
                "is best whatever was found before",
            )
        total, ends = 0, {}
        for o in offered:
            m = dict(zip(METERS, meters, strict=True))
            k = set(known)
            revealed, _ = apply_move(scenario, m, k, o)
            if hidden and hidden in revealed:
                report.hidden_revealed = True
            n, e = visit(o.next, frozenset(k), tuple(m[x] for x in METERS), (*trail, nid))
            total += n
            for ek, ev in e.items():
                ends[ek] = ends.get(ek, 0) + ev
        memo[key] = (total, ends)
        return memo[key]

    start = tuple(METER_START for _ in METERS)
    report.paths, report.endings = visit(scenario.start, frozenset(), start, ())
    report.states = len(memo)
    if hidden and not report.hidden_revealed:
        problem(
            "client.hidden_constraint_fact",
            f"no move on any path reveals '{hidden}', so no learner can uncover the hidden "
            "constraint",
            f"add '{hidden}' to the 'reveals' of a move a learner can choose (for example a "
            "question about budget or timing)",
        )
    for node in scenario.nodes.values():
        for i, o in enumerate(node.options):
            if o.needs and (node.id, o.id) not in offered_ever:
                problem(
                    f"nodes.{node.id}.options[{i}].needs",
                    f"option '{o.id}' is never offered: on no path is all of "
                    f"{_names(o.needs)} found before {node.id}",
                    "reveal those ids earlier on some path to this node, or change 'needs'",
                )
    return report


def _capped(scenario: Scenario, node: Node, meters: tuple, known) -> bool:
    """True when trust caps the relationship at this ending (its own line is not shown)."""
    m = dict(zip(METERS, meters, strict=True))
    return ending_for(scenario, node, m, known).capped_because != ""


# --------------------------------------------------------------------------- attempts

ATTEMPT_FIELDS = ("ending", "relationship", "pains_found", "pains_total", "path", "trust")


def attempts_of(saved: object) -> list[dict]:
    """Every attempt in a saved journal entry ``ex.solo.<id>``, oldest first.

    An entry written before attempts were kept (no ``attempts`` list) is read as one attempt
    without moves; anything unreadable as no attempts.
    """
    if not isinstance(saved, dict) or "relationship" not in saved:
        return []
    kept = saved.get("attempts")
    if isinstance(kept, list):
        return [a for a in kept if isinstance(a, dict)]
    old = {k: saved[k] for k in ATTEMPT_FIELDS if k in saved}
    return [{**old, "moves": [], "finished": str(saved.get("finished", "")), "number": 1}]


def add_attempt(saved: object, latest: dict, finished: str) -> dict:
    """The journal entry after one more finished attempt: the top level describes ``latest``
    (as ``Result.journal_value()`` gives it) and ``attempts`` keeps every attempt, this one
    last. Replays append; nothing is overwritten."""
    attempts = attempts_of(saved)
    entry = {**latest, "finished": finished, "number": len(attempts) + 1}
    return {**latest, "attempts": [*attempts, entry]}


# --------------------------------------------------------------------------- figures


def _longest(options) -> int:
    return max(range(len(options)), key=lambda i: (len(options[i].say), -i))


def _shortest(options) -> int:
    return min(range(len(options)), key=lambda i: (len(options[i].say), i))


def _question(options) -> int:
    return next((i for i, o in enumerate(options) if "?" in o.say), 0)


# Simple gaming strategies a learner might try instead of listening.
STRATEGIES = {
    "always the longest": _longest,
    "always the shortest": _shortest,
    "always the first with '?'": _question,
    "always the first option": lambda options: 0,
}


def play_strategy(scenario: Scenario, pick) -> Result:
    """Play ``pick(options) -> index`` from the start to an ending."""
    conv = Conversation(scenario)
    while not conv.ended:
        conv.choose(pick(conv.options))
    return conv.result()


def scenario_figures(scenario: Scenario) -> dict:
    """The figures docs/solo_client.md reports for one scenario (see :func:`main`)."""
    report = check_paths(scenario)
    talk = [n for n in scenario.nodes.values() if not n.is_ending]
    shape = {k: sum(len(n.options) == k for n in talk) for k in (2, 3, 4)}
    best_longest = 0
    ratios = []
    for n in talk:
        lengths = [len(o.say) for o in n.options]
        ratios.append(min(lengths) / max(lengths))
        longest = n.options[_longest(n.options)]
        if longest.grade == "best":
            best_longest += 1
    top = scenario.best_relationship
    top_nodes = {n.id for n in scenario.endings if n.ending == top}
    at_top = sum(v for (nd, _), v in report.endings.items() if nd in top_nodes)
    capped_top = sum(v for (nd, lv), v in report.endings.items() if nd in top_nodes and lv != top)
    contradict = 0
    for run in all_runs(scenario):  # per path, as the issue counted
        r = run.result()
        if r.capped_because and r.summary == run.node.summary:
            contradict += 1
    return {
        "id": scenario.id,
        "nodes": len(scenario.nodes),
        "talk_nodes": len(talk),
        "shape": shape,
        "threshold": scenario.trust_threshold,
        "best_longest": best_longest,
        "min_length_ratio": min(ratios),
        "strategies": {
            name: play_strategy(scenario, pick).relationship for name, pick in STRATEGIES.items()
        },
        "paths": report.paths,
        "states": report.states,
        "problems": len(report.problems),
        "hidden": "yes"
        if report.hidden_revealed
        else ("no fact set" if not scenario.client.hidden_constraint_fact else "no"),
        "top": top,
        "top_paths": at_top,
        "capped_top": capped_top,
        "contradictions": contradict,
    }


def figures_text(scenarios) -> str:
    lines = []
    totals = {"top_paths": 0, "capped_top": 0, "contradictions": 0, "best": 0, "talk": 0}
    for s in scenarios:
        f = scenario_figures(s)
        shape = ", ".join(f"{v} with {k}" for k, v in f["shape"].items() if v)
        lines += [
            f"{f['id']}: {f['nodes']} nodes ({f['talk_nodes']} with options: {shape}); "
            f"trust threshold {f['threshold']:g}",
            f"  best option is the longest at {f['best_longest']} of {f['talk_nodes']} nodes "
            f"({f['best_longest'] / f['talk_nodes']:.0%}); shortest/longest option length, "
            f"worst node: {f['min_length_ratio']:.0%}",
            "  "
            + "; ".join(
                f"{name} -> {RELATIONSHIP_LABELS[level].lower()}"
                for name, level in f["strategies"].items()
            ),
            f"  path walk: {f['paths']} paths, {f['states']} states, {f['problems']} problems; "
            f"hidden constraint revealable: {f['hidden']}",
            f"  paths to the top ending node ({RELATIONSHIP_LABELS[f['top']].lower()}): "
            f"{f['top_paths']}, capped by trust: {f['capped_top']}, of which the end screen "
            f"shows the uncapped text: {f['contradictions']}",
        ]
        totals["top_paths"] += f["top_paths"]
        totals["capped_top"] += f["capped_top"]
        totals["contradictions"] += f["contradictions"]
        totals["best"] += f["best_longest"]
        totals["talk"] += f["talk_nodes"]
    lines.append(
        f"all: best option is the longest at {totals['best']} of {totals['talk']} nodes; "
        f"{totals['capped_top']} of {totals['top_paths']} paths to a top ending node are capped "
        f"by trust; the end screen contradicts its verdict on {totals['contradictions']}"
    )
    return "\n".join(lines)


def main(argv=None) -> int:
    """``python -m partnerkit.roleplay.engine --figures`` (gaming, lengths, path walk, caps)
    or ``--check`` (the path walk only; exit status 1 on any problem)."""
    import argparse

    from .loader import load_scenarios

    ap = argparse.ArgumentParser(prog="python -m partnerkit.roleplay.engine")
    ap.add_argument("--figures", action="store_true", help="print the solo-client figures")
    ap.add_argument("--check", action="store_true", help="walk every path of every scenario")
    ap.add_argument("scenario", nargs="*", help="scenario ids (default: all)")
    args = ap.parse_args(argv)
    scenarios = load_scenarios()  # loading already runs the walk and raises on a problem
    chosen = [scenarios[i] for i in args.scenario] if args.scenario else list(scenarios.values())
    if args.figures:
        print(figures_text(chosen))
        return 0
    if args.check:
        bad = 0
        for s in chosen:
            r = check_paths(s)
            bad += len(r.problems)
            print(f"{s.id}: {r.paths} paths, {r.states} states, {len(r.problems)} problems")
            for p in r.problems:
                print(f"  {p.field}: {p.problem}. Fix: {p.fix}")
        return 1 if bad else 0
    ap.print_help()
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
