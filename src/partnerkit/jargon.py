"""Find glossary terms in free text: IT jargon to translate, and business-outcome words.

Deterministic, offline and linear in the input: one compiled regular expression per glossary
kind, matched on word boundaries, case-insensitively (acronyms such as ``SLA`` also match
``sla``). Used by the jargon translator (notebooks) and the question coach (exercises).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import data


@dataclass(frozen=True)
class TermMatch:
    term: str  # the glossary entry's main term
    found: str  # the text as written by the learner
    start: int
    end: int
    kind: str
    plain_meaning: str


@lru_cache(maxsize=16)
def _pattern(entries: tuple[data.GlossaryEntry, ...], kind: str):
    forms: dict[str, data.GlossaryEntry] = {}
    for e in entries:
        if e.kind == kind:
            for form in e.forms:
                forms.setdefault(form.lower(), e)
    if not forms:
        return None, {}
    # longest first so "mean time to repair" wins over "repair"
    alts = sorted(forms, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"[\s\-]+") for a in alts)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE), forms


def find_terms(text: str, kind: str = "jargon", entries=None) -> list[TermMatch]:
    """All glossary terms of ``kind`` in ``text``, in order, without overlaps."""
    if not text:
        return []
    entries = tuple(entries if entries is not None else data.glossary())
    pattern, forms = _pattern(entries, kind)
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        key = re.sub(r"[\s\-]+", " ", m.group(0).lower())
        entry = forms.get(key) or forms.get(m.group(0).lower())
        if entry is None:  # a hyphen/space variant of a multi-word form
            entry = next((e for f, e in forms.items() if re.sub(r"[\s\-]+", " ", f) == key), None)
        if entry is None:
            continue
        out.append(TermMatch(entry.term, m.group(0), m.start(), m.end(), kind, entry.plain_meaning))
    return out


def find_jargon(text: str, entries=None) -> list[TermMatch]:
    return find_terms(text, "jargon", entries)


def find_outcomes(text: str, entries=None) -> list[TermMatch]:
    return find_terms(text, "outcome", entries)
