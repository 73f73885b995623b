"""The ``partnerkit`` command: what ``make`` does, for machines without ``make`` (Windows).

    partnerkit lab [NOTEBOOK] [--port N]      JupyterLab on the whole kit, start page first
    partnerkit present NOTEBOOK [--port N]    one notebook in Voila for a room (code hidden)
    partnerkit handouts [--exercises]         offline HTML handouts into build/handouts
    partnerkit cards [--instructor]           printable role cards into build/cards
    partnerkit check                          check every data file; exit 1 on a problem
    partnerkit coach "Your question?"         the question coach's feedback on a question

Every subcommand takes ``--root PATH``, the kit folder (the one holding ``notebooks/``,
``exercises/`` and ``data/``); without it, the current folder. When that folder has a
``data/statistics.csv``, its data files are used (for this command and the kernels it
starts), so an instructor's edits count; otherwise the data installed with the package.
``python -m partnerkit`` is the same command.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .data import DataError, KitFolderError, data_dir, kit_folder

START = "notebooks/00_start_here.ipynb"


def _use_kit_data(root: Path | None) -> None:
    """Point ``PARTNERKIT_DATA`` at the kit folder's data (unless it is already set)."""
    if os.environ.get("PARTNERKIT_DATA"):
        return
    folder = Path(root).expanduser() if root is not None else Path.cwd()
    if (folder / "data" / "statistics.csv").is_file():
        os.environ["PARTNERKIT_DATA"] = str((folder / "data").resolve())


# --------------------------------------------------------------------------- lab


def lab_command(kit: Path, notebook: str = START, port: int | None = None) -> list[str]:
    """The JupyterLab command line: the kit folder is the server's root, ``notebook`` opens
    first (the same as ``make lab``)."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={kit}", notebook]
    if port is not None:
        cmd.append(f"--port={port}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # JupyterLab refuses to run as root (containers) without it
    return cmd


def cmd_lab(args) -> int:
    kit = kit_folder(args.root)
    notebook = Path(args.notebook).as_posix()
    if not (kit / notebook).is_file():
        print(f"No notebook {notebook} in the kit folder {kit}.", file=sys.stderr)
        return 2
    port = args.port if args.port is not None else _env_port()
    cmd = lab_command(kit, notebook, port) + list(args.jupyter_args)
    print(f"JupyterLab on {kit} (start page: {notebook}); Ctrl+C to stop")
    return subprocess.call(cmd, cwd=kit)


def _env_port() -> int | None:
    value = os.environ.get("PORT", "").strip()
    return int(value) if value.isdigit() else None


# --------------------------------------------------------------------------- wrappers


def cmd_present(args) -> int:
    from .present.__main__ import main as present_main

    nb = Path(args.notebook)
    if not nb.is_absolute() and not nb.is_file():
        nb = kit_folder(args.root) / nb
    argv = [str(nb), f"--port={args.port}"] + (["--browser"] if args.browser else [])
    return present_main(argv)


def cmd_handouts(args) -> int:
    from . import handouts

    argv = ["build", *map(str, args.notebooks)]
    if args.root is not None:
        argv += ["--root", str(args.root)]
    if args.out is not None:
        argv += ["--out", str(args.out)]
    argv += ["--exercises"] * args.exercises + ["--no-cards"] * args.no_cards
    return handouts.main(argv)


def cmd_cards(args) -> int:
    from . import cards

    argv = ["build", "--out", str(args.out)] + ["--instructor"] * args.instructor
    if args.instructor_out:
        argv += ["--instructor-out", str(args.instructor_out)]
    return cards.main(argv)


def cmd_coach(args) -> int:
    from . import coach

    return coach.main(args.questions)


# --------------------------------------------------------------------------- check


# (what, module, loader): each loader reads and validates one data file with its defaults.
# A loader missing from this version of the kit is skipped (modules are added over time).
SINGLE_FILES = (
    ("statistics", "partnerkit.data", "load_statistics"),
    ("glossary", "partnerkit.data", "load_glossary"),
    ("question coach examples", "partnerkit.coach", "load_labelled_questions"),
    ("question coach warm-up", "partnerkit.coach", "load_warmup"),
    ("levers", "partnerkit.levers", "load_levers"),
    ("trust", "partnerkit.trust", "load_trust"),
    ("translator example", "partnerkit.translator", "load_example"),
    ("timing", "partnerkit.sessions", "load_timing"),
    ("run sheets", "partnerkit.sessions", "load_run_sheets"),
    ("typed-move paraphrases", "partnerkit.roleplay.matching", "load_paraphrases"),
    ("confidence check", "partnerkit.confidence", "check"),
    ("rubric", "partnerkit.rubric", "load_rubric"),
    ("question coach exceptions", "partnerkit.coach", "load_exceptions"),
)


def _checks() -> list[tuple[str, object]]:
    """(what, callable) pairs: each loads and validates one data file."""
    import importlib
    import importlib.util

    from . import reflection, sorting
    from .roleplay import common_ground, loader

    out: list[tuple[str, object]] = []
    for what, module, name in SINGLE_FILES:
        if importlib.util.find_spec(module) is None:
            continue
        func = getattr(importlib.import_module(module), name, None)
        if func is not None:
            out.append((what, func))
    for path in sorted((data_dir() / "activities").glob("*.yaml")):
        load = reflection.load_reflection if path.name.startswith(reflection.PREFIX) else None
        load = load or sorting.load_activity
        out.append((f"activity {path.name}", lambda p=path, f=load: f(p)))
    for path in loader.scenario_paths():
        out.append((f"scenario {path.name}", lambda p=path: loader.load_scenario(p)))
    for path in sorted(common_ground.packs_dir().glob("*.yaml")):
        out.append((f"common-ground pack {path.name}", lambda p=path: common_ground.load_pack(p)))
    return out


def check_data() -> list[str]:
    """Every problem in the data files, one line each (file, line, field, fix)."""
    problems = []
    for what, load in _checks():
        try:
            load()
        except DataError as exc:
            where = exc.file
            if exc.row is not None:
                where += f", line {exc.row}"
            if exc.column:
                where += f", field '{exc.column}'"
            problems.append(f"{where}: {exc.problem}. Fix: {exc.fix}")
        except (OSError, ValueError) as exc:  # a loader that is not yet a DataError
            problems.append(f"{what}: {exc}")
    return list(dict.fromkeys(problems))  # a file read by two loaders is reported once


def cmd_check(args) -> int:
    checks = _checks()
    print(f"Checking {len(checks)} data files in {data_dir()} ...")
    problems = check_data()
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"All {len(checks)} data files are valid.")
    return 0


# --------------------------------------------------------------------------- main


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        type=Path,
        default=None,
        help="the kit folder (holding notebooks/, exercises/, data/); default: this folder",
    )
    ap = argparse.ArgumentParser(
        prog="partnerkit",
        description="Partnering with the Business: run, present, print and check the kit.",
    )
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "lab",
        parents=[common],
        help="JupyterLab on the kit, start page first (other options go to jupyter lab)",
    )
    p.add_argument("notebook", nargs="?", default=START, help=f"opens first (default {START})")
    p.add_argument("--port", type=int, default=None, help="default: $PORT, else JupyterLab's")
    p.set_defaults(func=cmd_lab)

    p = sub.add_parser("present", parents=[common], help="one notebook in Voila for a room")
    p.add_argument("notebook", help="e.g. notebooks/01_technology_money_leaves_it.ipynb")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--browser", action="store_true", help="also open a browser tab")
    p.set_defaults(func=cmd_present)

    p = sub.add_parser("handouts", parents=[common], help="offline HTML handouts")
    p.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/NN_*.ipynb")
    p.add_argument("--out", type=Path, default=None, help="default: <kit>/build/handouts")
    p.add_argument("--exercises", action="store_true", help="also the exercise notebooks")
    p.add_argument("--no-cards", action="store_true", help="skip the printable role cards")
    p.set_defaults(func=cmd_handouts)

    p = sub.add_parser("cards", parents=[common], help="printable role cards")
    p.add_argument("--out", type=Path, default=Path("build/cards"))
    p.add_argument("--instructor", action="store_true", help="also the instructor set + keys")
    p.add_argument("--instructor-out", type=Path, default=None)
    p.set_defaults(func=cmd_cards)

    p = sub.add_parser("check", parents=[common], help="check every data file")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("coach", parents=[common], help="the question coach on your questions")
    p.add_argument("questions", nargs="+", help='e.g. "What slows your team down?"')
    p.set_defaults(func=cmd_coach)
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = parser()
    args, extra = ap.parse_known_args(argv)
    if extra and args.command != "lab":
        ap.error(f"unrecognised arguments: {' '.join(extra)}")
    args.jupyter_args = extra  # e.g. partnerkit lab --no-browser
    _use_kit_data(args.root)
    try:
        return args.func(args)
    except KitFolderError as exc:
        print(f"partnerkit {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
