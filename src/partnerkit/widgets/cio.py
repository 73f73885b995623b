"""Notebook 07 explorer: CIOs reporting to the CEO, seen through a population lens."""

from __future__ import annotations

import ipywidgets as widgets

from ..cio import VIEWS, population_card, reporting_chart
from ..display import static_mode
from ..journal import journal
from .common import ChartPanel, show_static


def reporting_explorer(key: str = "07.reporting.view"):
    """Toggle buttons choose how the figures are grouped; a card says who each one counted."""
    if static_mode():
        show_static(reporting_chart("population"))
        show_static(reporting_chart("f500"))
        return None
    j = journal()
    start = j.get(key, "population")
    start = start if isinstance(start, str) and start in VIEWS else "population"
    toggle = widgets.ToggleButtons(
        options=[(label, k) for k, label in VIEWS.items()],
        value=start,
        description="Group the figures by",
        tooltips=[
            "Put figures that counted the same kind of people side by side",
            "Only the two counts of the 500 largest US companies",
            "Sort by year, as if they were one series (see why that misleads)",
        ],
        style={"description_width": "initial", "button_width": "auto"},
    )
    card = widgets.HTML(population_card(start))
    panel = ChartPanel(reporting_chart(start))

    def _on_change(change):
        panel.update(reporting_chart(change["new"]))
        card.value = population_card(change["new"])
        j.set(key, change["new"])

    toggle.observe(_on_change, names="value")
    box = widgets.VBox([toggle, card, panel])
    box.add_class("pk-reporting-explorer")
    box.toggle, box.card, box.panel = toggle, card, panel  # handles for tests
    return box
