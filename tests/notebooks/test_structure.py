"""Every notebook follows the kit's skeleton and hygiene rules.

* one H1 title, then: questions & objectives, time, ..., challenge, key points, sources, what's
  next (exercise notebooks: objective, time, instructions, debrief);
* committed without outputs - except the few plain-text references on ``# NBVAL_CHECK_OUTPUT``
  cells, which must be present (a reference cell without output would check nothing);
* small (< 100 KB), short code cells, no widget state, relative links that resolve;
* every "NN%" in the prose is a value in data/statistics.csv.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARK = "# NBVAL_CHECK_OUTPUT"
NOTEBOOK_SECTIONS = (
    "objectives",
    "time needed",
    "challenge",
    "key points",
    "sources",
    "what's next",
)
EXERCISE_SECTIONS = ("objective", "time", "instructions", "debrief")


def all_notebooks() -> list[Path]:
    found = []
    for folder in ("notebooks", "exercises", "instructor"):
        found += [
            p for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
        ]
    return sorted(found)


def skeleton_for(path: Path) -> tuple[str, ...]:
    if path.parts[-2] == "instructor" or "instructor" in path.relative_to(ROOT).parts:
        return ("objective", "sources")
    if path.name.endswith("_ex.ipynb"):
        return EXERCISE_SECTIONS
    return NOTEBOOK_SECTIONS


def known_numbers() -> set[str]:
    nums = set()
    with open(ROOT / "data" / "statistics.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            nums.add(f"{abs(float(row['value'])):g}")
    return nums


NOTEBOOKS = all_notebooks()
IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]


def test_there_are_notebooks():
    assert (ROOT / "notebooks" / "00_start_here.ipynb") in NOTEBOOKS
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_skeleton(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    md_cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    assert nb["cells"][0]["cell_type"] == "markdown", "the first cell must be the title"
    h1 = [line for cell in md_cells for line in cell.splitlines() if re.match(r"^# \S", line)]
    assert len(h1) == 1 and md_cells[0].lstrip().startswith("# "), (
        f"need exactly one H1 first: {h1}"
    )
    headings = [
        line.lstrip("#").strip().lower()
        for cell in md_cells
        for line in cell.splitlines()
        if re.match(r"^#{2,3} ", line)
    ]
    for section in skeleton_for(path):
        assert any(section in h for h in headings), f"missing a '{section}' heading in {headings}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_hygiene(path):
    raw = path.read_text(encoding="utf-8")
    assert len(raw.encode()) < 100_000, "keep committed notebooks well under 100 KB"
    nb = json.loads(raw)
    assert "widgets" not in nb.get("metadata", {}), "widget state must not be committed"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        assert len(src.strip().splitlines()) <= 15, (
            f"code cell {i} is long: move logic to partnerkit"
        )
        if MARK in src:
            outs = cell.get("outputs", [])
            assert outs, f"cell {i} is marked {MARK} but stores no reference output"
            assert all(o["output_type"] == "stream" for o in outs), f"cell {i}: plain text only"
        else:
            assert not cell.get("outputs"), f"cell {i} has stored outputs: strip them"
            assert cell.get("execution_count") is None, f"cell {i} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_links_resolve(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        resolved = (path.parent / target.split("#")[0]).resolve()
        assert resolved.exists(), f"broken link {target!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_percentages_in_prose_are_sourced(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    known = known_numbers()
    for num in re.findall(r"(\d+(?:\.\d+)?)\s?%", text):
        assert f"{float(num):g}" in known, (
            f"'{num}%' in the prose matches no row of data/statistics.csv"
        )
