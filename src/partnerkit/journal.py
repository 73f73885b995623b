"""The learner journal: every answer saved to a local JSON file the moment it changes.

* Location: ``$PARTNERKIT_JOURNAL`` if set, else ``~/.partnerkit/journal.json`` (on a
  JupyterHub that is the learner's own home folder).
* Writes are atomic (temp file in the same folder, fsync, rename) and serialised with a
  lock file, and every write re-reads the file first, so two notebooks of the same learner
  writing at once keep both answers.
* A corrupt journal is moved aside (``journal.json.corrupt-<time>``), reported, and the last
  good copy (``journal.json.bak``) is used.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

FORMAT = "partnerkit-journal"
VERSION = 1


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

    # ------------------------------------------------------------------ file handling
    @property
    def _lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @property
    def _backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    @contextlib.contextmanager
    def _locked(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self._lock_path, "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

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
            # keep the previous good version as the backup before replacing it
            with contextlib.suppress(OSError):
                prev = self.path.read_bytes()
                self._parse(prev)
                self._atomic_write(self._backup_path, prev)
        self._atomic_write(self.path, data)

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
        """All entries: ``{key: {"value": ..., "saved": iso-time}}``."""
        with self._locked():
            return self._read_unlocked()["entries"]

    def get(self, key: str, default: Any = None) -> Any:
        entry = self.load().get(key)
        return default if entry is None else entry.get("value", default)

    def set(self, key: str, value: Any) -> None:
        """Save one answer now (JSON-serialisable values only)."""
        json.dumps(value)  # fail early, before touching the file
        with self._locked():
            doc = self._read_unlocked()
            doc["entries"][key] = {
                "value": value,
                "saved": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            }
            self._write_unlocked(doc)

    def update(self, values: dict[str, Any]) -> None:
        json.dumps(values)
        with self._locked():
            doc = self._read_unlocked()
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
            for key, value in values.items():
                doc["entries"][key] = {"value": value, "saved": stamp}
            self._write_unlocked(doc)


_default: Journal | None = None


def journal() -> Journal:
    """The learner's journal (re-resolved if ``$PARTNERKIT_JOURNAL`` changes)."""
    global _default
    if _default is None or _default.path != default_path():
        _default = Journal()
    return _default


def bind(widget, key: str, *, names: str = "value", journal_: Journal | None = None):
    """Restore ``widget.<names>`` from the journal, then save it on every change.

    Returns the widget, so a notebook can write ``bind(widgets.Textarea(...), "03.draft")``.
    """
    j = journal_ or journal()
    saved = j.get(key)
    if saved is not None:
        with contextlib.suppress(Exception):
            setattr(widget, names, saved)

    def _save(change):
        j.set(key, change["new"])

    widget.observe(_save, names=names)
    return widget
