"""The class dashboard's loader and summaries: good files, bad files, 200 files, anonymise."""

from __future__ import annotations

import importlib.util
import json
import time

import pytest
from growth import assert_growth

from partnerkit import classroom, export
from partnerkit.data import stat
from partnerkit.journal import Journal

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
STAT = "pwc_outside_cio_2015"


def _doc(learner, entries, exported="2026-03-02T10:00:00+00:00"):
    return {
        "format": "partnerkit-export",
        "version": 1,
        "learner": learner,
        "exported": exported,
        "entries": {k: {"value": v, "saved": exported} for k, v in entries.items()},
    }


def _write(folder, name, doc):
    path = folder / name
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "class"
    d.mkdir()
    # a real export written by the export module itself
    j = Journal(tmp_path / "j.json")
    j.update(
        {
            "01.predict.outside_it": {"guess": 40, "actual": 999, "stat_id": STAT},
            "04.levers": {"alignment": 4, "transparency": 2, "accountability": 3, "partnership": 1},
            "ex.coach.questions": [
                {"text": "Talk me through last month?", "flags": [], "form": "open"},
                {"text": "Don't you agree?", "flags": ["leading"], "form": "closed"},
            ],
            "ex.solo.marketing_vp": {"relationship": "trusted_advisor", "pains_found": 4,
                                     "pains_total": 6, "path": ["a", "b"]},
        }
    )  # fmt: skip
    export.write_exports(export.collect(j, "Ana García"), d)
    _write(d, "bo.json", _doc("Bo", {
        "01.predict.outside_it": {"guess": 80, "stat_id": "pwc_outside_cio_2015"},
        "04.levers": {"alignment": 9, "transparency": 5, "accountability": 3, "partnership": 2},
        "ex.coach.questions": [{"text": "Would you buy it?", "flags": ["hypothetical", "closed"]}],
        "ex.solo.marketing_vp": {"relationship": "Order taker", "pains_found": 1, "pains_total": 6},
        "02.predict.unknown": {"guess": 10, "stat_id": "no_such_stat"},
    }))  # fmt: skip
    # Bo exported twice: the older file must be set aside
    _write(d, "bo-old.json", _doc("  bo ", {}, exported="2026-03-01T09:00:00+00:00"))
    # bad files
    _write(d, "truncated.json", '{"format": "partnerkit-export", "vers')
    _write(d, "journal.json", json.dumps({"format": "partnerkit-journal", "entries": {}}))
    _write(d, "future.json", json.dumps({**_doc("F", {}), "version": 7}))
    _write(
        d, "no-learner.json", json.dumps({k: v for k, v in _doc("x", {}).items() if k != "learner"})
    )
    _write(d, "bad-entry.json", json.dumps({**_doc("E", {}), "entries": {"04.levers": 3}}))
    _write(d, "list.json", "[1, 2, 3]")
    (d / "latin1.json").write_bytes('{"learner": "Jos\xe9"}'.encode("latin-1"))
    (d / "huge.json").write_text(json.dumps(_doc("H", {"x": "y" * 1_100_000})), encoding="utf-8")
    return d


def test_good_and_bad_files(folder):
    work = classroom.load_class(folder)
    assert [s.learner for s in work.submissions] == ["Ana García", "Bo"]
    reasons = {i.file: i.reason for i in work.invalid}
    assert set(reasons) == {
        "truncated.json", "journal.json", "future.json", "no-learner.json",
        "bad-entry.json", "list.json", "latin1.json", "huge.json",
    }  # fmt: skip
    assert "not JSON (line 1" in reasons["truncated.json"]
    assert "partnerkit-journal" in reasons["journal.json"]
    assert "version 7" in reasons["future.json"] and "update the kit" in reasons["future.json"]
    assert "'learner'" in reasons["no-learner.json"]
    assert "04.levers" in reasons["bad-entry.json"]
    assert "not a JSON object" in reasons["list.json"]
    assert "not UTF-8" in reasons["latin1.json"]
    assert "MB" in reasons["huge.json"] and "limit" in reasons["huge.json"]
    assert all("Fix:" in r for r in reasons.values())
    assert [i.file for i in work.superseded] == ["bo-old.json"]
    assert work.ignored == 2, "the .md and .html copies of the export are skipped quietly"
    table = work.invalid_table()
    assert len(table) == 9 and "bo.json was used" in table.iloc[-1, 1]


def test_predictions_use_the_figures_in_statistics_csv(folder):
    work = classroom.load_class(folder)
    df = work.predictions()
    real = stat("pwc_outside_cio_2015").value
    assert sorted(df["guess"]) == [40, 80]
    assert set(df["actual"]) == {real}, "the file's own 'actual' (999) is never trusted"
    assert sorted(df["gap"]) == sorted([40 - real, 80 - real])
    assert any("no_such_stat" in n for n in work.notes)
    chart = work.prediction_chart()
    diamonds = [t for t in chart.figure.data if t.type == "scatter"]
    assert list(diamonds[0].x) == [real]
    summary = work.prediction_summary()
    assert summary.loc[0, "Median guess"] == 60 and summary.loc[0, "Learners"] == 2


def test_levers_coach_and_roleplays(folder):
    work = classroom.load_class(folder)
    levers = work.lever_summary().set_index("Lever")
    assert levers.loc["Alignment", "Learners"] == 1, "a score of 9 is outside 1-5: skipped"
    assert (
        levers.loc["Transparency", "Scored 2"] == 1 and levers.loc["Transparency", "Scored 5"] == 1
    )
    assert levers.loc["Partnership", "Mean"] == 1.5
    coach = work.coach().set_index("learner")
    assert (
        coach.loc["Ana García", "questions"] == 2 and coach.loc["Ana García", "without flags"] == 1
    )
    flags = dict(
        zip(work.coach_flags()["Flag"], work.coach_flags()["Questions flagged"], strict=True)
    )
    assert flags == {"leading": 1, "hypothetical": 1, "closed": 1}
    rp = work.roleplay_summary().set_index("Scenario")
    assert rp.loc["marketing_vp", "Ended as trusted advisor"] == 1
    assert rp.loc["marketing_vp", "Ended as order taker"] == 1
    assert rp.loc["marketing_vp", "Median pains found"] == 2.5
    chart = work.roleplay_chart()
    assert [t.name for t in chart.figure.data] == ["order taker", "trusted advisor"]


def test_observer_rounds_are_summarised(tmp_path):
    rnd = {"round": 1, "counts": {"pain": 3}, "metrics": {"questions": 10, "percent_open": 70.0,
           "reflection_to_question": 0.2, "talk_share_it": 45.0}}  # fmt: skip
    _write(tmp_path, "a.json", _doc("A", {"ex.observer.rounds": [rnd, {**rnd, "round": 2,
           "metrics": {"percent_open": 30.0}, "counts": {}}, "not a round"]}))  # fmt: skip
    work = classroom.load_class(tmp_path)
    df = work.observer()
    assert len(df) == 2 and list(df["% open"]) == [70.0, 30.0]
    summary = work.observer_summary().set_index("Measure")
    assert summary.loc["% open", "Median"] == 50.0 and summary.loc["% open", "Rounds"] == 2
    assert summary.loc["pains surfaced", "Rounds"] == 1
    assert work.overview().loc[0, "Observer rounds"] == 3


def test_anonymise_gives_stable_pseudonyms_and_hides_names(folder):
    a = classroom.load_class(folder, anonymise=True)
    b = classroom.load_class(folder, anonymise=True)
    names = [s.learner for s in a.submissions]
    assert names == [s.learner for s in b.submissions]
    assert all(n.startswith("learner-") for n in names) and len(set(names)) == 2
    assert classroom.pseudonym("Bo") == classroom.pseudonym("  BO ")
    assert classroom.pseudonym("Bo", salt="class-2") != classroom.pseudonym("Bo")
    shown = " ".join(
        [a.overview().to_string(), a.coach().to_string(), a.predictions().to_string()]
        + [c.alt_text + c.takeaway for c in (a.prediction_chart(), a.coach_chart())]
    )
    assert "Ana" not in shown and "Bo " not in shown and "García" not in shown


def test_empty_folder_and_missing_folder(tmp_path):
    work = classroom.load_class(tmp_path)
    assert work.submissions == [] and work.prediction_chart() is None
    assert work.levers_chart() is None and work.coach_chart() is None
    with pytest.raises(FileNotFoundError, match="not a folder"):
        classroom.load_class(tmp_path / "nope")


def _sample_tool():
    spec = importlib.util.spec_from_file_location(
        "make_sample_exports", ROOT / "tools" / "make_sample_exports.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_two_hundred_exports_load_quickly(tmp_path, capsys):
    import random

    tool = _sample_tool()
    rng = random.Random(7)
    for i in range(200):
        doc = tool.export_doc(i, rng, day=2, minute=i % 60)
        doc["learner"] = f"Learner {i:03d}"
        text = json.dumps(doc)
        (tmp_path / f"s{i:03d}.json").write_text(text, encoding="utf-8")
        if i < 20:  # the same first 20 exports alone, for the growth comparison below
            (tmp_path / "twenty").mkdir(exist_ok=True)
            (tmp_path / "twenty" / f"s{i:03d}.json").write_text(text, encoding="utf-8")
    start = time.perf_counter()
    work = classroom.load_class(tmp_path)
    charts = [
        work.prediction_chart(),
        work.levers_chart(),
        work.coach_chart(),
        work.roleplay_chart(),
    ]
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n[timing] 200 exports: load {work.seconds:.3f} s, load + 4 charts {elapsed:.3f} s")
    assert len(work.submissions) == 200 and not work.invalid
    assert all(c is not None for c in charts)
    # quickly = no worse than linear in the class size (10x the exports, at most ~20x the
    # time; tests/growth.py); the absolute figure is printed above and measured by make bench
    assert_growth(classroom.load_class, tmp_path / "twenty", tmp_path, what="20 vs 200 exports")


def test_committed_samples_are_what_the_tool_makes(tmp_path):
    tool = _sample_tool()
    tool.write(tmp_path / "s")
    committed = ROOT / "instructor" / "sample_exports"
    made = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert made == sorted(p.name for p in committed.iterdir())
    for name in made:
        assert (tmp_path / "s" / name).read_bytes() == (committed / name).read_bytes(), name
    work = classroom.load_class(committed)
    assert len(work.invalid) == 4 and len(work.superseded) == 1 and len(work.submissions) == 24
    assert all("Synthetic learner" in s.learner for s in work.submissions)


# --------------------------------------------------------------------------- debrief prompts
# Each test builds a class where one pattern holds, then the opposite class, and checks that
# the prompt says what the data shows and never the opposite.


def _class(tmp_path, learners: dict[str, dict], **kw) -> classroom.ClassWork:
    d = tmp_path / f"class{len(list(tmp_path.iterdir()))}"
    d.mkdir()
    for i, (name, entries) in enumerate(learners.items()):
        _write(d, f"file-of-{i}.json", {**_doc(name, entries), "version": export.VERSION})
    return classroom.load_class(d, **kw)


def _guesses(*gaps):
    actual = stat(STAT).value
    return {
        f"L{i}": {"01.predict.outside_it": {"guess": actual + g, "stat_id": STAT}}
        for i, g in enumerate(gaps)
    }


def test_prediction_prompt_says_lower_only_when_most_guessed_lower(tmp_path):
    lower = _class(tmp_path, _guesses(-20, -10, -5, 3)).prompt("predictions")
    assert "Most of you (3 of 4) guessed lower" in lower and "higher than" not in lower
    higher = _class(tmp_path, _guesses(20, 10, 5, -3)).prompt("predictions")
    assert "Most of you (3 of 4) guessed higher" in higher and "guessed lower" not in higher
    split = _class(tmp_path, _guesses(20, 10, -5, -3)).prompt("predictions")
    assert "split" in split and "Most of you" not in split
    few = _class(tmp_path, _guesses(-20, -10)).prompt("predictions")
    assert "too few" in few and "Most of you" not in few and "guessed lower" not in few


def _move(node, option, grade):
    return {"node": node, "option": option, "grade": grade, "typed": False}


def _solo(level, moves=None, attempts=None, pains=3):
    v = {"ending": f"end_{level}", "relationship": level, "pains_found": pains,
         "pains_total": 6, "path": ["n1", "n2"], "trust": {}}  # fmt: skip
    if moves is not None:
        v["moves"] = moves
    if attempts is not None:
        v["attempts"] = attempts
    return {"ex.solo.synthetic_scn": v}


OPEN_WELL = [
    _move("n1", "ask_week", "best"),
    _move("n2", "reflect", "best"),
    _move("n3", "x", "good"),
]
OPEN_BADLY = [
    _move("n1", "pitch_tool", "weak"),
    _move("n3", "defend", "weak"),
    _move("n4", "y", "good"),
]


def test_first_moves_and_the_trusted_advisor_prompt(tmp_path):
    work = _class(
        tmp_path,
        {
            "A": _solo("trusted_advisor", OPEN_WELL),
            "B": _solo("strategic_partner", OPEN_WELL),
            "C": _solo("order_taker", OPEN_BADLY),
            "D": _solo("trusted_advisor"),  # an older export: no moves
        },
    )
    table = work.first_moves().set_index("Ended as")
    assert table.loc["trusted advisor", "Learners with moves"] == 1
    assert table.loc["trusted advisor", "Learners without moves (unknown)"] == 1
    assert table.loc["order taker", "Most common first three moves"].startswith("n1: pitch_tool")
    assert table.loc["order taker", "First three: weak"] == "67%"
    outcomes = work.prompt("roleplays")
    assert "4 role-play results; the most common ending was trusted advisor (2)" in outcomes
    assert "3 ended as trusted advisor or higher" in outcomes
    said = work.prompt("first_moves")
    assert "2 conversation(s) ended as trusted advisor or higher" in said
    assert "2 of them opened with n1: ask_week → n2: reflect → n3: x" in said
    assert "held more best moves than the others' (67% against 0%)" in said
    # the opposite class: nobody reached trusted advisor
    none = _class(
        tmp_path,
        {k: _solo("order_taker", OPEN_BADLY) for k in "ABC"} | {"D": _solo("service_provider")},
    ).prompt("first_moves")
    assert "No role-play in these exports ended as trusted advisor" in none
    assert "opened with" not in none and "held" not in none
    # trusted advisors, but none with moves: unknown, never guessed
    old = _class(tmp_path, {k: _solo("trusted_advisor") for k in "ABC"}).prompt("first_moves")
    assert "no move data" in old and "opened" not in old


def test_most_chosen_weak_move_per_node(tmp_path):
    work = _class(
        tmp_path,
        {
            "A": _solo("order_taker", OPEN_BADLY),
            "B": _solo("order_taker", OPEN_BADLY),
            "C": _solo("trusted_advisor", OPEN_WELL),
            "D": _solo("order_taker", [_move("n1", "blame", "weak")]),
            "E": _solo("order_taker"),  # no moves: unknown
        },
    )
    table = work.weak_moves().set_index("Node")
    assert table.loc["n1", "Most-chosen weak move"] == "n1: pitch_tool"
    assert table.loc["n1", "Chosen by"] == 2 and table.loc["n1", "Learners at this node"] == 4
    assert set(table["Learners without move data (unknown)"]) == {1}
    said = work.prompt("weak_moves")
    assert "n1: pitch_tool in synthetic_scn: 2 of the 4 learners" in said
    assert "1 role-play(s) without move data" in said
    spread = _class(
        tmp_path,
        {"A": _solo("order_taker", OPEN_BADLY), "B": _solo("x", [_move("n1", "blame", "weak")])},
    ).prompt("weak_moves")
    assert "No weak move was chosen by more than one learner" in spread


def test_first_against_latest_attempt(tmp_path):
    first = {"relationship": "order_taker", "pains_found": 1, "number": 1, "moves": OPEN_BADLY}
    latest = {"relationship": "trusted_advisor", "pains_found": 4, "number": 2, "moves": OPEN_WELL}
    work = _class(
        tmp_path,
        {
            "A": _solo("trusted_advisor", OPEN_WELL, [first, latest], pains=4),
            "B": _solo("order_taker", OPEN_BADLY, [first, {**first, "number": 2}], pains=1),
            "C": _solo("service_provider", pains=2),  # older export: one attempt
        },
    )
    row = work.attempts().iloc[0]
    assert (row["Learners"], row["Played more than once"]) == (3, 2)
    assert (row["Latest ended higher"], row["Same level"], row["Latest ended lower"]) == (1, 1, 0)
    assert row["Median pains found, first attempt"] == 1.0
    assert row["Median pains found, latest attempt"] == 2.0
    said = work.prompt("attempts")
    assert "2 replay(s)" in said and "higher on the relationship ladder in 1" in said
    nobody = _class(tmp_path, {k: _solo("order_taker") for k in "ABC"}).prompt("attempts")
    assert "Nobody in these exports played a scenario more than once" in nobody


def _round(n, scenario, open_, closed, it, client, pitch_at=None, mode="full", **kw):
    from partnerkit.roleplay import observer as obs

    counts = dict.fromkeys(obs.COUNTERS, 0) | {"open": open_, "closed": closed}
    events = []
    if pitch_at is not None:
        counts["pitch"] = 1
        events = [{"at": pitch_at, "what": "pitch"}]
    rec = obs.round_from_dict(
        {
            "round": n,
            "scenario": scenario,
            "counts": counts,
            "mode": mode,
            "events": events,
            "talk_seconds": {"it": it, "client": client},
            **kw,
        }  # fmt: skip
    )
    return rec.to_dict()


def test_observer_rounds_by_scenario_and_the_talk_prompt(tmp_path):
    rounds = [
        _round(1, "marketing", 8, 2, 100, 300, pitch_at=190, pains_found=["a"], pains_total=6),
        _round(2, "marketing", 2, 8, 300, 100, pitch_at=70, pains_found=["a", "b"], pains_total=6),
        _round(3, "finance", 6, 4, 120, 280),
        _round(4, "finance", 3, 7, 280, 120),
        _round(5, "finance", 0, 0, 200, 200, mode="timer"),
    ]
    work = _class(tmp_path, {"A": {"ex.observer.rounds": rounds}})
    table = work.observer_scenarios().set_index("Scenario")
    assert table.loc["marketing", "Median first pitch (min:s)"] == "02:10"
    assert table.loc["marketing", "Median pains ticked"] == 1.5
    assert table.loc["finance", "Timer-only rounds"] == 1
    assert table.loc["finance", "Median first pitch (min:s)"] == "no timed pitch"
    assert table.loc["finance", "Median IT talk share (%)"] == 50.0
    said = work.prompt("observer_scenarios")
    assert "in marketing the first pitch came at a median of 02:10 (2 of 2 rounds" in said
    assert "finance the first" not in said
    talk = work.prompt("observer")
    assert "the IT partner talked less (median 27.5% of the time)" in talk
    # the opposite: the most open rounds are the talkative ones
    flipped = [
        _round(1, "s", 8, 2, 300, 100),
        _round(2, "s", 7, 3, 280, 120),
        _round(3, "s", 2, 8, 100, 300),
        _round(4, "s", 3, 7, 120, 280),
    ]
    said = _class(tmp_path, {"A": {"ex.observer.rounds": flipped}}).prompt("observer")
    assert "talked more" in said and "talked less" not in said
    assert "too few" in _class(tmp_path, {"A": {"ex.observer.rounds": flipped[:3]}}).prompt(
        "observer"
    )


def test_board_plan_pools_notes_and_escapes_them(tmp_path):
    rounds = [
        _round(1, "s", 1, 1, 1, 1, worked=["Asked about last Friday", "<b>summary</b>"],
               to_change=["fewer yes/no questions", ""], best_question="What happened?"),
        _round(2, "s", 1, 1, 1, 1, worked=["asked about  last friday.", ""],
               to_change=["Fewer yes/no questions", "slow down"]),
    ]  # fmt: skip
    work = _class(tmp_path, {"A": {"ex.observer.rounds": rounds}})
    plan = work.board_plan()
    assert plan["worked"][0] == ("Asked about last Friday", 2)
    assert plan["to_change"][0] == ("fewer yes/no questions", 2)
    assert plan["best_question"] == [("What happened?", 1)]
    page = classroom.board_plan_html(plan)
    assert "<b>summary" not in page and "&lt;b&gt;summary" in page and "<bdi" in page
    assert "2 came up in more than one round" in work.prompt("board_plan")
    none = _class(tmp_path, {"A": {"04.levers": {"alignment": 3}}}).prompt("board_plan")
    assert "No 2 + 2 notes" in none


def _conf(pre, post):
    from partnerkit import confidence as conf

    out = {}
    if pre is not None:
        out[conf.PRE_KEY] = conf.saved_value({"discovery": pre, "next_step": 3})
    if post is not None:
        out[conf.POST_KEY] = conf.saved_value({"discovery": post, "next_step": 3})
    return out


def test_confidence_shift_prompt_follows_the_data(tmp_path):
    work = _class(
        tmp_path, {"A": _conf(2, 4), "B": _conf(3, 4), "C": _conf(2, 2), "D": _conf(5, None)}
    )
    table = work.confidence().set_index("Statement")
    row = table.loc["Run a discovery conversation"]
    assert row["Learners (rated before and after)"] == 3 and row["Mean shift"] == 1.0
    assert (row["Rated higher after"], row["Same"], row["Rated lower after"]) == (2, 1, 0)
    assert table.loc["Ask open questions", "Learners (rated before and after)"] == 0
    said = work.prompt("confidence")
    assert "biggest rise: run a discovery conversation (mean shift +1" in said
    assert "lower after" not in said
    down = _class(tmp_path, {k: _conf(4, 2) for k in "ABC"}).prompt("confidence")
    assert "No statement was rated higher on average" in down and "rise" not in down
    assert "rated lower after (mean shift -2)" in down
    few = _class(tmp_path, {"A": _conf(2, 4), "B": _conf(1, 5)}).prompt("confidence")
    assert "too few" in few and "rise" not in few


def test_lever_and_coach_prompts_follow_the_data(tmp_path):
    lv = {"alignment": 2, "transparency": 4, "accountability": 4, "partnership": 5}
    said = _class(tmp_path, {k: {"04.levers": lv} for k in "ABC"}).prompt("levers")
    assert said.startswith("The class rated alignment lowest")
    tie = {**lv, "partnership": 2}
    said = _class(tmp_path, {k: {"04.levers": tie} for k in "ABC"}).prompt("levers")
    assert "alignment and partnership equally lowest" in said
    clean = [{"text": "What happened?", "flags": [], "form": "open"}]
    said = _class(tmp_path, {k: {"ex.coach.questions": clean} for k in "ABC"}).prompt("coach")
    assert "None of the 3 questions drew a flag" in said and "most common flag" not in said


def test_new_tables_and_prompts_show_no_names_or_file_names_when_anonymised(tmp_path):
    rounds = [_round(1, "s", 3, 1, 10, 20, pitch_at=30, interviewer="Zed Quux")]
    entries = {
        **_solo("trusted_advisor", OPEN_WELL, [{"relationship": "order_taker"}, {}]),
        **_conf(2, 4),
        "ex.observer.rounds": rounds,
    }
    work = _class(tmp_path, {"Zed Quux": entries, "Amy Quux": entries, "Bob Quux": entries},
                  anonymise=True)  # fmt: skip
    shown = [getattr(work, p)().to_string() for p in classroom.DEBRIEF_TABLES if p != "board_plan"]
    shown += [work.prompt(p) for p in classroom.PROMPTS]
    shown.append(classroom.board_plan_html(work.board_plan()))
    text = " ".join(shown)
    assert "Quux" not in text and "file-of" not in text and "learner-" not in text


def test_show_every_debrief_part(tmp_path, capsys):
    work = _class(tmp_path, {"A": _solo("order_taker", OPEN_BADLY), "B": _conf(1, 2)})
    for part in [*classroom.DEBRIEF_TABLES, "predictions", "observer"]:
        work.show(part)
    with pytest.raises(ValueError):
        work.show("nonsense")


@pytest.mark.parametrize(
    "junk",
    [
        None,
        "text",
        7,
        [1, "x", None],
        {"moves": "x", "attempts": {"a": 1}},
        {"moves": [{"node": 1, "option": None, "grade": "great"}], "attempts": [None, 3]},
        {"relationship": ["x"], "pains_found": "many", "attempts": [{"relationship": {}}]},
    ],
)
def test_damaged_values_never_stop_the_debrief_tables(tmp_path, junk):
    from partnerkit import confidence as conf

    entries = {
        "ex.solo.synthetic_scn": junk,
        "ex.observer.rounds": [junk, {"round": 1, "events": junk, "mode": junk}],
        conf.PRE_KEY: junk,
        conf.POST_KEY: {"ratings": junk},
    }
    work = _class(tmp_path, {k: entries for k in "ABC"})
    for part in classroom.DEBRIEF_TABLES:
        getattr(work, part)()
    for part in classroom.PROMPTS:
        assert isinstance(work.prompt(part), str)


def test_real_solo_plays_feed_the_debrief(tmp_path):
    """Entries written the way the solo widget writes them (engine result + add_attempt) are
    read by the debrief tables, and moves are shown with the scenario's own words."""
    from partnerkit.roleplay import engine
    from partnerkit.roleplay.loader import get_scenario

    scenario = get_scenario("marketing")

    def play(pick_weak: bool) -> dict:
        if not pick_weak:
            return engine.expert_run(scenario).result().journal_value()
        conv = engine.Conversation(scenario)
        while not conv.ended:
            grades = [conv.grade(o)[0] for o in conv.options]
            conv.choose(grades.index("weak") if "weak" in grades else 0)
        return conv.result().journal_value()

    learners = {}
    for name, weak_first in (("A", True), ("B", True), ("C", False), ("D", False)):
        entry = engine.add_attempt(None, play(weak_first), "2026-03-02T09:00:00+00:00")
        if weak_first and name == "A":  # A replays with the expert moves
            entry = engine.add_attempt(entry, play(False), "2026-03-02T09:20:00+00:00")
        learners[name] = {"ex.solo.marketing": entry}
    work = _class(tmp_path, learners)
    weak = work.weak_moves()
    start = weak[weak["Node"] == scenario.start].iloc[0]
    first_weak = next(o for o in scenario.nodes[scenario.start].options if o.grade == "weak")
    assert start["Most-chosen weak move"].startswith(f"{scenario.start}: \u201c")
    assert first_weak.say[:40] in start["Most-chosen weak move"]
    assert start["Chosen by"] == 1  # A's latest attempt is the expert run: only B counts
    assert work.attempts().iloc[0]["Played more than once"] == 1
    assert work.attempts().iloc[0]["Latest ended higher"] == 1
    expert_top = _relationship_of(engine.expert_run(scenario).result().relationship)
    row = work.first_moves().set_index("Ended as").loc[expert_top]
    assert row["Learners with moves"] == 3 and row["Learners who opened that way"] == 3


def _relationship_of(level: str) -> str:
    return " ".join(level.replace("_", " ").lower().split())
