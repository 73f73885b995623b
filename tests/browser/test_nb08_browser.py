"""Notebook 08 in a real browser (Voila + Chromium): a plan typed with the keyboard is
checked with explained feedback and saved in the journal's contract shape."""

from __future__ import annotations

import pytest

from partnerkit.exit_ticket import check, normalise, summary

from .conftest import assert_clean, saved_answer

pytestmark = pytest.mark.browser
NB = "notebooks/08_your_first_conversation.ipynb"
PLAN = {
    "who": "Dana, head of customer service",
    "when": "Tuesday 10:00",
    "listen_for": "what slows her agents down",
    "promise": "a one-page summary by Wednesday",
    "questions": [
        "What does a busy morning look like for your team?",
        "Do you like the new reports?",
        "How do customers tell you something is wrong?",
    ],
}
LABELS = {
    "who": "Whom will you talk to?",
    "when": "When?",
    "listen_for": "What will you listen for?",
    "promise": "What promise will you keep?",
    "questions": "Questions, one per line",
}


def test_plan_typed_with_the_keyboard_is_checked_and_saved(voila_url, page, journal_dir):
    page.goto(f"{voila_url}/voila/render/{NB}")
    page.get_by_label(LABELS["who"]).wait_for(timeout=90_000)
    for field, label in LABELS.items():
        box = page.get_by_label(label)
        box.scroll_into_view_if_needed()
        box.focus()
        if field == "questions":
            for i, q in enumerate(PLAN["questions"]):
                if i:
                    page.keyboard.press("Enter")
                page.keyboard.type(q)
        else:
            page.keyboard.type(PLAN[field])
    button = page.get_by_role("button", name="Check my plan")
    button.focus()
    page.keyboard.press("Enter")

    expected = summary(check(PLAN))
    result = page.locator(".pk-exit-ticket .pk-exit-summary")
    result.filter(has_text=expected).wait_for()
    checks = page.locator(".pk-exit-checks").inner_text()
    assert "yes or no" in checks and "Do you like the new reports?" in checks
    assert page.locator(".pk-plan").filter(has_text="Dana, head of customer service").count() == 1
    assert saved_answer(journal_dir, "08.exit_ticket", normalise(PLAN)) == normalise(PLAN)
    assert_clean(page)
