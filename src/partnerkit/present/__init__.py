"""Present mode: show a notebook to a room with Voila - code hidden, large type and charts,
working widgets, and nothing on the page fetched from the internet.

    python -m partnerkit.present notebooks/01_technology_money_leaves_it.ipynb [--port 8866]

(``make present NB=...`` runs exactly this.) It starts Voila on http://127.0.0.1:<port> with
the ``pk-present`` template shipped in this folder and ``PARTNERKIT_PRESENT=1`` for the
kernels, so :func:`partnerkit.display.present_mode` enlarges every chart.
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATE = "pk-present"


def environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment Voila needs: our template folder on JUPYTER_PATH, present mode on."""
    env = dict(os.environ if base is None else base)
    paths = [str(HERE)] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    env["PARTNERKIT_PRESENT"] = "1"
    return env


def voila_command(notebook: str | Path, port: int = 8866, *, browser: bool = False) -> list[str]:
    import sys

    cmd = [
        sys.executable, "-m", "voila", str(notebook),
        f"--port={port}", "--Voila.ip=127.0.0.1",
        "--strip_sources=True", f"--template={TEMPLATE}", "--theme=light",
    ]  # fmt: skip
    if not browser:
        cmd.append("--no-browser")
    return cmd
