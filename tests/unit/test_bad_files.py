"""Every malformed-file case in tools/bad_files.py is a test, and docs/bad-files.md is generated
from the same cases (so the table of messages cannot drift from what the kit says)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("pk_bad_files", ROOT / "tools" / "bad_files.py")
bad_files = importlib.util.module_from_spec(_spec)
sys.modules["pk_bad_files"] = bad_files  # dataclasses look their module up there
_spec.loader.exec_module(bad_files)
CASES = bad_files.CASES


def test_there_are_at_least_20_cases_over_data_and_scenarios():
    assert len(CASES) >= 20
    assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"
    targets = {c.target for c in CASES}
    assert {"data/statistics.csv", "data/glossary.csv"} <= targets
    assert any(t.startswith("data/scenarios/") for t in targets)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_file_gives_a_precise_error(case):
    message = bad_files.run(case)  # AssertionError if the file loads
    assert message.startswith(Path(case.target).name if "sample_exports" in case.target
                              else case.target), message  # fmt: skip
    assert "Fix: " in message and len(message.split("Fix: ")[1]) > 5, message
    missing = [frag for frag in case.expect if frag not in message]
    assert not missing, f"the message lacks {missing}: {message}"


def test_unedited_files_load():
    """The starting files are valid, so each error comes from the one mistake in the case."""
    for target in sorted({c.target for c in CASES}):
        case = next(c for c in CASES if c.target == target)
        bad_files.loader(case)(ROOT / target)


def test_doc_is_generated_from_the_cases():
    expected = bad_files.generate()
    actual = (ROOT / "docs" / "bad-files.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/bad-files.md is out of date: run python tools/bad_files.py"
