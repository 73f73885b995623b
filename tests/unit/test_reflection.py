"""Reasoning activities (notebooks 01 and 07, claims C1 and C9): shipped files, malformed
files, the compare-after-writing rule, and answers saved and restored through the journal."""

from __future__ import annotations

import textwrap

import pytest

from partnerkit.data import DataError
from partnerkit.journal import Journal
from partnerkit.reflection import MIN_WORDS, compare_note, load_reflection, shipped
from partnerkit.widgets.reflection import reflection

GOOD = """
title: Test
prompts:
  - id: one
    label: First
    question: Why?
    compare: Because.
"""


def write(tmp_path, text: str):
    path = tmp_path / "reflect_test.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_c1_and_c9_activities_ship():
    assert {"reflect_01_decisions", "reflect_07_planning_cycle"} <= set(shipped())


@pytest.mark.parametrize("name", shipped())
def test_shipped_reflections_load_with_sourced_numbers(name):
    r = load_reflection(name)
    assert r.title and len(r.prompts) >= 3
    for p in r.prompts:
        assert p.question.endswith(("?", ".")) and p.compare and "{stat:" not in p.compare


def test_the_c1_activity_fills_numbers_from_the_statistics():
    r = load_reflection("reflect_01_decisions")
    assert "68%" in r.prompt("must_be_true").compare
    assert "85%" in r.prompt("change_my_mind").compare


@pytest.mark.parametrize(
    "old, new, field, words",
    [
        ("compare: Because.", "compare: Because 85% said so.", "prompts[0].compare", "typed"),
        ("compare: Because.", "compare: ''", "prompts[0].compare", "missing or empty"),
        ("id: one", "id: One Two", "prompts[0].id", "not a lowercase slug"),
        ("label: First", "label: " + "x" * 61, "prompts[0].label", "61 characters"),
        ("compare: Because.", "compare: '{stat:nope}'", "prompts[0].compare", "unknown statistic"),
    ],
)
def test_malformed_reflections_name_file_field_and_fix(tmp_path, old, new, field, words):
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(DataError) as exc:
        load_reflection(path)
    msg = str(exc.value)
    assert str(path) in msg and field in msg and words in msg and "Fix:" in msg


def test_duplicate_prompt_ids_are_refused(tmp_path):
    doubled = GOOD + GOOD.split("prompts:\n", 1)[1]
    with pytest.raises(DataError, match="duplicate id 'one'"):
        load_reflection(write(tmp_path, doubled))


def test_the_note_to_compare_with_appears_only_after_the_learner_has_written():
    p = load_reflection("reflect_07_planning_cycle").prompt("one_change")
    assert compare_note(p, "")[0] == "hint" and p.compare not in compare_note(p, "")[1]
    short = " ".join(["word"] * (MIN_WORDS - 1))
    assert compare_note(p, short)[0] == "hint"
    kind, msg = compare_note(p, short + " more")
    assert kind == "info" and p.compare in msg


def test_widget_saves_each_answer_as_typed_and_restores_it(tmp_journal):
    w = reflection("reflect_07_planning_cycle")
    answer = "IT joins the first goal-setting meeting with the finance team next spring."
    w.boxes["one_change"].value = answer
    saved = Journal(tmp_journal).get("07.reflect.planning_cycle")
    assert saved == {"one_change": answer}
    assert "Compare your answer" in w.notes["one_change"].value
    assert "Compare your answer" not in w.notes["where_now"].value
    again = reflection("reflect_07_planning_cycle")
    assert again.boxes["one_change"].value == answer
    assert "Compare your answer" in again.notes["one_change"].value


def test_widget_ignores_saved_values_that_are_not_text_or_not_prompts(tmp_journal):
    Journal(tmp_journal).set(
        "01.reflect.decisions",
        {"own_case": ["not text"], "gone": "old", "must_be_true": "kept"},
    )
    w = reflection("reflect_01_decisions")
    assert w.boxes["must_be_true"].value == "kept" and w.boxes["own_case"].value == ""


def test_widget_shows_typed_markup_as_text(tmp_journal):
    w = reflection("reflect_01_decisions")
    w.boxes["own_case"].value = "<script>alert(1)</script> " + "word " * MIN_WORDS
    assert all("<script>" not in n.value for n in w.notes.values())


def test_answers_are_filed_under_their_notebook_in_the_export():
    from partnerkit.export import group_of
    from partnerkit.reflection import journal_key

    assert journal_key("reflect_07_planning_cycle") == "07.reflect.planning_cycle"
    assert group_of(journal_key("reflect_01_decisions")) == "Notebook 01"
    assert journal_key("reflect_extra") == "reflect.reflect_extra"
