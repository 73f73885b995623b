"""Exercise 02 in a real browser (Voila + Chromium): play a scenario to its ending with the
keyboard only, replay it, switch scenario and type a move of your own; a capped ending shows
the text of the level reached; a weak typed match asks which of two moves was meant."""

from __future__ import annotations

import re

import pytest

from partnerkit.roleplay.engine import Conversation, all_runs, expert_run, match_option
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

    conv = Conversation(s)  # what is offered depends on what was found before
    for step, (_nid, i) in enumerate(expert_choices(s)):
        opt = conv.options[i]
        first = conv.options[0].say
        conv.choose(i)
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
    first_move = s.nodes[s.start].offered(frozenset())[0].say
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

    options = other.nodes[other.start].offered(frozenset())
    typed = f"<b>Honest question:</b> {options[0].say}"
    m = match_option(typed, options)
    assert m is not None and m.confident  # a clear match is played straight away
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
    said = options[m.index].say
    transcript.filter(has_text=said).wait_for()
    assert transcript.locator("b").count() == 0  # typed markup is shown as text, never rendered
    assert_clean(page)


def capped_run(s):
    """A path that reaches the scenario's top ending node but whose trust caps it lower."""
    top = s.best_relationship
    for run in all_runs(s):
        if run.node.ending == top and run.result().relationship != top:
            return run
    raise AssertionError(f"{s.id}: no capped path to the top ending")


def test_a_capped_ending_shows_the_text_of_the_level_reached(voila_url, page):
    s = SCENARIOS[FIRST]
    run = capped_run(s)
    r = run.result()
    open_voila(page, voila_url, NB, plots=0)
    transcript = page.locator(".pk-transcript")
    transcript.filter(has_text=s.nodes[s.start].client[:40]).wait_for()
    for st in run.steps:
        page.get_by_role("button", name=f"{st.index + 1}. {st.option.say}", exact=True).click()
        transcript.filter(has_text=st.option.say).wait_for()
    end = page.locator(".pk-end")
    end.wait_for()
    text = " ".join(end.inner_text().split())
    assert f"Ending: {RELATIONSHIP_LABELS[r.relationship]}" in text
    assert " ".join(r.summary.split()) in text and " ".join(r.client_line.split()) in text
    assert " ".join(run.node.summary.split()) not in text  # not the uncapped ending's text
    assert "Why not higher:" in text
    # the transcript ends with the capped level's last line too, never the uncapped one
    last = transcript.locator(".pk-client").last.inner_text()
    assert " ".join(r.client_line.split()) in " ".join(last.split())
    assert_clean(page)


def weak_text(options) -> tuple[str, object]:
    """A short typed move that matches some option only weakly (so the kit must ask)."""
    for o in options:
        for word in re.findall(r"[A-Za-z]{5,}", o.say):
            text = f"Something about {word.lower()} maybe"
            m = match_option(text, options)
            if m is not None and not m.confident and len(m.nearest) == 2:
                return text, m
    raise AssertionError("no weak typed move found for this node")


def test_a_weak_typed_match_asks_for_confirmation(voila_url, page):
    s = SCENARIOS[FIRST]
    options = s.nodes[s.start].offered(frozenset())
    typed, m = weak_text(options)
    open_voila(page, voila_url, NB, plots=0)
    transcript = page.locator(".pk-transcript")
    transcript.filter(has_text=s.nodes[s.start].client[:40]).wait_for()
    box = page.get_by_label("Your own move")
    box.focus()
    page.keyboard.type(typed, delay=10)
    page.keyboard.press("Tab")
    assert focused_text(page).strip() == "Say it"
    page.keyboard.press("Enter")
    confirm = page.locator(".pk-solo .pk-confirm")
    confirm.filter(has_text="Which did you mean?").wait_for()
    nearest = [options[i].say for i in m.nearest]
    for say in nearest:
        assert page.get_by_role("button", name=f"I meant: {say}", exact=True).is_visible()
    assert page.get_by_role("button", name="Neither: let me rephrase").is_visible()
    assert transcript.locator(".pk-you").count() == 0  # nothing played yet
    assert not end_state_accessibility_problems(page)  # the question, audited as shown
    # the focus is on the first choice; Tab to the second and press Enter
    page.wait_for_function(
        "(t) => (document.activeElement?.innerText || '').trim() === t",
        arg=f"I meant: {nearest[0]}",
    )
    page.keyboard.press("Tab")
    assert focused_text(page).strip() == f"I meant: {nearest[1]}"
    page.keyboard.press("Enter")
    transcript.filter(has_text=nearest[1]).wait_for()
    page.locator(".pk-solo .pk-feedback").filter(has_text="You chose move").wait_for()
    confirm.wait_for(state="hidden")
    assert_clean(page)
