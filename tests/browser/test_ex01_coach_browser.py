"""Exercise 01 in a real browser (Voila + Chromium): questions typed with the keyboard get
explained, escaped feedback and a tally, are saved to the journal, and the warm-up explains
each choice."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from partnerkit import coach
from partnerkit.journal import Journal

from .conftest import assert_clean

pytestmark = pytest.mark.browser
NB = "exercises/01_question_coach_ex.ipynb"
QUESTIONS = [
    "Why didn't you ask IT before buying the tool?",
    "What happened the last time the report was late?",
    "The <b>old</b> system is slow, right?",
]


def test_typed_questions_get_explained_feedback(voila_url, page, journal_dir):
    page.goto(f"{voila_url}/voila/render/{NB}")
    box = page.get_by_label("Your questions (one per line)")
    box.wait_for(timeout=90_000)
    results = page.locator(".pk-question-coach .pk-coach-results")
    before = page.locator(".pk-question-coach").inner_text()
    assert "Type your questions" in before

    box.scroll_into_view_if_needed()
    box.focus()
    for i, q in enumerate(QUESTIONS):
        if i:
            page.keyboard.press("Enter")
        page.keyboard.type(q)
    button = page.get_by_role("button", name="Check my questions")
    button.focus()
    page.keyboard.press("Enter")

    results.wait_for()
    results.filter(has_text="sound like blame").wait_for()
    text = results.inner_text()
    expected = coach.analyse_many(QUESTIONS)
    for fb in expected:
        for flag in fb.flags:
            assert flag.title in text and flag.hint in text
    # the learner's HTML is shown as text, never rendered
    assert "The <b>old</b> system is slow, right?" in text
    assert results.locator("b", has_text="old").count() == 0
    tally = page.locator(".pk-question-coach .pk-feedback").filter(has_text="Tally")
    assert coach.summarise(expected).text() in tally.inner_text()

    saved = Journal(journal_dir / "journal.json").get("ex.coach.questions")
    assert saved == [fb.to_record() for fb in expected]
    assert_clean(page)


def test_warmup_sorting_with_the_keyboard(voila_url, page):
    page.goto(f"{voila_url}/voila/render/{NB}")
    items = coach.load_warmup()
    options = ["", *coach.WARMUP_ANSWERS]  # the drop-down's order: "- choose -" first
    first = page.get_by_label("Question 1", exact=True)
    first.wait_for(timeout=90_000)
    for n, item in enumerate(items[:2], start=1):
        pick = page.get_by_label(f"Question {n}", exact=True)
        pick.scroll_into_view_if_needed()
        pick.focus()
        # question 1 sorted as the key says, question 2 one step further down the list
        steps = options.index(item.answer) + (n == 2)
        for _ in range(steps):
            page.keyboard.press("ArrowDown")
        # each choice is explained at once; wait until the kernel has seen the last one
        label = coach.WARMUP_ANSWERS[options[steps]]
        said = f"Yes - {item.why}" if n == 1 else f"you chose '{label}'"
        page.locator(".pk-coach-warmup .pk-feedback").filter(has_text=said).wait_for()
    button = page.get_by_role("button", name="Check my sorting")
    button.focus()
    page.keyboard.press("Enter")
    warm = page.locator(".pk-coach-warmup")
    # Check also explains the questions left unanswered (one message each)
    unanswered = warm.locator(".pk-feedback").filter(has_text="Choose the best description first.")
    expect(unanswered).to_have_count(len(items) - 2)
    text = warm.inner_text()
    assert re.search(r"1 of \d+ sorted as the key does", text)
    assert f"Yes - {items[0].why}" in text
    assert "Not quite" in text and items[1].why in text
    assert_clean(page)


DEMO = "Could I show you a quick demo?"


def test_a_demo_offer_shows_the_pitch_flag(voila_url, page):
    """Issue 10: a demo offer typed into the coach box is shown as a solution pitch, with the
    reason and the rewrite hint, never as a clean question."""
    page.goto(f"{voila_url}/voila/render/{NB}")
    box = page.get_by_label("Your questions (one per line)")
    box.wait_for(timeout=90_000)
    box.scroll_into_view_if_needed()
    box.focus()
    page.keyboard.press("Control+A")  # the box may hold questions saved by an earlier test
    page.keyboard.press("Delete")
    page.keyboard.type(DEMO)
    button = page.get_by_role("button", name="Check my questions")
    button.focus()
    page.keyboard.press("Enter")

    results = page.locator(".pk-question-coach .pk-coach-results")
    card = results.locator(".pk-coach-card").filter(has_text=DEMO)
    card.filter(has_text="Solution pitch").wait_for()
    fb = coach.analyse(DEMO)
    assert fb.flag_names == ("pitch",)
    text = card.inner_text()
    assert fb.flags[0].reason in text and coach.HINTS["pitch"] in text
    assert "clear, neutral" not in text and "No flags" not in text
    assert_clean(page)
