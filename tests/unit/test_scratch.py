"""Scratch boxes run a checker on test text and never touch the learner journal (issue 11:
challenge text pasted into an autosaving box overwrote real answers and reached the export)."""

from __future__ import annotations

import pytest

from partnerkit.journal import Journal
from partnerkit.widgets.scratch import NOTE, scratch_box
from partnerkit.widgets.translator import translator


def test_typing_in_a_jargon_scratch_box_gives_feedback_and_writes_nothing(tmp_journal):
    Journal(tmp_journal).set("06.translator.draft", "My real update for Dana.")
    before = tmp_journal.read_bytes()
    box = scratch_box("jargon")
    for partial in ("P1 on the ERP", "P1 on the ERP; failover to the DR site failed; RTO"):
        box.text.value = partial
    assert "ERP" in box.feedback.value and "failover" in box.feedback.value.lower()
    assert tmp_journal.read_bytes() == before  # not a byte written
    assert Journal(tmp_journal).get("06.translator.draft") == "My real update for Dana."


def test_typing_in_a_question_scratch_box_gives_feedback_and_writes_nothing(tmp_journal):
    box = scratch_box("questions")
    box.text.value = "Do you have any problems with the CRM?\nHave you heard of our portal?"
    assert "pk-coach-card" in box.feedback.value
    assert box.feedback.value.count("pk-coach-card") == 2
    assert not tmp_journal.exists() or Journal(tmp_journal).load() == {}


def test_the_saved_box_still_saves_so_the_scratch_test_is_not_vacuous(tmp_journal):
    box = translator()
    box.text.value = "Agents could not see customer histories."
    assert Journal(tmp_journal).get("06.translator.draft") == box.text.value


def test_scratch_box_escapes_typed_html_and_says_it_is_not_saved(tmp_journal):
    box = scratch_box("jargon")
    box.text.value = "<script>alert(1)</script> SLA"
    assert "<script>" not in box.feedback.value
    assert NOTE.split(":")[0] in box.children[0].value
    assert "not saved" in box.text.description


def test_unknown_checker():
    with pytest.raises(ValueError, match="unknown checker"):
        scratch_box("spelling")
