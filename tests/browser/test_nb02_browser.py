"""Notebook 02 in a real browser (Voila + Chromium): regroup and focus the measures
comparator, and answer a spot-the-difference item, all with the keyboard."""

from __future__ import annotations

import pytest

from partnerkit.measures import BY_KEY, METHOD_GROUPS

from .conftest import assert_clean, plot_titles, plot_y
from .render import open_rendered

pytestmark = pytest.mark.browser
NB = "notebooks/02_same_words_different_numbers.ipynb"
CHART = "Same words, different numbers"

JS_CHART = """(part) => { const gd = [...document.querySelectorAll('.js-plotly-plot')]
    .find(g => (g.querySelector('.gtitle')?.textContent || '').includes(part));
    return gd ? {
        groups: (gd.layout.annotations || []).map(a => a.text).filter(t => t.startsWith('<b>')),
        opacity: gd._fullData.map(t => t.opacity),
        types: gd._fullData.map(t => t.type),
    } : null; }"""


# ready when the last widget (the second prediction) is drawn: no cell is still running
READY = (
    "document.querySelectorAll('.js-plotly-plot .gtitle').length >= 1"
    " && document.querySelectorAll('.pk-prediction').length >= 2"
    " && document.querySelector('.pk-sorting') !== null"
)


def test_lens_and_focus_with_keyboard_change_the_chart(voila_url, page):
    open_rendered(page, voila_url, NB, READY)
    assert any("grouped by what exactly was measured" in t for t in plot_titles(page))
    first = page.evaluate(JS_CHART, CHART)
    assert set(first["types"]) == {"bar"} and len(first["types"]) == len(BY_KEY)
    assert plot_y(page, CHART) == [50, 68]  # PwC: "almost 50%", 68%

    button = page.get_by_role("button", name="How the number was made")
    button.scroll_into_view_if_needed()
    button.focus()
    page.keyboard.press("Space")
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot .gtitle')]"
        ".some(e => e.textContent.includes('grouped by how the number was made'))"
    )
    regrouped = page.evaluate(JS_CHART, CHART)
    assert f"<b>{METHOD_GROUPS['forecast']}</b>" in regrouped["groups"]
    assert regrouped["groups"] != first["groups"]

    focus = page.get_by_label("Look closely at")
    focus.focus()
    page.keyboard.press("ArrowDown")  # the first measure: PwC
    card = page.locator(".pk-measure-card")
    card.wait_for()
    assert BY_KEY["pwc"].name in card.inner_text()
    assert "Who was asked or counted" in card.inner_text()
    page.wait_for_function(
        f"""() => {{ const gd = [...document.querySelectorAll('.js-plotly-plot')]
            .find(g => (g.querySelector('.gtitle')?.textContent || '').includes({CHART!r}));
            return gd && gd._fullData.filter(t => t.opacity < 1).length === {len(BY_KEY) - 1}; }}"""
    )
    assert_clean(page)


def test_spot_the_difference_with_keyboard_gives_feedback(voila_url, page):
    open_rendered(page, voila_url, NB, READY)
    choice = page.get_by_label("IDC projects against IDC spending")
    choice.scroll_into_view_if_needed()
    choice.focus()
    page.keyboard.press("ArrowDown")  # "What was counted: money or projects"
    feedback = page.locator(".pk-sorting-item .pk-feedback").first
    feedback.wait_for()
    assert "Good fit" in feedback.inner_text() and "projects" in feedback.inner_text()
    score = page.locator(".pk-sorting .pk-info").last
    assert "1 of 6 answered" in score.inner_text()
    assert_clean(page)
