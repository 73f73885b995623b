"""A socket guard that blocks every connection leaving the machine.

The kit must run offline once installed. The test suite loads this guard into every kernel
that Voila starts (an IPython start-up file, see ``startup_dir``) and into the kernels of the
no-network test, so a notebook that reaches for the internet fails instead of passing on a
machine that happens to be online.

Allowed: Unix sockets and loopback addresses (127.0.0.0/8, ::1, ``localhost``) - the kernel
talks to Jupyter over loopback. Everything else (TCP/UDP connect, ``sendto``, and DNS look-ups
of other host names) raises :class:`NetworkBlocked`, a ``ConnectionRefusedError``, so code that
copes with being offline copes with the guard too. Every load and every blocked attempt is
appended to the file named by ``$PARTNERKIT_NETGUARD_LOG`` (if set), one line each:

    LOADED <pid> <argv>
    BLOCKED <pid> <what> <address>

Check a notebook by hand:  ``python tools/netguard.py run notebooks/01_....ipynb``.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from pathlib import Path

LOG_ENV = "PARTNERKIT_NETGUARD_LOG"
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


class NetworkBlocked(ConnectionRefusedError):
    """Raised instead of opening a connection that would leave the machine."""


def _log(line: str) -> None:
    path = os.environ.get(LOG_ENV)
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line.replace("\n", " ") + "\n")
    except OSError:
        pass


def is_local_host(host) -> bool:
    """True for loopback addresses and the local host name; False for anything else."""
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip().lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check(sock_family, address, what: str) -> None:
    if sock_family not in (socket.AF_INET, socket.AF_INET6):
        return  # Unix sockets, netlink, ...: never leave the machine
    host = address[0] if isinstance(address, tuple) and address else address
    if not is_local_host(host):
        _log(f"BLOCKED {os.getpid()} {what} {address!r}")
        raise NetworkBlocked(f"partnerkit netguard: blocked {what} to {address!r} (offline kit)")


def install() -> None:
    """Patch the socket module of this process (idempotent)."""
    if getattr(socket, "_partnerkit_netguard", False):
        return
    orig_connect = socket.socket.connect
    orig_connect_ex = socket.socket.connect_ex
    orig_sendto = socket.socket.sendto
    orig_getaddrinfo = socket.getaddrinfo

    def connect(self, address):
        _check(self.family, address, "connect")
        return orig_connect(self, address)

    def connect_ex(self, address):
        _check(self.family, address, "connect")
        return orig_connect_ex(self, address)

    def sendto(self, data, *args):
        address = args[-1]
        _check(self.family, address, "sendto")
        return orig_sendto(self, data, *args)

    def getaddrinfo(host, *args, **kwargs):
        if not is_local_host(host):
            _log(f"BLOCKED {os.getpid()} dns {host!r}")
            raise socket.gaierror(socket.EAI_NONAME, f"partnerkit netguard: no DNS for {host!r}")
        return orig_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.getaddrinfo = getaddrinfo
    socket._partnerkit_netguard = True
    _log(f"LOADED {os.getpid()} {' '.join(sys.argv)[:200]}")


STARTUP_CODE = """\
# Written by tools/netguard.py: block network access in this IPython kernel.
import importlib.util as _u
_spec = _u.spec_from_file_location("partnerkit_netguard", {path!r})
_mod = _u.module_from_spec(_spec)
_spec.loader.exec_module(_mod)
_mod.install()
del _u, _spec, _mod
"""


def startup_dir(ipython_dir: str | Path) -> Path:
    """Make ``ipython_dir`` an IPython home whose kernels load this guard; return it.

    Point a Jupyter/Voila server at it with ``IPYTHONDIR=<ipython_dir>``: only IPython
    processes (the kernels) run start-up files, so the server and pip are not affected.
    """
    ipython_dir = Path(ipython_dir)
    start = ipython_dir / "profile_default" / "startup"
    start.mkdir(parents=True, exist_ok=True)
    (start / "00-partnerkit-netguard.py").write_text(
        STARTUP_CODE.format(path=str(Path(__file__).resolve())), encoding="utf-8"
    )
    return ipython_dir


def read_log(path: str | Path) -> list[str]:
    p = Path(path)
    return p.read_text(encoding="utf-8").splitlines() if p.exists() else []


def run_notebooks(paths, timeout: int = 180) -> list[str]:
    """Execute notebooks with the guard in their kernels; return the BLOCKED log lines."""
    import tempfile

    import nbformat
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="pk-netguard-") as tmp:
        log = Path(tmp) / "netguard.log"
        old = {k: os.environ.get(k) for k in ("IPYTHONDIR", LOG_ENV)}
        os.environ["IPYTHONDIR"] = str(startup_dir(Path(tmp) / "ipython"))
        os.environ[LOG_ENV] = str(log)
        try:
            for path in paths:
                nb = nbformat.read(path, as_version=4)
                NotebookClient(
                    nb, timeout=timeout, resources={"metadata": {"path": str(Path(path).parent)}}
                ).execute()
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        return [ln for ln in read_log(log) if ln.startswith("BLOCKED")]


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "run":
        sys.exit("usage: python tools/netguard.py run NOTEBOOK.ipynb [...]")
    blocked = run_notebooks(sys.argv[2:])
    print("\n".join(blocked) or "no network access attempted")
    sys.exit(1 if blocked else 0)
