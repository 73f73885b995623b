"""Answers survive a kernel restart: run a notebook, change its widgets as a learner would,
then run the untouched notebook again in a fresh kernel that shares the same journal file, and
check that its widgets start with the saved values."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

# What a learner does in the first session, written as code run after the notebook's own cells.
FIND = """
from ipywidgets.widgets.widget import _instances
def find(cls, description):
    return next(w for w in list(_instances.values())
                if type(w).__name__ == cls and getattr(w, "description", "") == description)
"""


def run(notebook: Path, extra: list[str] = ()) -> nbformat.NotebookNode:
    """Execute in a new kernel (the journal path comes from the environment it inherits)."""
    nb = nbformat.read(notebook, as_version=4)
    nb.cells += [nbformat.v4.new_code_cell(src) for src in extra]
    client = NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    client.execute()
    return nb


def widgets_of(nb) -> list[dict]:
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return [{"model": m["model_name"], **m["state"]} for m in state.values()]


def one(ws: list[dict], model: str, description: str) -> dict:
    found = [w for w in ws if w["model"] == model and w.get("description") == description]
    assert len(found) == 1, f"expected one {model} '{description}', found {len(found)}"
    return found[0]


def test_notebook_01_restores_guess_reveal_and_view(tmp_journal):
    nb_path = ROOT / "notebooks" / "01_technology_money_leaves_it.ipynb"
    first = run(
        nb_path,
        [
            FIND
            + "find('BoundedIntText', 'Your guess (%)').value = 23\n"
            + "find('Button', 'Reveal the figure').click()\n"
            + "find('ToggleButtons', 'Show the figures').value = 'source'\n"
        ],
    )
    before = widgets_of(first)
    assert one(before, "BoundedIntTextModel", "Your guess (%)")["value"] == 23
    assert tmp_journal.exists()

    second = run(nb_path)  # the untouched notebook, a fresh kernel, the same journal
    after = widgets_of(second)
    assert one(after, "BoundedIntTextModel", "Your guess (%)")["value"] == 23
    toggle = one(after, "ToggleButtonsModel", "Show the figures")
    assert toggle["_options_labels"][toggle["index"]] == "PwC's own wording"
    feedback = [w["value"] for w in after if w["model"] == "HTMLModel" and "pk-feedback" in
                w.get("value", "")]  # fmt: skip
    assert any("below" in v and "23" in v for v in feedback), "the revealed feedback is back"


def test_notebook_09_restores_the_learners_name(tmp_journal):
    nb_path = ROOT / "notebooks" / "09_export_your_work.ipynb"
    name = "Zoë <b>Restored</b> 🙂"
    run(nb_path, [FIND + f"find('Text', 'Your name or a pseudonym').value = {name!r}\n"])
    after = widgets_of(run(nb_path))
    assert one(after, "TextModel", "Your name or a pseudonym")["value"] == name
