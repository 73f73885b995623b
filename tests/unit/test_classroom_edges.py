"""The class dashboard at its edges: anonymised views, links, odd files, floods of keys."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_classroom import _doc, _write  # the same export builders as the main tests

from partnerkit import classroom

STAT = "pwc_outside_cio_2015"


def _everything_shown(work: classroom.ClassWork, capsys) -> str:
    """All text the dashboard would project: each part shown, plus its tables."""
    for part in ("overview", "invalid", "predictions", "levers", "coach", "roleplays"):
        work.show(part)
    tables = [work.overview(), work.invalid_table(), work.predictions()]
    return capsys.readouterr().out + " ".join(t.to_string() for t in tables)


def test_anonymised_dashboard_shows_no_names_or_file_names(tmp_path, capsys):
    d = tmp_path / "class"
    d.mkdir()
    guess = {"01.predict.outside_it": {"guess": 40, "stat_id": STAT}}
    _write(d, "partnerkit-Zofia-Kowalczyk-20260302.json", _doc("Zofia Kowalczyk", guess))
    _write(
        d,
        "partnerkit-Zofia-Kowalczyk-20260301.json",
        _doc("Zofia Kowalczyk", guess, exported="2026-03-01T10:00:00+00:00"),
    )
    _write(d, "partnerkit-Quentin-Abara-broken.json", '{"format": "partnerkit-export", "ver')
    _write(d, "Quentin-Abara-v9.json", {**_doc("Quentin Abara", {}), "version": 9})

    plain = _everything_shown(classroom.load_class(d), capsys)
    assert "Zofia" in plain and "Quentin-Abara" in plain  # the names are there to hide

    shown = _everything_shown(classroom.load_class(d, anonymise=True), capsys)
    for secret in ("Zofia", "Kowalczyk", "Quentin", "Abara", "partnerkit-"):
        assert secret.lower() not in shown.lower(), secret
    table = classroom.load_class(d, anonymise=True).invalid_table()
    assert len(table) == 3 and list(table["File"]) == ["file 1", "file 2", "file 3"]


def test_redact_replaces_names_inside_free_text(tmp_path):
    d = tmp_path / "c"
    d.mkdir()
    _write(d, "a.json", _doc("Ingrid Solberg", {}))
    work = classroom.load_class(d, anonymise=True)
    assert work.redact("Ingrid asked the best question") == "[hidden] asked the best question"
    assert classroom.load_class(d).redact("Ingrid asked") == "Ingrid asked"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_links_in_the_exports_folder_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = _write(outside, "secret.json", _doc("Outsider", {}))
    d = tmp_path / "class"
    d.mkdir()
    _write(d, "real.json", _doc("Inside", {}))
    try:
        (d / "link.json").symlink_to(secret)
        (d / "dirlink").symlink_to(outside, target_is_directory=True)
    except OSError as exc:  # e.g. Windows without the privilege
        pytest.skip(f"cannot create a link here: {exc}")
    work = classroom.load_class(d)
    assert [s.learner for s in work.submissions] == ["Inside"]
    reasons = {i.file: i.reason for i in work.invalid}
    assert "link.json" in reasons and "links are not followed" in reasons["link.json"]


def test_size_is_checked_on_the_bytes_read_not_the_reported_size(tmp_path, monkeypatch):
    d = tmp_path / "c"
    d.mkdir()
    big = _write(d, "big.json", _doc("B", {"x": {"note": "y" * 5000}}))
    real_stat = Path.stat

    def zero_size(self, *a, **k):  # like /proc files, which report size 0
        st = real_stat(self, *a, **k)
        if self.name == "big.json":
            return os.stat_result((st.st_mode, *st[1:6], 0, *st[7:]))
        return st

    monkeypatch.setattr(Path, "stat", zero_size)
    assert big.stat().st_size == 0
    with pytest.raises(classroom.ExportError, match="over the"):
        classroom.read_export(big, max_bytes=1000)
    work = classroom.load_class(d, max_bytes=1000)
    assert not work.submissions and "over the" in work.invalid[0].reason


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_proc_file_reporting_size_zero_is_held_to_the_limit():
    path = Path("/proc/self/status")
    assert path.stat().st_size == 0
    with pytest.raises(classroom.ExportError) as info:
        classroom.read_export(path, max_bytes=64)
    assert "over the" in info.value.problem or "not a regular file" in info.value.problem


def test_one_export_cannot_flood_the_dashboard(tmp_path, capsys):
    d = tmp_path / "c"
    d.mkdir()
    flood = {f"01.predict.q{i:04d}": {"guess": i % 100, "stat_id": STAT} for i in range(3000)}
    flood["06.translator.draft"] = "z" * 50_000
    flood["ex.coach.questions"] = [{"text": "Why?", "flags": []}] * 5000
    _write(d, "flood.json", _doc("Flood", flood))
    for n in range(3):
        guess = {"01.predict.outside_it": {"guess": 30 + n, "stat_id": STAT}}
        _write(d, f"n{n}.json", _doc(f"Normal {n}", guess))
    work = classroom.load_class(d)
    flooded = next(s for s in work.submissions if s.learner == "Flood")
    assert sum(".predict." in k for k in flooded.entries) == classroom.MAX_PREDICTIONS
    assert len(flooded.value("06.translator.draft")) == classroom.MAX_TEXT
    assert len(flooded.value("ex.coach.questions")) == classroom.MAX_ITEMS
    chart = work.prediction_chart()
    assert len(chart.figure.data) <= classroom.MAX_CHART_ROWS + 1
    assert "01.predict.outside_it" in chart.alt_text  # the question most learners answered
    work.show("overview")
    out = capsys.readouterr().out
    assert "2980 prediction answers beyond the first 20" in out
    assert "over-long texts or lists shortened" in out
    work.show("predictions")
    assert "most answered of" in capsys.readouterr().out


def test_dashboard_cost_grows_with_the_class_not_with_one_file(tmp_path):
    """A flood file adds at most a bounded amount of work: 10x the keys, about the same chart."""

    def traces(n_keys: int) -> int:
        d = tmp_path / f"k{n_keys}"
        d.mkdir()
        keys = {f"01.predict.q{i}": {"guess": 50, "stat_id": STAT} for i in range(n_keys)}
        _write(d, "f.json", _doc("F", keys))
        return len(classroom.load_class(d).prediction_chart().figure.data)

    assert traces(300) == traces(3000) <= classroom.MAX_CHART_ROWS + 1


def test_anonymised_board_plan_hides_names_inside_the_notes(tmp_path):
    d = tmp_path / "c"
    d.mkdir()
    from partnerkit.roleplay.observer import ObserverRound

    live = ObserverRound(
        scenario="finance", interviewer="Oluwaseun Adeyemi", client="Maren Holt", observer="Priya"
    )
    live.worked = ["Oluwaseun summarised well", "Asked about cost"]
    live.to_change = ["Maren had to repeat herself", ""]
    rnd = live.end().to_dict()
    _write(d, "partnerkit-Priya-Nair.json", _doc("Priya Nair", {"ex.observer.rounds": [rnd]}))
    plain = classroom.load_class(d)
    assert plain.board_plan()["worked"], "the round was not read: check the round format"
    text = str(classroom.load_class(d, anonymise=True).board_plan())
    for secret in ("Oluwaseun", "Maren", "Priya"):
        assert secret not in text, secret
    assert "summarised well" in text and "Asked about cost" in text
