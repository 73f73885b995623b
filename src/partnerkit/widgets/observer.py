"""Exercise 03 widget: the observer board for a live triad.

Counter buttons (each shows its count in its name), a two-button talk timer, the
self-orientation checklist, the "2 + 2" boxes and an End button. End freezes the round,
saves it in the journal (``ex.observer.rounds``), writes JSON and CSV files into
``exports/`` next to the notebook, offers both as downloads, and draws the dashboard.
"""

from __future__ import annotations

import base64
import html
import time
from pathlib import Path

import ipywidgets as widgets

from ..display import static_mode
from ..journal import journal
from ..roleplay import observer as obs
from .common import ChartPanel, feedback_html

ROUNDS_KEY = "ex.observer.rounds"
EXPORT_STEM = "observer_rounds"


def _counter_text(name: str, n: int) -> str:
    return f"{obs.COUNTER_LABELS[name]}: {n}"


def download_links_html(records, stem: str = EXPORT_STEM) -> str:
    """Two download links carrying the files in data URIs (work offline, in Voila too)."""
    links = []
    for ext, mime, body in (
        ("json", "application/json", obs.to_json(records) + "\n"),
        ("csv", "text/csv", obs.to_csv(records)),
    ):
        b64 = base64.b64encode(body.encode("utf-8")).decode("ascii")
        links.append(
            f'<a download="{html.escape(stem)}.{ext}" href="data:{mime};charset=utf-8;'
            f'base64,{b64}">Download all rounds as {ext.upper()}</a>'
        )
    return '<p class="pk-observer-downloads">' + " &middot; ".join(links) + "</p>"


def observer_card_html() -> str:
    """The observer's tally sheet as static HTML (for handouts and printing)."""
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(obs.COUNTER_LABELS[c])}</td><td>{e(obs.COUNTER_HELP[c])}</td><td></td></tr>"
        for c in obs.COUNTERS
    )
    signs = "".join(f"<li>&#9744; {e(label)}</li>" for _, label in obs.SELF_ORIENTATION_SIGNS)
    return (
        '<table class="pk-table"><caption>Observer tally sheet</caption><thead><tr>'
        '<th scope="col">Behaviour</th><th scope="col">What counts</th>'
        '<th scope="col">Tally</th></tr></thead>'
        f"<tbody>{rows}</tbody></table><p><strong>Signs of self-orientation</strong></p>"
        f"<ul>{signs}</ul><p>Talking time: IT partner ____ min, client ____ min.</p>"
        "<p>Two things that worked: 1. ________ 2. ________<br>"
        "Two things to change: 1. ________ 2. ________</p>"
    )


def observer_card() -> None:
    """Display the tally sheet: what each counter means, the checklist, the 2 + 2 lines."""
    from IPython.display import HTML, display

    display(HTML(f'<div class="pk-observer-card">{observer_card_html()}</div>'))


def _saved_rounds(j) -> list[obs.RoundRecord]:
    out = []
    raw = j.get(ROUNDS_KEY)
    if isinstance(raw, list):
        for i, d in enumerate(raw, start=1):
            try:
                out.append(obs.round_from_dict(d, "journal " + ROUNDS_KEY, i))
            except obs.DataError:
                continue  # a damaged entry is skipped, the others are kept
    return out


def observer_board(export_dir: str | Path | None = None, clock=time.monotonic):
    """The observer board. ``export_dir`` defaults to ``exports/`` in the current folder."""
    if static_mode():
        from IPython.display import HTML, display

        display(HTML("<p><em>The live observer board appears here when the notebook runs; "
                     "on paper, use the tally sheet above.</em></p>"))  # fmt: skip
        return None
    j = journal()
    export_dir = Path(export_dir) if export_dir is not None else Path.cwd() / "exports"
    rounds = _saved_rounds(j)
    state = {"round": None}

    # ---------------------------------------------------------------- who is who
    style = {"description_width": "initial"}
    round_no = widgets.BoundedIntText(
        value=(max(r.round for r in rounds) + 1) if rounds else 1,
        min=1,
        max=99,
        description="Round number",
        style=style,
        layout=widgets.Layout(width="200px"),
    )
    names = {
        field: widgets.Text(
            description=label,
            style=style,
            layout=widgets.Layout(width="300px"),
            continuous_update=False,  # sent on Tab/Enter, so it never trails a button press
        )
        for field, label in (
            ("scenario", "Scenario"),
            ("interviewer", "IT partner (name)"),
            ("client", "Client (name)"),
            ("observer", "Observer (name)"),
        )
    }

    # ---------------------------------------------------------------- counters
    counter_buttons = {}
    for name in obs.COUNTERS:
        b = widgets.Button(
            description=_counter_text(name, 0),
            tooltip=obs.COUNTER_HELP[name],
            layout=widgets.Layout(width="190px"),
        )
        b.add_class("pk-counter")
        counter_buttons[name] = b
    undo = widgets.Button(
        description="Undo last count",
        tooltip="Take back the last press",
        layout=widgets.Layout(width="auto"),
    )

    # ---------------------------------------------------------------- talk timer
    talk_buttons = {
        who: widgets.Button(
            description=f"{obs.SPEAKER_LABELS[who]} talking",
            tooltip=f"Press when the {obs.SPEAKER_LABELS[who].lower()} starts talking; "
            "press again for silence",
            layout=widgets.Layout(width="190px"),
        )
        for who in obs.SPEAKERS
    }
    pause = widgets.Button(
        description="Pause timer", tooltip="Nobody is talking", layout=widgets.Layout(width="auto")
    )
    timer_out = widgets.HTML()

    # ---------------------------------------------------------------- checklist, 2 + 2
    checks = {
        sid: widgets.Checkbox(value=False, description=label, indent=False, style=style)
        for sid, label in obs.SELF_ORIENTATION_SIGNS
    }
    boxes = {
        key: widgets.Textarea(
            description=label,
            style={"description_width": "120px"},
            layout=widgets.Layout(width="95%", height="60px"),
            continuous_update=False,
        )
        for key, label in (
            ("worked_1", "Worked well (1)"),
            ("worked_2", "Worked well (2)"),
            ("change_1", "To change (1)"),
            ("change_2", "To change (2)"),
        )
    }

    # ---------------------------------------------------------------- end + dashboard
    end = widgets.Button(
        description="End round and show dashboard",
        button_style="primary",
        layout=widgets.Layout(width="auto"),
        tooltip="Freeze this round, save it and draw the dashboard",
    )
    new = widgets.Button(
        description="Start next round",
        tooltip="Clear the board for a new round",
        layout=widgets.Layout(width="auto"),
    )
    status = widgets.HTML()
    round_out = widgets.HTML()
    dashboard = widgets.VBox()
    controls = [*counter_buttons.values(), undo, *talk_buttons.values(), pause, end]
    controls += [*checks.values(), *boxes.values(), round_no, *names.values()]

    def _new_round(_=None):
        state["round"] = obs.ObserverRound(round_no.value, clock=clock)
        for cb in checks.values():
            cb.value = False
        for tb in boxes.values():
            tb.value = ""
        for c in controls:
            c.disabled = False
        _refresh()
        status.value = feedback_html(
            f"Round {round_no.value} ready. Press a counter each time you notice it.", "hint"
        )

    def _refresh():
        r = state["round"]
        for name, b in counter_buttons.items():
            b.description = _counter_text(name, r.counts[name])
        secs = r.timer.totals()
        now = r.timer.current
        share = r.timer.share()
        timer_out.value = feedback_html(
            f"Now talking: {obs.SPEAKER_LABELS[now] if now else 'nobody (timer paused)'}. "
            f"IT partner {secs['it']:.0f} s, client {secs['client']:.0f} s"
            + (f"; IT partner's share {share:.0f}%." if share is not None else "."),
            "info",
        )

    def _count(name):
        def handler(_=None):
            state["round"].tally(name)
            _refresh()

        return handler

    def _undo(_=None):
        taken = state["round"].undo()
        _refresh()
        if taken:
            status.value = feedback_html(f"Took back one '{obs.COUNTER_LABELS[taken]}'.", "info")

    def _talk(who):
        def handler(_=None):
            state["round"].talking(who)
            _refresh()

        return handler

    def _pause(_=None):
        state["round"].timer.pause()
        _refresh()

    def _end(_=None):
        r = state["round"]
        if r.ended:
            return
        for f, w in names.items():
            setattr(r, f, w.value)
        r.worked = [boxes["worked_1"].value, boxes["worked_2"].value]
        r.to_change = [boxes["change_1"].value, boxes["change_2"].value]
        for sid, cb in checks.items():
            r.tick(sid, cb.value)
        record = r.end()
        rounds.append(record)
        j.set(ROUNDS_KEY, [x.to_dict() for x in rounds])
        _refresh()
        for c in controls:
            c.disabled = True
        _show(record)

    def _show(record):
        try:
            paths = obs.save_rounds(rounds, export_dir, EXPORT_STEM)
            where = "Saved to " + " and ".join(
                html.escape(f"{export_dir.name}/{p.name}") for p in paths
            )
        except OSError as exc:
            where = html.escape(f"Could not write the exports folder ({exc}); use the downloads.")
        round_out.value = obs.round_html(record)
        dashboard.children = [
            ChartPanel(obs.dashboard_chart(rounds)),
            widgets.HTML(f"<p>{where}.</p>" + download_links_html(rounds)),
        ]
        status.value = feedback_html(
            f"Round {record.round} ended and saved ({len(rounds)} round(s) so far). "
            "Debrief now: two things that worked, then two to change.",
            "info",
        )
        round_no.value = min(99, record.round + 1)

    for name, b in counter_buttons.items():
        b.on_click(_count(name))
    undo.on_click(_undo)
    for who, b in talk_buttons.items():
        b.on_click(_talk(who))
    pause.on_click(_pause)
    end.on_click(_end)
    new.on_click(_new_round)

    def _grid(items, cols=4):
        return widgets.GridBox(
            list(items),
            layout=widgets.Layout(grid_template_columns=f"repeat({cols}, max-content)"),
        )

    section = widgets.HTML
    board = widgets.VBox(
        [
            section("<h3>Who is who</h3>"),
            widgets.HBox([round_no, names["scenario"]]),
            _grid([names["interviewer"], names["client"], names["observer"]], 3),
            section("<h3>Tally what you notice</h3>"),
            _grid(counter_buttons.values(), 4),
            widgets.HBox([undo]),
            section("<h3>Who is talking?</h3>"),
            widgets.HBox([*talk_buttons.values(), pause]),
            timer_out,
            section("<h3>Signs of self-orientation (tick what you saw)</h3>"),
            _grid(checks.values(), 2),
            section("<h3>Two things that worked, two to change</h3>"),
            *boxes.values(),
            widgets.HBox([end, new]),
            status,
            round_out,
            dashboard,
        ]
    )
    board.add_class("pk-observer-board")
    board.counters, board.talk, board.pause, board.undo = counter_buttons, talk_buttons, pause, undo
    board.checks, board.boxes, board.names, board.round_no = checks, boxes, names, round_no
    board.end, board.new, board.status, board.dashboard = end, new, status, dashboard
    board.round_out, board.state, board.rounds = round_out, state, rounds
    _new_round()
    if rounds:
        dashboard.children = [
            ChartPanel(obs.dashboard_chart(rounds)),
            widgets.HTML(download_links_html(rounds)),
        ]
        status.value = feedback_html(
            f"{len(rounds)} earlier round(s) restored from your journal; round "
            f"{round_no.value} is ready.",
            "hint",
        )
    return board
