"""Malformed scenario, key and common-ground files: each raises one DataError that names the
file, the field path (and the line where there is one) and a fix an instructor can follow.

Each case starts from the real, valid finance.yaml (or its key / the common-ground pack) and
changes one thing, as an instructor editing the file might.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from partnerkit.data import DataError
from partnerkit.roleplay import common_ground as cg
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
        "      - say: A\n        grade: best\n        next: e_order\n"
        "      - say: B\n        grade: good\n        next: e_service\n"
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
def test_hostile_yaml_is_refused_quickly_with_a_data_error(tmp_path, text, problem):
    path = tmp_path / "finance.yaml"
    path.write_text(text, encoding="utf-8")
    t0 = time.process_time()
    for loader in (load_scenario, cg.load_pack):
        with pytest.raises(ScenarioError, match=problem) as info:
            loader(path)
        assert "finance.yaml" in str(info.value) and "Fix: " in str(info.value)
    assert time.process_time() - t0 < 1.0
