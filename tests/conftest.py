"""Shared test set-up.

Every test (and every kernel nbval starts, which inherits this environment) writes the learner
journal to a throwaway folder, never to the real ~/.partnerkit.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "tests") not in sys.path:  # shared helpers: `from growth import assert_growth`
    sys.path.insert(0, str(ROOT / "tests"))
_JOURNAL_DIR = tempfile.mkdtemp(prefix="partnerkit-test-journal-")
os.environ["PARTNERKIT_JOURNAL"] = str(Path(_JOURNAL_DIR) / "journal.json")
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def tmp_journal(tmp_path, monkeypatch):
    """A fresh journal file for one test."""
    path = tmp_path / "journal.json"
    monkeypatch.setenv("PARTNERKIT_JOURNAL", str(path))
    return path


@pytest.fixture
def fast_tmp(tmp_path):
    """A scratch folder in memory when the machine has one: the journal fsyncs every write,
    which costs ~20 ms on a disk and nothing on tmpfs - the code paths are the same."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="pk-fuzz-", dir=shm))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path


# The longest test files, longest first (sums of test durations, docs/benchmarks.md). With
# `--dist loadfile` a file runs whole on one worker, in collection order as workers free up;
# starting the long files first keeps one long file from running alone at the end while the
# other worker waits (the Binder check alone takes ~10-17 min when CI turns it on). Only the
# order of whole files changes; the order of tests inside a file (nbval cells!) stays as it is.
LONG_FILES_FIRST = (
    "tests/test_binder_env.py",
    "tests/browser/test_all_pages.py",
    "tests/browser/test_handouts_browser.py",
    "tests/unit/test_fuzz.py",
    "tests/unit/test_fuzz_nasty.py",
    "tests/browser/test_ex02_solo_browser.py",
    "tests/unit/test_fuzz_files.py",
    "tests/browser/test_present_browser.py",
    "tests/browser/test_ex03_observer_browser.py",
    "tests/browser/test_dark_theme_browser.py",
    "tests/browser/test_voila_reload_browser.py",
    "tests/unit/test_journal_stress.py",
    "tests/test_lab_links.py",
    "tests/test_wheel.py",
)


def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(LONG_FILES_FIRST)}

    def key(item):
        path = Path(str(item.fspath)).resolve()
        try:
            rel = path.relative_to(ROOT).as_posix()
        except ValueError:
            rel = path.as_posix()
        return rank.get(rel, len(rank))

    items.sort(key=key)  # stable: files not listed keep their order, and so do tests in a file
