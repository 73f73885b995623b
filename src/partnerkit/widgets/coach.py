"""Exercise 01 widgets: the sorting warm-up and the question coach.

Learner text is always shown through ``html.escape``; answers are saved in the journal
(``ex.coach.warmup`` and ``ex.coach.questions``) and restored when the cell runs again.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .. import coach
from ..display import static_mode
from ..journal import journal
from ..learner_text import learner_html
from .common import feedback_html

SHOW_MAX = 40  # questions shown with full feedback (the tally counts all)
SAVE_MAX = 100  # questions saved in the journal
SAVE_CHARS = 500  # characters saved per question
_CHOOSE = "- choose -"


# --------------------------------------------------------------------------- rendering


def feedback_card(fb: coach.Feedback, number: int | None = None) -> str:
    """One question's feedback as HTML (the question itself escaped)."""
    e = html.escape
    head = f"{number}. " if number is not None else ""
    kind = "good" if fb.is_question and not fb.flags else "warn" if fb.flags else "info"
    parts = [
        f'<div class="pk-coach-card pk-{kind}" style="border-left:4px solid #999999;'
        f'padding:2px 0 2px 10px;margin:10px 0">',
        f'<p class="pk-coach-q"><strong>{head}</strong>&ldquo;{learner_html(fb.text.strip())}'
        "&rdquo;</p>",
        f"<p>{e(fb.form_note)}</p>",
    ]
    if fb.flags:
        items = "".join(
            f"<li><strong>{e(f.title)}.</strong> {e(f.reason)} <em>Try:</em> {e(f.hint)}</li>"
            for f in fb.flags
        )
        parts.append(f"<ul>{items}</ul>")
    elif fb.verdict:
        parts.append(f'<p class="pk-coach-verdict">{e(fb.verdict)}</p>')
    note = coach.exception_note(fb.text)
    if note:
        parts.append(f'<p class="pk-coach-exception"><strong>Note:</strong> {e(note)}</p>')
    if fb.strengths:
        parts.append("<p><strong>Good:</strong> " + " ".join(e(s) for s in fb.strengths) + "</p>")
    for note in fb.notes:
        parts.append(f'<p class="pk-coach-note">{e(note)}</p>')
    parts.append("</div>")
    return "".join(parts)


def limits_html() -> str:
    items = "".join(f"<li>{html.escape(t)}</li>" for t in coach.LIMITS)
    return (
        "<details><summary>What the coach can and cannot tell you</summary>"
        f"<ul>{items}</ul></details>"
    )


def results_html(feedbacks: list[coach.Feedback]) -> str:
    if not feedbacks:
        return feedback_html("Type your questions, one per line, then press Check.", "hint")
    shown = feedbacks[:SHOW_MAX]
    cards = "".join(feedback_card(fb, i) for i, fb in enumerate(shown, start=1))
    more = ""
    if len(feedbacks) > SHOW_MAX:
        more = (
            f"<p>Showing the first {SHOW_MAX} of {len(feedbacks)} lines; "
            "the tally counts them all.</p>"
        )
    return f'<div class="pk-coach-results">{cards}{more}</div>'


# --------------------------------------------------------------------------- warm-up


def warmup(key: str = "ex.coach.warmup"):
    """Sort the given questions; each choice is explained at once. Saved and restored."""
    items = coach.load_warmup()
    if static_mode():
        rows = "".join(
            f"<li>&ldquo;{html.escape(it.text)}&rdquo;</li>" for it in items
        )  # no answers in handouts
        from IPython.display import HTML, display

        display(HTML(f"<ol>{rows}</ol>"))
        return None
    j = journal()
    saved = j.get(key)
    saved = saved if isinstance(saved, dict) else {}
    options = [(_CHOOSE, "")] + [(label, k) for k, label in coach.WARMUP_ANSWERS.items()]
    rows, pickers, outs = [], {}, {}
    for n, it in enumerate(items, start=1):
        pick = widgets.Dropdown(
            options=options,
            value=saved.get(it.id) if saved.get(it.id) in coach.WARMUP_ANSWERS else "",
            description=f"Question {n}",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="340px"),
        )
        out = widgets.HTML()
        pickers[it.id], outs[it.id] = pick, out
        text = widgets.HTML(f"<p><strong>{n}.</strong> &ldquo;{html.escape(it.text)}&rdquo;</p>")
        rows.append(widgets.VBox([text, pick, out]))
    check = widgets.Button(
        description="Check my sorting",
        button_style="primary",
        layout=widgets.Layout(width="auto"),
        tooltip="Compare your choices with the key, with explanations",
    )
    score = widgets.HTML()

    def _show(item) -> bool | None:
        ok, msg = coach.check_warmup(item, pickers[item.id].value)
        kind = "close" if ok else "hint" if ok is None else "over"
        outs[item.id].value = feedback_html(msg, kind)
        return ok

    def _score():
        right = sum(coach.check_warmup(it, pickers[it.id].value)[0] is True for it in items)
        score.value = feedback_html(f"{right} of {len(items)} sorted as the key does.", "info")
        j.set(key, {it.id: pickers[it.id].value for it in items})

    def _check(_=None):
        for it in items:
            _show(it)
        _score()

    def _picked(item):
        def handler(change):
            _show(item)  # immediate feedback on the question just sorted
            _score()

        return handler

    for it in items:
        pickers[it.id].observe(_picked(it), names="value")
    check.on_click(_check)
    box = widgets.VBox([*rows, check, score])
    box.add_class("pk-coach-warmup")
    box.pickers, box.check, box.score, box.outs = pickers, check, score, outs
    if any(v for v in saved.values()):
        _check()
    return box


# --------------------------------------------------------------------------- coach


def question_coach(key: str = "ex.coach.questions"):
    """A Textarea (one question per line) + Check button -> explained feedback and a tally.

    The checked questions are saved as ``[{"text": str, "flags": [str], "form": str}]`` and
    put back in the box when the cell runs again.
    """
    if static_mode():
        from IPython.display import HTML, display

        display(HTML(limits_html()))
        return None
    j = journal()
    saved = j.get(key)
    saved_texts = []
    if isinstance(saved, list):
        saved_texts = [
            r["text"] for r in saved if isinstance(r, dict) and isinstance(r.get("text"), str)
        ]
    box_in = widgets.Textarea(
        value="\n".join(saved_texts),
        placeholder="What happened the last time the report was late?\nOne question per line.",
        description="Your questions (one per line)",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="95%", height="150px"),
        continuous_update=False,
    )
    check = widgets.Button(
        description="Check my questions",
        button_style="primary",
        layout=widgets.Layout(width="auto"),
        tooltip="Get explained feedback on every line",
    )
    clear = widgets.Button(description="Clear", tooltip="Empty the box (your saved list too)")
    tally = widgets.HTML(value=feedback_html("No questions checked yet.", "hint"))
    results = widgets.HTML(value=results_html([]))

    def _check(_=None):
        fbs = coach.analyse_many(coach.split_questions(box_in.value))
        results.value = results_html(fbs)
        tally.value = feedback_html("Tally: " + coach.summarise(fbs).text(), "info")
        records = []
        for fb in fbs[:SAVE_MAX]:
            rec = fb.to_record()
            rec["text"] = rec["text"].strip()[:SAVE_CHARS]
            records.append(rec)
        j.set(key, records)
        box.feedbacks = fbs

    def _clear(_=None):
        box_in.value = ""
        _check()

    check.on_click(_check)
    clear.on_click(_clear)
    box = widgets.VBox(
        [box_in, widgets.HBox([check, clear]), tally, results, widgets.HTML(limits_html())]
    )
    box.add_class("pk-question-coach")
    box.textarea, box.check, box.clear, box.tally, box.results = (
        box_in,
        check,
        clear,
        tally,
        results,
    )
    box.feedbacks = []
    if saved_texts:
        _check()
    return box
