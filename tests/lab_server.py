"""Start a real JupyterLab from a command line the kit documents, and talk to it over HTTP.

Used by tests/test_lab_links.py and tests/unit/test_cli.py. No browser: the contents API is what
JupyterLab's own file browser and link handler call, so a 404 there is a 404 for the learner.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

TOKEN = "partnerkit-test-token"
# added to every documented command: no browser, loopback only, a known token
TEST_ARGS = ["--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.token={TOKEN}"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    proc: subprocess.Popen
    port: int
    runtime_dir: Path
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str) -> tuple[int, bytes]:
        req = urllib.request.Request(
            f"{self.base}/{path.lstrip('/')}", headers={"Authorization": f"token {TOKEN}"}
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def contents(self, rel: str) -> int:
        """HTTP status of ``/api/contents/<rel>`` (file or folder) without its content."""
        quoted = urllib.parse.quote(rel.strip("/"))
        return self.get(f"api/contents/{quoted}?content=0")[0]

    def root_names(self) -> set[str]:
        status, body = self.get("api/contents/")
        assert status == 200, body[:300]
        return {item["name"] for item in json.loads(body)["content"]}

    def open_url(self) -> str:
        """The path JupyterLab opens first (from the page it writes for the web browser to load)."""
        files = sorted(self.runtime_dir.glob("jpserver-file-to-run-*-open.html"))
        if not files:
            files = sorted(self.runtime_dir.glob("jpserver-*-open.html"))
        assert files, f"no browser-open file in {self.runtime_dir}: {self.log.read_text()[-2000:]}"
        text = files[-1].read_text(encoding="utf-8")
        m = re.search(r'<meta http-equiv="refresh" content="\d+;url=([^"]+)"', text)
        assert m, text
        return urllib.parse.urlsplit(m.group(1)).path  # without the ?token=


@contextlib.contextmanager
def running_lab(argv: list[str], cwd: Path, port: int, tmp: Path, env: dict | None = None):
    """Run ``argv`` (+ TEST_ARGS) in ``cwd``; yield a LabServer once it answers on ``port``."""
    runtime = tmp / "runtime"
    runtime.mkdir(parents=True, exist_ok=True)
    log = tmp / "lab.log"
    full_env = {**os.environ, **(env or {})}
    full_env["JUPYTER_RUNTIME_DIR"] = str(runtime)
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [*argv, *TEST_ARGS], cwd=cwd, env=full_env, stdout=fh, stderr=subprocess.STDOUT
        )
    server = LabServer(proc, port, runtime, log)
    try:
        deadline = time.monotonic() + 180  # generous: only a hang fails
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"JupyterLab exited {proc.returncode}:\n{log.read_text()}")
            with contextlib.suppress(OSError):
                if server.get("api/status")[0] == 200 and list(runtime.glob("jpserver-*")):
                    break
            if time.monotonic() > deadline:
                raise AssertionError(f"JupyterLab did not answer:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def venv_bin() -> Path:
    """The folder holding this interpreter's ``jupyter`` (the venv the tests run in)."""
    return Path(sys.executable).parent
