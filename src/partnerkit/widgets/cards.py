"""A button that builds the printable student role cards from a notebook (exercise 05)."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
from IPython.display import HTML, display

from ..data import DataError
from ..display import static_mode
from ..roleplay.cards import build
from .common import feedback_html


def card_builder(out: str | Path = "../build/cards") -> widgets.VBox | None:
    """Press the button to write the student set (never the keys) into ``out``.

    In a static handout there is nothing to press: a note gives the command instead.
    """
    if static_mode():
        display(
            HTML(
                "<p>To print the role cards, run <code>python -m partnerkit.cards build</code> "
                "in the kit's folder and open <code>build/cards/index.html</code>.</p>"
            )
        )
        return None
    button = widgets.Button(
        description="Build the student cards",
        tooltip="Write one printable file per role and scenario (no answer keys)",
        button_style="primary",
        layout=widgets.Layout(width="auto"),
    )
    status = widgets.HTML(feedback_html("Nothing built yet.", "hint"))

    def _build(_=None):
        try:
            written = build(out)
        except (DataError, OSError) as exc:
            status.value = feedback_html(f"Could not build the cards: {exc}", "error")
            return
        index = Path(out) / "index.html"
        status.value = (
            feedback_html(
                f"{len(written['student'])} files written. Open {index} in a browser and "
                "print them.",
                "info",
            )
            + f"<p>Folder: <code>{html.escape(str(Path(out).resolve()))}</code></p>"
        )

    button.on_click(_build)
    box = widgets.VBox([button, status])
    box.add_class("pk-card-builder")
    box.button, box.status = button, status  # handles for tests
    return box


def round_timing(kind: str = "triad"):
    """The minutes of a live round (``"triad"``) or of exercise 04 (``"common_ground"``), from
    ``data/timing.yaml`` - the same numbers as on the printed cards and the timer slide."""
    from ..sessions import timing

    t = timing()
    text = t.round_sentence() if kind == "triad" else t.cg_sentence()
    style = (
        "border-left: 4px solid var(--jp-brand-color1, #0072b2); padding: 0.4rem 0.8rem; "
        "color: var(--jp-ui-font-color1, #1a1a1a); background: var(--jp-layout-color2, #f4f4f4)"
    )
    return HTML(f'<p class="pk-round-timing" style="{style}">{html.escape(text)}</p>')
