"""The solo scripted-client widget, driven in the kernel: buttons, typed moves (matched and
shown, always escaped), hidden meters until the end, the end screen, the journal and replay."""

from __future__ import annotations

import pytest

from partnerkit.journal import Journal
from partnerkit.roleplay.engine import expert_run
from partnerkit.roleplay.loader import expert_choices, load_scenarios
from partnerkit.roleplay.model import RELATIONSHIP_LABELS
from partnerkit.widgets.solo import SoloPicker, journal_key, solo_client

SCENARIOS = load_scenarios()


def visible(w) -> list:
    return [b for b in w.buttons if b.layout.display != "none"]


def play_expert(w):
    for _, i in expert_choices(w.scenario):
        visible(w)[i].click()


@pytest.mark.parametrize("sid", sorted(SCENARIOS))
def test_buttons_show_the_current_moves_with_accessible_names(tmp_journal, sid):
    w = solo_client(sid)
    s = SCENARIOS[sid]
    shown = visible(w)
    assert len(shown) == len(s.nodes[s.start].options)
    for i, (b, opt) in enumerate(zip(shown, s.nodes[s.start].options, strict=True)):
        assert b.description == f"{i + 1}. {opt.say}" and b.tooltip == opt.say
    assert "Trust meter" not in w.end.value and "quotient" not in w.transcript.value


@pytest.mark.parametrize("sid", sorted(SCENARIOS))
def test_expert_play_reaches_the_end_screen_and_is_saved(tmp_journal, sid):
    w = solo_client(sid)
    play_expert(w)
    expected = expert_run(SCENARIOS[sid]).result()
    assert w.conv.ended and not visible(w)
    assert f"Ending: {RELATIONSHIP_LABELS[expected.relationship]}" in w.end.value
    n = len(SCENARIOS[sid].pains)
    assert f"Pains found: {n} of {n}" in w.end.value
    assert "Your hidden trust meters" in w.end.value and "The expert&#x27;s move" in w.end.value
    assert "Every move you made was the expert" in w.end.value
    saved = Journal(tmp_journal).get(journal_key(sid))
    latest = expected.journal_value()
    assert {k: saved[k] for k in latest} == latest  # the top level is the latest attempt
    assert [a["number"] for a in saved["attempts"]] == [1]
    assert saved["attempts"][0]["moves"] == latest["moves"]
    assert all(m["grade"] == "best" and not m["typed"] for m in latest["moves"])
    assert w.replay.description == "Play again"


def test_weak_moves_are_explained_on_the_end_screen(tmp_journal):
    w = solo_client("finance")
    s = SCENARIOS["finance"]
    weak = [i for i, o in enumerate(s.nodes["n1"].options) if o.grade == "weak"][0]
    w.buttons[weak].click()
    while not w.conv.ended:  # then always the first move shown
        visible(w)[0].click()
    assert "Why was that weak?" in w.end.value
    why = s.nodes["n1"].options[weak].why
    assert why.replace("'", "&#x27;") in w.end.value
    saved = Journal(tmp_journal).get(journal_key("finance"))
    assert saved["path"] == w.conv.path and saved["pains_found"] == len(w.conv.revealed)


def test_typed_move_is_matched_shown_and_escaped(tmp_journal):
    w = solo_client("retail_cx")
    w.text.value = "<b>Hi</b> What does too slow look like for your customers?"
    w.say_button.click()
    assert len(w.conv.steps) == 1 and "too slow" in w.conv.steps[0].option.say
    assert "I read your move as move" in w.feedback.value
    assert "words in common" in w.feedback.value and "Hannah says:" in w.feedback.value
    assert "<b>Hi</b>" not in w.transcript.value  # the learner's raw text is never markup
    assert w.text.value == ""


@pytest.mark.parametrize(
    "text", ["", "   ", "zzzz", "<script>alert(1)</script>", "\u2603" * 50_000, "x" * 200_000]
)
def test_bad_typed_input_never_crashes_or_moves(tmp_journal, text):
    w = solo_client("operations")
    w.text.value = text
    w.say_button.click()
    assert not w.conv.steps
    assert "<script>" not in w.feedback.value
    assert len(w.feedback.value) < 2_000  # a huge input is shortened in the message


def test_replay_and_start_over(tmp_journal):
    w = solo_client("marketing")
    visible(w)[0].click()
    assert w.replay.description == "Start over"
    w.replay.click()
    assert w.conv.node_id == "n1" and not w.conv.steps and len(visible(w)) == 3
    play_expert(w)
    w.replay.click()
    assert not w.conv.ended and w.end.value == "" and visible(w)
    assert "Your last result here: strategic partner, 6 of 6" in w.last.value


def test_picker_switches_scenario(tmp_journal):
    p = SoloPicker()
    assert p.client.scenario.id == sorted(SCENARIOS)[0]
    p.dropdown.value = "operations"
    assert p.client.scenario.id == "operations" and p.children[1] is p.client
    assert "Segun" in p.client.transcript.value


def test_static_mode_shows_a_preview(monkeypatch):
    import partnerkit.widgets.solo as solo

    shown = []
    monkeypatch.setattr(solo, "display", shown.append)
    monkeypatch.setenv("PARTNERKIT_STATIC", "1")
    assert solo_client("finance") is None
    page = shown[0].data
    assert SCENARIOS["finance"].nodes["n1"].client in page and "Open this notebook" in page
