"""The notebook-01 widgets, driven in the kernel: state changes, journal restore."""

from __future__ import annotations

from partnerkit.journal import Journal
from partnerkit.widgets.predict import prediction
from partnerkit.widgets.spending import spending_explorer


def test_spending_explorer_redraws_and_remembers(tmp_journal):
    box = spending_explorer()
    assert box.panel.chart.values == [47.0, 68.0]
    box.toggle.value = "source"
    assert box.panel.chart.values == [50.0, 68.0]
    assert "almost 50%" in box.panel.notes.value
    assert Journal(tmp_journal).get("01.spending.view") == "source"
    again = spending_explorer()  # as after a kernel restart + Run All
    assert again.toggle.value == "source" and again.panel.chart.values == [50.0, 68.0]


def test_prediction_reveal_saves_and_restores(tmp_journal):
    box = prediction("k", "pwc_outside_cio_2015", "Guess <b>this</b>")
    question, guess, button, out = box.children
    assert "&lt;b&gt;this&lt;/b&gt;" in question.value
    assert "Make your guess" in out.value
    guess.value = 40
    button.click()
    assert "28 percentage points below" in out.value
    assert Journal(tmp_journal).get("k") == {
        "guess": 40,
        "actual": 68.0,
        "stat_id": "pwc_outside_cio_2015",
    }
    restored = prediction("k", "pwc_outside_cio_2015", "Guess")
    assert restored.children[1].value == 40
    assert "28 percentage points below" in restored.children[3].value


def test_chart_panel_output_holds_the_figure_as_plotly_json(tmp_journal):
    box = spending_explorer()
    (out,) = box.panel.output.outputs
    spec = out["data"]["application/vnd.plotly.v1+json"]
    assert out["output_type"] == "display_data"
    assert [bar["y"] for bar in spec["data"]] == [[47, 68]]
    assert spec["config"]["displaylogo"] is False
    box.toggle.value = "source"
    (out,) = box.panel.output.outputs  # replaced, not appended
    assert out["data"]["application/vnd.plotly.v1+json"]["data"][0]["y"] == [50, 68]
