"""Notebook 04 explorer: rate the four levers on anchored levels, see the radar and the
weakest-lever reading. The logic lives in :mod:`partnerkit.levers`."""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import HTML, display

from ..display import static_mode
from ..journal import journal
from ..levers import LeverSet, clean_ratings, lever_set, levers_chart, reading
from .common import ChartPanel, show_static

KEY = "04.levers"
# ipywidgets gives radio labels a fixed one-line height; the anchors are full sentences.
STYLE = (
    "<style>.pk-levers .widget-radio-box label{height:auto;line-height:1.35;"
    "margin:0 0 .45em 0;white-space:normal}"
    ".pk-levers .widget-radio-box input{margin-top:.2em}"
    ".pk-levers .pk-lever-q{margin:.8em 0 .2em 0}</style>"
)


def _status_html(levers: LeverSet, ratings: dict[str, int]) -> str:
    if len(ratings) < len(levers.ids):
        todo = [lv.name for lv in levers.levers if lv.id not in ratings]
        return (
            '<div class="pk-feedback pk-hint pk-lever-reading" role="status" aria-live="polite">'
            f"You have rated {len(ratings)} of {len(levers.ids)} levers. Still to rate: "
            f"{html.escape(', '.join(todo))}. Until then the chart shows an illustration.</div>"
        )
    r = reading(ratings, levers)
    items = "".join(
        f"<li><strong>{html.escape(name)}:</strong> {html.escape(step)}</li>"
        for name, step in r.suggestions
    )
    return (
        '<div class="pk-feedback pk-info pk-lever-reading" role="status" aria-live="polite">'
        f"<p>{html.escape(r.headline)}</p><p><strong>What to try first</strong></p>"
        f"<ul>{items}</ul><p>Read as a whole, a relationship is only as strong as its weakest "
        f"lever: level {r.level} is roughly the \u201c{html.escape(r.maturity)}\u201d stage of "
        "the BRM maturity scale.</p></div>"
    )


def _chart(levers: LeverSet, ratings: dict[str, int]):
    if len(ratings) == len(levers.ids):
        return levers_chart(ratings, levers, title="Your four levers (1 = weakest, 5 = strongest)")
    return levers_chart(
        levers.example, levers, title=levers.example_label, takeaway=levers.example_note
    )


def rubric_html(levers: LeverSet | None = None) -> str:
    """The anchored levels of every lever as tables (for handouts and for reading ahead)."""
    levers = levers or lever_set()
    parts = []
    for lv in levers.levers:
        rows = "".join(
            f"<tr><td>{lvl.number}</td><td>{html.escape(lvl.description)}</td>"
            f"<td>{html.escape(lvl.try_first)}</td></tr>"
            for lvl in lv.levels
        )
        parts.append(
            f'<table class="pk-table"><caption>{html.escape(lv.name)}: '
            f"{html.escape(lv.question)}</caption><thead><tr>"
            '<th scope="col">Level</th><th scope="col">What you would see</th>'
            '<th scope="col">What to try first</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    return "".join(parts)


def case_html(levers: LeverSet | None = None) -> str:
    """The fictional case organisation, for learners without one of their own."""
    levers = levers or lever_set()
    items = "".join(
        f"<li><strong>{html.escape(levers.by_id(i).name)}:</strong> "
        f"{html.escape(levers.case_evidence[i])}</li>"
        for i in levers.ids
    )
    return (
        f'<div class="pk-case"><p><strong>{html.escape(levers.case_name)}.</strong> '
        f"{html.escape(levers.case_summary)}</p><ul>{items}</ul></div>"
    )


def show_case() -> None:
    display(HTML(case_html()))


def lever_assessment(key: str = KEY):
    """One group of radio buttons per lever (keyboard: Tab moves from one description to the
    next, Space chooses it), then the radar chart and the weakest-lever reading.

    Ratings are saved in the journal under ``key`` as ``{lever id: 1-5}`` and restored."""
    levers = lever_set()
    if static_mode():
        display(HTML(rubric_html(levers)))
        show_static(_chart(levers, {}))
        return None
    j = journal()
    ratings = clean_ratings(j.get(key), levers)
    radios: dict[str, widgets.RadioButtons] = {}
    rows: list[widgets.Widget] = [widgets.HTML(STYLE)]
    for lv in levers.levers:
        radio = widgets.RadioButtons(
            options=[(f"{lvl.number} \u00b7 {lvl.description}", lvl.number) for lvl in lv.levels],
            value=ratings.get(lv.id),
            description=lv.name,
            style={"description_width": "11em"},
            layout=widgets.Layout(width="100%"),
        )
        radios[lv.id] = radio
        rows.append(
            widgets.HTML(
                f'<p class="pk-lever-q"><strong>{html.escape(lv.name)}</strong> '
                f"({html.escape(lv.origin)}). {html.escape(lv.question)}</p>"
            )
        )
        rows.append(radio)
    status = widgets.HTML(_status_html(levers, ratings))
    panel = ChartPanel(_chart(levers, ratings))

    def _on_change(_change=None):
        current = {lid: r.value for lid, r in radios.items() if r.value is not None}
        j.set(key, current)
        status.value = _status_html(levers, current)
        panel.update(_chart(levers, current))

    for radio in radios.values():
        radio.observe(_on_change, names="value")
    box = widgets.VBox([*rows, status, panel])
    box.add_class("pk-levers")
    box.radios = radios  # handles for tests
    box.status = status
    box.panel = panel
    return box
