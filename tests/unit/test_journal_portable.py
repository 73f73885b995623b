"""The journal on any system, and cheap for a class typing at once.

* Without ``fcntl`` (as on Windows) the journal still locks (``filelock`` falls back to a lock
  file) and two processes writing at once keep both sets of answers.
* Text boxes save after a pause (``set_soon``), not per keystroke: a 60-keystroke answer is
  one write, and the last answer is written before any read, by ``flush()``, and when the
  kernel shuts down right after typing (a real kernel, through jupyter_client).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import ipywidgets as widgets
import pytest

from partnerkit import journal as J
from partnerkit.journal import Journal, bind

SRC = Path(__file__).resolve().parents[2] / "src"

NO_FCNTL_WRITER = textwrap.dedent(
    """
    import os, sys, time
    sys.modules["fcntl"] = None  # as on Windows: "import fcntl" raises ImportError
    try:
        import fcntl
    except ImportError:
        pass
    else:
        raise SystemExit("fcntl is still importable")
    import filelock
    from partnerkit.journal import Journal
    path, prefix, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    j = Journal(path)
    print(type(j._filelock).__name__, flush=True)
    while not os.path.exists(go):
        time.sleep(0.001)
    for i in range(count):
        j.set(f"{prefix}.{i}", {"i": i, "text": f"answer {i} caf\\u00e9"})
    print("done", flush=True)
    """
)


def _env() -> dict:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }


def test_two_processes_without_fcntl_keep_both_answers(tmp_path):
    path, go, n = tmp_path / "journal.json", tmp_path / "go", 40
    procs = [
        subprocess.Popen(
            [sys.executable, "-W", "ignore", "-c", NO_FCNTL_WRITER, str(path), p, str(n), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for p in ("nb03", "nb05")
    ]
    # both have imported the journal (without fcntl) before either starts writing
    kinds = [p.stdout.readline().strip() for p in procs]
    go.touch()
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert out.strip() == "done"
    assert kinds == ["SoftFileLock", "SoftFileLock"], kinds  # not the fcntl-based lock
    entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
    for prefix in ("nb03", "nb05"):
        assert [entries[f"{prefix}.{i}"]["value"]["i"] for i in range(n)] == list(range(n))


def test_journal_module_does_not_import_fcntl_itself():
    code = "import sys; sys.modules['fcntl'] = None; import partnerkit.journal, partnerkit.widgets"
    res = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, env=_env()
    )
    assert res.returncode == 0, res.stderr


class Counter:
    """Counts file replacements and fsyncs (the costly part of a save)."""

    def __init__(self, monkeypatch):
        self.replace = self.fsync = 0
        real_replace, real_fsync = os.replace, os.fsync

        def replace(a, b):
            self.replace += 1
            return real_replace(a, b)

        def fsync(fd):
            self.fsync += 1
            return real_fsync(fd)

        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(os, "fsync", fsync)


ANSWER = "We will cut the month-end close from ten days to six by March."[:60]


def test_sixty_keystrokes_are_one_write_not_sixty(tmp_journal, monkeypatch):
    monkeypatch.setattr(J, "SAVE_DELAY", 600)  # the timer cannot fire during the test
    j = J.journal()
    j.set("before", "an earlier answer")  # a journal already exists (the backup path runs)
    box = bind(widgets.Textarea(), "draft")
    count = Counter(monkeypatch)
    for i in range(1, 61):
        box.value = ANSWER[:i]
    assert count.replace == 0 and count.fsync == 0, "a keystroke wrote the journal"
    assert J.pending() == 1
    J.flush()
    assert J.pending() == 0
    # one save: the backup link is renamed into place, then the new file; 2 fsyncs (file, folder)
    assert count.replace <= 2 and count.fsync <= 2, (count.replace, count.fsync)
    assert Journal(tmp_journal).get("draft") == ANSWER
    assert Journal(tmp_journal).get("before") == "an earlier answer"


def test_pause_writes_without_anyone_asking(tmp_journal):
    box = bind(widgets.Text(), "name", delay=0.05)
    box.value = "Zoë"
    deadline = time.monotonic() + 120  # generous: only a hang fails
    while J.pending() and time.monotonic() < deadline:
        time.sleep(0.02)
    saved = json.loads(tmp_journal.read_text(encoding="utf-8"))["entries"]
    assert saved["name"]["value"] == "Zoë"


def test_reads_and_immediate_saves_see_the_latest_text(tmp_journal, monkeypatch):
    monkeypatch.setattr(J, "SAVE_DELAY", 600)
    j = J.journal()
    j.set_soon("k", "typed")
    assert Journal(tmp_journal).get("k") == "typed"  # a read writes pending answers first
    j.set_soon("k", "older draft")
    j.set("k", "checked")  # a button press saves now; the older draft must not win later
    J.flush()
    assert Journal(tmp_journal).get("k") == "checked"


def test_continuous_typing_is_saved_at_least_every_max_wait(tmp_journal, monkeypatch):
    monkeypatch.setattr(J, "SAVE_DELAY", 600)
    monkeypatch.setattr(J, "MAX_WAIT", 0.05)
    j = J.journal()
    j.set_soon("k", "a long answer still being typed")
    deadline = time.monotonic() + 120
    while J.pending() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert json.loads(tmp_journal.read_text(encoding="utf-8"))["entries"]["k"]["value"]


KERNEL_CODE = textwrap.dedent(
    """
    import partnerkit.journal as J
    J.SAVE_DELAY = J.MAX_WAIT = 3600  # only the shutdown can write it
    from partnerkit.widgets.translator import translator
    from partnerkit.widgets.exit_ticket import exit_ticket
    t, e = translator(), exit_ticket()
    answer = {answer!r}
    for i in range(1, len(answer) + 1):  # typed, one keystroke at a time
        t.text.value = answer[:i]
        list(e.boxes.values())[0].value = answer[:i]
    print("pending", J.pending())
    """
)


@pytest.mark.parametrize("how", ["shutdown", "restart"])
def test_kernel_shut_down_right_after_typing_keeps_the_last_answer(how, tmp_path):
    from jupyter_client.manager import start_new_kernel

    path = tmp_path / "journal.json"
    env = {**_env(), "PARTNERKIT_JOURNAL": str(path)}
    km, kc = start_new_kernel(kernel_name="python3", env=env)
    try:
        out = []
        reply = kc.execute_interactive(
            KERNEL_CODE.format(answer=ANSWER),
            timeout=300,
            output_hook=lambda m: out.append(m["content"].get("text", "")),
        )
        assert reply["content"]["status"] == "ok", reply["content"]
        assert "pending 2" in "".join(out)
        assert not path.exists() or "month-end" not in path.read_text(encoding="utf-8")
        if how == "restart":
            km.restart_kernel(now=False)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
    values = [e["value"] for e in entries.values()]
    assert ANSWER in values, values  # translator draft
    assert any(isinstance(v, dict) and ANSWER in v.values() for v in values), values
