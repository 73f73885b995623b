"""Run sheets, the one talk time, and grouping: the sheets add up and respect each unit's own
stated time (read from the notebooks), the guide is rendered from the data, every printed or
written talk time is the one in data/timing.yaml, and any class size gets a grouping plan."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from partnerkit import guide, sessions
from partnerkit.data import DataError
from partnerkit.sessions import (
    grouping_plan,
    load_run_sheets,
    load_timing,
    rotation,
    stated_minutes,
    unit_path,
)

ROOT = Path(__file__).resolve().parents[2]
SHEETS = load_run_sheets(ROOT / "data" / "run_sheets.yaml", root=ROOT)
T = load_timing(ROOT / "data" / "timing.yaml")


# --------------------------------------------------------------------------- the sheets


def test_the_kit_has_the_four_sessions():
    assert {s.minutes for s in SHEETS.values()} >= {45, 90, 180}
    assert [s.minutes for s in SHEETS.values()].count(90) == 2  # the second 90-minute session


@pytest.mark.parametrize("sid", sorted(SHEETS))
def test_minutes_add_up_to_the_session(sid):
    sheet = SHEETS[sid]
    assert sum(s.minutes for s in sheet.segments) == sheet.minutes
    clocks = [s.start for s in sheet.segments]
    assert clocks == sorted(clocks) and clocks[0] == 0


@pytest.mark.parametrize("sid", sorted(SHEETS))
def test_each_unit_gets_its_stated_time_or_a_reason(sid):
    sheet = SHEETS[sid]
    for unit, minutes in sheet.unit_minutes().items():
        path = unit_path(unit, ROOT)
        assert path is not None, unit
        need = stated_minutes(path)
        if need is None:
            assert unit == "dashboard", f"{path.name} states no time"
            continue
        if minutes < need:
            reason = sheet.shortened.get(unit, "")
            assert len(reason.split()) >= 8, f"{sid}: {unit} gets {minutes} < {need}, no reason"
        else:
            assert unit not in sheet.shortened, f"{sid}: stale reason for {unit}"


def test_stated_minutes_are_read_from_the_notebooks_themselves(tmp_path):
    assert stated_minutes(unit_path("nb01", ROOT)) == 15
    assert stated_minutes(unit_path("nb04", ROOT)) == 15  # "15 to 20 minutes"
    time_cell = {"cell_type": "markdown", "source": ["## Time needed\n\nAbout 12 minutes."]}
    nb = {"cells": [{"cell_type": "markdown", "source": ["# T\n"]}, time_cell]}
    p = tmp_path / "x.ipynb"
    p.write_text(json.dumps(nb), encoding="utf-8")
    assert stated_minutes(p) == 12
    nb["cells"][1]["source"] = ["## Objectives\n\nNone"]
    p.write_text(json.dumps(nb), encoding="utf-8")
    assert stated_minutes(p) is None


def test_the_90_minute_session_has_two_live_triad_rounds_and_notebook_07():
    s90 = [s for s in SHEETS.values() if s.minutes == 90 and s.rounds][0]
    assert s90.rounds >= 2
    rounds = [s for s in s90.segments if s.round]
    assert [s.round for s in rounds] == list(range(1, len(rounds) + 1))
    assert all(s.unit == "ex05" for s in rounds)
    for sheet in (s90, *[s for s in SHEETS.values() if s.minutes == 180]):
        nb07 = [s for s in sheet.segments if s.unit == "nb07"]
        assert nb07 and any("§1-2" in s.sections for s in nb07), sheet.id


def test_every_round_lasts_read_plus_talk_plus_feedback():
    for sheet in SHEETS.values():
        for s in sheet.segments:
            if s.round:
                assert s.minutes == T.read_minutes + T.talk_minutes + T.feedback_minutes


def test_every_sheet_ends_with_an_export():
    for sheet in SHEETS.values():
        assert sheet.segments[-1].unit == "nb09", sheet.id


def test_exercise_times_cover_their_rounds_at_the_one_talk_time():
    # the exercises state totals in prose; these must hold at the talk time in data/timing.yaml
    assert stated_minutes(unit_path("ex05", ROOT)) >= 2 * T.round_minutes
    assert stated_minutes(unit_path("ex03", ROOT)) >= 3 * T.round_minutes
    assert stated_minutes(unit_path("ex04", ROOT)) >= T.cg_minutes


# --------------------------------------------------------------------------- bad input


def _sheets_with(tmp_path, old: str, new: str) -> Path:
    text = (ROOT / "data" / "run_sheets.yaml").read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "run_sheets.yaml"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "old,new,expect",
    [
        ("      - minutes: 15\n        unit: nb01", "      - minutes: 14\n        unit: nb01",
         "add up to 44 minutes"),
        ("unit: ex02", "unit: ex09", "unknown unit"),
        ("        round: 1\n", "        round: 1\n        colour: red\n", "unknown key 'colour'"),
        ("      nb09: >-\n        In class learners only", "      nb01: >-\n        In class",
         "out of date"),
        ("    shortened:\n      nb08:", "    shortened_off:\n      nb08:", "unknown key"),
    ],
)  # fmt: skip
def test_a_broken_run_sheet_names_file_line_and_fix(tmp_path, old, new, expect):
    path = _sheets_with(tmp_path, old, new)
    with pytest.raises(DataError) as exc:
        load_run_sheets(path, timings=T, root=ROOT)
    msg = str(exc.value)
    assert expect in msg and "run_sheets.yaml" in msg and "Fix:" in msg
    assert re.search(r"line \d+", msg), msg


def test_a_unit_short_of_its_time_without_a_reason_is_refused(tmp_path):
    path = _sheets_with(
        tmp_path,
        "      nb07: >-\n        Only §1-2 (the case",
        "      ex05: >-\n        Only (the case",
    )
    with pytest.raises(DataError, match="notebook 07 gets 13 minutes"):
        load_run_sheets(path, timings=T, root=ROOT)


def test_a_round_that_does_not_match_the_timing_is_refused(tmp_path):
    text = (ROOT / "data" / "timing.yaml").read_text(encoding="utf-8")
    p = tmp_path / "timing.yaml"
    p.write_text(text.replace("talk_minutes: 8", "talk_minutes: 9", 1), encoding="utf-8")
    with pytest.raises(DataError, match="a triad round lasts 16 minutes"):
        load_run_sheets(ROOT / "data" / "run_sheets.yaml", timings=load_timing(p), root=ROOT)


def test_a_no_solution_time_as_long_as_the_talk_is_refused(tmp_path):
    text = (ROOT / "data" / "timing.yaml").read_text(encoding="utf-8")
    p = tmp_path / "timing.yaml"
    p.write_text(text.replace("no_solution_minutes: 5", "no_solution_minutes: 8"), "utf-8")
    with pytest.raises(DataError, match="not less than talk_minutes"):
        load_timing(p)


# --------------------------------------------------------------------------- the guide


def test_the_guide_is_rendered_from_the_data():
    text = (ROOT / "instructor" / "README.md").read_text(encoding="utf-8")
    assert guide.render_guide(text) == text, "run: python -m partnerkit.guide"
    for sheet in SHEETS.values():
        assert f"### {sheet.title}" in text
        for why in sheet.shortened.values():
            assert why in text  # every reason is shown in the guide


def test_the_guide_renderer_replaces_a_stale_block():
    text = (ROOT / "instructor" / "README.md").read_text(encoding="utf-8")
    stale = text.replace("| 0:05 | 15 |", "| 0:05 | 99 |", 1)
    assert stale != text and guide.render_guide(stale) == text


def test_guide_check_command(capsys):
    assert guide.main(["--check"]) == 0


# --------------------------------------------------------------------------- one talk time

WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}  # fmt: skip
WORDS.update({"twenty-five": 25, "thirty": 30, "forty": 40, "forty-five": 45})
N = "(\\d+|" + "|".join(sorted(WORDS, key=len, reverse=True)) + ")"
TALK_PATTERNS = [
    rf"\b{N}[- ]minutes? (?:to|of) talk",
    rf"\btalk(?:ing)? for (?:the first |about )?{N} minutes",
    rf"\b{N}[- ]minute (?:discovery |live )?conversation",
    rf"\bno solution talk (?:for|in) the first {N}\b",
    rf"\btalk time:? (?:you play the first )?{N} minutes",
    rf"\b{N} to talk\b",
    rf"\bfirst {N} minutes of this meeting",
    rf"^Time: {N} minutes\.",
]
NO_SOLUTION = re.compile(r"solution talk (?:for|in) the first", re.I)


def talk_numbers(text: str) -> list[tuple[str, int | None]]:
    """Every talk-time number in the text, once each, with the words around it."""
    found: dict[int, tuple[str, int | None]] = {}
    for pat in TALK_PATTERNS:
        for m in re.finditer(pat, text, re.I | re.M):
            word = m.group(1).lower()
            value = int(word) if word.isdigit() else WORDS.get(word)
            found[m.start(1)] = (text[max(0, m.start() - 12) : m.end()], value)
    return [found[k] for k in sorted(found)]


def allowed(phrase: str) -> set[int]:
    if NO_SOLUTION.search(phrase):
        return {T.no_solution_minutes}
    return {T.talk_minutes, T.cg_talk_minutes}


def test_the_talk_number_finder_finds_the_old_inconsistencies():
    old = "run an 8-minute discovery conversation; Talk for 12 minutes. No solution talk for the "
    old += "first eight minutes. 2 to prepare, 8 to talk, 5 to debrief.\nTime: 25 minutes."
    assert sorted(v for _, v in talk_numbers(old)) == [8, 8, 8, 12, 25]
    assert talk_numbers("forty minutes a shift on paper; a call in five minutes") == []


def test_notebook_prose_states_no_talk_time():
    """Markdown cannot read data/timing.yaml: notebooks point to the card or a code cell."""
    for nb in [*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "exercises").glob("*.ipynb")]:
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        prose = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        assert talk_numbers(prose) == [], f"{nb.name}: {talk_numbers(prose)}"


def test_the_guide_states_only_the_one_talk_time():
    text = (ROOT / "instructor" / "README.md").read_text(encoding="utf-8")
    found = talk_numbers(text)
    assert found, "the guide should state the talk time (from the data)"
    assert all(v in allowed(p) for p, v in found), found
    assert f"{T.talk_minutes} minutes to talk" in text


@pytest.fixture(scope="module")
def cards(tmp_path_factory):
    from partnerkit.roleplay.cards import build

    out = tmp_path_factory.mktemp("cards")
    build(out / "cards", instructor=True)
    return out


def test_printed_cards_state_only_the_one_talk_time(cards):
    texts = [p.read_text(encoding="utf-8") for p in cards.rglob("*.md")]
    assert texts
    found = [f for t in texts for f in talk_numbers(t)]
    assert all(v in allowed(p) for p, v in found), [f for f in found if f[1] not in allowed(f[0])]
    partner = (cards / "cards" / "finance" / "it_partner.md").read_text(encoding="utf-8")
    assert f"No solution talk for the first {T.no_solution_minutes} minutes." in partner
    assert len(NO_SOLUTION.findall(partner)) == 1  # the scenario's own rule is replaced
    brief = (cards / "cards" / "finance" / "brief.md").read_text(encoding="utf-8")
    assert f"first {T.talk_minutes} minutes of this meeting" in brief


def test_cards_follow_a_changed_timing_file(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    text = (data / "timing.yaml").read_text(encoding="utf-8")
    text = text.replace("talk_minutes: 8", "talk_minutes: 11").replace(
        "no_solution_minutes: 5", "no_solution_minutes: 6"
    )
    (data / "timing.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("PARTNERKIT_DATA", str(data))
    from partnerkit.roleplay.cards import partner_card, student_handouts
    from partnerkit.roleplay.loader import load_scenarios

    s = load_scenarios(data / "scenarios")["finance"]
    rules = next(x for x in partner_card(s).sections if x.heading == "Your rules").items
    assert rules[0] == "No solution talk for the first 6 minutes."
    brief = student_handouts(s)[0].cards[0]
    assert any("first 11 minutes" in p for sec in brief.sections for p in sec.paragraphs)
    assert sessions.timing().round_minutes == T.read_minutes + 11 + T.feedback_minutes


# --------------------------------------------------------------------------- grouping


@pytest.mark.parametrize("n", range(2, 61))
def test_grouping_plan_places_everyone_once(n):
    plan = grouping_plan(n)
    assert sum(g.size for g in plan.groups) == n
    assert plan.fours <= 1 and plan.pairs <= 1 and not (plan.fours and plan.pairs)
    assert plan.triads == (n - 4 * plan.fours - 2 * plan.pairs) // 3
    if n % 3 == 0:
        assert plan.groups and all(g.kind == "triad" for g in plan.groups)
    cards = plan.cards_per_round()
    assert cards["IT-partner card"] == len(plan.groups) == cards["time-out card"]
    assert cards["public brief"] == n
    assert cards["client card"] == plan.triads + plan.fours
    assert cards["observer card"] == plan.triads + 2 * plan.fours + plan.pairs


def test_grouping_for_the_example_classes():
    assert (grouping_plan(24).triads, grouping_plan(24).fours, grouping_plan(24).pairs) == (8, 0, 0)
    assert (grouping_plan(25).triads, grouping_plan(25).fours, grouping_plan(25).pairs) == (7, 1, 0)
    assert (grouping_plan(23).triads, grouping_plan(23).fours, grouping_plan(23).pairs) == (7, 0, 1)
    assert grouping_plan(2).pairs == 1 and grouping_plan(4).fours == 1
    assert grouping_plan(23).cards_per_round(instructor_client=True)["client card"] == 8


@pytest.mark.parametrize("bad", [0, 1, -3, 2.5, "24", True])
def test_grouping_plan_refuses_impossible_classes(bad):
    with pytest.raises(ValueError):
        grouping_plan(bad)


def test_rotation_gives_every_seat_to_everyone():
    for kind in ("triad", "four", "pair"):
        n = len(sessions.ROLES[kind])
        table = rotation(kind, n)
        assert all(len(set(r)) == n for r in table)  # one seat each per round
        assert all(len({r[i] for r in table}) == n for i in range(n))  # each role, everyone
    assert rotation("triad", 3) == [("A", "B", "C"), ("B", "C", "A"), ("C", "A", "B")]


def test_the_guide_shows_the_example_plans():
    text = (ROOT / "instructor" / "README.md").read_text(encoding="utf-8")
    for n in (24, 25, 23):
        assert grouping_plan(n).summary() in text
