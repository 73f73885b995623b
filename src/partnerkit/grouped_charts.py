"""Grouped bar charts for figures that must never be read as one series.

Several measures of "the same" idea (spend outside IT, CIOs reporting to the CEO) count
different things, in different populations, by different methods. Drawn as one line they
would suggest a trend that does not exist. :func:`grouped_bar_chart` draws **one trace per
measure** (a :class:`Series`): bars only, never lines, sorted into labelled groups on a
two-level category axis, so the eye compares within a group and sees the boundaries between
groups. Colours are the Okabe-Ito palette; forecasts are cross-hatched and approximate
values hatched, as in :func:`partnerkit.charts.bar_chart`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from .charts import FONT, PATTERN_APPROX, PATTERN_FORECAST, Chart, source_lines, stats_table
from .data import Statistic


@dataclass(frozen=True)
class Series:
    """One measure: bars that share a definition, a source and a population."""

    name: str  # legend entry, e.g. "Gartner: IT spending controlled outside IT"
    stats: tuple[Statistic, ...]
    labels: tuple[str, ...]  # one short label per bar, e.g. "2016"
    groups: tuple[str, ...]  # the group each bar sits in (outer axis label)
    color: str
    faded: bool = False  # drawn lighter when another measure is in focus

    def __post_init__(self):
        n = len(self.stats)
        if n == 0 or len(self.labels) != n or len(self.groups) != n:
            raise ValueError(
                f"series {self.name!r} needs one label and one group per statistic "
                f"(got {n} statistics, {len(self.labels)} labels, {len(self.groups)} groups)"
            )


def bar_text(s: Statistic, sep: str = " ") -> str:
    """The value as the source states it, marked when it is a forecast."""
    text = s.formatted()
    return f"{text}{sep}(forecast)" if s.is_forecast else text


def bar_pattern(s: Statistic) -> str:
    if s.is_forecast:
        return PATTERN_FORECAST
    return PATTERN_APPROX if s.qualifier else ""


def grouped_bar_chart(
    series: Sequence[Series],
    *,
    title: str,
    yaxis_title: str,
    takeaway: str,
    xaxis_title: str = "",
    y_range: tuple[float, float] | None = None,
    group_order: Sequence[str] | None = None,
) -> Chart:
    """Bars for several measures: one trace per measure, grouped by ``Series.groups``.

    ``group_order`` fixes the order of the groups on the axis (default: first appearance).
    The data table has one row per bar with the measure's name, and the text alternative
    reads the chart group by group.
    """
    if not series:
        raise ValueError("grouped_bar_chart needs at least one series")
    names = [s.name for s in series]
    if len(set(names)) != len(names):
        raise ValueError(f"series names must be unique: {names}")
    seen_groups: list[str] = []
    for s in series:
        for g in s.groups:
            if g not in seen_groups:
                seen_groups.append(g)
    order = list(group_order) if group_order else seen_groups
    missing = [g for g in seen_groups if g not in order]
    if missing:
        raise ValueError(f"group_order leaves out {missing}")
    order = [g for g in order if g in seen_groups]
    labels = [lab for s in series for lab in s.labels]
    if len(set(labels)) != len(labels):
        raise ValueError(f"bar labels must be unique across the chart: {labels}")
    group_of_label = {lab: g for s in series for g, lab in zip(s.groups, s.labels, strict=True)}
    # category order: groups in the chosen order, bars inside a group as the series give them
    categories = [lab for g in order for lab in labels if group_of_label[lab] == g]

    legend_h = 22 * ((len(series) + 1) // 2)
    fig = go.Figure()
    for s in series:
        fig.add_trace(
            go.Bar(
                name=s.name,
                x=list(s.labels),
                y=[st.value for st in s.stats],
                text=[bar_text(st, "<br>") for st in s.stats],
                textposition="outside",
                cliponaxis=False,
                opacity=0.3 if s.faded else 1.0,
                marker=dict(
                    color=s.color,
                    line=dict(color="#222222", width=1),
                    pattern=dict(shape=[bar_pattern(st) for st in s.stats], solidity=0.35),
                ),
                customdata=[
                    [strip_breaks(g), st.population, st.method]
                    for g, st in zip(s.groups, s.stats, strict=True)
                ],
                hovertemplate=(
                    "<b>%{fullData.name}</b><br>%{x}: %{text}<br>Group: %{customdata[0]}<br>"
                    "Who was counted: %{customdata[1]}<br>Method: %{customdata[2]}"
                    "<extra></extra>"
                ),
            )
        )
    all_stats = [st for s in series for st in s.stats]
    sources = source_lines(all_stats)
    if y_range is None and all(st.is_percent for st in all_stats):
        y_range = (min(0.0, min(st.value for st in all_stats)), 112.0)
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left", yref="container", y=0.985, yanchor="top"),
        font=FONT,
        template="simple_white",
        barmode="overlay",  # no two bars share a slot; each sits centred on its own label
        xaxis=dict(
            title=None,
            type="category",
            categoryorder="array",
            categoryarray=categories,
            tickfont=dict(size=11),
            tickangle=0,
        ),
        yaxis=dict(
            title=yaxis_title,
            range=list(y_range) if y_range else None,
            gridcolor="#dddddd",
            showgrid=True,
        ),
        legend=dict(
            orientation="h",
            yanchor="bottom",
            y=1.02,
            xanchor="left",
            x=0,
            font=dict(size=13),
        ),
        showlegend=True,
        margin=dict(l=70, r=30, t=legend_h + 70, b=130 + 16 * len(sources)),
        height=470 + legend_h + 16 * len(sources),
    )
    # group labels under the bar labels, and a dashed divider between neighbouring groups
    for gi, g in enumerate(order):
        idx = [i for i, lab in enumerate(categories) if group_of_label[lab] == g]
        fig.add_annotation(
            text=f"<b>{g}</b>",
            x=(idx[0] + idx[-1]) / 2,
            xref="x",
            y=0,
            yref="paper",
            yshift=-42,
            yanchor="top",
            showarrow=False,
            font=dict(size=12, color="#222222"),
        )
        if gi:
            fig.add_shape(
                type="line",
                x0=idx[0] - 0.5,
                x1=idx[0] - 0.5,
                xref="x",
                y0=0,
                y1=1,
                yref="paper",
                line=dict(color="#777777", width=1.5, dash="dash"),
            )
    if xaxis_title:
        fig.add_annotation(
            text=xaxis_title, xref="paper", x=0.5, y=0, yref="paper", yshift=-78,
            yanchor="top", showarrow=False, font=dict(size=13),
        )  # fmt: skip
    fig.add_annotation(
        text="<br>".join(sources),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-100 if xaxis_title else -82,
        yanchor="top",
        xanchor="left",
        showarrow=False,
        align="left",
        font=dict(size=11, color="#444444"),
    )
    alt_parts = []
    for g in order:
        bars = [
            f"{s.name}, {strip_breaks(lab)}: {bar_text(st)} ({st.year})"
            for s in series
            for st, lab, gg in zip(s.stats, s.labels, s.groups, strict=True)
            if gg == g
        ]
        alt_parts.append(f"Group \u201c{strip_breaks(g)}\u201d: " + "; ".join(bars))
    how = (
        "one colour per measure; bars are not joined into a line because the measures differ"
        if len(series) > 1
        else "one measure"
    )
    alt = f"Bar chart titled \u201c{title}\u201d, {how}. " + ". ".join(alt_parts) + "."
    table = stats_table(all_stats, [strip_breaks(lab) for lab in labels])
    table.insert(0, "Measure", [s.name for s in series for _ in s.stats])
    table.insert(1, "Group", [strip_breaks(g) for s in series for g in s.groups])
    return Chart(fig, title, takeaway, alt, pd.DataFrame(table), sources)


def strip_breaks(text: str) -> str:
    """Axis labels may carry <br> line breaks; text alternatives and tables should not."""
    return " ".join(text.replace("<br>", " ").split())
