"""Read the kit's small YAML content files (levers, trust anchors, the translator example).

A malformed file raises :class:`FieldError`, a :class:`~partnerkit.data.DataError` that names
the file, the field (a path such as ``levers.partnership.levels.4.try_first``) and the fix, so
an instructor can correct it in a text editor without reading Python.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .data import DataError


class FieldError(DataError):
    """A YAML content file is malformed; the message names file, field and fix."""

    def __init__(self, file, field: str, problem: str, fix: str, row: int | None = None):
        super().__init__(file, problem, fix, row=row, column=field)
        self.field = field
        where = self.file + (f", line {row}" if row is not None else "")
        if field:
            where += f", field '{field}'"
        self.args = (f"{where}: {problem}. Fix: {fix}",)


MAX_FLOW_DEPTH = 100  # [ ] / { } nesting; kit files use two or three levels


def too_deep_at(text: str, limit: int) -> int | None:
    """Where ``[ ]`` / ``{ }`` first open more than ``limit`` levels deep in ``text`` (the
    character offset), or None. One pass, no parsing: run before any YAML reader sees it."""
    depth = 0
    for m in re.finditer(r"[\[\]{}]", text):
        depth += 1 if m.group() in "[{" else -1
        if depth > limit:
            return m.start()
    return None


def _check_flow_depth(path: Path, text: str) -> None:
    """Refuse absurdly nested brackets before PyYAML reads them: its scanner re-checks every
    open level for each token (cost grows with the square of the depth) and then recurses."""
    if too_deep_at(text, MAX_FLOW_DEPTH) is not None:
        raise FieldError(
            path,
            "",
            "the file is nested far too deeply to be a kit content file",
            "restore it from the repository (git checkout) and edit it again",
        )


def read_yaml(path: str | Path) -> dict[str, Any]:
    """The file's top-level mapping, or a :class:`FieldError` saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise FieldError(path, "", "file not found", "restore it from the repository")
    try:
        text = path.read_text(encoding="utf-8")
        _check_flow_depth(path, text)
        doc = yaml.safe_load(text)
    except UnicodeDecodeError as exc:
        raise FieldError(
            path, "", f"not valid UTF-8 text (byte {exc.start})", "save the file as UTF-8"
        ) from None
    except RecursionError:
        raise FieldError(
            path,
            "",
            "the file is nested far too deeply to be a kit content file",
            "restore it from the repository (git checkout) and edit it again",
        ) from None
    except TypeError:  # PyYAML: a list or mapping used as a key is unhashable
        raise FieldError(
            path,
            "",
            "a key is a list or a set of fields, not a plain name",
            "write each key as a plain name followed by ':'",
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise FieldError(
            path,
            "",
            f"not valid YAML ({problem})",
            "check the indentation and quote any text containing ': ' or '#'",
            row=line,
        ) from None
    if not isinstance(doc, dict):
        raise FieldError(
            path, "", "the file does not hold a set of named fields", "restore it from git"
        )
    return doc


class Fields:
    """Typed access to the fields of one YAML file, with errors that name the field."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def error(self, field: str, problem: str, fix: str) -> FieldError:
        return FieldError(self.path, field, problem, fix)

    def mapping(self, obj: Any, key: str, field: str) -> dict:
        value = obj.get(key) if isinstance(obj, dict) else None
        if not isinstance(value, dict) or not value:
            raise self.error(field, "is missing or is not a set of named fields", "restore it")
        return value

    def items(self, obj: Any, key: str, field: str, minimum: int = 1) -> list:
        value = obj.get(key) if isinstance(obj, dict) else None
        if not isinstance(value, list) or len(value) < minimum:
            raise self.error(
                field,
                f"needs a list of at least {minimum} item(s)",
                "write each item on its own line starting with '- '",
            )
        return value

    def text(self, obj: Any, key: str, field: str) -> str:
        value = obj.get(key) if isinstance(obj, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.error(field, "is missing or empty", "write the text after the colon")
        return " ".join(value.split())

    def integer(self, obj: Any, key: str, field: str, lo: int, hi: int) -> int:
        value = obj.get(key) if isinstance(obj, dict) else None
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise self.error(
                field, f"{value!r} is not a whole number from {lo} to {hi}", f"write {lo}-{hi}"
            )
        return value
