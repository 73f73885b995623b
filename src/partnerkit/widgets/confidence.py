"""The pre/post confidence check as a small journal-backed widget.

``confidence_check("pre")`` in notebook 00 and ``confidence_check("post")`` in notebook 09:
five statements, each rated 1-5 with a row of toggle buttons (keyboard-operable, each row
named by its statement). Every click is saved in the journal (``00.confidence`` or
``09.confidence``), so the ratings reach the export. After the "post" check the learner sees
their own shift against the "pre" ratings.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .. import confidence as conf
from ..display import static_mode
from ..journal import journal
from .common import feedback_html


def _shift_text(chk: conf.Check, pre: dict[str, int], post: dict[str, int]) -> str:
    moved = conf.shift(pre, post)
    if not moved:
        return "Rate the statements at the start (notebook 00) and here to see your shift."
    up = [chk.item(k).short.lower() for k, d in moved.items() if d > 0]
    down = [chk.item(k).short.lower() for k, d in moved.items() if d < 0]
    parts = []
    if up:
        parts.append("more confident than at the start: " + "; ".join(up))
    if down:
        parts.append("less confident than at the start: " + "; ".join(down))
    if not parts:
        return "Your ratings are the same as at the start."
    return "You now rate yourself " + ", and ".join(parts) + "."


def confidence_check(when: str = "pre"):
    """The five-item confidence check; ``when`` is ``"pre"`` (notebook 00) or ``"post"``."""
    if when not in conf.KEYS:
        raise ValueError(f"when must be one of {tuple(conf.KEYS)}, not {when!r}")
    chk = conf.check()
    if static_mode():
        from IPython.display import HTML, display

        rows = "".join(f"<li>{html.escape(i.text)} ({chk.minimum}-{chk.maximum})</li>"
                       for i in chk.items)  # fmt: skip
        display(HTML(f"<p>{html.escape(chk.question)}</p><ol>{rows}</ol>"))
        return None
    j = journal()
    key = conf.KEYS[when]
    saved = conf.ratings(j.get(key), chk)
    scale = list(range(chk.minimum, chk.maximum + 1))
    tips = [
        chk.low if n == chk.minimum else chk.high if n == chk.maximum else str(n) for n in scale
    ]
    rows, toggles = [], {}
    for item in chk.items:
        t = widgets.ToggleButtons(
            options=[(str(n), n) for n in scale],
            value=saved.get(item.id),
            description=item.short,
            tooltips=tips,
            style={"description_width": "220px", "button_width": "44px"},
        )
        toggles[item.id] = t
        rows += [widgets.HTML(f'<p class="pk-confidence-text">{html.escape(item.text)}</p>'), t]
    status = widgets.HTML()

    def _update(_=None):
        rated = {k: t.value for k, t in toggles.items() if t.value is not None}
        if rated:
            j.set(key, conf.saved_value(rated, chk))
        n = len(rated)
        msg = f"{n} of {len(toggles)} rated and saved."
        if when == "post" and n:
            msg += " " + _shift_text(chk, conf.ratings(j.get(conf.PRE_KEY), chk), rated)
        status.value = feedback_html(msg, "info" if n == len(toggles) else "hint")

    for t in toggles.values():
        t.observe(_update, names="value")
    box = widgets.VBox(
        [
            widgets.HTML(
                f"<p><strong>{html.escape(chk.question)}</strong> {chk.minimum} = "
                f"{html.escape(chk.low.lower())}, {chk.maximum} = "
                f"{html.escape(chk.high.lower())}. Nobody is graded on this.</p>"
            ),
            *rows,
            status,
        ]
    )
    box.add_class("pk-confidence")
    box.toggles, box.status, box.key = toggles, status, key
    status.value = feedback_html(
        f"{len(saved)} of {len(toggles)} rated and saved."
        if saved
        else "Click one number per row.",
        "hint",
    )
    if when == "post" and saved:
        _update()
    return box
