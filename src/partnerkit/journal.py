"""The learner journal: every answer saved to a local JSON file.

* Location: ``$PARTNERKIT_JOURNAL`` if set, else ``~/.partnerkit/journal.json`` (on a
  JupyterHub that is the learner's own home folder).
* Writes are atomic (temp file in the same folder, fsync, ``os.replace``) and serialised with
  a lock file (``filelock``: an OS lock on Linux, macOS and Windows, a lock file where neither
  exists), and every write re-reads the file first, so two notebooks of the same learner
  writing at once keep both answers.
* A corrupt journal is moved aside (``journal.json.corrupt-<time>``), reported, and the last
  good copy (``journal.json.bak``, the version before the latest write, kept as a hard link:
  no second copy of the data, no extra fsync) is used.
* Text boxes save with :meth:`Journal.set_soon`: the answer is written after
  :data:`SAVE_DELAY` seconds without typing (at most :data:`MAX_WAIT` seconds after the first
  unsaved keystroke), not on every keystroke. Pending answers are written before any read of
  the same journal, by any immediate :meth:`Journal.set`, by :func:`flush`, and when the
  Python process (the kernel) exits, so the last answer is never lost.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import tempfile
import threading
import time
import warnings
from pathlib import Path
from typing import Any

from filelock import FileLock

FORMAT = "partnerkit-journal"
VERSION = 1
SAVE_DELAY = 1.0  # seconds without typing before a text box's answer is written
MAX_WAIT = 10.0  # ... but never later than this after the first unsaved change

# One lock for every journal access in this process (the timer thread and the kernel's main
# thread); the file lock then serialises processes. Re-entrant: set() may flush pending saves.
_process_lock = threading.RLock()
_file_locks: dict[str, FileLock] = {}


def _file_lock(path: Path) -> FileLock:
    """One FileLock object per lock file in this process, so that two Journal objects on the
    same file share it (re-entrant) instead of waiting for each other."""
    key = os.path.abspath(path)
    with _process_lock:
        if key not in _file_locks:
            _file_locks[key] = FileLock(key)
        return _file_locks[key]


class JournalWarning(UserWarning):
    """Something was wrong with the journal file; nothing was lost, but the learner is told."""


def default_path() -> Path:
    env = os.environ.get("PARTNERKIT_JOURNAL")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".partnerkit" / "journal.json"


def _empty() -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "entries": {}}


class Journal:
    """A small key/value store of learner answers backed by one JSON file."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.problems: list[str] = []
        self._filelock = _file_lock(self._lock_path)

    # ------------------------------------------------------------------ file handling
    @property
    def _lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @property
    def _backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    @contextlib.contextmanager
    def _locked(self):
        with _process_lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._filelock:
                yield

    @staticmethod
    def _parse(raw: bytes) -> dict[str, Any]:
        doc = json.loads(raw.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ValueError("not a partnerkit journal")
        if not isinstance(doc.get("entries"), dict):
            raise ValueError("journal has no 'entries' object")
        return doc

    def _read_unlocked(self) -> dict[str, Any]:
        if not self.path.exists():
            return _empty()
        raw = self.path.read_bytes()
        try:
            return self._parse(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{os.getpid()}")
            os.replace(self.path, aside)
            msg = f"Your journal {self.path} could not be read ({exc}). It was kept as {aside.name}"
            doc = _empty()
            if self._backup_path.exists():
                try:
                    doc = self._parse(self._backup_path.read_bytes())
                    msg += "; the last good copy was restored."
                except (ValueError, UnicodeDecodeError):
                    msg += "; no good copy was found, so the journal starts empty."
            else:
                msg += "; no earlier copy exists, so the journal starts empty."
            self.problems.append(msg)
            warnings.warn(msg, JournalWarning, stacklevel=3)
            self._write_unlocked(doc)
            return doc

    def _write_unlocked(self, doc: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            data = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        except UnicodeEncodeError:
            # a lone surrogate (e.g. an emoji cut in half by the browser) cannot be UTF-8;
            # \uXXXX escapes keep the text exactly and the file valid
            data = json.dumps(doc, ensure_ascii=True, indent=1, sort_keys=True).encode("ascii")
        if self.path.exists():
            # the previous version (just read and parsed under this lock) becomes the backup
            self._keep_backup()
        self._atomic_write(self.path, data)

    def _keep_backup(self) -> None:
        """``journal.json.bak`` := the current file, as a hard link (no data copied, no fsync;
        the old file's data stays when the new version replaces the name). Where the folder
        cannot hold hard links (some network shares), a plain copy."""
        tmp = self.path.with_name(f".{self.path.name}.bak.{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            try:
                os.link(self.path, tmp)
            except OSError:
                shutil.copyfile(self.path, tmp)
            os.replace(tmp, self._backup_path)

    def _atomic_write(self, target: Path, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        with contextlib.suppress(OSError):
            dfd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)

    # ------------------------------------------------------------------ public API
    def load(self) -> dict[str, Any]:
        """All entries: ``{key: {"value": ..., "saved": iso-time}}`` (pending saves first)."""
        with self._locked():
            _flush_pending(self.path)
            return self._read_unlocked()["entries"]

    def get(self, key: str, default: Any = None) -> Any:
        entry = self.load().get(key)
        return default if entry is None else entry.get("value", default)

    def set(self, key: str, value: Any) -> None:
        """Save one answer now (JSON-serialisable values only)."""
        self.update({key: value})

    def update(self, values: dict[str, Any]) -> None:
        """Save several answers now, in one write."""
        json.dumps(values)  # fail early, before touching the file
        with self._locked():
            for key in values:  # an older pending value must not overwrite this one later
                _pending.pop((self.path, key), None)
            self._write_values(values)

    def set_soon(self, key: str, value: Any, delay: float | None = None) -> None:
        """Save ``value`` once the learner pauses: ``delay`` seconds (default
        :data:`SAVE_DELAY`) with no newer ``set_soon`` (at most :data:`MAX_WAIT` after the first
        unsaved one), or earlier when something reads this journal, saves to it now, calls
        :func:`flush`, or the process exits. For text boxes that change on every keystroke."""
        json.dumps(value)
        with _process_lock:
            _pending[(self.path, key)] = (self, value)
            _schedule(SAVE_DELAY if delay is None else delay)

    def _write_values(self, values: dict[str, Any]) -> None:
        """Re-read, merge ``values``, write; the caller holds the lock."""
        doc = self._read_unlocked()
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        for key, value in values.items():
            doc["entries"][key] = {"value": value, "saved": stamp}
        self._write_unlocked(doc)


# --------------------------------------------------------------------------- pending saves

_pending: dict[tuple[Path, str], tuple[Journal, Any]] = {}
_timer: threading.Timer | None = None
_first_pending: float | None = None


def _schedule(delay: float) -> None:
    """(Re)start the one timer; the caller holds ``_process_lock``."""
    global _timer, _first_pending
    now = time.monotonic()
    if _first_pending is None:
        _first_pending = now
    wait = max(0.0, min(delay, _first_pending + MAX_WAIT - now))
    if _timer is not None:
        _timer.cancel()
    _timer = threading.Timer(wait, flush)
    _timer.daemon = True  # never keeps a kernel alive; atexit below writes what is left
    _timer.start()


def _flush_pending(path: Path | None = None) -> None:
    """Write pending saves (of one journal file, or all); the caller holds ``_process_lock``."""
    global _first_pending
    by_journal: dict[Path, tuple[Journal, dict[str, Any]]] = {}
    for (p, key), (j, value) in list(_pending.items()):
        if path is None or p == path:
            by_journal.setdefault(p, (j, {}))[1][key] = value
    for p, (j, values) in by_journal.items():
        with j._locked():
            j._write_values(values)
        for key, value in values.items():  # only now: a failed write keeps them pending
            if _pending.get((p, key), (None, None))[1] is value:
                del _pending[(p, key)]
    if not _pending:
        _first_pending = None


def flush() -> None:
    """Write every pending answer now (also runs when the process exits)."""
    with _process_lock:
        _flush_pending()


def pending() -> int:
    """How many answers are waiting to be written (for tests and the export panel)."""
    with _process_lock:
        return len(_pending)


atexit.register(flush)


_default: Journal | None = None


def journal() -> Journal:
    """The learner's journal (re-resolved if ``$PARTNERKIT_JOURNAL`` changes)."""
    global _default
    if _default is None or _default.path != default_path():
        _default = Journal()
    return _default


def bind(
    widget,
    key: str,
    *,
    names: str = "value",
    journal_: Journal | None = None,
    delay: float | None = None,
):
    """Restore ``widget.<names>`` from the journal, then save it after each pause in typing
    (:meth:`Journal.set_soon`; ``delay=0`` saves on every change).

    Returns the widget, so a notebook can write ``bind(widgets.Textarea(...), "03.draft")``.
    """
    j = journal_ or journal()
    saved = j.get(key)
    if saved is not None:
        with contextlib.suppress(Exception):
            setattr(widget, names, saved)

    def _save(change):
        if delay == 0:
            j.set(key, change["new"])
        else:
            j.set_soon(key, change["new"], delay)

    widget.observe(_save, names=names)
    return widget
