"""Pure chart builders: sourced statistics in, a :class:`Chart` out.

A :class:`Chart` carries everything shown with a chart in class: the plotly figure (titled
axes, colour-blind-safe palette, source line), a one-sentence takeaway, a text alternative
for screen readers and projector-dark rooms, and the data as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from .data import Statistic

# Okabe & Ito (2008) colour-blind-safe palette; black reserved for text.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
)
FONT = dict(family="Arial, Helvetica, sans-serif", size=16, color="#222222")
# Redundant encodings so meaning never rests on colour alone.
PATTERN_APPROX = "/"  # value the source gives only approximately ("almost", "about", ...)
PATTERN_FORECAST = "x"  # forecast, not a measurement


@dataclass
class Chart:
    figure: go.Figure
    title: str
    takeaway: str
    alt_text: str
    table: pd.DataFrame
    sources: list[str] = field(default_factory=list)

    @property
    def values(self) -> list[float]:
        """The plotted values of the first trace (handy for tests and checks)."""
        return [float(v) for v in self.figure.data[0].y]


def add_source_note(fig: go.Figure, text: str, *, y: float, yshift: int | None = None) -> None:
    """The small grey source line under a plot, left-aligned at paper coordinate ``y``."""
    fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=y,
        yshift=yshift,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font=dict(size=12, color="#444444"),
    )


def source_lines(stats: Sequence[Statistic]) -> list[str]:
    seen: list[str] = []
    for s in stats:
        line = s.source_line()
        if line not in seen:
            seen.append(line)
    return seen


def stats_table(stats: Sequence[Statistic], labels: Sequence[str]) -> pd.DataFrame:
    """The data behind a chart, one row per bar, provenance included."""
    return pd.DataFrame(
        {
            "What": list(labels),
            "Value (as the source states it)": [s.formatted() for s in stats],
            "Year described": [s.year for s in stats],
            "Who was counted": [s.population for s in stats],
            "Method": [s.method for s in stats],
            "Source": [f"{s.publisher}, {s.source_title} ({s.published})" for s in stats],
            "Caveat": [s.caveat or "none noted" for s in stats],
            "Confidence": [s.confidence for s in stats],
        }
    )


def _bar_label(s: Statistic) -> str:
    text = s.formatted()
    if s.is_forecast:
        text += " (forecast)"
    return text


def bar_chart(
    stats: Sequence[Statistic],
    labels: Sequence[str],
    *,
    title: str,
    yaxis_title: str,
    takeaway: str,
    xaxis_title: str = "",
    colors: Sequence[str] | None = None,
    y_range: tuple[float, float] | None = None,
) -> Chart:
    """One bar per statistic, labelled with the value as its source states it.

    Approximate values get a hatch pattern and forecasts a cross-hatch, so neither rests on
    colour; the source line(s) sit under the plot.
    """
    if len(stats) != len(labels) or not stats:
        raise ValueError("bar_chart needs one label per statistic, and at least one statistic")
    colors = list(colors) if colors else [PALETTE[i % len(PALETTE)] for i in range(len(stats))]
    patterns = [
        PATTERN_FORECAST if s.is_forecast else (PATTERN_APPROX if s.qualifier else "")
        for s in stats
    ]
    fig = go.Figure(
        go.Bar(
            x=list(labels),
            y=[s.value for s in stats],
            text=[_bar_label(s) for s in stats],
            textposition="outside",
            marker=dict(color=colors, pattern=dict(shape=patterns, solidity=0.35)),
            hovertemplate="%{x}: %{text}<extra></extra>",
            name=yaxis_title,
        )
    )
    sources = source_lines(stats)
    if y_range is None and all(s.is_percent for s in stats):
        y_range = (min(0.0, min(s.value for s in stats)), 105.0)
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left"),
        font=FONT,
        template="simple_white",
        xaxis_title=xaxis_title or None,
        yaxis_title=yaxis_title,
        yaxis=dict(range=list(y_range) if y_range else None, gridcolor="#dddddd", showgrid=True),
        showlegend=False,
        margin=dict(l=70, r=30, t=70, b=(96 if xaxis_title else 72) + 18 * len(sources)),
        height=430 + 22 * len(sources),
    )
    add_source_note(
        fig, "<br>".join(sources), y=0, yshift=-(72 if xaxis_title else 48)
    )  # below tick labels and the x-axis title
    parts = [
        f"{lab}: {_bar_label(s)} ({s.year}, {s.publisher})"
        for lab, s in zip(labels, stats, strict=True)
    ]
    alt = f"Bar chart titled \u201c{title}\u201d. " + "; ".join(parts) + "."
    return Chart(fig, title, takeaway, alt, stats_table(stats, labels), sources)
