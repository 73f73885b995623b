"""Real-browser fixtures: one Voila server on 127.0.0.1 for the session, Debian Chromium
driven by Playwright.

* No Chromium (or no playwright package): the tests skip with the reason - unless
  ``KIT_REQUIRE_BROWSER=1`` (CI), where that is a failure.
* The browser runs with background networking off; every request that is not to 127.0.0.1
  is recorded and reported by :func:`assert_clean`, so a CDN dependency fails a test.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REQUIRE = os.environ.get("KIT_REQUIRE_BROWSER", "") == "1"
ARTIFACTS = ROOT / "tests" / "browser" / "artifacts"


def chromium_path() -> str | None:
    for cand in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if cand and Path(cand).exists():
            return cand
    return None


def _unavailable(reason: str):
    if REQUIRE:
        pytest.fail(f"KIT_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_server(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a server the tests started: terminate, then kill if it does not exit in time."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


@pytest.fixture(scope="session")
def journal_dir():
    return Path(tempfile.mkdtemp(prefix="pk-browser-journal-"))


@pytest.fixture(scope="session")
def netguard_log(tmp_path_factory) -> Path:
    """Every kernel Voila starts loads tools/netguard.py (an IPython start-up file): a
    connection leaving 127.0.0.1 fails, and each kernel start / blocked attempt is logged here."""
    spec = importlib.util.spec_from_file_location("pk_netguard", ROOT / "tools" / "netguard.py")
    netguard = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(netguard)
    folder = tmp_path_factory.mktemp("netguard")
    netguard.startup_dir(folder / "ipython")
    return folder / "netguard.log"


@pytest.fixture(scope="session")
def voila_url(journal_dir, tmp_path_factory, netguard_log):
    """Base URL of a Voila server rooted at the repository (tree mode); kernels offline."""
    if chromium_path() is None:
        _unavailable("no Chromium found at /usr/bin/chromium (apt-get install -y chromium)")
    port = free_port()
    env = dict(os.environ, PARTNERKIT_JOURNAL=str(journal_dir / "journal.json"))
    env.update(
        IPYTHONDIR=str(netguard_log.parent / "ipython"), PARTNERKIT_NETGUARD_LOG=str(netguard_log)
    )
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    # Kernels talk to Voila over Unix sockets, not TCP ports: with TCP, two servers starting
    # kernels at once (xdist workers, other test runs) can pick the same free port, and Voila
    # then waits forever on a kernel that is not its own.
    ipc = tmp_path_factory.mktemp("ipc") / "kernel"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
                "--Voila.ip=127.0.0.1", f"--Voila.root_dir={ROOT}",
                "--VoilaConfiguration.file_allowlist=['.*']",
                # a closed page leaves its kernel running (Voila's shutdown beacon carries
                # no xsrf token), so cull kernels idle and disconnected for 2 minutes. Not
                # less: Voila's own run of a notebook does not count as activity, and a slow
                # render must not lose its kernel
                "--MappingKernelManager.cull_idle_timeout=120",
                "--MappingKernelManager.cull_interval=15",
                "--KernelManager.transport=ipc", f"--KernelManager.ip={ipc}",
            ],
            cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/voila/tree", proc)
    except Exception as exc:
        proc.kill()
        raise RuntimeError(f"Voila did not start: {exc}\n{log.read_text()[-3000:]}") from exc
    yield url
    stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        _unavailable("no Chromium found at /usr/bin/chromium (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageWatch:
    """Collects console errors, page errors and non-local or failed requests."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.external: list[str] = []
        self.failed: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("request", self._request)
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))

    def _console(self, msg):
        if msg.type == "error":
            src = (msg.location or {}).get("url", "")
            if "/voila/api/shutdown/" in src and "403" in msg.text:
                # leaving a Voila page sends a shutdown beacon without an xsrf token, which
                # Voila refuses (docs/accessibility.md, known issues of Voila): not the kit's
                return
            self.errors.append(f"console: {msg.text}")

    def _request(self, req):
        url = req.url
        if not (
            url.startswith("http://127.0.0.1") or url.startswith("data:") or url.startswith("blob:")
        ):
            self.external.append(url)


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.watch = PageWatch(pg)
    yield pg
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def open_voila(page, base: str, notebook: str, *, plots: int = 1):
    """Open a notebook in Voila and wait until it has run and drawn ``plots`` charts
    (with render.open_rendered's single retry of a stalled or widget-losing Voila render)."""
    from .render import open_rendered

    ready = f"document.querySelectorAll('.js-plotly-plot .gtitle').length >= {plots}"
    return open_rendered(page, base, notebook, ready)


def plot_titles(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot .gtitle')].map(e => e.textContent)"
    )


def plot_y(page, title_part: str) -> list[float]:
    """The y values of the first trace of the chart whose title contains ``title_part``."""
    return page.evaluate(
        """(part) => { const gd = [...document.querySelectorAll('.js-plotly-plot')]
            .find(g => (g.querySelector('.gtitle')?.textContent || '').includes(part));
            return gd ? Array.from(gd._fullData[0].y) : null; }""",
        title_part,
    )


def saved_answer(journal_dir: Path, key: str, want=None, timeout: float = 60):
    """The journal's value for ``key`` once it equals ``want`` (or, without ``want``, once it
    exists); else its last value. Text boxes save after the learner pauses (journal.set_soon),
    and ipywidgets can hold back the last keystrokes, so the test waits for the save like a
    learner would, bounded so that only a hang fails."""
    from partnerkit.journal import Journal

    deadline = time.monotonic() + timeout
    while True:
        value = Journal(journal_dir / "journal.json").get(key)
        done = value == want if want is not None else value is not None
        if done or time.monotonic() > deadline:
            return value
        time.sleep(0.25)


def assert_clean(page) -> None:
    """No JavaScript errors and no request left the machine (Voila's icon font excepted)."""
    w = page.watch
    external = [u for u in w.external if "fontawesome" not in u]
    assert not external, f"requests left 127.0.0.1: {external}"
    errors = [e for e in w.errors if "fontawesome" not in e and "ERR_NAME_NOT_RESOLVED" not in e]
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture(scope="session")
def page_audit_dir(tmp_path_factory) -> Path:
    """Where tests/browser/audit.py shares each notebook's render between the two
    every-notebook suites - across pytest-xdist workers too (their temp dirs share a parent)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / "page-audits"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def handouts_built(page_audit_dir, browser) -> tuple[Path, dict]:
    """The offline handouts (``make handouts``), built once per test session and shared by
    every test and xdist worker that asks for them: (folder, manifest.json as a dict).
    ``browser`` first, so the slow build is skipped when Chromium is missing."""
    import json

    from partnerkit import handouts

    from .audit import exclusive

    folder = page_audit_dir.parent / "handouts-build"
    manifest = folder / "manifest.json"
    with exclusive(page_audit_dir.parent / "handouts-build.lock"):
        if not manifest.exists():
            handouts.build(folder, log=lambda *_: None)
    return folder, json.loads(manifest.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def axe_js():
    """axe-core from npm (pinned, installed once into build/npm; tests/browser/audit.py)."""
    from .audit import ensure_axe

    try:
        return ensure_axe()
    except RuntimeError as exc:
        if REQUIRE:
            pytest.fail(f"KIT_REQUIRE_BROWSER=1 but axe-core is unavailable: {exc}", pytrace=False)
        pytest.skip(f"axe-core unavailable: {exc}")
