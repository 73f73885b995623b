"""Present mode in a real browser: code hidden, large charts and type, working widgets, and not
one request leaving the machine (every non-local request is blocked and recorded)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import (
    ROOT,
    chromium_path,
    free_port,
    open_voila,
    plot_titles,
    stop_server,
    wait_http,
)

pytestmark = pytest.mark.browser
NB = "notebooks/01_technology_money_leaves_it.ipynb"
LOCAL = ("http://127.0.0.1", "data:", "blob:")


@pytest.fixture(scope="module")
def present_url(tmp_path_factory):
    if chromium_path() is None:
        pytest.skip("no Chromium")  # the browser fixture reports this properly
    port = free_port()
    folder = tmp_path_factory.mktemp("present")
    env = dict(os.environ, PARTNERKIT_JOURNAL=str(folder / "journal.json"))
    with open(folder / "voila.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "partnerkit.present", NB, f"--port={port}"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_http(url, proc)
        yield url
    finally:
        stop_server(proc)


def block_internet(page) -> list[str]:
    blocked: list[str] = []

    def handle(route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return blocked


def font_sizes(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => ({
            font: gd._fullLayout.font.size, title: gd._fullLayout.title.font.size,
            tick: gd._fullLayout.yaxis.tickfont.size}))"""
    )


def test_present_mode_is_large_offline_and_hides_code(present_url, page):
    blocked = block_internet(page)
    page.goto(present_url)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .gtitle').length >= 1")
    body = page.inner_text("body")
    assert "from partnerkit" not in body and "import" not in body, "code must be hidden"
    sizes = font_sizes(page)
    assert sizes and all(s["font"] >= 22 and s["title"] >= 28 for s in sizes), sizes
    prose = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.jp-RenderedMarkdown p')).fontSize)"
    )
    assert prose >= 20, f"prose is {prose}px"

    # the widgets still work from the keyboard, and the redrawn chart is still large
    button = page.get_by_role("button", name="PwC's own wording")
    button.scroll_into_view_if_needed()
    button.focus()
    page.keyboard.press("Space")
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot .gtitle')]"
        ".some(e => e.textContent.includes('As PwC, the original source, words it'))"
    )
    assert all(s["font"] >= 22 for s in font_sizes(page))
    assert not blocked, f"present mode asked the internet for: {blocked}"
    assert not [e for e in page.watch.errors if "ERR_FAILED" not in e], page.watch.errors


def test_present_query_string_enlarges_charts_in_any_voila(voila_url, page):
    """The Binder presenter link: /voila/render/<notebook>?present=1."""
    open_voila(page, voila_url, NB)
    normal = font_sizes(page)[0]["font"]
    open_voila(page, voila_url, NB + "?present=1")
    assert any("Technology spend outside IT" in t for t in plot_titles(page))
    big = font_sizes(page)[0]["font"]
    assert big >= 22 and big > normal, (normal, big)
