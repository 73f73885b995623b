"""Build printable role cards from the command line.

    python -m partnerkit.cards build                      # student set into build/cards
    python -m partnerkit.cards build --instructor         # + keys into build/cards-instructor
    python -m partnerkit.cards build --out handouts/cards --instructor --instructor-out keys/

The student set never contains an instructor key or another role's confidential card; the
instructor set is written to a separate folder (never inside the student folder). Open any
``.html`` file in a browser and print it: each card starts on a new sheet.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .data import DataError
from .roleplay.cards import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m partnerkit.cards",
        description="Write printable role cards (HTML and Markdown) for every scenario pack.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write the student set (and, optionally, the keys)")
    b.add_argument("--out", default="build/cards", help="student folder (default: build/cards)")
    b.add_argument(
        "--instructor",
        action="store_true",
        help="also write every card plus the instructor keys, into a separate folder",
    )
    b.add_argument(
        "--instructor-out",
        default=None,
        help="instructor folder (default: the --out folder's name + '-instructor')",
    )
    args = parser.parse_args(argv)
    try:
        written = build(
            Path(args.out), instructor=args.instructor, instructor_out=args.instructor_out
        )
    except (DataError, ValueError) as exc:
        print(f"Could not build the cards: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    print(f"Student cards: {len(written['student'])} files in {out} (open {out / 'index.html'})")
    if args.instructor:
        folder = written["instructor"][-1].parent
        print(
            f"Instructor set: {len(written['instructor'])} files in {folder} "
            "(keep it away from students)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
