"""Put a :class:`~partnerkit.charts.Chart` on screen with its takeaway, text alternative,
source and data table. Everything learner-facing that is not our own markup is escaped."""

from __future__ import annotations

import html
import os

import pandas as pd
from IPython.display import HTML, display

from .charts import Chart


def static_mode() -> bool:
    """True when notebooks are executed for offline handouts (no live widgets)."""
    return os.environ.get("PARTNERKIT_STATIC", "") not in ("", "0", "false")


def table_html(df: pd.DataFrame, caption: str = "") -> str:
    """An accessible HTML table: caption, scoped column headers, no empty header cell."""
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in df.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in df.itertuples(index=False)
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<table class="pk-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def chart_notes_html(chart: Chart) -> str:
    """Takeaway, text alternative and data table, as shown under every chart."""
    return (
        '<div class="pk-chart-notes">'
        f'<p class="pk-takeaway"><strong>Takeaway:</strong> {html.escape(chart.takeaway)}</p>'
        f'<p class="pk-alt" role="note"><strong>Text description:</strong> '
        f"{html.escape(chart.alt_text)}</p>"
        "<details><summary>The data behind this chart, with sources</summary>"
        f"{table_html(chart.table, caption='Data for: ' + chart.title)}</details>"
        "</div>"
    )


def show_chart(chart: Chart) -> None:
    """Display a chart and its notes (used directly and inside Output widgets)."""
    renderer = "plotly_mimetype+notebook" if static_mode() else None
    chart.figure.show(renderer=renderer, config={"displaylogo": False, "responsive": True})
    display(HTML(chart_notes_html(chart)))
