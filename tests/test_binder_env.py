"""Binder's environment: what repo2docker would install must be pinned and must run the kit."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def binder_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[_norm(name)] = version.strip()
    return pins


def test_every_runtime_dependency_is_pinned_for_binder():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = binder_pins()
    for dep in project["dependencies"]:
        name = _norm(re.split(r"[<>=!~\[ ;]", dep, maxsplit=1)[0])
        assert name in pins, f"{name} is a runtime dependency but is not pinned in binder/"


def test_binder_pins_match_the_tested_constraints():
    tested = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line:
            name, version = line.strip().split("==")
            tested[_norm(name)] = version
    for name, version in binder_pins().items():
        assert tested.get(name) == version, (
            f"{name}: binder pins {version}, tests ran {tested.get(name)}"
        )


def test_requirements_end_with_the_kit_and_runtime_is_pinned():
    lines = [
        ln.strip()
        for ln in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
        if ln.strip()
    ]
    assert lines[-1] == ".", "the last line must be '.' so Binder installs partnerkit itself"
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.1[1-9]", runtime), runtime
    assert not (ROOT / "Dockerfile").exists(), "a root Dockerfile would override binder/"


@pytest.mark.binder
def test_fresh_binder_venv_runs_every_notebook(tmp_path):
    """What Binder does: a venv from binder/requirements.txt alone, then every notebook runs."""
    if os.environ.get("KIT_BINDER_CHECK") != "1":
        pytest.skip("set KIT_BINDER_CHECK=1 to build a fresh Binder-like venv (CI does)")
    venv = tmp_path / "binder-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"],
        cwd=ROOT,
        check=True,
    )
    env = dict(os.environ, PARTNERKIT_JOURNAL=str(tmp_path / "journal.json"))
    env.pop("PARTNERKIT_DATA", None)
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
        (ROOT / "exercises").glob("*_ex.ipynb")
    )
    assert notebooks
    for nb in notebooks:
        result = subprocess.run(
            [str(py), "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
             f"--output-dir={tmp_path / 'out'}", "--ExecutePreprocessor.timeout=300", str(nb)],
            cwd=nb.parent, env=env, capture_output=True, text=True,
        )  # fmt: skip
        assert result.returncode == 0, (
            f"{nb.name} failed in the Binder venv:\n{result.stderr[-3000:]}"
        )
