"""The coach's data files: the shipped ones are valid and well split, and each malformed case
raises a DataError naming the file, the row, the column and the fix."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from partnerkit.coach import (
    FLAGS,
    QUESTION_COLUMNS,
    WARMUP_ANSWERS,
    WARMUP_COLUMNS,
    load_labelled_questions,
    load_warmup,
)
from partnerkit.data import DataError

GOOD = {
    "id": "q001",
    "function": "finance",
    "text": "What happened at the last close?",
    "open_closed": "open",
    **dict.fromkeys(FLAGS, "no"),
    "split": "train",
}


def write(tmp_path: Path, rows, columns=QUESTION_COLUMNS, name="questions.csv") -> Path:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    p = tmp_path / name
    p.write_text(buf.getvalue(), encoding="utf-8")
    return p


def test_shipped_set_is_big_enough_and_held_out():
    qs = load_labelled_questions()
    assert len(qs) >= 300
    held = [q for q in qs if q.split == "heldout"]
    assert len(held) >= 100 and len(held) / len(qs) >= 0.25
    assert [q.split for q in qs[: len(qs) - len(held)]] == ["train"] * (len(qs) - len(held))
    functions = {q.function for q in qs}
    assert {"marketing", "finance", "operations", "retail", "hr"} <= functions
    assert {"marketing", "finance", "operations", "retail", "hr"} <= {q.function for q in held}
    for flag in FLAGS:  # every flag has examples to learn from and enough to measure on
        assert sum(flag in q.flags for q in qs if q.split == "train") >= 10, flag
        assert sum(flag in q.flags for q in held) >= 10, flag
    assert {q.open_closed for q in held} == {"open", "closed"}


def test_good_minimal_file_loads(tmp_path):
    second = {**GOOD, "id": "q002", "text": "Is it late?", "open_closed": "closed"}
    second.update(leading="yes", split="heldout")
    qs = load_labelled_questions(write(tmp_path, [GOOD, second]))
    assert [q.id for q in qs] == ["q001", "q002"]
    assert qs[1].labels == {"closed", "leading"} and qs[1].split == "heldout"


@pytest.mark.parametrize(
    "change, column, words",
    [
        ({"open_closed": "maybe"}, "open_closed", "not 'open' or 'closed'"),
        ({"leading": "y"}, "leading", "not yes or no"),
        ({"blame_why": ""}, "blame_why", "not yes or no"),
        ({"split": "test"}, "split", "not a split"),
        ({"text": ""}, "text", "empty"),
        ({"id": "Q 1"}, "id", "not a lowercase slug"),
    ],
)
def test_bad_values_name_file_row_column_and_fix(tmp_path, change, column, words):
    path = write(tmp_path, [{**GOOD, "id": "q000", "text": "Who pays?"}, {**GOOD, **change}])
    with pytest.raises(DataError) as info:
        load_labelled_questions(path)
    err = info.value
    assert err.row == 3 and err.column == column
    assert words in str(err) and "questions.csv" in str(err) and "Fix:" in str(err)


def test_duplicates_are_reported_with_the_first_row(tmp_path):
    with pytest.raises(DataError, match=r"row 3, column 'id'.*first on row 2"):
        load_labelled_questions(write(tmp_path, [GOOD, {**GOOD, "text": "Other?"}]))
    with pytest.raises(DataError, match=r"row 3, column 'text'.*on row 2"):
        load_labelled_questions(
            write(
                tmp_path,
                [GOOD, {**GOOD, "id": "q002", "text": "  what HAPPENED at the last close?"}],
            )
        )


def test_missing_column_empty_file_and_ragged_row(tmp_path):
    cols = [c for c in QUESTION_COLUMNS if c != "pitch"]
    with pytest.raises(DataError, match=r"row 1, column 'pitch'.*missing column"):
        load_labelled_questions(write(tmp_path, [GOOD], columns=cols))
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(DataError, match="empty"):
        load_labelled_questions(empty)
    header_only = write(tmp_path, [], name="header.csv")
    with pytest.raises(DataError, match="no questions"):
        load_labelled_questions(header_only)
    ragged = write(tmp_path, [GOOD], name="ragged.csv")
    ragged.write_text(ragged.read_text() + "q009,hr,one cell short\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 3.*cells"):
        load_labelled_questions(ragged)
    with pytest.raises(DataError, match="not found"):
        load_labelled_questions(tmp_path / "nope.csv")


def test_shipped_warmup_is_valid():
    items = load_warmup()
    assert len(items) == 6
    assert {i.answer for i in items} == set(WARMUP_ANSWERS)
    # one voice: the prioritising question is taught as good, the imagined redesign as the habit
    by_text = {i.text: i.answer for i in items}
    assert by_text[
        "If you could fix one thing about month-end this quarter, what would it be?"
    ] == ("open")
    assert by_text["If you could redesign month-end from scratch, what would you change?"] == (
        "hypothetical"
    )
    assert all(len(i.why) > 40 for i in items)


@pytest.mark.parametrize(
    "change, column, words",
    [({"answer": "rude"}, "answer", "unknown answer"), ({"why": ""}, "why", "empty")],
)
def test_warmup_errors(tmp_path, change, column, words):
    good = {"id": "w1", "text": "Is it late?", "answer": "closed", "why": "yes or no"}
    path = write(tmp_path, [{**good, **change}], columns=WARMUP_COLUMNS, name="warm.csv")
    with pytest.raises(DataError) as info:
        load_warmup(path)
    assert info.value.row == 2 and info.value.column == column and words in str(info.value)
    dup = write(tmp_path, [good, good], columns=WARMUP_COLUMNS, name="dup.csv")
    with pytest.raises(DataError, match="duplicate id"):
        load_warmup(dup)
