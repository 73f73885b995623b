"""Offline handouts in a real browser: build them, open every page from disk with ALL network
requests blocked (only file:// may load), and find every chart drawn with its data."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(handouts_built):
    """The session's one handouts build (conftest.handouts_built, shared with test_a11y and
    across xdist workers): (folder, manifest.json as a dict, the same dict)."""
    out, manifest = handouts_built
    return out, manifest, manifest


def offline(page) -> list[str]:
    blocked: list[str] = []

    def handle(route):
        if route.request.url.startswith(("file://", "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return blocked


def rendered_charts(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.pk-plot')].map(gd => ({
            id: gd.id, plotly: gd.classList.contains('js-plotly-plot'),
            traces: (gd.data || []).length,
            points: (gd._fullData || []).reduce(
                (n, t) => n + (t.y || t.x || t.r || t.values || t.z || []).length, 0),
            svg: gd.querySelectorAll('.main-svg').length,
            title: (gd.querySelector('.gtitle') || {}).textContent || ''}))"""
    )


def test_every_chart_renders_offline(built, page):
    out, manifest, _ = built
    assert len(manifest["pages"]) >= 2
    assert [p.name for p in out.glob("*.js")] == ["plotly.min.js"], "plotly.js shipped once"
    blocked = offline(page)
    total = 0
    for entry in manifest["pages"]:
        assert not entry["error"], f"{entry['source']} failed to run: {entry['error']}"
        html_file = out / entry["html"]
        assert html_file.stat().st_size < 1_500_000, "no inline copy of plotly.js in a page"
        page.goto(html_file.as_uri())
        page.wait_for_load_state("load")
        charts = rendered_charts(page)
        assert len(charts) == entry["charts"], entry["source"]
        for c in charts:
            assert c["plotly"] and c["traces"] >= 1 and c["points"] >= 1 and c["svg"] >= 1, (
                entry["source"],
                c,
            )
        total += len(charts)
        assert "from partnerkit" not in page.inner_text("body"), "code is hidden"
    nb01 = next(p for p in manifest["pages"] if p["source"].startswith("01_"))
    assert nb01["charts"] >= 2, "notebook 01 shows both views of its explorer"
    assert total == sum(p["charts"] for p in manifest["pages"]) and total >= 2
    assert not blocked, f"handouts asked the network for: {blocked[:5]}"
    errors = [e for e in page.watch.errors if "ERR_FAILED" not in e]
    assert not errors, errors


def test_index_links_pages_and_cards(built, page):
    out, manifest, _ = built
    blocked = offline(page)
    page.goto((out / "index.html").as_uri())
    links = page.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    for entry in manifest["pages"]:
        assert entry["html"] in links
    if manifest["cards"]:
        assert manifest["cards"] in links
        page.goto((out / manifest["cards"]).as_uri())
        assert page.locator("h1").count() >= 1
    else:
        assert "not" in page.inner_text("body") and manifest["cards_note"]
    # links between notebooks point at the handout pages, not at .ipynb files
    page.goto((out / manifest["pages"][0]["html"]).as_uri())
    hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    built_stems = {p["html"][:-5] for p in manifest["pages"]}
    assert not [
        h for h in hrefs if h and h.split("#")[0][:-6] in built_stems and h.endswith(".ipynb")
    ]
    assert not blocked, blocked
