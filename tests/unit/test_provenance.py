"""No statistics row states a population, method or caveat that its source does not.

``tests/unit/reference/statistics_provenance.csv`` holds, for every row of
``data/statistics.csv``, the words our sources actually use about who was counted
(``population_evidence``) and how the number was made (``method_evidence``), copied from the
project's verified source table (the research notes' sources.md and statistics.csv). An empty
cell means no source we read states it: the row must then say "not stated" (and "not
verified"), never a guess such as "Gartner clients" or "analyst estimate".

The evidence is committed with the kit so the test runs in any checkout, without the
research notes.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from partnerkit import data

EVIDENCE_FILE = Path(__file__).parent / "reference" / "statistics_provenance.csv"

# what the evidence must say before a row may use each method label
METHOD_NEEDS = {
    "survey": ("survey",),
    "survey estimate": ("survey", "estimat"),
    "analyst estimate": ("estimate",),
    "market model": ("spending guide", "model"),
    "forecast": ("forecast",),
    "quoted in the column": ("column",),
    "recruiter count (as reported)": ("recruiter", "reported"),
    "company count (summary)": ("summary",),
    "illustrative example": ("illustrative",),
}
# words that characterise a sample; a row may use one only if its source does
LOADED_WORDS = ("client", "reader", "self-selected", "jointly", "members", "subscriber")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def evidence() -> dict[str, dict[str, str]]:
    with EVIDENCE_FILE.open(encoding="utf-8", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def problems(row: dict[str, str], ev: dict[str, str]) -> list[str]:
    """Everything in ``row`` (population, method, caveat) that ``ev`` does not back."""
    found = []
    pop, method = row["population"], row["method"]
    pop_ev, method_ev = ev["population_evidence"], ev["method_evidence"]
    said = f"{pop_ev} {method_ev}".lower()
    if not pop_ev:
        if "not stated" not in pop.lower():
            found.append(f"population {pop!r}: no source states it; say 'not stated'")
        elif "not verified" not in pop.lower() and "column" not in pop.lower():
            found.append(f"population {pop!r}: add 'not verified'")
    else:
        for num in _NUMBER.findall(pop):
            if num.rstrip(",.") not in pop_ev:
                found.append(f"population number {num!r} not in the source's words")
    if not method_ev:
        if method != "not stated":
            found.append(f"method {method!r}: no source states how; use 'not stated'")
    else:
        for need in METHOD_NEEDS.get(method, ("\0no such method",)):
            if need not in method_ev.lower():
                found.append(f"method {method!r}: the source's words do not say {need!r}")
    for word in LOADED_WORDS:
        for field in ("population", "caveat"):
            if word in row[field].lower() and word not in said:
                found.append(f"{field} says {word!r}, which no source for this row says")
    return found


def shipped_rows() -> list[dict[str, str]]:
    path = data.data_dir() / "statistics.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_statistic_has_provenance_evidence_and_no_stale_entries():
    ids = [r["id"] for r in shipped_rows()]
    assert sorted(ids) == sorted(evidence()), (
        "statistics.csv and tests/unit/reference/statistics_provenance.csv list different ids"
    )


@pytest.mark.parametrize("row", shipped_rows(), ids=lambda r: r["id"])
def test_row_states_only_what_its_source_states(row):
    assert problems(row, evidence()[row["id"]]) == []


def test_unstated_rows_are_marked_for_the_learner():
    """The paywalled Gartner note and Gartner's CIO figure say nothing public about who or how."""
    stats = data.statistics()
    for sid in (
        "gartner_controlled_outside_it_2016",
        "gartner_shadow_it_comfortable_2016",
        "gartner_cio_it_spend_pct_revenue_2016",
    ):
        s = stats[sid]
        assert s.method == "not stated" and "not verified" in s.population, sid
    assert "reader" not in stats["ciocom_cio_reports_to_ceo_2017"].caveat.lower()


@pytest.mark.parametrize(
    "change, words",
    [
        (
            {
                "population": "Gartner clients (method not visible: paywalled research note)",
                "method": "analyst estimate",
            },
            "no source states it",
        ),
        ({"method": "analyst estimate"}, "no source states how"),
        ({"caveat": "a self-selected readership survey"}, "'reader'"),
        ({"population": "Nearly 900 heads of IT surveyed by CIO.com (IDG)"}, "'900'"),
        ({"method": "forecast"}, "do not say 'forecast'"),
    ],
)
def test_the_check_catches_the_errors_it_exists_for(change, words):
    """The rows as they stood before issue 11, and similar slips, are caught."""
    rows = {r["id"]: r for r in shipped_rows()}
    sid = (
        "ciocom_cio_reports_to_ceo_2017"
        if "900" in str(change) or "reader" in str(change) or "forecast" in str(change)
        else "gartner_controlled_outside_it_2016"
    )
    found = problems(dict(rows[sid], **change), evidence()[sid])
    assert any(words in p for p in found), found
