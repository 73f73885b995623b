"""The pre/post confidence check: five self-ratings on the kit's learning goals.

Learners rate the same five statements (``data/confidence.yaml``) at the start (notebook 00,
journal key :data:`PRE_KEY`) and at the end (notebook 09, :data:`POST_KEY`). The ratings go
into the export with the rest of the learner's work, and the class dashboard shows the shift
(:func:`shift`). A self-rating measures how confident learners feel, not how skilled they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .data import data_dir
from .yamlfile import FieldError, read_yaml

PRE_KEY = "00.confidence"
POST_KEY = "09.confidence"
KEYS = {"pre": PRE_KEY, "post": POST_KEY}
ITEMS_MIN, ITEMS_MAX = 3, 8


@dataclass(frozen=True)
class Item:
    id: str
    short: str
    text: str


@dataclass(frozen=True)
class Check:
    version: int
    question: str
    low: str
    high: str
    minimum: int
    maximum: int
    items: tuple[Item, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items)

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)


def _path() -> Path:
    return data_dir() / "confidence.yaml"


def load_check(path: str | Path | None = None) -> Check:
    """Read and check ``data/confidence.yaml``; a malformed file raises a FieldError naming
    the field and the fix."""
    path = Path(path) if path is not None else _path()
    doc = read_yaml(path)

    def need(mapping: Any, key: str, kind: type, where: str):
        if not isinstance(mapping, dict) or key not in mapping:
            raise FieldError(path, where, "missing", f"add '{key}:' (see the other items)")
        value = mapping[key]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise FieldError(path, where, f"{value!r} is not a whole number", "write e.g. 1")
        if kind is str and (not isinstance(value, str) or not value.strip()):
            raise FieldError(path, where, "is empty or not text", "write a short sentence")
        return value

    scale = doc.get("scale")
    low_n = need(scale, "min", int, "scale.min")
    high_n = need(scale, "max", int, "scale.max")
    if not 0 <= low_n < high_n <= 10:
        raise FieldError(path, "scale", f"{low_n}-{high_n} is not a scale", "use min 1, max 5")
    raw = doc.get("items")
    if not isinstance(raw, list) or not ITEMS_MIN <= len(raw) <= ITEMS_MAX:
        raise FieldError(
            path, "items", f"needs {ITEMS_MIN} to {ITEMS_MAX} items", "list the statements"
        )
    items, seen = [], set()
    for n, it in enumerate(raw):
        item_id = need(it, "id", str, f"items.{n}.id")
        if item_id in seen or not item_id.replace("_", "").isalnum() or item_id != item_id.lower():
            raise FieldError(
                path, f"items.{n}.id", f"{item_id!r} is repeated or not a lowercase id",
                "give each item its own id such as open_questions",
            )  # fmt: skip
        seen.add(item_id)
        items.append(
            Item(item_id, need(it, "short", str, f"items.{n}.short"),
                 need(it, "text", str, f"items.{n}.text"))
        )  # fmt: skip
    return Check(
        version=need(doc, "version", int, "version"),
        question=need(doc, "question", str, "question"),
        low=need(scale, "low", str, "scale.low"),
        high=need(scale, "high", str, "scale.high"),
        minimum=low_n,
        maximum=high_n,
        items=tuple(items),
    )


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> Check:
    return load_check(path)


def check() -> Check:
    """The confidence check from the data folder (re-read when the file changes)."""
    p = _path()
    return _cached(str(p), p.stat().st_mtime if p.is_file() else 0.0)


def ratings(value: Any, chk: Check | None = None) -> dict[str, int]:
    """The valid ratings in a saved value (``{"ratings": {...}}``); anything else is dropped."""
    chk = chk or check()
    raw = value.get("ratings") if isinstance(value, Mapping) else None
    if not isinstance(raw, Mapping):
        return {}
    if isinstance(value, Mapping) and value.get("items_version", chk.version) != chk.version:
        return {}  # rated against different statements: not comparable
    out = {}
    for item_id in chk.ids:
        r = raw.get(item_id)
        if isinstance(r, int) and not isinstance(r, bool) and chk.minimum <= r <= chk.maximum:
            out[item_id] = r
    return out


def saved_value(rated: Mapping[str, int], chk: Check | None = None) -> dict[str, Any]:
    """What the widget saves in the journal."""
    chk = chk or check()
    return {"ratings": {k: int(v) for k, v in rated.items()}, "items_version": chk.version}


def shift(pre: Mapping[str, int], post: Mapping[str, int]) -> dict[str, int]:
    """Post minus pre, for the items rated both times."""
    return {k: post[k] - pre[k] for k in pre if k in post}
