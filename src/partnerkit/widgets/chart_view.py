"""Show one fixed chart (no controls) the same way the explorers show theirs.

A chart displayed at the top level of a notebook is handed to plotly's JupyterLab renderer,
which tries to store a PNG snapshot in the notebook (``model.setData``); Voila's read-only
page has no such method and reports a JavaScript error. Drawing the chart inside a
:class:`~partnerkit.widgets.common.ChartPanel` avoids that and puts the takeaway, text
description and data table under it, as for every other chart. In static mode (handouts)
the chart is drawn directly.
"""

from __future__ import annotations

from ..charts import Chart
from ..display import static_mode
from .common import ChartPanel, show_static


def chart_view(chart: Chart):
    """A ChartPanel for ``chart``, or ``None`` after drawing it statically for handouts."""
    if static_mode():
        show_static(chart)
        return None
    return ChartPanel(chart)
