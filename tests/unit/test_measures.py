"""Notebook 02: the grouped bar builder, the measures comparator and its explorer."""

from __future__ import annotations

import dataclasses
import html

import pytest

from partnerkit import data
from partnerkit.charts import PALETTE, PATTERN_APPROX, PATTERN_FORECAST
from partnerkit.grouped_charts import Series, grouped_bar_chart
from partnerkit.journal import Journal
from partnerkit.measures import (
    BY_KEY,
    COUNTED,
    DEFINITIONS,
    LENSES,
    MEASURES,
    METHOD_GROUPS,
    group_order,
    measure_card,
    measures_chart,
    summary_lines,
)
from partnerkit.widgets.measures import measures_explorer


def group_labels(chart) -> list[str]:
    """The bold group labels under the axis, in left-to-right order."""
    anns = [a for a in chart.figure.layout.annotations if a.text.startswith("<b>")]
    anns.sort(key=lambda a: a.x)
    return [a.text[3:-4] for a in anns]


# --------------------------------------------------------------------------- the chart


@pytest.mark.parametrize("lens", list(LENSES))
def test_each_measure_is_its_own_bar_trace_never_a_line(lens):
    chart = measures_chart(lens)
    traces = chart.figure.data
    assert [t.type for t in traces] == ["bar"] * len(MEASURES)
    assert [t.name for t in traces] == [m.name for m in MEASURES]
    for trace, m in zip(traces, MEASURES, strict=True):
        # one trace holds exactly one measure's figures, read from data/statistics.csv
        assert list(trace.y) == [data.stat(i).value for i in m.stat_ids]
        assert {data.stat(i).unit for i in m.stat_ids} == {m.stats[0].unit}
    assert chart.figure.layout.barmode != "stack"
    assert LENSES[lens].lower() in chart.title


def test_definition_lens_groups_bars_by_definition_in_order():
    chart = measures_chart("definition")
    assert group_labels(chart) == list(DEFINITIONS.values())
    # bars of one group sit next to each other on the axis
    order = list(chart.figure.layout.xaxis.categoryarray)
    for m in MEASURES:
        for lab in m.labels:
            assert lab in order
    pwc = BY_KEY["pwc"].labels
    assert order.index(pwc[1]) == order.index(pwc[0]) + 1
    controlled = BY_KEY["gartner_controlled"].labels + BY_KEY["gartner_prentice"].labels
    positions = sorted(order.index(lab) for lab in controlled)
    assert positions == list(range(positions[0], positions[0] + len(positions)))
    # a dashed divider between each pair of neighbouring groups
    dividers = [s for s in chart.figure.layout.shapes if s.line.dash == "dash"]
    assert len(dividers) == len(DEFINITIONS) - 1


def test_counted_lens_separates_projects_from_money():
    chart = measures_chart("counted")
    assert group_labels(chart) == list(COUNTED.values())
    for trace in chart.figure.data:
        groups = {c[0] for c in trace.customdata}
        expected = "Projects" if trace.name == BY_KEY["idc_projects"].name else "Money"
        assert len(groups) == 1 and next(iter(groups)).startswith(expected)


def test_method_lens_puts_every_forecast_in_the_forecast_group():
    chart = measures_chart("method")
    forecast_group = METHOD_GROUPS["forecast"].replace("<br>", " ")
    seen_forecasts = 0
    for trace, m in zip(chart.figure.data, MEASURES, strict=True):
        for s, custom in zip(m.stats, trace.customdata, strict=True):
            assert (custom[0] == forecast_group) == s.is_forecast
            seen_forecasts += s.is_forecast
    assert seen_forecasts == 3  # Gartner keynote 2020, Prentice 2015, IDC 2019


def test_forecasts_cross_hatched_and_approximate_values_hatched():
    chart = measures_chart()
    for trace, m in zip(chart.figure.data, MEASURES, strict=True):
        for s, shape, text in zip(m.stats, trace.marker.pattern.shape, trace.text, strict=True):
            if s.is_forecast:
                assert shape == PATTERN_FORECAST and "(forecast)" in text
            elif s.qualifier:
                assert shape == PATTERN_APPROX and text.startswith(s.qualifier)
            else:
                assert shape == ""
            assert s.formatted() in text
    assert {t.marker.color for t in chart.figure.data} <= set(PALETTE)


def test_sources_alt_text_and_table_cover_every_figure():
    chart = measures_chart()
    n = sum(len(m.stat_ids) for m in MEASURES)
    assert len(chart.table) == n and list(chart.table.columns[:2]) == ["Measure", "Group"]
    source_note = chart.figure.layout.annotations[-1].text
    for m in MEASURES:
        for s in m.stats:
            assert s.publisher in source_note
            assert s.formatted() in chart.alt_text
    assert "not joined into a line" in chart.alt_text
    assert "<br>" not in chart.alt_text and "<br>" not in " ".join(chart.table["What"])
    assert chart.takeaway


def test_focus_fades_the_other_measures():
    chart = measures_chart("definition", "idc_projects")
    for trace in chart.figure.data:
        focused = trace.name == BY_KEY["idc_projects"].name
        assert trace.opacity == (1.0 if focused else pytest.approx(0.3))
    assert all(t.opacity == 1.0 for t in measures_chart("definition").figure.data)


def test_unknown_lens_or_measure_is_refused():
    with pytest.raises(ValueError, match="unknown lens"):
        measures_chart("colour")
    with pytest.raises(ValueError, match="unknown measure"):
        measures_chart("definition", "forrester")


def test_measure_card_shows_population_from_data_and_escapes(monkeypatch):
    card = measure_card("idc_projects")
    s = data.stat("idc_projects_funded_by_business_2013")
    assert html.escape(s.population) in card
    assert "Why it differs" in card and BY_KEY["idc_projects"].why_different[:30] in card
    edited = dataclasses.replace(BY_KEY["idc_projects"], what="<b>bold</b> & more")
    monkeypatch.setitem(BY_KEY, "idc_projects", edited)
    card = measure_card("idc_projects")
    assert "<b>bold" not in card and "&lt;b&gt;bold&lt;/b&gt; &amp; more" in card
    keynote = measure_card("gartner_keynote")
    assert "(forecast)" in keynote and "almost 90%" in keynote


def test_summary_lines_list_every_figure_with_its_method():
    lines = summary_lines()
    assert len(lines) == sum(len(m.stat_ids) for m in MEASURES)
    assert any("17%" in line and "controlled" in line for line in lines)
    assert all("[" in line and line.rstrip().endswith("]") for line in lines)


# --------------------------------------------------------------------------- the builder


def _series(name, ids, labels, groups):
    stats = tuple(data.stat(i) for i in ids)
    return Series(name, stats, tuple(labels), tuple(groups), PALETTE[0])


def test_grouped_bar_chart_refuses_ambiguous_input():
    a = _series("A", ["pwc_outside_cio_2015"], ["x"], ["g"])
    b = _series("B", ["gartner_controlled_outside_it_2016"], ["x"], ["h"])
    with pytest.raises(ValueError, match="unique"):
        grouped_bar_chart([a, b], title="t", yaxis_title="y", takeaway="k")
    with pytest.raises(ValueError, match="unique"):
        grouped_bar_chart([a, a], title="t", yaxis_title="y", takeaway="k")
    with pytest.raises(ValueError, match="leaves out"):
        grouped_bar_chart([a], title="t", yaxis_title="y", takeaway="k", group_order=["h"])
    with pytest.raises(ValueError, match="at least one"):
        grouped_bar_chart([], title="t", yaxis_title="y", takeaway="k")
    with pytest.raises(ValueError, match="one label and one group"):
        _series("C", ["pwc_outside_cio_2015"], ["x", "y"], ["g"])


def test_grouped_bar_chart_follows_group_order():
    a = _series("A", ["pwc_outside_cio_2015"], ["a1"], ["first"])
    b = _series("B", ["gartner_controlled_outside_it_2016"], ["b1"], ["second"])
    chart = grouped_bar_chart(
        [a, b], title="t", yaxis_title="y", takeaway="k", group_order=["second", "first"]
    )
    assert list(chart.figure.layout.xaxis.categoryarray) == ["b1", "a1"]
    assert group_labels(chart) == ["second", "first"]
    assert chart.alt_text.index("second") < chart.alt_text.index("first")


# --------------------------------------------------------------------------- the explorer


def test_explorer_regroups_focuses_and_remembers(tmp_journal):
    box = measures_explorer()
    assert box.lens.value == "definition" and box.focus.value == ""
    assert "Look closely at" in box.card.value  # the hint, before any focus
    before = group_labels(box.panel.chart)
    box.lens.value = "method"
    assert group_labels(box.panel.chart) != before
    assert "how the number was made" in box.panel.chart.title
    assert "how the number was made" in box.panel.notes.value
    box.focus.value = "gartner_controlled"
    assert "controlled (decided and managed)" in box.card.value
    faded = [t.opacity for t in box.panel.chart.figure.data]
    assert faded.count(1.0) == 1
    j = Journal(tmp_journal)
    assert j.get("02.measures.view") == "method"
    assert j.get("02.measures.focus") == "gartner_controlled"
    again = measures_explorer()  # as after a kernel restart + Run All
    assert again.lens.value == "method" and again.focus.value == "gartner_controlled"
    assert "how the number was made" in again.panel.chart.title


def test_explorer_ignores_unknown_saved_values(tmp_journal):
    j = Journal(tmp_journal)
    j.set("02.measures.view", "<b>nope</b>")
    j.set("02.measures.focus", ["gartner_controlled"])
    box = measures_explorer()
    assert box.lens.value == "definition" and box.focus.value == ""


def test_explorer_in_static_mode_draws_charts_without_widgets(monkeypatch):
    monkeypatch.setenv("PARTNERKIT_STATIC", "1")
    assert measures_explorer() is None


def test_idc_card_says_what_the_source_says_not_jointly_with_it():
    card = measure_card("idc_funded")
    assert "jointly" not in card
    assert "without the knowledge, involvement or support of the IT department" in card


def test_gartner_paywalled_figures_show_their_method_as_not_stated():
    chart = measures_chart("method")
    assert "Method not stated<br>(paid research note)" in group_order("method")
    card = measure_card("gartner_controlled")
    assert "not stated" in card and "analyst estimate" not in card and "clients" not in card
    assert chart.figure.data
