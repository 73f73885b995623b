"""Typed moves: read what a learner typed as one of the moves on screen, or ask.

Deterministic and offline (no model, no network): content words after light normalisation
(accents dropped, stopwords removed, simple stems, a few synonyms), compared by word overlap
(cosine) plus letter-triple overlap for typos.

* A **confident** match (score at least :data:`CONFIDENT`, and clearly ahead of the next
  option by :data:`MARGIN`) is played, and the learner is shown how their words were read.
* A **weak or ambiguous** match is not played: the widget shows the two nearest options and
  the learner picks one (or rephrases).
* **Simple negation** is understood. In "I am not here to demo anything", "I won't pitch" or
  "no demo today", the words after the negation ("demo", "pitch") are the move the learner is
  ruling out: they do not count towards any option, and an option built on them scores far
  lower. Negation is read only where the learner speaks of their own move (after "I", "we",
  "let's", or at the start of a sentence), so "What isn't working?" is still a question about
  what is not working.

Measure it with ``python -m partnerkit.roleplay.matching --evaluate`` (the ``test`` rows of
``data/scenarios/paraphrases.csv``; the thresholds were set on the ``tune`` rows only).
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import Option

MAX_TEXT = 2000  # typed text beyond this is ignored for matching (never shown unescaped)
MIN_SCORE = 0.12  # below this, no option is close enough to offer
CONFIDENT = 0.30  # at or above this (and clearly ahead), the move is played without asking
MARGIN = 0.06  # "clearly ahead": the best beats the next option by at least this much
NEGATED_FACTOR = 0.2  # an option built on a word the learner negated keeps a fifth of its score

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
    we'll you've anything something everything thing things going gonna want wanted""".split()
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
    "pitch": "demo",
    "demonstration": "demo",
    "demonstrate": "demo",
    "presentation": "demo",
    "sell": "demo",
    "selling": "demo",
}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CLAUSE = re.compile(r"[.,;:!?\u2014\u2013()]|\s-\s|\bbut\b|\binstead\b|\brather\b|\bjust\b")
NEGATORS = frozenset(
    """not no never without nothing won't wont don't dont can't cannot isn't aren't wasn't
    shouldn't wouldn't didn't doesn't nor""".split()
)
# Negation is read as ruling out a move only after the learner speaks of themselves.
SUBJECTS = frozenset("i i'm im we we're were let's lets let me am are is will".split())
SCOPE_WORDS = 4  # a negation covers at most this many words after it (stopwords count)
# At the start of a clause (or after "and", "but"...) these always negate ("No demo today",
# "Nothing to sell"); a contracted one does unless a pronoun follows: "Wouldn't it be
# easier...?" and "Don't you think...?" are (leading) questions, not a move being ruled out.
OPENERS = frozenset("no not never without nothing".split())
CONJUNCTIONS = frozenset("and but so or".split())
# After a negation at the start of a clause, a pronoun makes it a question ("Don't you...?").
QUESTION_PRONOUNS = frozenset("you it we they that this he she i".split())
PRONOUNS = frozenset("i i'm i'd i'll we we're we'll you you're they he she".split())
# "I'm not sure", "I don't know", "not yet": hedges, not a move being ruled out.
HEDGES = frozenset("sure certain know think yet clear quite".split())


def _stem(word: str) -> str:
    for suffix in ("ing", "edly", "ed", "ies", "es", "ly", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def normalise(text: str) -> str:
    text = (text or "")[:MAX_TEXT].replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.lower()


def _content(word: str) -> str | None:
    if word in STOPWORDS:
        return None
    if word.endswith("'s"):  # possessive: "month's" -> "month"
        word = word[:-2]
    word = SYNONYMS.get(word, word)
    return SYNONYMS.get(_stem(word), _stem(word))


def tokens(text: str) -> list[str]:
    """Content words of ``text``: lower-cased, accents dropped, stopwords removed, stemmed."""
    return [c for w in _WORD.findall(normalise(text)) if (c := _content(w))]


def read_typed(text: str) -> tuple[list[str], list[str]]:
    """(content words, negated content words) of typed text.

    A negation ("not", "no", "won't", "never", "without", ...) at the start of a clause, or
    after "I", "we", "let's" or a form of "to be", rules out the next few content words of
    its clause: "I am not here to demo anything, tell me about the close" gives
    (["tell", "close"], ["demo"]).
    """
    words: list[str] = []
    negated: list[str] = []
    for clause in _CLAUSE.split(normalise(text)):
        raw = _WORD.findall(clause)
        scope = 0
        for k, w in enumerate(raw):
            if w in NEGATORS:
                after = raw[k + 1] if k + 1 < len(raw) else ""
                before = raw[k - 1] if k else ""
                if before in SUBJECTS or (k >= 2 and raw[k - 2] in SUBJECTS):
                    own = True  # "I won't pitch", "we're not here to sell"
                elif not k or before in CONJUNCTIONS:  # "No demo", "and won't promise"
                    own = w in OPENERS or after not in QUESTION_PRONOUNS
                else:
                    own = False
                if own and after not in HEDGES:
                    scope = SCOPE_WORDS
                continue
            if w in PRONOUNS:
                scope = 0  # a new subject starts a new thought
            in_scope = scope > 0
            scope = max(0, scope - 1)
            # "show me how" asks to be walked through; "show you" offers a demo
            after = raw[k + 1] if k + 1 < len(raw) else ""
            c = "demo" if w == "show" and after in ("you", "u") else _content(w)
            if c is not None:
                (negated if in_scope else words).append(c)
    return words, negated


def _trigrams(words: Iterable[str]) -> set[str]:
    grams = set()
    for w in words:
        padded = f" {w} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def option_words(option: Option) -> list[str]:
    """The words an option is matched on: its text and keywords, less what it rules out
    itself ("I won't pitch anything today" is not a demo offer)."""
    return _option_reading(option)[0]


def _option_reading(option: Option) -> tuple[list[str], frozenset[str]]:
    """(words matched on, words the option itself rules out)."""
    words, _ = read_typed(". ".join((option.say, *option.keywords)))
    _, own_negated = read_typed(option.say)
    return words, frozenset(own_negated)


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


@dataclass(frozen=True)
class Match:
    """How typed text was read: the nearest option, how close, and the words in common."""

    index: int
    score: float
    shared: tuple[str, ...]
    runner_up: int | None = None
    runner_up_score: float = 0.0
    negated: tuple[str, ...] = ()  # content words the learner ruled out ("demo" in "no demo")

    @property
    def strength(self) -> str:
        if self.score >= 0.45:
            return "close"
        if self.score >= 0.25:
            return "fair"
        return "rough"

    @property
    def ambiguous(self) -> bool:
        """The next option is nearly as close."""
        return self.runner_up is not None and self.score - self.runner_up_score < MARGIN

    @property
    def confident(self) -> bool:
        """Close enough, and clearly ahead, to play without asking."""
        return self.score >= CONFIDENT and not self.ambiguous

    @property
    def nearest(self) -> tuple[int, ...]:
        """The two nearest options (one if there is no other), nearest first."""
        return (self.index,) if self.runner_up is None else (self.index, self.runner_up)


def match_option(text: str, options: Sequence[Option]) -> Match | None:
    """The option nearest to ``text``, or None if nothing is close enough (or text is empty).

    Deterministic: ties go to the earlier option. Check :attr:`Match.confident` before playing
    it; otherwise offer :attr:`Match.nearest` to the learner.
    """
    typed, negated = read_typed(text or "")
    if not typed or not options:
        return None
    ruled_out = set(negated)
    scored, excluded = [], set()
    for i, o in enumerate(options):
        words, own_negated = _option_reading(o)
        score, shared = similarity(typed, words)
        if (ruled_out & set(words)) - own_negated:  # the learner rules out what it offers
            score *= NEGATED_FACTOR
            excluded.add(i)
        scored.append((score, shared, i))
    ranked = sorted(scored, key=lambda s: (-s[0], s[2]))
    best_score, shared, best_i = ranked[0]
    if best_score < MIN_SCORE or not shared:
        return None
    # the runner-up (offered as the other "did you mean?") is never a move the learner ruled out
    runner = next((r for r in ranked[1:] if r[2] not in excluded), None)
    return Match(
        index=best_i,
        score=round(best_score, 3),
        shared=shared,
        runner_up=runner[2] if runner else None,
        runner_up_score=round(runner[0], 3) if runner else 0.0,
        negated=tuple(dict.fromkeys(negated)),
    )


# --------------------------------------------------------------------------- evaluation

PARAPHRASE_COLUMNS = ("scenario", "node", "text", "option", "split")
OUTCOMES = (
    "played, right move",
    "played, wrong move",
    "asked; right move among the two",
    "asked; right move not among the two",
    "no match",
    "held back (label none)",
    "played (label none)",
)


@dataclass(frozen=True)
class Paraphrase:
    line: int
    scenario: str
    node: str
    text: str
    option: str  # an option id, or "none"
    split: str


def paraphrases_path() -> Path:
    from .loader import scenarios_dir

    return scenarios_dir() / "paraphrases.csv"


def load_paraphrases(path: str | Path | None = None) -> list[Paraphrase]:
    """Rows of the labelled paraphrase file, checked against the scenarios they name."""
    from ..data import DataError, _read_csv
    from .loader import load_scenarios

    path = Path(path) if path is not None else paraphrases_path()
    scenarios = load_scenarios()
    out = []
    for line, rec in _read_csv(path, PARAPHRASE_COLUMNS):

        def err(column: str, problem: str, fix: str) -> DataError:
            return DataError(path, problem, fix, row=line, column=column)  # noqa: B023

        s = scenarios.get(rec["scenario"])
        if s is None:
            raise err(
                "scenario",
                f"unknown scenario '{rec['scenario']}'",
                f"use one of: {', '.join(scenarios)}",
            )
        node = s.nodes.get(rec["node"])
        if node is None or node.is_ending:
            raise err(
                "node",
                f"'{rec['node']}' is not a conversation node of {s.id}",
                "use a node id that has options",
            )
        ids = [o.id for o in node.options]
        if rec["option"] != "none" and rec["option"] not in ids:
            raise err(
                "option",
                f"'{rec['option']}' is not an option id at {s.id} {node.id}",
                f"use one of: {', '.join(ids)}, or none",
            )
        if rec["split"] not in ("tune", "test"):
            raise err("split", f"unknown split '{rec['split']}'", "use tune or test")
        if not rec["text"]:
            raise err("text", "is empty", "write the typed move")
        out.append(Paraphrase(line, s.id, node.id, rec["text"], rec["option"], rec["split"]))
    return out


def outcome(row: Paraphrase) -> tuple[str, Match | None]:
    """What the solo client does with this typed text at its node (all the node's options)."""
    from .loader import get_scenario

    options = get_scenario(row.scenario).nodes[row.node].options
    m = match_option(row.text, options)
    want = row.option
    if want == "none":
        return ("played (label none)" if m and m.confident else "held back (label none)"), m
    if m is None:
        return "no match", m
    right = options[m.index].id == want
    if m.confident:
        return ("played, right move" if right else "played, wrong move"), m
    among = want in {options[i].id for i in m.nearest}
    return (
        "asked; right move among the two" if among else "asked; right move not among the two"
    ), m


def evaluate(rows: Iterable[Paraphrase]) -> dict:
    """Counts of each outcome, plus the headline rates (see :func:`report`)."""
    rows = list(rows)
    counts: Counter[str] = Counter()
    per: dict[str, Counter[str]] = {}
    top1 = labelled = 0
    misses = []
    for row in rows:
        what, m = outcome(row)
        counts[what] += 1
        per.setdefault(row.scenario, Counter())[what] += 1
        if row.option != "none":
            labelled += 1
            from .loader import get_scenario

            options = get_scenario(row.scenario).nodes[row.node].options
            if m is not None and options[m.index].id == row.option:
                top1 += 1
        if what in (
            "played, wrong move",
            "asked; right move not among the two",
            "no match",
            "played (label none)",
        ):
            misses.append((row, what))
    n = len(rows)
    none_rows = counts["held back (label none)"] + counts["played (label none)"]
    return {
        "rows": n,
        "labelled": labelled,
        "counts": counts,
        "per_scenario": per,
        "top1": top1 / labelled if labelled else 0.0,
        "played_right": counts["played, right move"] / labelled if labelled else 0.0,
        "reached": (counts["played, right move"] + counts["asked; right move among the two"])
        / labelled
        if labelled
        else 0.0,
        "wrong_play": (counts["played, wrong move"] + counts["played (label none)"]) / n
        if n
        else 0.0,
        "none_held": counts["held back (label none)"] / none_rows if none_rows else 0.0,
        "none_rows": none_rows,
        "misses": misses,
    }


def report(result: dict, title: str) -> str:
    r = result
    lines = [
        f"Typed-move matching, {title}: {r['rows']} rows ({r['labelled']} labelled with a move, "
        f"{r['none_rows']} labelled none)",
        f"  nearest option is the labelled move (top-1):        {r['top1']:.1%}",
        f"  played straight away and right:                    {r['played_right']:.1%}",
        f"  right move played or among the two offered:        {r['reached']:.1%}",
        f"  a wrong move played without asking (all rows):     {r['wrong_play']:.1%}",
        f"  'none' rows not played:                            {r['none_held']:.1%}",
        "  outcomes: " + "; ".join(f"{k} {r['counts'][k]}" for k in OUTCOMES if r["counts"][k]),
    ]
    for sid, c in sorted(r["per_scenario"].items()):
        lines.append(f"    {sid}: " + "; ".join(f"{k} {c[k]}" for k in OUTCOMES if c[k]))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m partnerkit.roleplay.matching", description=__doc__.split("\n\n")[0]
    )
    ap.add_argument(
        "--evaluate", action="store_true", help="measure matching on labelled paraphrases"
    )
    ap.add_argument("--split", default="test", choices=("test", "tune", "all"))
    ap.add_argument(
        "--file", default=None, help="paraphrase CSV (default data/scenarios/paraphrases.csv)"
    )
    ap.add_argument("--misses", action="store_true", help="list the rows handled wrongly")
    args = ap.parse_args(argv)
    if not args.evaluate:
        ap.print_help()
        return 2
    rows = [r for r in load_paraphrases(args.file) if args.split == "all" or r.split == args.split]
    if not rows:
        print(f"no '{args.split}' rows in the paraphrase file", file=sys.stderr)
        return 1
    result = evaluate(rows)
    print(report(result, f"split '{args.split}'"))
    if args.misses:
        for row, what in result["misses"]:
            print(f"  line {row.line} {row.scenario} {row.node} [{row.option}] {what}: {row.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
