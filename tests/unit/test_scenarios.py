"""Every shipped scenario pack: it loads, its graph is sound, its pains can be found, the expert
path earns the best ending, and the engine's rules (trust gating, ending caps, free-text
matching, replay) behave as the learner is told they do."""

from __future__ import annotations

from collections import deque

import pytest
from growth import assert_growth

from partnerkit.roleplay.engine import (
    Conversation,
    all_runs,
    expert_run,
    match_option,
    trust_quotient,
)
from partnerkit.roleplay.loader import expert_choices, key_for, load_scenarios
from partnerkit.roleplay.model import METERS, RELATIONSHIPS, TIERS, relationship_rank

SCENARIOS = load_scenarios()
IDS = sorted(SCENARIOS)


def test_at_least_three_scenarios_in_different_functions():
    assert len(SCENARIOS) >= 3
    functions = {s.function for s in SCENARIOS.values()}
    assert len(functions) == len(SCENARIOS), "each scenario should cover its own business function"


@pytest.mark.parametrize("sid", IDS)
def test_shape_of_the_pack(sid):
    s = SCENARIOS[sid]
    assert 12 <= len(s.nodes) <= 20
    assert 4 <= len(s.client.pains) <= 6
    assert {p.tier for p in s.client.pains} == set(TIERS)
    assert s.partner.own_interests and s.observer.watch_for and s.brief.setting
    assert "fictional" in s.brief.setting.lower() and "fictional" in s.client.organisation.lower()
    for node in s.nodes.values():
        assert node.is_ending or 2 <= len(node.options) <= 4


@pytest.mark.parametrize("sid", IDS)
def test_every_node_is_reachable_from_the_start(sid):
    s = SCENARIOS[sid]
    seen, queue = {s.start}, deque([s.start])
    while queue:
        for opt in s.nodes[queue.popleft()].options:
            if opt.next not in seen:
                seen.add(opt.next)
                queue.append(opt.next)
    assert seen == set(s.nodes)


@pytest.mark.parametrize("sid", IDS)
def test_no_dead_ends_and_every_path_ends(sid):
    s = SCENARIOS[sid]
    for node in s.nodes.values():
        assert bool(node.options) != node.is_ending, f"{node.id}: options xor ending"
    runs = list(all_runs(s))
    assert runs
    assert all(run.ended and run.node.is_ending for run in runs)
    assert all(len(run.steps) <= len(s.nodes) for run in runs)  # no path revisits a node
    assert {run.node_id for run in runs} == {n.id for n in s.endings}  # every ending is reachable


@pytest.mark.parametrize("sid", IDS)
def test_every_pain_is_discoverable_on_some_path(sid):
    s = SCENARIOS[sid]
    found = set()
    for run in all_runs(s):
        found |= set(run.revealed)
    assert found == set(s.pains)


@pytest.mark.parametrize("sid", IDS)
def test_endings_span_the_relationship_levels(sid):
    levels = {n.ending for n in SCENARIOS[sid].endings}
    assert len(levels) >= 3
    assert SCENARIOS[sid].best_relationship == RELATIONSHIPS[-1]


@pytest.mark.parametrize("sid", IDS)
def test_expert_path_reaches_the_best_ending_and_finds_every_pain(sid):
    s = SCENARIOS[sid]
    result = expert_run(s).result()
    assert result.relationship == s.best_relationship == result.node_relationship
    assert not result.capped_because
    assert sorted(result.pains_found) == sorted(s.pains)
    assert not result.weak
    assert result.quotient >= s.trust_threshold
    # no other path does better than the expert on relationship
    best = max(relationship_rank(r.result().relationship) for r in all_runs(s))
    assert relationship_rank(result.relationship) == best


@pytest.mark.parametrize("sid", IDS)
def test_instructor_key_matches_the_graph(sid):
    s = SCENARIOS[sid]
    key = key_for(s)
    assert list(key.ideal_path) == expert_run(s).path
    assert {p.id for p in key.pains} == set(s.pains)
    for fp in key.failure_paths:
        assert s.nodes[fp.path[-1]].ending in RELATIONSHIPS[:2], f"{fp.name} is not a failure"


@pytest.mark.parametrize("sid", IDS)
def test_weak_moves_cost_trust_and_best_moves_build_it(sid):
    def net(opt):
        e = opt.effects
        gain = e.get("credibility", 0) + e.get("reliability", 0) + e.get("intimacy", 0)
        return gain - e.get("self_orientation", 0)

    for node in SCENARIOS[sid].nodes.values():
        for opt in node.options:
            grades = {opt.grade} | {g.grade for g in opt.grade_if}  # in any knowledge state
            if "weak" in grades:
                assert net(opt) < 0 and opt.why, (node.id, opt.say)
            if "best" in grades:
                assert net(opt) > 0, (node.id, opt.say)


@pytest.mark.parametrize("sid", IDS)
def test_best_move_is_not_always_in_the_same_place(sid):
    positions = {i for _, i in expert_choices(SCENARIOS[sid])}
    assert len(positions) >= 2


@pytest.mark.parametrize("sid", IDS)
def test_trust_pains_are_held_back_while_trust_is_low(sid):
    """On some path a move asks for a trust pain too early: the client gives the guarded line."""
    s = SCENARIOS[sid]
    for run in all_runs(s):
        for step in run.steps:
            for pid in step.withheld:
                pain = s.pains[pid]
                assert pain.tier == "trust" and pid not in step.revealed
                assert any(line.text == pain.guarded for line in run.transcript)
                return
    pytest.fail("no path ever withholds a trust pain: the trust tier has no effect")


def test_ending_is_held_down_when_trust_stayed_low():
    capped = 0
    for s in SCENARIOS.values():
        for run in all_runs(s):
            r = run.result()
            if relationship_rank(r.relationship) < relationship_rank(r.node_relationship):
                capped += 1
                assert r.capped_because
                if r.quotient < s.trust_threshold:
                    assert r.relationship == "service_provider"
                else:
                    assert not any(s.pains[p].tier == "trust" for p in r.pains_found)
                    assert r.relationship == "trusted_advisor"
            else:
                assert not r.capped_because
    assert capped > 0


def test_meters_move_with_each_choice_and_stay_in_range():
    s = SCENARIOS["finance"]
    conv = Conversation(s)
    start = dict(conv.meters)
    first_weak = next(i for i, o in enumerate(conv.options) if o.grade == "weak")
    opt = conv.options[first_weak]
    conv.choose(first_weak)
    for m in METERS:
        assert conv.meters[m] == start[m] + opt.effects.get(m, 0)
    assert conv.quotient < trust_quotient(start)
    for run in all_runs(s):
        assert all(1 <= v <= 10 for v in run.meters.values())


def test_replay_resets_everything():
    s = SCENARIOS["marketing"]
    conv = expert_run(s)
    assert conv.ended
    conv.reset()
    assert conv.node_id == s.start and not conv.revealed and not conv.steps
    assert set(conv.meters.values()) == {5} and len(conv.transcript) == 1
    with pytest.raises(RuntimeError):
        conv.result()
    again = conv.play(i for _, i in expert_choices(s)).result()
    assert again.relationship == "strategic_partner"
    with pytest.raises(RuntimeError):
        conv.choose(0)


def test_result_is_json_ready_for_the_journal():
    r = expert_run(SCENARIOS["operations"]).result().journal_value()
    assert set(r) == {
        "ending",
        "relationship",
        "pains_found",
        "pains_total",
        "path",
        "trust",
        "moves",
    }
    assert r["pains_found"] == r["pains_total"] == 6
    assert r["path"][0] == "n1" and r["path"][-1] == r["ending"]
    assert set(r["trust"]) == {*METERS, "quotient"}


# --------------------------------------------------------------------------- free text

# A few typed moves per scenario, by option id (the full labelled set, with its accuracy, is
# data/scenarios/paraphrases.csv; see tests/unit/test_matching.py).
PARAPHRASES = [
    ("finance", "n1", "Could you talk me through how your month end close works?", "walk"),
    ("finance", "n1", "I have a demo of the ledger close module, want to see it?", "demo"),
    ("finance", "n2", "Tell me about the most recent close, from the first day", "last_close"),
    (
        "finance",
        "n6",
        "That's a lot on your shoulders. What worries you about the months ahead?",
        "lands_on_you",
    ),
    ("finance", "n10", "Let me raise a ticket in the portal for you", "ticket"),
    (
        "marketing",
        "n1",
        "No lecture from me, what is your team trying to achieve this year?",
        "goals",
    ),
    ("marketing", "n1", "Buying tools without IT is risky for security", "security"),
    (
        "marketing",
        "n2",
        "What happens to a lead once someone submits one of your forms?",
        "lead_walk",
    ),
    (
        "marketing",
        "n4",
        "Leads wait for days and nobody owns the gap; what does it cost you?",
        "cost",
    ),
    (
        "operations",
        "n1",
        "I don't know yet and won't promise. What should the app change for you?",
        "dont_know",
    ),
    (
        "operations",
        "n1",
        "Sure, our low-code platform can build it in a couple of weeks",
        "low_code",
    ),
    (
        "operations",
        "n2",
        "Tell me about the last delivery that went badly, from the start of the shift",
        "last_bad",
    ),
    ("operations", "n7", "Where did the peak season date come from?", "date_origin"),
    ("retail_cx", "n1", "What does too slow look like for your customers?", "too_slow"),
    (
        "retail_cx",
        "n1",
        "In fairness, the agency's code causes most of the delays, not IT",
        "agency_blame",
    ),
    (
        "retail_cx",
        "n2",
        "Walk me through the latest complaint about a collection order",
        "last_complaint",
    ),
    ("retail_cx", "n7", "What keeps you awake at night about the next six months?", "up_at_night"),
]


@pytest.mark.parametrize(("sid", "node", "text", "expected"), PARAPHRASES)
def test_typed_paraphrase_picks_the_intended_move(sid, node, text, expected):
    options = SCENARIOS[sid].nodes[node].options
    m = match_option(text, options)
    assert m is not None, "no move matched"
    assert options[m.index].id == expected, (options[m.index].say, m)
    assert m.shared  # the words in common are shown to the learner


def test_each_move_matches_its_own_words():
    for s in SCENARIOS.values():
        for node in s.nodes.values():
            for i, opt in enumerate(node.options):
                assert match_option(opt.say, node.options).index == i, (s.id, node.id)


@pytest.mark.parametrize(
    "text", ["", "   ", "zzzz qqqq", "!!!???", "\u2603\u2603", "<script>alert(1)</script>"]
)
def test_unmatchable_text_matches_nothing(text):
    assert match_option(text, SCENARIOS["finance"].nodes["n1"].options) is None


def test_matching_is_deterministic_and_fast_on_huge_input():
    options = SCENARIOS["retail_cx"].nodes["n1"].options
    huge = "what does too slow look like for your customers " * 20_000
    first = match_option(huge, options)
    # fast = linear: 10x the text may cost at most ~20x the time (tests/growth.py)
    assert_growth(
        lambda text: match_option(text, options), huge[: len(huge) // 10], huge, what="matching"
    )
    assert first == match_option(huge, options)
    assert "too slow" in options[first.index].say
    accented = match_option(
        "Wh\u00e4t d\u00f6es 't\u00f6\u00f6 sl\u00f6w' look like for c\u00fcstomers?", options
    )
    assert accented is not None and "too slow" in options[accented.index].say


def test_say_plays_the_matched_move_and_records_the_typed_text():
    s = SCENARIOS["finance"]
    conv = Conversation(s)
    m, step = conv.say("Could you walk me through how the month-end close runs?")
    assert step is not None and step.typed.startswith("Could you walk")
    assert conv.node_id == conv.scenario.nodes["n1"].options[m.index].next
    assert conv.transcript[1].kind == "typed"
    nothing, no_step = conv.say("zzz")
    assert nothing is None and no_step is None and len(conv.steps) == 1
