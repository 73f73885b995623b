"""Chart builders, the notebook-01 explorer and predict-then-reveal feedback."""

from __future__ import annotations

import dataclasses

import pytest

from partnerkit import data
from partnerkit.charts import PALETTE, PATTERN_APPROX, PATTERN_FORECAST, bar_chart
from partnerkit.display import chart_notes_html, table_html
from partnerkit.predict import counted_phrase, prediction_feedback
from partnerkit.spending import spending_chart


def test_column_view_shows_the_columns_numbers():
    chart = spending_chart("column")
    assert chart.values == [47.0, 68.0]
    bar = chart.figure.data[0]
    assert list(bar.text) == ["47%", "68%"]
    layout = chart.figure.layout
    assert "As the column words it" in layout.title.text
    assert layout.yaxis.title.text and layout.xaxis.title.text
    assert "DBTA / IOUG" in chart.figure.layout.annotations[0].text
    assert set(bar.marker.color) <= set(PALETTE)


def test_source_view_marks_the_approximate_value():
    chart = spending_chart("source")
    assert chart.values == [50.0, 68.0]
    bar = chart.figure.data[0]
    assert list(bar.text) == ["almost 50%", "68%"]
    assert list(bar.marker.pattern.shape) == [PATTERN_APPROX, ""]
    assert "PwC" in chart.sources[0]
    assert "almost 50%" in chart.alt_text and "68%" in chart.alt_text
    assert list(chart.table["Value (as the source states it)"]) == ["almost 50%", "68%"]


def test_unknown_view_is_refused():
    with pytest.raises(ValueError, match="unknown view 'both'"):
        spending_chart("both")


def test_forecasts_are_cross_hatched_and_labelled():
    s = data.stat("gartner_outside_it_forecast_2020")
    chart = bar_chart([s], ["2020"], title="t", yaxis_title="y", takeaway="k")
    assert chart.figure.data[0].marker.pattern.shape[0] == PATTERN_FORECAST
    assert chart.figure.data[0].text[0] == "almost 90% (forecast)"


def test_bar_chart_needs_matching_labels():
    s = data.stat("pwc_outside_cio_2015")
    with pytest.raises(ValueError):
        bar_chart([s], [], title="t", yaxis_title="y", takeaway="k")


def test_notes_escape_markup_and_table_has_no_empty_header():
    chart = spending_chart("column")
    chart.takeaway = "<script>alert(1)</script>"
    notes = chart_notes_html(chart)
    assert "<script>" not in notes and "&lt;script&gt;" in notes
    html = table_html(chart.table)
    assert '<th scope="col"></th>' not in html and html.count("<th scope=") == len(
        chart.table.columns
    )


@pytest.mark.parametrize(
    "guess, verdict, words",
    [
        (68, "close", "Close"),
        (64, "close", "Close"),
        (30, "under", "38 percentage points below"),
        (90, "over", "22 percentage points above"),
    ],
)
def test_prediction_feedback_explains(guess, verdict, words):
    fb = prediction_feedback(guess, data.stat("pwc_outside_cio_2015"))
    assert fb.verdict == verdict and words in fb.message
    assert "1,988" in fb.message and "survey estimate" in fb.message
    assert fb.gap == guess - 68


def test_prediction_feedback_needs_a_guess():
    with pytest.raises(ValueError):
        prediction_feedback(None, data.stat("pwc_outside_cio_2015"))


def test_prediction_feedback_reads_as_a_sentence_and_shows_no_markdown():
    """'What was counted: the share of ...', never 'What was counted: of ...'; emphasis marks
    from a data file are removed, not shown as raw asterisks (issue 11)."""
    fb = prediction_feedback(50, data.stat("pwc_outside_cio_2015"))
    assert "What was counted: the share of technology and digital spend" in fb.message
    assert "counted: of " not in fb.message
    marked = dataclasses.replace(
        data.stat("gartner_controlled_outside_it_2016"),
        caveat="Counts spending *controlled* outside IT, not **funded** outside `IT`.",
    )
    fb = prediction_feedback(20, marked)
    assert "*" not in fb.message and "`" not in fb.message
    assert "Counts spending controlled outside IT, not funded outside IT." in fb.message
    assert "How: not stated by any source we could read" in fb.message
    for sid, s in data.statistics().items():
        msg = prediction_feedback(50, s).message
        assert "*" not in msg and "counted: of " not in msg and ".." not in msg, sid


@pytest.mark.parametrize(
    "unit, phrase",
    [
        ("% of enterprises", "the share of enterprises"),
        ("% change in martech spend", "the percentage change in martech spend"),
        ("ratio (illustrative)", "ratio (illustrative)"),
    ],
)
def test_counted_phrase(unit, phrase):
    assert counted_phrase(unit) == phrase
