"""Present mode: switched on by the environment or a Voila address; charts grow, data stays."""

from __future__ import annotations

from partnerkit.charts import bar_chart
from partnerkit.data import stat
from partnerkit.display import present_mode, present_style_html, presentable
from partnerkit.present import TEMPLATE, environment
from partnerkit.widgets.common import ChartPanel


def _chart():
    stats = [stat("pwc_outside_cio_2014"), stat("pwc_outside_cio_2015")]
    return bar_chart(stats, ["2014", "2015"], title="T", takeaway="t", yaxis_title="%")


def test_present_mode_switches(monkeypatch):
    monkeypatch.delenv("PARTNERKIT_PRESENT", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    assert not present_mode() and present_style_html() == ""
    monkeypatch.setenv("QUERY_STRING", "foo=1&present=1")
    assert present_mode()
    monkeypatch.setenv("QUERY_STRING", "present=0")
    assert not present_mode()
    monkeypatch.setenv("PARTNERKIT_PRESENT", "1")
    assert present_mode() and "<style>" in present_style_html()


def test_presentable_scales_fonts_and_keeps_data():
    chart = _chart()
    before = chart.figure.to_dict()
    big = presentable(chart.figure)
    assert chart.figure.to_dict() == before, "the original figure is not changed"
    assert big.layout.font.size > chart.figure.layout.font.size >= 16
    assert big.layout.height > chart.figure.layout.height
    src = [a for a in big.layout.annotations if a.text.startswith("Source:")][0]
    orig = [a for a in chart.figure.layout.annotations if a.text.startswith("Source:")][0]
    assert src.font.size > orig.font.size, "the source line is enlarged"
    assert src.yshift < orig.yshift < 0, "the source line moves further below the bigger axis"
    assert list(big.data[0].y) == list(chart.figure.data[0].y)


def test_chart_panel_uses_present_mode(monkeypatch):
    def shown_font(panel):
        (out,) = panel.output.outputs
        return out["data"]["application/vnd.plotly.v1+json"]["layout"]["font"]["size"]

    normal = ChartPanel(_chart())
    monkeypatch.setenv("PARTNERKIT_PRESENT", "1")
    panel = ChartPanel(_chart())
    assert panel.notes.value.startswith("<style>")
    assert shown_font(normal) == 16 and shown_font(panel) >= 22


def test_launcher_environment_finds_the_template():
    env = environment({"JUPYTER_PATH": "/x"})
    first = env["JUPYTER_PATH"].split(":")[0]
    assert env["PARTNERKIT_PRESENT"] == "1" and env["JUPYTER_PATH"].endswith(":/x")
    from pathlib import Path

    assert (Path(first) / "voila" / "templates" / TEMPLATE / "index.html.j2").is_file()
