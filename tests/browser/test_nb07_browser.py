"""Notebook 07 in a real browser (Voila + Chromium): predict the 53%, regroup the reporting
figures by population, and translate a work item, all with the keyboard."""

from __future__ import annotations

import re

import pytest

from partnerkit import data
from partnerkit.cio import SOURCES
from partnerkit.predict import prediction_feedback

from .conftest import assert_clean, plot_y
from .render import open_rendered

pytestmark = pytest.mark.browser
NB = "notebooks/07_cio_at_the_table.ipynb"
STAT_53 = "kornferry_f500_cio_reports_to_ceo_2016"
TRACES = """(part) => { const gd = [...document.querySelectorAll('.js-plotly-plot')]
    .find(g => (g.querySelector('.gtitle')?.textContent || '').includes(part));
    return gd ? gd._fullData.map(t => t.name) : null; }"""


# ready when the last widget (the outcome activity) is drawn, so no cell is still running
READY = (
    "document.querySelectorAll('.js-plotly-plot .gtitle').length >= 2"
    " && document.querySelector('.pk-sorting') !== null"
)


def test_prediction_then_population_lens_with_keyboard(voila_url, page):
    open_rendered(page, voila_url, NB, READY)
    box = page.get_by_label("Your guess (%)")
    box.scroll_into_view_if_needed()
    box.fill("40")
    page.get_by_role("button", name="Reveal the figure").focus()
    page.keyboard.press("Enter")
    expected = prediction_feedback(40, data.stat(STAT_53))
    feedback = page.locator(".pk-prediction .pk-feedback")
    feedback.filter(has_text=re.compile("below")).wait_for()
    assert "13 percentage points below the source's more than 53%" in feedback.inner_text()
    assert expected.message.split(".")[0] in feedback.inner_text()

    assert plot_y(page, "grouped by who was counted") == [46, 53]
    assert page.evaluate(TRACES, "grouped by who was counted") == [s.name for s in SOURCES]
    button = page.get_by_role("button", name="Fortune 500 only")
    button.scroll_into_view_if_needed()
    button.focus()
    page.keyboard.press("Space")
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot .gtitle')]"
        ".some(e => e.textContent.includes('Same population, different answers'))"
    )
    names = page.evaluate(TRACES, "Same population")
    assert names == [s.name for s in SOURCES if s.f500_group]
    card = page.locator(".pk-population-card").inner_text()
    assert "Spencer Stuart" in card and "Harvey Nash" not in card
    assert_clean(page)


def test_translating_a_work_item_with_keyboard_gives_feedback(voila_url, page):
    open_rendered(page, voila_url, NB, READY)
    choice = page.get_by_label("Move backups to new storage")
    choice.scroll_into_view_if_needed()
    choice.focus()
    page.keyboard.press("ArrowDown")  # "User experience": not the kit's answer
    feedback = page.locator(".pk-sorting-item .pk-feedback").first
    feedback.filter(has_text="Not the best fit").wait_for()
    assert "An enabler" in feedback.inner_text()
    page.keyboard.press("End")  # "An enabler: none of the three directly"
    feedback.filter(has_text="Good fit").wait_for()
    assert "In plain words" in feedback.inner_text()
    assert_clean(page)
