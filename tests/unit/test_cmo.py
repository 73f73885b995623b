"""Notebook 03: the CMO prediction against the evidence, the shadow-IT chart, the explorer."""

from __future__ import annotations

import pytest

from partnerkit import data
from partnerkit.cmo import (
    EVIDENCE,
    EVIDENCE_IDS,
    VERDICTS,
    evidence_chart,
    evidence_note,
    summary_lines,
    verdict_feedback,
)
from partnerkit.journal import Journal
from partnerkit.shadow_it import IDC_SHADOW_IT_DEFINITION, SHADOW_IDS, shadow_it_chart
from partnerkit.widgets.cmo import cmo_explorer


def all_y(chart) -> list[float]:
    return [float(v) for t in chart.figure.data for v in t.y]


def test_2016_check_keeps_the_two_data_sets_apart():
    chart = evidence_chart("check_2016")
    cmo, cio = (data.stat(i) for i in EVIDENCE_IDS["check_2016"])
    assert [t.type for t in chart.figure.data] == ["bar", "bar"]
    assert [list(t.y) for t in chart.figure.data] == [[cmo.value], [cio.value]]
    assert "CMO" in chart.figure.data[0].name and "CIO" in chart.figure.data[1].name
    assert list(chart.figure.layout.yaxis.range) == [0, 4.5]  # small values stay readable
    assert "different" in chart.takeaway and cmo.formatted() in chart.takeaway
    assert "Sorofman" in chart.figure.layout.annotations[-1].text
    assert cmo.value < cio.value  # the sourced figures: CMOs still below CIOs in 2016


def test_budget_chart_is_one_survey_two_years():
    chart = evidence_chart("budgets")
    b16, b17 = (data.stat(i) for i in EVIDENCE_IDS["budgets"])
    assert len(chart.figure.data) == 1 and chart.values == [b16.value, b17.value]
    assert "shrank" in chart.title and "CNBC" in " ".join(chart.sources)
    assert b16.formatted() in chart.alt_text and b17.formatted() in chart.alt_text
    assert "one measure" in chart.alt_text and "measures differ" not in chart.alt_text


def test_martech_cut_is_told_in_words_not_drawn_as_a_bar():
    chart = evidence_chart("martech")
    s16, change, s18 = (data.stat(i) for i in EVIDENCE_IDS["martech"])
    assert change.value < 0
    assert all_y(chart) == [s16.value, s18.value]
    assert len(chart.figure.data) == 2  # two survey editions, two traces
    assert f"{abs(change.value):g}%" in chart.takeaway
    assert "relative change" in evidence_note("martech")


@pytest.mark.parametrize("view", list(EVIDENCE))
def test_every_evidence_view_has_title_source_note_and_table(view):
    chart = evidence_chart(view)
    assert chart.title and chart.sources and chart.takeaway and len(chart.table)
    assert chart.figure.layout.yaxis.title.text
    assert evidence_note(view)


def test_unknown_evidence_or_verdict_is_refused():
    with pytest.raises(ValueError, match="unknown evidence"):
        evidence_chart("2019")
    with pytest.raises(ValueError, match="unknown evidence"):
        evidence_note("2019")
    with pytest.raises(ValueError, match="unknown verdict"):
        verdict_feedback("maybe")


def test_verdicts_are_explained_with_sourced_numbers():
    cmo = data.stat("gartner_cmo_tech_spend_pct_revenue_2016").formatted()
    cio = data.stat("gartner_cio_it_spend_pct_revenue_2016").formatted()
    kinds = {}
    for choice in VERDICTS:
        kind, message = verdict_feedback(choice)
        kinds[choice] = kind
        assert cmo in message and cio in message
    assert kinds == {"came_true": "try-again", "did_not": "partly", "unsettled": "good"}
    assert "did not clearly come true" in verdict_feedback("came_true")[1]


def test_summary_lines_cover_every_evidence_figure():
    lines = summary_lines()
    assert len(lines) == sum(len(v) for v in EVIDENCE_IDS.values())
    assert any(line.startswith("2017  -15%") for line in lines)


def test_shadow_it_chart_has_one_trace_per_base():
    chart = shadow_it_chart()
    stats = [data.stat(i) for i in SHADOW_IDS]
    assert [list(t.y) for t in chart.figure.data] == [[s.value] for s in stats]
    groups = [t.customdata[0][0] for t in chart.figure.data]
    assert len(set(groups)) == 3  # enterprises, IT organisations, transformations
    assert "three different bases" in chart.title
    assert "Gartner" in chart.sources[0]
    assert "without the knowledge, involvement or support" in IDC_SHADOW_IT_DEFINITION


# --------------------------------------------------------------------------- the explorer


def test_explorer_hides_evidence_until_a_verdict(tmp_journal):
    box = cmo_explorer()
    assert box.verdict.value is None
    assert box.evidence.layout.display == "none"
    assert "verdict first" in box.feedback.value
    box.verdict.value = "came_true"
    assert box.evidence.layout.display is None
    assert "does not show that" in box.feedback.value
    assert Journal(tmp_journal).get("03.cmo.verdict") == "came_true"


def test_explorer_steps_through_evidence_and_remembers(tmp_journal):
    box = cmo_explorer()
    box.verdict.value = "unsettled"
    assert box.panel.chart.title.startswith("Gartner's own check")
    box.step.value = "budgets"
    assert "Marketing budgets shrank" in box.panel.chart.title
    assert data.stat("gartner_marketing_budget_pct_revenue_2017").formatted() in box.note.value
    box.step.value = "martech"
    assert "Marketing technology" in box.panel.chart.title
    assert "relative change" in box.note.value
    assert Journal(tmp_journal).get("03.cmo.view") == "martech"
    again = cmo_explorer()  # as after a kernel restart + Run All
    assert again.verdict.value == "unsettled" and again.step.value == "martech"
    assert again.evidence.layout.display is None
    assert "kit&#x27;s reading" in again.feedback.value


def test_explorer_ignores_unknown_saved_values(tmp_journal):
    j = Journal(tmp_journal)
    j.set("03.cmo.verdict", "<script>")
    j.set("03.cmo.view", {"view": "budgets"})
    box = cmo_explorer()
    assert box.verdict.value is None and box.step.value == "check_2016"
    assert box.evidence.layout.display == "none"


def test_explorer_in_static_mode_returns_no_widget(monkeypatch):
    monkeypatch.setenv("PARTNERKIT_STATIC", "1")
    assert cmo_explorer() is None


def test_budget_evidence_draws_no_conclusion_the_data_does_not_support():
    """A shrinking marketing budget does not by itself mean less technology spend (the martech
    share rose), and CMOs need not grow their budget to overtake CIOs (issue 11)."""
    chart = evidence_chart("budgets")
    note = evidence_note("budgets")
    for text in (chart.takeaway, note):
        assert "less money for technology" not in text
        assert "would need to grow" not in text
    s16, s18 = (
        data.stat(i)
        for i in (
            "gartner_martech_share_of_marketing_2016",
            "gartner_martech_share_of_marketing_2018",
        )
    )
    assert s18.value > s16.value  # the premise of the note below
    assert "share" in note and s16.formatted() in note and s18.formatted() in note
    assert "cannot settle" in note
