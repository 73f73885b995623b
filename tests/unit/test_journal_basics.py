"""Journal basics: round trip, atomic replace, corrupt file kept aside with the last good copy."""

from __future__ import annotations

import json

import ipywidgets as widgets
import pytest

from partnerkit.journal import Journal, JournalWarning, bind


def test_round_trip_and_unicode(tmp_path):
    j = Journal(tmp_path / "j.json")
    assert j.get("a") is None and j.get("a", 5) == 5
    j.set("a", {"text": "café – 日本 🙂 <b>"})
    assert Journal(tmp_path / "j.json").get("a") == {"text": "café – 日本 🙂 <b>"}
    j.update({"b": 1, "c": [1, 2]})
    assert set(j.load()) == {"a", "b", "c"}
    assert not list(tmp_path.glob("*.tmp"))


def test_unserialisable_value_fails_before_touching_the_file(tmp_path):
    j = Journal(tmp_path / "j.json")
    j.set("a", 1)
    before = (tmp_path / "j.json").read_bytes()
    with pytest.raises(TypeError):
        j.set("b", object())
    assert (tmp_path / "j.json").read_bytes() == before


def test_corrupt_file_is_kept_aside_and_last_good_copy_used(tmp_path):
    path = tmp_path / "j.json"
    j = Journal(path)
    j.set("first", 1)
    j.set("second", 2)  # backup now holds {"first": 1}
    path.write_text('{"format": "partnerkit-journal", "entries": {"se', encoding="utf-8")
    fresh = Journal(path)
    with pytest.warns(JournalWarning, match="could not be read"):
        entries = fresh.load()
    assert entries["first"]["value"] == 1
    aside = list(tmp_path.glob("j.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text().endswith('"se')
    assert fresh.problems and "last good copy" in fresh.problems[0]
    assert json.loads(path.read_text())["entries"]["first"]["value"] == 1


def test_bind_restores_then_saves(tmp_journal):
    w = bind(widgets.Text(), "t")
    w.value = "hello"
    w2 = bind(widgets.Text(), "t")
    assert w2.value == "hello"
