"""Notebook 05 in a real browser (Voila + Chromium): changing a factor with the keyboard
changes the quotient and the one-step chart."""

from __future__ import annotations

import pytest

from partnerkit.trust import explain, sensitivity, trust_model

from .conftest import assert_clean, open_voila, plot_y

pytestmark = pytest.mark.browser
NB = "notebooks/05_trusted_advisor.ipynb"


def test_lowering_self_orientation_with_the_keyboard_updates_quotient_and_chart(voila_url, page):
    book = trust_model().book_values
    open_voila(page, voila_url, NB)
    status = page.locator(".pk-trust-quotient")
    assert explain(book)[0] in status.inner_text()
    assert plot_y(page, "What one step does to trust") == [
        round(m.change, 4) for m in sensitivity(book)
    ]

    select = page.get_by_label("Self-orientation (S)")
    select.scroll_into_view_if_needed()
    select.focus()
    page.keyboard.press("ArrowUp")  # one step less self-orientation
    lowered = {**book, "self_orientation": book["self_orientation"] - 1}
    status.filter(has_text=explain(lowered)[0]).wait_for()
    page.wait_for_function(
        "(t) => [...document.querySelectorAll('.js-plotly-plot .gtitle')]"
        ".some(e => e.textContent.includes(t))",
        arg=f"now T = {explain(lowered)[0].rsplit('= ', 1)[1]})",
    )
    assert plot_y(page, "What one step does to trust") == [
        round(m.change, 4) for m in sensitivity(lowered)
    ]
    assert_clean(page)
