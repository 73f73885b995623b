"""Every malformed data or scenario file we tried, and the exact message the kit gives.

Each case starts from a real, committed file, makes ONE mistake an instructor could make while
editing it (a typo, a missing value, a bad reference, broken YAML ...), loads it with the
kit's own loader and records the message. ``tests/unit/test_bad_files.py`` runs every case
(each must raise ``partnerkit.data.DataError`` naming the file, the place, the fix and the
fragments listed in ``expect``) and checks that ``docs/bad-files.md`` is exactly what this
script generates, so the table cannot drift from the code.

    python tools/bad_files.py          # rewrite docs/bad-files.md
    python tools/bad_files.py --check  # exit 1 if docs/bad-files.md is out of date
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "bad-files.md"


@dataclass(frozen=True)
class Case:
    id: str
    loader: str  # "module.function" under partnerkit, called with the file's path
    target: str  # the committed file the case starts from (also where it is written)
    what: str  # the mistake, in plain words
    edit: Callable[[str], str | bytes]
    expect: tuple[str, ...]  # fragments the message must contain (from the rule, not output)


class CaseBroken(RuntimeError):
    """The committed file changed so that a case's edit no longer applies: update the case."""


# --------------------------------------------------------------------------- edit helpers


def replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        if old not in text:
            raise CaseBroken(f"text {old!r} not found")
        return text.replace(old, new, 1)

    return edit


def csv_cell(row: int, column: str, value: str) -> Callable[[str], str]:
    """Set one cell; ``row`` counts like an editor (the header is row 1)."""

    def edit(text: str) -> str:
        rows = list(csv.reader(io.StringIO(text)))
        rows[row - 1][rows[0].index(column)] = value
        return _write_csv(rows)

    return edit


def csv_rows(fn: Callable[[list[list[str]]], list[list[str]]]) -> Callable[[str], str]:
    return lambda text: _write_csv(fn(list(csv.reader(io.StringIO(text)))))


def _write_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def drop_column(column: str) -> Callable[[str], str]:
    def fn(rows):
        i = rows[0].index(column)
        return [r[:i] + r[i + 1 :] for r in rows]

    return csv_rows(fn)


def duplicate_row(src: int, at: int) -> Callable[[str], str]:
    return csv_rows(lambda rows: rows[: at - 1] + [list(rows[src - 1])] + rows[at - 1 :])


def cell_of(target: str, row: int, column: str) -> str:
    rows = list(csv.reader(io.StringIO((ROOT / target).read_text(encoding="utf-8"))))
    return rows[row - 1][rows[0].index(column)]


def json_edit(fn: Callable[[dict], object]) -> Callable[[str], str]:
    def edit(text: str) -> str:
        doc = json.loads(text)
        doc = fn(doc) or doc
        return json.dumps(doc, indent=1)

    return edit


def setitem(key, value):
    def fn(doc):
        doc[key] = value

    return fn


def delitem(key):
    def fn(doc):
        del doc[key]

    return fn


# --------------------------------------------------------------------------- the cases

STATS = "data/statistics.csv"
GLOSS = "data/glossary.csv"
SCEN = "data/scenarios/finance.yaml"
LEVERS = "data/levers.yaml"
TRUST = "data/trust.yaml"
EXPORT = "instructor/sample_exports/"  # completed below with the first sample export


def _first_export() -> str:
    """The first committed sample export the dashboard accepts (some are broken on purpose)."""
    from partnerkit.classroom import read_export
    from partnerkit.data import DataError

    for path in sorted((ROOT / "instructor" / "sample_exports").glob("*.json")):
        try:
            read_export(path)
        except DataError:
            continue
        return str(path.relative_to(ROOT))
    return EXPORT + "missing.json"


def line_of(target: str, text: str) -> int:
    """The line (from 1) where ``text`` first appears in the committed file."""
    lines = (ROOT / target).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


EXP = _first_export()

CASES: tuple[Case, ...] = (
    # ---- data/statistics.csv
    Case("stats-empty", "data.load_statistics", STATS, "the file is empty",
         lambda t: "", ("empty",)),
    Case("stats-header-only", "data.load_statistics", STATS, "only the header row is left",
         lambda t: t.splitlines()[0] + "\n", ("no data rows",)),
    Case("stats-missing-column", "data.load_statistics", STATS,
         "the 'caveat' column was deleted", drop_column("caveat"),
         ("row 1", "caveat", "missing column")),
    Case("stats-extra-comma", "data.load_statistics", STATS,
         "an extra cell on row 2 (e.g. an unquoted comma)",
         csv_rows(lambda r: [r[0], r[1] + ["extra"], *r[2:]]),
         ("row 2", "15 cells", "14")),
    Case("stats-percent-sign", "data.load_statistics", STATS,
         "a value typed with a % sign", csv_cell(2, "value", "68%"),
         ("row 2", "'value'", "'68%'", "not a number")),
    Case("stats-value-words", "data.load_statistics", STATS,
         "a qualifier typed into the value cell", csv_cell(2, "value", "almost 50"),
         ("row 2", "'value'", "not a number", "qualifier")),
    Case("stats-value-nan", "data.load_statistics", STATS, "value 'nan'",
         csv_cell(2, "value", "nan"), ("row 2", "'value'", "not a finite number")),
    Case("stats-percent-over-100", "data.load_statistics", STATS,
         "a percentage above 100", csv_cell(2, "value", "168"),
         ("row 2", "'value'", "168", "outside 0-100")),
    Case("stats-year-text", "data.load_statistics", STATS, "a year written as '2015/16'",
         csv_cell(2, "year", "2015/16"), ("row 2", "'year'", "not a whole year")),
    Case("stats-year-range", "data.load_statistics", STATS, "a year typo: 1915",
         csv_cell(2, "year", "1915"), ("row 2", "'year'", "1915", "outside 1990-2035")),
    Case("stats-no-publisher", "data.load_statistics", STATS, "the publisher left empty",
         csv_cell(2, "publisher", ""), ("row 2", "'publisher'", "empty", "not verified")),
    Case("stats-url-no-scheme", "data.load_statistics", STATS,
         "an address without http(s)://", csv_cell(2, "url", "www.pwc.com/digitaliq"),
         ("row 2", "'url'", "not a web address")),
    Case("stats-qualifier", "data.load_statistics", STATS, "an unknown qualifier",
         csv_cell(2, "qualifier", "roughly"), ("row 2", "'qualifier'", "'roughly'")),
    Case("stats-method", "data.load_statistics", STATS, "an unknown method",
         csv_cell(2, "method", "guess"), ("row 2", "'method'", "'guess'", "survey")),
    Case("stats-confidence", "data.load_statistics", STATS, "confidence 'certain'",
         csv_cell(2, "confidence", "certain"), ("row 2", "'confidence'", "high, medium or low")),
    Case("stats-claim", "data.load_statistics", STATS, "a claim id that does not exist",
         csv_cell(2, "claim", "C13"), ("row 2", "'claim'", "'C13'", "C1 ... C12")),
    Case("stats-id-slug", "data.load_statistics", STATS, "an id with capitals and a space",
         csv_cell(2, "id", "Outside IT"), ("row 2", "'id'", "lowercase slug")),
    Case("stats-duplicate-id", "data.load_statistics", STATS, "row 2 copied below itself",
         duplicate_row(2, 3), ("row 3", "'id'", "duplicate id", "first on row 2")),
    Case("stats-change-below-100", "data.load_statistics", STATS,
         "a change of less than -100%",
         lambda t: csv_cell(2, "unit", "% change in spending")(csv_cell(2, "value", "-150")(t)),
         ("row 2", "'value'", "below -100%")),
    Case("stats-huge-cell", "data.load_statistics", STATS,
         "a 200,000-character cell (e.g. an unclosed quote swallowing the rest)",
         csv_cell(2, "caveat", "x" * 200_000), ("row 2", "cannot be read as CSV")),
    Case("stats-latin1", "data.load_statistics", STATS, "saved as Latin-1 instead of UTF-8",
         lambda t: csv_cell(2, "caveat", "caf\u00e9")(t).encode("latin-1", "replace"),
         ("not valid UTF-8", "UTF-8 CSV")),
    # ---- data/glossary.csv
    Case("glossary-kind", "data.load_glossary", GLOSS, "kind 'acronym' instead of jargon/outcome",
         csv_cell(2, "kind", "acronym"), ("row 2", "'kind'", "'acronym'", "jargon")),
    Case("glossary-no-meaning", "data.load_glossary", GLOSS,
         "a jargon term without its plain meaning",
         lambda t: csv_cell(2, "plain_meaning", "")(csv_cell(2, "kind", "jargon")(t)),
         ("row 2", "'plain_meaning'", "no plain meaning")),
    Case("glossary-duplicate", "data.load_glossary", GLOSS,
         "the same term twice, in other capitals",
         lambda t: duplicate_row(2, 3)(csv_cell(2, "term", cell_of(GLOSS, 2, "term").upper())(t)),
         ("row 3", "'term'", "duplicate term", "first on row 2", "aliases")),
    Case("glossary-empty-term", "data.load_glossary", GLOSS, "an empty term",
         csv_cell(2, "term", ""), ("row 2", "'term'", "empty")),
    Case("glossary-missing-column", "data.load_glossary", GLOSS, "the 'aliases' column deleted",
         drop_column("aliases"), ("row 1", "aliases", "missing column")),
    # ---- data/scenarios/<id>.yaml
    Case("scenario-tab", "roleplay.loader.load_scenario", SCEN, "a tab used for indentation",
         replace("\n  name: Tomasz Brandt", "\n\tname: Tomasz Brandt"),
         ("YAML syntax error", "spaces, not tabs")),
    Case("scenario-colon", "roleplay.loader.load_scenario", SCEN,
         "unquoted text containing ': '",
         replace("title: The close that lives in spreadsheets",
                 "title: The close: it lives in spreadsheets"),
         ("YAML syntax error", f"line {line_of(SCEN, 'title: The close')}:")),
    Case("scenario-duplicate-key", "roleplay.loader.load_scenario", SCEN,
         "a field written twice",
         replace("\ntitle: The close", "\nfunction: Finance\ntitle: The close"),
         ("'function'", "defined twice")),
    Case("scenario-list-key", "roleplay.loader.load_scenario", SCEN,
         "a line starting with '? ' (YAML reads a complex key)",
         replace("\nsummary: >-", "\n? [summary, title]\n: both\nsummary: >-"),
         (f"line {line_of(SCEN, 'summary: >-')}:", "a key is a list")),
    Case("scenario-alias", "roleplay.loader.load_scenario", SCEN,
         "a YAML alias (*name) instead of the text written out",
         lambda t: replace("function: Finance", "function: *t")(
             replace("title: The close", "title: &t The close")(t)),
         ("field 'function'", "anchors and aliases")),
    Case("scenario-id-file", "roleplay.loader.load_scenario", SCEN,
         "the id does not match the file name", replace("id: finance", "id: finance_v2"),
         ("field 'id'", "does not match the file name", "finance.yaml")),
    Case("scenario-unknown-key", "roleplay.loader.load_scenario", SCEN,
         "a misspelt field name", replace("\nsummary: >-", "\nsumary: >-"),
         ("sumary",)),
    Case("scenario-tier", "roleplay.loader.load_scenario", SCEN, "an unknown pain tier",
         replace("tier: volunteered", "tier: obvious"), ("client.pains[0].tier", "'obvious'")),
    Case("scenario-grade", "roleplay.loader.load_scenario", SCEN, "an unknown option grade",
         replace("grade: good", "grade: excellent"), ("grade", "'excellent'")),
    Case("scenario-next", "roleplay.loader.load_scenario", SCEN,
         "an option leading to a node that does not exist", replace("next: n5", "next: n55"),
         ("nodes.n1.options[0].next", "'n55'")),
    Case("scenario-reveals", "roleplay.loader.load_scenario", SCEN,
         "an option revealing a pain that is not on the client card",
         replace("reveals: [close_days]", "reveals: [close_dayz]"),
         ("nodes.n1.options[0].reveals", "'close_dayz'")),
    Case("scenario-effects", "roleplay.loader.load_scenario", SCEN,
         "an effect on a trust meter that does not exist",
         replace("effects: {credibility: 1}", "effects: {credibilty: 1}"),
         ("nodes.n1.options[0].effects", "credibilty")),
    Case("scenario-start", "roleplay.loader.load_scenario", SCEN,
         "the start node does not exist", replace("start: n1", "start: n0"),
         ("field 'start'", "'n0'")),
    Case("scenario-threshold", "roleplay.loader.load_scenario", SCEN,
         "trust threshold written as text",
         replace("trust_threshold: 5.0", "trust_threshold: high"),
         ("field 'trust_threshold'", "'high'", "not a number")),
    # ---- YAML content files read through partnerkit.yamlfile
    Case("levers-yaml", "levers.load_levers", LEVERS, "broken indentation",
         replace("\n  - id: alignment", "\n - id: alignment\n   name: x\n  bad"),
         ("not valid YAML", "indentation")),
    Case("levers-level-missing", "levers.load_levers", LEVERS,
         "a lever's level 1 renumbered 0",
         replace("      1:\n        description:", "      0:\n        description:"),
         ("levers.alignment.levels", "unexpected level(s) 0", "1, 2, 3, 4 and 5")),
    Case("levers-nested", "levers.load_levers", LEVERS, "brackets nested 3,000 deep",
         lambda t: t + "\nextra: " + "[" * 3000 + "]" * 3000 + "\n",
         ("nested far too deeply",)),
    Case("trust-not-mapping", "trust.load_trust", TRUST,
         "the file replaced by a plain list", lambda t: "- credibility\n- reliability\n",
         ("does not hold a set of named fields",)),
    # ---- a learner's export, read by the class dashboard
    Case("export-not-json", "classroom.read_export", EXP,
         "the HTML copy renamed to .json", lambda t: "<!DOCTYPE html><html></html>",
         ("not JSON", ".json file")),
    Case("export-format", "classroom.read_export", EXP, "a JSON file that is not an export",
         json_edit(setitem("format", "something-else")), ("wrong format", "something-else")),
    Case("export-version", "classroom.read_export", EXP, "an export from a newer kit",
         json_edit(setitem("version", 99)), ("version 99", "not supported", "update the kit")),
    Case("export-no-entries", "classroom.read_export", EXP, "the 'entries' field removed",
         json_edit(delitem("entries")), ("missing field 'entries'",)),
    Case("export-date", "classroom.read_export", EXP, "'exported' is not a date",
         json_edit(setitem("exported", "yesterday")), ("'exported'", "not an ISO date")),
)  # fmt: skip


# --------------------------------------------------------------------------- running


def loader(case: Case):
    module, _, name = case.loader.rpartition(".")
    return getattr(importlib.import_module(f"partnerkit.{module}"), name)


def run(case: Case) -> str:
    """Write the broken file into a scratch copy of its folder, load it, return the message
    (with the scratch folder taken out, so it reads as the path in the repository)."""
    from partnerkit.data import DataError

    source = (ROOT / case.target).read_text(encoding="utf-8")
    broken = case.edit(source)
    with tempfile.TemporaryDirectory(prefix="pk-bad-") as tmp:
        path = Path(tmp) / case.target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(broken if isinstance(broken, bytes) else broken.encode("utf-8"))
        try:
            loader(case)(path)
        except DataError as exc:
            return str(exc).replace(str(Path(tmp).resolve()) + "/", "").replace(tmp + "/", "")
    raise AssertionError(f"{case.id}: the broken file loaded without an error")


def render(rows: list[tuple[Case, str]]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    out = [
        "# Bad files: what the kit says about each mistake",
        "",
        "Every row is a real mistake made on purpose in a copy of a committed file, and the exact",
        "message the kit gives for it (a `partnerkit.data.DataError`, which names the file, the",
        "row/line and column/field, and the fix). Each row is a test",
        "(`tests/unit/test_bad_files.py`), and this page is generated from the same cases by",
        "`python tools/bad_files.py`; a test fails if it is out of date.",
        "",
        f"{len(rows)} cases.",
        "",
        "| # | file | mistake | loader | message |",
        "|---|---|---|---|---|",
    ]
    for i, (case, message) in enumerate(rows, 1):
        out.append(
            f"| {i} | `{case.target}` | {cell(case.what)} | `{case.loader}` | {cell(message)} |"
        )
    return "\n".join(out) + "\n"


def generate() -> str:
    return render([(case, run(case)) for case in CASES])


def main(argv: list[str]) -> int:
    text = generate()
    if "--check" in argv:
        if DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} is out of date: run python tools/bad_files.py")
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)} ({len(CASES)} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
