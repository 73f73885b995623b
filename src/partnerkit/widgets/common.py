"""Building blocks shared by the explorers: a chart panel and a feedback area.

Charts are plain ``go.Figure`` objects re-drawn inside an ``ipywidgets.Output`` (never
``FigureWidget``), with their takeaway, text alternative and data table underneath.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import plotly.graph_objects as go

from ..charts import Chart
from ..display import (
    chart_notes_html,
    plotly_bundle,
    present_mode,
    present_style_html,
    presentable,
    show_chart,
)
from ..learner_text import strip_bidi_controls


class ChartPanel(widgets.VBox):
    """An Output holding the chart, with its notes in an HTML widget underneath."""

    def __init__(self, chart: Chart, **kwargs):
        self.output = widgets.Output(layout=widgets.Layout(min_height="430px"))
        self.notes = widgets.HTML()
        super().__init__([self.output, self.notes], **kwargs)
        self.add_class("pk-chart-panel")
        self.chart: Chart | None = None
        self.update(chart)

    def update(self, chart: Chart) -> None:
        self.chart = chart
        fig = presentable(chart.figure) if present_mode() else chart.figure
        # Set the Output's content directly rather than capturing ``fig.show()`` with
        # ``with self.output:``: capturing while Voila executes the notebook stalls about one
        # page load in fifteen (voila-dashboards/voila#1428); direct assignment is a plain
        # widget-state update: 0 stalls in 31 loads of notebooks 01, 02 and 07 (1 in 15 before).
        self.output.outputs = (_figure_output(fig),)
        self.notes.value = present_style_html() + chart_notes_html(chart)


def _figure_output(fig: go.Figure) -> dict:
    """A Jupyter ``display_data`` output holding ``fig`` as plotly's own mimetype."""
    return {"output_type": "display_data", "data": plotly_bundle(fig), "metadata": {}}


def feedback_html(message: str, kind: str = "info") -> str:
    """Escaped feedback text in a live region, so screen readers announce it.

    Feedback often quotes the learner, so bidi controls are removed first: an unclosed
    right-to-left override in a quote would otherwise reverse the kit's words after it.
    """
    return (
        f'<div class="pk-feedback pk-{html.escape(kind)}" role="status" aria-live="polite">'
        f"{html.escape(strip_bidi_controls(message))}</div>"
    )


def show_static(chart: Chart) -> None:
    """What an explorer shows when executed for a static handout."""
    show_chart(chart)
