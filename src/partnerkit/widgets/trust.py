"""Notebook 05 explorer: the trust equation with anchored 1-10 choices, the quotient and a
chart of what one step on each factor would do. The logic lives in :mod:`partnerkit.trust`."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..display import static_mode
from ..journal import journal
from ..trust import FACTOR_IDS, TrustModel, clean_values, explain, trust_chart, trust_model
from .common import ChartPanel, show_static

KEY = "05.trust"


def quotient_html(values: dict[str, int], model: TrustModel) -> str:
    first, *rest = explain(values, model)
    items = "".join(f"<li>{html.escape(line)}</li>" for line in rest)
    return (
        '<div class="pk-feedback pk-info pk-trust-quotient" role="status" aria-live="polite">'
        f'<p style="font-size:1.3em"><strong>{html.escape(first)}</strong></p>'
        f"<ul>{items}</ul></div>"
    )


def trust_explorer(key: str = KEY):
    """Four drop-downs (keyboard: Tab to one, arrow keys to change it), the quotient and a
    bar chart of one-step changes. Values are saved under ``key`` and restored on re-run."""
    model = trust_model()
    if static_mode():
        show_static(trust_chart(model.book_values, model))
        return None
    j = journal()
    start = clean_values(j.get(key), model)
    controls: dict[str, widgets.Dropdown] = {}
    rows: list[widgets.Widget] = []
    for fid in FACTOR_IDS:
        factor = model.factor(fid)
        dd = widgets.Dropdown(
            options=[
                (f"{n} \u2013 {model.anchor(fid, n)}", n) for n in range(model.lo, model.hi + 1)
            ],
            value=start[fid],
            description=f"{factor.name} ({factor.letter})",
            style={"description_width": "10em"},
            layout=widgets.Layout(width="100%", max_width="900px"),
        )
        controls[fid] = dd
        rows += [widgets.HTML(f"<p>{html.escape(factor.about)}</p>"), dd]
    reset = widgets.Button(
        description="Back to the book's example",
        tooltip="Set C, R, I and S to the book's worked example, 5, 3, 2 and 8",
        layout=widgets.Layout(width="auto"),
    )
    status = widgets.HTML(quotient_html(start, model))
    panel = ChartPanel(trust_chart(start, model))

    def _on_change(_change=None):
        values = {fid: dd.value for fid, dd in controls.items()}
        j.set(key, values)
        status.value = quotient_html(values, model)
        panel.update(trust_chart(values, model))

    def _reset(_=None):
        for fid, dd in controls.items():
            dd.value = model.book_values[fid]

    for dd in controls.values():
        dd.observe(_on_change, names="value")
    reset.on_click(_reset)
    box = widgets.VBox([*rows, reset, status, panel])
    box.add_class("pk-trust")
    box.controls = controls  # handles for tests
    box.status = status
    box.panel = panel
    box.reset = reset
    return box
