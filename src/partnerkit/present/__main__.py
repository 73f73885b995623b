"""``python -m partnerkit.present NOTEBOOK [--port N] [--browser]``: see the package docstring."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import environment, voila_command


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m partnerkit.present", description=__doc__)
    ap.add_argument("notebook", help="e.g. notebooks/01_technology_money_leaves_it.ipynb")
    ap.add_argument("--port", type=int, default=8866)
    ap.add_argument("--browser", action="store_true", help="also open a browser tab")
    args = ap.parse_args(argv)
    nb = Path(args.notebook)
    if not nb.is_file():
        print(f"No notebook at {nb}. Try: make present NB=notebooks/01_...ipynb", file=sys.stderr)
        return 2
    print(f"Presenting {nb} on http://127.0.0.1:{args.port}/  (Ctrl+C to stop)")
    cmd = voila_command(nb, args.port, browser=args.browser)
    os.execvpe(cmd[0], cmd, environment())
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
