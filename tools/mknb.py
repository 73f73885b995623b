"""Authoring helper: turn a percent-format script into a clean notebook.

    python tools/mknb.py source.py notebooks/NN_name.ipynb

Cells start with ``# %% [markdown]`` (the following ``# `` comment lines are the Markdown) or
``# %%`` (code). The notebook is written without outputs, with the kit's kernelspec.
The committed .ipynb is the source of truth; this tool only saves typing JSON by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat


def parse(text: str) -> list:
    cells, kind, buf = [], None, []

    def flush():
        if kind is None:
            return
        body = "\n".join(buf).strip("\n")
        if kind == "markdown":
            body = "\n".join(
                line[2:] if line.startswith("# ") else line.lstrip("#")
                for line in body.splitlines()
            )
            cells.append(nbformat.v4.new_markdown_cell(body))
        else:
            cells.append(nbformat.v4.new_code_cell(body))

    for line in text.splitlines():
        if line.startswith("# %%"):
            flush()
            kind, buf = ("markdown" if "[markdown]" in line else "code"), []
        else:
            buf.append(line)
    flush()
    return cells


def main(src: str, dst: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = parse(Path(src).read_text(encoding="utf-8"))
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:02d}"
    nb.metadata = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
    }
    nbformat.validate(nb)
    Path(dst).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
