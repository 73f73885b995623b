"""Open a notebook in Voila and wait until the cells that draw its widgets have all run.

Voila runs the whole notebook before the page "loads"; on the shared test machine a kernel
occasionally never starts (the page then waits forever), so one fresh attempt is made before
the test fails, with what the page showed. A notebook that really fails to render fails both
attempts.
"""

from __future__ import annotations

FIRST_TRY_MS = 120_000
SECOND_TRY_MS = 240_000

_STATE = """() => ({
    charts: document.querySelectorAll('.js-plotly-plot .gtitle').length,
    widgets: document.querySelectorAll('.jupyter-widgets').length,
    errors: [...document.querySelectorAll('.jp-RenderedText[data-mime-type*="stderr"], .error')]
        .map(e => e.textContent.slice(0, 200)),
})"""


def open_rendered(page, base: str, notebook: str, ready_js: str):
    """Go to ``notebook`` and wait until the JavaScript expression ``ready_js`` is true."""
    url = f"{base}/voila/render/{notebook}"
    seen = None
    for timeout in (FIRST_TRY_MS, SECOND_TRY_MS):
        try:
            page.goto(url, wait_until="domcontentloaded", timeout=timeout)
            page.wait_for_function(ready_js, timeout=timeout)
            return page
        except Exception as exc:  # noqa: BLE001 - retried once, then reported below
            seen = (type(exc).__name__, page.evaluate(_STATE))
    raise AssertionError(f"{notebook} did not finish rendering twice; last page state: {seen}")
