"""Render every kit notebook once in Voila and record what a learner's browser met.

Used by ``test_all_pages.py`` (renders, no errors, no network) and ``test_a11y.py`` (axe-core,
control names, chart text alternatives). Each notebook is loaded ONCE per test session and
the findings are cached, so the two suites together cost one page load per notebook.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NPM_DIR = Path(os.environ.get("PARTNERKIT_NPM_DIR", ROOT / "build" / "npm"))
AXE_VERSION = "4.14.1"  # pinned: a new axe release can add rules; bump on purpose
AXE_JS = NPM_DIR / "node_modules" / "axe-core" / "axe.min.js"

# Voila's lab template links Font Awesome from a CDN (voila/templates/lab/index.html.j2).
# Offline it only loses icons; the kit uses none. These two addresses - and nothing else -
# may fail to load; see docs/accessibility.md ("Known issues of Voila itself").
VOILA_CDN_LINKS = (
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@%5E5/css/all.min.css",
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@%5E5/css/v4-shims.min.css",
)
VOILA_ERROR_TEXT = "There was an error when executing cell"
WIDGET_ERROR_TEXTS = ("Error displaying widget", "Failed to load model", "Model not found")


def kit_notebooks() -> list[str]:
    """Every notebook a learner or instructor opens, relative to the repository root."""
    found = []
    for folder in ("notebooks", "exercises", "instructor"):
        found += [
            p for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
        ]
    return sorted(str(p.relative_to(ROOT)) for p in found)


def ensure_axe() -> Path:
    """Install axe-core from npm into ``build/npm`` (once); return the path of axe.min.js.

    Raises RuntimeError (with npm's output) when npm is missing or the install fails.
    """
    if AXE_JS.exists():
        pkg = AXE_JS.parent / "package.json"
        if f'"version": "{AXE_VERSION}"' in pkg.read_text(encoding="utf-8"):
            return AXE_JS
    NPM_DIR.mkdir(parents=True, exist_ok=True)
    try:
        proc = subprocess.run(
            ["npm", "install", "--prefix", str(NPM_DIR), "--no-audit", "--no-fund",
             "--no-save", f"axe-core@{AXE_VERSION}"],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    except FileNotFoundError:
        raise RuntimeError("npm is not installed (apt-get install -y npm)") from None
    if proc.returncode != 0 or not AXE_JS.exists():
        raise RuntimeError(f"npm install axe-core@{AXE_VERSION} failed:\n{proc.stderr[-2000:]}")
    return AXE_JS


# --------------------------------------------------------------------------- in-page scripts

# Installed before any page script: remembers when the DOM last changed.
SETTLE_INIT = """
window.__pkLastMutation = performance.now();
new MutationObserver(() => { window.__pkLastMutation = performance.now(); })
  .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""

# Voila streams cells, then shows #rendered_cells; widgets and charts render afterwards.
SETTLED = """(quiet) => {
  const rc = document.querySelector('#rendered_cells');
  if (!rc || rc.style.display === 'none') return false;
  if (document.querySelector('script[type="application/vnd.voila.cell-output+json"]')) return false;
  return performance.now() - window.__pkLastMutation > quiet;
}"""

PAGE_FACTS = """(args) => {
  const [voilaError, widgetErrors] = args;
  const rc = document.querySelector('#rendered_cells');
  const text = rc ? rc.innerText : '';
  const errorOutputs = [...document.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type*="error"],'
      + ' .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
    .map(e => e.innerText.slice(0, 300));
  if (text.includes(voilaError) && !errorOutputs.length) errorOutputs.push(voilaError);
  const widgetProblems = widgetErrors.filter(t => text.includes(t));
  // every chart needs a text alternative and a data table in the same cell/panel
  const charts = [...document.querySelectorAll('.js-plotly-plot')].map((plot, i) => {
    let anc = plot.parentElement;
    while (anc && !anc.querySelector('.pk-alt')) anc = anc.parentElement;
    const sameCell = anc && anc.closest('.jp-Cell') === plot.closest('.jp-Cell')
      && anc.querySelectorAll('.jp-Cell').length === 0;
    const plots = anc ? anc.querySelectorAll('.js-plotly-plot').length : 0;
    const alts = anc ? [...anc.querySelectorAll('.pk-alt')] : [];
    const title = plot.querySelector('.gtitle')?.textContent || `chart ${i + 1}`;
    return {title, has_alt: !!anc && sameCell && alts.length >= plots
                             && alts.every(a => a.innerText.trim().length > 20),
            has_table: !!anc && sameCell && anc.querySelectorAll('table').length >= plots};
  });
  return {text_length: text.trim().length, error_outputs: errorOutputs,
          widget_errors: widgetProblems, charts,
          widgets: document.querySelectorAll('.jupyter-widgets').length};
}"""

# Every control a keyboard user can reach must have an accessible name (axe's own algorithm).
UNNAMED_CONTROLS = """() => {
  const sel = 'button, input:not([type=hidden]), select, textarea, [role=slider], [role=button],'
    + ' [role=checkbox], [role=radio], [role=combobox], [role=textbox], [role=switch],'
    + ' [role=spinbutton], [role=tab], [role=link], a[href]';
  const root = document.querySelector('#rendered_cells') || document.body;
  axe.setup(document);
  try {
    return [...root.querySelectorAll(sel)]
      .filter(el => el.getClientRects().length && !el.disabled)
      .filter(el => el.closest('[aria-hidden=true]') === null)
      .filter(el => !axe.commons.text.accessibleText(el).trim())
      .map(el => el.outerHTML.slice(0, 200));
  } finally { axe.teardown(); }
}"""

AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                              impact: n.impact}))}));
}"""


# --------------------------------------------------------------------------- audit


@dataclass
class PageAudit:
    notebook: str
    settled: bool = False
    seconds: float = 0.0
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    axe: list[dict] | None = None
    unnamed_controls: list[str] | None = None
    guard_lines: list[str] = field(default_factory=list)
    retried: str = ""  # what the first, abandoned render showed (empty: rendered first time)

    @property
    def blocked(self) -> list[str]:
        return [ln for ln in self.guard_lines if ln.startswith("BLOCKED")]

    @property
    def guard_loaded(self) -> bool:
        return any(ln.startswith("LOADED") for ln in self.guard_lines)


def _describe(exc) -> str:
    """'message @ first stack frame', so an allowed error can be matched by where it comes from."""
    frames = [ln.strip() for ln in (getattr(exc, "stack", "") or "").splitlines()[1:]]
    return f"{getattr(exc, 'message', exc)} @ {frames[0] if frames else '?'}"


def _is_local(url: str) -> bool:
    return url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:"))


def audit_page(browser, url: str, notebook: str, *, axe_js: Path | None, guard_log: Path | None):
    """Open ``url`` in a fresh context, wait until Voila has rendered everything, inspect.

    On a busy machine Voila occasionally starts a kernel that never runs the notebook; such a
    page is abandoned and the notebook rendered once more (noted in ``retried``). A notebook
    that really fails to render fails both times."""
    a = _attempt(browser, url, notebook, axe_js, guard_log, timeout_ms=90_000)
    if not a.settled or _voila_lost_a_widget(a):
        first = f"{a.seconds:.0f} s, {a.page_errors[-1:]}, {a.console_errors[-1:]}"
        a = _attempt(browser, url, notebook, axe_js, guard_log, timeout_ms=180_000)
        a.retried = first
    return a


def _voila_lost_a_widget(a: PageAudit) -> bool:
    """Voila 0.5 under heavy load sometimes loses a widget model between the kernel and the
    page ("widget model not found", the widget shows "Error displaying widget"; upstream
    voila#1428, see docs/accessibility.md). Seen only with several test servers and browsers
    busy on 2 cores; such a render is retried once, and a second failure fails the test."""
    return any("widget model not found" in e for e in a.console_errors)


def _attempt(browser, url, notebook, axe_js, guard_log, timeout_ms: int) -> PageAudit:
    a = PageAudit(notebook)
    log_start = guard_log.stat().st_size if guard_log and guard_log.exists() else 0
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.add_init_script(SETTLE_INIT)

    def on_console(msg):
        if msg.type != "error":
            return
        src = (msg.location or {}).get("url", "")
        if src in VOILA_CDN_LINKS and "ERR_NAME_NOT_RESOLVED" in msg.text:
            return  # the failed Font Awesome link, already counted as a request below
        a.console_errors.append(f"{msg.text} ({src})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: a.page_errors.append(_describe(exc)))
    page.on("request", lambda r: None if _is_local(r.url) else a.external_requests.append(r.url))
    page.on("requestfailed", lambda r: a.failed_requests.append(f"{r.url} ({r.failure})"))
    t0 = time.monotonic()
    try:
        try:
            page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
            page.wait_for_function(SETTLED, arg=800, timeout=timeout_ms, polling=200)
            a.settled = True
        except Exception as exc:  # reported by the tests, with what was seen so far
            a.page_errors.append(f"page did not finish rendering: {exc}".splitlines()[0])
        a.seconds = time.monotonic() - t0
        a.facts = page.evaluate(PAGE_FACTS, [VOILA_ERROR_TEXT, list(WIDGET_ERROR_TEXTS)])
        if axe_js is not None and a.settled:
            page.add_script_tag(path=str(axe_js))
            a.axe = page.evaluate(AXE_RUN)
            a.unnamed_controls = page.evaluate(UNNAMED_CONTROLS)
    finally:
        context.close()
    if guard_log is not None and guard_log.exists():
        # the kernel writes LOADED when it starts and BLOCKED for every refused connection
        with open(guard_log, encoding="utf-8") as fh:
            fh.seek(log_start)
            a.guard_lines = fh.read().splitlines()
    return a


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@dataclass(frozen=True)
class Allowed:
    """An axe finding that comes from Voila/JupyterLab, not the kit (docs/accessibility.md)."""

    rule: str
    target: str  # regular expression matched against the node's CSS selector (target)
    why: str

    def matches(self, rule: str, target: str) -> bool:
        return rule == self.rule and re.search(self.target, target) is not None


def not_allowed(violations: list[dict], allow: tuple[Allowed, ...]) -> list[str]:
    """Serious/critical nodes not covered by the allow-list, as readable lines."""
    out = []
    for v in serious(violations):
        for node in v["nodes"]:
            if not any(a.matches(v["id"], node["target"]) for a in allow):
                out.append(f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}: "
                           f"{node['html']}")  # fmt: skip
    return out


# --------------------------------------------------------------------------- session cache


@contextlib.contextmanager
def exclusive(lock_path: Path):
    """Hold an exclusive lock on ``lock_path`` (all xdist workers and platforms): filelock
    when installed, else POSIX flock."""
    try:
        from filelock import FileLock
    except ImportError:
        import fcntl

        with open(lock_path, "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            yield
    else:
        with FileLock(str(lock_path)):
            yield


_CACHE: dict[str, PageAudit] = {}


def cached_audit(
    browser, base: str, notebook: str, *, guard_log: Path, axe_js: Path | None = None,
    share: Path | None = None,
) -> PageAudit:  # fmt: skip
    """The audit of ``notebook`` for this session, rendered once.

    Kept in memory, and - when ``share`` is given - in ``share`` as JSON under a file lock, so
    the two every-notebook suites reuse one render even when pytest-xdist runs them on
    different workers (they walk the notebooks in opposite orders and meet in the middle).
    A render without axe results is redone only if axe results are wanted.
    """
    if axe_js is None and AXE_JS.exists():
        axe_js = AXE_JS  # run axe whenever it is there, so test_a11y can reuse the render

    def usable(a: PageAudit | None) -> bool:
        return a is not None and (axe_js is None or a.axe is not None)

    if usable(_CACHE.get(notebook)):
        return _CACHE[notebook]
    if share is None:
        _CACHE[notebook] = _render(browser, base, notebook, axe_js, guard_log)
        return _CACHE[notebook]
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", notebook)
    with exclusive(share / f"{stem}.lock"):
        saved = share / f"{stem}.json"
        a = PageAudit(**json.loads(saved.read_text(encoding="utf-8"))) if saved.exists() else None
        if not usable(a):
            a = _render(browser, base, notebook, axe_js, guard_log)
            saved.write_text(json.dumps(asdict(a)), encoding="utf-8")
    _CACHE[notebook] = a
    return a


def _render(browser, base, notebook, axe_js, guard_log) -> PageAudit:
    return audit_page(
        browser, f"{base}/voila/render/{notebook}", notebook, axe_js=axe_js, guard_log=guard_log
    )


# --------------------------------------------------------------------------- canary

CANARY_CELLS = [
    "# A deliberately broken page: the audit must notice every problem on it.",
    "import ipywidgets as w\nw.IntSlider()",  # a bare slider: no accessible name
    "import plotly.graph_objects as go\n"
    "go.Figure(go.Bar(x=['a'], y=[1]), layout_title_text='Canary chart').show()",  # no notes
    "import urllib.request\n"
    "try:\n    urllib.request.urlopen('http://example.com', timeout=5)\n"
    "except OSError as exc:\n    print('offline:', exc)",  # swallowed - the log still tells
    "raise RuntimeError('canary')",  # last: Voila stops at the first error
]


def write_canary(folder: Path, name: str = "canary") -> str:
    """Write the canary notebook under ``folder`` (inside the repo, git-ignored); return its
    path relative to the repository root, as Voila wants it."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Canary")] + [
        nbformat.v4.new_code_cell(src) for src in CANARY_CELLS
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    nbformat.write(nb, tmp)
    os.replace(tmp, path)  # atomic: several test workers may write it at once (same content)
    return str(path.relative_to(ROOT))
