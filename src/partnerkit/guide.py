"""Generated parts of the instructor guide (``instructor/README.md``).

    python -m partnerkit.guide            # rewrite the generated blocks of the guide
    python -m partnerkit.guide --check    # exit 1 if the guide is out of date

The run sheets, the logistics tables (grouping, cards per round, what to project) and the
rubric are rendered from ``data/run_sheets.yaml``, ``data/timing.yaml``, ``data/rubric.yaml``
and the calibration transcripts, between marker comments::

    <!-- generated:run-sheets start: edit data/run_sheets.yaml, then python -m partnerkit.guide -->
    ...
    <!-- generated:run-sheets end -->

Everything outside the markers is ordinary prose. A unit test checks that the guide is in sync.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

from . import sessions
from .sessions import GroupingPlan, RunSheet, grouping_plan, rotation, unit_label, unit_path

EXAMPLE_SIZES = (24, 25, 23)
START = "<!-- generated:{name} start: {hint} -->"
END = "<!-- generated:{name} end -->"


def guide_path() -> Path:
    return sessions.kit_root() / "instructor" / "README.md"


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _unit_link(unit: str | None, sections: str = "") -> str:
    if not unit:
        return "-"
    path = unit_path(unit)
    if unit == "dashboard":
        text = "dashboard"
    else:
        text = ("Exercise " if unit.startswith("ex") else "") + unit[2:]
    if sections:
        text += f" {sections}"
    if path is None:
        return text
    rel = path.name if path.parent.name == "instructor" else f"../{path.parent.name}/{path.name}"
    return f"[{text}]({rel})"


# --------------------------------------------------------------------------- unit times

UNITS = (*(f"nb0{i}" for i in range(10)), *(f"ex0{i}" for i in range(1, 6)))


def unit_times_md() -> str:
    rows = ["| unit | time it states | minutes counted |", "|---|---|---|"]
    for unit in UNITS:
        path = unit_path(unit)
        if path is None:
            continue
        text = " ".join((sessions.time_section(path) or "not stated").split())
        need = sessions.stated_minutes(path)
        rows.append(f"| {_unit_link(unit)} | {_cell(text)} | {need if need is not None else '-'} |")
    return "\n".join(rows) + "\n"


# --------------------------------------------------------------------------- run sheets


def run_sheet_md(sheet: RunSheet) -> str:
    t = sessions.timing()
    lines = [f"### {sheet.title}", "", f"Goal: {sheet.goal}", ""]
    lines += [
        "| clock | min | what | unit | group set-up | on the projector |",
        "|---|---|---|---|---|---|",
    ]
    for s in sheet.segments:
        lines.append(
            f"| {_clock(s.start)} | {s.minutes} | {_cell(s.what)} | "
            f"{_unit_link(s.unit, s.sections)} | {_cell(s.setup)} | {_cell(s.project)} |"
        )
    lines.append("")
    if sheet.rounds:
        lines.append(
            f"Live triad rounds: {sheet.rounds}. {t.round_sentence()} Groups, rotation and "
            "card counts: [Logistics](#logistics-groups-cards-projector-online)."
        )
        lines.append("")
    if sheet.shortened:
        lines.append("Units given less time here than they state, and why:")
        lines.append("")
        for unit, why in sheet.shortened.items():
            need = sessions.stated_minutes(unit_path(unit)) if unit_path(unit) else None
            got = sheet.unit_minutes()[unit]
            lines.append(f"- **{unit_label(unit).capitalize()}** ({got} of {need} min): {why}")
        lines.append("")
    if sheet.after:
        lines.append(f"Afterwards: {sheet.after}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def run_sheets_md() -> str:
    sheets = sessions.run_sheets()
    return "\n".join(run_sheet_md(s) for s in sheets.values())


# --------------------------------------------------------------------------- logistics


def _cards_table(sizes=EXAMPLE_SIZES) -> str:
    plans = [grouping_plan(n) for n in sizes]
    kinds = list(plans[0].cards_per_round())
    head = "| printed per round | " + " | ".join(f"{n} learners" for n in sizes) + " |"
    rows = [head, "|---|" + "---|" * len(sizes)]
    for k in kinds:
        rows.append(f"| {k} | " + " | ".join(str(p.cards_per_round()[k]) for p in plans) + " |")
    return "\n".join(rows)


def _rotation_table(kind: str, rounds: int) -> str:
    roles = sessions.ROLES[kind]
    rows = ["| round | " + " | ".join(roles) + " |", "|---|" + "---|" * len(roles)]
    for i, seats in enumerate(rotation(kind, rounds), start=1):
        rows.append(f"| {i} | " + " | ".join(seats) + " |")
    return "\n".join(rows)


def _plan_line(plan: GroupingPlan) -> str:
    return f"- `grouping_plan({plan.learners})`: {plan.summary()}."


def _scenario_rounds() -> str:
    try:
        from .roleplay.loader import load_scenarios

        titles = [f"{s.function}: *{s.title}*" for s in load_scenarios().values()]
    except Exception as exc:  # a broken scenario must not stop the guide being rendered
        return f"(scenarios could not be read: {exc})"
    return "; ".join(f"round {i}: {t}" for i, t in enumerate(titles, start=1))


def projector_md() -> str:
    lines = []
    for sheet in sessions.run_sheets().values():
        steps = " → ".join(f"{_clock(s.start)} {s.project}" for s in sheet.segments)
        lines.append(f"- **{sheet.title.split(':')[0]}**: {steps}.")
    return "\n".join(lines)


def logistics_md() -> str:
    t = sessions.timing()
    return (
        "\n".join(
            [
                "**Grouping for any class size.** Triads wherever possible, rotating roles each "
                "round. One learner over makes one group of four: the fourth is a **second "
                "observer in timer-only mode** on the observer board, so the first observer can "
                "count and take notes. Two over make one pair, who play the **solo scripted "
                "client** (exercise 02) at one laptop, one as IT partner and one observing, "
                "swapping each round; or you play the client from a printed client card. "
                "`partnerkit.sessions.grouping_plan(n)` computes the plan for any class from 2 "
                "learners up:",
                "",
                *[_plan_line(grouping_plan(n)) for n in EXAMPLE_SIZES],
                "",
                "**Rotation.** Letter the people in each group; everyone moves one seat on each "
                "round, so after three rounds everyone in a triad has played every role.",
                "",
                _rotation_table("triad", 3),
                "",
                "In a group of four, three rounds leave one person who has not played the IT "
                "partner: give them the first round next session, or run a fourth round if time "
                "allows.",
                "",
                _rotation_table("four", 4),
                "",
                f"**Round timing.** {t.round_sentence()} The IT partner's card says: "
                f"\u201c{t.no_solution_rule()}\u201d Both come from `data/timing.yaml`, as do the "
                "printed briefs, the timer slide and exercises 03-05.",
                "",
                "**Cards per round.** Every group plays the same scenario in a round (so the class "
                "debrief can compare like with like) and a new scenario each round: "
                f"{_scenario_rounds()}. Print per round (pairs on the solo client need no client "
                "card; add one per pair if you play the client yourself):",
                "",
                _cards_table(),
                "",
                "Time-out cards and observer cards are not used up: collect and reuse them. Print "
                "the client and IT-partner cards of each round's scenario in the counts above, and "
                "keep them face down until the round starts.",
                "",
                "**What to project, segment by segment** (from the run sheets above):",
                "",
                projector_md(),
            ]
        )
        + "\n"
    )


# --------------------------------------------------------------------------- the guide

BLOCKS: dict[str, tuple[str, Callable[[], str]]] = {
    "unit-times": (
        "read from each notebook's Time section by python -m partnerkit.guide",
        unit_times_md,
    ),
    "run-sheets": ("edit data/run_sheets.yaml, then python -m partnerkit.guide", run_sheets_md),
    "logistics": (
        "edit data/run_sheets.yaml or data/timing.yaml, then python -m partnerkit.guide",
        logistics_md,
    ),
}


def _rubric_md() -> str:
    from .rubric import rubric_md

    return rubric_md()


def _calibration_md() -> str:
    from .rubric import calibration_summary_md

    return calibration_summary_md()


BLOCKS["rubric"] = ("edit data/rubric.yaml, then python -m partnerkit.guide", _rubric_md)
BLOCKS["calibration"] = (
    "edit instructor/calibration/*.yaml, then python -m partnerkit.guide",
    _calibration_md,
)


def render_guide(text: str) -> str:
    """The guide with every generated block replaced by a fresh rendering."""
    for name, (hint, render) in BLOCKS.items():
        start = START.format(name=name, hint=hint)
        end = END.format(name=name)
        pattern = re.compile(
            re.escape(f"<!-- generated:{name} start") + r".*?-->.*?" + re.escape(end), re.S
        )
        if not pattern.search(text):
            raise ValueError(
                f"instructor/README.md has no '<!-- generated:{name} start ... -->' / "
                f"'{end}' markers; put them where the {name} belong"
            )
        body = render().rstrip("\n")
        text = pattern.sub(lambda _m, s=start, b=body, e=end: f"{s}\n\n{b}\n\n{e}", text, count=1)
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m partnerkit.guide")
    ap.add_argument("--check", action="store_true", help="exit 1 if the guide is out of date")
    args = ap.parse_args(argv)
    from .rubric import calibration_md, calibration_paths, load_calibration, write_calibration_pages

    if args.check:
        stale = [
            p.with_suffix(".md")
            for p in calibration_paths()
            if not p.with_suffix(".md").exists()
            or p.with_suffix(".md").read_text(encoding="utf-8")
            != calibration_md(load_calibration(p))
        ]
        if stale:
            print(f"out of date: {', '.join(map(str, stale))}", file=sys.stderr)
            return 1
    else:
        write_calibration_pages()
    path = guide_path()
    old = path.read_text(encoding="utf-8")
    new = render_guide(old)
    if args.check:
        if new != old:
            print(f"{path} is out of date: run python -m partnerkit.guide", file=sys.stderr)
            return 1
        print(f"{path} is up to date.")
        return 0
    if new != old:
        path.write_text(new, encoding="utf-8")
        print(f"Updated {path}.")
    else:
        print(f"{path} was already up to date.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
