"""Binder (and JupyterHub) links for each audience, built from ONE repository address.

The kit's public address is set here and nowhere else. To move the kit (a fork, a new
organisation, a release tag):

1. change :data:`REPO` (``owner/name`` on GitHub) and, if you like, :data:`REF` (a branch or,
   better for Binder's start-up time, a release tag);
2. run ``python -m partnerkit.links --write`` to rewrite every Binder link in the README and
   the instructor guide (``--check`` only reports links that disagree; a unit test runs it).

``python -m partnerkit.links`` prints the deep links as Markdown.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import quote

from .data import KitFolderError, kit_folder

REPO = "partnering-with-the-business/partnerkit"
REF = "main"
BINDER = "https://mybinder.org/v2/gh"
FILES_WITH_LINKS = ("README.md", "instructor/README.md")
START = "notebooks/00_start_here.ipynb"


def binder_url(
    path: str | None = START, *, voila: bool = False, present: bool = False, ref: str = REF
) -> str:
    """A mybinder.org link that opens ``path`` in JupyterLab, or its Voila view.

    ``present=True`` adds ``?present=1`` to the Voila address: large charts for a projector.
    """
    base = f"{BINDER}/{REPO}/{ref}"
    if path is None:
        return base
    target = f"voila/render/{path}" if voila or present else f"lab/tree/{path}"
    if present:
        target += "?present=1"
    return f"{base}?urlpath={quote(target, safe='/')}"


def nbgitpuller_url(hub: str, path: str = START, *, branch: str = REF) -> str:
    """A JupyterHub link that copies the kit into the learner's home folder (nbgitpuller)."""
    repo = quote(f"https://github.com/{REPO}", safe="")
    folder = REPO.split("/")[1]
    target = quote(f"lab/tree/{folder}/{path}", safe="")
    return (
        f"{hub.rstrip('/')}/hub/user-redirect/git-pull?repo={repo}&branch={quote(branch)}"
        f"&urlpath={target}"
    )


def deep_links() -> list[tuple[str, str]]:
    return [
        ("Self-learners and students: JupyterLab on the start page", binder_url()),
        (
            "Students: notebook 01 as an app (Voila, code hidden)",
            binder_url("notebooks/01_technology_money_leaves_it.ipynb", voila=True),
        ),
        (
            "Self-learners: the solo role-play with a scripted client (Voila)",
            binder_url("exercises/02_solo_client_ex.ipynb", voila=True),
        ),
        (
            "Instructors: notebook 01 for a projector (Voila, large charts)",
            binder_url("notebooks/01_technology_money_leaves_it.ipynb", present=True),
        ),
        (
            "Everyone: keep your work (notebook 09, export)",
            binder_url("notebooks/09_export_your_work.ipynb"),
        ),
    ]


_LINK = re.compile(r"https://mybinder\.org/v2/gh/([^/\s)]+/[^/\s)]+)/([^?\s)]+)")


def mismatches(text: str) -> list[str]:
    """Binder links in ``text`` that do not use :data:`REPO` and :data:`REF`."""
    return [m.group(0) for m in _LINK.finditer(text) if (m.group(1), m.group(2)) != (REPO, REF)]


def rewrite(text: str) -> str:
    return _LINK.sub(f"{BINDER}/{REPO}/{REF}", text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m partnerkit.links", description=__doc__)
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="report links that disagree")
    group.add_argument("--write", action="store_true", help="rewrite them to REPO and REF")
    ap.add_argument("--root", type=Path, default=None, help="the kit folder (default: this one)")
    args = ap.parse_args(argv)
    if not (args.check or args.write):
        for label, url in deep_links():
            print(f"- [{label}]({url})")
        return 0
    try:
        root = kit_folder(args.root)
    except KitFolderError as exc:
        print(f"Cannot check links: {exc}", file=sys.stderr)
        return 2
    present = [name for name in FILES_WITH_LINKS if (root / name).is_file()]
    if not present:
        print(
            f"Cannot check links: none of {', '.join(FILES_WITH_LINKS)} in {root}", file=sys.stderr
        )
        return 2
    bad = 0
    for name in present:
        path = root / name
        text = path.read_text(encoding="utf-8")
        wrong = mismatches(text)
        if args.write and wrong:
            path.write_text(rewrite(text), encoding="utf-8")
            print(f"{name}: rewrote {len(wrong)} link(s) to {REPO}@{REF}")
        elif wrong:
            bad += len(wrong)
            print(f"{name}: {len(wrong)} link(s) not on {REPO}@{REF}: {wrong[:3]}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
