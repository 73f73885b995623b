"""Notebook 03 explorer: "prediction vs evidence" for "CMOs will outspend CIOs by 2017".

The learner first gives a verdict (radio buttons, saved in the journal); the evidence panel
then opens, with toggle buttons to step through the evidence and a note on what each piece
does, and does not, show.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..cmo import (
    EVIDENCE,
    PREDICTION,
    PREDICTION_SOURCE,
    VERDICTS,
    evidence_chart,
    evidence_note,
    verdict_feedback,
)
from ..display import static_mode
from ..journal import journal
from .common import ChartPanel, feedback_html, show_static


def _note_html(view: str) -> str:
    return (
        '<p class="pk-evidence-note"><strong>What this shows about the prediction:</strong> '
        f"{html.escape(evidence_note(view))}</p>"
    )


def cmo_explorer(verdict_key: str = "03.cmo.verdict", view_key: str = "03.cmo.view"):
    """Verdict first (predict), then the evidence, one piece at a time."""
    if static_mode():
        for view in EVIDENCE:
            show_static(evidence_chart(view))
        return None
    j = journal()
    saved_verdict = j.get(verdict_key)
    ok = isinstance(saved_verdict, str) and saved_verdict in VERDICTS
    saved_verdict = saved_verdict if ok else None
    view0 = j.get(view_key, "check_2016")
    view0 = view0 if isinstance(view0, str) and view0 in EVIDENCE else "check_2016"

    claim = widgets.HTML(
        f'<blockquote class="pk-quote">\u201c{html.escape(PREDICTION)}\u201d'
        f"<br><small>{html.escape(PREDICTION_SOURCE)}</small></blockquote>"
    )
    verdict = widgets.RadioButtons(
        options=[(label, k) for k, label in VERDICTS.items()],
        value=saved_verdict,
        description="Your verdict",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="auto"),
    )
    feedback = widgets.HTML(
        feedback_html("Give your verdict first; the evidence opens after you choose.", "hint")
    )
    step = widgets.ToggleButtons(
        options=[(label, k) for k, label in EVIDENCE.items()],
        value=view0,
        description="Evidence",
        tooltips=[
            "CMOs' and CIOs' technology spend as a share of revenue, 2016",
            "Marketing budgets as a share of revenue, 2016 and 2017",
            "Marketing technology as a share of the marketing budget",
        ],
        style={"description_width": "initial", "button_width": "auto"},
    )
    panel = ChartPanel(evidence_chart(view0))
    note = widgets.HTML(_note_html(view0))
    evidence = widgets.VBox([step, note, panel])
    evidence.add_class("pk-evidence")

    def _show_verdict(choice):
        if choice is None:
            evidence.layout.display = "none"
            return
        kind, message = verdict_feedback(choice)
        feedback.value = feedback_html(message, kind)
        if evidence.layout.display == "none":
            evidence.layout.display = None
            # plotly cannot size a chart drawn while hidden: draw it again now it shows
            panel.update(evidence_chart(step.value))

    def _on_verdict(change):
        _show_verdict(change["new"])
        if change["new"] is not None:
            j.set(verdict_key, change["new"])

    def _on_step(change):
        panel.update(evidence_chart(change["new"]))
        note.value = _note_html(change["new"])
        j.set(view_key, change["new"])

    verdict.observe(_on_verdict, names="value")
    step.observe(_on_step, names="value")
    _show_verdict(saved_verdict)
    box = widgets.VBox([claim, verdict, feedback, evidence])
    box.add_class("pk-cmo-explorer")
    box.verdict, box.feedback, box.step, box.note, box.panel, box.evidence = (
        verdict, feedback, step, note, panel, evidence
    )  # fmt: skip
    return box
