"""Accessibility of every Voila-rendered notebook, audited with axe-core in Chromium.

axe-core is installed from npm (pinned, into build/npm) by the ``axe_js`` fixture - never
loaded from a CDN - and injected into each page with ``page.add_script_tag(path=...)``.

For every notebook: no serious or critical axe violation that comes from the kit's own content;
every control a keyboard user can reach has an accessible name; every chart has a text
alternative and a data table next to it. Findings that come from Voila or JupyterLab
themselves are allowed only through ALLOWED below - by rule id AND selector - each one
explained in docs/accessibility.md. A canary notebook proves the checks can fail. The offline
handouts get the same audit in test_handouts_browser.py (with the build they share).
"""

from __future__ import annotations

import pytest

from .audit import (
    Allowed,
    cached_audit,
    kit_notebooks,
    not_allowed,
    write_canary,
)

pytestmark = pytest.mark.browser
NOTEBOOKS = kit_notebooks()

# Serious/critical findings that are not the kit's: keep this list short and specific.
# Every entry is documented in docs/accessibility.md ("Known issues of Voila itself").
ALLOWED: tuple[Allowed, ...] = ()


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
