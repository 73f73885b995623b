"""Notebook 05: the trust equation - the book's example, why S dominates, the file, the widget."""

from __future__ import annotations

import copy
import itertools
import math
from pathlib import Path

import pytest
import yaml

from partnerkit import data
from partnerkit import trust as tr
from partnerkit.data import DataError
from partnerkit.journal import Journal
from partnerkit.widgets.trust import trust_explorer

BOOK = {"credibility": 5, "reliability": 3, "intimacy": 2, "self_orientation": 8}


@pytest.fixture(scope="module")
def shipped() -> dict:
    return yaml.safe_load((data.data_dir() / "trust.yaml").read_text(encoding="utf-8"))


def write(tmp_path: Path, doc) -> Path:
    p = tmp_path / "trust.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return p


# --------------------------------------------------------------------------- the arithmetic


def test_book_example_reproduces_the_sourced_value():
    values, t, stat = tr.book_example()
    assert values == BOOK  # (5 + 3 + 2) / 8 as printed in the book
    assert t == tr.quotient(5, 3, 2, 8) == (5 + 3 + 2) / 8
    assert stat.id == "trust_equation_book_example" and math.isclose(t, stat.value)
    assert stat.method == "illustrative example" and "heuristic" in stat.caveat


def test_quotient_rejects_what_the_equation_cannot_take():
    with pytest.raises(ValueError, match="divides"):
        tr.quotient(5, 3, 2, 0)
    with pytest.raises(ValueError):
        tr.quotient(5, math.nan, 2, 8)
    with pytest.raises(TypeError):
        tr.quotient(5, 3, True, 8)


def test_one_step_less_s_beats_one_step_more_c_r_or_i_exactly_when_the_book_says():
    for c, r, i, s in itertools.product(range(1, 11), range(1, 11), range(1, 11), range(2, 11)):
        _check_step_rule(c, r, i, s)


def _check_step_rule(c, r, i, s):
    values = {"credibility": c, "reliability": r, "intimacy": i, "self_orientation": s}
    moves = {m.factor: m for m in tr.sensitivity(values)}
    s_gain = moves["self_orientation"].change
    assert math.isclose(s_gain, (c + r + i) / (s * (s - 1)))
    for fid in ("credibility", "reliability", "intimacy"):
        if values[fid] < 10:
            assert math.isclose(moves[fid].change, 1 / s)
    best = [m.factor for m in tr.best_steps(list(moves.values()))]
    n = c + r + i
    up = [f for f in ("credibility", "reliability", "intimacy") if values[f] < 10]
    if n > s - 1:
        assert best == ["self_orientation"]
    elif n == s - 1:  # a true tie, not lost to rounding
        assert best == [*up, "self_orientation"]
        assert "adds the same" in tr.explain(values)[-1]
    else:
        assert best == up


def test_at_the_book_example_self_orientation_dominates():
    moves = tr.sensitivity(BOOK)
    best = max(moves, key=lambda m: m.change)
    assert best.factor == "self_orientation" and best.after == 7
    lines = tr.explain(BOOK)
    assert lines[0] == "T = (5 + 3 + 2) / 8 = 1.25"
    assert "less self-orientation" in lines[-1]
    assert f"adds {tr.fmt(best.change)}" in lines[2]


def test_low_numerator_high_s_is_explained_honestly():
    lines = tr.explain({"credibility": 1, "reliability": 1, "intimacy": 1, "self_orientation": 10})
    assert "more credibility, reliability or intimacy" in lines[-1]
    assert "C + R + I = 3 is smaller than S \u2212 1 = 9" in lines[-1]


def test_limits_of_the_scale():
    top = {"credibility": 10, "reliability": 10, "intimacy": 10, "self_orientation": 1}
    moves = tr.sensitivity(top)
    assert not any(m.possible for m in moves) and all(m.change == 0 for m in moves)
    assert tr.explain(top)[-1] == "No single step can raise T from here."
    chart = tr.trust_chart(top)
    assert list(chart.figure.data[0].text) == ["at the limit"] * 4


def test_clean_values_fall_back_to_the_book_example():
    assert tr.clean_values(None) == BOOK
    assert tr.clean_values({"credibility": 11, "intimacy": "7", "self_orientation": 2}) == {
        **BOOK,
        "self_orientation": 2,
    }


def test_anchors_cover_the_scale_in_five_bands():
    m = tr.trust_model()
    for fid in tr.FACTOR_IDS:
        anchors = [m.anchor(fid, v) for v in range(1, 11)]
        assert anchors == [a for a in m.factor(fid).anchors for _ in (0, 1)]
    assert "higher is worse" in m.factor("self_orientation").about


def test_chart_bars_are_the_one_step_changes():
    chart = tr.trust_chart(BOOK)
    bars = chart.figure.data[0]
    expected = [m.change for m in tr.sensitivity(BOOK)]
    assert [round(v, 4) for v in expected] == list(bars.y)
    assert list(bars.x)[-1].endswith("self-orientation")
    assert bars.marker.color[3] != bars.marker.color[0]
    assert "T = 1.25" in chart.title and "self-orientation" in chart.takeaway
    assert "Trusted Advisor" in chart.sources[0] and "defines none" in chart.sources[0]
    assert list(chart.table["Factor to"]) == [6, 4, 3, 7]


# --------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    "mutate, field",
    [
        (lambda d: d["factors"][2]["anchors"].pop(), "factors.intimacy.anchors"),
        (lambda d: d["factors"].reverse(), "factors"),
        (lambda d: d["factors"][0].pop("name"), "factors.credibility.name"),
        (lambda d: d["factors"][1]["anchors"].__setitem__(0, ""), "factors.reliability.anchors[1]"),
        (lambda d: d["book_example"].update(self_orientation=0), "book_example.self_orientation"),
        (lambda d: d["scale"].update(max=3), "scale.max"),
    ],
)
def test_bad_trust_file_names_file_and_field(tmp_path, shipped, mutate, field):
    doc = copy.deepcopy(shipped)
    mutate(doc)
    path = write(tmp_path, doc)
    with pytest.raises(DataError) as err:
        tr.load_trust(path)
    assert err.value.field == field and str(path) in str(err.value)


def test_book_example_disagreeing_with_the_statistic_is_caught(tmp_path, shipped):
    doc = copy.deepcopy(shipped)
    doc["book_example"]["intimacy"] = 3
    model = tr.load_trust(write(tmp_path, doc))
    with pytest.raises(ValueError, match="trust_equation_book_example"):
        tr.book_example(model)


# --------------------------------------------------------------------------- widget


def test_explorer_starts_at_the_book_example_and_updates(tmp_journal):
    box = trust_explorer()
    assert {k: d.value for k, d in box.controls.items()} == BOOK
    assert "1.25" in box.status.value
    label = dict((v, k) for k, v in box.controls["self_orientation"].options)[9]
    assert label.startswith("9 \u2013 ") and tr.trust_model().anchor("self_orientation", 9) in label
    box.controls["self_orientation"].value = 4
    assert f"T = (5 + 3 + 2) / 4 = {tr.fmt(10 / 4)}" in box.status.value
    assert list(box.panel.chart.figure.data[0].y) == [
        round(m.change, 4) for m in tr.sensitivity({**BOOK, "self_orientation": 4})
    ]
    assert Journal(tmp_journal).get("05.trust") == {**BOOK, "self_orientation": 4}
    again = trust_explorer()
    assert again.controls["self_orientation"].value == 4
    again.reset.click()
    assert {k: d.value for k, d in again.controls.items()} == BOOK
    assert Journal(tmp_journal).get("05.trust") == BOOK


def test_static_mode_shows_the_book_example_chart(monkeypatch):
    monkeypatch.setenv("PARTNERKIT_STATIC", "1")
    shown = []
    monkeypatch.setattr("partnerkit.widgets.trust.show_static", shown.append)
    assert trust_explorer() is None
    assert "T = 1.25" in shown[0].title
