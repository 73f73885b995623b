"""Common ground (claim C8): the shipped pack and key, the scoring against the key, the overlap
chart, and the widget driven in the kernel (journal, lock, restore, start over, missing key)."""

from __future__ import annotations

import html

import pytest

from partnerkit.journal import Journal
from partnerkit.roleplay import common_ground as cg
from partnerkit.widgets.common_ground import CommonGround, common_ground, journal_key

PACKS = cg.load_packs()


@pytest.fixture(scope="module")
def pack():
    return PACKS["security_vendor"]


@pytest.fixture(scope="module")
def key(pack):
    return cg.key_for(pack)


def perfect(key) -> dict[str, str]:
    return {t: k.category for t, k in key.topics.items()}


def test_shipped_pack_has_the_designed_mix(pack, key):
    cats = [k.category for k in key.topics.values()]
    assert cats.count("shared") == 3 and cats.count("compatible") == 2
    assert cats.count("conflict") == 1 and cats.count("neither") >= 1
    a, b = pack.roles
    assert a.position != b.position
    assert {i.topic for i in a.interests} == {i.topic for i in b.interests}
    assert len(a.interests) == 6
    assert "fictional" in pack.brief.setting


def test_perfect_filing_scores_full_marks(pack, key):
    s = cg.score(pack, key, perfect(key))
    assert s.correct == s.total == len(pack.topics) == s.recorded
    assert s.conflict_named and not s.mismatches
    for c in cg.CATEGORIES:
        assert s.per_category[c]["found"] == s.per_category[c]["in_key"]
        assert s.per_category[c]["misfiled"] == 0


def test_empty_filing_scores_nothing(pack, key):
    s = cg.score(pack, key, {})
    assert s.correct == 0 and s.recorded == 0 and not s.conflict_named
    assert len(s.mismatches) == s.total


def test_misfiling_is_counted_where_the_learner_put_it(pack, key):
    found = perfect(key)
    conflict = next(t for t, k in key.topics.items() if k.category == "conflict")
    shared = next(t for t, k in key.topics.items() if k.category == "shared")
    found[conflict] = "shared"  # the classic mistake: calling the conflict common ground
    found[shared] = "conflict"
    s = cg.score(pack, key, found)
    assert s.correct == s.total - 2 and not s.conflict_named
    assert s.per_category["shared"]["misfiled"] == 1
    assert s.per_category["conflict"]["misfiled"] == 1
    assert s.per_category["shared"]["found"] == s.per_category["shared"]["in_key"] - 1
    assert (conflict, "shared", "conflict") in s.mismatches


def test_unknown_topics_and_values_are_ignored(pack, key):
    found = {"nope": "shared", "go_live": "<b>x</b>", "evidence": None}
    s = cg.score(pack, key, found)
    assert s.recorded == 0 and s.correct == 0
    assert cg.score(pack, key, "not a dict").recorded == 0


def test_overlap_chart_draws_the_score(pack, key):
    found = perfect(key)
    found["usage_data"] = "conflict"
    s = cg.score(pack, key, found)
    chart = cg.overlap_chart(pack, s)
    in_key, got, wrong = (list(t.y) for t in chart.figure.data)
    assert in_key == [s.per_category[c]["in_key"] for c in cg.CATEGORIES] == [3, 2, 1, 2]
    assert got == [3, 1, 1, 2] and wrong == [0, 0, 1, 0]
    assert list(chart.table["Topics in the key"]) == in_key
    assert "Compatible but different: 2 in the key, 1 found, 0 misfiled" in chart.alt_text
    assert f"{s.correct} of {s.total}" in chart.takeaway and chart.sources


def test_chart_title_from_the_file_is_escaped(pack, key):
    evil = cg.Pack(pack.id, "<script>x</script>", pack.summary, pack.brief, pack.roles, pack.topics)
    chart = cg.overlap_chart(evil, cg.score(evil, key, {}))
    assert "<script>" not in chart.figure.layout.title.text
    assert html.escape("<script>") in chart.figure.layout.title.text


# --------------------------------------------------------------------------- widget


def test_widget_checks_saves_locks_and_restores(tmp_journal, key):
    w = common_ground("security_vendor")
    assert isinstance(w, CommonGround) and not w.results.children
    for tid, cat in perfect(key).items():
        w.pickers[tid].value = cat
    w.pickers["data_location"].value = "shared"
    w.check.click()
    saved = Journal(tmp_journal).get(journal_key("security_vendor"))
    assert saved["found"]["data_location"] == "shared"
    assert saved["score"]["correct"] == len(key.topics) - 1
    assert saved["score"]["conflict_named"] is False
    assert all(p.disabled for p in w.pickers.values()) and w.check.disabled
    assert w.panel.chart.values == [3, 2, 1, 2]
    assert "Read both confidential role cards" in w.details.value
    assert "the real conflict was not named" in w.feedback.value
    again = common_ground("security_vendor")  # as after a kernel restart + Run All
    assert again.pickers["data_location"].value == "shared"
    assert again.pickers["go_live"].disabled and again.results.children
    again.restart.click()
    assert not again.pickers["go_live"].disabled and again.pickers["go_live"].value == ""
    fresh = common_ground("security_vendor")
    assert fresh.pickers["go_live"].value == "" and not fresh.results.children


def test_widget_asks_for_a_filing_before_checking(tmp_journal):
    w = common_ground("security_vendor")
    w.check.click()
    assert "File at least one topic" in w.feedback.value and not w.results.children
    assert Journal(tmp_journal).get(journal_key("security_vendor")) is None


def test_widget_without_a_key_explains_and_cannot_check(tmp_journal, tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERKIT_KEYS", str(tmp_path / "no-keys"))
    w = common_ground("security_vendor")
    assert w.check.disabled and "answer key is not available" in w.feedback.value
    w.pickers["go_live"].value = "shared"
    assert w.check_answers() is None


def test_widget_ignores_a_corrupt_saved_entry(tmp_journal):
    Journal(tmp_journal).set(journal_key("security_vendor"), {"found": {"go_live": "<b>"}})
    w = common_ground("security_vendor")
    assert w.pickers["go_live"].value == ""
    Journal(tmp_journal).set(journal_key("security_vendor"), ["not", "a", "dict"])
    assert common_ground("security_vendor").pickers["go_live"].value == ""


def test_unknown_pack_names_the_available_ones():
    with pytest.raises(KeyError, match="security_vendor"):
        common_ground("nope")


def _card_text(role) -> str:
    parts = [role.position, role.background, *(i.text for i in role.interests), *role.rules]
    return " ".join(parts).lower()


def test_key_explanations_say_truly_what_the_cards_mention(pack, key):
    """A key that says "neither card mentions X" must be right: issue 11 found it claiming so
    for price, which the vendor's card mentions."""
    cards = {r.id: _card_text(r) for r in pack.roles}
    for topic, k in key.topics.items():
        said = k.explanation.lower()
        mentioned_by = [rid for rid, text in cards.items() if topic.replace("_", " ") in text]
        if "neither card mentions" in said or "not on either card" in said:
            assert not mentioned_by, f"{topic}: the key says no card mentions it; {mentioned_by} do"
    assert "vendor" in key.topics["price"].explanation.lower()
