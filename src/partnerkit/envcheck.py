"""The start-here environment check: OK / FAIL per required package, plus the kit version."""

from __future__ import annotations

import importlib
import importlib.metadata as md
import importlib.util
import sys

REQUIRED = {
    # import name: (distribution name, minimum version)
    "jupyterlab": ("jupyterlab", "4.2"),
    "ipywidgets": ("ipywidgets", "8.1"),
    "pandas": ("pandas", "2.2"),
    "plotly": ("plotly", "6.0"),
    "voila": ("voila", "0.5.7"),
    "yaml": ("pyyaml", "6.0"),
}


# Server packages: importing jupyterlab in the kernel costs ~2.5 s for nothing.
SERVER_ONLY = ("jupyterlab", "voila")


def _version_tuple(v: str) -> tuple[int, ...]:
    out = []
    for part in v.split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        if not digits:
            break
        out.append(int(digits))
    return tuple(out)


def check_environment() -> list[tuple[str, str, str]]:
    """Rows of (status, package, detail); status is 'OK' or 'FAIL'."""
    rows = []
    ok_py = sys.version_info >= (3, 11)
    rows.append(("OK" if ok_py else "FAIL", "python", sys.version.split()[0] + " (need 3.11+)"))
    for mod, (dist, minimum) in REQUIRED.items():
        try:
            if mod in SERVER_ONLY:  # found, not imported: the kernel never uses them
                if importlib.util.find_spec(mod) is None:
                    raise ModuleNotFoundError(mod)
            else:
                importlib.import_module(mod)
            version = md.version(dist)
        except Exception as exc:  # report, never crash the start page
            rows.append(("FAIL", dist, f"not importable: {type(exc).__name__}"))
            continue
        good = _version_tuple(version) >= _version_tuple(minimum)
        rows.append(("OK" if good else "FAIL", dist, f"{version} (need {minimum}+)"))
    try:
        from . import __version__, data

        n = len(data.statistics())
        rows.append(("OK", "partnerkit", f"{__version__}; {n} sourced statistics loaded"))
    except Exception as exc:
        rows.append(("FAIL", "partnerkit", f"{type(exc).__name__}: {exc}"))
    return rows


def report() -> bool:
    """Print the check; return True when everything is OK."""
    rows = check_environment()
    for status, name, detail in rows:
        print(f"[{status:>4}] {name:<11} {detail}")
    good = all(r[0] == "OK" for r in rows)
    print("All set: the kit is ready." if good else "Something is missing: see README, 'Set-up'.")
    return good
