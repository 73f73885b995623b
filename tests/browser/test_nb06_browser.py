"""Notebook 06 in a real browser (Voila + Chromium): typing a draft flags jargon with its
plain meaning, counts outcome words, and shows HTML as text, never as markup."""

from __future__ import annotations

import pytest

from partnerkit import data

from .conftest import assert_clean

pytestmark = pytest.mark.browser
NB = "notebooks/06_speak_their_language.ipynb"


def test_typing_gives_explained_flags_and_escapes_html(voila_url, page):
    sla = next(e.plain_meaning for e in data.glossary() if e.term == "SLA")
    page.goto(f"{voila_url}/voila/render/{NB}")
    box = page.get_by_label("Your version")
    box.wait_for(timeout=90_000)
    feedback = page.locator(".pk-translator .pk-translator-feedback")
    assert "Nothing written yet" in feedback.inner_text()

    box.scroll_into_view_if_needed()
    box.focus()
    page.keyboard.type("The SLA slipped and customers waited.")
    page.locator(".pk-translator .pk-jargon-flags").filter(has_text=sla).wait_for()
    # the kernel may lag behind the keystrokes: wait for the last word to be counted
    outcome = page.locator(".pk-translator .pk-outcome-words").filter(has_text="waiting time")
    outcome.wait_for()
    assert "customer" in outcome.inner_text()
    assert "1 jargon term to translate" in feedback.inner_text()

    page.keyboard.type(' <img src=x onerror="window.__pkx=1"> <script>window.__pkx=2</script>')
    page.locator(".pk-translator .pk-highlight").filter(has_text="<img src=x").wait_for(
        state="attached"
    )
    assert page.locator(".pk-translator img").count() == 0
    assert page.locator(".pk-translator-feedback script").count() == 0
    assert page.evaluate("window.__pkx") is None
    assert_clean(page)
