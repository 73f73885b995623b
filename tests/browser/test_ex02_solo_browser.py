"""Exercise 02 in a real browser (Voila + Chromium): play a scenario to its ending with the
keyboard only, replay it, switch scenario and type a move of your own."""

from __future__ import annotations

import pytest

from partnerkit.roleplay.engine import expert_run, match_option
from partnerkit.roleplay.loader import expert_choices, load_scenarios
from partnerkit.roleplay.model import RELATIONSHIP_LABELS

from .audit import AXE_RUN, UNNAMED_CONTROLS, ensure_axe, not_allowed
from .conftest import REQUIRE, assert_clean, open_voila

pytestmark = pytest.mark.browser
NB = "exercises/02_solo_client_ex.ipynb"
SCENARIOS = load_scenarios()
FIRST = next(iter(SCENARIOS))  # the drop-down's default


def focused_text(page) -> str:
    return page.evaluate("() => document.activeElement ? document.activeElement.innerText : ''")


def end_state_accessibility_problems(page) -> list[str]:
    """axe-core on the page as it is now (after playing), plus controls without a name."""
    try:
        axe_js = ensure_axe()
    except RuntimeError as exc:
        if REQUIRE:
            raise
        print(f"axe-core unavailable, end-state audit not run: {exc}")
        return []
    page.add_script_tag(path=str(axe_js))
    return not_allowed(page.evaluate(AXE_RUN), ()) + page.evaluate(UNNAMED_CONTROLS)


def test_play_to_an_ending_with_the_keyboard(voila_url, page):
    s = SCENARIOS[FIRST]
    expected = expert_run(s).result()
    open_voila(page, voila_url, NB, plots=0)
    transcript = page.locator(".pk-transcript")
    transcript.filter(has_text=s.nodes[s.start].client[:40]).wait_for()

    for step, (nid, i) in enumerate(expert_choices(s)):
        opt = s.nodes[nid].options[i]
        first = s.nodes[nid].options[0].say
        if step == 0:
            page.get_by_role("button", name=f"1. {first}", exact=True).focus()
        else:  # after each move the widget puts the focus back on the first move
            page.wait_for_function(
                "(t) => (document.activeElement?.innerText || '').trim() === t", arg=f"1. {first}"
            )
        for _ in range(i):
            page.keyboard.press("Tab")
        assert focused_text(page).strip() == f"{i + 1}. {opt.say}"
        page.keyboard.press("Enter")
        transcript.filter(has_text=opt.say).wait_for()

    end = page.locator(".pk-end")
    end.wait_for()
    text = end.inner_text()
    assert f"Ending: {RELATIONSHIP_LABELS[expected.relationship]}" in text
    assert f"Pains found: {len(expected.pains_found)} of {expected.pains_total}" in text
    assert "Your path and the expert's" in text
    assert page.locator(".pk-solo .pk-move:visible").count() == 0
    assert not end_state_accessibility_problems(page)

    # the focus moved to "Play again": Enter starts a fresh conversation
    page.wait_for_function("() => document.activeElement?.innerText.trim() === 'Play again'")
    page.keyboard.press("Enter")
    end.wait_for(state="detached")
    first_move = s.nodes[s.start].options[0].say
    page.get_by_role("button", name=f"1. {first_move}", exact=True).wait_for()
    assert page.get_by_text("Your last result here").is_visible()
    assert_clean(page)


def test_switch_scenario_and_type_a_move_with_the_keyboard(voila_url, page):
    ids = list(SCENARIOS)
    other = SCENARIOS[ids[1]]
    open_voila(page, voila_url, NB, plots=0)
    dropdown = page.get_by_label("Scenario")
    dropdown.wait_for()
    dropdown.focus()
    page.keyboard.press("ArrowDown")
    transcript = page.locator(".pk-transcript")
    transcript.filter(has_text=other.nodes[other.start].client[:40]).wait_for()

    typed = "<b>Honest question:</b> walk me through what your team does, step by step?"
    m = match_option(typed, other.nodes[other.start].options)
    assert m is not None
    box = page.get_by_label("Your own move")
    box.focus()
    page.keyboard.type(typed, delay=20)
    assert box.input_value() == typed
    page.keyboard.press("Tab")
    assert focused_text(page).strip() == "Say it"
    page.keyboard.press("Enter")
    feedback = page.locator(".pk-solo .pk-feedback")
    feedback.filter(has_text="I read your move as move").wait_for()
    assert f"move {m.index + 1}" in feedback.inner_text()
    said = other.nodes[other.start].options[m.index].say
    transcript.filter(has_text=said).wait_for()
    assert transcript.locator("b").count() == 0  # typed markup is shown as text, never rendered
    assert_clean(page)
