"""Handout conversion logic (the browser test checks the built pages end to end)."""

from __future__ import annotations

from pathlib import Path

import nbformat

from partnerkit import handouts

PLOT = {"data": [{"type": "bar", "y": [1, 2], "text": ["</script><script>alert(1)</script>"]}],
        "layout": {"height": 500, "title": {"text": "T"}}}  # fmt: skip


def test_plot_html_is_safe_inside_a_script():
    out = handouts.plot_html(PLOT, "p-1")
    assert out.count("</script>") == 1, "chart text cannot close the script element"
    assert 'id="p-1"' in out and "height:500px" in out and "Plotly.newPlot" in out


def test_outputs_are_rewritten_for_offline_use():
    counter = handouts._Counter("nb")
    chart = handouts.convert_output({"data": {handouts.PLOTLY_MIME: PLOT}}, {}, counter)
    assert chart["metadata"]["pk_charts"] == 1 and "nb-plot-1" in chart["data"]["text/html"]
    activation = {"data": {"text/html": "<script>window.PlotlyConfig = {};</script>"}}
    cdn = {"data": {"text/html": '<script src="https://cdn.example/x.js"></script>'}}
    assert handouts.convert_output(activation, {}, counter) is None
    assert handouts.convert_output(cdn, {}, counter) is None
    keep = {"output_type": "stream", "name": "stdout", "text": "hi"}
    assert handouts.convert_output(keep, {}, counter) == keep


def _m(name, **state):
    return {"model_name": name, "state": state}


def test_widgets_render_statically_with_their_charts():
    state = {
        "box": _m("VBoxModel", children=[f"IPY_MODEL_{k}" for k in "tohx"]),
        "t": _m("ToggleButtonsModel", description="Show", _options_labels=["A <b>", "B"]),
        "o": _m("OutputModel", outputs=[{"output_type": "display_data",
                                         "data": {handouts.PLOTLY_MIME: PLOT}}]),
        "h": _m("HTMLModel", value="<p class='note'>kit text</p>"),
        "x": _m("HTMLModel", value="hidden", layout="IPY_MODEL_lay"),
        "lay": _m("LayoutModel", display="none"),
    }  # fmt: skip
    html, charts = handouts.widget_html("box", state, handouts._Counter("w"))
    assert charts == 1 and "w-plot-1" in html
    assert "A &lt;b&gt; · B" in html and "kit text" in html and "hidden" not in html


def test_prepare_counts_charts_and_drops_widget_state():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.from_dict({"output_type": "display_data", "metadata": {},
                            "data": {handouts.PLOTLY_MIME: PLOT, "text/plain": "Figure"}}),
        nbformat.from_dict({"output_type": "display_data", "metadata": {},
                            "data": {handouts.WIDGET_VIEW: {"model_id": "o"}, "text/plain": "W"}}),
    ]  # fmt: skip
    nb.cells = [cell]
    inner = [{"output_type": "display_data", "data": {handouts.PLOTLY_MIME: PLOT}}]
    nb.metadata["widgets"] = {
        handouts.WIDGET_STATE: {"state": {"o": _m("OutputModel", outputs=inner)}}
    }
    assert handouts.prepare(nb, "nb") == 2
    assert "widgets" not in nb.metadata
    assert all("pk_charts" not in o.get("metadata", {}) for o in nb.cells[0].outputs)


def test_relink_points_notebook_links_at_pages():
    page = '<a href="01_x.ipynb#sec">a</a><a href="../data/s.csv">b</a><a href="99_y.ipynb">c</a>'
    out = handouts.relink(page, {"01_x"})
    assert 'href="01_x.html#sec"' in out and 'href="../data/s.csv"' in out
    assert 'href="99_y.ipynb"' in out, "pages that were not built keep their link"


# --------------------------------------------------------------------------- class materials


def _timing_numbers(page: str) -> set[int]:
    """Every minute the page states for the talk (the card's list and the timer's plan)."""
    import re

    return {int(m) for m in re.findall(r"\bTalk:? (\d+) min", page)}


def test_class_materials_state_the_one_talk_time(tmp_path):
    import json
    import re

    from partnerkit.sessions import timing

    t = timing()
    written = dict(handouts.build_class_materials(tmp_path))
    assert {"class/timeout_card.html", "class/timer.html"} <= set(written)
    card = (tmp_path / "class" / "timeout_card.html").read_text(encoding="utf-8")
    timer = (tmp_path / "class" / "timer.html").read_text(encoding="utf-8")
    assert "TIME-OUT" in card and "Any player may hold this card up" in card
    assert _timing_numbers(card) == {t.talk_minutes} == _timing_numbers(timer)
    for page in (card, timer):
        assert f"first {t.no_solution_minutes} minutes" in page
        assert not re.search(r"(?:src|href)=[\"']https?:", page), "offline: no CDN"
    data = re.search(r'id="pk-timer-data">(.*?)</script>', timer).group(1)
    triad = json.loads(data)[0]["phases"]
    assert [p["seconds"] for p in triad] == [
        60 * t.read_minutes,
        60 * t.talk_minutes,
        60 * t.feedback_minutes,
    ]
    assert triad[1]["hold"] == 60 * t.no_solution_minutes
    assert 'role="timer"' in timer and 'aria-live="polite"' in timer


def test_class_materials_follow_the_timing_file(tmp_path, monkeypatch):
    import shutil

    root = Path(__file__).resolve().parents[2]  # the checkout (handouts.ROOT is gone)
    data = tmp_path / "data"
    shutil.copytree(root / "data", data)
    path = data / "timing.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("talk_minutes: 8", "talk_minutes: 12"), "utf-8"
    )
    monkeypatch.setenv("PARTNERKIT_DATA", str(data))
    handouts.build_class_materials(tmp_path / "out")
    card = (tmp_path / "out" / "class" / "timeout_card.html").read_text(encoding="utf-8")
    assert _timing_numbers(card) == {12}


def test_build_writes_the_class_materials_and_lists_them(tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A tiny page\n\nText.")]
    path = tmp_path / "01_tiny.ipynb"
    nbformat.write(nb, path)
    monkeypatch.setattr(handouts, "execute", lambda p, timeout=300: (nbformat.read(p, 4), ""))
    m = handouts.build(tmp_path / "out", [path], cards=False, log=lambda *_: None)
    hrefs = [h for h, _ in m.class_materials]
    assert "class/timeout_card.html" in hrefs and "class/timer.html" in hrefs
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{h}"' in index for h in hrefs)
    assert all((tmp_path / "out" / h).is_file() for h in hrefs)
