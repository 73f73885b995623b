"""Sorting activities: the learner files each item under one option and gets explained
feedback (spot the difference, ways of running IT, IT work -> business outcomes).

An activity is a YAML file in ``data/activities/`` that an instructor can edit without
Python::

    title: Translate IT work into outcomes
    prompt: Which outcome does this work serve most directly?
    options:
      - {id: ux, label: User experience}
      - {id: speed, label: Speed to market}
    items:
      - id: checkout
        label: Faster checkout page      # the accessible name of the item's drop-down
        text: Cut the time the online checkout takes to load.
        accept: [ux]                     # one or more option ids counted as a good fit
        why: Customers feel a slow checkout directly.
        say_it: Shoppers will finish paying sooner.   # optional plain-English rewrite

Numbers are never typed into an activity: write ``{stat:<id>}`` and the value is taken from
``data/statistics.csv`` (as the source states it, e.g. "more than 53%"). A typed percentage,
an unknown option or statistic id, or a missing field raises :class:`~partnerkit.data.DataError`
naming the file, the field and the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import data

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_STAT_REF = re.compile(r"\{stat:([^}]*)\}")
_TYPED_PERCENT = re.compile(r"\d\s?%")
LABEL_MAX = 60


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    text: str
    accept: tuple[str, ...]
    why: str
    say_it: str = ""


@dataclass(frozen=True)
class Activity:
    id: str
    title: str
    prompt: str
    options: tuple[Option, ...]
    items: tuple[Item, ...]
    path: str

    def option_label(self, option_id: str) -> str:
        for o in self.options:
            if o.id == option_id:
                return o.label
        raise KeyError(option_id)

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)


@dataclass(frozen=True)
class Feedback:
    verdict: str  # "none" (not answered), "good", "try-again"
    message: str


def activities_dir() -> Path:
    return data.data_dir() / "activities"


def _fill_stats(text: str, path: Path, field: str) -> str:
    """Replace ``{stat:id}`` with the sourced value; refuse typed percentages."""

    def sub(match: re.Match) -> str:
        sid = match.group(1).strip()
        try:
            return data.stat(sid).formatted()
        except KeyError:
            raise data.DataError(
                path,
                f"unknown statistic id {sid!r}",
                "use an id from data/statistics.csv, e.g. {stat:pwc_outside_cio_2015}",
                column=field,
            ) from None

    if _TYPED_PERCENT.search(_STAT_REF.sub("", text)):
        raise data.DataError(
            path,
            "a percentage is typed into the text",
            "write {stat:<id>} so the number comes from data/statistics.csv with its source",
            column=field,
        )
    return _STAT_REF.sub(sub, text)


def load_activity(name_or_path: str | Path) -> Activity:
    """Read and validate one activity (a name in ``data/activities/`` or a path)."""
    path = Path(name_or_path)
    if path.suffix not in (".yaml", ".yml"):
        path = activities_dir() / f"{name_or_path}.yaml"
    if not path.is_file():
        raise data.DataError(path, "file not found", "restore it from the repository")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise data.DataError(path, "not valid UTF-8 text", "save the file as UTF-8") from None
    except RecursionError:
        raise data.DataError(
            path, "the YAML is nested too deeply to read", "restore the file from the repository"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" near line {mark.line + 1}" if mark is not None else ""
        raise data.DataError(
            path,
            f"not valid YAML{where}",
            "check the indentation and quote any text containing ':' or '#'",
        ) from None
    if not isinstance(doc, dict):
        raise data.DataError(path, "the file is not a YAML mapping", "start with 'title:'")

    def text(obj: dict, key: str, field: str, *, required: bool = True) -> str:
        value = obj.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise data.DataError(
                path, f"'{key}' is not text", "write it as a plain string", column=field
            )
        value = " ".join(value.split())
        if required and not value:
            raise data.DataError(path, f"'{key}' is empty", f"write the {key}", column=field)
        return _fill_stats(value, path, field)

    title = text(doc, "title", "title")
    prompt = text(doc, "prompt", "prompt")

    def fail(problem: str, fix: str, field: str) -> data.DataError:
        return data.DataError(path, problem, fix, column=field)

    def slug(raw: dict, field: str, taken: set[str], what: str) -> str:
        value = str(raw.get("id", ""))
        if not _SLUG.match(value):
            raise fail(f"{what} id {value!r} is not a lowercase slug", "use a-z, 0-9 and _", field)
        if value in taken:
            raise fail(f"duplicate {what} id {value!r}", f"give each {what} its own id", field)
        taken.add(value)
        return value

    raw_options = doc.get("options")
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        raise fail("needs a list of at least two options", "add 'options:' entries", "options")
    options: list[Option] = []
    option_ids: set[str] = set()
    for i, raw in enumerate(raw_options):
        field = f"options[{i}]"
        if not isinstance(raw, dict):
            raise fail("an option is not a mapping", "write {id: ..., label: ...}", field)
        oid = slug(raw, f"{field}.id", option_ids, "option")
        options.append(Option(oid, text(raw, "label", f"{field}.label")))

    raw_items = doc.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise fail("has no items", "add an 'items:' list", "items")
    items: list[Item] = []
    item_ids: set[str] = set()
    for i, raw in enumerate(raw_items):
        field = f"items[{i}]"
        if not isinstance(raw, dict):
            raise fail("an item is not a mapping", "write id, label, text, accept, why", field)
        iid = slug(raw, f"{field}.id", item_ids, "item")
        label = text(raw, "label", f"{field}.label")
        if len(label) > LABEL_MAX:
            raise fail(
                f"label is {len(label)} characters long",
                f"keep labels to {LABEL_MAX} characters; put detail in 'text'",
                f"{field}.label",
            )
        accept = raw.get("accept")
        if isinstance(accept, str):
            accept = [accept]
        if not isinstance(accept, list) or not accept:
            raise fail("'accept' is empty", "list one or more option ids", f"{field}.accept")
        unknown = [a for a in accept if a not in option_ids]
        if unknown:
            raise fail(
                f"'accept' names unknown option(s) {unknown}",
                f"use option ids: {', '.join(sorted(option_ids))}",
                f"{field}.accept",
            )
        items.append(
            Item(
                id=iid,
                label=label,
                text=text(raw, "text", f"{field}.text"),
                accept=tuple(dict.fromkeys(accept)),
                why=text(raw, "why", f"{field}.why"),
                say_it=text(raw, "say_it", f"{field}.say_it", required=False),
            )
        )
    return Activity(path.stem, title, prompt, tuple(options), tuple(items), str(path))


def check(activity: Activity, item_id: str, choice: str | None) -> Feedback:
    """Explained feedback for one answer ("" or None means not answered yet)."""
    item = activity.item(item_id)
    if not choice:
        return Feedback("none", "Choose an answer to see the explanation.")
    if choice not in {o.id for o in activity.options}:
        raise ValueError(f"unknown option {choice!r} for activity {activity.id!r}")
    accepted = [activity.option_label(a) for a in item.accept]
    tail = f" In plain words: {item.say_it}" if item.say_it else ""
    if choice in item.accept:
        others = [activity.option_label(a) for a in item.accept if a != choice]
        also = f" Also a fair answer: {', '.join(others)}." if others else ""
        return Feedback("good", f"Good fit. {item.why}{also}{tail}")
    best = " or ".join(f"\u201c{a}\u201d" for a in accepted)
    return Feedback(
        "try-again",
        f"Not the best fit: the kit's answer is {best}. {item.why}{tail}",
    )


def score(activity: Activity, answers: dict) -> tuple[int, int, int]:
    """(good fits, answered, total) for a dict of ``{item_id: option_id}``."""
    good = answered = 0
    for item in activity.items:
        choice = answers.get(item.id) if isinstance(answers, dict) else None
        if choice:
            answered += 1
            good += choice in item.accept
    return good, answered, len(activity.items)
