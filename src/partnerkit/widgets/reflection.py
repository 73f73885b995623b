"""A reasoning activity: one text box per question, each answer saved in the learner journal as
it is typed and put back when the cell runs again; once a few words are written, a note to
compare with appears under the box. Content: ``data/activities/reflect_*.yaml`` (see
:mod:`partnerkit.reflection`)."""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import HTML, display

from ..display import static_mode
from ..journal import journal
from ..reflection import clean_answers, compare_note, journal_key, load_reflection
from .common import feedback_html


def _static_html(name: str) -> str:
    r = load_reflection(name)
    items = "".join(
        f"<li><p><strong>{html.escape(p.label)}.</strong> {html.escape(p.question)}</p>"
        f"<details><summary>A note to compare with</summary><p>{html.escape(p.compare)}</p>"
        "</details></li>"
        for p in r.prompts
    )
    intro = f"<p>{html.escape(r.intro)}</p>" if r.intro else ""
    return (
        f'<div class="pk-reflection"><h4>{html.escape(r.title)}</h4>{intro}<ol>{items}</ol></div>'
    )


def reflection(name: str = "reflect_01_decisions", key: str = ""):
    """The activity ``name``; answers saved under ``key`` (default: see
    :func:`partnerkit.reflection.journal_key`, e.g. ``07.reflect.planning_cycle``) as
    ``{prompt_id: text}``. Keyboard: Tab from box to box and type."""
    if static_mode():
        display(HTML(_static_html(name)))
        return None
    r = load_reflection(name)
    key = key or journal_key(r.id)
    j = journal()
    answers = clean_answers(j.get(key), r)
    rows = []
    boxes: dict[str, widgets.Textarea] = {}
    notes: dict[str, widgets.HTML] = {}
    for p in r.prompts:
        box = widgets.Textarea(
            value=answers.get(p.id, ""),
            description=p.label,
            placeholder="Your answer, in a sentence or two.",
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%", max_width="900px", height="5em"),
        )
        note = widgets.HTML(feedback_html(*reversed(compare_note(p, box.value))))

        def _on_change(change, p=p, note=note):
            text = change["new"] if isinstance(change["new"], str) else ""
            answers[p.id] = text
            note.value = feedback_html(*reversed(compare_note(p, text)))
            j.set(key, dict(answers))

        box.observe(_on_change, names="value")
        boxes[p.id], notes[p.id] = box, note
        rows += [widgets.HTML(f"<p><strong>{html.escape(p.question)}</strong></p>"), box, note]
    head = [widgets.HTML(f"<h4>{html.escape(r.title)}</h4>")]
    if r.intro:
        head.append(widgets.HTML(f"<p>{html.escape(r.intro)}</p>"))
    out = widgets.VBox(head + rows)
    out.add_class("pk-reflection")
    out.boxes = boxes  # handles for tests
    out.notes = notes
    return out
