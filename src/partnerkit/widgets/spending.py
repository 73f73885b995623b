"""Notebook 01 explorer: switch between the column's wording and the source's wording."""

from __future__ import annotations

import ipywidgets as widgets

from ..display import static_mode
from ..journal import journal
from ..spending import VIEWS, spending_chart
from .common import ChartPanel, show_static

LABELS = {"column": "The column's wording", "source": "PwC's own wording"}


def spending_explorer(key: str = "01.spending.view"):
    """Toggle buttons (keyboard: Tab to them, Enter or Space to choose) above a chart panel."""
    if static_mode():
        show_static(spending_chart("column"))
        show_static(spending_chart("source"))
        return None
    j = journal()
    start = j.get(key, "column")
    if start not in VIEWS:
        start = "column"
    toggle = widgets.ToggleButtons(
        options=[(LABELS[v], v) for v in VIEWS],
        value=start,
        description="Show the figures",
        tooltips=[
            "The numbers exactly as the column prints them",
            "The numbers as PwC's own survey reports them",
        ],
        style={"description_width": "initial"},
    )
    panel = ChartPanel(spending_chart(start))

    def _on_change(change):
        panel.update(spending_chart(change["new"]))
        j.set(key, change["new"])

    toggle.observe(_on_change, names="value")
    box = widgets.VBox([toggle, panel])
    box.add_class("pk-spending-explorer")
    box.toggle = toggle  # handles for tests
    box.panel = panel
    return box
