"""Exercise 04 in a real browser (Voila + Chromium): file every topic with the keyboard, check
against the key, and see the overlap chart and both role cards."""

from __future__ import annotations

import pytest

from partnerkit.roleplay import common_ground as cg

from .audit import AXE_RUN, UNNAMED_CONTROLS, ensure_axe, not_allowed
from .conftest import REQUIRE, assert_clean, open_voila, plot_y

pytestmark = pytest.mark.browser
NB = "exercises/04_common_ground_ex.ipynb"
TITLE = "Common ground you found"


def end_state_accessibility_problems(page) -> list[str]:
    """axe-core on the page as it is now (after playing), plus controls without a name."""
    try:
        axe_js = ensure_axe()
    except RuntimeError as exc:
        if REQUIRE:
            raise
        print(f"axe-core unavailable, end-state audit not run: {exc}")
        return []
    page.add_script_tag(path=str(axe_js))
    return not_allowed(page.evaluate(AXE_RUN), ()) + page.evaluate(UNNAMED_CONTROLS)


def test_file_topics_with_the_keyboard_and_check(voila_url, page):
    pack = cg.load_packs()["security_vendor"]
    key = cg.key_for(pack)
    values = [v for _, v in cg.CHOICES]
    open_voila(page, voila_url, NB, plots=0)
    wrong_topic = "data_location"  # file the conflict as shared, all the rest as the key does
    for topic in pack.topics:
        chosen = "shared" if topic.id == wrong_topic else key.topics[topic.id].category
        select = page.get_by_label(topic.label, exact=True)
        select.scroll_into_view_if_needed()
        select.focus()
        for _ in range(values.index(chosen)):
            page.keyboard.press("ArrowDown")
            page.wait_for_timeout(150)  # a person's pace: each change reaches the kernel
    page.wait_for_timeout(500)
    for topic in pack.topics:  # what the learner sees is what the kernel holds
        chosen = "shared" if topic.id == wrong_topic else key.topics[topic.id].category
        label = cg.CATEGORY_LABELS[chosen]
        assert page.get_by_label(topic.label, exact=True).input_value() == label

    button = page.get_by_role("button", name="Check against the key")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(t) => [...document.querySelectorAll('.js-plotly-plot .gtitle')]"
        ".some(e => e.textContent.includes(t))",
        arg=TITLE,
    )
    found = {t.id: key.topics[t.id].category for t in pack.topics}
    found[wrong_topic] = "shared"
    expected = cg.score(pack, key, found)
    assert plot_y(page, TITLE) == [expected.per_category[c]["in_key"] for c in cg.CATEGORIES]
    second = page.evaluate(
        """(t) => { const gd = [...document.querySelectorAll('.js-plotly-plot')]
            .find(g => g.querySelector('.gtitle').textContent.includes(t));
            return Array.from(gd._fullData[1].y); }""",
        TITLE,
    )
    assert second == [expected.per_category[c]["found"] for c in cg.CATEGORIES]
    status = page.locator(".pk-common-ground .pk-feedback").inner_text()
    assert f"You filed {expected.correct} of {expected.total}" in status
    assert "the real conflict was not named" in status
    assert page.get_by_label(pack.topics[0].label, exact=True).is_disabled()
    notes = page.locator(".pk-common-ground .pk-chart-notes")
    assert "Grouped bar chart" in notes.inner_text()
    page.locator("summary", has_text="Read both confidential role cards").click()
    assert page.get_by_text(pack.roles[1].interests[0].text).is_visible()
    assert not end_state_accessibility_problems(page)
    assert_clean(page)
