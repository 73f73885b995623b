"""Notebook 01 in a real browser (Voila + Chromium): the keyboard changes the chart."""

from __future__ import annotations

import re

import pytest

from .conftest import assert_clean, open_voila, plot_titles, plot_y

pytestmark = pytest.mark.browser
NB = "notebooks/01_technology_money_leaves_it.ipynb"


def test_toggle_with_keyboard_changes_chart_data(voila_url, journal_dir, page):
    # other tests on this server may have saved a view; start from the column's wording
    from partnerkit.journal import Journal

    Journal(journal_dir / "journal.json").set("01.spending.view", "column")
    open_voila(page, voila_url, NB)
    assert any("As the column words it" in t for t in plot_titles(page))
    assert plot_y(page, "Technology spend outside IT") == [47, 68]

    button = page.get_by_role("button", name="PwC's own wording")
    button.scroll_into_view_if_needed()
    button.focus()
    page.keyboard.press("Space")
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot .gtitle')]"
        ".some(e => e.textContent.includes('As PwC, the original source, words it'))"
    )
    assert plot_y(page, "Technology spend outside IT") == [50, 68]
    # the takeaway and the text alternative under the chart changed with it
    notes = page.locator(".pk-chart-panel .pk-alt").first.inner_text()
    assert "almost 50%" in notes
    assert_clean(page)


def test_prediction_with_keyboard_gives_feedback(voila_url, page):
    open_voila(page, voila_url, NB)
    box = page.get_by_label("Your guess (%)")
    box.scroll_into_view_if_needed()
    box.fill("30")
    page.get_by_role("button", name="Reveal the figure").focus()
    page.keyboard.press("Enter")
    feedback = page.locator(".pk-prediction .pk-feedback")
    feedback.filter(has_text=re.compile("below")).wait_for()
    assert "38 percentage points below" in feedback.inner_text()
    assert_clean(page)
