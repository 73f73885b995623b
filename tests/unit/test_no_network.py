"""No network at run time: the socket guard (tools/netguard.py) works, and works in a kernel.

The guard is what makes "every notebook runs offline" testable on a machine that is online:
``tests/browser/conftest.py`` loads it into every kernel Voila starts (an IPython start-up
file via ``IPYTHONDIR``), and ``tests/browser/test_all_pages.py::test_kernel_ran_offline``
renders EVERY notebook that way and fails if its kernel did not load the guard or tried to
connect anywhere but 127.0.0.1. These tests prove the guard itself blocks what it should,
allows what Jupyter needs, and is loaded by a real kernel started the same way.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
GUARD = ROOT / "tools" / "netguard.py"


def load_guard():
    spec = importlib.util.spec_from_file_location("pk_netguard_test", GUARD)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


PROBE = textwrap.dedent(
    """
    import importlib.util, json, socket, sys, time, urllib.request, urllib.error
    spec = importlib.util.spec_from_file_location("g", sys.argv[1])
    g = importlib.util.module_from_spec(spec); spec.loader.exec_module(g); g.install()
    out = {}

    def attempt(name, fn):
        t0 = time.monotonic()
        try:
            fn()
            out[name] = "ok"
        except Exception as exc:
            out[name] = f"{type(exc).__name__}: {exc}"
        out[name + "_s"] = time.monotonic() - t0

    attempt("http", lambda: urllib.request.urlopen("http://example.com", timeout=5))
    attempt("tcp_ip", lambda: socket.create_connection(("93.184.216.34", 80), timeout=5))
    attempt("tcp_ip6", lambda: socket.socket(socket.AF_INET6).connect(("2001:db8::1", 80)))
    attempt("udp_dns", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            .sendto(b"x", ("8.8.8.8", 53)))
    attempt("connect_ex", lambda: socket.socket().connect_ex(("10.1.2.3", 80)))
    server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen()
    port = server.getsockname()[1]
    attempt("loopback", lambda: socket.create_connection(("127.0.0.1", port), timeout=5))
    attempt("localhost", lambda: socket.create_connection(("localhost", port), timeout=5))
    def unix():
        a, b = socket.socketpair(socket.AF_UNIX)
        a.send(b"x")
        assert b.recv(1) == b"x"
    attempt("unix", unix)
    print(json.dumps(out))
    """
)


def test_guard_blocks_outbound_and_allows_loopback(tmp_path):
    log = tmp_path / "guard.log"
    env = dict(os.environ, PARTNERKIT_NETGUARD_LOG=str(log))
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(GUARD)], env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    for name in ("http", "tcp_ip", "tcp_ip6", "udp_dns", "connect_ex"):
        assert "netguard" in out[name], f"{name} was not blocked: {out[name]}"
    for name in ("loopback", "localhost", "unix"):
        assert out[name] == "ok", f"{name} must work (Jupyter needs it): {out[name]}"
    lines = log.read_text().splitlines()
    assert lines[0].startswith("LOADED ")
    blocked = [ln for ln in lines if ln.startswith("BLOCKED")]
    assert len(blocked) == 5 and any("example.com" in ln for ln in blocked)


def test_is_local_host():
    g = load_guard()
    for host in ("127.0.0.1", "127.8.9.10", "::1", "localhost", "LOCALHOST", b"127.0.0.1", None):
        assert g.is_local_host(host), host
    for host in ("0.0.0.0", "10.0.0.1", "192.168.1.1", "example.com", "localhost.evil.com", "::"):
        assert not g.is_local_host(host), host


def test_a_kernel_started_with_the_startup_dir_is_offline(tmp_path, monkeypatch):
    """The mechanism the browser suite uses: IPYTHONDIR with the guard as a start-up file."""
    g = load_guard()
    log = tmp_path / "kernel.log"
    monkeypatch.setenv("IPYTHONDIR", str(g.startup_dir(tmp_path / "ipython")))
    monkeypatch.setenv("PARTNERKIT_NETGUARD_LOG", str(log))
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import socket, urllib.request\n"
            "assert socket._partnerkit_netguard\n"
            "try:\n"
            "    urllib.request.urlopen('http://example.com', timeout=5)\n"
            "    print('ONLINE')\n"
            "except OSError as exc:\n"
            "    print('OFFLINE', exc)"
        )
    ]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    text = nb.cells[0].outputs[0]["text"]
    assert text.startswith("OFFLINE") and "netguard" in text
    lines = log.read_text().splitlines()
    assert any(ln.startswith("LOADED") for ln in lines)
    assert any(ln.startswith("BLOCKED") and "example.com" in ln for ln in lines)
