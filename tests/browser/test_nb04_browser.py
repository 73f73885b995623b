"""Notebook 04 in a real browser (Voila + Chromium): rating the levers with the keyboard
redraws the radar and the weakest-lever reading."""

from __future__ import annotations

import pytest

from partnerkit.levers import lever_set

from .conftest import assert_clean, open_voila

pytestmark = pytest.mark.browser
NB = "notebooks/04_four_levers.ipynb"
RADAR_R = """(part) => { const gd = [...document.querySelectorAll('.js-plotly-plot')]
    .find(g => (g.querySelector('.gtitle')?.textContent || '').includes(part));
    return gd ? Array.from(gd._fullData[0].r) : null; }"""


def test_rating_with_the_keyboard_redraws_radar_and_reading(voila_url, page):
    levers = lever_set()
    open_voila(page, voila_url, NB)
    example = [levers.example[i] for i in levers.ids]
    assert page.evaluate(RADAR_R, levers.example_label) == example + example[:1]

    ratings = {"alignment": 3, "transparency": 5, "accountability": 2, "partnership": 4}
    assert ratings != levers.example
    for lever in levers.levers:
        text = lever.level(ratings[lever.id]).description
        radio = page.get_by_role("radio", name=text)
        radio.scroll_into_view_if_needed()
        radio.focus()
        page.keyboard.press("Space")
        assert radio.is_checked()

    title = "Your four levers"
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot .gtitle')]"
        ".some(e => e.textContent.includes('Your four levers'))"
    )
    expected = [ratings[i] for i in levers.ids]
    assert page.evaluate(RADAR_R, title) == expected + expected[:1]
    weakest = page.evaluate(
        """(t) => { const gd = [...document.querySelectorAll('.js-plotly-plot')]
        .find(g => g.querySelector('.gtitle').textContent.includes(t));
        return Array.from(gd._fullData[1].theta); }""",
        title,
    )
    assert weakest == ["Accountability"]
    reading = page.locator(".pk-lever-reading").inner_text()
    assert "Your weakest lever is Accountability" in reading
    assert levers.by_id("accountability").level(2).try_first in reading
    assert "Weakest: Accountability" in page.locator(".pk-chart-panel .pk-alt").inner_text()
    assert_clean(page)
