"""The solo scripted-client widget, driven in the kernel: buttons, typed moves (played when
clear, confirmed when weak or ambiguous, always escaped), hidden meters until the end, the end
screen (the text of the level reached, also when trust caps it), every attempt in the journal,
first attempt against latest, and replay."""

from __future__ import annotations

import html

import pytest

from partnerkit.journal import Journal
from partnerkit.roleplay import matching
from partnerkit.roleplay.engine import all_runs, expert_run
from partnerkit.roleplay.loader import expert_choices, load_scenarios
from partnerkit.roleplay.model import RELATIONSHIP_LABELS
from partnerkit.widgets.solo import SoloPicker, journal_key, solo_client

SCENARIOS = load_scenarios()
FIRST = sorted(SCENARIOS)[0]


def esc(text: str) -> str:
    return html.escape(text)


def start_options(s):
    return s.nodes[s.start].offered(frozenset())


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
    assert len(shown) == len(start_options(s))
    for i, (b, opt) in enumerate(zip(shown, start_options(s), strict=True)):
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
    s = SCENARIOS[FIRST]
    w = solo_client(FIRST)
    options = start_options(s)
    weak = [i for i, o in enumerate(options) if o.grade == "weak"][0]
    w.buttons[weak].click()
    while not w.conv.ended:  # then always the first move shown
        visible(w)[0].click()
    assert "Why was that weak?" in w.end.value
    assert esc(options[weak].why) in w.end.value
    saved = Journal(tmp_journal).get(journal_key(FIRST))
    assert saved["path"] == w.conv.path and saved["pains_found"] == len(w.conv.revealed)
    assert saved["moves"][0] == {
        "node": s.start,
        "option": options[weak].id,
        "grade": "weak",
        "typed": False,
    }


def capped_run(s):
    """A path that reaches the scenario's top ending node but whose trust caps it lower."""
    top = s.best_relationship
    for run in all_runs(s):
        if run.node.ending == top and run.result().relationship != top:
            return run
    raise AssertionError(f"{s.id}: no capped path to the top ending")


def test_a_capped_ending_shows_the_last_line_and_summary_of_the_level_reached(tmp_journal):
    s = SCENARIOS[FIRST]
    run = capped_run(s)
    r = run.result()
    w = solo_client(FIRST)
    for st in run.steps:
        visible(w)[st.index].click()
    end = w.end.value
    assert w.conv.path == run.path and r.capped_because
    assert f"Ending: {RELATIONSHIP_LABELS[r.relationship]}" in end
    assert esc(r.summary) in end and esc(r.client_line) in end
    assert esc(run.node.summary) not in end  # never the uncapped ending's warm summary
    assert esc(run.node.client) not in end
    if r.relationship in s.level_endings:  # the scenario's own text for that level
        assert r.summary == s.level_endings[r.relationship].summary
    assert "Why not higher:" in end


def test_every_attempt_is_kept_and_the_first_is_shown_against_the_latest(tmp_journal):
    s = SCENARIOS[FIRST]
    w = solo_client(FIRST)
    run = capped_run(s)
    for st in run.steps:
        visible(w)[st.index].click()
    assert "Your first attempt and this one" not in w.end.value  # only one attempt so far
    w.replay.click()
    play_expert(w)
    saved = Journal(tmp_journal).get(journal_key(FIRST))
    first, latest = saved["attempts"]
    assert [first["number"], latest["number"]] == [1, 2]
    assert first["relationship"] == run.result().relationship
    assert latest["relationship"] == saved["relationship"] == expert_run(s).result().relationship
    assert first["path"] == run.path and first["finished"].endswith("Z")
    assert "Your first attempt and this one" in w.end.value
    assert "This attempt (number 2)" in w.end.value
    label = RELATIONSHIP_LABELS[first["relationship"]]
    assert label in w.end.value and f"{first['pains_found']} of" in w.end.value


def test_an_old_journal_entry_counts_as_the_first_attempt(tmp_journal):
    old = {
        "ending": "e_x",
        "relationship": "order_taker",
        "pains_found": 1,
        "pains_total": 6,
        "path": ["n1", "e_x"],
        "trust": {"quotient": 2.0},
    }
    Journal(tmp_journal).set(journal_key(FIRST), old)
    w = solo_client(FIRST)
    assert "attempt 1" in w.last.value
    play_expert(w)
    saved = Journal(tmp_journal).get(journal_key(FIRST))
    assert [a["number"] for a in saved["attempts"]] == [1, 2]
    assert saved["attempts"][0]["relationship"] == "order_taker"
    assert saved["attempts"][0]["moves"] == []
    assert "Order taker" in w.end.value and "Your first attempt" in w.end.value


def test_typed_move_is_matched_shown_and_escaped(tmp_journal):
    s = SCENARIOS[FIRST]
    target = start_options(s)[0]
    w = solo_client(FIRST)
    w.text.value = f"<b>Hi</b> {target.say}"
    w.say_button.click()
    assert len(w.conv.steps) == 1 and w.conv.steps[0].option == target
    assert "I read your move as move 1" in w.feedback.value
    name = s.client.name.split()[0]
    assert "words in common" in w.feedback.value and f"{name} says:" in w.feedback.value
    assert "<b>Hi</b>" not in w.transcript.value  # the learner's raw text is never markup
    assert w.text.value == ""
    assert w.conv.steps[0].move()["typed"] is True


def test_a_weak_typed_move_asks_which_of_two_moves_was_meant(tmp_journal, monkeypatch):
    monkeypatch.setattr(matching, "CONFIDENT", 1.01)  # no match is confident: always ask
    s = SCENARIOS[FIRST]
    options = start_options(s)
    w = solo_client(FIRST)
    typed = f"<i>maybe</i> {options[1].say}"
    w.text.value = typed
    w.say_button.click()
    assert not w.conv.steps  # nothing played yet
    assert w.confirm_box.layout.display != "none" and w.pending is not None
    shown = [b for b in w.confirm_buttons if b.layout.display != "none"]
    assert len(shown) == 2 and all(not b.disabled for b in shown)
    nearest = w.pending[1]
    for b, i in zip(shown, nearest, strict=True):
        assert b.description == f"I meant: {options[i].say}" and b.tooltip == options[i].say
    assert "Which did you mean?" in w.confirm_text.value
    assert "<i>maybe</i>" not in w.confirm_text.value  # echoed as text, direction-isolated
    assert "&lt;i&gt;maybe&lt;/i&gt;" in w.confirm_text.value and "<bdi" in w.confirm_text.value
    shown[1].click()
    assert len(w.conv.steps) == 1 and w.conv.steps[0].option == options[nearest[1]]
    assert w.conv.steps[0].typed == typed and w.conv.steps[0].move()["typed"] is True
    assert w.confirm_box.layout.display == "none" and w.pending is None
    assert "You chose move" in w.feedback.value


def test_neither_plays_nothing_and_returns_to_the_text_box(tmp_journal, monkeypatch):
    monkeypatch.setattr(matching, "CONFIDENT", 1.01)
    w = solo_client(FIRST)
    w.text.value = start_options(SCENARIOS[FIRST])[0].say
    w.say_button.click()
    assert w.pending is not None
    w.rephrase.click()
    assert not w.conv.steps and w.pending is None and w.confirm_box.layout.display == "none"
    assert "Nothing was played" in w.feedback.value
    assert w.confirm(0) is None and not w.conv.steps  # a stale confirmation does nothing


def test_choosing_a_button_while_asked_drops_the_question(tmp_journal, monkeypatch):
    monkeypatch.setattr(matching, "CONFIDENT", 1.01)
    w = solo_client(FIRST)
    w.text.value = start_options(SCENARIOS[FIRST])[0].say
    w.say_button.click()
    visible(w)[0].click()
    assert len(w.conv.steps) == 1 and w.pending is None
    assert w.confirm_box.layout.display == "none"


def test_a_negated_demo_is_not_played_as_the_demo(tmp_journal):
    """Whatever the start node offers, "I am not here to demo anything" never plays a demo."""
    for sid in SCENARIOS:
        w = solo_client(sid)
        w.text.value = "I am not here to demo anything. How does the work run today?"
        w.say_button.click()
        if w.pending is not None:  # asked: neither of the two offered is the demo either
            offered = [w.conv.options[i].say.lower() for i in w.pending[1]]
            assert not any("demo" in say for say in offered), (sid, offered)
        for st in w.conv.steps:
            assert "demo" not in st.option.say.lower(), (sid, st.option.say)


@pytest.mark.parametrize(
    "text", ["", "   ", "zzzz", "<script>alert(1)</script>", "\u2603" * 50_000, "x" * 200_000]
)
def test_bad_typed_input_never_crashes_or_moves(tmp_journal, text):
    w = solo_client(FIRST)
    w.text.value = text
    w.say_button.click()
    assert not w.conv.steps
    assert "<script>" not in w.feedback.value
    assert len(w.feedback.value) < 2_000  # a huge input is shortened in the message


def test_replay_and_start_over(tmp_journal):
    s = SCENARIOS[FIRST]
    w = solo_client(FIRST)
    visible(w)[0].click()
    assert w.replay.description == "Start over"
    w.replay.click()
    assert w.conv.node_id == s.start and not w.conv.steps
    assert len(visible(w)) == len(start_options(s))
    play_expert(w)
    w.replay.click()
    assert not w.conv.ended and w.end.value == "" and visible(w)
    r = expert_run(s).result()
    label = r.relationship.replace("_", " ")
    expected = f"Your last result here: {label}, {len(r.pains_found)} of {r.pains_total}"
    assert expected in w.last.value and "(attempt 1)" in w.last.value


def test_picker_switches_scenario(tmp_journal):
    p = SoloPicker()
    assert p.client.scenario.id == sorted(SCENARIOS)[0]
    other = sorted(SCENARIOS)[-1]
    p.dropdown.value = other
    assert p.client.scenario.id == other and p.children[1] is p.client
    assert esc(SCENARIOS[other].client.name.split()[0]) in p.client.transcript.value


def test_static_mode_shows_a_preview(monkeypatch):
    import partnerkit.widgets.solo as solo

    shown = []
    monkeypatch.setattr(solo, "display", shown.append)
    monkeypatch.setenv("PARTNERKIT_STATIC", "1")
    assert solo_client(FIRST) is None
    page = shown[0].data
    s = SCENARIOS[FIRST]
    assert esc(s.nodes[s.start].client) in page and "Open this notebook" in page


@pytest.mark.parametrize(
    ("saved", "count"),
    [
        (None, 0),
        ("text", 0),
        ({"no": "relationship"}, 0),
        ({"relationship": "order_taker", "attempts": "oops"}, 1),  # read as one old attempt
        ({"relationship": "order_taker", "attempts": [{"number": 1}, "junk", 3]}, 1),
    ],
)
def test_attempts_are_read_safely_from_odd_journal_entries(saved, count):
    from partnerkit.roleplay.engine import add_attempt, attempts_of

    assert len(attempts_of(saved)) == count
    after = add_attempt(saved, {"relationship": "service_provider", "moves": []}, "T")
    assert [a["number"] for a in after["attempts"]][-1] == count + 1
    assert after["relationship"] == "service_provider" and after["attempts"][-1]["finished"] == "T"
