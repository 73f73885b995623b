"""The scenario model: plain dataclasses built by :mod:`partnerkit.roleplay.loader`.

A scenario pack holds everything one discovery role-play needs:

* a public **brief** that everyone reads;
* a confidential **client card** (KPIs, tiered pain points, a hidden constraint, reveal rules);
* a confidential **IT-partner card** (objectives and the partner's own, partly conflicting,
  interests);
* an **observer card**;
* the **conversation graph** played by the solo scripted client.

The instructor key (all pains explained, the ideal path, common failure paths, debrief
questions) is a separate file, :class:`ScenarioKey`, kept out of the student path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

# The four hidden trust meters (Maister, Green and Galford's trust equation):
# trust = (credibility + reliability + intimacy) / self-orientation.
METERS = ("credibility", "reliability", "intimacy", "self_orientation")
METER_LABELS = {
    "credibility": "Credibility (your words: accurate, well-informed)",
    "reliability": "Reliability (your actions: you do what you say)",
    "intimacy": "Intimacy (it feels safe to tell you things)",
    "self_orientation": "Self-orientation (focus on yourself; lower is better)",
}
METER_START = 5
METER_MIN, METER_MAX = 1, 10
EFFECT_LIMIT = 3  # an option moves a meter by at most +/- 3

# How a pain point comes out in the conversation.
TIERS = ("volunteered", "probe", "trust")
TIER_LABELS = {
    "volunteered": "Volunteered: said to any open question about the work",
    "probe": "Probe: comes out only when asked the specific question",
    "trust": "Trust: shared only once trust is built",
}

# How good a move is. Every conversation node has exactly one "best" move; the chain of best
# moves from the start is the expert path. Weak moves must say why they are weak.
GRADES = ("best", "good", "weak")

# Endings are named by the relationship reached (after the Business Relationship Management
# Institute's maturity levels), from the lowest to the highest.
RELATIONSHIPS = ("order_taker", "service_provider", "trusted_advisor", "strategic_partner")
RELATIONSHIP_LABELS = {
    "order_taker": "Order taker",
    "service_provider": "Service provider",
    "trusted_advisor": "Trusted advisor",
    "strategic_partner": "Strategic partner",
}
RELATIONSHIP_MEANING = {
    "order_taker": (
        "The client will call you when they need something fixed or bought. They do not expect "
        "ideas from you, and you only hear about decisions after they are made."
    ),
    "service_provider": (
        "The client trusts you to deliver and to stop them making costly mistakes, but does not "
        "yet bring you the problems behind their requests."
    ),
    "trusted_advisor": (
        "The client shares what is really worrying them and asks your view before deciding. "
        "You know their pains and what they cost."
    ),
    "strategic_partner": (
        "The client sees you as part of their team: you share a goal, you agreed a concrete "
        "next step together, and you will be in the room when plans are made."
    ),
}


def relationship_rank(level: str) -> int:
    return RELATIONSHIPS.index(level)


def _frozen(d: Mapping) -> Mapping:
    return MappingProxyType(dict(d))


@dataclass(frozen=True)
class Brief:
    """The public brief: everyone in the role-play reads this."""

    setting: str
    situation: str
    meeting: str
    time_minutes: int = 20
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pain:
    id: str
    tier: str  # one of TIERS
    summary: str  # a short label, e.g. "Campaign results arrive too late"
    says: str  # what the client says when it comes out
    probe: str = ""  # the kind of question or move that brings it out (probe and trust tiers)
    guarded: str = ""  # what the client says instead while trust is too low (trust tier)


@dataclass(frozen=True)
class ClientCard:
    name: str
    role: str
    organisation: str
    personality: str
    kpis: tuple[str, ...]
    pains: tuple[Pain, ...]
    hidden_constraint: str
    reveal_rules: tuple[str, ...]
    hidden_constraint_fact: str = ""  # the fact id a learner uncovers the constraint as


@dataclass(frozen=True)
class PartnerCard:
    """The IT partner's confidential card."""

    name: str
    role: str
    background: str
    objectives: tuple[str, ...]
    own_interests: tuple[str, ...]
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class ObserverCard:
    watch_for: tuple[str, ...]
    record: tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    """Something a learner can discover that is not a pain (a name, a deadline, a constraint).

    Fact ids and pain ids share one namespace: an option's ``reveals`` and ``needs`` may list
    either."""

    id: str
    summary: str


@dataclass(frozen=True)
class GradeIf:
    """A grade that replaces an option's own once every id in ``known`` has been found."""

    known: tuple[str, ...]
    grade: str
    why: str = ""


@dataclass(frozen=True)
class Option:
    """One move the learner can make at a node."""

    say: str
    next: str
    grade: str = "good"
    effects: Mapping[str, int] = field(default_factory=lambda: _frozen({}))
    reveals: tuple[str, ...] = ()
    why: str = ""  # why the move is weak (required for weak moves), or what it misses
    keywords: tuple[str, ...] = ()  # extra words that help match typed free text
    id: str = ""  # unique within its node; journal moves and paraphrases refer to it
    needs: tuple[str, ...] = ()  # pains/facts the text relies on: offered only once all known
    grade_if: tuple[GradeIf, ...] = ()  # the first whose ids are all known replaces the grade

    def available(self, known) -> bool:
        return all(k in known for k in self.needs)

    def graded(self, known) -> tuple[str, str]:
        """(grade, why) once the pains/facts in ``known`` have been found."""
        for g in self.grade_if:
            if all(k in known for k in g.known):
                return g.grade, g.why or self.why
        return self.grade, self.why


@dataclass(frozen=True)
class Variant:
    """Another client line for a node, used when every id in ``if_known`` has been found."""

    if_known: tuple[str, ...]
    client: str


@dataclass(frozen=True)
class LevelEnding:
    """The client's last line and the summary for one relationship level."""

    client: str
    summary: str


@dataclass(frozen=True)
class Node:
    id: str
    client: str  # what the client says at this point
    options: tuple[Option, ...] = ()
    ending: str = ""  # a relationship level for ending nodes; "" otherwise
    summary: str = ""  # for endings: what happened, in one or two sentences
    needs: tuple[str, ...] = ()  # pains/facts the plain ``client`` line relies on
    variants: tuple[Variant, ...] = ()

    @property
    def is_ending(self) -> bool:
        return bool(self.ending)

    def line(self, known) -> str:
        """The client's line once the pains/facts in ``known`` have been found."""
        for v in self.variants:
            if all(k in known for k in v.if_known):
                return v.client
        return self.client

    def line_needs(self, known) -> tuple[str, ...]:
        """What the line shown with ``known`` relies on that is not yet known."""
        if any(all(k in known for k in v.if_known) for v in self.variants):
            return ()
        return tuple(k for k in self.needs if k not in known)

    def offered(self, known) -> tuple[Option, ...]:
        """The options whose ``needs`` are met, in file order."""
        return tuple(o for o in self.options if o.available(known))

    def option(self, option_id: str) -> Option:
        return next(o for o in self.options if o.id == option_id)


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    function: str
    summary: str
    brief: Brief
    client: ClientCard
    partner: PartnerCard
    observer: ObserverCard
    start: str
    trust_threshold: float
    nodes: Mapping[str, Node]
    source: Path | None = None
    facts: tuple[Fact, ...] = ()
    # The client's last line and summary for each relationship level (the top-level
    # ``endings:`` of the file), shown when trust holds the relationship below the ending node.
    level_endings: Mapping[str, LevelEnding] = field(default_factory=lambda: _frozen({}))

    @property
    def pains(self) -> dict[str, Pain]:
        return {p.id: p for p in self.client.pains}

    @property
    def fact_map(self) -> dict[str, Fact]:
        return {f.id: f for f in self.facts}

    def known_label(self, kid: str) -> str:
        """The summary of a pain or fact id."""
        pains = self.pains
        if kid in pains:
            return pains[kid].summary
        return self.fact_map[kid].summary if kid in self.fact_map else kid

    @property
    def endings(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.is_ending]

    @property
    def best_relationship(self) -> str:
        return max((n.ending for n in self.endings), key=relationship_rank)


@dataclass(frozen=True)
class KeyPain:
    id: str
    why_it_matters: str
    surfaced_by: str


@dataclass(frozen=True)
class FailurePath:
    name: str
    path: tuple[str, ...]
    what_happens: str
    lesson: str


@dataclass(frozen=True)
class ScenarioKey:
    """The instructor key for one scenario (lives in ``instructor/keys/``)."""

    scenario: str
    pains: tuple[KeyPain, ...]
    ideal_path: tuple[str, ...]
    ideal_path_notes: str
    failure_paths: tuple[FailurePath, ...]
    debrief: tuple[str, ...]
    source: Path | None = None
