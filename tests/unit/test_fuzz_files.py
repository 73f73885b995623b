"""Fuzzing every file loader (the file-loader part of test_fuzz.py, see its docstring): >= 1,000
arbitrary or mutated files each raise only ``partnerkit.data.DataError`` (naming the file, with
a fix) or load. Loaders are found automatically: ``load_*`` functions of ``partnerkit``
modules that take a path, plus ``classroom.read_export``.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fuzz import FUZZ, ROOT, N, learner_text

import partnerkit
from partnerkit.data import DataError

N_OTHER_LOADERS = 300  # loaders the issue does not name get fewer examples (suite time)
NAMED_LOADERS = ("data.load_statistics", "data.load_glossary", "roleplay.loader.load_scenario")


# --------------------------------------------------------------------------- file loaders


def _loader_functions() -> dict:
    """``load_*(path, <only defaulted params>)`` in every partnerkit module, plus read_export."""
    found = {}
    for mod in pkgutil.walk_packages(partnerkit.__path__, "partnerkit."):
        if mod.name.split(".")[-1].startswith("_") or mod.name.endswith("__main__"):
            continue
        module = importlib.import_module(mod.name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__:
                continue
            if not (name.startswith("load_") or name == "read_export"):
                continue
            params = list(inspect.signature(fn).parameters.values())
            if not params or "path" not in params[0].name:
                continue
            if any(p.default is inspect.Parameter.empty for p in params[1:]):
                continue
            found[f"{mod.name.removeprefix('partnerkit.')}.{name}"] = fn
    return found


LOADERS = _loader_functions()
SEED_FILES = sorted(
    p
    for pattern in (
        "data/**/*.csv", "data/**/*.yaml", "instructor/**/*.yaml", "instructor/**/*.json"
    )
    for p in ROOT.glob(pattern)
)  # fmt: skip


@functools.cache
def seeds_for(fn) -> list[Path]:
    """The committed files this loader accepts: the starting points for mutations."""
    ok = []
    for p in SEED_FILES:
        try:
            fn(p)
        except Exception:
            continue
        ok.append(p)
    return ok


TOKENS = [
    b",", b'"', b"\n", b"\r\n", b"\r", b":", b": ", b"- ", b"  ", b"\t", b"#", b"&a ", b"*a",
    b"{", b"}", b"[", b"]", b"? ", b"!!python/object:os.system ", b"\x00", b"\xff\xfe",
    b"\xef\xbb\xbf", b"NaN", b"1e999", b"-1", b"101", b"null", b"~", b"yes", b"2015-13-45",
    b"<script>alert(1)</script>", b"\xf0\x9f\x99\x82", b"%", b"'", b"|", b">",
]  # fmt: skip
edits = st.lists(
    st.tuples(
        st.floats(0, 1),
        st.integers(0, 40),
        st.one_of(st.sampled_from(TOKENS), st.binary(max_size=6)),
    ),
    min_size=1,
    max_size=6,
)


def mutate(raw: bytes, ops) -> bytes:
    for frac, cut, insert in ops:
        at = int(frac * len(raw))
        raw = raw[:at] + insert + raw[at + cut :]
    return raw


def check_loader(fn, path: Path) -> None:
    try:
        fn(path)
    except DataError as exc:
        msg = str(exc)
        assert path.name in msg, f"the error does not name the file: {msg}"
        assert "Fix:" in msg, f"the error gives no fix: {msg}"


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_malformed_files_raise_only_data_error(name, fast_tmp):
    fn = LOADERS[name]
    tmp_path = fast_tmp
    seeds = seeds_for(fn)
    raws = [p.read_bytes() for p in seeds]
    names = [p.name for p in seeds] or ["file.txt"]

    @settings(FUZZ, max_examples=N if name in NAMED_LOADERS else N_OTHER_LOADERS)
    @given(
        which=st.integers(0, max(len(raws), 1) - 1),
        ops=edits,
        arbitrary=st.one_of(st.none(), st.binary(max_size=300), learner_text),
    )
    def fuzz(which, ops, arbitrary):
        if arbitrary is not None or not raws:
            raw = (
                arbitrary
                if isinstance(arbitrary, bytes)
                else (arbitrary or "").encode("utf-8", "surrogatepass")
            )
        else:
            raw = mutate(raws[which], ops)
        path = tmp_path / names[which if raws else 0]
        path.write_bytes(raw)
        check_loader(fn, path)

    fuzz()


def test_every_named_loader_is_fuzzed():
    """The loaders the issue names are found by the discovery above (when they exist)."""
    assert {"data.load_statistics", "data.load_glossary"} <= set(LOADERS)
    if importlib.util.find_spec("partnerkit.roleplay.loader"):
        assert "roleplay.loader.load_scenario" in LOADERS
    for name in ("data.load_statistics", "data.load_glossary"):
        assert seeds_for(LOADERS[name]), f"{name} accepts none of the committed files"
