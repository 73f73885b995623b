"""No lost answers: the journal under concurrent writers and under a writer killed mid-write.

* Two processes (two notebooks of the same learner) write different keys at the same time:
  every key of both ends up in the file.
* A writer process is killed with SIGKILL at a random moment, at least 100 times in a row on
  the same journal: after every kill the file is strict, valid JSON in the journal's format,
  nothing was set aside as corrupt, and it holds every answer the writer reported as saved
  (the writer prints a line on its stdout pipe after each ``set()`` returns).

The kills run both on the disk (where fsync makes each write slow) and in memory (tmpfs, where
a kill lands anywhere in the write path), when the machine has /dev/shm.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from partnerkit.journal import FORMAT, Journal

KILLS = 100

WRITER = textwrap.dedent(
    """
    import os, sys, time
    from partnerkit.journal import Journal
    path, prefix, count, start_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    while start_file != "-" and not os.path.exists(start_file):
        time.sleep(0.001)
    j = Journal(path)
    for i in range(count):
        # a realistic answer: text with markup and non-Latin script, a list, a number
        j.set(f"{prefix}.{i}", {"i": i, "text": f"answer {i} <b>caf\\u00e9</b> \\u65e5\\u672c",
                                "list": list(range(i % 7))})
        sys.stdout.write(f"{i}\\n")
        sys.stdout.flush()
    """
)


def start_writer(path: Path, prefix: str, count: int, start_file: str = "-"):
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), prefix, str(count), start_file],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_strict(path: Path) -> dict:
    """The file as strict JSON (NaN or a truncated document raise)."""
    doc = json.loads(path.read_bytes().decode("utf-8"), parse_constant=lambda c: 1 / 0)
    assert doc["format"] == FORMAT and isinstance(doc["entries"], dict)
    return doc


def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "journal.json"
    go = tmp_path / "go"
    n = 60
    writers = [start_writer(path, p, n, str(go)) for p in ("nb03", "nb05")]
    time.sleep(0.3)  # both interpreters started and waiting
    go.touch()
    for w in writers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        assert out.split() == [str(i) for i in range(n)]
    entries = read_strict(path)["entries"]
    for prefix in ("nb03", "nb05"):
        for i in range(n):
            assert entries[f"{prefix}.{i}"]["value"]["i"] == i
    assert not Journal(path).problems


def _memory_dir():
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return Path(tempfile.mkdtemp(prefix="pk-journal-kill-", dir=shm))
    return None


@pytest.mark.parametrize("where", ["disk", "memory"])
def test_killed_writer_never_corrupts_or_loses_a_saved_answer(where, tmp_path):
    folder = tmp_path if where == "disk" else _memory_dir()
    if folder is None:
        pytest.skip("no writable /dev/shm on this machine; the disk variant still runs")
    try:
        _kill_rounds(folder / "journal.json", random.Random(f"kill-{where}"))
    finally:
        if folder != tmp_path:
            shutil.rmtree(folder, ignore_errors=True)


def _forked_writer(path: Path, prefix: str) -> tuple[int, int]:
    """Fork a child that saves answers as fast as it can and reports each one on a pipe.

    A fork (not a new interpreter) so that 100+ rounds take seconds; the child runs only
    journal code and never returns into pytest."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            os.close(r)
            j = Journal(path)
            for i in range(100_000):
                j.set(f"{prefix}.{i}", {"i": i, "text": f"answer {i} <b>caf\u00e9</b> \u65e5",
                                        "list": list(range(i % 7))})  # fmt: skip
                os.write(w, f"{i}\n".encode())
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    return pid, r


def _read_line(fd: int) -> bytes:
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = os.read(fd, 1)
        if not chunk:
            break
        buf += chunk
    return buf


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _kill_rounds(path: Path, rng: random.Random) -> None:
    saved: dict[str, int] = {}
    temp_left = 0
    for rnd in range(KILLS):
        tmp_before = len(list(path.parent.glob(".journal.json.*.tmp")))
        pid, fd = _forked_writer(path, f"r{rnd}")
        try:
            first = _read_line(fd)  # it is in its write loop now
            assert first == b"0\n", f"the writer failed to save: {first!r}"
            time.sleep(rng.uniform(0, 0.02))
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            rest = _read_all(fd)
        finally:
            os.close(fd)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        lines = (first + rest).decode().split("\n")[:-1]  # complete lines only
        done = [int(x) for x in lines]
        assert done == list(range(len(done))), "the writer reports saves in order"
        saved.update({f"r{rnd}.{i}": i for i in done})
        temp_left += len(list(path.parent.glob(".journal.json.*.tmp"))) - tmp_before

        doc = read_strict(path)  # valid after every kill
        missing = [k for k in saved if k not in doc["entries"]]
        assert not missing, f"round {rnd}: answers reported as saved are gone: {missing[:5]}"
        assert all(doc["entries"][k]["value"]["i"] == i for k, i in saved.items())
        assert not list(path.parent.glob("journal.json.corrupt-*"))

    # the journal is still usable, reports no problem, and a new answer is kept
    j = Journal(path)
    j.set("after", "still works")
    assert Journal(path).get("after") == "still works" and not j.problems
    assert len(saved) >= KILLS  # every round saved at least its first answer
    print(f"{KILLS} kills, {len(saved)} answers kept, {temp_left} kills left a temp file")
