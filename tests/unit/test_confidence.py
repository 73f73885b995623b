"""The pre/post confidence check: the data file, the journal-backed widget, the learner's own
shift, the export, and a malformed data file named with its field."""

from __future__ import annotations

import pytest

from partnerkit import confidence as conf
from partnerkit import export
from partnerkit.journal import Journal
from partnerkit.widgets.confidence import confidence_check
from partnerkit.yamlfile import FieldError


def test_the_shipped_check_has_five_items_on_the_kit_goals():
    chk = conf.check()
    assert len(chk.items) == 5 and len(set(chk.ids)) == 5
    assert (chk.minimum, chk.maximum) == (1, 5)
    assert {"discovery", "open_questions", "spot_pitch", "read_statistic", "next_step"} == set(
        chk.ids
    )


def test_ratings_keep_only_valid_values():
    chk = conf.check()
    value = {
        "ratings": {"discovery": 4, "open_questions": 9, "spot_pitch": True, "x": 3},
        "items_version": chk.version,
    }
    assert conf.ratings(value, chk) == {"discovery": 4}
    assert conf.ratings({**value, "items_version": chk.version + 1}, chk) == {}
    assert conf.ratings("junk", chk) == {} and conf.ratings({"ratings": [1]}, chk) == {}
    assert conf.shift({"discovery": 2, "next_step": 3}, {"discovery": 4}) == {"discovery": 2}


def test_widget_saves_every_click_and_shows_the_shift(tmp_journal):
    pre = confidence_check("pre")
    pre.toggles["discovery"].value = 2
    pre.toggles["next_step"].value = 4
    saved = Journal(tmp_journal).get(conf.PRE_KEY)
    assert saved["ratings"] == {"discovery": 2, "next_step": 4}
    assert "2 of 5 rated" in pre.status.value
    again = confidence_check("pre")  # a restarted notebook shows the saved ratings
    assert again.toggles["discovery"].value == 2 and again.toggles["spot_pitch"].value is None
    post = confidence_check("post")
    post.toggles["discovery"].value = 4
    post.toggles["next_step"].value = 3
    assert Journal(tmp_journal).get(conf.POST_KEY)["ratings"] == {"discovery": 4, "next_step": 3}
    text = post.status.value
    assert "more confident than at the start: run a discovery conversation" in text
    assert "less confident than at the start: propose a next step" in text
    with pytest.raises(ValueError):
        confidence_check("during")


def test_ratings_reach_the_export(tmp_journal):
    j = Journal(tmp_journal)
    j.set(conf.PRE_KEY, conf.saved_value({"discovery": 2}))
    j.set(conf.POST_KEY, conf.saved_value({"discovery": 5}))
    doc = export.collect(j)
    assert doc["entries"][conf.POST_KEY]["value"]["ratings"] == {"discovery": 5}
    md = export.to_markdown(doc)
    assert "Confidence check (before the kit)" in md and "Confidence check (after the kit)" in md
    assert "| Run a discovery conversation with a business colleague" in md and "| 5 |" in md


@pytest.mark.parametrize(
    "text, field",
    [
        ("version: 1\nquestion: q\nscale: {min: 1, max: 5, low: a, high: b}\nitems: []\n", "items"),
        ("version: 1\nquestion: q\nscale: {min: 5, max: 1, low: a, high: b}\nitems: []\n", "scale"),
        (
            "version: 1\nquestion: q\nscale: {min: 1, max: 5, low: a, high: b}\nitems:\n"
            + "".join(f"  - {{id: a, short: s, text: t{n}}}\n" for n in range(3)),
            "items.1.id",
        ),
        (
            "version: 1\nquestion: q\nscale: {min: 1, max: 5, low: a, high: b}\nitems:\n"
            + "".join(f"  - {{id: i{n}, short: s}}\n" for n in range(3)),
            "items.0.text",
        ),
    ],
)
def test_a_malformed_file_names_the_field(tmp_path, text, field):
    path = tmp_path / "confidence.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FieldError) as info:
        conf.load_check(path)
    assert info.value.field == field and "Fix:" in str(info.value)
