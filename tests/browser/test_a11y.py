"""Accessibility of every Voila-rendered notebook, audited with axe-core in Chromium.

axe-core is installed from npm (pinned, into build/npm) by the ``axe_js`` fixture - never
loaded from a CDN - and injected into each page with ``page.add_script_tag(path=...)``.

For every notebook: no serious or critical axe violation that comes from the kit's own content;
every control a keyboard user can reach has an accessible name; every chart has a text
alternative and a data table next to it. Findings that come from Voila or JupyterLab
themselves are allowed only through ALLOWED below - by rule id AND selector - each one
explained in docs/accessibility.md. A canary notebook proves the checks can fail.
"""

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
    cached_audit,
    ensure_axe,
    kit_notebooks,
    not_allowed,
    write_canary,
)
from .conftest import REQUIRE

pytestmark = pytest.mark.browser
NOTEBOOKS = kit_notebooks()

# Serious/critical findings that are not the kit's: keep this list short and specific.
# Every entry is documented in docs/accessibility.md ("Known issues of Voila itself").
ALLOWED: tuple[Allowed, ...] = ()


@pytest.fixture(scope="session")
def axe_js():
    try:
        return ensure_axe()
    except RuntimeError as exc:
        if REQUIRE:
            pytest.fail(f"KIT_REQUIRE_BROWSER=1 but axe-core is unavailable: {exc}", pytrace=False)
        pytest.skip(f"axe-core unavailable: {exc}")


@pytest.fixture
def audit(browser, voila_url, netguard_log, axe_js, page_audit_dir):
    def get(notebook: str):
        a = cached_audit(
            browser, voila_url, notebook, guard_log=netguard_log, axe_js=axe_js,
            share=page_audit_dir,
        )  # fmt: skip
        assert a.settled, f"{notebook} never finished rendering: {a.page_errors}"
        return a

    return get


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_no_serious_axe_violations_from_kit_content(audit, notebook):
    problems = not_allowed(audit(notebook).axe, ALLOWED)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_control_has_an_accessible_name(audit, notebook):
    a = audit(notebook)
    assert not a.unnamed_controls, "controls without a name:\n" + "\n".join(a.unnamed_controls)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_chart_has_a_text_alternative_and_table(audit, notebook):
    charts = audit(notebook).facts["charts"]
    missing = [c["title"] for c in charts if not (c["has_alt"] and c["has_table"])]
    assert not missing, f"charts without a text description and data table: {missing}"


def test_allow_list_is_documented(root):
    doc = (root / "docs" / "accessibility.md").read_text(encoding="utf-8")
    for entry in ALLOWED:
        assert entry.rule in doc and entry.target in doc, f"{entry} is not in the docs"


def test_canary_accessibility_faults_are_caught(audit, root):
    a = audit(write_canary(root / "build" / "pk-canary"))
    rules = {v["id"] for v in a.axe if v["impact"] in ("serious", "critical")}
    assert "aria-input-field-name" in rules, a.axe  # the bare slider
    assert not_allowed(a.axe, ALLOWED)
    assert any("slider" in c for c in a.unnamed_controls), a.unnamed_controls
    assert not a.facts["charts"][0]["has_alt"]


# --------------------------------------------------------------------------- offline handouts

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
    blocked: list[str] = []

    def handle(route):
        if route.request.url.startswith(("file://", "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return context, page, blocked


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
