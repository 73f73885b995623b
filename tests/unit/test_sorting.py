"""Sorting activities (notebooks 02, 03, 07): the shipped files, the checks on malformed
files, the explained feedback and the widget."""

from __future__ import annotations

import textwrap

import pytest

from partnerkit import data
from partnerkit.data import DataError
from partnerkit.journal import Journal
from partnerkit.sorting import check, load_activity, score
from partnerkit.widgets.sorting import sorting_activity, worksheet_html

SHIPPED = ["02_spot_the_difference", "03_ways_to_run_it", "03_yes_to_everything", "07_outcomes"]

GOOD = """
title: Test
prompt: Pick one
options:
  - {id: a, label: Option A}
  - {id: b, label: Option B}
items:
  - id: one
    label: First
    text: The first item, {stat:pwc_outside_cio_2015} of spend.
    accept: [a]
    why: Because A.
    say_it: Say it plainly.
  - id: two
    label: Second
    text: The second item.
    accept: [a, b]
    why: Both work.
"""


def write(tmp_path, text: str):
    path = tmp_path / "act.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_activities_load(name):
    activity = load_activity(name)
    assert activity.title and activity.prompt and len(activity.items) >= 5
    for item in activity.items:
        assert "{stat:" not in item.text and item.why
        assert check(activity, item.id, item.accept[0]).verdict == "good"


def test_numbers_come_from_the_statistics_table():
    activity = load_activity("02_spot_the_difference")
    item = activity.item("projects_vs_money")
    assert data.stat("idc_projects_funded_by_business_2013").formatted() in item.text
    assert data.stat("idc_lob_funded_north_america_2015").formatted() in item.text
    forecast = activity.item("forecast_vs_estimate").text
    assert "almost 90%" in forecast  # the qualifier travels with the number


def test_feedback_is_explained(tmp_path):
    activity = load_activity(write(tmp_path, GOOD))
    good = check(activity, "one", "a")
    assert (
        good.verdict == "good" and "Because A." in good.message and "Say it plainly" in good.message
    )
    wrong = check(activity, "one", "b")
    assert wrong.verdict == "try-again"
    assert "\u201cOption A\u201d" in wrong.message and "Because A." in wrong.message
    both = check(activity, "two", "b")
    assert both.verdict == "good" and "Also a fair answer: Option A" in both.message
    assert check(activity, "one", "").verdict == "none"
    with pytest.raises(ValueError, match="unknown option"):
        check(activity, "one", "z")


def test_score_counts_good_and_answered(tmp_path):
    activity = load_activity(write(tmp_path, GOOD))
    assert score(activity, {}) == (0, 0, 2)
    assert score(activity, {"one": "b", "two": "b"}) == (1, 2, 2)
    assert score(activity, "not a dict") == (0, 0, 2)


@pytest.mark.parametrize(
    "old, new, field, words",
    [
        ("{stat:pwc_outside_cio_2015} of spend", "68% of spend", "items[0].text", "typed"),
        ("{stat:pwc_outside_cio_2015}", "{stat:no_such_id}", "items[0].text", "no_such_id"),
        ("accept: [a]\n", "accept: [c]\n", "items[0].accept", "unknown option"),
        ("accept: [a]\n", "accept: []\n", "items[0].accept", "empty"),
        ("id: two", "id: one", "items[1].id", "duplicate item id"),
        ("id: one", "id: One Two", "items[0].id", "slug"),
        ("    why: Because A.\n", "", "items[0].why", "'why' is empty"),
        ("label: First", "label: " + "x" * 61, "items[0].label", "characters long"),
        ("  - {id: b, label: Option B}\n", "", "options", "at least two"),
        ("  - {id: b, label: Option B}", "  - {id: a, label: Again}", "options[1].id", "duplicate"),
        ("title: Test", "title: [1, 2]", "title", "not text"),
    ],
)
def test_malformed_activities_name_file_field_and_fix(tmp_path, old, new, field, words):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(DataError) as info:
        load_activity(path)
    err = info.value
    assert err.column == field and words in str(err)
    assert str(path) in str(err) and "Fix:" in str(err)


def test_unreadable_files_give_a_clear_error(tmp_path):
    with pytest.raises(DataError, match="not valid YAML near line"):
        load_activity(write(tmp_path, "title: [unclosed\nprompt: x\n"))
    with pytest.raises(DataError, match="not a YAML mapping"):
        load_activity(write(tmp_path, "- just\n- a list\n"))
    with pytest.raises(DataError, match="file not found"):
        load_activity(tmp_path / "missing.yaml")
    with pytest.raises(DataError, match="nested too deeply"):
        load_activity(write(tmp_path, "[" * 5000 + "]" * 5000))
    bad = tmp_path / "latin.yaml"
    bad.write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataError, match="UTF-8"):
        load_activity(bad)


# --------------------------------------------------------------------------- the widget


def test_widget_gives_feedback_scores_and_saves(tmp_journal):
    box = sorting_activity("07_outcomes", "07.outcomes")
    activity = box.activity
    first = activity.items[0]
    wrong = next(o.id for o in activity.options if o.id not in first.accept)
    assert box.feedbacks[first.id].value == ""
    assert f"0 of {len(activity.items)} answered" in box.total.value
    box.dropdowns[first.id].value = wrong
    assert "Not the best fit" in box.feedbacks[first.id].value
    assert "1 of" in box.total.value and "0 match" in box.total.value
    box.dropdowns[first.id].value = first.accept[0]
    assert "Good fit" in box.feedbacks[first.id].value and "1 match" in box.total.value
    assert Journal(tmp_journal).get("07.outcomes") == {first.id: first.accept[0]}
    box.dropdowns[first.id].value = ""  # back to "Choose..."
    assert box.feedbacks[first.id].value == ""
    assert Journal(tmp_journal).get("07.outcomes") == {}


def test_widget_restores_saved_answers_and_drops_bad_ones(tmp_journal):
    activity = load_activity("03_ways_to_run_it")
    item = activity.items[1]
    Journal(tmp_journal).set(
        "03.centres", {item.id: item.accept[0], "ghost": "cost", activity.items[0].id: "<b>"}
    )
    box = sorting_activity("03_ways_to_run_it", "03.centres")
    assert box.dropdowns[item.id].value == item.accept[0]
    assert "Good fit" in box.feedbacks[item.id].value
    assert box.dropdowns[activity.items[0].id].value == ""
    assert "1 of" in box.total.value


def test_widget_and_worksheet_escape_file_text(tmp_path, tmp_journal):
    path = write(tmp_path, GOOD.replace("The second item.", "<script>alert(1)</script> & co"))
    box = sorting_activity(str(path), "t.escape")
    texts = " ".join(child.children[0].value for child in box.children[1:-1])
    assert "<script>" not in texts and "&lt;script&gt;" in texts and "&amp; co" in texts
    sheet = worksheet_html(load_activity(path))
    assert "<script>" not in sheet and "&lt;script&gt;" in sheet


def test_widget_in_static_mode_prints_a_worksheet(monkeypatch, capsys):
    monkeypatch.setenv("PARTNERKIT_STATIC", "1")
    assert sorting_activity("02_spot_the_difference", "02.spot") is None
