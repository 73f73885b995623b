"""The solo scripted client: play a discovery conversation against a scenario's branching graph.

Keyboard: Tab to a move and press Enter (or Space); or type your own move in the text box,
Tab to "Say it" and press Enter. A clear match is played and the kit shows how it read your
words; a weak or ambiguous one is not played: the two nearest moves appear as buttons (the
focus moves to the first) and you pick the one you meant, or "Neither" to rephrase. The trust
meters stay hidden until the end. The end screen shows the relationship reached (with the
client's last line and summary for that level, also when trust held it lower), the pains found
out of the total, your path against the expert's, why each weak move was weak, and your first
attempt next to your latest. Every attempt is saved to the journal under
``ex.solo.<scenario_id>`` (see :func:`partnerkit.roleplay.engine.add_attempt`).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display

from ..display import static_mode, table_html
from ..journal import journal
from ..learner_text import learner_html
from ..roleplay.engine import (
    MAX_TEXT,
    Conversation,
    Step,
    add_attempt,
    attempts_of,
    trust_quotient,
)
from ..roleplay.loader import get_scenario, load_scenarios
from ..roleplay.matching import Match
from ..roleplay.model import (
    METER_LABELS,
    METER_MAX,
    METER_START,
    METERS,
    RELATIONSHIP_LABELS,
    Scenario,
)
from .common import feedback_html

MAX_OPTIONS = 4
START = {m: METER_START for m in METERS}
CSS = """<style>
.pk-solo .pk-move button, .pk-solo button.pk-move { white-space: normal; height: auto;
  min-height: 2.4em; text-align: left; line-height: 1.35; padding: 0.4em 0.8em; }
.pk-solo .pk-transcript { max-height: 28em; overflow-y: auto;
  border: 1px solid var(--jp-border-color1, #bbb); padding: 0.5em 0.8em;
  background: var(--jp-layout-color2, #fafafa); color: var(--jp-ui-font-color1, #1a1a1a); }
.pk-solo .pk-line { margin: 0.35em 0; }
.pk-solo .pk-you { color: var(--jp-content-link-color, #0b3d66); }
.pk-solo .pk-end h3 { margin-top: 0.8em; }
</style>"""

# New rules for the confirmation step and the attempts table (JupyterLab variables with
# fallbacks, so the dark theme stays readable). Kept apart from CSS above.
SOLO_CSS = """<style>
.pk-solo .pk-confirm { border: 1px solid var(--jp-border-color1, #bbb);
  border-left: 4px solid var(--jp-brand-color1, #0072b2); padding: 0.4em 0.8em;
  margin: 0.4em 0; background: var(--jp-layout-color2, #f4f4f4);
  color: var(--jp-ui-font-color1, #1a1a1a); }
.pk-solo .pk-confirm button { white-space: normal; height: auto; min-height: 2.2em;
  text-align: left; line-height: 1.35; }
.pk-solo .pk-last-line { border-left: 4px solid var(--jp-border-color1, #bbb);
  padding-left: 0.6em; color: var(--jp-ui-font-color1, #1a1a1a); }
</style>"""


def journal_key(scenario_id: str) -> str:
    return f"ex.solo.{scenario_id}"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _status(kind: str, *parts: str, learner: tuple[int, ...] = ()) -> str:
    """A live-region message like :func:`feedback_html`; ``parts`` are escaped, except those
    at the positions in ``learner``, which are learner text shown through ``learner_html``."""
    body = "".join(learner_html(p) if i in learner else html.escape(p) for i, p in enumerate(parts))
    return (
        f'<div class="pk-feedback pk-{html.escape(kind)}" role="status" aria-live="polite">'
        f"{body}</div>"
    )


def brief_html(s: Scenario) -> str:
    b = s.brief
    e = html.escape
    return (
        f"<h3>{e(s.title)} <small>({e(s.function)})</small></h3>"
        "<details open><summary>The brief (everyone reads this)</summary>"
        f"<p>{e(b.setting)}</p><p>{e(b.situation)}</p><p>{e(b.meeting)}</p>"
        "<p><em>All people, companies and numbers are fictional.</em></p></details>"
        f"<p>You play the IT partner. {e(s.client.name)}, {e(s.client.role)}, is the client.</p>"
    )


def transcript_html(conv: Conversation) -> str:
    name = html.escape(conv.scenario.client.name.split()[0])
    lines = []
    for line in conv.transcript:
        if line.speaker == "you":
            lines.append(
                f'<p class="pk-line pk-you"><strong>You:</strong> {learner_html(line.text)}</p>'
            )
        else:
            lines.append(
                f'<p class="pk-line pk-client"><strong>{name}:</strong> '
                f"{html.escape(line.text)}</p>"
            )
    return (
        '<div class="pk-transcript" role="region" tabindex="0" '
        'aria-label="The conversation so far">' + "".join(lines) + "</div>"
    )


def _latest_client(conv: Conversation, since: int) -> str:
    return " ".join(line.text for line in conv.transcript[since:] if line.speaker == "client")


def _level(value: object) -> str:
    return RELATIONSHIP_LABELS.get(str(value), str(value).replace("_", " "))


def attempts_html(attempts: list[dict]) -> str:
    """The learner's first attempt next to their latest (shown from the second attempt on)."""
    if len(attempts) < 2:
        return ""
    first, last = attempts[0], attempts[-1]

    def pains(a: dict) -> str:
        return f"{a.get('pains_found', '?')} of {a.get('pains_total', '?')}"

    def trust(a: dict) -> str:
        t = a.get("trust")
        return f"{t.get('quotient', '?')}" if isinstance(t, dict) else "?"

    table = pd.DataFrame(
        {
            "": ["Relationship reached", "Pains found", "Trust quotient"],
            "Your first attempt": [_level(first.get("relationship")), pains(first), trust(first)],
            f"This attempt (number {last.get('number', len(attempts))})": [
                _level(last.get("relationship")),
                pains(last),
                trust(last),
            ],
        }
    )
    return (
        f"<h3>Your first attempt and this one</h3><p>You have played this scenario "
        f"{len(attempts)} times; every attempt is kept in your journal.</p>"
        + table_html(table, caption="Your first attempt next to this one")
    )


def end_html(conv: Conversation, attempts: list[dict] | None = None) -> str:
    """The end screen: relationship (with the last line and summary of the level reached),
    pains, trust meters, path vs expert path, explanations, first attempt vs latest."""
    r = conv.result()
    s = conv.scenario
    e = html.escape
    pains = s.pains
    name = e(s.client.name.split()[0])
    parts = [
        '<div class="pk-end">',
        f"<h3>Ending: {e(r.label)}</h3>",
        f"<p><strong>Relationship reached: {e(r.label)}.</strong> {e(r.meaning)}</p>",
        f'<p class="pk-last-line"><strong>{name}\u2019s last words:</strong> '
        f"{e(r.client_line)}</p>",
        f'<p class="pk-summary">{e(r.summary)}</p>',
    ]
    if r.capped_because:
        parts.append(f"<p><strong>Why not higher:</strong> {e(r.capped_because)}</p>")
    parts.append(f"<h3>Pains found: {len(r.pains_found)} of {r.pains_total}</h3><ul>")
    parts += [f"<li>{e(pains[p].summary)}</li>" for p in r.pains_found] or ["<li>none</li>"]
    parts.append("</ul>")
    missed = [p for p in pains if p not in r.pains_found]
    if missed:
        parts.append("<p>What you did not find:</p><ul>")
        for p in missed:
            held = " (the client held this back: trust was too low)" if p in r.withheld else ""
            how = pains[p].probe or "ask an open question about their work."
            parts.append(f"<li>{e(pains[p].summary)}{held}. It comes out when you: {e(how)}</li>")
        parts.append("</ul>")
    meters = pd.DataFrame(
        {
            "Trust meter": [METER_LABELS[m] for m in METERS],
            f"At the end (1-{METER_MAX})": [r.meters[m] for m in METERS],
            "At the start": [METER_START] * len(METERS),
        }
    )
    parts.append("<h3>Your hidden trust meters</h3>")
    parts.append(
        table_html(meters, caption="Trust meters at the end of the conversation")
        + f"<p>Trust quotient (credibility + reliability + intimacy) / self-orientation: "
        f"<strong>{r.quotient:g}</strong> (it started at {trust_quotient(START):g}; this "
        f"client shares what they keep for people they trust from {s.trust_threshold:g}).</p>"
    )
    yours = [f"{st.option.say} [{st.grade}]" for st in r.steps]
    expert = [opt.say for _, opt in r.expert_steps]
    n = max(len(yours), len(expert))
    path = pd.DataFrame(
        {
            "Step": list(range(1, n + 1)),
            "Your move [grade]": yours + [""] * (n - len(yours)),
            "The expert's move": expert + [""] * (n - len(expert)),
        }
    )
    parts.append("<h3>Your path and the expert's</h3>")
    parts.append(table_html(path, caption="Your moves next to the expert path, step by step"))
    weak = [st for st in r.steps if st.grade == "weak"]
    if weak:
        parts.append("<h3>Why was that weak?</h3><ul>")
        parts += [
            f"<li><strong>\u201c{e(st.option.say)}\u201d</strong> {e(st.why)}</li>" for st in weak
        ]
        parts.append("</ul>")
    better = [st for st in r.steps if st.grade == "good" and st.why]
    if better:
        parts.append("<h3>Good moves that could have been stronger</h3><ul>")
        parts += [
            f"<li><strong>\u201c{e(st.option.say)}\u201d</strong> {e(st.why)}</li>" for st in better
        ]
        parts.append("</ul>")
    if not weak and not better:
        parts.append("<p>Every move you made was the expert's move.</p>")
    parts.append(attempts_html(attempts or []))
    parts.append("</div>")
    return "".join(parts)


class SoloClient(widgets.VBox):
    """One scenario, played in the notebook. ``choose(i)``, ``say(text)`` and ``confirm(k)``
    drive it in tests."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.conv = Conversation(scenario)
        self.pending: tuple[str, tuple[int, ...]] | None = None  # typed text, nearest options
        self.header = widgets.HTML(CSS + SOLO_CSS + brief_html(scenario))
        self.last = widgets.HTML()
        self.transcript = widgets.HTML()
        self.prompt = widgets.HTML(
            "<p><strong>Your move:</strong> choose one, or type your own.</p>"
        )
        self.buttons = []
        for i in range(MAX_OPTIONS):
            b = widgets.Button(layout=widgets.Layout(width="100%", height="auto"))
            b.add_class("pk-move")
            b.on_click(lambda _b, i=i: self.choose(i))
            self.buttons.append(b)
        self.text = widgets.Text(
            description="Your own move",
            placeholder="Type what you would say to the client",
            continuous_update=False,  # sent on Tab/Enter: fast typing is never overwritten
            style={"description_width": "initial"},
            layout=widgets.Layout(width="70%"),
        )
        self.say_button = widgets.Button(
            description="Say it", tooltip="Match what you typed to the nearest move"
        )
        self.say_button.on_click(lambda _b: self.say(self.text.value))
        # The confirmation step for a weak or ambiguous typed move: the two nearest moves.
        self.confirm_text = widgets.HTML()
        self.confirm_buttons = []
        for k in range(2):
            b = widgets.Button(layout=widgets.Layout(width="100%", height="auto"))
            b.add_class("pk-confirm-move")
            b.on_click(lambda _b, k=k: self.confirm(k))
            self.confirm_buttons.append(b)
        self.rephrase = widgets.Button(
            description="Neither: let me rephrase",
            tooltip="Play nothing; go back to the text box to try other words",
        )
        self.rephrase.on_click(lambda _b: self.cancel_confirm())
        self.confirm_box = widgets.VBox(
            [self.confirm_text, *self.confirm_buttons, self.rephrase],
            layout=widgets.Layout(display="none"),
        )
        self.confirm_box.add_class("pk-confirm")
        self.feedback = widgets.HTML()
        self.end = widgets.HTML()
        self.replay = widgets.Button(
            description="Play again",
            tooltip="Start this conversation again from the beginning",
            button_style="primary",
        )
        self.replay.on_click(lambda _b: self.reset())
        self.moves = widgets.VBox(self.buttons)
        self.typed = widgets.HBox([self.text, self.say_button])
        super().__init__(
            [
                self.header,
                self.last,
                self.transcript,
                self.prompt,
                self.moves,
                self.typed,
                self.confirm_box,
                self.feedback,
                self.end,
                self.replay,
            ]
        )
        self.add_class("pk-solo")
        self._show_last_result()
        self.render()

    # ------------------------------------------------------------------ drawing
    def attempts(self) -> list[dict]:
        return attempts_of(journal().get(journal_key(self.scenario.id)))

    def _show_last_result(self) -> None:
        attempts = self.attempts()
        if attempts:
            last = attempts[-1]
            label = str(last.get("relationship", "")).replace("_", " ")
            self.last.value = (
                f"<p><em>Your last result here: {html.escape(label)}, "
                f"{html.escape(str(last.get('pains_found', '?')))} of "
                f"{html.escape(str(last.get('pains_total', '?')))} pains found "
                f"(attempt {len(attempts)}).</em></p>"
            )

    def render(self) -> None:
        self.transcript.value = transcript_html(self.conv)
        ended = self.conv.ended
        options = () if ended else self.conv.options
        for i, b in enumerate(self.buttons):
            if i < len(options):
                say = options[i].say
                b.description = f"{i + 1}. {say}"
                b.tooltip = say
                b.layout.display = None
                b.disabled = False
            else:
                b.description = ""
                b.layout.display = "none"
                b.disabled = True
        for w in (self.prompt, self.moves, self.typed):
            w.layout.display = "none" if ended else None
        self.text.disabled = self.say_button.disabled = ended
        if ended or self.pending is None:
            self._hide_confirm()
        self.end.value = end_html(self.conv, self.attempts()) if ended else ""
        self.replay.description = "Play again" if ended else "Start over"

    def _hide_confirm(self) -> None:
        self.pending = None
        self.confirm_box.layout.display = "none"
        self.confirm_text.value = ""
        for b in self.confirm_buttons:
            b.description, b.disabled = "", True

    # ------------------------------------------------------------------ moves
    def choose(self, index: int, typed: str = "", note: str = "") -> Step | None:
        """Play move ``index`` (among those offered); ``note`` (how typed text was read, kit
        text only) is shown before the reply."""
        if self.conv.ended or not 0 <= index < len(self.conv.options):
            return None
        self._hide_confirm()  # a move is being played: any open question is answered
        before = len(self.conv.transcript)
        step = self.conv.choose(index, typed=typed)
        reply = _latest_client(self.conv, before)
        name = self.scenario.client.name.split()[0]
        self.feedback.value = _status("info", f"{note}{name} says: {reply}")
        if self.conv.ended:
            key = journal_key(self.scenario.id)
            latest = self.conv.result().journal_value()
            journal().set(key, add_attempt(journal().get(key), latest, _now()))
        self.render()
        if self.conv.ended:
            self.replay.focus()
        else:
            self.buttons[0].focus()
        return step

    def say(self, text: str) -> Step | None:
        """Read typed text as a move: play a clear match (and say how it was read); for a weak
        or ambiguous one, show the two nearest moves and wait for :meth:`confirm`."""
        text = text if isinstance(text, str) else ""
        if self.conv.ended:
            return None
        if not text.strip():
            self.feedback.value = feedback_html(
                "Type what you would say first, or choose one of the moves above.", "hint"
            )
            return None
        shown = text[:200] + ("..." if len(text) > 200 else "")
        m = self.conv.match(text)
        if m is None:
            self._hide_confirm()
            self.feedback.value = _status(
                "hint",
                "I could not match \u201c",
                shown,
                "\u201d to any of the moves on screen. Try other words, or choose a move "
                "with the buttons.",
                learner=(1,),
            )
            return None
        if not m.confident:
            self._ask(text, shown, m)
            return None
        opt = self.conv.options[m.index]
        note = f"I read your move as move {m.index + 1}, \u201c{opt.say}\u201d ({m.strength} match"
        note += f"; words in common: {', '.join(m.shared)})." if m.shared else ")."
        note += _negation_note(m)
        self.text.value = ""
        return self.choose(m.index, typed=text[:MAX_TEXT], note=note + " ")

    def _ask(self, text: str, shown: str, m: Match) -> None:
        options = self.conv.options
        self.pending = (text[:MAX_TEXT], m.nearest)
        why = (
            "it is nearly as close to two moves"
            if m.ambiguous
            else "it is only a rough match for any move"
        )
        self.confirm_text.value = _status(
            "hint",
            "You typed \u201c",
            shown,
            f"\u201d. I did not play it: {why}.{_negation_note(m)} Which did you mean? "
            "(Or choose \u201cNeither\u201d and try other words.)",
            learner=(1,),
        )
        for k, b in enumerate(self.confirm_buttons):
            if k < len(m.nearest):
                say = options[m.nearest[k]].say
                b.description = f"I meant: {say}"
                b.tooltip = say
                b.disabled = False
                b.layout.display = None
            else:
                b.description, b.disabled, b.layout.display = "", True, "none"
        self.confirm_box.layout.display = None
        self.feedback.value = ""
        self.confirm_buttons[0].focus()

    def confirm(self, k: int) -> Step | None:
        """Play the ``k``-th of the two nearest moves offered for the pending typed text."""
        if self.pending is None or self.conv.ended:
            return None
        text, nearest = self.pending
        if not 0 <= k < len(nearest):
            return None
        index = nearest[k]
        opt = self.conv.options[index]
        self.text.value = ""
        note = f"You chose move {index + 1}, \u201c{opt.say}\u201d, for your words. "
        return self.choose(index, typed=text, note=note)

    def cancel_confirm(self) -> None:
        self._hide_confirm()
        self.feedback.value = feedback_html(
            "Nothing was played. Try other words, or choose a move with the buttons.", "hint"
        )
        self.text.focus()

    def reset(self) -> None:
        self.conv.reset()
        self.pending = None
        self.feedback.value = feedback_html("A fresh start: the client has forgotten the last try.")
        self._show_last_result()
        self.render()
        self.buttons[0].focus()


def _negation_note(m: Match) -> str:
    if not m.negated:
        return ""
    return (
        f" I read \u201c{', '.join(m.negated)}\u201d as something you are ruling out, so it "
        "did not count towards the move that offers it."
    )


def _static(s: Scenario) -> None:
    opts = "".join(f"<li>{html.escape(o.say)}</li>" for o in s.nodes[s.start].options)
    display(
        HTML(
            brief_html(s) + f"<p><strong>{html.escape(s.client.name)}:</strong> "
            f"{html.escape(s.nodes[s.start].client)}</p><p>Your first move, one of:</p>"
            f"<ol>{opts}</ol><p><em>Open this notebook in JupyterLab to play the "
            "conversation.</em></p>"
        )
    )


def solo_client(scenario_id: str) -> SoloClient | None:
    """The scripted client for one scenario (a static preview in handout mode)."""
    s = get_scenario(scenario_id)
    if static_mode():
        _static(s)
        return None
    return SoloClient(s)


class SoloPicker(widgets.VBox):
    """A Dropdown of scenarios above the scripted client for the chosen one."""

    def __init__(self, first: str | None = None):
        self.scenarios = load_scenarios()
        ids = list(self.scenarios)
        self.dropdown = widgets.Dropdown(
            options=[(f"{s.function}: {s.title}", sid) for sid, s in self.scenarios.items()],
            value=first if first in ids else ids[0],
            description="Scenario",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.client = SoloClient(self.scenarios[self.dropdown.value])
        self.dropdown.observe(self._switch, names="value")
        super().__init__([self.dropdown, self.client])
        self.add_class("pk-solo-picker")

    def _switch(self, change) -> None:
        self.client = SoloClient(self.scenarios[change["new"]])
        self.children = [self.dropdown, self.client]


def solo_client_picker(first: str | None = None) -> SoloPicker | None:
    """Pick a scenario from a Dropdown, then play it (static preview in handout mode)."""
    if static_mode():
        for s in load_scenarios().values():
            _static(s)
        return None
    return SoloPicker(first)
