"""The solo client and the question coach in JupyterLab's Dark theme: readable, and clean for axe.

The kit's own CSS must follow JupyterLab's theme variables: a light background with the theme's
(white) text colour was unreadable in JupyterLab Dark. Here a real JupyterLab, set to the Dark
theme through its settings, runs exercise 01 and exercise 02; the learner plays a move and
checks a question; then axe-core audits only the kit's widgets (JupyterLab's own chrome is not
the kit's to fix) and the text colour is compared with the background the text sits on.

The notebooks run from a copy in a temporary folder, with autosave off, so the test never
writes outputs into the repository's notebooks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .audit import ensure_axe, not_allowed
from .conftest import ROOT, _unavailable, chromium_path, free_port, stop_server, wait_http

pytestmark = pytest.mark.browser

NOTEBOOKS = ("exercises/01_question_coach_ex.ipynb", "exercises/02_solo_client_ex.ipynb")

AXE_ON = """async (selector) => {
  const r = await axe.run({include: [[selector]]}, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                              impact: n.impact}))}));
}"""

# The colours a piece of text is drawn in and drawn on (the first non-transparent background
# up the tree), as [r, g, b] - enough to compute WCAG contrast without axe's heuristics.
COLOURS = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  let bg = null;
  for (let n = el; n && !bg; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) bg = c.slice(0, 3);
  }
  return {fg: rgb(getComputedStyle(el).color).slice(0, 3), bg: bg || [255, 255, 255]};
}"""


def contrast(fg: list[float], bg: list[float]) -> float:
    def lum(c):
        ch = [v / 255 for v in c]
        ch = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in ch]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    a, b = sorted((lum(fg), lum(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@pytest.fixture(scope="module")
def dark_lab(tmp_path_factory):
    """A JupyterLab on 127.0.0.1 in the Dark theme, rooted at a copy of the two exercises."""
    if chromium_path() is None:
        _unavailable("no Chromium found at /usr/bin/chromium (apt-get install -y chromium)")
    base = tmp_path_factory.mktemp("darklab")
    root = base / "kit"
    for nb in NOTEBOOKS:
        (root / nb).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / nb, root / nb)
    settings = base / "settings"
    themes = settings / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings"
    themes.parent.mkdir(parents=True)
    themes.write_text(json.dumps({"theme": "JupyterLab Dark"}), encoding="utf-8")
    docmanager = settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    docmanager.parent.mkdir(parents=True)
    docmanager.write_text(json.dumps({"autosave": False}), encoding="utf-8")
    port = free_port()
    env = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        PARTNERKIT_DATA=str(ROOT / "data"),
        PARTNERKIT_JOURNAL=str(base / "journal.json"),
    )
    log = base / "lab.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
                "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={root}",
                "--IdentityProvider.token=", "--ServerApp.password=",
                "--LabApp.news_url=", "--LabApp.check_for_updates_class="
                "jupyterlab.NeverCheckForUpdate",
                "--ServerApp.allow_root=True",
            ],
            cwd=root, env=env, stdout=fh, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/lab", proc, timeout=120)
    except Exception as exc:
        proc.kill()
        raise RuntimeError(f"JupyterLab did not start: {exc}\n{log.read_text()[-3000:]}") from exc
    yield url
    stop_server(proc)


def run_all(page, url: str, notebook: str, ready: str) -> None:
    """Open ``notebook`` in JupyterLab, run all cells from the Run menu, wait for ``ready``."""
    # a workspace of its own, reset: nothing restored from the other test's session
    page.goto(f"{url}/lab/workspaces/{Path(notebook).stem}/tree/{notebook}?reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.wait_for_function(
        "() => document.body.dataset.jpThemeLight === 'false'", timeout=60_000
    )  # the Dark theme is applied
    # the kernel has started and is idle (the status bar reads "Python 3 (ipykernel) | Idle")
    page.wait_for_function(
        "() => /\\|\\s*Idle/.test(document.querySelector('#jp-main-statusbar')?.innerText || '')",
        timeout=180_000,
    )
    for attempt in (1, 2):  # a busy machine can swallow the first Run All while a kernel starts
        dismiss_dialogs(page)
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_selector(ready, timeout=120_000 * attempt)
            return
        except Exception:
            if attempt == 2:
                raise


def dismiss_dialogs(page) -> list[str]:
    """Close any JupyterLab dialog (e.g. a kernel or news prompt) that would block the menus;
    return what they said, for the failure message."""
    said = []
    for _ in range(3):
        dialog = page.locator(".jp-Dialog")
        if not dialog.count():
            break
        said.append(dialog.first.inner_text()[:200])
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
    return said


def audit_widget(page, selector: str) -> list[str]:
    page.add_script_tag(path=str(ensure_axe()))
    found = page.evaluate(AXE_ON, selector)
    return not_allowed(found, ())


def test_solo_client_is_readable_in_dark_theme(browser, dark_lab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        run_all(page, dark_lab, NOTEBOOKS[1], ".pk-solo button.pk-move")
        page.locator(".pk-solo button.pk-move").first.click()
        page.wait_for_selector(".pk-solo .pk-transcript .pk-you")
        for sel in (".pk-solo .pk-transcript .pk-client", ".pk-solo .pk-transcript .pk-you"):
            c = page.evaluate(COLOURS, sel)
            assert c is not None, f"{sel} not on the page"
            ratio = contrast(c["fg"], c["bg"])
            assert ratio >= 4.5, f"{sel}: text {c['fg']} on {c['bg']} has contrast {ratio:.2f}"
        # the page really is dark: the transcript's background is a dark colour
        bg = page.evaluate(COLOURS, ".pk-solo .pk-transcript")["bg"]
        assert sum(bg) / 3 < 128, f"transcript background {bg} is light in the Dark theme"
        problems = audit_widget(page, ".pk-solo")
        assert not problems, "axe (serious/critical) on the solo client:\n" + "\n".join(problems)
    finally:
        context.close()


def test_question_coach_is_readable_in_dark_theme(browser, dark_lab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        run_all(page, dark_lab, NOTEBOOKS[0], ".pk-question-coach textarea")
        box = page.locator(".pk-question-coach textarea").first
        box.fill("Could you walk me through how the month-end close runs today?")
        page.locator(".pk-question-coach").get_by_role("button", name="Check my questions").click()
        page.wait_for_selector(".pk-question-coach .pk-coach-card")
        c = page.evaluate(COLOURS, ".pk-question-coach .pk-coach-card p")
        ratio = contrast(c["fg"], c["bg"])
        assert ratio >= 4.5, f"coach card text {c['fg']} on {c['bg']}: contrast {ratio:.2f}"
        problems = audit_widget(page, ".pk-question-coach")
        assert not problems, "axe (serious/critical) on the coach:\n" + "\n".join(problems)
    finally:
        context.close()
