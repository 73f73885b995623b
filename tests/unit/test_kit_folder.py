"""Where the kit finds its data and its folder, without assuming a checkout.

* ``data_dir`` never searches the current folder or its parents: another course's
  ``data/statistics.csv`` higher up must not win.
* ``handouts`` and ``links --check`` take the kit folder from ``--root`` (or the current
  folder) and fail with a clear message when it has no notebooks, instead of silently building
  0 pages or passing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerkit import data, handouts, links

ROOT = Path(__file__).resolve().parents[2]


def test_another_courses_data_higher_up_does_not_win(tmp_path, monkeypatch):
    other = tmp_path / "other_course"
    (other / "data").mkdir(parents=True)
    (other / "data" / "statistics.csv").write_text("not,our,data\n", encoding="utf-8")
    work = other / "week1" / "notes"
    work.mkdir(parents=True)
    monkeypatch.delenv("PARTNERKIT_DATA", raising=False)
    for cwd in (work, other):
        monkeypatch.chdir(cwd)
        assert data.data_dir().resolve() == (ROOT / "data").resolve()  # this checkout's data
        assert "pwc_outside_cio_2015" in data.statistics()


def test_explicit_data_folder_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERKIT_DATA", str(tmp_path))
    assert data.data_dir() == tmp_path


def test_kit_folder_is_root_or_says_what_to_do(tmp_path, monkeypatch):
    assert data.kit_folder(ROOT) == ROOT.resolve()
    with pytest.raises(data.KitFolderError, match=r"no notebooks/NN_\*\.ipynb.*--root PATH"):
        data.kit_folder(tmp_path)
    monkeypatch.chdir(ROOT / "notebooks")  # not the kit folder itself; the checkout is used
    assert data.kit_folder() == ROOT.resolve()


def test_handouts_without_notebooks_fail_clearly(tmp_path, capsys):
    out = tmp_path / "out"
    assert handouts.main(["build", "--root", str(tmp_path), "--out", str(out)]) == 2
    assert "No kit folder" in capsys.readouterr().err
    assert not out.exists()  # nothing written, no empty index claiming success
    with pytest.raises(data.KitFolderError):
        handouts.build(out, root=tmp_path)
    assert handouts.default_notebooks(root=ROOT)[0].name == "00_start_here.ipynb"


def test_links_check_without_a_kit_folder_fails_clearly(tmp_path, capsys):
    assert links.main(["--check", "--root", str(tmp_path)]) == 2
    assert "No kit folder" in capsys.readouterr().err
    assert links.main(["--check", "--root", str(ROOT)]) == 0
