"""Common ground before partnership (claim C8): file each topic, then compare with the key.

Pairs file what they found after their conversation; a solo learner files guesses from the
public brief first, presses "Check", and only then sees both confidential role cards. Checking
locks the answers (they are committed); "Start over" clears them. The filing and its score are
saved to the journal under ``ex.common_ground.<pack_id>``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display

from ..data import DataError
from ..display import static_mode, table_html
from ..journal import journal
from ..roleplay import common_ground as cg
from ..roleplay.cards import card_html, cg_role_card
from .common import ChartPanel, feedback_html


def journal_key(pack_id: str) -> str:
    return f"ex.common_ground.{pack_id}"


def brief_html(pack: cg.Pack) -> str:
    b, e = pack.brief, html.escape
    roles = " and ".join(f"{e(r.name)} ({e(r.role)})" for r in pack.roles)
    return (
        f"<h3>{e(pack.title)}</h3><p>{e(b.setting)}</p><p>{e(b.situation)}</p>"
        f"<p>{e(b.meeting)}</p><p>The two roles: {roles}.</p>"
        "<p><em>All people, companies and numbers are fictional.</em></p>"
    )


def result_table(pack: cg.Pack, key: cg.Key, found: dict[str, str]) -> str:
    labels = cg.CATEGORY_LABELS
    rows = []
    for t in pack.topics:
        chosen = found.get(t.id, "")
        k = key.topics[t.id]
        rows.append(
            {
                "Topic": t.label,
                "You filed it as": labels.get(chosen, "not recorded"),
                "The key": labels[k.category],
                "Match": "yes" if chosen == k.category else "no",
                "Why": k.explanation,
            }
        )
    return table_html(pd.DataFrame(rows), caption="Each topic: your filing and the key")


class CommonGround(widgets.VBox):
    def __init__(self, pack: cg.Pack):
        self.pack = pack
        self.key: cg.Key | None = None
        self.key_problem = ""
        try:
            self.key = cg.key_for(pack)
        except DataError as exc:
            self.key_problem = str(exc)
        self.header = widgets.HTML(brief_html(pack))
        self.pickers: dict[str, widgets.Dropdown] = {}
        for t in pack.topics:
            self.pickers[t.id] = widgets.Dropdown(
                options=cg.CHOICES,
                value=cg.NOT_RECORDED,
                description=t.label,
                style={"description_width": "34em"},
                layout=widgets.Layout(width="54em", max_width="100%"),
            )
        self.check = widgets.Button(
            description="Check against the key",
            button_style="primary",
            tooltip="Lock your filing and compare it with the instructor's key",
        )
        self.restart = widgets.Button(
            description="Start over", tooltip="Clear your filing and unlock it"
        )
        self.check.on_click(lambda _b: self.check_answers())
        self.restart.on_click(lambda _b: self.start_over())
        self.feedback = widgets.HTML()
        self.panel: ChartPanel | None = None
        self.details = widgets.HTML()
        self.results = widgets.VBox()
        super().__init__(
            [
                self.header,
                widgets.HTML("<p><strong>File each topic:</strong></p>"),
                *self.pickers.values(),
                widgets.HBox([self.check, self.restart]),
                self.feedback,
                self.results,
            ]
        )
        self.add_class("pk-common-ground")
        if self.key is None:
            self.check.disabled = True
            self.feedback.value = feedback_html(
                f"The answer key is not available here, so your filing cannot be checked. "
                f"{self.key_problem}",
                "hint",
            )
        self._restore()

    # ------------------------------------------------------------------ state
    @property
    def found(self) -> dict[str, str]:
        return {tid: p.value for tid, p in self.pickers.items()}

    def _restore(self) -> None:
        saved = journal().get(journal_key(self.pack.id))
        if not isinstance(saved, dict) or not isinstance(saved.get("found"), dict):
            return
        for tid, value in saved["found"].items():
            if tid in self.pickers and value in dict(cg.CHOICES).values():
                self.pickers[tid].value = value
        if saved.get("score") and self.key is not None:
            self.check_answers(save=False)

    def check_answers(self, save: bool = True) -> cg.Score | None:
        if self.key is None:
            return None
        found = self.found
        if not any(found.values()):
            self.feedback.value = feedback_html(
                "File at least one topic before checking (use the drop-downs above).", "hint"
            )
            return None
        result = cg.score(self.pack, self.key, found)
        chart = cg.overlap_chart(self.pack, result)
        if self.panel is None:
            self.panel = ChartPanel(chart)
        else:
            self.panel.update(chart)
        for p in self.pickers.values():
            p.disabled = True
        self.check.disabled = True
        msg = chart.takeaway
        if result.recorded < result.total:
            msg += f" You left {result.total - result.recorded} topic(s) unrecorded."
        self.feedback.value = feedback_html(msg, "info")
        cards = "".join(
            card_html(cg_role_card(self.pack, r), i, prefix=f"pk-cg-{self.pack.id}")
            for i, r in enumerate(self.pack.roles, start=1)
        )
        self.details.value = (
            result_table(self.pack, self.key, found)
            + "<details><summary>Read both confidential role cards</summary>"
            + cards
            + "</details>"
        )
        self.results.children = [self.panel, self.details]
        if save:
            journal().set(
                journal_key(self.pack.id), {"found": found, "score": result.journal_value()}
            )
        return result

    def start_over(self) -> None:
        for p in self.pickers.values():
            p.disabled = False
            p.value = cg.NOT_RECORDED
        self.check.disabled = self.key is None
        self.results.children = []
        self.feedback.value = feedback_html("Cleared. File each topic again.", "info")
        journal().set(journal_key(self.pack.id), {"found": self.found, "score": {}})


def common_ground(pack_id: str | None = None) -> CommonGround | None:
    """The exercise for one pack (the first pack if none is named)."""
    packs = cg.load_packs()
    if pack_id is None:
        pack_id = next(iter(packs))
    if pack_id not in packs:
        raise KeyError(f"no common-ground pack '{pack_id}'; available: {', '.join(packs)}")
    pack = packs[pack_id]
    if static_mode():
        topics = "".join(f"<li>{html.escape(t.label)}</li>" for t in pack.topics)
        display(HTML(brief_html(pack) + f"<p>Topics to file:</p><ul>{topics}</ul>"))
        return None
    return CommonGround(pack)
