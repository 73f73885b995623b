"""Notebook 02 explorer: regroup the measures of "technology money outside IT" by a lens,
and look closely at one measure: what it counted, who, how, and why it differs."""

from __future__ import annotations

import ipywidgets as widgets

from ..display import static_mode
from ..journal import journal
from ..measures import BY_KEY, LENSES, MEASURES, measure_card, measures_chart
from .common import ChartPanel, feedback_html, show_static

NO_FOCUS_HINT = (
    "Choose a measure in \u201cLook closely at\u201d to see what it counted, who was asked, "
    "how the number was made and why it differs from the column's figure."
)


def _card(focus: str) -> str:
    return measure_card(focus) if focus else feedback_html(NO_FOCUS_HINT, "hint")


def measures_explorer(key: str = "02.measures.view", focus_key: str = "02.measures.focus"):
    """Toggle buttons pick the lens; a drop-down puts one measure in focus (others fade)."""
    if static_mode():
        show_static(measures_chart("definition"))
        show_static(measures_chart("method"))
        return None
    j = journal()
    lens0 = j.get(key, "definition")
    lens0 = lens0 if isinstance(lens0, str) and lens0 in LENSES else "definition"
    focus0 = j.get(focus_key, "")
    focus0 = focus0 if isinstance(focus0, str) and focus0 in BY_KEY else ""
    lens = widgets.ToggleButtons(
        options=[(label, k) for k, label in LENSES.items()],
        value=lens0,
        description="Group the figures by",
        tooltips=[
            "Which definition of 'outside IT' each source used",
            "Whether the source counted money or projects",
            "Estimate, survey answer, market model or forecast",
        ],
        style={"description_width": "initial", "button_width": "auto"},
    )
    focus = widgets.Dropdown(
        options=[("All measures equally", "")] + [(m.name, m.key) for m in MEASURES],
        value=focus0,
        description="Look closely at",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="auto"),
    )
    panel = ChartPanel(measures_chart(lens0, focus0))
    card = widgets.HTML(_card(focus0))

    def _redraw(_=None):
        panel.update(measures_chart(lens.value, focus.value))

    def _on_lens(change):
        _redraw()
        j.set(key, change["new"])

    def _on_focus(change):
        card.value = _card(change["new"])
        _redraw()
        j.set(focus_key, change["new"])

    lens.observe(_on_lens, names="value")
    focus.observe(_on_focus, names="value")
    box = widgets.VBox([lens, focus, card, panel])
    box.add_class("pk-measures-explorer")
    box.lens, box.focus, box.card, box.panel = lens, focus, card, panel  # handles for tests
    return box
