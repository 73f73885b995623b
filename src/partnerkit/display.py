"""Put a :class:`~partnerkit.charts.Chart` on screen with its takeaway, text alternative,
source and data table. Everything learner-facing that is not our own markup is escaped."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from urllib.parse import parse_qs

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from IPython.display import HTML, display

from .charts import Chart
from .learner_text import strip_bidi_controls

# One stylesheet for the projector, used by the Voila template of `make present` and, when
# present mode comes from a Voila address (?present=1), injected next to each chart.
PRESENT_CSS = (
    Path(__file__).parent / "present" / "voila" / "templates" / "pk-present" / "present.css"
)


def static_mode() -> bool:
    """True when notebooks are executed for offline handouts (no live widgets)."""
    return os.environ.get("PARTNERKIT_STATIC", "") not in ("", "0", "false")


def present_mode() -> bool:
    """True when presenting to a room: large chart fonts.

    Set by ``PARTNERKIT_PRESENT=1`` (``make present`` does this) or by a Voila address ending
    in ``?present=1`` (Voila hands the page's query string to the kernel as ``QUERY_STRING``,
    which is how the Binder presenter link works).
    """
    if os.environ.get("PARTNERKIT_PRESENT", "") not in ("", "0", "false"):
        return True
    query = parse_qs(os.environ.get("QUERY_STRING", ""))
    return query.get("present", [""])[-1].lower() in ("1", "true", "yes")


def presentable(fig: go.Figure, scale: float = 1.4) -> go.Figure:
    """A copy of ``fig`` with every font (and the margins and height) scaled for a projector."""
    big = go.Figure(fig)
    lay = big.layout
    base = lay.font.size or 16
    lay.font.size = round(base * scale)
    lay.title.font.size = round((lay.title.font.size or base * 1.25) * scale)
    extra = round(base * (scale - 1) * 3)  # room for the larger tick labels and axis titles
    for ann in lay.annotations:
        ann.font.size = round((ann.font.size or base) * scale)
        below = ann.y is not None and (ann.y < 0 or (ann.y == 0 and (ann.yshift or 0) < 0))
        if ann.yref == "paper" and below:  # e.g. the source line under the plot
            ann.yshift = (ann.yshift or 0) - extra
    big.for_each_xaxis(lambda ax: _scale_axis(ax, scale))
    big.for_each_yaxis(lambda ax: _scale_axis(ax, scale))
    if lay.legend.font.size:
        lay.legend.font.size = round(lay.legend.font.size * scale)
    for side in ("l", "r", "t", "b"):
        value = getattr(lay.margin, side)
        if value is not None:
            setattr(lay.margin, side, round(value * scale))
    lay.margin.b = (lay.margin.b or 80) + extra
    lay.height = round((lay.height or 450) * 1.3) + extra
    return big


def _scale_axis(axis, scale: float) -> None:
    if axis.tickfont.size:
        axis.tickfont.size = round(axis.tickfont.size * scale)
    if axis.title.font.size:
        axis.title.font.size = round(axis.title.font.size * scale)


def present_style_html() -> str:
    """The projector stylesheet as a <style> element ('' when not presenting)."""
    if not present_mode():
        return ""
    try:
        return f"<style>{PRESENT_CSS.read_text(encoding='utf-8')}</style>"
    except OSError:
        return ""


def _cell(value: object) -> str:
    # tables, takeaways and captions can quote learner text (names, answers) in the
    # dashboard and the observer board: bidi controls removed, escaped
    return html.escape(strip_bidi_controls(value))


def table_html(df: pd.DataFrame, caption: str = "") -> str:
    """An accessible HTML table: caption, scoped column headers, no empty header cell."""
    head = "".join(f'<th scope="col">{_cell(c)}</th>' for c in df.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>"
        for row in df.itertuples(index=False)
    )
    cap = f"<caption>{_cell(caption)}</caption>" if caption else ""
    return (
        f'<table class="pk-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def chart_notes_html(chart: Chart) -> str:
    """Takeaway, text alternative and data table, as shown under every chart."""
    return (
        '<div class="pk-chart-notes">'
        f'<p class="pk-takeaway"><strong>Takeaway:</strong> {_cell(chart.takeaway)}</p>'
        f'<p class="pk-alt" role="note"><strong>Text description:</strong> '
        f"{_cell(chart.alt_text)}</p>"
        "<details><summary>The data behind this chart, with sources</summary>"
        f"{table_html(chart.table, caption='Data for: ' + chart.title)}</details>"
        "</div>"
    )


CHART_CONFIG = {"displaylogo": False, "responsive": True}


def plotly_bundle(fig: go.Figure) -> dict:
    """``fig`` as plotly's own Jupyter mimetype bundle, built without ``fig.show()``.

    ``fig.show()`` makes plotly import nbformat (and jsonschema) on first use, about 1 s per
    kernel; the bundle is what the ``plotly_mimetype`` renderer would publish anyway.
    """
    spec = json.loads(pio.to_json(fig, validate=False))
    spec["config"] = dict(CHART_CONFIG)
    return {
        "application/vnd.plotly.v1+json": spec,
        "text/plain": f"<Figure: {fig.layout.title.text or 'chart'}>",
    }


def show_chart(chart: Chart) -> None:
    """Display a chart and its notes (used directly and inside Output widgets)."""
    fig = presentable(chart.figure) if present_mode() else chart.figure
    if static_mode():  # handouts: plotly's notebook renderer embeds the chart in the HTML
        fig.show(renderer="plotly_mimetype+notebook", config=CHART_CONFIG)
    else:
        display(plotly_bundle(fig), raw=True)
    display(HTML(present_style_html() + chart_notes_html(chart)))
