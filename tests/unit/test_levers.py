"""Notebook 04: the four levers - file validation, weakest lever (ties too), radar, widget."""

from __future__ import annotations

import copy
import html
from pathlib import Path

import pytest
import yaml

from partnerkit import levers as lv
from partnerkit.charts import PALETTE
from partnerkit.data import DataError, data_dir
from partnerkit.journal import Journal
from partnerkit.widgets.levers import case_html, lever_assessment, rubric_html

CONTRACT_KEYS = ("alignment", "transparency", "accountability", "partnership")


@pytest.fixture(scope="module")
def shipped() -> dict:
    return yaml.safe_load((data_dir() / "levers.yaml").read_text(encoding="utf-8"))


def write(tmp_path: Path, doc) -> Path:
    p = tmp_path / "levers.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return p


def rate(**kw) -> dict:
    base = dict.fromkeys(CONTRACT_KEYS, 4)
    base.update(kw)
    return base


# --------------------------------------------------------------------------- the shipped file


def test_shipped_levers_match_the_journal_contract_and_are_complete():
    s = lv.lever_set()
    assert s.ids == CONTRACT_KEYS
    for lever in s.levers:
        assert [lvl.number for lvl in lever.levels] == [1, 2, 3, 4, 5]
        texts = [lvl.description for lvl in lever.levels]
        assert len(set(texts)) == 5, f"{lever.id}: every level needs its own description"
        assert all(len(lvl.try_first.split()) >= 5 for lvl in lever.levels)
    assert "Freund" in s.by_id("alignment").origin
    assert "column" in s.by_id("partnership").origin
    assert s.maturity[2] == "order taker" and s.maturity[4] == "trusted advisor"
    assert set(s.case_evidence) == set(CONTRACT_KEYS)


# --------------------------------------------------------------------------- weakest lever


def test_single_weakest_lever_names_its_level_and_what_to_try():
    s = lv.lever_set()
    r = lv.reading(rate(transparency=2), s)
    assert r.weakest == ("transparency",) and r.level == 2
    assert s.by_id("transparency").level(2).description in r.headline
    assert r.suggestions == (
        ("Transparency with KPIs", s.by_id("transparency").level(2).try_first),
    )
    assert r.maturity == s.maturity[2]
    text = lv.reading_text(r)
    assert "weakest lever is Transparency with KPIs" in text
    assert s.by_id("transparency").level(2).try_first in text


def test_ties_are_reported_with_a_suggestion_for_each():
    s = lv.lever_set()
    r = lv.reading(rate(alignment=1, partnership=1, accountability=3), s)
    assert r.weakest == ("alignment", "partnership")  # file order, not alphabetical
    assert "Two levers tie" in r.headline
    assert [name for name, _ in r.suggestions] == [
        "Alignment with strategy",
        "Partnership with clients",
    ]
    assert r.suggestions[1][1] == s.by_id("partnership").level(1).try_first


def test_all_equal_says_no_lever_stands_out():
    r = lv.reading(dict.fromkeys(CONTRACT_KEYS, 3))
    assert len(r.weakest) == 4 and "None stands out" in r.headline
    assert len(r.suggestions) == 4


def test_reading_needs_every_lever_and_ignores_bad_values():
    with pytest.raises(ValueError, match="Partnership with clients"):
        lv.reading({"alignment": 2, "transparency": 2, "accountability": 2})
    bad = {"alignment": 0, "transparency": 6, "accountability": "3", "partnership": True}
    assert lv.clean_ratings(bad, lv.lever_set()) == {}
    assert lv.clean_ratings(None, lv.lever_set()) == {}


# --------------------------------------------------------------------------- radar


def test_radar_plots_the_ratings_closed_and_marks_the_weakest():
    s = lv.lever_set()
    ratings = rate(alignment=3, transparency=5, accountability=2, partnership=4)
    chart = lv.levers_chart(ratings, s, title="T")
    ring, weak = chart.figure.data
    assert ring.type == "scatterpolar" and ring.fill == "toself"
    assert list(ring.r) == [3, 5, 2, 4, 3]  # closed loop back to the first lever
    assert list(ring.theta)[:4] == [x.name for x in s.levers]
    assert list(weak.theta) == ["Accountability"] and list(weak.r) == [2]
    assert weak.marker.symbol == "diamond"  # not colour alone
    assert ring.line.color in PALETTE and weak.marker.color in PALETTE
    assert chart.figure.layout.polar.radialaxis.range == (0, 5)
    assert (
        "Accountability: level 2 of 5" in chart.alt_text
        and "Weakest: Accountability" in chart.alt_text
    )
    assert list(chart.table["Level (1-5)"]) == [3, 5, 2, 4]
    assert (
        chart.table["What that level looks like"][2]
        == s.by_id("accountability").level(2).description
    )
    assert any("not verified" in line for line in chart.sources)


# --------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    "mutate, field",
    [
        (
            lambda d: d["levers"][3]["levels"][4].pop("try_first"),
            "levers.partnership.levels.4.try_first",
        ),
        (lambda d: d["levers"][0]["levels"].pop(5), "levers.alignment.levels.5"),
        (
            lambda d: d["levers"][1]["levels"].update({6: d["levers"][1]["levels"][5]}),
            "levers.transparency.levels",
        ),
        (lambda d: d["levers"][2].update(id="alignment"), "levers[3].id"),
        (lambda d: d["levers"][2].update(id="Account ability"), "levers[3].id"),
        (lambda d: d["levers"][1].update(name="  "), "levers.transparency.name"),
        (lambda d: d["example"]["ratings"].update(partnership=7), "example.ratings.partnership"),
        (lambda d: d["case"]["evidence"].pop("accountability"), "case.evidence.accountability"),
        (lambda d: d.pop("maturity"), "maturity"),
        (lambda d: d.update(levers=d["levers"][:2]), "levers"),
    ],
)
def test_bad_levers_file_names_file_and_field(tmp_path, shipped, mutate, field):
    doc = copy.deepcopy(shipped)
    mutate(doc)
    path = write(tmp_path, doc)
    with pytest.raises(DataError) as err:
        lv.load_levers(path)
    assert err.value.field == field
    assert str(path) in str(err.value) and f"field '{field}'" in str(err.value)
    assert "Fix:" in str(err.value)


def test_yaml_syntax_error_names_the_line(tmp_path):
    p = tmp_path / "levers.yaml"
    p.write_text("levers:\n  - id: a\n   name: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"levers\.yaml, line \d+: not valid YAML"):
        lv.load_levers(p)
    with pytest.raises(DataError, match="file not found"):
        lv.load_levers(tmp_path / "missing.yaml")


def test_file_text_is_escaped_in_html(tmp_path, shipped):
    doc = copy.deepcopy(shipped)
    doc["levers"][0]["levels"][1]["description"] = "<script>alert(1)</script>"
    doc["case"]["evidence"]["alignment"] = '<img src=x onerror="alert(1)">'
    s = lv.load_levers(write(tmp_path, doc))
    assert "<script>" not in rubric_html(s) and "&lt;script&gt;" in rubric_html(s)
    assert "<img" not in case_html(s) and "&lt;img" in case_html(s)


# --------------------------------------------------------------------------- widget


def test_widget_shows_the_illustration_until_all_four_are_rated(tmp_journal):
    s = lv.lever_set()
    box = lever_assessment()
    assert all(r.value is None for r in box.radios.values())
    assert list(box.panel.chart.figure.data[0].r)[:4] == [s.example[i] for i in s.ids]
    assert "rated 0 of 4" in box.status.value
    # every option shows its anchored description, not a bare number
    labels = box.radios["partnership"].options
    assert [v for _, v in labels] == [1, 2, 3, 4, 5]
    assert s.by_id("partnership").level(3).description in labels[2][0]
    box.radios["alignment"].value = 2
    assert Journal(tmp_journal).get("04.levers") == {"alignment": 2}
    assert "rated 1 of 4" in box.status.value


def test_widget_reads_the_weakest_lever_saves_and_restores(tmp_journal):
    s = lv.lever_set()
    box = lever_assessment()
    for lid, v in rate(accountability=1, partnership=3).items():
        box.radios[lid].value = v
    assert list(box.panel.chart.figure.data[0].r) == [4, 4, 1, 3, 4]
    assert "Accountability" in box.status.value
    assert html.escape(s.by_id("accountability").level(1).try_first) in box.status.value
    saved = Journal(tmp_journal).get("04.levers")
    assert saved == rate(accountability=1, partnership=3)
    again = lever_assessment()  # kernel restart + Run All
    assert {k: r.value for k, r in again.radios.items()} == saved
    assert list(again.panel.chart.figure.data[0].r) == [4, 4, 1, 3, 4]


def test_widget_survives_a_corrupt_saved_value(tmp_journal):
    Journal(tmp_journal).set("04.levers", {"alignment": "high", "partnership": 9})
    box = lever_assessment()
    assert all(r.value is None for r in box.radios.values())


def test_static_mode_shows_the_rubric_and_default_chart(monkeypatch, capsys):
    monkeypatch.setenv("PARTNERKIT_STATIC", "1")
    shown = []
    monkeypatch.setattr("partnerkit.widgets.levers.display", lambda obj: shown.append(obj))
    monkeypatch.setattr("partnerkit.widgets.levers.show_static", lambda chart: shown.append(chart))
    assert lever_assessment() is None
    assert "What to try first" in shown[0].data
    assert shown[1].title == lv.lever_set().example_label


def test_the_default_radar_is_labelled_as_made_up_not_as_the_columns_description():
    """The column offers the levers as remedies; it never rates an organisation (issue 11)."""
    ls = lv.lever_set()
    text = f"{ls.example_label} {ls.example_note}".lower()
    assert "made-up" in ls.example_label.lower()
    assert "column paints" not in text and "the column describes" not in text
    assert "rates no organisation" in text
