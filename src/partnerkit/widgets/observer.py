"""Exercise 03 widget: the observer board for a live triad.

Counter buttons (each shows its count in its name), a two-button talk timer, a round clock
(every tap is timestamped; the first pitch's minute is shown), the scenario's pains as a
checklist, the self-orientation checklist, the "2 + 2" boxes, the best question and one trust
moment, and an End button. A mode switch splits the board between two observers in a group
of four (one taps counters, the other runs the speaker timer). End freezes the round,
saves it in the journal (``ex.observer.rounds``), writes JSON and CSV files into
``exports/`` next to the notebook, offers both as downloads, and draws the dashboard.
"""

from __future__ import annotations

import base64
import html
import time
from pathlib import Path

import ipywidgets as widgets

from ..data import DataError
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
        "<p>First solution pitch at minute ____ (the board records it for you).</p>"
        "<p>Pains the client revealed (tick them on the board's checklist): ________</p>"
        "<p>Two things that worked: 1. ________ 2. ________<br>"
        "Two things to change: 1. ________ 2. ________</p>"
        "<p>The best question, word for word: ________<br>"
        "One trust moment (when the client opened up, and what came just before): ________</p>"
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


def scenario_pains() -> tuple[dict[str, tuple[str, dict[str, str]]], str]:
    """``{scenario id: (title, {pain id: summary})}`` from the scenario files, and a note
    ("" when every file could be read). A broken scenario file never stops the board."""
    from ..roleplay.loader import load_scenarios

    try:
        found = load_scenarios()
    except (DataError, OSError) as exc:
        return {}, f"The scenario list could not be read ({exc}); type the scenario instead."
    out = {sid: (sc.title, {p.id: p.summary for p in sc.client.pains}) for sid, sc in found.items()}
    return out, ""


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
    scenarios, scenario_note = scenario_pains()

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
            ("scenario", "Scenario (if not listed)"),
            ("interviewer", "IT partner (name)"),
            ("client", "Client (name)"),
            ("observer", "Observer (name)"),
        )
    }

    scenario_pick = widgets.Dropdown(
        options=[(f"{title} ({sid})", sid) for sid, (title, _) in sorted(scenarios.items())]
        + [("Another scenario (no pain checklist)", "")],
        value=None,
        description="Scenario",
        style=style,
        layout=widgets.Layout(width="420px"),
    )
    mode = widgets.RadioButtons(
        options=[(obs.MODE_LABELS[m], m) for m in obs.MODES],
        value="full",
        description="This board is for",
        style=style,
        layout=widgets.Layout(width="auto"),
    )

    # ---------------------------------------------------------------- round clock
    start_clock = widgets.Button(
        description="Start round clock",
        tooltip="Start the clock when the conversation starts (the first tap also starts it)",
        layout=widgets.Layout(width="auto"),
    )
    clock_out = widgets.HTML()

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

    # ---------------------------------------------------------------- pains checklist
    pain_box = widgets.VBox()
    pain_checks: dict[str, widgets.Checkbox] = {}

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
            ("best_question", "Best question (word for word)"),
            ("trust_moment", "One trust moment"),
        )
    }
    boxes["best_question"].placeholder = "The IT partner's best question, exactly as asked"
    boxes["trust_moment"].placeholder = "When the client opened up, and what came just before"

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
    controls += [scenario_pick, mode, start_clock]

    def _pains_for(sid):
        return scenarios[sid][1] if sid in scenarios else {}

    def _build_pains(_=None):
        r = state["round"]
        labels = _pains_for(scenario_pick.value)
        names["scenario"].layout.display = "none" if scenario_pick.value else None
        if r is not None and not r.ended:
            r.pains = tuple(labels) if labels else None
            r.pains_ticked &= set(labels)
        pain_checks.clear()
        for pid, summary in labels.items():
            cb = widgets.Checkbox(value=False, description=summary, indent=False, style=style)
            cb.observe(_pain_ticked(pid), names="value")
            pain_checks[pid] = cb
        pain_box.children = (
            [widgets.HTML("<p>Tick each pain when the client reveals it (timestamped).</p>")]
            + list(pain_checks.values())
            if labels
            else [widgets.HTML("<p>Pick a listed scenario to get its pains as a checklist.</p>")]
        )

    def _pain_ticked(pid):
        def handler(change):
            r = state["round"]
            if r is not None and not r.ended:
                r.tick_pain(pid, change["new"])
                _refresh()

        return handler

    def _apply_mode(_=None):
        r = state["round"]
        if r is not None and not r.ended:
            r.mode = mode.value
        counting, timing = mode.value != "timer", mode.value != "counters"
        for part in counter_part:
            part.layout.display = None if counting else "none"
        for part in timer_part:
            part.layout.display = None if timing else "none"

    def _new_round(_=None):
        state["round"] = obs.ObserverRound(round_no.value, clock=clock, mode=mode.value)
        for cb in checks.values():
            cb.value = False
        for tb in boxes.values():
            tb.value = ""
        for c in controls:
            c.disabled = False
        _build_pains()
        _refresh()
        status.value = feedback_html(
            f"Round {round_no.value} ready. Press a counter each time you notice it.", "hint"
        )

    def _refresh():
        r = state["round"]
        first = r.snapshot().first_pitch_seconds
        last = r.events[-1] if r.events else None
        clock_out.value = feedback_html(
            (
                f"Round clock: {obs.clock_text(r.elapsed())} (minutes:seconds)"
                if r.started is not None
                else "Round clock not started (the first tap starts it)"
            )
            + (
                f". Last tap: {obs.event_label(last[1], _pains_for(scenario_pick.value))} at "
                f"{obs.clock_text(last[0])}"
                if last
                else ""
            )
            + (f". First solution pitch at {obs.clock_text(first)}." if first is not None else "."),
            "info",
        )
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
        state["round"].pause_talk()
        _refresh()

    def _start_clock(_=None):
        state["round"].start()
        _refresh()

    def _end(_=None):
        r = state["round"]
        if r.ended:
            return
        for f, w in names.items():
            setattr(r, f, w.value)
        if scenario_pick.value:
            r.scenario = scenario_pick.value
        r.mode = mode.value
        r.best_question = boxes["best_question"].value
        r.trust_moment = boxes["trust_moment"].value
        r.worked = [boxes["worked_1"].value, boxes["worked_2"].value]
        r.to_change = [boxes["change_1"].value, boxes["change_2"].value]
        for sid, cb in checks.items():
            r.tick(sid, cb.value)
        record = r.end()
        rounds.append(record)
        j.set(ROUNDS_KEY, [x.to_dict() for x in rounds])
        _refresh()
        for c in [*controls, *pain_checks.values()]:
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
        round_out.value = obs.round_html(record, _pains_for(record.scenario))
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
    start_clock.on_click(_start_clock)
    scenario_pick.observe(_build_pains, names="value")
    mode.observe(_apply_mode, names="value")
    end.on_click(_end)
    new.on_click(_new_round)

    def _grid(items, cols=4):
        return widgets.GridBox(
            list(items),
            layout=widgets.Layout(grid_template_columns=f"repeat({cols}, max-content)"),
        )

    section = widgets.HTML
    counter_part = [
        section("<h3>Tally what you notice</h3>"),
        _grid(counter_buttons.values(), 4),
        widgets.HBox([undo]),
    ]
    timer_part = [
        section("<h3>Who is talking?</h3>"),
        widgets.HBox([*talk_buttons.values(), pause]),
        timer_out,
    ]
    board = widgets.VBox(
        [
            section("<h3>Who is who</h3>"),
            widgets.HBox([round_no, scenario_pick]),
            names["scenario"],
            _grid([names["interviewer"], names["client"], names["observer"]], 3),
            mode,
            section("<h3>Round clock</h3>"),
            widgets.HBox([start_clock]),
            clock_out,
            *counter_part,
            *timer_part,
            section("<h3>Pains the client revealed</h3>"),
            *([widgets.HTML(f"<p>{html.escape(scenario_note)}</p>")] if scenario_note else []),
            pain_box,
            section("<h3>Signs of self-orientation (tick what you saw)</h3>"),
            _grid(checks.values(), 2),
            section("<h3>Two things that worked, two to change</h3>"),
            *(boxes[k] for k in ("worked_1", "worked_2", "change_1", "change_2")),
            section("<h3>The best question and one trust moment</h3>"),
            boxes["best_question"],
            boxes["trust_moment"],
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
    board.scenario, board.mode, board.pains, board.start_clock = (
        scenario_pick,
        mode,
        pain_checks,
        start_clock,
    )
    board.clock_out = clock_out
    _new_round()
    _apply_mode()
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
