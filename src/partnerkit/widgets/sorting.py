"""A sorting activity on screen: one labelled drop-down per item, explained feedback under
each, a running score, answers kept in the learner journal."""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import HTML, display

from ..display import static_mode
from ..journal import journal
from ..sorting import Activity, check, load_activity, score
from .common import feedback_html

PLACEHOLDER = "Choose\u2026"


def _score_text(activity: Activity, answers: dict) -> str:
    good, answered, total = score(activity, answers)
    if not answered:
        return f"0 of {total} answered."
    return f"{answered} of {total} answered; {good} match the kit's answer."


def worksheet_html(activity: Activity) -> str:
    """The activity as a printable list (static handouts): items and options, no answers."""
    opts = "".join(f"<li>{html.escape(o.label)}</li>" for o in activity.options)
    items = "".join(
        f"<li><strong>{html.escape(it.label)}.</strong> {html.escape(it.text)}</li>"
        for it in activity.items
    )
    return (
        f'<div class="pk-sorting pk-worksheet"><p><strong>{html.escape(activity.prompt)}</strong>'
        f"</p><p>Options:</p><ul>{opts}</ul><ol>{items}</ol></div>"
    )


def sorting_activity(name: str, key: str):
    """Show the activity ``data/activities/<name>.yaml``; answers saved under ``key``."""
    activity = load_activity(name)
    if static_mode():
        display(HTML(worksheet_html(activity)))
        return None
    j = journal()
    saved = j.get(key, {})
    answers: dict[str, str] = {}
    option_ids = {o.id for o in activity.options}
    if isinstance(saved, dict):
        answers = {
            k: v
            for k, v in saved.items()
            if isinstance(v, str) and v in option_ids and any(it.id == k for it in activity.items)
        }
    total = widgets.HTML(feedback_html(_score_text(activity, answers), "info"))
    rows, dropdowns, feedbacks = [], {}, {}
    for n, item in enumerate(activity.items, start=1):
        dd = widgets.Dropdown(
            options=[(PLACEHOLDER, "")] + [(o.label, o.id) for o in activity.options],
            value=answers.get(item.id, ""),
            description=item.label,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="720px"),
        )
        fb = widgets.HTML()
        text = widgets.HTML(f"<p><strong>{n}.</strong> {html.escape(item.text)}</p>")

        def _show(item_id: str, choice: str, fb=fb) -> None:
            result = check(activity, item_id, choice)
            fb.value = (
                "" if result.verdict == "none" else feedback_html(result.message, result.verdict)
            )

        def _on_change(change, item_id=item.id, show=_show):
            if change["new"]:
                answers[item_id] = change["new"]
            else:
                answers.pop(item_id, None)
            show(item_id, change["new"])
            total.value = feedback_html(_score_text(activity, answers), "info")
            j.set(key, dict(answers))

        dd.observe(_on_change, names="value")
        _show(item.id, dd.value)
        dropdowns[item.id], feedbacks[item.id] = dd, fb
        row = widgets.VBox([text, dd, fb])
        row.add_class("pk-sorting-item")
        rows.append(row)
    box = widgets.VBox(
        [widgets.HTML(f"<p><strong>{html.escape(activity.prompt)}</strong></p>"), *rows, total]
    )
    box.add_class("pk-sorting")
    box.activity = activity  # handles for tests
    box.dropdowns = dropdowns
    box.feedbacks = feedbacks
    box.total = total
    return box
