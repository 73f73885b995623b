"""Malformed scenario, key and common-ground files: each raises one DataError that names the
file, the field path (and the line where there is one) and a fix an instructor can follow.

Each case starts from the real, valid finance.yaml (or its key / the common-ground pack) and
changes one thing, as an instructor editing the file might.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from growth import assert_growth

from partnerkit.data import DataError
from partnerkit.roleplay import common_ground as cg
from partnerkit.roleplay.engine import (
    Conversation,
    all_runs,
    check_paths,
    expert_choices,
    expert_moves,
    expert_run,
    figures_text,
    play_strategy,
    scenario_figures,
)
from partnerkit.roleplay.loader import ScenarioError, load_key, load_scenario

ROOT = Path(__file__).resolve().parents[2]
FINANCE = (ROOT / "data" / "scenarios" / "finance.yaml").read_text(encoding="utf-8")
FINANCE_KEY = (ROOT / "instructor" / "keys" / "finance.yaml").read_text(encoding="utf-8")
PACK = (ROOT / "data" / "common_ground" / "security_vendor.yaml").read_text(encoding="utf-8")
PACK_KEY = (ROOT / "instructor" / "keys" / "common_ground" / "security_vendor.yaml").read_text(
    encoding="utf-8"
)


def replace(text: str, old: str, new: str, count: int = 1) -> str:
    assert text.count(old) >= count, f"test set-up: {old!r} not found"
    return text.replace(old, new, count)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def node_block(text: str, node: str) -> tuple[int, int]:
    start = text.index(f"\n  {node}:\n") + 1
    nxt = re.search(r"\n  [a-z_0-9]+:\n", text[start + 1 :])
    end = start + 1 + nxt.start() + 1 if nxt else len(text)
    return start, end


def option_index(text: str, node: str, say_fragment: str) -> int:
    start, end = node_block(text, node)
    says = re.findall(r"      - say: (.*)", text[start:end])
    return next(i for i, s in enumerate(says) if say_fragment in s)


def fail(tmp_path, text: str, name: str = "finance.yaml") -> ScenarioError:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    with pytest.raises(DataError) as info:
        load_scenario(path)
    err = info.value
    assert isinstance(err, ScenarioError)
    msg = str(err)
    assert name in msg and "Fix: " in msg
    return err


def check(err: ScenarioError, field: str, problem: str, line: int | None = None):
    msg = str(err)
    assert f"field '{field}'" in msg, msg
    assert problem in msg, msg
    assert err.field == field
    if line is not None:
        assert f"line {line}" in msg and err.line == line, msg
    fix = msg.split("Fix: ", 1)[1]
    assert len(fix) > 10, "the fix must say what to do"


def test_the_unmodified_files_are_valid(tmp_path):
    (tmp_path / "finance.yaml").write_text(FINANCE, encoding="utf-8")
    s = load_scenario(tmp_path / "finance.yaml")
    load_key(tmp_path / "k.yaml", s, FINANCE_KEY)
    pack = cg.load_pack(tmp_path / "security_vendor.yaml", PACK)
    cg.load_key(tmp_path / "k2.yaml", pack, PACK_KEY)


def test_yaml_syntax_error_names_the_line(tmp_path):
    bad = replace(FINANCE, "  name: Tomasz Brandt\n", '  name: "Tomasz Brandt\n')
    err = fail(tmp_path, bad)
    assert "YAML syntax error" in str(err) and err.line is not None
    # the scanner notices at the end; the message also points at where the quote was opened
    opened = line_of(bad, '"Tomasz Brandt')
    assert f"starts on line {opened}" in str(err) and err.line > opened
    assert "quotes" in str(err).split("Fix:")[1]


def test_bad_indentation_names_the_line(tmp_path):
    bad = replace(
        FINANCE, "  role: Group Financial Controller\n", "   role: Group Financial Controller\n"
    )
    err = fail(tmp_path, bad)
    assert "YAML syntax error" in str(err)
    assert err.line in (line_of(bad, "   role: Group"), line_of(bad, "   role: Group") + 1)


def test_unknown_key_suggests_the_right_spelling(tmp_path):
    bad = replace(FINANCE, "\ntitle: ", "\ntitel: ")
    err = fail(tmp_path, bad)
    check(err, "titel", "unknown key 'titel'", line_of(bad, "titel:"))
    assert "did you mean 'title'" in str(err)


def test_unknown_key_deep_inside_a_node(tmp_path):
    bad = replace(
        FINANCE, "        grade: best\n        next: n2\n", "        grade: best\n        nxt: n2\n"
    )
    i = option_index(bad, "n1", "walk me through how the month-end close")
    err = fail(tmp_path, bad)
    check(err, f"nodes.n1.options[{i}].nxt", "unknown key 'nxt'", line_of(bad, "nxt: n2"))
    assert "did you mean 'next'" in str(err)


def test_missing_field(tmp_path):
    start = FINANCE.index("  hidden_constraint: >-")
    end = FINANCE.index("  reveal_rules:")
    bad = FINANCE[:start] + FINANCE[end:]
    err = fail(tmp_path, bad)
    check(err, "client.hidden_constraint", "is missing")


def test_wrong_type_text_instead_of_list(tmp_path):
    start = FINANCE.index("  kpis:\n")
    end = FINANCE.index("  pains:\n")
    bad = FINANCE[:start] + "  kpis: Days to close\n" + FINANCE[end:]
    err = fail(tmp_path, bad)
    check(err, "client.kpis", "should be a list", line_of(bad, "kpis: Days"))


def test_duplicate_node_id(tmp_path):
    start, end = node_block(FINANCE, "n4")
    block = FINANCE[start:end]
    bad = FINANCE[:end] + block + FINANCE[end:]
    err = fail(tmp_path, bad)
    second = bad.index("\n  n4:\n", bad.index("\n  n4:\n") + 1) + 1
    check(err, "nodes.n4", "'n4' is defined twice", bad[:second].count("\n") + 1)


def test_bad_tier(tmp_path):
    bad = replace(FINANCE, "tier: volunteered", "tier: hidden")
    err = fail(tmp_path, bad)
    check(err, "client.pains[0].tier", "unknown tier 'hidden'", line_of(bad, "tier: hidden"))
    assert "volunteered, probe, trust" in str(err)


def test_reference_to_an_unknown_pain(tmp_path):
    bad = replace(FINANCE, "reveals: [key_person]", "reveals: [key_persn]")
    i = option_index(bad, "n2", "Talk me through the last close")
    err = fail(tmp_path, bad)
    check(err, f"nodes.n2.options[{i}].reveals[0]", "unknown pain or fact 'key_persn'")
    assert "key_person" in str(err).split("Fix:")[1]


def test_reference_to_an_unknown_node(tmp_path):
    start, end = node_block(FINANCE, "n4")
    block = replace(FINANCE[start:end], "next: n7", "next: n44")
    bad = FINANCE[:start] + block + FINANCE[end:]
    i = option_index(bad, "n4", "So if I have it right")
    err = fail(tmp_path, bad)
    check(err, f"nodes.n4.options[{i}].next", "unknown node 'n44'", line_of(bad, "next: n44"))
    assert "did you mean 'n4'" in str(err)


def test_unreachable_node(tmp_path):
    extra = (
        "  n99:\n    client: Nobody gets here.\n    options:\n"
        "      - id: a\n        say: A\n        grade: best\n        next: e_order\n"
        "      - id: b\n        say: B\n        grade: good\n        next: e_service\n"
    )
    bad = replace(FINANCE, "  e_order:\n", extra + "  e_order:\n")
    err = fail(tmp_path, bad)
    check(err, "nodes.n99", "cannot be reached from the start node 'n1'", line_of(bad, "  n99:"))


def test_dead_end_node(tmp_path):
    start, end = node_block(FINANCE, "n12")
    bad = (
        FINANCE[:start]
        + "  n12:\n    client: All right. What exactly happens next?\n\n"
        + FINANCE[end:]
    )
    err = fail(tmp_path, bad)
    check(err, "nodes.n12.options", "dead end")


def test_loop_that_would_never_end(tmp_path):
    start, end = node_block(FINANCE, "n12")
    block = replace(FINANCE[start:end], "next: e_service", "next: n1")
    bad = FINANCE[:start] + block + FINANCE[end:]
    err = fail(tmp_path, bad)
    assert "loops back" in str(err) and "never end" in str(err)
    assert "nodes.n12.options[" in err.field and err.field.endswith("].next")


def test_two_best_moves_at_one_node(tmp_path):
    start, end = node_block(FINANCE, "n3")
    block = replace(FINANCE[start:end], "grade: good", "grade: best")
    bad = FINANCE[:start] + block + FINANCE[end:]
    err = fail(tmp_path, bad)
    check(err, "nodes.n3.options", "has 2 options graded 'best'")


def test_weak_move_without_why(tmp_path):
    start, end = node_block(FINANCE, "n10")
    block = FINANCE[start:end]
    w0 = block.index("Raise a ticket")
    w1 = block.index("        why: >-", w0)
    w2 = block.index("\n      - say:", w1) if "\n      - say:" in block[w1:] else len(block)
    block = block[:w1] + block[w2 + 1 :] if w2 < len(block) else block[:w1]
    bad = FINANCE[:start] + block + FINANCE[end:]
    i = option_index(bad, "n10", "Raise a ticket")
    err = fail(tmp_path, bad)
    check(err, f"nodes.n10.options[{i}].why", "a weak move needs 'why'")


def test_unknown_trust_meter_and_out_of_range_effect(tmp_path):
    bad = replace(
        FINANCE,
        "effects: {credibility: 1, intimacy: 1, self_orientation: -1}",
        "effects: {credibilty: 1}",
    )
    err = fail(tmp_path, bad)
    assert "unknown trust meter 'credibilty'" in str(err) and "did you mean 'credibility'" in str(
        err
    )
    assert err.field.endswith(".effects.credibilty")
    bad = replace(
        FINANCE,
        "effects: {credibility: 1, intimacy: 1, self_orientation: -1}",
        "effects: {credibility: 5}",
    )
    err = fail(tmp_path, bad)
    assert "5 is not a whole number from -3 to 3" in str(err)


def test_id_must_match_the_file_name(tmp_path):
    err = fail(tmp_path, FINANCE, name="accounts.yaml")
    check(err, "id", "does not match the file name 'accounts.yaml'")


def test_probe_and_trust_pains_need_their_extra_fields(tmp_path):
    start = FINANCE.index("      probe: Ask about the last close step by step")
    end = FINANCE.index("\n", start) + 1
    err = fail(tmp_path, FINANCE[:start] + FINANCE[end:])
    check(err, "client.pains[2].probe", "a 'probe' pain needs a 'probe'")
    start = FINANCE.index("      guarded: Let's just say")
    end = FINANCE.index("\n", start) + 1
    err = fail(tmp_path, FINANCE[:start] + FINANCE[end:])
    check(err, "client.pains[4].guarded", "a 'trust' pain needs 'guarded'")


def test_bare_yes_is_caught_with_a_quoting_hint(tmp_path):
    bad = replace(FINANCE, "keywords: [demo, module, replace]", "keywords: [yes, module, replace]")
    err = fail(tmp_path, bad)
    assert "YAML read it as yes/no" in str(err) and 'double quotes, e.g. "yes"' in str(err)
    assert err.field.endswith(".keywords[0]") and err.line == line_of(bad, "keywords: [yes")


def test_pain_that_no_move_reveals(tmp_path):
    bad = FINANCE.replace("reveals: [audit_finding]", "reveals: []")
    err = fail(tmp_path, bad)
    check(err, "client.pains[3].id", "pain 'audit_finding' is never revealed")


def test_too_many_pains(tmp_path):
    extra = (
        "    - id: extra_pain\n      tier: volunteered\n      summary: One more\n"
        "      says: One more thing.\n"
    )
    bad = replace(FINANCE, "    - id: key_person\n", extra + "    - id: key_person\n")
    err = fail(tmp_path, bad)
    check(err, "client.pains", "has 7 pain points; a scenario needs 4 to 6")


def test_not_utf8_and_empty_file(tmp_path):
    path = tmp_path / "finance.yaml"
    path.write_bytes(FINANCE.encode("utf-8").replace(b"Tomasz", b"Tom\xe1sz", 1))
    with pytest.raises(ScenarioError, match=r"finance\.yaml: not valid UTF-8 .*Fix: save as UTF-8"):
        load_scenario(path)
    path.write_text("", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"finance\.yaml, line 1: the file does not hold"):
        load_scenario(path)


# --------------------------------------------------------------------------- instructor key


@pytest.fixture(scope="module")
def finance(tmp_path_factory):
    path = tmp_path_factory.mktemp("s") / "finance.yaml"
    path.write_text(FINANCE, encoding="utf-8")
    return load_scenario(path)


def key_fail(tmp_path, scenario, text: str) -> ScenarioError:
    path = tmp_path / "finance.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_key(path, scenario)
    assert "finance.yaml" in str(info.value) and "Fix: " in str(info.value)
    return info.value


def test_key_with_unknown_pain(tmp_path, finance):
    bad = replace(FINANCE_KEY, "  close_days:\n", "  close_dayz:\n")
    err = key_fail(tmp_path, finance, bad)
    check(err, "pains.close_dayz", "unknown pain 'close_dayz'", line_of(bad, "close_dayz"))


def test_key_whose_ideal_path_is_not_the_expert_path(tmp_path, finance):
    bad = replace(FINANCE_KEY, "ideal_path: [n1, n2, n4,", "ideal_path: [n1, n2, n6,")
    bad = replace(bad, "n6, n7, n9", "n6, n7, n9")
    err = key_fail(tmp_path, finance, bad)
    check(err, "ideal_path[2]", "differs from the options graded 'best'")


def test_key_failure_path_that_skips_a_step(tmp_path, finance):
    bad = replace(FINANCE_KEY, "path: [n1, n3, e_order]", "path: [n1, e_order]")
    err = key_fail(tmp_path, finance, bad)
    check(err, "failure_paths[0].path[1]", "no option of node 'n1' leads to 'e_order'")


# --------------------------------------------------------------------------- common ground


def test_pack_interest_on_an_unknown_topic(tmp_path):
    bad = replace(PACK, "      - topic: breach_notice\n", "      - topic: breach\n")
    path = tmp_path / "security_vendor.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        cg.load_pack(path)
    check(info.value, "roles[0].interests[1].topic", "unknown topic 'breach'")


def test_pack_key_that_files_a_one_sided_topic_as_shared(tmp_path):
    # remove the vendor's interest on long_term: the key still calls it shared
    start = PACK.index("      - topic: long_term", PACK.index("id: vendor"))
    end = PACK.index("      - topic: evidence", start)
    pack = cg.load_pack(tmp_path / "security_vendor.yaml", PACK[:start] + PACK[end:])
    path = tmp_path / "key" / "security_vendor.yaml"
    path.parent.mkdir()
    path.write_text(PACK_KEY, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        cg.load_key(path, pack)
    check(info.value, "topics.long_term.category", "is on 1 of the two role cards")


def test_pack_key_missing_a_topic(tmp_path):
    pack = cg.load_pack(tmp_path / "security_vendor.yaml", PACK)
    start = PACK_KEY.index("  chatbot:")
    end = PACK_KEY.index("debrief:")
    path = tmp_path / "security_vendor.yaml"
    path.write_text(PACK_KEY[:start] + PACK_KEY[end:], encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        cg.load_key(path, pack)
    check(info.value, "topics", "no category for topic(s) chatbot")


# --------------------------------------------------------------------------- hostile YAML


def _laughs(levels: int = 7) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("? [a, b]\n: 1\n", "a key is a list or a set of fields"),
        ("[" * 5000 + "]" * 5000, "brackets are nested more than"),
        ("a:\n" + "".join("  " * i + "b:\n" for i in range(1, 300)), "nested more than"),
        (_laughs(), "anchors and aliases"),
        (FINANCE.replace("  name: Tomasz Brandt", "  name: &n Tomasz\n  x: *n", 1), "aliases"),
    ],
    ids=["complex-key", "deep-brackets", "deep-indent", "alias-bomb", "alias-in-scenario"],
)
def test_hostile_yaml_is_refused_with_a_data_error(tmp_path, text, problem):
    path = tmp_path / "finance.yaml"
    path.write_text(text, encoding="utf-8")
    for loader in (load_scenario, cg.load_pack):
        with pytest.raises(ScenarioError, match=problem) as info:
            loader(path)
        assert "finance.yaml" in str(info.value) and "Fix: " in str(info.value)


# --------------------------------------------------------------------------- schema additions
# A small self-contained scenario using every addition (option ids, facts, needs, variants,
# grade_if, hidden_constraint_fact, endings per level), so these cases do not depend on the
# wording of the shipped files. Each case changes one thing.

MINI = """id: mini
title: A small test scenario
function: Testing
summary: A tiny scenario for the validation tests (fictional).
brief:
  setting: Tiny Ltd (a fictional company) makes widgets.
  situation: The client asked for a chat.
  meeting: Ten minutes in the client's office.
client:
  name: Pat Client
  role: Head of Widgets
  organisation: Tiny Ltd (fictional)
  personality: Direct.
  kpis: [Widgets per day]
  pains:
    - id: slow
      tier: volunteered
      summary: Widgets are slow
      says: The widgets are slow.
    - id: manual
      tier: volunteered
      summary: Counting is manual
      says: We count them by hand.
    - id: key_person
      tier: probe
      summary: Only Ines knows the counter
      probe: Ask who does the counting.
      says: Only Ines knows how the counter works.
    - id: fear
      tier: trust
      summary: Afraid of another failed project
      probe: Ask what went wrong before.
      guarded: Let's not go there.
      says: The last project failed and I carried the blame.
  hidden_constraint: Budget is frozen until spring.
  hidden_constraint_fact: freeze
  reveal_rules: [Answer what you are asked.]
it_partner:
  name: Sam Partner
  role: IT partner
  background: New in the role.
  objectives: [Understand the work.]
  own_interests: [A project IT wants sponsored.]
observer:
  watch_for: [Open questions.]
  record: [Pains found.]
facts:
  - id: ines
    summary: Ines runs the counter
  - id: freeze
    summary: Budget is frozen until spring
endings:
  order_taker: {client: Send me a ticket., summary: You were treated as an order taker.}
  service_provider: {client: "Thanks, we will be in touch.", summary: Polite but guarded.}
  trusted_advisor: {client: Good talk. Call me next week., summary: You heard the real pains.}
  strategic_partner: {client: Let's do this together., summary: A shared goal and a next step.}
start: n1
trust_threshold: 3.5
nodes:
  n1:
    client: What do you want to know?
    options:
      - id: walk
        say: Walk me through how the widgets get made and counted.
        grade: best
        next: n2
        effects: {intimacy: 1, self_orientation: -1}
        reveals: [slow, manual]
      - id: demo
        say: Can I show you a quick demo of our counting system?
        grade: weak
        next: n2
        effects: {self_orientation: 2}
        why: A pitch before the problem.
  n2:
    client: That's how it works.
    options:
      - id: who
        say: Who does the counting when it gets stuck?
        grade: best
        next: n3
        effects: {credibility: 1}
        reveals: [key_person, ines]
      - id: budget
        say: What budget and timing are you working with this year?
        grade: good
        next: n3
        reveals: [freeze]
        why: Fair, but early.
      - id: rush
        say: We should start a project this quarter.
        grade: weak
        next: n3
        effects: {self_orientation: 1}
        why: Rushing.
  n3:
    client: Anything else?
    variants:
      - if_known: [ines]
        client: Ines is the one to talk to, really. Anything else?
    options:
      - id: sit_with_ines
        say: Could I sit with Ines for a day to see the counter?
        needs: [ines]
        grade: best
        next: e_partner
        effects: {reliability: 1, intimacy: 1}
        reveals: [fear]
      - id: history
        say: What has gone wrong with projects before?
        grade: good
        grade_if:
          known: [ines]
          grade: good
          why: Good, but you could have gone to Ines.
        next: e_partner
        effects: {intimacy: 1}
        reveals: [fear]
      - id: ask_more
        say: Tell me more about what a better day would look like.
        grade: best
        grade_if:
          known: [ines]
          grade: good
          why: Fine, but Ines was the lead to follow.
        next: e_advisor
      - id: ticket
        say: Raise a ticket and we'll look at it.
        grade: weak
        next: e_order
        why: Order taking.
  e_partner:
    ending: strategic_partner
    client: Let's do it.
    variants:
      - if_known: [ines]
        client: Ines will be glad. Let's do it.
    summary: You found the person behind the problem and agreed a step with the client.
  e_advisor:
    ending: trusted_advisor
    client: Good questions. Let's talk again.
    summary: You heard the pains.
  e_order:
    ending: order_taker
    client: Fine, raise a ticket.
    summary: You became an order taker.
"""


def mini(tmp_path, text: str = MINI):
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)


def mini_fail(tmp_path, text: str) -> ScenarioError:
    return fail(tmp_path, text, "mini.yaml")


def test_the_mini_scenario_is_valid_and_uses_every_addition(tmp_path):
    s = mini(tmp_path)
    assert [f.id for f in s.facts] == ["ines", "freeze"]
    assert s.client.hidden_constraint_fact == "freeze"
    assert set(s.level_endings) == {
        "order_taker",
        "service_provider",
        "trusted_advisor",
        "strategic_partner",
    }
    n3 = s.nodes["n3"]
    assert [o.id for o in n3.options] == ["sit_with_ines", "history", "ask_more", "ticket"]
    assert n3.options[0].needs == ("ines",) and n3.variants[0].if_known == ("ines",)
    assert n3.options[2].grade_if[0].grade == "good"


def test_option_ids_must_be_unique_within_a_node(tmp_path):
    err = mini_fail(tmp_path, replace(MINI, "- id: demo", "- id: walk"))
    check(err, "nodes.n1.options[1].id", "option id 'walk' is used twice in node 'n1'")


def test_option_id_must_be_a_slug(tmp_path):
    err = mini_fail(tmp_path, replace(MINI, "- id: demo", "- id: Demo Now"))
    check(err, "nodes.n1.options[1].id", "option id 'Demo Now' is not a valid id")


def test_needs_naming_an_unknown_fact(tmp_path):
    err = mini_fail(tmp_path, replace(MINI, "needs: [ines]", "needs: [inez]"))
    check(err, "nodes.n3.options[0].needs[0]", "unknown pain or fact 'inez'")
    assert "did you mean 'ines'?" in str(err)


def test_fact_id_may_not_repeat_a_pain_id(tmp_path):
    err = mini_fail(tmp_path, replace(MINI, "  - id: ines\n", "  - id: slow\n"))
    check(err, "facts[0].id", "'slow' is already a pain id")


def test_fact_that_no_move_reveals(tmp_path):
    text = replace(MINI, "reveals: [key_person, ines]", "reveals: [key_person]")
    text = text.replace("[ines]", "[key_person]")  # needs, if_known, grade_if.known
    err = mini_fail(tmp_path, text)
    check(err, "facts[0].id", "fact 'ines' is never revealed by any option")


def test_a_line_shown_before_the_fact_it_needs(tmp_path):
    # e_partner's line names Ines, but 'history' reaches it on paths where Ines never came up
    text = replace(
        MINI,
        "    client: Let's do it.\n    variants:",
        "    client: Ines will be glad.\n    needs: [ines]\n    variants:",
    )
    err = mini_fail(tmp_path, text)
    check(err, "nodes.e_partner.needs", "the client's line relies on ines, which has not come out")
    assert "n1 -> n2 -> n3 -> e_partner" in str(err)  # the path that breaks the rule
    assert "if_known: [ines]" in str(err).split("Fix: ")[1]


def test_needs_that_leave_fewer_than_two_options(tmp_path):
    text = replace(
        MINI,
        "        say: What has gone wrong with projects before?\n",
        "        say: What has gone wrong with projects before?\n        needs: [ines]\n",
    )
    text = replace(
        text,
        "better day would look like.\n",
        "better day would look like.\n        needs: [ines]\n",
    )
    err = mini_fail(tmp_path, text)
    check(err, "nodes.n3.options", "only 1 option(s) are offered")


def test_grade_if_that_leaves_two_best_moves(tmp_path):
    # without the grade_if, 'ask_more' stays best once Ines is known: two bests
    text = replace(
        MINI,
        "known: [ines]\n          grade: good\n          why: Fine,",
        "known: [freeze]\n          grade: good\n          why: Fine,",
    )
    err = mini_fail(tmp_path, text)
    check(
        err,
        "nodes.n3.options",
        "2 of the offered options are graded 'best' (sit_with_ines, ask_more)",
    )


def test_grade_if_making_a_move_weak_needs_a_why(tmp_path):
    text = replace(
        MINI,
        "          grade: good\n          why: Good, but you could have gone to Ines.\n",
        "          grade: weak\n",
    )
    err = mini_fail(tmp_path, text)  # 'history' has no 'why' of its own either
    check(err, "nodes.n3.options[1].grade_if.why", "neither it nor the option says why")


def test_variant_with_an_unknown_id(tmp_path):
    err = mini_fail(
        tmp_path,
        replace(
            MINI,
            "      - if_known: [ines]\n        client: Ines is",
            "      - if_known: [nobody]\n        client: Ines is",
        ),
    )
    check(err, "nodes.n3.variants[0].if_known[0]", "unknown pain or fact 'nobody'")


def test_hidden_constraint_fact_must_be_a_fact(tmp_path):
    err = mini_fail(
        tmp_path, replace(MINI, "hidden_constraint_fact: freeze", "hidden_constraint_fact: frost")
    )
    check(err, "client.hidden_constraint_fact", "'frost' is not a fact id")


def test_hidden_constraint_that_no_learner_can_uncover(tmp_path):
    # the only move revealing the freeze needs a fact nobody can find first
    text = replace(
        MINI, "        reveals: [freeze]\n", "        reveals: [freeze]\n        needs: [fear]\n"
    )
    err = mini_fail(tmp_path, text)
    check(err, "client.hidden_constraint_fact", "no move on any path reveals 'freeze'")


def test_option_never_offered(tmp_path):
    text = replace(
        MINI,
        "        needs: [ines]\n        grade: best\n",
        "        needs: [fear]\n        grade: best\n",
    )
    text = replace(
        text,
        "          known: [ines]\n          grade: good\n          why: Fine",
        "          known: [fear]\n          grade: good\n          why: Fine",
    )
    err = mini_fail(tmp_path, text)
    check(err, "nodes.n3.options[0].needs", "option 'sit_with_ines' is never offered")


def test_endings_must_cover_every_level(tmp_path):
    err = mini_fail(
        tmp_path,
        replace(
            MINI,
            "  trusted_advisor: {client: Good talk. Call me next week., "
            "summary: You heard the real pains.}\n",
            "",
        ),
    )
    check(err, "endings.trusted_advisor", "is missing")


def test_endings_with_an_unknown_level(tmp_path):
    err = mini_fail(tmp_path, replace(MINI, "  order_taker: {", "  order_takr: {"))
    check(err, "endings.order_takr", "unknown key 'order_takr'")
    assert "did you mean 'order_taker'?" in str(err)


def test_ending_level_needs_a_last_line_and_summary(tmp_path):
    err = mini_fail(
        tmp_path,
        replace(
            MINI,
            "{client: Send me a ticket., summary: You were treated as an order taker.}",
            "{client: Send me a ticket.}",
        ),
    )
    check(err, "endings.order_taker.summary", "is missing")


def test_the_path_walk_is_memoised_not_enumerated(tmp_path):
    """40 nodes in a row of 2-way diamonds: 2**20 paths, but few states (no timing used)."""
    lines = ["start: d0", "trust_threshold: 3.5", "nodes:"]
    for i in range(20):
        nxt = f"d{i + 1}" if i < 19 else "e_partner"
        lines += [
            f"  d{i}:",
            "    client: Go on.",
            "    options:",
            f"      - {{id: a, say: Tell me more about step {i}., grade: best, next: {nxt}}}",
            f'      - {{id: b, say: "What else happens at step {i}?", grade: good, next: {nxt}}}',
        ]
    lines += [
        "  e_partner:",
        "    ending: strategic_partner",
        "    client: Done.",
        "    summary: Done.",
        "  e_order:",
        "    ending: order_taker",
        "    client: Bye.",
        "    summary: Bye.",
    ]
    head = MINI[: MINI.index("start: n1")]
    text = head + "\n".join(lines) + "\n"
    # keep every pain, fact and ending reachable: the first step reveals them all
    text = text.replace(
        "      - {id: a, say: Tell me more about step 0., grade: best, next: d1}",
        "      - {id: a, say: Tell me more about step 0., grade: best, next: d1, "
        "reveals: [slow, manual, key_person, fear, ines, freeze]}",
    )
    text = text.replace(
        '      - {id: b, say: "What else happens at step 19?", grade: good, next: e_partner}',
        '      - {id: b, say: "What else happens at step 19?", grade: good, next: e_order}',
    )
    s = mini(tmp_path, text)
    report = check_paths(s)
    assert report.ok and report.paths == 2**20
    assert report.states < 200  # memoised on (node, known, meters): shared sub-paths once


# --------------------------------------------------------------------------- playing them


def test_engine_offers_moves_and_lines_by_what_was_found(tmp_path):
    s = mini(tmp_path)
    budget = Conversation(s).play([0, 1])  # walk, then budget: the freeze, but not Ines
    assert [o.id for o in budget.options] == ["history", "ask_more", "ticket"]
    assert budget.transcript[-1].text == "Anything else?"
    assert budget.grade(budget.options[1]) == ("best", "")
    assert "freeze" in budget.known and budget.facts_found == ["freeze"]
    who = Conversation(s).play([0, 0])  # walk, then who: Ines comes up
    assert [o.id for o in who.options] == ["sit_with_ines", "history", "ask_more", "ticket"]
    assert who.transcript[-1].text.startswith("Ines is the one to talk to")
    assert who.grade(who.options[2]) == ("good", "Fine, but Ines was the lead to follow.")
    assert who.revealed == ["slow", "manual", "key_person"]  # facts are not pains found


def test_expert_path_follows_what_the_expert_found(tmp_path):
    s = mini(tmp_path)
    assert expert_choices(s) == [("n1", 0), ("n2", 0), ("n3", 0)]
    r = expert_run(s).result()
    assert r.relationship == "strategic_partner" and not r.capped_because
    assert r.client_line == "Ines will be glad. Let's do it."  # the variant, Ines being known
    assert r.summary == s.nodes["e_partner"].summary
    assert [m["option"] for m in r.journal_value()["moves"]] == ["walk", "who", "sit_with_ines"]


def test_a_capped_ending_shows_the_text_of_the_level_reached(tmp_path):
    s = mini(tmp_path)
    conv = Conversation(s).play([1, 0, 0])  # the demo first: trust never recovers
    r = conv.result()
    assert conv.node.ending == "strategic_partner" and r.node_relationship == "strategic_partner"
    assert r.relationship == "service_provider" and r.capped_because
    assert r.summary == s.level_endings["service_provider"].summary
    assert r.client_line == s.level_endings["service_provider"].client
    assert conv.transcript[-1].text == s.level_endings["service_provider"].client
    assert s.nodes["e_partner"].summary not in (r.summary, r.client_line)


def test_path_report_counts_paths_endings_and_caps(tmp_path):
    report = check_paths(mini(tmp_path))
    assert report.ok and report.hidden_revealed
    assert report.paths == sum(report.endings.values()) == len(list(all_runs(mini(tmp_path))))
    assert report.capped_paths == sum(
        n for (node, level), n in report.endings.items() if level != report.node_levels[node]
    )
    assert report.endings[("e_partner", "service_provider")] > 0


def test_figures_play_the_gaming_strategies_and_count_caps(tmp_path):
    s = mini(tmp_path)
    f = scenario_figures(s)
    assert f["strategies"]["always the first option"] == "strategic_partner"  # walk, who, Ines
    assert (
        f["strategies"]["always the shortest"]
        == play_strategy(
            s, lambda options: min(range(len(options)), key=lambda i: len(options[i].say))
        ).relationship
    )
    assert f["shape"] == {2: 1, 3: 1, 4: 1} and f["best_longest"] == 2
    assert f["top_paths"] == 8 and f["capped_top"] == 5 and f["contradictions"] == 0
    assert f["hidden"] == "yes" and f["problems"] == 0
    assert "always the longest" in figures_text([s])


def test_option_without_an_id(tmp_path):
    text = replace(MINI, "      - id: demo\n        say:", "      - say:")
    err = mini_fail(tmp_path, text)
    check(err, "nodes.n1.options[1].id", "the option has no 'id'")


def test_scenario_without_endings_per_level(tmp_path):
    start = MINI.index("endings:\n")
    end = MINI.index("start: n1")
    err = mini_fail(tmp_path, MINI[:start] + MINI[end:])
    check(err, "endings", "is missing: the end screen needs the client's last line")


def test_scenario_without_a_hidden_constraint_fact(tmp_path):
    err = mini_fail(tmp_path, replace(MINI, "  hidden_constraint_fact: freeze\n", ""))
    check(err, "client.hidden_constraint_fact", "is missing")


def test_expert_moves_name_the_option_the_offered_index_points_at(tmp_path):
    s = mini(tmp_path)
    moves = expert_moves(s)
    assert [o.id for _, o in moves] == ["walk", "who", "sit_with_ines"]
    conv = Conversation(s)
    for (nid, i), (nid2, o) in zip(expert_choices(s), moves, strict=True):
        assert nid == nid2 == conv.node_id and conv.options[i] is o
        conv.choose(i)


def _deep_indent(levels: int) -> str:
    return "a:\n" + "".join("  " * i + "b:\n" for i in range(1, levels))


@pytest.mark.parametrize(
    ("small", "large"),
    [
        ("[" * 500 + "]" * 500, "[" * 5000 + "]" * 5000),
        (_deep_indent(95), _deep_indent(300)),  # ~10x the characters
        (_laughs(4), _laughs(7)),  # 2x the lines, 729x the references if aliases were walked
    ],
    ids=["deep-brackets", "deep-indent", "alias-bomb"],
)
def test_hostile_yaml_cost_grows_with_the_file_only(tmp_path, small, large):
    """Quickly = a comparison inside the test (tests/growth.py), not a fixed time limit."""
    paths = []
    for name, text in (("small", small), ("large", large)):
        (tmp_path / name).mkdir()
        paths.append(tmp_path / name / "finance.yaml")
        paths[-1].write_text(text, encoding="utf-8")

    def refuse(path):
        for loader in (load_scenario, cg.load_pack):
            with pytest.raises(ScenarioError):
                loader(path)

    what = f"scenario loaders on {len(small):,} vs {len(large):,} characters"
    assert_growth(refuse, *paths, what=what)
