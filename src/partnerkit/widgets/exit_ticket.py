"""Notebook 08: the exit ticket, a plan for your first partnership conversation, with
explained feedback. The rules live in :mod:`partnerkit.exit_ticket`."""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import HTML, display

from ..display import static_mode
from ..exit_ticket import FIELDS, check, normalise, ready, summary
from ..journal import journal
from ..learner_text import learner_html, strip_bidi_controls

KEY = "08.exit_ticket"
LABELS = {
    "who": "Whom will you talk to?",
    "when": "When?",
    "listen_for": "What will you listen for?",
    "promise": "What promise will you keep?",
    "questions": "Questions, one per line",
}
PLACEHOLDERS = {
    "who": "a name and role, e.g. Dana, head of customer service",
    "when": "a day or date, e.g. Tuesday 14 May, 10:00",
    "listen_for": "e.g. what slows her team down; what her customers complain about",
    "promise": "e.g. send her a one-page summary by Wednesday noon",
    "questions": "What does a busy day look like for your team?\nTell me about ...\nHow ...",
}
MARKS = {"ok": "Done", "fix": "To do", "tip": "Idea"}


def feedback_html_for(values: dict) -> str:
    """Summary (a live region) and every check, each marked in words, not only colour."""
    checks = check(values)
    kind = "ok" if ready(checks) else "hint"
    items = "".join(
        f'<li class="pk-check-{c.level}"><strong>{MARKS[c.level]}</strong> '
        f"({html.escape(LABELS[c.field].rstrip('?'))}): "
        f"{html.escape(strip_bidi_controls(c.message))}</li>"
        for c in checks
    )
    return (
        f'<div class="pk-feedback pk-{kind} pk-exit-summary" role="status" aria-live="polite">'
        f"<strong>{html.escape(summary(checks))}</strong></div>"
        f'<ul class="pk-exit-checks">{items}</ul>'
    )


def plan_html(values: dict) -> str:
    """The plan as the learner wrote it (escaped), as it will appear in the export."""
    t = normalise(values)
    rows = "".join(
        f'<tr><th scope="row">{html.escape(LABELS[f])}</th>'
        f'<td style="white-space:pre-wrap">{learner_html(t[f][:2000])}</td></tr>'
        for f in FIELDS[:4]
    )
    qs = "".join(f"<li>{learner_html(q[:500])}</li>" for q in t["questions"][:10])
    return (
        '<table class="pk-table pk-plan"><caption>My first partnership conversation</caption>'
        f"<tbody>{rows}</tbody></table><ol>{qs}</ol>"
    )


def exit_ticket(key: str = KEY):
    """Five labelled boxes and a "Check my plan" button (keyboard: Tab between boxes, type,
    then Tab to the button and press Enter); after the first check the feedback follows every
    edit. The plan is saved under ``key`` when you pause typing, in the journal's shape, and
    restored."""
    if static_mode():
        display(HTML("<p>In the live notebook, you write your plan here and get feedback.</p>"))
        return None
    j = journal()
    saved = j.get(key)
    start = normalise(saved)
    boxes: dict[str, widgets.Widget] = {}
    for f in FIELDS:
        multi = f in ("listen_for", "questions")
        cls = widgets.Textarea if multi else widgets.Text
        value = "\n".join(start[f]) if f == "questions" else start[f]
        boxes[f] = cls(
            value=value,
            description=LABELS[f],
            placeholder=PLACEHOLDERS[f],
            style={"description_width": "15em"},
            layout=widgets.Layout(
                width="100%", max_width="900px", height="8em" if f == "questions" else None
            ),
        )
    button = widgets.Button(
        description="Check my plan",
        button_style="primary",
        tooltip="Explained feedback on each part of your plan",
    )
    feedback = widgets.HTML(
        feedback_html_for(start)
        if isinstance(saved, dict)
        else '<div class="pk-feedback pk-hint pk-exit-summary" role="status" '
        'aria-live="polite">Write your plan, then press Check my plan.</div>'
    )
    plan = widgets.HTML(plan_html(start) if isinstance(saved, dict) else "")

    def _values() -> dict:
        return {f: b.value for f, b in boxes.items()}

    # Once the learner has asked for a check (or a saved plan was restored), feedback follows
    # every edit, so it never lags behind the last keystrokes that reach the kernel.
    live = [isinstance(saved, dict)]

    def _refresh():
        feedback.value = feedback_html_for(_values())
        plan.value = plan_html(_values())

    def _save(_change=None):
        j.set_soon(key, normalise(_values()))  # written once the learner pauses typing
        if live[0]:
            _refresh()

    def _check(_=None):
        live[0] = True
        j.set(key, normalise(_values()))
        _refresh()

    for b in boxes.values():
        b.observe(_save, names="value")
    button.on_click(_check)
    box = widgets.VBox([*boxes.values(), button, feedback, plan])
    box.add_class("pk-exit-ticket")
    box.boxes = boxes  # handles for tests
    box.button = button
    box.feedback = feedback
    box.plan = plan
    return box
