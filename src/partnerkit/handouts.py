"""Offline handouts: every walk-through notebook as an HTML page, charts included, for a room
without internet or for printing.

    python -m partnerkit.handouts build [--out build/handouts] [--exercises] [NOTEBOOK ...]

(``make handouts`` runs ``build``.) Each notebook is executed in a fresh kernel with
``PARTNERKIT_STATIC=1`` (explorers show their default charts instead of live widgets) and a
throwaway journal (no one's answers end up in a handout), then converted with nbconvert:

* code is hidden; every chart becomes a ``<div>`` drawn by ONE local ``plotly.min.js``
  (copied from the installed plotly package) shared by all pages - no CDN, no 5 MB per page;
* widgets are rendered statically from their saved state: text and charts inside them are
  kept, inputs become labelled write-in space;
* links between notebooks point at the handout pages; ``index.html`` lists everything, with a
  ``manifest.json`` (pages and chart counts) for tests;
* the printable role cards come from ``python -m partnerkit.cards build`` when that module
  exists; otherwise the index says they are not available.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from .data import KitFolderError, kit_folder

TEMPLATES = Path(__file__).resolve().parent / "handout_template"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
BOXES = {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel"}
CONTAINERS = {"AccordionModel", "TabModel", "StackModel"}
SELECTIONS = {
    "ToggleButtonsModel",
    "DropdownModel",
    "RadioButtonsModel",
    "SelectModel",
    "SelectMultipleModel",
    "SelectionSliderModel",
}
TEXT_INPUTS = {"TextareaModel", "TextModel", "ComboboxModel"}
NUMBER_INPUTS = {
    "BoundedIntTextModel",
    "BoundedFloatTextModel",
    "IntTextModel",
    "FloatTextModel",
    "IntSliderModel",
    "FloatSliderModel",
    "CheckboxModel",
    "ToggleButtonModel",
    "DatePickerModel",
}


@dataclass
class Page:
    source: str
    html: str
    title: str
    charts: int
    error: str = ""


@dataclass
class Manifest:
    out: Path
    pages: list[Page] = field(default_factory=list)
    cards: str = ""
    cards_note: str = ""
    seconds: float = 0.0
    class_materials: list[tuple[str, str]] = field(default_factory=list)  # (href, title)

    def to_json(self) -> str:
        return json.dumps(
            {
                "pages": [p.__dict__ for p in self.pages],
                "cards": self.cards,
                "cards_note": self.cards_note,
                "class_materials": [href for href, _ in self.class_materials],
                "seconds": round(self.seconds, 1),
            },
            indent=1,
        )


# --------------------------------------------------------------------------- plots


class _Counter:
    def __init__(self, prefix: str):
        self.prefix, self.n = prefix, 0

    def next_id(self) -> str:
        self.n += 1
        return f"{self.prefix}-plot-{self.n}"


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def plot_html(spec: dict, div_id: str) -> str:
    """A div and the call that draws it with the page's shared plotly.min.js."""
    layout = spec.get("layout", {})
    height = layout.get("height") or 450
    config = {"displaylogo": False, "responsive": True, **spec.get("config", {})}
    return (
        f'<div class="pk-plot" id="{div_id}" style="height:{int(height)}px"></div>\n'
        f'<script>Plotly.newPlot("{div_id}", {_script_json(spec.get("data", []))}, '
        f"{_script_json(layout)}, {_script_json(config)});</script>"
    )


# --------------------------------------------------------------------------- widgets


def _ref(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith("IPY_MODEL_"):
        return value[len("IPY_MODEL_") :]
    return None


def _hidden(state: dict, st: dict) -> bool:
    layout = state.get(_ref(st.get("layout")) or "", {}).get("state", {})
    return layout.get("display") == "none" or layout.get("visibility") == "hidden"


def widget_html(model_id: str, state: dict, plots: _Counter, depth: int = 0) -> tuple[str, int]:
    """Static HTML for a saved widget and how many charts it contains."""
    model = state.get(model_id)
    if model is None or depth > 30:
        return "", 0
    name, st = model.get("model_name", ""), model.get("state", {})
    if _hidden(state, st):
        return "", 0
    desc = html.escape(str(st.get("description", "")).strip())
    if name in BOXES | CONTAINERS:
        titles = st.get("titles") or []
        parts, charts = [], 0
        for i, child in enumerate(st.get("children", [])):
            inner, n = widget_html(_ref(child) or "", state, plots, depth + 1)
            charts += n
            if name in CONTAINERS and i < len(titles) and titles[i] and inner:
                inner = f"<h4>{html.escape(titles[i])}</h4>{inner}"
            parts.append(inner)
        return f'<div class="pk-static-box">{"".join(parts)}</div>', charts
    if name == "OutputModel":
        return outputs_html(st.get("outputs", []), state, plots, depth + 1)
    if name in ("HTMLModel", "HTMLMathModel"):
        return str(st.get("value", "")), 0  # the kit's own markup; learner text is escaped
    if name == "LabelModel":
        return f"<p>{html.escape(str(st.get('value', '')))}</p>", 0
    if name in SELECTIONS:
        options = " · ".join(html.escape(str(o)) for o in st.get("_options_labels", []))
        return (
            f'<p class="pk-static-control"><strong>{desc or "Choose"}</strong> '
            f'<span class="pk-options">({options})</span></p>'
        ), 0
    if name in TEXT_INPUTS:
        label = f'<p class="pk-static-control"><strong>{desc}</strong></p>'
        return label + '<div class="pk-write-in"></div>', 0
    if name in NUMBER_INPUTS:
        return f'<p class="pk-static-control"><strong>{desc}</strong> ________</p>', 0
    return "", 0  # buttons and anything else do nothing on paper


def outputs_html(outputs: list, state: dict, plots: _Counter, depth: int = 0) -> tuple[str, int]:
    parts, charts = [], 0
    for out in outputs:
        new = convert_output(out, state, plots, depth)
        if new is None:
            continue
        data = new.get("data", {})
        if "text/html" in data:
            parts.append(_joined(data["text/html"]))
        elif "text/plain" in data:
            parts.append(f"<pre>{html.escape(_joined(data['text/plain']))}</pre>")
        elif new.get("output_type") == "stream":
            parts.append(f"<pre>{html.escape(_joined(new.get('text', '')))}</pre>")
        charts += new.get("metadata", {}).get("pk_charts", 0)
    return "".join(parts), charts


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def convert_output(out: dict, state: dict, plots: _Counter, depth: int = 0) -> dict | None:
    """One cell output as it should appear in the handout (None = leave it out)."""
    data = out.get("data", {})
    if PLOTLY_MIME in data:
        spec = data[PLOTLY_MIME]
        return {
            "output_type": "display_data",
            "data": {"text/html": plot_html(spec, plots.next_id())},
            "metadata": {"pk_charts": 1},
        }
    if WIDGET_VIEW in data:
        inner, n = widget_html(data[WIDGET_VIEW].get("model_id", ""), state, plots, depth)
        if not inner:
            return None
        return {
            "output_type": "display_data",
            "data": {"text/html": inner},
            "metadata": {"pk_charts": n},
        }
    html_text = _joined(data.get("text/html", ""))
    if "window.PlotlyConfig" in html_text or "plotly.js v" in html_text[:5000]:
        return None  # plotly's own inline copy of plotly.js: the page loads ours instead
    if re.search(r"<script[^>]+src=[\"']https?:", html_text):
        return None  # anything that would need the internet
    if out.get("output_type") == "stream" and out.get("name") == "stderr":
        return None
    return out


def prepare(nb: nbformat.NotebookNode, prefix: str) -> int:
    """Rewrite the executed notebook's outputs for the handout; return the number of charts."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    plots, charts = _Counter(prefix), 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        new_outputs = []
        for out in cell.get("outputs", []):
            new = convert_output(out, state, plots)
            if new is not None:
                charts += new.get("metadata", {}).pop("pk_charts", 0)
                new_outputs.append(nbformat.from_dict(new))
        cell.outputs = new_outputs
    nb.metadata.pop("widgets", None)  # no widget manager (and its CDN) in the page
    return charts


# --------------------------------------------------------------------------- execution


@contextlib.contextmanager
def _environment(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def execute(path: Path, timeout: int = 300) -> tuple[nbformat.NotebookNode, str]:
    """Run a notebook in a fresh kernel; return it and an error message ('' if none)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        store_widget_state=True,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        return nb, str(exc).strip().splitlines()[-1][:300]
    return nb, ""


def to_html(nb: nbformat.NotebookNode, title: str) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="pk-handout",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb)
    return body


def _title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def relink(page: str, built: set[str]) -> str:
    """Links to other notebooks of the handout go to their pages."""

    def fix(m: re.Match) -> str:
        target = m.group(2)
        stem = Path(target.split("#")[0]).stem
        if (
            target.split("#")[0].endswith(".ipynb")
            and stem in built
            and "/" not in target.split("#")[0]
        ):
            anchor = "#" + target.split("#", 1)[1] if "#" in target else ""
            return f'{m.group(1)}"{stem}.html{anchor}"'
        return m.group(0)

    return re.sub(r'(href=)"([^"]+)"', fix, page)


def _nav(page: str, title: str) -> str:
    nav = (
        '<nav class="pk-handout-nav"><a href="index.html">All handouts</a> · '
        f"{html.escape(title)} · Partnering with the Business (offline handout)</nav>"
    )
    return page.replace("<main>", "<main>\n" + nav, 1)


# --------------------------------------------------------------------------- cards


def build_cards(out: Path) -> tuple[str, str]:
    """Run ``python -m partnerkit.cards build`` into out/cards when it exists."""
    if importlib.util.find_spec("partnerkit.cards") is None:
        return "", (
            "Printable role cards are not part of this build: the module partnerkit.cards "
            "(python -m partnerkit.cards build) is not available in this version of the kit."
        )
    target = out / "cards"
    proc = subprocess.run(
        [sys.executable, "-m", "partnerkit.cards", "build", "--out", str(target.resolve())],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return "", "Role cards could not be built: " + " ".join(tail)
    pages = sorted(target.rglob("*.html")) or sorted(target.rglob("*.pdf"))
    if not pages:
        return "", "python -m partnerkit.cards build ran but wrote no .html or .pdf file."
    first = pages[0] if (target / "index.html") not in pages else target / "index.html"
    return first.relative_to(out).as_posix(), ""


# --------------------------------------------------------------------------- class materials
# The time-out card, the timer slide and the rubric: standalone offline pages, every minute
# read from data/timing.yaml (the kit's one talk time), built into out/class by `build`.

CLASS_CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #111; background: #fff; margin: 0;
       line-height: 1.4; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem; }
.pk-timeout { border: 6px solid #D55E00; border-radius: 12px; padding: 1.5rem 2rem;
              margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
.pk-timeout h1 { font-size: 5rem; letter-spacing: 0.08em; margin: 0 0 0.5rem; color: #111; }
.pk-timeout .pk-big { font-size: 1.6rem; font-weight: bold; }
.pk-timeout + .pk-timeout { break-before: page; page-break-before: always; }
.pk-small { font-size: 0.9rem; color: #333; }
@page { size: A4 landscape; margin: 12mm; }
@media print { .pk-noprint { display: none; } }
"""


def _round_rows(t) -> list[tuple[str, int, str]]:
    return [
        ("Read your card", t.read_minutes, "Read only your own card. Do not show it."),
        (
            "Talk",
            t.talk_minutes,
            f"No solution talk for the first {t.no_solution_minutes} minutes; "
            "end with a dated next step.",
        ),
        ("Feedback", t.feedback_minutes, "2 + 2: two things that worked, two to change."),
    ]


def timeout_card_html(t=None) -> str:
    """Two printable time-out cards (landscape A4, one per sheet), with the round's timing."""
    from .sessions import timing

    t = t or timing()
    rows = "".join(
        f"<li><strong>{html.escape(name)}: {m} minutes.</strong> {html.escape(note)}</li>"
        for name, m, note in _round_rows(t)
    )
    card = (
        '<section class="pk-timeout" aria-label="Time-out card">'
        "<h1>TIME-OUT</h1>"
        '<p class="pk-big">Any player may hold this card up, or say \u201ctime-out\u201d.</p>'
        "<ol><li>The conversation pauses for up to one minute.</li>"
        "<li>Ask the observer or a neighbour for one suggestion.</li>"
        "<li>Carry on exactly where you stopped.</li></ol>"
        "<p>A time-out is a tool, not a failure. The instructor may call one too, at most once "
        "a round, and never to correct the client for being difficult.</p>"
        f'<div class="pk-small">This round: <ul>{rows}</ul> '
        f"{t.round_minutes} minutes a round. Partnering with the Business.</div></section>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Time-out card</title>"
        f"<style>{CLASS_CSS}</style></head><body><main>"
        '<p class="pk-noprint">Print this page: one card per sheet, one card per group.</p>'
        f"{card}{card}</main></body></html>\n"
    )


TIMER_JS = """
(function () {
  var sets = JSON.parse(document.getElementById('pk-timer-data').textContent);
  var setSel = document.getElementById('pk-set'), phaseEl = document.getElementById('pk-phase');
  var clock = document.getElementById('pk-clock'), note = document.getElementById('pk-note');
  var live = document.getElementById('pk-live'), startBtn = document.getElementById('pk-start');
  var current = sets[0], index = 0, left = 0, endsAt = null, tick = null;
  function fmt(s) { s = Math.max(0, Math.ceil(s)); var m = Math.floor(s / 60);
    return m + ':' + String(s % 60).padStart(2, '0'); }
  function show() {
    var p = current.phases[index];
    phaseEl.textContent = p.name + ' (' + (index + 1) + ' of ' + current.phases.length + ')';
    clock.textContent = fmt(left);
    var n = p.note || '';
    if (p.hold && left > p.seconds - p.hold) { n = p.hold_note; }
    note.textContent = n;
    document.body.className = left <= 0 ? 'pk-over' : (left <= 60 ? 'pk-last' : '');
  }
  function load(i) { index = i; left = current.phases[i].seconds; stop(); show();
    live.textContent = current.phases[i].name + ': ' + current.phases[i].minutes + ' minutes.'; }
  function stop() { if (tick) { clearInterval(tick); tick = null; } endsAt = null;
    startBtn.textContent = 'Start'; }
  function run() { endsAt = Date.now() + left * 1000; startBtn.textContent = 'Pause';
    tick = setInterval(function () { left = (endsAt - Date.now()) / 1000;
      if (left <= 0) { left = 0; stop(); live.textContent = 'Time: ' + current.phases[index].name
        + ' is over.'; if (index + 1 < current.phases.length) { load(index + 1); run(); } }
      show(); }, 250); }
  function toggle() { if (tick) { left = (endsAt - Date.now()) / 1000; stop(); show(); }
    else { run(); } }
  setSel.addEventListener('change', function () { current = sets[setSel.selectedIndex]; load(0); });
  startBtn.addEventListener('click', toggle);
  document.getElementById('pk-next').addEventListener('click', function () {
    load((index + 1) % current.phases.length); });
  document.getElementById('pk-reset').addEventListener('click', function () { load(index); });
  load(0);
})();
"""

TIMER_CSS = """
body { font-family: Arial, Helvetica, sans-serif; margin: 0; background: #fff; color: #111; }
main { text-align: center; padding: 2vh 2vw; }
#pk-phase { font-size: 6vh; margin: 1vh 0; }
#pk-clock { font-size: 32vh; font-weight: bold; font-variant-numeric: tabular-nums;
            line-height: 1; margin: 2vh 0; }
#pk-note { font-size: 4vh; min-height: 5vh; }
.pk-controls button, .pk-controls select { font-size: 3vh; padding: 0.5vh 2vw; margin: 0 0.5vw;
            border: 2px solid #0072B2; border-radius: 6px; background: #fff; color: #111; }
.pk-controls button:focus, .pk-controls select:focus { outline: 4px solid #E69F00; }
.pk-last #pk-clock { color: #D55E00; }
.pk-over #pk-clock { color: #D55E00; text-decoration: underline; }
.pk-plan { font-size: 2.4vh; color: #333; }
.pk-sr { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
"""


def timer_sets(t=None) -> list[dict]:
    """The phases the timer slide offers, every minute from data/timing.yaml."""
    from .sessions import timing

    t = t or timing()
    triad = [
        {"name": name, "minutes": m, "seconds": m * 60, "note": note}
        for name, m, note in _round_rows(t)
    ]
    triad[1]["note"] = "Summarise what you heard, then agree a dated next step."
    triad[1]["hold"] = t.no_solution_minutes * 60
    triad[1]["hold_note"] = f"No solution talk yet (the first {t.no_solution_minutes} minutes)."
    cg = [
        {"name": "Read", "minutes": t.cg_read_minutes, "note": "Your own card only."},
        {"name": "Talk", "minutes": t.cg_talk_minutes, "note": "Interests before positions."},
        {"name": "File and check", "minutes": t.cg_file_minutes, "note": "Exercise 04."},
        {"name": "Discuss", "minutes": t.cg_discuss_minutes, "note": ""},
    ]
    for p in cg:
        p["seconds"] = p["minutes"] * 60
    return [
        {"title": f"Live triad round ({t.round_minutes} minutes)", "phases": triad},
        {"title": f"Common ground, exercise 04 ({t.cg_minutes} minutes)", "phases": cg},
    ]


def timer_slide_html(t=None) -> str:
    """A full-screen countdown for the projector: read, talk, feedback (offline, no CDN)."""
    from .sessions import timing

    t = t or timing()
    sets = timer_sets(t)
    options = "".join(f"<option>{html.escape(x['title'])}</option>" for x in sets)
    plan = " \u00b7 ".join(f"{name} {m} min" for name, m, _ in _round_rows(t))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Role-play timer</title>"
        f"<style>{TIMER_CSS}</style></head><body><main>"
        '<div class="pk-controls">'
        '<label for="pk-set" class="pk-sr">Which timer</label>'
        f'<select id="pk-set">{options}</select>'
        '<button type="button" id="pk-start">Start</button>'
        '<button type="button" id="pk-next">Next part</button>'
        '<button type="button" id="pk-reset">Restart this part</button></div>'
        '<h1 id="pk-phase">Read your card</h1>'
        '<div id="pk-clock" role="timer" aria-label="Time left">'
        f"{t.read_minutes}:00</div>"
        '<p id="pk-note"></p><p id="pk-live" class="pk-sr" aria-live="polite"></p>'
        f'<p class="pk-plan">Each round: {html.escape(plan)} ({t.round_minutes} minutes). '
        f"No solution talk for the first {t.no_solution_minutes} minutes of the talk. "
        "The next part starts by itself.</p>"
        f'<script type="application/json" id="pk-timer-data">{_script_json(sets)}</script>'
        f"<script>{TIMER_JS}</script></main></body></html>\n"
    )


def build_class_materials(out: Path) -> list[tuple[str, str]]:
    """Write the time-out card, the timer slide and the rubric into ``out/class``; return
    (href relative to ``out``, title) for the index."""
    from .rubric import rubric_handout_html

    folder = Path(out) / "class"
    folder.mkdir(parents=True, exist_ok=True)
    pages = [
        ("timeout_card.html", "Time-out card (print one per group)", timeout_card_html()),
        ("timer.html", "Timer slide for the projector", timer_slide_html()),
        ("rubric.html", "Rubric for a discovery conversation", rubric_handout_html()),
    ]
    written = []
    for name, title, text in pages:
        (folder / name).write_text(text, encoding="utf-8")
        written.append((f"class/{name}", title))
    return written


# --------------------------------------------------------------------------- index


def _class_list(manifest: Manifest) -> str:
    if not manifest.class_materials:
        return ""
    items = "".join(
        f'<li><a href="{html.escape(href)}">{html.escape(title)}</a></li>'
        for href, title in manifest.class_materials
    )
    return f"<h2>For the class</h2><ul>{items}</ul>"


def index_html(manifest: Manifest) -> str:
    rows = []
    for p in manifest.pages:
        extra = f" <em>(could not be run: {html.escape(p.error)})</em>" if p.error else ""
        charts = f"{p.charts} chart{'s' if p.charts != 1 else ''}"
        rows.append(
            f'<li><a href="{html.escape(p.html)}">{html.escape(p.title)}</a> · {charts}{extra}</li>'
        )
    if manifest.cards:
        cards = f'<p><a href="{html.escape(manifest.cards)}">Printable role cards</a></p>'
    else:
        cards = f'<p class="pk-static-note">{html.escape(manifest.cards_note)}</p>'
    stamp = time.strftime("%Y-%m-%d %H:%M")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Partnering with the Business: offline handouts</title>"
        "<style>body{font-family:Arial,Helvetica,sans-serif;max-width:50rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5}</style></head><body><main>"
        "<h1>Partnering with the Business: offline handouts</h1>"
        "<p>These pages work without internet: open them from this folder in any browser. "
        "Charts are drawn by the one copy of plotly.min.js in this folder; keep the folder "
        "together when you copy it. Interactive parts (guesses, buttons, role-plays) only "
        "work in the live notebooks; here they appear as write-in space.</p>"
        f"<h2>Notebooks</h2><ol>{''.join(rows)}</ol><h2>Role cards</h2>{cards}"
        f"{_class_list(manifest)}"
        f"<p><small>Built {html.escape(stamp)}.</small></p></main></body></html>\n"
    )


# --------------------------------------------------------------------------- build


def default_notebooks(exercises: bool = False, root: str | Path | None = None) -> list[Path]:
    """The kit folder's notebooks (``root``, else the current folder or the checkout: see
    :func:`partnerkit.data.kit_folder`, which raises KitFolderError when there are none)."""
    kit = kit_folder(root)
    found = sorted((kit / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if exercises:
        found += sorted((kit / "exercises").glob("*_ex.ipynb"))
    return found


def build(
    out: str | Path | None = None,
    notebooks: list[Path] | None = None,
    *,
    root: str | Path | None = None,
    cards: bool = True,
    timeout: int = 300,
    log=print,
) -> Manifest:
    """Build the handouts of ``notebooks`` (default: the kit folder's, see
    :func:`default_notebooks`) into ``out`` (default: ``<kit folder>/build/handouts``)."""
    start = time.perf_counter()
    if notebooks is None:
        notebooks = default_notebooks(root=root)
    if out is None:
        out = kit_folder(root) / "build" / "handouts"
    if not notebooks:
        raise KitFolderError("No notebooks to build: the list of notebooks is empty.")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    import plotly

    shutil.copyfile(
        Path(plotly.__file__).parent / "package_data" / "plotly.min.js", out / "plotly.min.js"
    )
    notebooks = [Path(p).resolve() for p in notebooks]
    manifest = Manifest(out)
    built = {p.stem for p in notebooks}
    with tempfile.TemporaryDirectory(prefix="pk-handouts-") as tmp:
        env = {
            "PARTNERKIT_STATIC": "1",
            "PARTNERKIT_JOURNAL": str(Path(tmp) / "journal.json"),
            "PARTNERKIT_PRESENT": "0",
        }
        with _environment(**env):
            for path in notebooks:
                log(f"  {path} ...")
                nb, error = execute(path, timeout)
                title = _title(nb, path.stem)
                charts = prepare(nb, re.sub(r"\W", "", path.stem)[:12] or "nb")
                page = relink(_nav(to_html(nb, title), title), built)
                (out / f"{path.stem}.html").write_text(page, encoding="utf-8")
                manifest.pages.append(
                    Page(str(path.name), f"{path.stem}.html", title, charts, error)
                )
    if cards:
        manifest.cards, manifest.cards_note = build_cards(out)
    manifest.class_materials = build_class_materials(out)
    manifest.seconds = time.perf_counter() - start
    (out / "index.html").write_text(index_html(manifest), encoding="utf-8")
    (out / "manifest.json").write_text(manifest.to_json() + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m partnerkit.handouts")
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the offline handouts")
    b.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/NN_*.ipynb")
    b.add_argument("--out", type=Path, default=None, help="default: <kit folder>/build/handouts")
    b.add_argument("--root", type=Path, default=None, help="the kit folder (default: this one)")
    b.add_argument("--exercises", action="store_true", help="also the exercise notebooks")
    b.add_argument("--no-cards", action="store_true", help="skip the printable role cards")
    b.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = ap.parse_args(argv)
    try:
        nbs = args.notebooks or default_notebooks(args.exercises, root=args.root)
        args.out = args.out or kit_folder(args.root) / "build" / "handouts"
    except KitFolderError as exc:
        print(f"Cannot build handouts: {exc}", file=sys.stderr)
        return 2
    print(f"Building {len(nbs)} handout page(s) into {args.out} ...")
    m = build(args.out, nbs, cards=not args.no_cards, timeout=args.timeout)
    failed = [p for p in m.pages if p.error]
    total = sum(p.charts for p in m.pages)
    index = args.out / "index.html"
    print(f"Done in {m.seconds:.0f} s: {len(m.pages)} pages, {total} charts -> {index}")
    print(f"Role cards: {m.cards}" if m.cards else f"Role cards: {m.cards_note}")
    for href, title in m.class_materials:
        print(f"{title}: {args.out / href}")
    for p in failed:
        print(f"FAILED {p.source}: {p.error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
