"""Offline handouts in a real browser: build them, open every page from disk with ALL network
requests blocked (only file:// may load), and find every chart drawn with its data; then the
accessibility audit of every handout page, the index and the printable role cards (axe-core,
control names, chart text alternatives; see test_a11y.py for the Voila pages). All handout
tests are in this one file so the one build they share runs on one pytest-xdist worker."""

from __future__ import annotations

import pytest

from partnerkit import handouts

from .audit import (
    AXE_RUN,
    PAGE_FACTS,
    UNNAMED_CONTROLS,
    VOILA_ERROR_TEXT,
    WIDGET_ERROR_TEXTS,
    Allowed,
    not_allowed,
)

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


# --------------------------------------------------------------------------- accessibility

HANDOUT_SOURCES = [p.name for p in handouts.default_notebooks()]
HANDOUT_ALLOWED: tuple[Allowed, ...] = ()  # none needed so far; document any in the docs
# Open findings in the kit's own handout content, reported to the module's owner. A page whose
# ONLY serious findings are these is marked xfail (visible in the summary), never passed; any
# other finding fails. Remove an entry when the fix lands.
HANDOUT_KNOWN = {
    "link-in-text-block": "src/partnerkit/handout_template/pk-handout/index.html.j2 does not "
    "underline links, so links in running text differ from it by colour only (reported)",
}


def _offline_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    return context, page, offline(page)


def _audit_file(browser, axe_js, path) -> tuple[list[dict], list[str], dict, list[str]]:
    context, page, blocked = _offline_page(browser)
    try:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        facts = page.evaluate(PAGE_FACTS, [VOILA_ERROR_TEXT, list(WIDGET_ERROR_TEXTS)])
        page.add_script_tag(path=str(axe_js))
        return page.evaluate(AXE_RUN), page.evaluate(UNNAMED_CONTROLS), facts, blocked
    finally:
        context.close()


@pytest.mark.parametrize("source", HANDOUT_SOURCES)
def test_handout_page_is_accessible(source, handouts_built, browser, axe_js):
    folder, manifest = handouts_built
    entry = next((p for p in manifest["pages"] if p["source"] == source), None)
    assert entry is not None and not entry["error"], f"{source} was not built: {entry}"
    violations, unnamed, facts, blocked = _audit_file(browser, axe_js, folder / entry["html"])
    assert not unnamed, f"controls without a name: {unnamed}"
    missing = [c["title"] for c in facts["charts"] if not (c["has_alt"] and c["has_table"])]
    assert not missing, f"charts without a text description and data table: {missing}"
    assert len(facts["charts"]) == entry["charts"], "every chart of the handout was drawn"
    assert not blocked, f"the handout asked the network for {blocked[:3]}"
    _check_handout_axe(violations)


def _check_handout_axe(violations: list[dict]) -> None:
    problems = not_allowed(violations, HANDOUT_ALLOWED)
    known = {p.split(" ")[0] for p in problems} & set(HANDOUT_KNOWN)
    unknown = [p for p in problems if p.split(" ")[0] not in HANDOUT_KNOWN]
    assert not unknown, "\n".join(unknown)
    if known:
        pytest.xfail("; ".join(HANDOUT_KNOWN[k] for k in sorted(known)))


def test_handout_index_and_printable_role_cards_are_accessible(handouts_built, browser, axe_js):
    folder, manifest = handouts_built
    assert manifest["cards"], f"the handouts were built without role cards: {manifest}"
    pages = [folder / "index.html", *sorted((folder / "cards").rglob("*.html"))]
    assert len(pages) >= 2
    found: list[dict] = []
    for path in pages:
        violations, unnamed, _, blocked = _audit_file(browser, axe_js, path)
        assert not unnamed and not blocked, (path.name, unnamed, blocked)
        found += violations
    _check_handout_axe(found)
