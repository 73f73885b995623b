"""Notebook 06: the jargon translator - explained flags, outcome words, odd input, escaping,
the glossary, the widget and the journal."""

from __future__ import annotations

import pytest
from growth import assert_growth

from partnerkit import data
from partnerkit import translator as tl
from partnerkit.data import DataError
from partnerkit.journal import Journal
from partnerkit.widgets.translator import review_html, translator

ATTACKS = ("<script>alert(1)</script>", '<img src=x onerror="alert(1)">')


def meaning(term: str) -> str:
    return next(e.plain_meaning for e in data.glossary() if e.term == term)


# --------------------------------------------------------------------------- glossary


def test_glossary_has_enough_explained_jargon_and_the_outcome_words():
    entries = data.glossary()
    jargon = [e for e in entries if e.kind == "jargon"]
    assert 50 <= len(jargon) <= 80
    assert all(len(e.plain_meaning.split()) >= 3 for e in jargon)
    terms = {e.term for e in entries}
    # the original entries are kept
    assert {"SLA", "MTTR", "P1", "P2", "incident", "patch", "single sign-on", "backlog"} <= terms
    outcomes = {f.lower() for e in entries if e.kind == "outcome" for f in e.forms}
    for word in ("customers", "speed to market", "user experience", "revenue", "cost", "risk"):
        assert word in outcomes


# --------------------------------------------------------------------------- review


def test_the_it_update_is_flagged_with_plain_meanings():
    original = tl.example().original
    r = tl.review(original)
    flagged = {f.term for f in r.jargon}
    assert {"SLA", "P2", "incident", "MTTR", "patch", "endpoint", "UAT"} <= flagged
    sla = next(f for f in r.jargon if f.term == "SLA")
    assert meaning("SLA") in sla.explanation and "\u201cSLA\u201d" in sla.explanation
    patch = next(f for f in r.jargon if f.term == "patch")
    assert patch.count == original.lower().count("patch") and "used 2 times" in patch.explanation
    assert not r.ready and not r.outcomes
    assert any("customers" in tip for tip in r.tips)


def test_a_business_rewrite_passes():
    text = (
        "On Tuesday afternoon your agents could not see customer histories for almost four "
        "hours, so customers waited longer on calls. We undid the faulty update. By Friday I "
        "will tell you what we are changing so it does not happen again."
    )
    r = tl.review(text)
    assert r.jargon == () and r.ready
    assert {t for t, _ in r.outcomes} >= {"customer", "waiting time"}
    assert "0 jargon terms" in r.summary


def test_unknown_abbreviations_are_queried_but_known_ones_are_not():
    r = tl.review("The CEO asked the QWZ team; the SLA was fine. HR and KPI reports are late.")
    assert [f.term for f in r.abbreviations] == ["QWZ"]
    assert "spell it out" in r.abbreviations[0].explanation
    assert [f.term for f in r.jargon] == ["SLA"]  # not also an abbreviation


@pytest.mark.parametrize("text", ["", "   \n\t", None, 42])
def test_empty_or_odd_input_never_crashes(text):
    r = tl.review(text)
    assert r.words == 0 and not r.ready and "Nothing written yet" in r.summary
    assert "Nothing written yet" in review_html(text if isinstance(text, str) else "")


def test_long_sentences_and_long_text_get_tips():
    long_sentence = " ".join(["customers"] * 30) + "."
    assert any("Sentences average 30 words" in t for t in tl.review(long_sentence).tips)
    assert any("Long (" in t for t in tl.review("cost risk. " * 70).tips)


def test_huge_input_is_bounded_and_fast():
    text = ("The SLA slipped; customers waited. " * 3000)[:100_000]
    r = tl.review(text)
    page = review_html(text, r)
    # fast = no worse than linear: 10x the text, at most ~20x the time (tests/growth.py)
    assert_growth(
        lambda t: review_html(t, tl.review(t)), text[:10_000], text, what="translator review"
    )
    assert "first 20,000 characters" in r.summary
    assert len(page) < 60_000 and "Showing the first 4,000 of 100,000 characters" in page


def test_unicode_and_emoji():
    r = tl.review("Kundenerfahrung \U0001f642 caf\u00e9: the SLA \u2014 customers \u00fcber alles")
    assert [f.term for f in r.jargon] == ["SLA"] and r.outcomes == (("customer", 1),)
    assert "\U0001f642" in review_html("\U0001f642 SLA")


@pytest.mark.parametrize("attack", ATTACKS)
def test_learner_text_is_always_escaped(attack):
    text = f"SLA {attack} customers cost"
    page = review_html(text)
    assert "<script" not in page and "<img" not in page
    assert "&lt;" in page
    highlighted = tl.highlight_html(text, tl.review(text).matches)
    assert "<script" not in highlighted and "<img" not in highlighted
    assert '<mark class="pk-jargon"' in highlighted and '<mark class="pk-outcome"' in highlighted


def test_highlight_marks_the_right_spans():
    text = "Our MTTR hurt customers."
    out = tl.highlight_html(text, tl.review(text).matches)
    assert f'title="{meaning("MTTR")}"' in out
    assert ">MTTR</mark>" in out and ">customers</mark>" in out


# --------------------------------------------------------------------------- the example file


def test_bad_example_file_names_the_field(tmp_path):
    p = tmp_path / "translator.yaml"
    p.write_text("audience: Dana\ntask: rewrite\noriginal: ''\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        tl.load_example(p)
    assert err.value.field == "original" and str(p) in str(err.value)
    p.write_text("audience: Dana\noriginal: text\n", encoding="utf-8")
    with pytest.raises(DataError, match="field 'task'"):
        tl.load_example(p)


# --------------------------------------------------------------------------- widget


def test_widget_gives_live_feedback_and_saves_the_draft(tmp_journal):
    box = translator()
    assert box.text.value == "" and "Nothing written yet" in box.feedback.value
    box.text.value = "The P2 incident hurt customers and raised our cost."
    assert meaning("P2") in box.feedback.value and "2 jargon terms" in box.feedback.value
    assert "Business-outcome words:</strong> customer, cost" in box.feedback.value
    assert Journal(tmp_journal).get("06.translator.draft") == box.text.value
    again = translator()  # kernel restart + Run All
    assert again.text.value == box.text.value and meaning("P2") in again.feedback.value


@pytest.mark.parametrize("attack", ATTACKS)
def test_widget_escapes_saved_and_typed_html(tmp_journal, attack):
    Journal(tmp_journal).set("06.translator.draft", attack + " SLA")
    box = translator()
    assert box.text.value == attack + " SLA"
    assert "<script" not in box.feedback.value and "<img" not in box.feedback.value
    box.text.value = "x" * 100_000
    assert Journal(tmp_journal).get("06.translator.draft") == "x" * 100_000
    assert "first 20,000 characters" in box.feedback.value


def test_widget_ignores_a_non_text_saved_value(tmp_journal):
    Journal(tmp_journal).set("06.translator.draft", {"not": "text"})
    assert translator().text.value == ""


def test_static_mode_shows_the_original_and_its_flags(monkeypatch):
    monkeypatch.setenv("PARTNERKIT_STATIC", "1")
    shown = []
    monkeypatch.setattr("partnerkit.widgets.translator.display", shown.append)
    assert translator() is None
    assert "Status update" in shown[0].data and meaning("MTTR") in shown[1].data
