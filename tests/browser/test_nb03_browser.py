"""Notebook 03 in a real browser (Voila + Chromium): give a verdict on the CMO prediction,
step through the evidence, and sort a remark, all with the keyboard."""

from __future__ import annotations

import pytest

from partnerkit import data
from partnerkit.cmo import EVIDENCE_IDS
from partnerkit.shadow_it import SHADOW_IDS

from .conftest import assert_clean, plot_y
from .render import open_rendered

pytestmark = pytest.mark.browser
NB = "notebooks/03_dial_tone_and_shadow_it.ipynb"


# ready when the last widget (the CMO explorer) is drawn, so no cell is still running
READY = (
    "document.querySelectorAll('.js-plotly-plot .gtitle').length >= 1"
    " && document.querySelector('.pk-cmo-explorer') !== null"
)


def test_verdict_opens_the_evidence_and_buttons_step_through_it(voila_url, page):
    open_rendered(page, voila_url, NB, READY)
    shadow = plot_y(page, "Business-unit and shadow IT")
    assert shadow == [data.stat(SHADOW_IDS[0]).value]
    evidence = page.locator(".pk-evidence")
    assert not evidence.is_visible()  # predict first: the evidence opens after a verdict

    radio = page.get_by_role("radio", name="The evidence cannot settle it")
    radio.scroll_into_view_if_needed()
    radio.focus()
    page.keyboard.press("Space")
    feedback = page.locator(".pk-cmo-explorer .pk-feedback").first
    feedback.filter(has_text="kit's reading").wait_for()
    evidence.wait_for(state="visible")
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot .gtitle')]"
        '.some(e => e.textContent.includes("Gartner\'s own check"))'
    )

    button = page.get_by_role("button", name="Marketing budgets, 2016-2017")
    button.scroll_into_view_if_needed()
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot .gtitle')]"
        ".some(e => e.textContent.includes('Marketing budgets shrank'))"
    )
    budgets = [data.stat(i).value for i in EVIDENCE_IDS["budgets"]]
    assert plot_y(page, "Marketing budgets shrank") == budgets
    note = page.locator(".pk-evidence-note").inner_text()
    assert data.stat(EVIDENCE_IDS["budgets"][1]).formatted() in note
    assert_clean(page)


def test_sorting_a_remark_with_keyboard_gives_feedback(voila_url, page):
    open_rendered(page, voila_url, NB, READY)
    choice = page.get_by_label("Sells its services to other companies")
    choice.scroll_into_view_if_needed()
    choice.focus()
    page.keyboard.press("End")  # the last option: "Profit centre"
    feedback = page.locator(".pk-sorting-item .pk-feedback").first
    feedback.wait_for()
    assert "Good fit" in feedback.inner_text()
    assert "revenue of its own" in feedback.inner_text()
    assert_clean(page)
