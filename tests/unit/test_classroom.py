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
