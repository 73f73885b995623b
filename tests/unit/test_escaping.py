"""Learner text is shown as text, never as live HTML - in every place the kit renders it.

Markup (``<script>`` and ``<img onerror=...>``) is typed into every text box of every widget
the kit builds (found automatically in ``partnerkit.widgets``), every button is pressed, and
every HTML the widget then shows must hold the markup only in escaped form. The same payload
goes through the learner export (HTML and Markdown), the class dashboard (learner names and
answers from students' files), the role cards (instructor-edited scenario text) and the shared
display helpers.
"""

from __future__ import annotations

import html
import importlib
import inspect
import json
import pkgutil
from pathlib import Path

import ipywidgets as widgets
import pytest

import partnerkit.widgets

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = '<script>alert("pk")</script><img src=x onerror="alert(1)"><b>bold</b>'
RAW = ("<script>alert", "<img src=x onerror", "<b>bold</b>")
ESCAPED = html.escape(PAYLOAD, quote=False)[:20]  # '&lt;script&gt;alert('
# Right-to-left override (U+202E) and friends: left open, they reverse the kit's own text after
# the learner's. Wherever learner text is echoed it must be isolated with the controls removed.
RLO, PDI = "\u202e", "\u2069"
BIDI = f"abc{RLO}def{PDI}{RLO}ghi <b>x</b>"


def assert_no_bidi_controls(text: str, where: str) -> None:
    for ch in (RLO, "\u202d", "\u2066", "\u2067", "\u2068"):
        assert ch not in text, f"{where}: learner bidi control U+{ord(ch):04X} reaches the page"


def assert_no_live_markup(text: str, where: str) -> None:
    for raw in RAW:
        assert raw not in text, f"{where}: learner markup {raw!r} rendered as HTML"


# --------------------------------------------------------------------------- widgets


def walk(w, seen=None):
    """Every widget reachable from ``w`` (children, and widget attributes such as box.panel)."""
    seen = set() if seen is None else seen
    if id(w) in seen:
        return
    seen.add(id(w))
    yield w
    kids = list(getattr(w, "children", ()) or ())
    for value in vars(w).values() if hasattr(w, "__dict__") else ():
        if isinstance(value, widgets.Widget):
            kids.append(value)
    for k in kids:
        if isinstance(k, widgets.Widget):
            yield from walk(k, seen)


def shown_html(root) -> str:
    return "\n".join(w.value for w in walk(root) if isinstance(w, widgets.HTML | widgets.HTMLMath))


def _first_scenario() -> str:
    return sorted(p.stem for p in (ROOT / "data" / "scenarios").glob("*.yaml"))[0]


def _first_activity() -> str:
    return sorted(p.stem for p in (ROOT / "data" / "activities").glob("*.yaml"))[0]


# Arguments for factories with required parameters; anything else is called with none.
ARGS = {
    "prediction": lambda: ("t.predict", "pwc_outside_cio_2015", "What share?"),
    "solo_client": lambda: (_first_scenario(),),
    "sorting_activity": lambda: (_first_activity(), "t.sorting"),
    "chart_view": None,  # takes a Chart built by code, no learner text
}
# Factories that return something other than a live widget in the kernel, with the reason.
NOT_WIDGETS = {"show_case", "show_original", "observer_card", "show_static"}
# Widgets that echo typed text back on the page: the escaped payload must be visible there.
ECHOES = {"question_coach", "translator", "exit_ticket"}


def widget_factories() -> dict:
    out = {}
    for mod in pkgutil.iter_modules(partnerkit.widgets.__path__, "partnerkit.widgets."):
        module = importlib.import_module(mod.name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_") or name in NOT_WIDGETS:
                continue
            sig = inspect.signature(fn)
            if sig.return_annotation in (str, "str") or name.endswith(("_html", "_key")):
                continue  # string helpers: covered through the widgets that use them
            params = sig.parameters.values()
            required = [p for p in params if p.default is inspect.Parameter.empty]
            if required and name not in ARGS:
                out[name] = None  # reported by test_every_widget_factory_is_exercised
            elif ARGS.get(name, True) is not None:
                out[name] = fn
    return out


FACTORIES = widget_factories()


def test_every_widget_factory_is_exercised():
    unknown = [n for n, fn in FACTORIES.items() if fn is None]
    assert not unknown, f"add arguments for these widget factories to ARGS: {unknown}"
    assert {"prediction", "spending_explorer"} <= set(FACTORIES)


@pytest.mark.parametrize("name", sorted(n for n, fn in FACTORIES.items() if fn is not None))
def test_markup_typed_into_a_widget_is_shown_as_text(name, tmp_journal, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # export buttons write files here
    fn = FACTORIES[name]
    args = ARGS[name]() if name in ARGS else ()
    root = fn(*args)
    if root is None:
        pytest.fail(f"{name}() returned nothing in a live kernel")

    def type_everywhere() -> int:
        boxes = [w for w in walk(root) if isinstance(w, widgets.Text | widgets.Textarea)]
        for w in boxes:
            w.value = PAYLOAD
        return len(boxes)

    typed, pages = _type_and_press(root, PAYLOAD)
    for i, page in enumerate(pages):
        assert_no_live_markup(page, f"{name} after pressing {i} button(s)")
    if name in ECHOES:
        assert typed, f"{name} has no text box any more: update ECHOES"
        assert any(ESCAPED in p for p in pages), f"{name} never shows the typed text (escaped)"


def _type_and_press(root, text: str) -> tuple[int, list[str]]:
    """Type ``text`` into every box, press every button once; every HTML page shown."""

    def type_everywhere() -> int:
        boxes = [w for w in walk(root) if isinstance(w, widgets.Text | widgets.Textarea)]
        for w in boxes:
            w.value = text
        return len(boxes)

    typed = type_everywhere()
    pages = [shown_html(root)]
    pressed = 0
    while pressed < 40:  # press each button once, re-typing first (one may clear the boxes)
        buttons = [w for w in walk(root) if isinstance(w, widgets.Button) and not w.disabled]
        if pressed >= len(buttons):
            break
        type_everywhere()
        buttons[pressed].click()
        pressed += 1
        pages.append(shown_html(root))
    return typed, pages


@pytest.mark.parametrize("name", sorted(n for n, fn in FACTORIES.items() if fn is not None))
def test_bidi_controls_typed_into_a_widget_never_reach_the_page(
    name, tmp_journal, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    args = ARGS[name]() if name in ARGS else ()
    typed, pages = _type_and_press(FACTORIES[name](*args), BIDI)
    for i, page in enumerate(pages):
        assert_no_bidi_controls(page, f"{name} after pressing {i} button(s)")
    if name in ECHOES:
        # the typed text is still shown (controls removed), inside an isolate
        assert any("abcdefghi" in p for p in pages), f"{name} no longer echoes the text"


# --------------------------------------------------------------------------- exports, dashboard


def _export_doc(folder: Path) -> dict:
    from partnerkit import export
    from partnerkit.journal import Journal

    j = Journal(folder / "journal.json")
    j.update(
        {
            "01.predict.outside_it": {"guess": 4, "actual": 68, "stat_id": "pwc_outside_cio_2015"},
            "06.translator.draft": PAYLOAD,
            "08.exit_ticket": {"who": PAYLOAD, "when": PAYLOAD, "listen_for": PAYLOAD,
                               "promise": PAYLOAD, "questions": [PAYLOAD]},
            "ex.coach.questions": [{"text": PAYLOAD, "flags": ["leading"]}],
            "zz.unknown." + PAYLOAD: {PAYLOAD: [PAYLOAD]},
            "05.trust.note": BIDI,
        }
    )  # fmt: skip
    return export.validate(export.collect(j, learner=PAYLOAD + BIDI))


def test_export_html_and_markdown_escape_learner_text(tmp_path):
    from partnerkit import export

    doc = _export_doc(tmp_path)
    page = export.to_html(doc)
    assert_no_live_markup(page, "export HTML")
    assert_no_bidi_controls(page, "export HTML")
    assert_no_bidi_controls(export.to_markdown(doc), "export Markdown")
    assert ESCAPED in page
    md = export.to_markdown(doc)
    assert_no_live_markup(md, "export Markdown")
    json.loads(export.to_json(doc))  # the machine-readable copy stays valid


def test_dashboard_escapes_names_and_answers_from_students_files(tmp_path):
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from partnerkit import classroom, export

    doc = _export_doc(tmp_path)
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "a.json").write_text(export.to_json(doc), encoding="utf-8")
    work = classroom.load_class(tmp_path / "exports")
    assert work.submissions and work.submissions[0].learner.startswith(PAYLOAD)
    InteractiveShell.instance()
    with capture_output() as cap:
        for part in ("overview", "invalid", "predictions", "levers", "coach", "roleplays"):
            work.show(part)
    page = "\n".join(o.data.get("text/html", "") for o in cap.outputs)
    assert page, "the dashboard showed nothing"
    assert_no_live_markup(page, "class dashboard")
    assert_no_bidi_controls(page, "class dashboard")
    assert ESCAPED in page


# --------------------------------------------------------------------------- role cards


def test_role_cards_escape_scenario_text(tmp_path):
    from partnerkit.roleplay import cards
    from partnerkit.roleplay.loader import load_scenario

    sid = _first_scenario()
    text = (ROOT / "data" / "scenarios" / f"{sid}.yaml").read_text(encoding="utf-8")
    quoted = json.dumps(PAYLOAD)  # a YAML double-quoted string
    lines = text.splitlines()
    i = next(n for n, ln in enumerate(lines) if ln.startswith("  name: "))
    lines[i] = f"  name: {quoted}"
    path = tmp_path / f"{sid}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.client.name == PAYLOAD
    pages = [cards.render_html(h) for h in cards.student_handouts(scenario)]
    assert pages
    for page in pages:
        assert_no_live_markup(page, "role card")
    assert any(ESCAPED in page for page in pages)


# --------------------------------------------------------------------------- shared helpers


def test_display_helpers_escape_everything_they_are_given():
    import pandas as pd

    from partnerkit.charts import Chart
    from partnerkit.display import chart_notes_html, table_html
    from partnerkit.widgets.common import feedback_html

    assert_no_live_markup(feedback_html(PAYLOAD, kind=PAYLOAD), "feedback_html")
    df = pd.DataFrame({PAYLOAD: [PAYLOAD]})
    assert_no_live_markup(table_html(df, caption=PAYLOAD), "table_html")
    chart = Chart(figure=None, title=PAYLOAD, takeaway=PAYLOAD, alt_text=PAYLOAD, table=df)
    notes = chart_notes_html(chart)
    assert_no_live_markup(notes, "chart_notes_html")
    assert notes.count(ESCAPED) >= 4  # takeaway, alt text, caption, table cells


def test_translator_highlight_escapes_around_marks():
    from partnerkit import translator as tr

    text = f"The SLA {PAYLOAD} API latency"
    out = tr.highlight_html(text, tr.review(text).matches)
    assert_no_live_markup(out, "translator.highlight_html")
    assert ESCAPED in out and "<mark" in out


def test_learner_text_in_the_solo_transcript_and_coach_card_is_isolated():
    from partnerkit import coach
    from partnerkit.roleplay.engine import Conversation
    from partnerkit.roleplay.loader import get_scenario
    from partnerkit.widgets.coach import feedback_card
    from partnerkit.widgets.solo import transcript_html

    card = feedback_card(coach.analyse(BIDI))
    assert_no_bidi_controls(card, "coach card")
    assert '<bdi class="pk-learner-text">abcdefghi' in card

    conv = Conversation(get_scenario(_first_scenario()))
    conv.choose(0, typed=BIDI)
    page = transcript_html(conv)
    assert_no_bidi_controls(page, "solo transcript")
    assert '<bdi class="pk-learner-text">' in page
