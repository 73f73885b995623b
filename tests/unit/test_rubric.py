"""The discovery-conversation rubric and the calibration transcripts: the files validate, every
score names a real criterion and level, the scores order weak < medium < strong, the question
coach agrees with the strong transcript except where the transcript says why, and the guide,
the calibration pages and the printable rubric are rendered from the data."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerkit import guide
from partnerkit.data import DataError
from partnerkit.rubric import (
    LEVELS,
    calibration_md,
    calibration_paths,
    coach_flags,
    load_calibration,
    load_rubric,
    rubric_handout_html,
)

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = load_rubric(ROOT / "data" / "rubric.yaml")
CAL_FILES = calibration_paths(ROOT / "instructor" / "calibration")
CALS = {p.stem: load_calibration(p, RUBRIC) for p in CAL_FILES}


def test_rubric_has_the_four_criteria_with_anchored_levels():
    assert RUBRIC.ids == ("question_quality", "listening", "pains_found", "next_step")
    for c in RUBRIC.criteria:
        assert tuple(c.levels) == LEVELS
        assert all(c.levels[n] and all(len(a.split()) >= 4 for a in c.levels[n]) for n in LEVELS)
    assert set(RUBRIC.scale) == set(LEVELS)


def test_there_are_weak_medium_and_strong_transcripts_for_finance():
    cal = CALS["finance"]
    assert cal.scenario == "finance"
    assert [t.level for t in cal.transcripts] == ["weak", "medium", "strong"]


@pytest.mark.parametrize("name", sorted(CALS))
def test_every_score_references_a_real_criterion_and_level(name):
    for t in CALS[name].transcripts:
        assert set(t.scores) == set(RUBRIC.ids)
        for cid, s in t.scores.items():
            assert (
                s.level in RUBRIC.scale and s.level in RUBRIC.criteria[RUBRIC.ids.index(cid)].levels
            )
            assert len(s.why.split()) >= 10, f"{t.id}.{cid}: say why"
        assert set(t.pains_found) <= set(CALS[name].pains)
        assert {turn.who for turn in t.turns} == {"partner", "client"}


@pytest.mark.parametrize("name", sorted(CALS))
def test_scores_order_weak_medium_strong(name):
    by = {t.level: t for t in CALS[name].transcripts}
    assert by["weak"].total < by["medium"].total < by["strong"].total
    for cid in RUBRIC.ids:
        assert by["weak"].scores[cid].level <= by["strong"].scores[cid].level
    # pains found follow the tiers: the strong transcript reaches a trust pain, the weak none
    tiers = {pid: tier for pid, (tier, _) in CALS[name].pains.items()}
    assert "trust" in {tiers[p] for p in by["strong"].pains_found}
    assert "trust" not in {tiers[p] for p in by["weak"].pains_found}


@pytest.mark.parametrize("name", sorted(CALS))
def test_the_question_coach_on_the_transcripts(name):
    by = {t.level: t for t in CALS[name].transcripts}
    strong = coach_flags(by["strong"])
    # every flag on a strong question is explained in the transcript, and no note is stale
    assert set(strong) == set(by["strong"].coach_notes), strong
    assert sum(len(f) for f in coach_flags(by["weak"]).values()) >= 5
    assert len(coach_flags(by["weak"])) > len(coach_flags(by["medium"])) > len(strong)


def _calibration_with(tmp_path, old: str, new: str) -> Path:
    text = (ROOT / "instructor" / "calibration" / "finance.yaml").read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "finance.yaml"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "old,new,expect",
    [
        ("      question_quality:\n        level: 1", "      question_quality:\n        level: 5",
         "unknown level 5"),
        ("      listening:\n        level: 1", "      listenning:\n        level: 1",
         "unknown key 'listenning'"),
        ("pains_found: [close_days]", "pains_found: [close_day]", "unknown pain 'close_day'"),
        ("      - who: client\n        say: I know it",
         "      - who: observer\n        say: I know it", "unknown speaker"),
        ("      15: >-", "      16: >-", "not an IT-partner turn"),
    ],
)  # fmt: skip
def test_a_broken_calibration_file_names_line_field_and_fix(tmp_path, old, new, expect):
    with pytest.raises(DataError) as exc:
        load_calibration(_calibration_with(tmp_path, old, new), RUBRIC)
    msg = str(exc.value)
    assert expect in msg and "finance.yaml" in msg and "line" in msg and "Fix:" in msg


def test_a_broken_rubric_is_refused(tmp_path):
    text = (ROOT / "data" / "rubric.yaml").read_text(encoding="utf-8")
    p = tmp_path / "rubric.yaml"
    p.write_text(
        text.replace("      4:\n        - As level 3, plus follow-ups", "      5:\n        - x", 1),
        "utf-8",
    )
    with pytest.raises(DataError, match="criteria\\[0\\].levels"):
        load_rubric(p)


def test_guide_and_calibration_pages_are_rendered_from_the_data():
    text = (ROOT / "instructor" / "README.md").read_text(encoding="utf-8")
    assert guide.render_guide(text) == text, "run: python -m partnerkit.guide"
    for c in RUBRIC.criteria:
        assert f"#### {c.name}" in text
        assert all(a.replace("|", "\\|") in text for n in LEVELS for a in c.levels[n])
    for p in CAL_FILES:
        page = p.with_suffix(".md")
        assert page.read_text(encoding="utf-8") == calibration_md(CALS[p.stem], RUBRIC)


def test_printable_rubric(tmp_path):
    page = rubric_handout_html(RUBRIC)
    for c in RUBRIC.criteria:
        assert c.name in page
    assert page.count("Level: ____") == len(RUBRIC.criteria)
    assert "<script" not in page and "http" not in page
    from partnerkit import handouts

    hrefs = dict(handouts.build_class_materials(tmp_path))
    assert "class/rubric.html" in hrefs
    assert (tmp_path / "class" / "rubric.html").read_text(encoding="utf-8") == rubric_handout_html()
