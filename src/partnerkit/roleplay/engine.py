"""The branching engine behind the solo scripted client.

A :class:`Conversation` walks a scenario's graph. Each move:

* moves the hidden trust meters (credibility, reliability, intimacy, self-orientation);
* may bring pain points out. Volunteered and probe pains come out whenever the move lists
  them; a *trust* pain comes out only if the trust quotient
  ``(credibility + reliability + intimacy) / self_orientation`` has reached the scenario's
  ``trust_threshold`` after the move - otherwise the client gives the pain's guarded answer
  and the pain stays hidden;
* leads to the next node. An ending node names the relationship the last move earns; trust
  can hold it lower (see :func:`relationship_cap`).

Typed free text is matched to the nearest option deterministically (shared words after light
normalisation, plus shared letter triples for typos): no network, no model. The match is
always shown to the learner so they can see how their words were read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from .loader import expert_choices
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

MAX_TEXT = 2000  # typed text beyond this is ignored for matching (never shown unescaped)
MIN_SCORE = 0.12  # below this, no option is close enough

# Words too common to say anything about which move was meant.
STOPWORDS = frozenset(
    """a about above after again all am an and any are as at be been being before below
    between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves let lets let's ok okay
    well so um uh really just maybe please also get got i'm you're it's that's we're i'd i'll
    we'll you've""".split()
)
# A few equivalences so common paraphrases meet (all mapped to one form).
SYNONYMS = {
    "recent": "last",
    "latest": "last",
    "previous": "last",
    "describe": "tell",
    "explain": "tell",
    "talk": "walk",
    "show": "walk",
    "fix": "solve",
    "solution": "solve",
    "tool": "system",
    "platform": "system",
    "software": "system",
    "app": "system",
    "application": "system",
    "product": "system",
    "costs": "cost",
    "price": "cost",
    "money": "cost",
    "budget": "cost",
    "worry": "concern",
    "worried": "concern",
    "worries": "concern",
    "concerns": "concern",
    "week": "date",
    "friday": "date",
    "monday": "date",
    "tuesday": "date",
    "wednesday": "date",
    "thursday": "date",
    "tomorrow": "date",
    "meeting": "meet",
    "calendar": "meet",
    "apologise": "sorry",
    "apologize": "sorry",
    "apologies": "sorry",
    "people": "team",
    "staff": "team",
    "colleagues": "team",
    "happened": "happen",
    "happens": "happen",
    "understanding": "understand",
}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _stem(word: str) -> str:
    for suffix in ("ing", "edly", "ed", "ies", "es", "ly", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text[:MAX_TEXT]).encode("ascii", "ignore").decode()
    return text.lower().replace("\u2019", "'")


def tokens(text: str) -> list[str]:
    """Content words of ``text``: lower-cased, accents dropped, stopwords removed, stemmed."""
    out = []
    for w in _WORD.findall(normalise(text)):
        if w in STOPWORDS:
            continue
        w = SYNONYMS.get(w, w)
        out.append(_stem(w))
    return out


def _trigrams(words: list[str]) -> set[str]:
    grams = set()
    for w in words:
        padded = f" {w} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


@dataclass(frozen=True)
class Match:
    """How typed text was read: the option chosen, how close, and the words in common."""

    index: int
    score: float
    shared: tuple[str, ...]
    runner_up: int | None = None
    runner_up_score: float = 0.0

    @property
    def strength(self) -> str:
        if self.score >= 0.45:
            return "close"
        if self.score >= 0.25:
            return "fair"
        return "rough"

    @property
    def ambiguous(self) -> bool:
        return self.runner_up is not None and self.score - self.runner_up_score < 0.05


def option_words(option: Option) -> list[str]:
    return tokens(" ".join((option.say, *option.keywords)))


def similarity(typed: list[str], target: list[str]) -> tuple[float, tuple[str, ...]]:
    """0..1: cosine overlap of content words (0.75) plus letter-triple overlap (0.25)."""
    a, b = set(typed), set(target)
    if not a or not b:
        return 0.0, ()
    shared = a & b
    word = len(shared) / (len(a) * len(b)) ** 0.5
    ta, tb = _trigrams(typed), _trigrams(target)
    tri = len(ta & tb) / len(ta | tb) if ta and tb else 0.0
    return 0.75 * word + 0.25 * tri, tuple(sorted(shared))


def match_option(text: str, options: tuple[Option, ...]) -> Match | None:
    """The option closest to ``text``, or None if nothing is close enough (or text is empty).

    Deterministic: ties go to the earlier option.
    """
    typed = tokens(text or "")
    if not typed or not options:
        return None
    scored = [(similarity(typed, option_words(o)), i) for i, o in enumerate(options)]
    ranked = sorted(scored, key=lambda s: (-s[0][0], s[1]))
    (best_score, shared), best_i = ranked[0]
    if best_score < MIN_SCORE or not shared:
        return None
    runner = ranked[1] if len(ranked) > 1 else None
    return Match(
        index=best_i,
        score=round(best_score, 3),
        shared=shared,
        runner_up=runner[1] if runner else None,
        runner_up_score=round(runner[0][0], 3) if runner else 0.0,
    )


# --------------------------------------------------------------------------- conversation


@dataclass(frozen=True)
class Line:
    speaker: str  # "client", "you" or "note"
    text: str
    kind: str = ""  # "pain", "guarded", "typed" ...


@dataclass(frozen=True)
class Step:
    node: str
    index: int
    option: Option
    revealed: tuple[str, ...]
    withheld: tuple[str, ...]
    typed: str = ""


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

    def journal_value(self) -> dict:
        return {
            "ending": self.ending,
            "relationship": self.relationship,
            "pains_found": len(self.pains_found),
            "pains_total": self.pains_total,
            "path": list(self.path),
            "trust": {**self.meters, "quotient": self.quotient},
        }


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
    if not any(pains[p].tier == "trust" for p in revealed):
        return "trusted_advisor", (
            "The client never shared the worries they keep for people they trust, so you "
            "cannot yet be a strategic partner."
        )
    return RELATIONSHIPS[-1], ""


def trust_quotient(meters: dict[str, int]) -> float:
    """(credibility + reliability + intimacy) / self-orientation, to two decimals."""
    top = meters["credibility"] + meters["reliability"] + meters["intimacy"]
    return round(top / max(meters["self_orientation"], METER_MIN), 2)


class Conversation:
    """One play-through of a scenario. ``choose`` and ``say`` move it on; ``reset`` replays."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.reset()

    def reset(self) -> None:
        self.node_id = self.scenario.start
        self.meters = {m: METER_START for m in METERS}
        self.revealed: list[str] = []
        self.withheld: list[str] = []
        self.steps: list[Step] = []
        self.path = [self.scenario.start]
        self.transcript: list[Line] = [Line("client", self.node.client)]

    # ------------------------------------------------------------------ state
    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.node_id]

    @property
    def options(self) -> tuple[Option, ...]:
        return self.node.options

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
        if not 0 <= index < len(self.options):
            raise IndexError(f"no option {index} at node {self.node_id}")
        opt = self.options[index]
        for meter, delta in opt.effects.items():
            self.meters[meter] = min(METER_MAX, max(METER_MIN, self.meters[meter] + delta))
        self.transcript.append(Line("you", opt.say, "typed" if typed else ""))
        revealed, withheld = [], []
        pains = self.scenario.pains
        for pid in opt.reveals:
            pain = pains[pid]
            if pid in self.revealed:
                continue
            if pain.tier == "trust" and self.quotient < self.scenario.trust_threshold:
                withheld.append(pid)
                if pid not in self.withheld:
                    self.withheld.append(pid)
                self.transcript.append(Line("client", pain.guarded, "guarded"))
                continue
            revealed.append(pid)
            self.revealed.append(pid)
            if pid in self.withheld:
                self.withheld.remove(pid)
            self.transcript.append(Line("client", pain.says, "pain"))
        step = Step(self.node_id, index, opt, tuple(revealed), tuple(withheld), typed)
        self.steps.append(step)
        self.node_id = opt.next
        self.path.append(opt.next)
        self.transcript.append(Line("client", self.node.client, "ending" if self.ended else ""))
        return step

    def match(self, text: str) -> Match | None:
        if self.ended:
            return None
        return match_option(text, self.options)

    def say(self, text: str) -> tuple[Match | None, Step | None]:
        """Match typed text to the nearest option and, if one is close enough, choose it."""
        m = self.match(text)
        if m is None:
            return None, None
        return m, self.choose(m.index, typed=(text or "")[:MAX_TEXT])

    def play(self, indices) -> Conversation:
        for i in indices:
            self.choose(i)
        return self

    # ------------------------------------------------------------------ after the end
    def result(self) -> Result:
        if not self.ended:
            raise RuntimeError("the conversation has not ended yet")
        node = self.node
        cap, reason = relationship_cap(self.scenario, self.quotient, self.revealed)
        level = node.ending
        if relationship_rank(level) > relationship_rank(cap):
            level = cap
        else:
            reason = ""
        expert = [
            (nid, self.scenario.nodes[nid].options[i]) for nid, i in expert_choices(self.scenario)
        ]
        return Result(
            scenario=self.scenario.id,
            ending=node.id,
            relationship=level,
            label=RELATIONSHIP_LABELS[level],
            meaning=RELATIONSHIP_MEANING[level],
            summary=node.summary,
            node_relationship=node.ending,
            capped_because=reason,
            pains_found=list(self.revealed),
            pains_total=len(self.scenario.pains),
            withheld=list(self.withheld),
            path=list(self.path),
            steps=list(self.steps),
            expert_steps=expert,
            meters=dict(self.meters),
            quotient=self.quotient,
            weak=[s for s in self.steps if s.option.grade == "weak"],
        )


# --------------------------------------------------------------------------- whole-graph walks


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
