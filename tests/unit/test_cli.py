"""The ``partnerkit`` command: each subcommand reaches the kit's own functions, and ``check``
reports a broken data file by file, line, field and fix."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from partnerkit import cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _restore_data_env(monkeypatch):
    monkeypatch.delenv("PARTNERKIT_DATA", raising=False)  # main() may set it; undone after


def test_every_subcommand_is_there():
    text = cli.parser().format_help()
    for name in ("lab", "present", "handouts", "cards", "check", "coach"):
        assert name in text


def test_check_passes_on_the_kit_and_counts_the_files(capsys):
    assert cli.main(["check", "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert str(ROOT / "data") in out
    n = int(out.split("All ")[1].split()[0])
    assert n >= 10 + len(list((ROOT / "data" / "scenarios").glob("*.yaml")))


def test_check_names_file_line_field_and_fix(tmp_path, capsys):
    kit = tmp_path / "kit"
    shutil.copytree(ROOT / "data", kit / "data")
    stats = kit / "data" / "statistics.csv"
    with stats.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[1]["confidence"] = "certain"  # the second data row: line 3 of the file
    with stats.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    assert cli.main(["check", "--root", str(kit)]) == 1
    err = capsys.readouterr().err
    assert f"{stats}, line 3, field 'confidence'" in err and "Fix:" in err
    assert "1 problem(s) found" in err  # reported once, though two loaders read the file


def test_coach_prints_feedback(capsys):
    assert cli.main(["coach", "Don't you think we should move to the cloud?"]) == 0
    assert "Leading" in capsys.readouterr().out


def test_lab_outside_a_kit_folder_says_what_to_do(tmp_path, capsys):
    assert cli.main(["lab", "--root", str(tmp_path)]) == 2
    assert "No kit folder" in capsys.readouterr().err


def test_lab_command_roots_the_server_at_the_kit():
    cmd = cli.lab_command(ROOT, port=8890)
    assert f"--ServerApp.root_dir={ROOT}" in cmd and "notebooks/00_start_here.ipynb" in cmd
    assert "--port=8890" in cmd and cmd[1:3] == ["-m", "jupyterlab"]


def test_unknown_options_only_pass_through_to_lab():
    with pytest.raises(SystemExit):
        cli.main(["check", "--no-browser"])


def test_python_dash_m_partnerkit_is_the_same_command():
    res = subprocess.run(
        [sys.executable, "-m", "partnerkit", "coach", "What slows your team down?"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    assert "What slows your team down?" in res.stdout


@pytest.mark.parametrize(
    "name, bad",
    [
        (
            "scenarios/paraphrases.csv",
            "scenario,node,text,option,split\nfinance,n1,hi,no_such,test\n",
        ),
        ("rubric.yaml", "criteria: 3\n"),
        ("confidence.yaml", "items: [\n"),
    ],
)
def test_check_covers_the_newer_data_files(tmp_path, capsys, name, bad):
    kit = tmp_path / "kit"
    shutil.copytree(ROOT / "data", kit / "data")
    (kit / "data" / name).write_text(bad, encoding="utf-8")
    assert cli.main(["check", "--root", str(kit)]) == 1
    assert name.split("/")[-1] in capsys.readouterr().err
