"""Reasoning activities: the learner writes short answers to a few questions about one of the
column's claims, then compares each with a note written for the kit.

An activity is a YAML file ``data/activities/reflect_*.yaml`` that an instructor can edit
without Python::

    title: What would change your mind? (C1)
    intro: The column says technology decisions are moving out of IT.   # optional
    prompts:
      - id: must_be_true          # stable: saved answers use it
        label: What would have to be true   # accessible name of the box (<= 60 characters)
        question: What else would have to be true for decisions to have moved?
        compare: For example, business units choose the supplier, not only pay for it.

Numbers are never typed: write ``{stat:<id>}`` and the value comes from
``data/statistics.csv``. A malformed file raises :class:`~partnerkit.data.DataError` naming
the file, the field and the fix. The comparison note is shown only once the learner has
written a few words (reason first, then compare).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .sorting import LABEL_MAX, activities_dir
from .sorting import _fill_stats as fill_stats
from .yamlfile import Fields, read_yaml

MIN_WORDS = 8
PREFIX = "reflect_"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")


@dataclass(frozen=True)
class Prompt:
    id: str
    label: str
    question: str
    compare: str


@dataclass(frozen=True)
class Reflection:
    id: str
    title: str
    intro: str
    prompts: tuple[Prompt, ...]
    path: str

    def prompt(self, prompt_id: str) -> Prompt:
        for p in self.prompts:
            if p.id == prompt_id:
                return p
        raise KeyError(prompt_id)


def load_reflection(name_or_path: str | Path) -> Reflection:
    """Read and validate one reasoning activity (a name such as ``reflect_01_decisions`` in
    ``data/activities/``, or a path)."""
    path = Path(name_or_path)
    if path.suffix not in (".yaml", ".yml"):
        path = activities_dir() / f"{name_or_path}.yaml"
    doc = read_yaml(path)
    f = Fields(path)

    def text(obj: dict, key: str, field: str) -> str:
        return fill_stats(f.text(obj, key, field), path, field)

    title = text(doc, "title", "title")
    intro = ""
    if doc.get("intro") not in (None, ""):
        intro = text(doc, "intro", "intro")
    prompts: list[Prompt] = []
    seen: set[str] = set()
    for i, raw in enumerate(f.items(doc, "prompts", "prompts")):
        field = f"prompts[{i}]"
        if not isinstance(raw, dict):
            raise f.error(
                field, "is not a set of named fields", "write id, label, question, compare"
            )
        pid = str(raw.get("id", ""))
        if not _SLUG.match(pid):
            raise f.error(f"{field}.id", f"{pid!r} is not a lowercase slug", "use a-z, 0-9 and _")
        if pid in seen:
            raise f.error(f"{field}.id", f"duplicate id {pid!r}", "give each prompt its own id")
        seen.add(pid)
        label = text(raw, "label", f"{field}.label")
        if len(label) > LABEL_MAX:
            raise f.error(
                f"{field}.label",
                f"is {len(label)} characters long",
                f"keep labels to {LABEL_MAX} characters; put detail in 'question'",
            )
        prompts.append(
            Prompt(
                pid,
                label,
                text(raw, "question", f"{field}.question"),
                text(raw, "compare", f"{field}.compare"),
            )
        )
    return Reflection(path.stem, title, intro, tuple(prompts), str(path))


def shipped() -> list[str]:
    """The names of the reasoning activities in the data folder."""
    return sorted(p.stem for p in activities_dir().glob(f"{PREFIX}*.yaml"))


def journal_key(name: str) -> str:
    """Where answers are saved: ``reflect_07_planning_cycle`` -> ``07.reflect.planning_cycle``,
    so the export files them under their notebook; other names -> ``reflect.<name>``."""
    m = re.match(r"^reflect_(\d+)_(.+)$", name)
    return f"{m.group(1)}.reflect.{m.group(2)}" if m else f"reflect.{name}"


def word_count(text: object) -> int:
    return len(text.split()) if isinstance(text, str) else 0


def compare_note(prompt: Prompt, text: object) -> tuple[str, str]:
    """(kind, message): a nudge to write first, or the note to compare the answer with."""
    n = word_count(text)
    if n == 0:
        return "hint", "Write your answer first; a note to compare it with appears here."
    if n < MIN_WORDS:
        return "hint", (
            f"Keep going: a sentence or two ({MIN_WORDS} words or more) and a note to compare "
            "your answer with appears here."
        )
    return "info", f"Compare your answer: {prompt.compare}"


def clean_answers(saved: object, reflection: Reflection) -> dict[str, str]:
    """The saved answers that still match a prompt (text only); anything else is ignored."""
    if not isinstance(saved, dict):
        return {}
    ids = {p.id for p in reflection.prompts}
    return {k: v for k, v in saved.items() if k in ids and isinstance(v, str)}
