"""Notebook 09: one button exports the learner's work (Markdown, HTML page, JSON)."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets

from .. import export
from ..display import static_mode
from ..journal import bind, journal
from .common import feedback_html

LINK_LABELS = {
    ".html": "Web page (.html): to read, print or hand in",
    ".md": "Markdown (.md): plain text you can paste anywhere",
    ".json": "JSON (.json): for your instructor's class dashboard",
}


def download_links_html(files: export.ExportFiles) -> str:
    """Download links that work in JupyterLab, Voila and Binder (data: addresses)."""
    items = []
    for path in (files.html, files.markdown, files.json):
        items.append(
            f'<li><a download="{html.escape(path.name)}" href="{export.data_uri(path)}">'
            f"{html.escape(LINK_LABELS[path.suffix])}</a></li>"
        )
    return '<ul class="pk-downloads">' + "".join(items) + "</ul>"


def saved_summary(entries: dict) -> str:
    n = len([k for k in entries if k != export.NAME_KEY])
    if n == 0:
        return "Your journal has no saved answers yet. Work through a notebook, then come back."
    return f"Your journal holds {n} saved answer{'s' if n != 1 else ''}, ready to export."


def export_panel(folder: str | Path = "exports"):
    """Name box, export button, status line, download links and a preview."""
    if static_mode():
        print("In the live notebook, a button here exports your saved answers.")
        return None
    j = journal()
    name = bind(
        widgets.Text(
            description="Your name or a pseudonym",
            placeholder="the name your instructor will see",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="460px"),
        ),
        export.NAME_KEY,
    )
    button = widgets.Button(
        description="Export my work",
        button_style="primary",
        tooltip="Write Markdown, HTML and JSON copies of your saved answers",
    )
    status = widgets.HTML(feedback_html(saved_summary(j.load()), "hint"))
    links = widgets.HTML()
    preview = widgets.HTML()
    details = widgets.Accordion(children=[preview], titles=("Preview of your export",))
    details.layout.display = "none"

    def _export(_=None):
        doc, files = export.export_work(name.value, folder, j)
        where = Path(folder) / files.html.name
        msg = f"Exported {len(doc['entries'])} saved answers. Files are in {where.parent}/."
        if doc.get("journal_problems"):
            msg += " Note: " + " ".join(doc["journal_problems"])
        status.value = feedback_html(msg, "good")
        links.value = download_links_html(files)
        preview.value = f'<div class="pk-export-preview">{export.body_html(doc)}</div>'
        details.layout.display = None

    button.on_click(_export)
    box = widgets.VBox([name, button, status, links, details])
    box.add_class("pk-export")
    box.name_box, box.button, box.status, box.links = name, button, status, links
    return box
