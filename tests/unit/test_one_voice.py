"""One voice: the question coach agrees with every question the kit presents as good or as a
bad habit, unless data/coach_exceptions.yaml records the disagreement with a reason (which the
coach then shows to the learner).

Items are gathered from structured sources only, read at test time:

- data/scenarios/*.yaml: every ``grade: best`` option is good; a ``grade: weak`` option whose
  ``why`` names a habit the coach flags illustrates that habit;
- data/coach_warmup.csv: ``open`` / ``closed`` items are good, ``leading`` / ``hypothetical`` /
  ``pitch`` items illustrate that flag;
- marked lists in Markdown (notebook and exercise cells, docs/*.md, instructor/README.md):
  between ``<!-- coach-good -->`` (or ``<!-- coach-bad:flag[,flag] -->``) and
  ``<!-- /coach-examples -->``, the first quoted text of each list item.

Not gathered (no structured form yet): instructor/keys/*.yaml prose (``surfaced_by``), whose
questions are scenario moves already covered by their node ids, and the observer cards'
``watch_for`` lines, which hold fragments ("Wouldn't it be easier if...") rather than questions.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from partnerkit import coach
from partnerkit.yamlfile import read_yaml

ROOT = Path(__file__).resolve().parents[2]

# the habit a weak option's `why` names -> the coach's flag (only habits the coach flags)
HABITS = {
    "leading": re.compile(r"\bleading\b"),
    "stacked": re.compile(r"\bstacked\b|\b(?:two|three|several) questions at once\b"),
    "hypothetical": re.compile(r"\bhypothetical\b"),
    "pitch": re.compile(r"\bpitch(?:es|ed|ing)?\b"),
    "jargon": re.compile(r"\bjargon\b"),
    "blame_why": re.compile(r"\bwhy\b[^.]{0,40}\bblame|\bblame[^.]{0,40}\bwhy\b"),
}
WARMUP_FLAG = {"leading": "leading", "hypothetical": "hypothetical", "pitch": "pitch"}
MARK_START = re.compile(r"<!--\s*coach-(good|bad:([a-z_,\s]+))\s*-->")
MARK_END = "<!-- /coach-examples -->"
LIST_QUOTE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+[\"\u201c]([^\"\u201d]+)[\"\u201d]", re.M)
MARKDOWN_FILES = ("docs/*.md", "instructor/README.md")
NOTEBOOKS = ("notebooks/*.ipynb", "exercises/*.ipynb")


@dataclass(frozen=True)
class Item:
    source: str  # e.g. "scenario best", "warm-up", "notebooks/08_...ipynb"
    where: str
    text: str
    expected: frozenset[str]  # empty: presented as good; else the flags it illustrates


def _scenario_items() -> list[Item]:
    items = []
    for path in sorted((ROOT / "data" / "scenarios").glob("*.yaml")):
        doc = read_yaml(path)
        nodes = doc.get("nodes") or {}
        for node_id, node in nodes.items():
            for i, opt in enumerate((node or {}).get("options") or []):
                where = f"{path.name} {node_id} option {opt.get('id', i)}"
                if opt.get("grade") == "best":
                    items.append(Item("scenario best", where, opt["say"], frozenset()))
                elif opt.get("grade") == "weak":
                    why = " ".join(str(opt.get("why") or "").lower().split())
                    named = frozenset(f for f, rx in HABITS.items() if rx.search(why))
                    if named:
                        items.append(Item("scenario weak", where, opt["say"], named))
    return items


def _warmup_items() -> list[Item]:
    out = []
    for it in coach.load_warmup():
        flag = WARMUP_FLAG.get(it.answer)
        expected = frozenset({flag}) if flag else frozenset()
        out.append(Item("warm-up", it.id, it.text, expected))
    return out


def marked_items(text: str, source: str) -> list[Item]:
    """Quoted list items between coach markers in one piece of Markdown."""
    out = []
    for m in MARK_START.finditer(text):
        end = text.find(MARK_END, m.end())
        assert end != -1, f"{source}: '{m.group(0)}' has no '{MARK_END}'"
        block = text[m.end() : end]
        if m.group(1) == "good":
            expected: frozenset[str] = frozenset()
        else:
            expected = frozenset(f.strip() for f in m.group(2).split(",") if f.strip())
            assert expected <= set(coach.FLAGS), f"{source}: unknown flag in {m.group(0)}"
        quotes = LIST_QUOTE.findall(block)
        assert quotes, f"{source}: the marked block at '{m.group(0)}' holds no quoted list item"
        out += [Item(source, m.group(0), q.strip(), expected) for q in quotes]
    return out


def _marked_items() -> list[Item]:
    out = []
    for pattern in MARKDOWN_FILES:
        for path in sorted(ROOT.glob(pattern)):
            out += marked_items(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    for pattern in NOTEBOOKS:
        for path in sorted(ROOT.glob(pattern)):
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    rel = f"{path.relative_to(ROOT)} {cell.get('id', '')}"
                    out += marked_items(cell.source, rel)
    return out


def gather() -> list[Item]:
    return _scenario_items() + _warmup_items() + _marked_items()


def disagreement(item: Item) -> str | None:
    """Why the coach disagrees with the kit about this item, or None."""
    fb = coach.analyse(item.text)
    flags = set(fb.flag_names)
    if not item.expected:
        return f"presented as good, the coach flags {sorted(flags)}" if flags else None
    missing = item.expected - flags
    if not missing:
        return None
    return f"presented as {sorted(item.expected)}, the coach misses {sorted(missing)}"


def test_the_kit_speaks_with_one_voice():
    items = gather()
    exceptions = coach.load_exceptions()
    counts = Counter((i.source.split(" ")[0], bool(i.expected)) for i in items)
    print("\none voice - items checked (source, good/bad):")
    for (source, bad), n in sorted(counts.items()):
        print(f"  {source:52} {'bad habit' if bad else 'good':9} {n}")
    by_source = Counter(i.source.split(" ")[0] for i in items)
    # the gathering itself must work: each structured source yields items
    assert by_source["scenario"] >= 40, by_source
    assert by_source["warm-up"] >= 5, by_source
    assert any(s.startswith("notebooks/08") for s in by_source), by_source
    assert any(s.startswith("exercises/01") for s in by_source), by_source
    assert any(s.startswith("docs/coach.md") for s in by_source), by_source
    assert sum(bool(i.expected) for i in items) >= 10  # bad habits are checked too

    failures, excused, used = [], [], set()
    for item in items:
        why = disagreement(item)
        if why is None:
            continue
        exc = exceptions.get(coach._key(item.text))
        if exc is not None and exc.expected == item.expected:
            excused.append(f"{item.where}: {why} (excused: {exc.reason[:60]}...)")
            used.add(coach._key(item.text))
            continue
        failures.append(f"{item.source} | {item.where} | {item.text!r}: {why}")
    print(f"  disagreements excused by data/coach_exceptions.yaml: {len(excused)}")
    for line in excused:
        print("   ", line)
    unused = sorted(set(exceptions) - used)
    assert not unused, (
        "data/coach_exceptions.yaml excuses questions the kit no longer shows (or that the coach "
        f"now agrees with); remove them so no stale reason reaches a learner: {unused}"
    )
    assert not failures, (
        "The coach and the kit disagree. Fix the question or the coach, or record the "
        "exception with a reason in data/coach_exceptions.yaml:\n" + "\n".join(failures)
    )


def test_marked_lists_are_read_exactly():
    md = (
        'Intro\n<!-- coach-good -->\n- "What happened last time?"\n1. \u201cWho else?\u201d (a '
        'closer)\n- not quoted\n<!-- /coach-examples -->\n- "Ignored?"\n'
        '<!-- coach-bad:pitch, jargon -->\n- "Could I demo our API?"\n<!-- /coach-examples -->'
    )
    items = marked_items(md, "x.md")
    assert [(i.text, sorted(i.expected)) for i in items] == [
        ("What happened last time?", []),
        ("Who else?", []),
        ("Could I demo our API?", ["jargon", "pitch"]),
    ]
    with pytest.raises(AssertionError, match="no '<!-- /coach-examples -->'"):
        marked_items('<!-- coach-good -->\n- "Open?"', "x.md")
    with pytest.raises(AssertionError, match="unknown flag"):
        marked_items('<!-- coach-bad:rude -->\n- "A?"\n<!-- /coach-examples -->', "x.md")


def test_disagreement_is_detected_both_ways():
    good = Item("t", "t", "Could I show you a quick demo?", frozenset())
    bad = Item("t", "t", "Walk me through the last close.", frozenset({"pitch"}))
    assert "coach flags ['pitch']" in disagreement(good)
    assert "misses ['pitch']" in disagreement(bad)
    assert disagreement(Item("t", "t", "Walk me through the last close.", frozenset())) is None


def test_every_exception_is_shown_to_the_learner():
    from partnerkit.widgets.coach import feedback_card

    exceptions = coach.load_exceptions()
    assert exceptions, "the exceptions file is empty; the widget path would be untested"
    for exc in exceptions.values():
        card = feedback_card(coach.analyse(exc.text))
        assert "pk-coach-exception" in card, exc.text
        first_words = " ".join(exc.reason.split()[:6])
        assert first_words.replace('"', "&quot;") in card or first_words in card, exc.text
    plain = feedback_card(coach.analyse("What happened at the last close?"))
    assert "pk-coach-exception" not in plain


def test_exceptions_file_errors_name_the_field(tmp_path):
    from partnerkit.data import DataError

    bad = tmp_path / "exc.yaml"
    bad.write_text("exceptions:\n  - text: Is it late?\n    expected: rude\n    reason: x\n")
    with pytest.raises(DataError, match=r"exceptions\.0\.expected"):
        coach.load_exceptions(bad)
    bad.write_text("exceptions:\n  - text: Is it late?\n    expected: good\n")
    with pytest.raises(DataError, match=r"exceptions\.0\.reason"):
        coach.load_exceptions(bad)
    bad.write_text("nothing: here\n")
    with pytest.raises(DataError, match="exceptions"):
        coach.load_exceptions(bad)
