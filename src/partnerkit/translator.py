"""Claim C7, "learn to speak their language": feedback on a status update rewritten for a
business client.

Each flag is explained: glossary jargon comes with its plain meaning (``data/glossary.csv``),
unknown capitalised abbreviations are queried, and business-outcome words (customers, cost,
speed to market ...) are counted. Deterministic and offline; any text, of any length, is safe:
every piece of HTML built here is escaped.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .data import data_dir
from .jargon import TermMatch, find_jargon, find_outcomes
from .learner_text import strip_bidi_controls
from .yamlfile import Fields, read_yaml

MIN_OUTCOMES = 2  # distinct business-outcome words to aim for
MIN_WORDS = 15
LONG_WORDS = 120  # the task asks for 60-100
LONG_SENTENCE = 20  # average words per sentence (plain-language guidance)
PREVIEW_CHARS = 4000
MAX_CHECK = 20_000  # characters checked; a status update is a few hundred
MAX_ABBREVIATIONS = 20
# Abbreviations a business reader knows; not flagged.
COMMON_ABBREVIATIONS = frozenset(
    "CEO CFO COO CMO CIO CTO CDO CHRO HR IT KPI ROI UK US USA EU UN OK AM PM FAQ PDF VIP TV ID "
    "PR VAT GDPR NHS CSV AI ASAP FYI ETA".split()
)
_ABBREV_RE = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]{1,5})(s?)(?![\w-])")
_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_SENTENCE_RE = re.compile(r"[.!?\n]+")


@dataclass(frozen=True)
class Example:
    audience: str
    task: str
    original: str


def load_example(path: str | Path | None = None) -> Example:
    """Read and validate ``data/translator.yaml``; errors name the file and the field."""
    path = Path(path) if path is not None else data_dir() / "translator.yaml"
    doc = read_yaml(path)
    f = Fields(path)
    original = doc.get("original")
    if not isinstance(original, str) or not original.strip():
        raise f.error(
            "original", "is missing or empty", "paste the IT status update after 'original: |-'"
        )
    return Example(
        f.text(doc, "audience", "audience"), f.text(doc, "task", "task"), original.strip()
    )


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> Example:
    return load_example(path)


def example() -> Example:
    path = data_dir() / "translator.yaml"
    return _cached(str(path), path.stat().st_mtime if path.exists() else 0.0)


@dataclass(frozen=True)
class Flag:
    kind: str  # "jargon" or "abbreviation"
    term: str  # the glossary term (or the abbreviation itself)
    found: str  # how it was first written
    count: int
    explanation: str


@dataclass(frozen=True)
class Review:
    words: int
    sentences: int
    jargon: tuple[Flag, ...]
    abbreviations: tuple[Flag, ...]
    outcomes: tuple[tuple[str, int], ...]  # (outcome term, times used)
    ready: bool
    summary: str
    tips: tuple[str, ...]
    matches: tuple[TermMatch, ...]  # jargon and outcome matches, for highlighting

    @property
    def jargon_count(self) -> int:
        return sum(f.count for f in self.jargon)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def jargon_explanation(found: str, plain_meaning: str, count: int = 1) -> str:
    times = f" (used {count} times)" if count > 1 else ""
    return (
        f"\u201c{found}\u201d{times} is IT jargon. To your client it means: {plain_meaning}. "
        "Say that instead, or explain it the first time you use it."
    )


def abbreviation_explanation(found: str) -> str:
    return (
        f"\u201c{found}\u201d looks like an abbreviation the kit's glossary does not know. Will "
        "your client know it? If not, spell it out or leave it out."
    )


def _group(matches: list[TermMatch]) -> list[tuple[TermMatch, int]]:
    counts = Counter(m.term for m in matches)
    first: dict[str, TermMatch] = {}
    for m in matches:
        first.setdefault(m.term, m)
    return [(m, counts[t]) for t, m in first.items()]


def review(text: str | None) -> Review:
    """Explained feedback on a rewritten update. Never raises on odd input."""
    text = text if isinstance(text, str) else ""
    cut = len(text) > MAX_CHECK
    text = text[:MAX_CHECK]
    jargon = find_jargon(text)
    outcomes = find_outcomes(text)
    taken = [(m.start, m.end) for m in jargon]
    abbrevs: list[TermMatch] = []
    for m in _ABBREV_RE.finditer(text):
        word = m.group(1)
        if word in COMMON_ABBREVIATIONS or any(s < m.end() and m.start() < e for s, e in taken):
            continue
        abbrevs.append(TermMatch(word, m.group(0), m.start(), m.end(), "abbreviation", ""))
    words = len(_WORD_RE.findall(text))
    sentences = len([s for s in _SENTENCE_RE.split(text) if _WORD_RE.search(s)])
    jargon_flags = tuple(
        Flag("jargon", m.term, m.found, n, jargon_explanation(m.found, m.plain_meaning, n))
        for m, n in _group(jargon)
    )
    abbrev_flags = tuple(
        Flag("abbreviation", m.term, m.found, n, abbreviation_explanation(m.found))
        for m, n in _group(abbrevs)[:MAX_ABBREVIATIONS]
    )
    outcome_terms = tuple((m.term, n) for m, n in _group(outcomes))
    n_jargon = len(jargon_flags)
    ready = n_jargon == 0 and len(outcome_terms) >= MIN_OUTCOMES and words >= MIN_WORDS
    tips = []
    if not text.strip():
        summary = "Nothing written yet. Write your version for the client in the box."
    else:
        summary = (
            f"{_plural(n_jargon, 'jargon term')} to translate \u00b7 "
            f"{_plural(len(outcome_terms), 'business-outcome word')} "
            f"(aim for {MIN_OUTCOMES} or more) \u00b7 {_plural(words, 'word')}."
        )
        if cut:
            summary += f" (Only the first {MAX_CHECK:,} characters were checked.)"
        if ready:
            summary += " No glossary jargon and the client can see what it means for them."
        if words < MIN_WORDS:
            tips.append(
                "Very short: say what happened, what it meant for the client, and what comes next."
            )
        if words > LONG_WORDS:
            tips.append(
                f"Long ({words} words): a busy client reads the first lines. Aim for 60-100 words."
            )
        if sentences and words / sentences > LONG_SENTENCE:
            tips.append(
                f"Sentences average {round(words / sentences)} words; under {LONG_SENTENCE} is "
                "easier to read."
            )
        if len(outcome_terms) < MIN_OUTCOMES:
            tips.append(
                "Say what it means for the client's business: customers, waiting time, cost, "
                "risk, revenue, user experience, speed to market."
            )
    matches = tuple(sorted([*jargon, *outcomes], key=lambda m: (m.start, m.kind != "jargon")))
    return Review(
        words,
        sentences,
        jargon_flags,
        abbrev_flags,
        outcome_terms,
        ready,
        summary,
        tuple(tips),
        matches,
    )


def highlight_html(text: str, matches, limit: int = PREVIEW_CHARS) -> str:
    """The text, escaped, with jargon and outcome words marked (first ``limit`` characters).

    Jargon is wrapped in ``<mark class="pk-jargon">`` with the plain meaning as its title and
    outcome words in ``<mark class="pk-outcome">``; the mark's visible style differs in more
    than colour (underline vs bold). Overlapping matches keep the first (jargon wins)."""
    text = text if isinstance(text, str) else ""
    shown = text[:limit]
    matches = [m for m in matches if m.end <= len(shown)]
    out, pos = [], 0
    for m in matches:
        if m.start < pos or m.end > len(shown):
            continue
        out.append(html.escape(strip_bidi_controls(shown[pos : m.start])))
        piece = html.escape(strip_bidi_controls(shown[m.start : m.end]))
        if m.kind == "jargon":
            out.append(
                f'<mark class="pk-jargon" title="{html.escape(m.plain_meaning, quote=True)}" '
                'style="background:#F0E442;color:#000;text-decoration:underline wavy #D55E00">'
                f"{piece}</mark>"
            )
        else:
            out.append(
                '<mark class="pk-outcome" style="background:#cfe8f6;color:#000;font-weight:bold">'
                f"{piece}</mark>"
            )
        pos = m.end
    out.append(html.escape(strip_bidi_controls(shown[pos:])))
    more = ""
    if len(text) > limit:
        more = (
            f'<p class="pk-note">(Showing the first {limit:,} of {len(text):,} characters; '
            "the counts above cover all of it.)</p>"
        )
    body = "".join(out)
    return (
        '<div class="pk-highlight" style="white-space:pre-wrap">'
        f'<bdi class="pk-learner-text">{body}</bdi></div>{more}'
    )
