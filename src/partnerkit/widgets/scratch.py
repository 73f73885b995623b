"""Scratch boxes: try text against one of the kit's checkers without saving it.

A challenge may ask the learner to paste test text (a line of jargon, three closed questions)
to see what a checker says. Pasting it into the box that holds their real answer would
overwrite that answer and send the test text to the instructor's export. A scratch box runs
the same checker but never reads or writes the learner journal.

    scratch_box("jargon")     # notebook 06: the jargon translator's checker
    scratch_box("questions")  # notebook 08: the question coach, one question per line
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import HTML, display

from .. import coach
from ..display import static_mode
from .coach import results_html
from .translator import review_html

NOTE = (
    "Scratch box: nothing you type here is saved or exported. Your answers above stay as they are."
)
CHECKERS = {
    "jargon": {
        "label": "Scratch box (not saved)",
        "placeholder": "Paste or type text to see what the jargon checker flags.",
        "review": review_html,
    },
    "questions": {
        "label": "Scratch box (not saved)",
        "placeholder": "Paste or type questions, one per line, to see what the coach says.",
        "review": lambda text: results_html(coach.analyse_many(coach.split_questions(text))),
    },
}


def scratch_box(checker: str = "jargon", value: str = ""):
    """A text box with live feedback from ``checker`` ("jargon" or "questions"); never saved.

    Keyboard: Tab into the box and type; the feedback under it follows what you type.
    """
    if checker not in CHECKERS:
        raise ValueError(f"unknown checker {checker!r}; choose one of {', '.join(CHECKERS)}")
    spec = CHECKERS[checker]
    if static_mode():
        display(HTML(f"<p><em>{html.escape(NOTE)}</em></p>"))
        return None
    text = widgets.Textarea(
        value=value,
        description=spec["label"],
        placeholder=spec["placeholder"],
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="100%", max_width="900px", height="7em"),
    )
    feedback = widgets.HTML(spec["review"](value))

    def _on_change(change):
        new = change["new"] if isinstance(change["new"], str) else ""
        feedback.value = spec["review"](new)

    text.observe(_on_change, names="value")
    note = widgets.HTML(f'<p class="pk-scratch-note"><em>{html.escape(NOTE)}</em></p>')
    box = widgets.VBox([note, text, feedback])
    box.add_class("pk-scratch")
    box.text = text  # handles for tests
    box.feedback = feedback
    return box
