"""Notebook 07: CIOs reporting to the CEO by population, the executive committee chart,
the unverified-quote labels, and the explorer."""

from __future__ import annotations

import html

import pytest

from partnerkit import cio, data
from partnerkit.charts import PATTERN_APPROX
from partnerkit.cio import (
    POPULATIONS,
    SOURCES,
    VIEWS,
    exec_committee_chart,
    population_card,
    reporting_chart,
    summary_lines,
)
from partnerkit.journal import Journal
from partnerkit.sorting import load_activity
from partnerkit.widgets.cio import reporting_explorer


def group_labels(chart) -> list[str]:
    anns = [a for a in chart.figure.layout.annotations if a.text.startswith("<b>")]
    return [a.text[3:-4] for a in sorted(anns, key=lambda a: a.x)]


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_view_draws_one_bar_trace_per_source(view):
    chart = reporting_chart(view)
    shown = [s for s in SOURCES if view != "f500" or s.f500_group]
    assert [t.type for t in chart.figure.data] == ["bar"] * len(shown)
    for trace, src in zip(chart.figure.data, shown, strict=True):
        assert trace.name == src.name
        assert list(trace.y) == [data.stat(i).value for i in src.stat_ids]
    assert chart.figure.layout.yaxis.title.text == "% reporting to the CEO"


def test_population_view_groups_by_who_was_counted():
    chart = reporting_chart("population")
    assert group_labels(chart) == list(POPULATIONS.values())
    kornferry = chart.figure.data[0]
    assert chart.values == [46.0, 53.0]  # Korn/Ferry, as the WSJ reports it
    assert list(kornferry.text) == ["46%", "more than 53%"]
    assert kornferry.marker.pattern.shape[1] == PATTERN_APPROX
    note = chart.figure.layout.annotations[-1].text
    for publisher in ("Wall Street Journal", "Spencer Stuart", "Harvey Nash", "CIO.com"):
        assert publisher in note


def test_fortune_500_view_shows_only_the_two_recruiters():
    chart = reporting_chart("f500")
    names = [t.name for t in chart.figure.data]
    assert len(names) == 2 and all("Fortune 500" in n for n in names)
    assert "Same population, different answers" in chart.title


def test_year_view_is_labelled_as_a_trap_and_still_never_merges_sources():
    chart = reporting_chart("year")
    assert "NOT a trend" in chart.title
    assert "never read these as one series" in chart.takeaway
    assert len(chart.figure.data) == len(SOURCES)
    labels = group_labels(chart)
    assert labels[0] == "About 2011" and labels[-1] == "2020"


def test_population_card_names_who_each_source_counted():
    card = population_card("population")
    for src in SOURCES:
        assert html.escape(src.who) in card
    assert "Spencer Stuart" in population_card("f500")
    assert "Harvey Nash" not in population_card("f500")
    with pytest.raises(ValueError, match="unknown view"):
        population_card("region")
    with pytest.raises(ValueError, match="unknown view"):
        reporting_chart("region")


def test_exec_committee_chart_uses_the_survey_series():
    chart = exec_committee_chart()
    s05 = data.stat("harveynash_cio_exec_committee_2005")
    s17 = data.stat("harveynash_cio_exec_committee_2017")
    assert chart.values == [s05.value, s17.value]
    assert "not the same as reporting to the CEO" in chart.takeaway
    assert "KPMG" in chart.sources[0]


def test_unverified_quote_is_labelled_and_verified_quotes_match_the_source_text():
    assert cio.CIO_PRIORITIES_STATUS == "quoted by the column; not verified in the source"
    assert "backroom function" in cio.CORNELL_QUOTE
    assert cio.MCNAMARA_PHRASE == "very involved with strategy planning"
    assert "month not verified" in cio.WSJ_CITATION


def test_summary_lines_cover_every_figure():
    lines = summary_lines()
    assert len(lines) == sum(len(s.stat_ids) for s in SOURCES) + 2
    assert any("more than 53%" in line and "Fortune 500" in line for line in lines)


def test_outcome_activity_offers_the_three_outcomes_and_an_enabler():
    activity = load_activity("07_outcomes")
    labels = [o.label for o in activity.options]
    assert labels[:3] == [
        "User experience",
        "Speed to market",
        "Technology in front of customers",
    ]
    assert any(it.accept == ("enabler",) for it in activity.items)
    assert all(it.say_it for it in activity.items)


# --------------------------------------------------------------------------- the explorer


def test_explorer_switches_view_card_and_remembers(tmp_journal):
    box = reporting_explorer()
    assert box.toggle.value == "population"
    assert len(box.panel.chart.figure.data) == len(SOURCES)
    box.toggle.value = "f500"
    assert len(box.panel.chart.figure.data) == 2
    assert "Harvey Nash" not in box.card.value and "Korn/Ferry" in box.card.value
    assert "Same population" in box.panel.notes.value
    assert Journal(tmp_journal).get("07.reporting.view") == "f500"
    again = reporting_explorer()
    assert again.toggle.value == "f500" and len(again.panel.chart.figure.data) == 2


def test_explorer_ignores_unknown_saved_view(tmp_journal):
    Journal(tmp_journal).set("07.reporting.view", ["year"])
    assert reporting_explorer().toggle.value == "population"


def test_explorer_in_static_mode_returns_no_widget(monkeypatch):
    monkeypatch.setenv("PARTNERKIT_STATIC", "1")
    assert reporting_explorer() is None


def test_fixed_charts_are_shown_in_a_panel_or_statically(monkeypatch):
    from partnerkit.widgets.chart_view import chart_view
    from partnerkit.widgets.common import ChartPanel

    panel = chart_view(exec_committee_chart())
    assert isinstance(panel, ChartPanel) and "executive committee" in panel.notes.value
    monkeypatch.setenv("PARTNERKIT_STATIC", "1")
    assert chart_view(exec_committee_chart()) is None


def test_korn_ferry_years_are_both_approximate_everywhere_the_learner_reads_them():
    """The WSJ article is dated only to 2016 and its baseline is "five years ago"."""
    labels = [lab for s in cio.SOURCES if s.key == "kornferry" for lab in s.labels]
    assert all("about" in lab for lab in labels), labels
    lines = [ln for ln in cio.summary_lines() if "Fortune 500 CIOs reporting" in ln]
    assert lines and all(ln.startswith("about 20") for ln in lines[:2]), lines
    assert group_labels(reporting_chart("year"))[:2] == ["About 2011", "About 2016"]


def test_no_unsourced_description_of_the_cio_com_sample_or_the_wsj_author():
    """CIO.com says only that it surveyed nearly 650 heads of IT; the column names no author."""
    ciocom = cio.BY_KEY["ciocom"]
    shown = " ".join((ciocom.name, ciocom.who, *cio.VIEW_TAKEAWAYS.values()))
    assert "reader" not in shown.lower() and "650" in ciocom.who
    assert "names no author" in cio.WSJ_CITATION
    assert not cio.WSJ_CITATION.startswith("Kim")
