"""The kit works installed from its wheel, not only from a checkout.

Builds the wheel (``pip wheel --no-build-isolation``: offline, with the hatchling of the test
venv), installs it into a fresh venv, and from an empty folder - inside a folder that holds
another course's ``data/statistics.csv``, which must not win - loads the statistics and the
scenarios and runs the ``partnerkit`` command.

The fresh venv gets the kit only from the wheel; its third-party dependencies are borrowed from
the test venv through a ``.pth`` line (no download, and the test venv's editable install of
the kit is not visible there: the test asserts that ``partnerkit`` is imported from the fresh
venv). About 25 s on 2 shared cores (7.5 s to build and install the wheel, 15 s for the
``partnerkit`` command runs, which import the kit afresh each time); it runs in ``make test``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


def build_wheel(source: Path, out: Path) -> Path:
    res = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["--no-index", "-w", str(out), str(source)]
    )
    assert res.returncode == 0, res.stderr
    (wheel,) = out.glob("partnerkit-*.whl")
    return wheel


def fresh_venv(folder: Path, wheel: Path) -> tuple[Path, Path]:
    """A venv holding only the wheel's kit; returns (python, folder of scripts)."""
    res = run([sys.executable, "-m", "venv", "--without-pip", str(folder)])
    assert res.returncode == 0, res.stderr
    scripts = folder / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    res = run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps"]
        + ["--no-index", "-q", str(wheel)]
    )
    assert res.returncode == 0, res.stderr
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    # dependencies (pyyaml, filelock, pandas, ...) from the test venv, without its .pth files
    shared = sysconfig.get_paths()["purelib"]
    (Path(purelib.stdout.strip()) / "_partnerkit_test_deps.pth").write_text(shared + "\n")
    return python, scripts


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    start = time.perf_counter()
    wheel = build_wheel(ROOT, tmp / "dist")
    python, scripts = fresh_venv(tmp / "venv", wheel)
    # an empty folder inside another course's folder that has its own data/statistics.csv
    other = tmp / "other_course"
    (other / "data").mkdir(parents=True)
    (other / "data" / "statistics.csv").write_text("id,claim\nnot_ours,C1\n", encoding="utf-8")
    empty = other / "week1"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PARTNERKIT_DATA")}
    env["PATH"] = str(scripts) + os.pathsep + env.get("PATH", "")
    print(f"wheel built and installed in {time.perf_counter() - start:.1f} s")
    return {"wheel": wheel, "python": python, "scripts": scripts, "cwd": empty, "env": env}


def test_wheel_carries_the_data_and_the_command(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    data_files = {n.split("partnerkit/_data/", 1)[1] for n in names if "partnerkit/_data/" in n}
    in_checkout = {p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*")}
    assert {"statistics.csv", "glossary.csv"} <= data_files
    assert {f for f in in_checkout if (ROOT / "data" / f).is_file()} <= data_files
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert (
        "partnerkit = partnerkit.cli:main"
        in zipfile.ZipFile(installed["wheel"]).read(entry).decode()
    )


def test_data_loads_from_the_installed_package_in_an_empty_folder(installed):
    code = (
        "import partnerkit, partnerkit.data as d\n"
        "from partnerkit.roleplay import loader\n"
        "print(partnerkit.__file__)\n"
        "print(d.data_dir())\n"
        "print(len(d.statistics()), len(loader.load_scenarios()))\n"
    )
    res = run([str(installed["python"]), "-c", code], cwd=installed["cwd"], env=installed["env"])
    assert res.returncode == 0, res.stderr
    module, folder, counts = res.stdout.strip().splitlines()
    venv = installed["python"].parent.parent
    assert Path(module).is_relative_to(venv), f"the kit came from {module}, not the wheel"
    assert Path(folder) == Path(module).parent / "_data", folder
    from partnerkit import data
    from partnerkit.roleplay import loader

    assert counts.split() == [str(len(data.statistics())), str(len(loader.load_scenarios()))]


def test_partnerkit_command_from_an_empty_folder(installed):
    def partnerkit(*args):
        return run(
            [str(installed["scripts"] / "partnerkit"), *args],
            cwd=installed["cwd"],
            env=installed["env"],
        )

    res = partnerkit("check")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "_data" in res.stdout and "data files are valid" in res.stdout

    res = partnerkit("coach", "Don't you think we should move to the cloud?")
    assert res.returncode == 0, res.stderr
    assert "Leading" in res.stdout

    # no notebooks here: a clear message and a failure, not a silent empty build
    for args in (["handouts"], ["lab"]):
        res = partnerkit(*args)
        assert res.returncode == 2, (args, res.stdout, res.stderr)
        assert "No kit folder" in res.stderr and "--root" in res.stderr
    assert not (installed["cwd"] / "build").exists()
    res = run(
        [str(installed["python"]), "-m", "partnerkit.links", "--check"],
        cwd=installed["cwd"],
        env=installed["env"],
    )
    assert res.returncode == 2 and "No kit folder" in res.stderr, res.stdout + res.stderr

    # given a kit folder, the command uses its data (an instructor's edits count)
    res = partnerkit("check", "--root", str(ROOT))
    assert res.returncode == 0, res.stderr
    assert str(ROOT / "data") in res.stdout
