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
