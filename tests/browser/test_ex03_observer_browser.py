"""Exercise 03 in a real browser (Voila + Chromium): an observer counts with the keyboard,
runs the talk timer, ticks a sign, writes feedback and ends the round; the counts, the
dashboard chart, the downloads, the journal and the exported files all agree."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import pytest

from partnerkit.journal import Journal
from partnerkit.roleplay import observer as obs

from .conftest import assert_clean, plot_titles

pytestmark = pytest.mark.browser
NB = "exercises/03_observer_board_ex.ipynb"
ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT / "exercises" / "exports"


@pytest.fixture
def keep_exports(tmp_path):
    """The board writes exercises/exports/observer_rounds.*; leave the checkout as it was."""
    saved = tmp_path / "saved"
    existed = EXPORTS.exists()
    if existed:
        shutil.copytree(EXPORTS, saved)
    yield EXPORTS
    if existed:
        shutil.rmtree(EXPORTS)
        shutil.copytree(saved, EXPORTS)
    elif EXPORTS.exists():
        shutil.rmtree(EXPORTS)


def press(page, name: str, key: str = "Enter"):
    button = page.get_by_role("button", name=re.compile("^" + re.escape(name)))
    button.scroll_into_view_if_needed()
    button.focus()
    page.keyboard.press(key)


def subplot_y(page, title: str, trace: int) -> list[float]:
    return page.evaluate(
        """([part, i]) => { const gd = [...document.querySelectorAll('.js-plotly-plot')]
            .find(g => (g.querySelector('.gtitle')?.textContent || '').includes(part));
            return gd ? Array.from(gd._fullData[i].y) : null; }""",
        [title, trace],
    )


def test_observer_counts_with_keyboard_and_ends_round(voila_url, page, journal_dir, keep_exports):
    page.goto(f"{voila_url}/voila/render/{NB}")
    page.get_by_role("button", name="Open question: 0").wait_for(timeout=90_000)

    page.get_by_label("IT partner (name)").focus()
    page.keyboard.type("Ana <i>")
    press(page, "Open question")
    page.get_by_role("button", name="Open question: 1").wait_for()
    press(page, "Open question", "Space")
    press(page, "Closed question")
    press(page, "Reflection")
    press(page, "Pain surfaced")
    press(page, "Solution pitch")
    page.get_by_role("button", name="Solution pitch: 1").wait_for()
    press(page, "Undo last count")
    page.get_by_role("button", name="Solution pitch: 0").wait_for()

    press(page, "IT partner talking")
    page.locator(".pk-feedback").filter(has_text="Now talking: IT partner").wait_for()
    page.wait_for_timeout(1200)
    press(page, "Client talking")
    page.locator(".pk-feedback").filter(has_text="Now talking: Client").wait_for()

    sign = page.get_by_label("Interrupted the client")
    sign.scroll_into_view_if_needed()
    sign.focus()
    page.keyboard.press("Space")
    page.get_by_label("Worked well (1)").focus()
    page.keyboard.type("Asked about <last> Friday")
    page.keyboard.press("Tab")  # leave the box so its text is sent to the kernel

    press(page, "End round and show dashboard")
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot .gtitle')]"
        ".some(e => e.textContent.includes('Observer dashboard'))",
        timeout=60_000,
    )
    assert any("Observer dashboard" in t for t in plot_titles(page))
    for name, n in [("Open question", 2), ("Closed question", 1), ("Reflection", 1)]:
        assert page.get_by_role("button", name=f"{name}: {n}").is_disabled()
    # % open and reflections per question, as the chart draws them
    assert subplot_y(page, "Observer dashboard", 1) == pytest.approx([66.67], abs=0.01)
    assert subplot_y(page, "Observer dashboard", 2) == pytest.approx([1 / 3], abs=0.01)

    board = page.locator(".pk-observer-board")
    round_text = board.locator(".pk-observer-round").inner_text()
    assert "Ana <i>" in round_text and "Asked about <last> Friday" in round_text
    assert board.locator(".pk-observer-round i").count() == 0  # shown as text, not markup
    assert "Interrupted the client" in round_text

    saved = Journal(journal_dir / "journal.json").get("ex.observer.rounds")
    (rec,) = [obs.round_from_dict(d) for d in saved]
    assert rec.counts["open"] == 2 and rec.counts["pain"] == 1 and rec.counts["pitch"] == 0
    assert rec.talk_seconds["it"] >= 1.0 and rec.talk_seconds["client"] > 0
    assert rec.self_orientation == ("interrupted",) and rec.interviewer == "Ana <i>"
    assert obs.load_rounds(keep_exports / "observer_rounds.json") == [rec]
    assert obs.load_rounds(keep_exports / "observer_rounds.csv") == [rec]
    link = board.get_by_role("link", name="Download all rounds as CSV")
    href = link.get_attribute("href")
    assert href.startswith("data:text/csv")
    assert obs.from_csv(base64.b64decode(href.split(",", 1)[1]).decode()) == [rec]
    assert_clean(page)


def test_timestamps_best_question_and_pains_reach_the_export(
    voila_url, page, journal_dir, keep_exports
):
    """The observer picks a scenario (its pains become a checklist), starts the round clock,
    taps a pitch a couple of seconds later, ticks a pain and writes the best question and a
    trust moment; the timestamps and the texts reach the journal, the files and the download."""
    from partnerkit.roleplay.loader import get_scenario

    scenario = get_scenario("marketing")
    journal = Journal(journal_dir / "journal.json")
    before = len(journal.get("ex.observer.rounds") or [])
    page.goto(f"{voila_url}/voila/render/{NB}")
    page.get_by_role("button", name="Open question: 0").wait_for(timeout=90_000)

    page.get_by_label("Scenario", exact=True).select_option(label=f"{scenario.title} (marketing)")
    pain = scenario.client.pains[2]
    page.get_by_label(pain.summary).wait_for()
    press(page, "Start round clock")
    page.locator(".pk-feedback").filter(has_text="Round clock: 00:").wait_for()
    page.wait_for_timeout(2200)
    press(page, "Solution pitch")
    page.locator(".pk-feedback").filter(has_text="First solution pitch at 00:0").wait_for()
    box = page.get_by_label(pain.summary)
    box.scroll_into_view_if_needed()
    box.focus()
    page.keyboard.press("Space")
    page.locator(".pk-feedback").filter(has_text="Pain ticked").wait_for()
    page.get_by_label("Best question (word for word)").focus()
    page.keyboard.type("What happens to a lead <after> the fair?")
    page.get_by_label("One trust moment").focus()
    page.keyboard.type("She named the board deadline")
    page.keyboard.press("Tab")
    press(page, "End round and show dashboard")
    board = page.locator(".pk-observer-board")
    board.locator(".pk-observer-round").filter(has_text="First solution pitch at").wait_for(
        timeout=60_000
    )
    # the status line is written last, after the dashboard and its download links
    page.locator(".pk-feedback").filter(has_text="ended and saved").wait_for(timeout=60_000)
    round_text = board.locator(".pk-observer-round").inner_text()
    assert "What happens to a lead <after> the fair?" in round_text
    assert "Pains ticked (1 of" in round_text and pain.summary in round_text

    saved = journal.get("ex.observer.rounds")
    assert len(saved) == before + 1
    rec = obs.round_from_dict(saved[-1])
    assert rec.scenario == "marketing" and rec.pains_found == (pain.id,)
    assert rec.best_question == "What happens to a lead <after> the fair?"
    assert rec.trust_moment == "She named the board deadline"
    assert [w for _, w in rec.events] == ["pitch", f"pain:{pain.id}"]
    assert rec.first_pitch_seconds >= 2.0 and rec.events[1][0] >= rec.first_pitch_seconds
    assert obs.load_rounds(keep_exports / "observer_rounds.json")[-1] == rec
    assert obs.load_rounds(keep_exports / "observer_rounds.csv")[-1] == rec
    href = board.get_by_role("link", name="Download all rounds as JSON").get_attribute("href")
    assert obs.from_json(base64.b64decode(href.split(",", 1)[1]).decode())[-1] == rec
    assert_clean(page)
