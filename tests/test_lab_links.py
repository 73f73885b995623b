"""`make lab` (and the README's commands without make) serve the whole kit, start page first.

The command is not guessed: it is taken from ``make -n lab`` and from the README's code blocks,
run for real (plus ``--no-browser``, loopback and a token), and then every relative link on the
start page and in the READMEs is followed through the running server's contents API, the same
call JupyterLab makes when a learner clicks the link. Any 404 fails.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from lab_server import free_port, running_lab, venv_bin

ROOT = Path(__file__).resolve().parents[1]
START = "notebooks/00_start_here.ipynb"
LINKED_FROM = [START, "README.md", "exercises/README.md", "instructor/README.md", "data/README.md"]
KIT_FOLDERS = {"notebooks", "exercises", "instructor", "data"}

_MD_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF_LINK = re.compile(r"^\s*\[[^\]]+\]:\s*(\S+)", re.M)
_HREF = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


def markdown_of(rel: str) -> str:
    path = ROOT / rel
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return "\n\n".join(
            "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"
        )
    return path.read_text(encoding="utf-8")


def relative_links(rel: str) -> list[str]:
    """Every relative link target in a markdown file or a notebook's markdown cells."""
    text = _CODE.sub("", markdown_of(rel))
    found = [*_MD_LINK.findall(text), *_REF_LINK.findall(text), *_HREF.findall(text)]
    out = []
    for target in found:
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "//")):
            continue  # web address, mailto:, or an anchor inside the same page
        out.append(target)
    return out


def resolve(rel: str, target: str) -> str | None:
    """The kit-relative path a link in ``rel`` points at (None when it leaves the kit)."""
    path = urllib.parse.unquote(target.split("#")[0].split("?")[0])
    if path.startswith("/"):
        return None
    parts: list[str] = []
    for part in [*Path(rel).parent.parts, *path.split("/")]:
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def make_lab_argv(port: int | None, tmp: Path) -> list[str]:
    """The `make lab` command line, as make itself prints it, pointed at this venv."""
    venv = tmp / "venv"
    venv.mkdir(exist_ok=True)
    (venv / ".installed-run").touch()  # newer than pyproject.toml: make runs only the lab line
    cmd = ["make", "-n", "-s", "lab", f"BIN={venv_bin()}", f"VENV={venv}"]
    if port is not None:
        cmd.append(f"PORT={port}")
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 1 and " lab " in lines[0], out
    return shlex.split(lines[0])


def readme_lab_argv(port: int) -> list[str]:
    """The README's 'without make' run command (POSIX block), pointed at this venv."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Without `make`", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    lines = [ln.split("#")[0].strip() for ln in block.splitlines() if "jupyter lab" in ln]
    assert len(lines) == 1, block
    argv = shlex.split(lines[0])
    assert argv[0] == ".venv/bin/jupyter", argv
    # as make lab does: JupyterLab refuses to run as root (CI, containers) without the flag
    as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return [str(venv_bin() / "jupyter"), *argv[1:], *as_root, f"--port={port}"]


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@needs_make
def test_make_lab_serves_the_kit_and_every_link_resolves(tmp_path):
    port = free_port()
    argv = make_lab_argv(port, tmp_path)
    assert f"--port={port}" in argv, f"make lab ignores PORT: {argv}"
    with running_lab(argv, ROOT, port, tmp_path) as lab:
        assert KIT_FOLDERS <= lab.root_names(), "the server root is not the kit folder"
        assert lab.open_url().endswith("lab/tree/" + START), lab.open_url()

        checked, broken = [], []
        for rel in LINKED_FROM:
            for target in relative_links(rel):
                path = resolve(rel, target)
                if path is None:
                    broken.append(f"{rel}: {target} leaves the kit folder")
                    continue
                status = lab.contents(path)
                checked.append(path)
                if status != 200:
                    broken.append(f"{rel}: {target} -> /api/contents/{path} gave {status}")
        print(f"followed {len(checked)} links ({len(set(checked))} distinct targets)")
        assert not broken, "\n".join(broken)
        # the walk above would pass vacuously if the link parser found nothing
        assert len(set(checked)) >= 30, checked


@needs_make
def test_make_lab_without_port_leaves_jupyter_default(tmp_path):
    argv = make_lab_argv(None, tmp_path)
    assert not any(a.startswith("--port") for a in argv), argv
    assert "--ServerApp.root_dir=." in argv and argv[-1] == START, argv


def test_readme_command_without_make_serves_the_kit(tmp_path):
    port = free_port()
    with running_lab(readme_lab_argv(port), ROOT, port, tmp_path) as lab:
        assert KIT_FOLDERS <= lab.root_names()
        assert lab.open_url().endswith("lab/tree/" + START), lab.open_url()
        assert lab.contents("instructor/README.md") == 200


def test_partnerkit_lab_command_serves_the_kit_from_anywhere(tmp_path):
    """The portable command (no make, any system): run from another folder with --root."""
    port = free_port()
    argv = [sys.executable, "-m", "partnerkit", "lab", "--root", str(ROOT), "--port", str(port)]
    with running_lab(argv, tmp_path, port, tmp_path) as lab:
        assert KIT_FOLDERS <= lab.root_names()
        assert lab.open_url().endswith("lab/tree/" + START), lab.open_url()
        assert lab.contents("exercises/02_solo_client_ex.ipynb") == 200


def test_readme_windows_commands_set_the_root_too():
    """The Windows lines cannot run here; they must carry the same root and start page."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Without `make`", 1)[1].split("\n## ", 1)[0]
    win = [ln for ln in section.splitlines() if "Scripts\\jupyter" in ln and " lab " in ln]
    assert win, "no Windows jupyter lab command in the README"
    for line in win:
        assert "--ServerApp.root_dir=." in line and "notebooks\\00_start_here.ipynb" in line, line


def test_link_parser_finds_what_it_should():
    assert resolve("notebooks/00_start_here.ipynb", "../exercises/") == "exercises"
    assert resolve("README.md", "data/README.md#top") == "data/README.md"
    assert resolve("README.md", "../elsewhere") is None
    links = relative_links("README.md")
    assert "instructor/" in links and not any(x.startswith("http") for x in links)
