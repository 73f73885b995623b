"""Learner exports: Markdown, self-contained HTML, JSON - learner text always escaped."""

from __future__ import annotations

import base64
import html
import json
from html.parser import HTMLParser

import mistune
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerkit import export
from partnerkit.data import DataError, stat
from partnerkit.journal import Journal
from partnerkit.learner_text import strip_bidi_controls

ATTACK = "<script>alert('x')</script> <img src=x onerror=alert(1)> [link](javascript:alert(2))"
UNICODE = "Zoë Łódź – 日本語 🙂 مرحبا"


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def parse(html_text: str) -> TagCollector:
    p = TagCollector()
    p.feed(html_text)
    return p


@pytest.fixture
def filled(tmp_path):
    j = Journal(tmp_path / "journal.json")
    j.update(
        {
            "01.predict.outside_it": {"guess": 30, "actual": 68, "stat_id": "pwc_outside_cio_2015"},
            "01.spending.view": "source",
            "04.levers": {"alignment": 3, "transparency": 2, "accountability": 4, "partnership": 1},
            "05.trust": {"credibility": 6, "reliability": 4, "intimacy": 2, "self_orientation": 4},
            "06.translator.draft": ATTACK + "\n" + UNICODE,
            "08.exit_ticket": {
                "who": "Head of <b>Sales</b>",
                "when": "next Tuesday",
                "listen_for": "month-end pain",
                "promise": "send notes within a day",
                "questions": ["Talk me through the last month-end?", ATTACK, "# not a heading"],
            },
            "ex.coach.questions": [{"text": ATTACK, "flags": ["leading"]}],
            "ex.solo.marketing_vp": {
                "ending": "asked back",
                "relationship": "trusted advisor",
                "pains_found": 4,
                "pains_total": 6,
                "path": ["open", "probe", "summarise"],
                "trust": {"credibility": 3},
            },
            "zz.something_new": {ATTACK: [1, 2], "note": UNICODE},
            "ex.common_ground.security_vendor": {
                "found": {"uptime": "shared", "price": "conflict", "logs": ""},
                "score": {"correct": 5, "total": 6, "recorded": 5, "conflict_named": True},
            },
            "ex.observer.rounds": [
                {
                    "round": 1,
                    "scenario": "marketing",
                    "interviewer": "Kim",
                    "client": "Lee",
                    "counts": {"open": 4, "closed": 2},
                    "metrics": {"percent_open": 66.7},
                    "worked": [ATTACK, "listened"],
                    "to_change": ["", "fewer pitches"],
                },
                "odd round",
            ],
            export.NAME_KEY: "Sam <i>the</i> learner",
        }
    )
    return j


def test_collect_builds_a_versioned_document(filled):
    doc = export.collect(filled, now="2026-05-04T10:15:00+02:00")
    assert doc["format"] == "partnerkit-export" and doc["version"] == export.VERSION
    assert doc["learner"] == "Sam <i>the</i> learner"  # from the journal; escaped on output only
    assert doc["exported"] == "2026-05-04T10:15:00+02:00"
    assert export.NAME_KEY not in doc["entries"]
    assert doc["entries"]["04.levers"]["value"]["partnership"] == 1
    assert list(doc["entries"])[0].startswith("01."), "notebook keys come first, in order"
    assert export.validate(json.loads(export.to_json(doc))) is not None


def test_markdown_renders_known_keys_and_unknown_ones(filled):
    doc = export.collect(filled)
    md = export.to_markdown(doc)
    figure = stat("pwc_outside_cio_2015").formatted()
    assert "Your guess: 30%" in md and f"The sourced figure: {figure}" in md
    assert "| Partnership | 1 |" in md
    assert "= 3.0" in md  # trust quotient (6 + 4 + 2) / 4
    assert "4 of 6" in md and "open → probe → summarise" in md
    assert "zz.something\\_new" in md, "unknown keys are still exported"
    assert "Round 1 (marketing)" in md and "| Percent open | 66.7 |" in md
    assert "- fewer pitches" in md and "odd round" in md
    assert "Filed as in the key: 5 of 6. Real conflict named: yes." in md
    assert "| Logs | (not filed) |" in md
    assert UNICODE in md


def test_markdown_shows_learner_html_as_text(filled):
    rendered = mistune.html(export.to_markdown(export.collect(filled)))  # allows raw HTML
    tags = {t for t, _ in parse(rendered).tags}
    assert not tags & {"script", "img", "b", "i"}, tags
    assert [t for t, _ in parse(rendered).tags].count("h1") == 1, "only the page title"
    assert "# not a heading" in "".join(parse(rendered).text)
    assert "<script>alert('x')</script>" in "".join(parse(rendered).text)
    assert "javascript:" not in " ".join(str(a) for _, a in parse(rendered).tags)


def test_html_page_is_self_contained_and_escapes_everything(filled):
    page = export.to_html(export.collect(filled))
    p = parse(page)
    tags = {t for t, _ in p.tags}
    assert not tags & {"script", "img", "link", "iframe", "object", "a"}, tags
    attrs = [name for _, attrs in p.tags for name, _ in attrs]
    assert not [a for a in attrs if a.startswith("on") or a in ("src", "href")]
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    text = "".join(p.text)
    assert "<script>alert('x')</script>" in text and "Head of <b>Sales</b>" in text
    assert UNICODE in text and "Sam <i>the</i> learner" in text
    assert "http://" not in page and "https://" not in page


@settings(max_examples=60, deadline=None)
@given(st.text(st.one_of(st.sampled_from("<>&\"'\n"), st.characters()), min_size=1, max_size=300))
def test_any_draft_text_comes_back_verbatim_in_html(text):
    doc = {
        "format": "partnerkit-export",
        "version": 1,
        "learner": "x",
        "exported": "2026-01-01T00:00:00+00:00",
        "entries": {"06.translator.draft": {"value": text, "saved": ""}},
    }
    page = export.to_html(doc)
    start = page.index("<blockquote>") + len("<blockquote>")
    inner = page[start : page.index("</blockquote>", start)]
    assert "<" not in inner and ">" not in inner
    # verbatim except the explicit bidi controls, which the HTML copy drops so an unclosed
    # override cannot reverse the page around it (the .json copy keeps them)
    assert html.unescape(inner) == strip_bidi_controls(text)


def test_write_exports_writes_three_files(filled, tmp_path):
    doc = export.collect(filled, learner="Zoë O'Brien")
    files = export.write_exports(doc, tmp_path / "exports")
    assert {f.suffix for f in files} == {".md", ".html", ".json"}
    assert all(f.parent == tmp_path / "exports" and f.name.startswith("partnerkit-zoe-o-brien-")
               for f in files)  # fmt: skip
    assert not list((tmp_path / "exports").glob(".*tmp"))
    back = json.loads(files.json.read_text(encoding="utf-8"))
    assert back["learner"] == "Zoë O'Brien"
    assert back["entries"]["06.translator.draft"]["value"].endswith(UNICODE)
    uri = export.data_uri(files.html)
    assert uri.startswith("data:text/html;")
    assert base64.b64decode(uri.split(",", 1)[1]) == files.html.read_bytes()


def test_names_are_trimmed_and_slugged():
    assert export.clean_name("  a\n b\t c ") == "a b c"
    assert len(export.clean_name("x" * 500)) == export.MAX_NAME
    assert export.slug("日本") == "learner" and export.slug("Ana María") == "ana-maria"


def test_unexpected_shapes_fall_back_to_generic(tmp_path):
    j = Journal(tmp_path / "j.json")
    j.update(
        {
            "04.levers": "not a dict",
            "01.predict.x": {"no_guess": 1},
            "ex.solo.s1": [1, 2],
            "ex.coach.questions": {"oops": True},
        }
    )
    md = export.to_markdown(export.collect(j))
    assert md.count("Saved answer:") == 4
    assert "not a dict" in md


def test_empty_journal_and_huge_text(tmp_path):
    j = Journal(tmp_path / "j.json")
    assert "No saved answers yet" in export.to_markdown(export.collect(j))
    j.set("06.translator.draft", "<b>" * 200_000)
    page = export.to_html(export.collect(j))
    assert "<b>" not in page.split("<body>")[1] and page.count("&lt;b&gt;") == 200_000


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda d: d.update(format="something-else"), "format"),
        (lambda d: d.update(version=export.VERSION + 1), "version"),
        (lambda d: d.update(version="1"), "version"),
        (lambda d: d.pop("learner"), "learner"),
        (lambda d: d.update(exported="yesterday"), "exported"),
        (lambda d: d.update(entries=[1]), "entries"),
        (lambda d: d["entries"].update(k={"saved": "x"}), "entries.k"),
    ],
)
def test_validate_names_the_field(change, field):
    doc = {
        "format": "partnerkit-export",
        "version": 1,
        "learner": "a",
        "exported": "2026-01-01T00:00:00+00:00",
        "entries": {},
    }
    export.validate(doc)
    change(doc)
    with pytest.raises(export.ExportError) as err:
        export.validate(doc, "student.json")
    assert isinstance(err.value, DataError) and err.value.column == field
    assert "student.json" in str(err.value) and "Fix:" in str(err.value)


def test_export_panel_writes_files_and_offers_downloads(tmp_journal, tmp_path):
    from partnerkit.journal import journal
    from partnerkit.widgets.export import export_panel

    journal().set("04.levers", {"alignment": 5})
    panel = export_panel(tmp_path / "exports")
    assert "1 saved answer" in panel.status.value
    panel.name_box.value = "<script>x</script>"
    panel.button.click()
    assert "Exported 1 saved answers" in panel.status.value
    assert panel.links.value.count('download="partnerkit-script-x-script-') == 3
    assert len(list((tmp_path / "exports").iterdir())) == 3
    assert "<script>" not in panel.links.value
    # the name is kept in the journal and comes back in a fresh panel (e.g. after a restart)
    assert export_panel(tmp_path / "exports").name_box.value == "<script>x</script>"


def test_version_1_exports_still_validate_and_version_2_is_written(tmp_path):
    old = {
        "format": "partnerkit-export",
        "version": 1,
        "learner": "a",
        "exported": "2026-01-01T00:00:00+00:00",
        "entries": {"ex.observer.rounds": {"value": [{"round": 1, "counts": {"open": 2}}]}},
    }
    assert export.validate(old) is old
    assert "Round 1" in export.to_markdown(old)  # an old round without the new fields renders
    assert export.collect(Journal(tmp_path / "j.json"))["version"] == export.VERSION == 2
    with pytest.raises(export.ExportError, match="update the kit"):
        export.validate({**old, "version": 3})


def test_observer_round_new_fields_reach_the_export(tmp_path):
    from partnerkit.roleplay import observer as obs

    clock = iter([0.0, 0.0, 75.0, 75.0, 75.0, 75.0, 75.0]).__next__
    r = obs.ObserverRound(1, clock=clock, scenario="marketing", pains=["lead_leak", "x_y"])
    r.tally("open")
    r.tally("pitch")
    r.best_question = "What <b>happened</b> to the last lead?"
    r.trust_moment = "She named the board deadline"
    rec = r.end()
    j = Journal(tmp_path / "j.json")
    j.set("ex.observer.rounds", [rec.to_dict()])
    doc = export.collect(j)
    md, page = export.to_markdown(doc), export.to_html(doc)
    assert "What &lt;b&gt;happened&lt;/b&gt; to the last lead?" in md
    assert "<b>happened" not in page and "What &lt;b&gt;happened&lt;/b&gt;" in page
    assert "One trust moment" in md and "She named the board deadline" in page
    assert "| 01:15 | Solution pitch |" in md and "| 00:00 | Open question |" in md
    assert "Pains ticked: 0 of 2" in md
    back = export.validate(json.loads(export.to_json(doc)))
    assert back["entries"]["ex.observer.rounds"]["value"][0]["events"][1]["what"] == "pitch"


def test_solo_moves_and_attempts_are_shown_as_tables(tmp_path):
    move = {"node": "n1", "option": "ask_<week>", "grade": "best", "typed": True}
    first = {"relationship": "order_taker", "pains_found": 1, "pains_total": 6, "number": 1,
             "finished": "2026-03-02T09:10:00+00:00", "moves": []}  # fmt: skip
    latest = {**first, "relationship": "trusted_advisor", "pains_found": 4, "number": 2}
    j = Journal(tmp_path / "j.json")
    j.set("ex.solo.marketing", {**latest, "moves": [move], "attempts": [first, latest]})
    md = export.to_markdown(export.collect(j))
    assert "| 1 | n1 | ask\\_&lt;week&gt; | best | yes |" in md
    assert "| 1 | 2026-03-02T09:10:00+00:00 | order\\_taker | 1 of 6 |" in md
    assert "| 2 | 2026-03-02T09:10:00+00:00 | trusted\\_advisor | 4 of 6 |" in md
    assert '{"node"' not in md  # not dumped as raw JSON
    j.set("ex.solo.marketing", {**latest, "moves": "junk", "attempts": [1]})
    assert "junk" in export.to_markdown(export.collect(j))  # odd shapes still shown, never lost
