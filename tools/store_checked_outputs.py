"""Execute notebooks and keep stored outputs ONLY on cells marked ``# NBVAL_CHECK_OUTPUT``.

    python tools/store_checked_outputs.py notebooks/01_*.ipynb

Those few plain-text outputs are the references nbval compares against (a cell with no stored
output would check nothing). Every other output and all widget state are stripped. Review the
diff by eye against data/statistics.csv and the sources before committing.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

MARK = "# NBVAL_CHECK_OUTPUT"


def process(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PARTNERKIT_JOURNAL"] = str(Path(tmp) / "journal.json")
        client = NotebookClient(
            nb,
            timeout=120,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if MARK in cell.source:
            cell.outputs = [
                o for o in cell.outputs if o.output_type == "stream" and o.name == "stdout"
            ]
            cell.execution_count = 1  # nbval skips reference cells without a count
        else:
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    print(f"stored checked outputs in {path}")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        process(Path(arg))
