"""Notebook 06: the jargon translator. The learner rewrites an IT status update for a business
client and sees, as they type, the jargon flagged (with its plain meaning) and the
business-outcome words counted. The logic lives in :mod:`partnerkit.translator`."""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import HTML, display

from ..display import static_mode
from ..journal import journal
from ..translator import Review, example, highlight_html, review

KEY = "06.translator.draft"


def _list(items: list[str], css: str) -> str:
    return f'<ul class="{css}">' + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def review_html(text: str, r: Review | None = None) -> str:
    """The feedback panel for ``text``: summary (a live region), tips, explained flags, outcome
    words and the text with the words marked. All text is escaped."""
    r = r or review(text)
    kind = "ok" if r.ready else "hint"
    parts = [
        f'<div class="pk-feedback pk-{kind} pk-translator-summary" role="status" '
        f'aria-live="polite"><strong>{html.escape(r.summary)}</strong></div>'
    ]
    if r.tips:
        parts.append(_list(list(r.tips), "pk-tips"))
    if r.jargon:
        parts.append("<p><strong>Jargon to translate</strong></p>")
        parts.append(_list([f.explanation for f in r.jargon], "pk-jargon-flags"))
    if r.abbreviations:
        parts.append("<p><strong>Abbreviations to check</strong></p>")
        parts.append(_list([f.explanation for f in r.abbreviations], "pk-abbrev-flags"))
    if r.outcomes:
        words = ", ".join(f"{t} ({n})" if n > 1 else t for t, n in r.outcomes)
        parts.append(
            '<p class="pk-outcome-words"><strong>Business-outcome words:</strong> '
            f"{html.escape(words)}. These tell the client what the update means for them.</p>"
        )
    if r.words:
        parts.append(
            "<details><summary>Your text with jargon (underlined) and outcome words (bold) "
            f"marked</summary>{highlight_html(text, r.matches)}</details>"
        )
    return '<div class="pk-translator-feedback">' + "".join(parts) + "</div>"


def original_html() -> str:
    ex = example()
    return (
        f'<div class="pk-original"><p><strong>Your client:</strong> {html.escape(ex.audience)}</p>'
        f"<p><strong>Your task:</strong> {html.escape(ex.task)}</p>"
        "<p><strong>The IT status update:</strong></p>"
        f'<pre style="white-space:pre-wrap">{html.escape(ex.original)}</pre></div>'
    )


def show_original(with_feedback: bool = False) -> None:
    """The update to rewrite; with ``with_feedback`` also what the checker says about it."""
    display(HTML(original_html()))
    if with_feedback:
        display(HTML(review_html(example().original)))


def translator(key: str = KEY):
    """A text box (keyboard: Tab into it and type) with live, explained feedback.

    The draft is saved in the journal under ``key`` when you pause typing and restored on re-run."""
    if static_mode():
        show_original(with_feedback=True)
        return None
    j = journal()
    saved = j.get(key, "")
    box_text = widgets.Textarea(
        value=saved if isinstance(saved, str) else "",
        description="Your version",
        placeholder="Write the update as you would send it to your client.",
        continuous_update=True,
        style={"description_width": "8em"},
        layout=widgets.Layout(width="100%", max_width="900px", height="12em"),
    )
    feedback = widgets.HTML(review_html(box_text.value))

    def _on_change(change):
        text = change["new"] if isinstance(change["new"], str) else ""
        feedback.value = review_html(text)
        j.set_soon(key, text)  # written once the learner pauses (journal.SAVE_DELAY)

    box_text.observe(_on_change, names="value")
    box = widgets.VBox([box_text, feedback])
    box.add_class("pk-translator")
    box.text = box_text  # handles for tests
    box.feedback = feedback
    return box
