"""A predict-then-reveal widget for any percentage in data/statistics.csv."""

from __future__ import annotations

import html

import ipywidgets as widgets

from .. import data
from ..journal import journal
from ..predict import prediction_feedback
from .common import feedback_html


def prediction(key: str, stat_id: str, question: str) -> widgets.VBox:
    """Ask for a guess (0-100), then reveal the sourced figure with an explanation.

    The guess is saved in the learner journal under ``key`` and restored on re-run.
    """
    stat = data.stat(stat_id)
    j = journal()
    saved = j.get(key)
    guess = widgets.BoundedIntText(
        value=int(saved["guess"]) if isinstance(saved, dict) and "guess" in saved else 50,
        min=0,
        max=100,
        step=1,
        description="Your guess (%)",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="220px"),
    )
    reveal = widgets.Button(
        description="Reveal the figure",
        button_style="primary",
        tooltip="Compare your guess with the sourced figure",
        icon="",
    )
    out = widgets.HTML(value=feedback_html("Make your guess, then press Reveal.", "hint"))
    box = widgets.VBox(
        [
            widgets.HTML(f"<p><strong>Predict first:</strong> {html.escape(question)}</p>"),
            guess,
            reveal,
            out,
        ]
    )
    box.add_class("pk-prediction")

    def _reveal(_=None):
        fb = prediction_feedback(guess.value, stat)
        out.value = feedback_html(fb.message, fb.verdict)
        j.set(key, {"guess": guess.value, "actual": stat.value, "stat_id": stat.id})

    reveal.on_click(_reveal)
    if isinstance(saved, dict) and saved.get("stat_id") == stat.id:
        _reveal()
    return box
