"""A widget operated with the MOUSE (every other browser test uses the keyboard), and the
interaction's latency reported.

Real mouse events (``page.mouse`` at the button's centre) switch notebook 01's explorer back
and forth; each time the chart and its text description must follow. The latency from click to
redrawn chart is printed (``-s``) and not asserted: the event-based wait (30 s, so only a hang
fails) is the bound; ``make bench`` measures the latency properly against a no-op round trip.
"""

from __future__ import annotations

import time

import pytest

from .conftest import assert_clean, open_voila

pytestmark = pytest.mark.browser
NB = "notebooks/01_technology_money_leaves_it.ipynb"
VIEWS = {  # button label -> text in the chart title once that view is drawn
    "The column's wording": "As the column words it",
    "PwC's own wording": "As PwC, the original source, words it",
}


def chart_title(page) -> str:
    return page.evaluate(
        """() => [...document.querySelectorAll('.pk-chart-panel .js-plotly-plot .gtitle')]
            .map(e => e.textContent).join(' | ')"""
    )


def test_mouse_switches_the_chart_and_its_description(voila_url, page):
    open_voila(page, voila_url, NB)
    start = next(label for label, title in VIEWS.items() if title in chart_title(page))
    order = [label for label in VIEWS if label != start] + [start]
    took = []
    for label in order * 2:
        button = page.get_by_role("button", name=label, exact=True)
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        t0 = time.perf_counter()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_function(
            "([t]) => [...document.querySelectorAll('.pk-chart-panel .js-plotly-plot .gtitle')]"
            ".some(e => e.textContent.includes(t))",
            arg=[VIEWS[label]],
            timeout=30_000,
        )
        took.append(time.perf_counter() - t0)
        # the text description is a second widget update: wait for it to follow the chart
        pwc = label == "PwC's own wording"
        try:
            page.wait_for_function(
                "([want]) => { const e = document.querySelector('.pk-chart-panel .pk-alt');"
                " return !!e && e.innerText.includes('almost 50%') === want; }",
                arg=[pwc],
                timeout=30_000,
            )
        except Exception:
            pass  # the assertion below names what the description says instead
        notes = page.locator(".pk-chart-panel .pk-alt").first.inner_text()
        assert ("almost 50%" in notes) == pwc, notes
    print(f"mouse click to redrawn chart: {[round(t * 1000) for t in took]} ms")
    assert_clean(page)
