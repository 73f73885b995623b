"""Every notebook of the kit, rendered in Voila in a real Chromium, as a learner opens it.

For each notebook found in notebooks/, exercises/ and instructor/ (new ones are picked up
automatically): the kernel ran every cell and the page rendered; no error output, no widget
that failed to display; no JavaScript error; no failed request and no request leaving
127.0.0.1 (except Voila's own Font Awesome link, see docs/accessibility.md); and the kernel
ran with the network guard (tools/netguard.py) loaded and never tried to reach the internet.

Each notebook is rendered once per session (tests/browser/audit.py) and shared with
test_a11y.py. A canary notebook with known faults proves the checks can fail.
"""

from __future__ import annotations

import re

import pytest

from .audit import VOILA_CDN_LINKS, cached_audit, kit_notebooks, write_canary

pytestmark = pytest.mark.browser
# Walked last-to-first: test_a11y.py walks first-to-last, so when pytest-xdist runs the two
# files on different workers they render different notebooks and share the results.
NOTEBOOKS = kit_notebooks()[::-1]

# JavaScript errors raised by Voila/JupyterLab extensions themselves, never by the kit:
# (message pattern, pattern for the first stack frame). Each is in docs/accessibility.md.
KNOWN_PAGE_ERRORS = (
    # jupyterlab-plotly stores a PNG snapshot of each top-level chart with model.setData();
    # Voila's read-only output models have no setData. The chart itself is drawn.
    (r"^\w+\.setData is not a function$", r"/voila/labextensions/jupyterlab-plotly/static/"),
)


def unexpected_page_errors(errors: list[str]) -> list[str]:
    out = []
    for err in errors:
        message, _, frame = err.partition(" @ ")
        if not any(re.search(m, message) and re.search(f, frame) for m, f in KNOWN_PAGE_ERRORS):
            out.append(err)
    return out


@pytest.fixture
def audit(browser, voila_url, netguard_log, page_audit_dir):
    def get(notebook: str):
        return cached_audit(
            browser, voila_url, notebook, guard_log=netguard_log, share=page_audit_dir
        )

    return get


def test_every_kit_folder_is_searched():
    assert sorted(NOTEBOOKS) == kit_notebooks()
    assert "notebooks/00_start_here.ipynb" in NOTEBOOKS
    assert "notebooks/01_technology_money_leaves_it.ipynb" in NOTEBOOKS
    assert all(nb.split("/")[0] in ("notebooks", "exercises", "instructor") for nb in NOTEBOOKS)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_page_renders_without_errors(audit, notebook):
    a = audit(notebook)
    assert a.settled, f"{notebook} never finished rendering: {a.page_errors}"
    assert a.facts["text_length"] > 200, "the page is (nearly) empty"
    assert not a.facts["error_outputs"], f"a cell failed: {a.facts['error_outputs']}"
    assert not a.facts["widget_errors"], f"a widget failed: {a.facts['widget_errors']}"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_page_has_no_javascript_errors(audit, notebook):
    a = audit(notebook)
    assert not unexpected_page_errors(a.page_errors), a.page_errors
    assert not a.console_errors, a.console_errors


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_page_requests_stay_on_this_machine(audit, notebook):
    a = audit(notebook)
    external = [u for u in a.external_requests if u not in VOILA_CDN_LINKS]
    failed = [f for f in a.failed_requests if f.split(" (")[0] not in VOILA_CDN_LINKS]
    assert not external, f"requests left 127.0.0.1: {external}"
    assert not failed, f"failed requests: {failed}"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_kernel_ran_offline(audit, notebook):
    a = audit(notebook)
    assert a.guard_loaded, f"the network guard was not loaded in the kernel: {a.guard_lines}"
    assert not a.blocked, f"the notebook tried to reach the network: {a.blocked}"


def test_canary_page_faults_are_caught(browser, voila_url, netguard_log, page_audit_dir, root):
    """The same checks, on a notebook that is broken on purpose, must report each fault."""
    canary = write_canary(root / "build" / "pk-canary")
    a = cached_audit(browser, voila_url, canary, guard_log=netguard_log, share=page_audit_dir)
    assert a.settled
    assert a.facts["error_outputs"], "a failing cell was not detected"
    assert a.guard_loaded and any("example.com" in b for b in a.blocked), a.guard_lines
    assert [c["has_alt"] for c in a.facts["charts"]] == [False], a.facts["charts"]


def test_known_page_error_allowance_is_narrow():
    plotly = "at http://127.0.0.1:1/voila/labextensions/jupyterlab-plotly/static/0.abc.js:1:2"
    assert unexpected_page_errors([f"r.setData is not a function @ {plotly}"]) == []
    other = "at http://127.0.0.1:1/voila/static/voila.js:1:2"
    assert unexpected_page_errors([f"r.setData is not a function @ {other}"])
    assert unexpected_page_errors([f"x is undefined @ {plotly}"])
