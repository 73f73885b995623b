"""partnerkit.data: the shipped files are valid, and each malformed case gives a precise error."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from partnerkit import data
from partnerkit.data import STAT_COLUMNS, DataError, load_glossary, load_statistics

GOOD = {
    "id": "x_2015",
    "claim": "C2",
    "value": "68",
    "qualifier": "",
    "unit": "% of something",
    "year": "2015",
    "population": "1,988 executives",
    "method": "survey estimate",
    "source_title": "A title",
    "publisher": "PwC",
    "published": "2015-11-02",
    "url": "http://example.org/a",
    "caveat": "",
    "confidence": "high",
}


def write(tmp_path: Path, rows, columns=STAT_COLUMNS) -> Path:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    p = tmp_path / "statistics.csv"
    p.write_text(buf.getvalue(), encoding="utf-8")
    return p


def test_shipped_statistics_are_valid_and_keep_their_cautions():
    stats = data.statistics()
    assert len(stats) >= 30
    col47 = stats["column_outside_it_2014"]
    assert col47.value == 47 and col47.confidence == "low"
    assert "almost 50%" in col47.caveat
    pwc = stats["pwc_outside_cio_2015"]
    assert pwc.value == 68 and pwc.publisher == "PwC" and "1,988" in pwc.population
    assert stats["pwc_outside_cio_2014"].formatted() == "almost 50%"
    assert stats["kornferry_f500_cio_reports_to_ceo_2016"].formatted() == "more than 53%"
    for s in stats.values():
        assert s.url.startswith("http") and s.publisher and s.population and s.published


VERIFIED = Path(__file__).parent / "reference" / "verified_values.csv"


def test_values_match_the_verified_reference_table():
    """Every value stands, for the same year, in the verified reference (a committed extract of
    the research team's statistics table and sources notes, so this runs in any checkout)."""
    verified = {(r["id"], r["year"], float(r["value"])) for r in _rows(VERIFIED)}
    for s in data.statistics().values():
        assert (s.id, str(s.year), s.value) in verified, (
            f"{s.id}: {s.value:g} ({s.year}) is not in tests/unit/reference/verified_values.csv; "
            "add it only with its evidence from the verified sources"
        )


def test_the_committed_extract_matches_the_shared_reference(root):
    """Where the research team's reference folder sits next to the checkout (the team's
    machines), every row of the committed extract is checked against it."""
    places = [root.parent / "shared" / "reference", Path("/work/shared/reference")]
    ref = next((p for p in places if (p / "statistics.csv").exists()), None)
    if ref is None:
        pytest.skip("the research reference folder is not on this machine")
    table = {(r["year"], float(r["value"])) for r in _rows(ref / "statistics.csv")}
    notes = (ref / "sources.md").read_text(encoding="utf-8")
    for r in _rows(VERIFIED):
        if r["found_in"] == "statistics.csv":
            assert (r["year"], float(r["value"])) in table, r["id"]
        else:
            assert r["evidence"] in notes, f"{r['id']}: its quoted evidence is not in sources.md"


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_good_minimal_file_loads(tmp_path):
    stats = load_statistics(write(tmp_path, [GOOD]))
    assert stats["x_2015"].value == 68.0
    assert stats["x_2015"].source_line() == "Source: PwC, \u201cA title\u201d, 2015-11-02."


@pytest.mark.parametrize(
    "change, column, words",
    [
        ({"value": "68%"}, "value", "not a number"),
        ({"value": "abc"}, "value", "not a number"),
        ({"value": "nan"}, "value", "not a finite number"),
        ({"value": "101"}, "value", "outside 0-100"),
        ({"value": "-3"}, "value", "outside 0-100"),
        ({"publisher": ""}, "publisher", "'publisher' is empty"),
        ({"source_title": ""}, "source_title", "'source_title' is empty"),
        ({"url": ""}, "url", "'url' is empty"),
        ({"url": "www.example.org"}, "url", "not a web address"),
        ({"year": "twenty"}, "year", "not a whole year"),
        ({"year": "1850"}, "year", "outside 1990-2035"),
        ({"id": "Bad Id"}, "id", "not a lowercase slug"),
        ({"claim": "C13"}, "claim", "not a claim id"),
        ({"qualifier": "roughly"}, "qualifier", "unknown qualifier"),
        ({"method": "guess"}, "method", "unknown method"),
        ({"confidence": "very"}, "confidence", "unknown confidence"),
    ],
)
def test_each_bad_cell_names_file_row_column_and_fix(tmp_path, change, column, words):
    other = dict(GOOD, id="y_2014")
    path = write(tmp_path, [other, dict(GOOD, **change)])
    with pytest.raises(DataError) as exc:
        load_statistics(path)
    err = exc.value
    assert err.row == 3 and err.column == column and err.file == str(path)
    msg = str(err)
    assert str(path) in msg and "row 3" in msg and f"column '{column}'" in msg
    assert words in msg and "Fix:" in msg and err.fix


def test_missing_column(tmp_path):
    cols = [c for c in STAT_COLUMNS if c != "caveat"]
    with pytest.raises(DataError, match=r"row 1, column 'caveat': missing column\(s\) caveat"):
        load_statistics(write(tmp_path, [GOOD], columns=cols))


def test_duplicate_id_points_at_both_rows(tmp_path):
    with pytest.raises(
        DataError, match=r"row 3, column 'id': duplicate id 'x_2015' \(first on row 2\)"
    ):
        load_statistics(write(tmp_path, [GOOD, GOOD]))


def test_ragged_row(tmp_path):
    p = write(tmp_path, [GOOD])
    p.write_text(p.read_text() + "z,C2,5\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 3: has 3 cells but the header has 14"):
        load_statistics(p)


def test_empty_and_missing_and_binary_files(tmp_path):
    empty = tmp_path / "statistics.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(DataError, match="the file is empty"):
        load_statistics(empty)
    with pytest.raises(DataError, match="file not found"):
        load_statistics(tmp_path / "nope.csv")
    empty.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(DataError, match="not valid UTF-8"):
        load_statistics(empty)
    empty.write_text(",".join(STAT_COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="no data rows"):
        load_statistics(empty)


def test_percent_change_may_be_negative(tmp_path):
    row = dict(GOOD, value="-15", unit="% change in spend")
    assert load_statistics(write(tmp_path, [row]))["x_2015"].value == -15


def test_unknown_stat_id_suggests_close_ids():
    with pytest.raises(KeyError, match="pwc_outside_cio_2015"):
        data.stat("pwc_typo")


def test_data_dir_env_override(tmp_path, monkeypatch):
    write(tmp_path, [GOOD])
    monkeypatch.setenv("PARTNERKIT_DATA", str(tmp_path))
    assert data.data_dir() == tmp_path
    assert list(data.statistics()) == ["x_2015"]


def test_glossary_valid_and_errors(tmp_path):
    entries = data.glossary()
    terms = {e.term for e in entries}
    assert {"SLA", "MTTR", "customer"} <= terms
    assert all(e.plain_meaning for e in entries if e.kind == "jargon")
    bad = tmp_path / "glossary.csv"
    bad.write_text("term,kind,plain_meaning,aliases\nSLA,jargon,,\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 2, column 'plain_meaning'"):
        load_glossary(bad)
    bad.write_text("term,kind,plain_meaning,aliases\nSLA,slang,x,\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 2, column 'kind': unknown kind"):
        load_glossary(bad)
    bad.write_text(
        "term,kind,plain_meaning,aliases\nSLA,jargon,x,\nsla,jargon,y,\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"row 3, column 'term': duplicate term"):
        load_glossary(bad)
