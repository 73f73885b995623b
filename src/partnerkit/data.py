"""Load and validate the kit's editable data files.

Every number a learner sees comes from ``data/statistics.csv``. A malformed file raises one
:class:`DataError` that names the file, the row (as the line number an editor shows), the
column and the fix, so an instructor can correct it without reading Python.
"""

from __future__ import annotations

import csv
import importlib.resources
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STAT_COLUMNS = (
    "id",
    "claim",
    "value",
    "qualifier",
    "unit",
    "year",
    "population",
    "method",
    "source_title",
    "publisher",
    "published",
    "url",
    "caveat",
    "confidence",
)
REQUIRED_TEXT = ("unit", "population", "method", "source_title", "publisher", "published", "url")
QUALIFIERS = ("", "about", "almost", "more than", "less than")
METHODS = (
    "survey",
    "survey estimate",
    "analyst estimate",
    "market model",
    "forecast",
    "quoted in the column",
    "recruiter count (as reported)",
    "company count (summary)",
    "illustrative example",
    "not stated",
)
CONFIDENCE = ("high", "medium", "low")
CLAIMS = tuple(f"C{i}" for i in range(1, 13))
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")

GLOSSARY_COLUMNS = ("term", "kind", "plain_meaning", "aliases")
GLOSSARY_KINDS = ("jargon", "outcome")


class DataError(ValueError):
    """A data file is malformed. The message names file, row, column and the fix."""

    def __init__(self, file, problem: str, fix: str, row: int | None = None, column: str = ""):
        self.file = str(file)
        self.row = row
        self.column = column
        self.problem = problem
        self.fix = fix
        where = self.file
        if row is not None:
            where += f", row {row}"
        if column:
            where += f", column '{column}'"
        super().__init__(f"{where}: {problem}. Fix: {fix}")


@dataclass(frozen=True)
class Statistic:
    """One sourced number, with everything needed to show it honestly."""

    id: str
    claim: str
    value: float
    qualifier: str
    unit: str
    year: int
    population: str
    method: str
    source_title: str
    publisher: str
    published: str
    url: str
    caveat: str
    confidence: str

    @property
    def is_percent(self) -> bool:
        return self.unit.startswith("%")

    @property
    def is_forecast(self) -> bool:
        return self.method == "forecast"

    def formatted(self) -> str:
        """The value as the source states it, e.g. 'more than 53%' or '58.2%'."""
        num = f"{self.value:g}"
        text = f"{num}%" if self.is_percent else num
        return f"{self.qualifier} {text}" if self.qualifier else text

    def source_line(self) -> str:
        """One line for under a chart: publisher, title, date."""
        return f"Source: {self.publisher}, \u201c{self.source_title}\u201d, {self.published}."


# --------------------------------------------------------------------------- locations


def data_dir() -> Path:
    """Where the editable data lives.

    Order: ``$PARTNERKIT_DATA`` (a kit folder's ``data/``; the ``partnerkit`` command sets it
    for the kit folder it works on, ``--root`` or the current folder); the checkout this package
    was imported from (an editable install or ``PYTHONPATH=src``: ``data/`` next to ``src/``);
    the copy inside the installed package (``partnerkit/_data`` in the wheel). The current
    folder and its parents are never searched: another course's ``data/`` higher up must not
    win.
    """
    env = os.environ.get("PARTNERKIT_DATA")
    if env:
        return Path(env).expanduser()
    checkout = checkout_root()
    if checkout is not None:
        return checkout / "data"
    return bundled_data_dir()


def checkout_root() -> Path | None:
    """The kit folder this package was imported from (``<kit>/src/partnerkit``), if any."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "data" / "statistics.csv").is_file():
        return root
    return None


def bundled_data_dir() -> Path:
    """The data files shipped inside the installed package (``partnerkit/_data``)."""
    res = importlib.resources.files("partnerkit") / "_data"
    path = Path(str(res))
    if not path.is_dir():
        raise DataError(
            path,
            "the kit's data files are not installed with this package",
            "reinstall the kit (pip install partnerkit, or pip install . in the kit folder), "
            "or set PARTNERKIT_DATA to a kit folder's data/ folder",
        )
    return path


class KitFolderError(Exception):
    """No kit folder (with ``notebooks/NN_*.ipynb``) where one was needed."""


def is_kit_folder(folder: str | Path) -> bool:
    return any((Path(folder) / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def kit_folder(root: str | Path | None = None) -> Path:
    """The kit folder (holding ``notebooks/``, ``exercises/``, ``data/``) to work on.

    ``root`` if given; else the current folder; else, for a checkout or editable install, the
    checkout the package was imported from. Raises :class:`KitFolderError` with a message
    saying what to do when that folder has no notebooks (e.g. an installed wheel run from an
    empty folder), instead of silently finding nothing."""
    if root is not None:
        candidates = [Path(root).expanduser().resolve()]
    else:
        candidates = [Path.cwd().resolve()]
        checkout = checkout_root()
        if checkout is not None:
            candidates.append(checkout)
    for folder in candidates:
        if is_kit_folder(folder):
            return folder
    raise KitFolderError(
        f"No kit folder at {candidates[0]}: it has no notebooks/NN_*.ipynb. Run this from the "
        "kit folder (the one holding notebooks/, exercises/ and data/, e.g. a clone of the "
        "repository), or give its path with --root PATH."
    )


# --------------------------------------------------------------------------- csv helpers

_CSV_FIX = (
    "check for an unclosed double quote or a cell far longer than any real entry; "
    "re-save the file as CSV UTF-8"
)


def _read_csv(path: Path, columns: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "file not found", "restore it from the repository (git checkout)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            path, f"not valid UTF-8 text (byte {exc.start})", "save the file as UTF-8 CSV"
        ) from None
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DataError(path, "the file is empty", "restore the header row and data") from None
    except csv.Error as exc:
        raise DataError(path, f"cannot be read as CSV ({exc})", _CSV_FIX, row=1) from None
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataError(
            path,
            f"missing column(s) {', '.join(missing)}",
            f"the header row (row 1) must list: {', '.join(columns)}",
            row=1,
            column=missing[0],
        )
    rows = []
    lineno = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise DataError(
                path, f"cannot be read as CSV ({exc})", _CSV_FIX, row=reader.line_num
            ) from None
        lineno = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise DataError(
                path,
                f"has {len(cells)} cells but the header has {len(header)}",
                "check for a missing or extra comma; quote any text containing commas",
                row=lineno,
            )
        rows.append((lineno, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    return rows


# --------------------------------------------------------------------------- statistics


def _parse_stat(path: Path, lineno: int, rec: dict[str, str]) -> Statistic:
    def err(column: str, problem: str, fix: str) -> DataError:
        return DataError(path, problem, fix, row=lineno, column=column)

    sid = rec["id"]
    if not _ID_RE.match(sid):
        raise err("id", f"id {sid!r} is not a lowercase slug", "use letters, digits and _")
    if rec["claim"] not in CLAIMS:
        raise err("claim", f"{rec['claim']!r} is not a claim id", "use one of C1 ... C12")
    try:
        value = float(rec["value"])
    except ValueError:
        raise err(
            "value",
            f"value {rec['value']!r} is not a number",
            "write a plain number such as 68 or 58.2 (no % sign; put words like 'almost' in "
            "the qualifier column)",
        ) from None
    if not math.isfinite(value):
        raise err("value", f"value {rec['value']!r} is not a finite number", "write a number")
    unit = rec["unit"]
    if unit.startswith("% change"):
        if value < -100:
            raise err("value", f"a change of {value:g}% is below -100%", "check the source")
    elif unit.startswith("%") and not 0 <= value <= 100:
        raise err(
            "value",
            f"value {value:g} is a percent outside 0-100",
            "check the source; a change belongs in a unit starting '% change'",
        )
    try:
        year = int(rec["year"])
    except ValueError:
        raise err("year", f"year {rec['year']!r} is not a whole year", "write e.g. 2015") from None
    if not 1990 <= year <= 2035:
        raise err("year", f"year {year} is outside 1990-2035", "check the year the value describes")
    for col in REQUIRED_TEXT:
        if not rec[col]:
            raise err(
                col,
                f"'{col}' is empty",
                "every number needs its provenance; write 'not shown' or 'not verified' "
                "if the source does not say",
            )
    if not re.match(r"^https?://\S+$", rec["url"]):
        raise err(
            "url", f"{rec['url']!r} is not a web address", "write the full http(s):// address"
        )
    if rec["qualifier"] not in QUALIFIERS:
        raise err(
            "qualifier",
            f"unknown qualifier {rec['qualifier']!r}",
            f"leave empty or use one of: {', '.join(q for q in QUALIFIERS if q)}",
        )
    if rec["method"] not in METHODS:
        raise err(
            "method", f"unknown method {rec['method']!r}", f"use one of: {', '.join(METHODS)}"
        )
    if rec["confidence"] not in CONFIDENCE:
        raise err(
            "confidence",
            f"unknown confidence {rec['confidence']!r}",
            "use high, medium or low",
        )
    return Statistic(
        id=sid,
        claim=rec["claim"],
        value=value,
        qualifier=rec["qualifier"],
        unit=unit,
        year=year,
        population=rec["population"],
        method=rec["method"],
        source_title=rec["source_title"],
        publisher=rec["publisher"],
        published=rec["published"],
        url=rec["url"],
        caveat=rec["caveat"],
        confidence=rec["confidence"],
    )


def load_statistics(path: str | Path | None = None) -> dict[str, Statistic]:
    """Read and validate the statistics table; return rows keyed by id (file order kept)."""
    path = Path(path) if path is not None else data_dir() / "statistics.csv"
    stats: dict[str, Statistic] = {}
    first_seen: dict[str, int] = {}
    for lineno, rec in _read_csv(path, STAT_COLUMNS):
        stat = _parse_stat(path, lineno, rec)
        if stat.id in stats:
            raise DataError(
                path,
                f"duplicate id {stat.id!r} (first on row {first_seen[stat.id]})",
                "give each row its own id",
                row=lineno,
                column="id",
            )
        stats[stat.id] = stat
        first_seen[stat.id] = lineno
    if not stats:
        raise DataError(path, "no data rows", "add at least one statistic under the header")
    return stats


@lru_cache(maxsize=8)
def _cached(path: str, mtime: float) -> dict[str, Statistic]:
    return load_statistics(path)


def statistics() -> dict[str, Statistic]:
    """The kit's statistics (cached until the file changes)."""
    path = data_dir() / "statistics.csv"
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _cached(str(path), mtime)


def stat(stat_id: str) -> Statistic:
    """One statistic by id, with a helpful message if the id is unknown."""
    table = statistics()
    try:
        return table[stat_id]
    except KeyError:
        close = [k for k in table if stat_id.split("_")[0] in k][:5]
        hint = f"; similar ids: {', '.join(close)}" if close else ""
        raise KeyError(f"no statistic with id {stat_id!r} in data/statistics.csv{hint}") from None


def by_claim(claim: str) -> list[Statistic]:
    return [s for s in statistics().values() if s.claim == claim]


# --------------------------------------------------------------------------- glossary


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    kind: str  # "jargon" (IT term to translate) or "outcome" (business-outcome word)
    plain_meaning: str
    aliases: tuple[str, ...]

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


def load_glossary(path: str | Path | None = None) -> list[GlossaryEntry]:
    """Read and validate ``data/glossary.csv`` (term, kind, plain_meaning, aliases)."""
    path = Path(path) if path is not None else data_dir() / "glossary.csv"
    entries: list[GlossaryEntry] = []
    seen: dict[str, int] = {}
    for lineno, rec in _read_csv(path, GLOSSARY_COLUMNS):
        term = rec["term"]
        if not term:
            raise DataError(path, "'term' is empty", "write the word or phrase", lineno, "term")
        if rec["kind"] not in GLOSSARY_KINDS:
            raise DataError(
                path,
                f"unknown kind {rec['kind']!r}",
                "use 'jargon' (IT term) or 'outcome' (business-outcome word)",
                lineno,
                "kind",
            )
        if rec["kind"] == "jargon" and not rec["plain_meaning"]:
            raise DataError(
                path,
                f"jargon term {term!r} has no plain meaning",
                "write what it means in everyday business words",
                lineno,
                "plain_meaning",
            )
        key = term.lower()
        if key in seen:
            raise DataError(
                path,
                f"duplicate term {term!r} (first on row {seen[key]})",
                "merge the two rows; put variants in 'aliases' separated by ';'",
                lineno,
                "term",
            )
        seen[key] = lineno
        aliases = tuple(a.strip() for a in rec["aliases"].split(";") if a.strip())
        entries.append(GlossaryEntry(term, rec["kind"], rec["plain_meaning"], aliases))
    return entries


def glossary() -> list[GlossaryEntry]:
    path = data_dir() / "glossary.csv"
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _cached_glossary(str(path), mtime)


@lru_cache(maxsize=8)
def _cached_glossary(path: str, mtime: float) -> list[GlossaryEntry]:
    return load_glossary(path)
