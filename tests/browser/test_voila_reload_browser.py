"""A saved answer survives a page reload in Voila (a new kernel each time): type a name in
notebook 09 with the keyboard, reload, and the field shows it again."""

from __future__ import annotations

import json
import time

import pytest

pytestmark = pytest.mark.browser
NB = "notebooks/09_export_your_work.ipynb"
NAME = f"Reload tester Zoë {int(time.time()) % 100000}"


def saved_name(journal_dir) -> str | None:
    path = journal_dir / "journal.json"
    if not path.exists():
        return None
    entry = json.loads(path.read_text(encoding="utf-8"))["entries"].get("09.export.name")
    return entry and entry["value"]


def open_09(page, base):
    page.goto(f"{base}/voila/render/{NB}")
    box = page.get_by_label("Your name or a pseudonym")
    box.wait_for(timeout=90_000)
    return box


def test_reload_brings_back_the_saved_name(voila_url, journal_dir, page):
    box = open_09(page, voila_url)
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(NAME)
    deadline = time.monotonic() + 20
    while saved_name(journal_dir) != NAME and time.monotonic() < deadline:
        time.sleep(0.2)
    assert saved_name(journal_dir) == NAME, "the name reached the journal file"

    page.reload()
    box = open_09(page, voila_url)
    page.wait_for_function(
        "(name) => [...document.querySelectorAll('input')].some(i => i.value === name)", arg=NAME
    )
    assert box.input_value() == NAME


def test_export_button_offers_a_download(voila_url, journal_dir, page):
    from .conftest import ROOT

    exports = ROOT / "notebooks" / "exports"
    existed = exports.exists()
    before = set(exports.glob("*")) if existed else set()
    box = open_09(page, voila_url)
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("<img src=x onerror=alert(1)> Zoë")
    # wait until the kernel has the typed name (as a person's pause before clicking would):
    # ipywidgets may hold a value update back while an earlier one is in flight, and a
    # button press sent at once could overtake it
    deadline = time.monotonic() + 20
    while saved_name(journal_dir) != "<img src=x onerror=alert(1)> Zoë":
        assert time.monotonic() < deadline, "the typed name never reached the journal"
        time.sleep(0.2)
    button = page.get_by_role("button", name="Export my work")
    button.focus()
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name="Web page (.html): to read, print or hand in")
    link.wait_for()
    try:
        with page.expect_download() as info:
            link.click()
        text = open(info.value.path(), encoding="utf-8").read()
        assert "&lt;img src=x onerror=alert(1)&gt; Zoë" in text and "<img" not in text
        assert info.value.suggested_filename.startswith("partnerkit-img-src-x-onerror-alert-1-zoe")
        assert page.locator(".pk-export .pk-feedback").inner_text().startswith("Exported")
    finally:
        for path in set(exports.glob("*")) - before:  # leave the checkout as it was
            path.unlink()
        if not existed and exports.exists() and not any(exports.iterdir()):
            exports.rmdir()
