"""Property-based hardening: whatever a learner types or an instructor saves, the kit answers
with feedback or with its documented error - never a crash, never a hang.

* Learner-text analysers (jargon matcher, question coach, translator review, exit ticket):
  >= 1,000 generated texts each - empty, whitespace only, mixed scripts, emoji, control and
  bidi characters, lone surrogates, markup such as ``<script>`` and ``<img onerror=...>`` -
  never raise, give consistent results, and 100,000 characters cost at most ~20x what 10,000
  do (growth, not a fixed time: tests/growth.py).
* The journal: >= 1,000 arbitrary JSON values round-trip exactly through the file.
* Every file loader (found automatically: ``load_*`` functions of ``partnerkit`` modules that
  take a path, plus ``classroom.read_export``): >= 1,000 arbitrary or mutated files each raise
  only ``partnerkit.data.DataError`` (naming the file, with a fix) or load.

Targets are discovered at collection time, so a module added later is fuzzed too.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import os
import pkgutil
import shutil
import tempfile
from pathlib import Path

import pytest
from growth import assert_growth
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import partnerkit
from partnerkit import data, jargon
from partnerkit.data import DataError
from partnerkit.journal import Journal

ROOT = Path(__file__).resolve().parents[2]
N = 1000  # generated inputs per target (the issue asks for at least 1,000)
FUZZ = settings(
    max_examples=N,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
)  # fmt: skip
N_OTHER_LOADERS = 300  # loaders the issue does not name get fewer examples (suite time)
NAMED_LOADERS = ("data.load_statistics", "data.load_glossary", "roleplay.loader.load_scenario")


@pytest.fixture
def fast_tmp(tmp_path):
    """A scratch folder in memory when the machine has one: the journal fsyncs every write,
    which costs ~20 ms on a disk and nothing on tmpfs - the code paths are the same."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="pk-fuzz-", dir=shm))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path


# --------------------------------------------------------------------------- learner text

MARKUP = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "</textarea><b>bold</b>",
    "<svg onload=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "&lt;&amp;&#60;&quot;",
    "<!-- -->",
    "{{7*7}} ${x} %s %(x)s {0}",
    "' OR 1=1 -- \"; DROP TABLE x;",
    "**bold** _it_ `code` [link](http://x) | a | b |\n---",
    "\\",
)
EMOJI = ("🙂", "👩🏽‍💻", "🇬🇧", "❤️", "🧑‍🤝‍🧑", "\u200d", "\ufe0f")
SCRIPTS = (
    "日本語で質問しますか？",
    "Как вы работаете сейчас?",
    "كيف تعمل الآن؟",
    "איך זה עובד?",
    "यह कैसे काम करता है?",
    "Πώς δουλεύετε;",
    "지금 어떻게 하세요?",
    "Z̴̡a̶l̷g̸o̵",
    "ﬁ ﬀ ǅ İ ß ẞ",
)
WORDS = tuple(f for e in data.glossary() for f in e.forms) + (
    "What", "How", "Why", "Tell me about", "isn't it?", "surely", "would you", "what if we",
    "?", "!", ".", ",", " or ", " and ", "didn't you", "SLA", "API", "KPI", "e.g.", "...",
)  # fmt: skip
WHITESPACE = " \t\n\r\x0b\x0c\x85\u00a0\u1680\u2000\u2007\u200b\u2028\u2029\u202f\u3000\ufeff"

control = st.text(st.characters(categories=["Cc", "Cf", "Cs", "Co", "Zl", "Zp"]), max_size=8)
piece = st.one_of(
    st.text(max_size=30),
    control,
    st.text(WHITESPACE, max_size=20),
    st.sampled_from(MARKUP + EMOJI + SCRIPTS + WORDS),
)
learner_text = st.one_of(
    st.just(""),
    st.text(WHITESPACE, min_size=1, max_size=60),
    st.lists(piece, max_size=40).map("".join),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
)


def big_texts() -> dict[str, str]:
    """100,000-character inputs shaped to stress regular expressions and loops."""
    n = 100_000

    def fill(unit: str) -> str:
        return (unit * (n // len(unit) + 1))[:n]

    forms = " ".join(WORDS)
    return {
        "letters": "a" * n,
        "spaces": " " * n,
        "newlines": "\n" * n,
        "hyphens": "-" * n,
        "one_long_sentence": fill("and the report "),
        "questions": fill("What is slow? "),
        "glossary_soup": fill(forms + " "),
        "term_then_spaces": "mean" + " " * (n - 4),
        "markup": fill("<script>alert(1)</script><img src=x onerror=alert(1)> "),
        "scripts_emoji": fill("日本語 🙂 Как? كيف 👩🏽‍💻 "),
        "controls": fill("\x00\x1b[31m\u202e\u200b\ud800"),
        "leading_stack": fill("isn't it, surely, would you, what if we built, why didn't you "),
    }


BIG = big_texts()


def _check_matches(text: str, matches) -> None:
    last = 0
    for m in matches:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.found
        assert m.start >= last, "matches overlap or are out of order"
        last = m.end


def analysers() -> dict:
    """Every function that reads learner text and is present in this checkout."""
    out = {
        "jargon.find_jargon": lambda t: _check_matches(t, jargon.find_jargon(t)),
        "jargon.find_outcomes": lambda t: _check_matches(t, jargon.find_outcomes(t)),
    }
    if importlib.util.find_spec("partnerkit.coach"):
        coach = importlib.import_module("partnerkit.coach")

        def run_coach(t):
            fb = coach.analyse(t)
            assert fb.form and isinstance(fb.flags, tuple)
            assert set(fb.flag_names) <= set(coach.FLAGS)
            json.dumps(fb.to_record())  # what the journal stores must be JSON
            coach.analyse_many(coach.split_questions(t)[:50])

        out["coach.analyse"] = run_coach
    if importlib.util.find_spec("partnerkit.translator"):
        tr = importlib.import_module("partnerkit.translator")

        def run_translator(t):
            r = tr.review(t)
            assert r.summary
            html_out = tr.highlight_html(t, r.matches)
            assert "<script" not in html_out and "<img" not in html_out

        out["translator.review"] = run_translator
    if importlib.util.find_spec("partnerkit.exit_ticket"):
        et = importlib.import_module("partnerkit.exit_ticket")

        def run_exit_ticket(t):
            checks = et.check({"who": t, "when": t, "listen_for": t, "promise": t, "questions": t})
            assert checks and isinstance(et.summary(checks), str)
            for q in et.parse_questions(t)[:20]:
                et.classify_question(q)

        out["exit_ticket.check"] = run_exit_ticket
    return out


ANALYSERS = analysers()


@pytest.mark.parametrize("name", sorted(ANALYSERS))
def test_learner_text_never_crashes_an_analyser(name):
    run = ANALYSERS[name]

    @FUZZ
    @given(learner_text)
    @example("")
    @example("   \n\t ")
    @example("<script>alert(1)</script>")
    @example('<img src=x onerror="alert(1)">')
    def fuzz(text):
        run(text)

    fuzz()


@pytest.mark.parametrize("case", sorted(BIG))
@pytest.mark.parametrize("name", sorted(ANALYSERS))
def test_100k_characters_cost_grows_linearly(name, case):
    """Catastrophic backtracking or a quadratic loop shows as growth: 10x the text (10,000 ->
    100,000 characters) may cost at most ~20x the time (tests/growth.py), on any machine."""
    text = BIG[case]
    assert len(text) == 100_000
    assert_growth(
        ANALYSERS[name], text[:10_000], text, what=f"{name} on 10,000 vs 100,000 of {case!r}"
    )


# --------------------------------------------------------------------------- journal

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    learner_text,
)
json_values = st.recursive(
    json_scalars,
    lambda kids: st.lists(kids, max_size=5) | st.dictionaries(learner_text, kids, max_size=5),
    max_leaves=12,
)


def utf16(value):
    """What a browser (JavaScript strings are UTF-16) would hold: a surrogate *pair* written
    as two code points is the same text as the character it encodes."""
    if isinstance(value, str):
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    if isinstance(value, list):
        return [utf16(v) for v in value]
    if isinstance(value, dict):
        return {utf16(k): utf16(v) for k, v in value.items()}
    return value


# Keys are ids chosen in code ("01.predict.outside_it"), never learner text: any text without
# lone surrogates. Values are whatever the learner typed, surrogates included.
journal_keys = st.one_of(st.text(max_size=40), st.sampled_from(MARKUP + EMOJI + SCRIPTS))


def test_journal_round_trips_arbitrary_json(fast_tmp):
    path = fast_tmp / "journal.json"

    @FUZZ
    @given(key=journal_keys, value=json_values, other=json_values)
    @example(key="k", value="half an emoji \ud83d", other="\udc00 <script>")
    def fuzz(key, value, other):
        path.unlink(missing_ok=True)
        Journal(path).set("before", other)
        Journal(path).set(key, value)
        fresh = Journal(path)
        assert utf16(fresh.get(key)) == utf16(value)
        if utf16(key) != "before":
            assert utf16(fresh.get("before")) == utf16(other)
        # the file itself is strict JSON (no NaN) and a journal
        doc = json.loads(path.read_bytes(), parse_constant=lambda c: pytest.fail(c))
        assert utf16(doc["entries"][utf16(key)]["value"]) == utf16(value)
        assert not fresh.problems

    fuzz()


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


# --------------------------------------------------------------------------- nasty files

LEVELS = 7  # 9**7 = 4.8 million references if a reader walks YAML aliases


def _laughs(levels: int = LEVELS) -> bytes:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


NASTY = {
    "empty": b"",
    "whitespace_only": b" \n\t\n   \n",
    "bom_only": b"\xef\xbb\xbf",
    "nul_bytes": b"\x00" * 64,
    "utf16": "id,value\n\u00e9,1\n".encode("utf-16"),
    "latin1": "caf\xe9,na\xefve\n".encode("latin-1"),
    "100k_one_line": b"x" * 100_000,
    "200k_one_field": b'"' + b"x" * 200_000 + b'"\n',
    "deeply_nested": b"[" * 5000 + b"]" * 5000,
    "complex_yaml_key": b"? [a, b]\n: 1\n",
    "yaml_aliases_bomb": _laughs(),
    "python_tag": b"!!python/object/apply:os.system ['echo hi']\n",
    "json_array": b"[1, 2, 3]",
    "markup": b"<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n",
}
# The cases whose cost could run away, as (small, large) inputs for a growth comparison
# (tests/growth.py): the large one is the NASTY file above, the small one a tenth of it - or,
# for the alias bomb, a file half as long that expands to 729x fewer references, so a reader
# that walks aliases grows ~700x where one that does not grows ~2x.
SCALED = {
    "100k_one_line": (b"x" * 10_000, NASTY["100k_one_line"]),
    "200k_one_field": (b'"' + b"x" * 20_000 + b'"\n', NASTY["200k_one_field"]),
    "deeply_nested": (b"[" * 500 + b"]" * 500, NASTY["deeply_nested"]),
    "yaml_aliases_bomb": (_laughs(LEVELS - 3), NASTY["yaml_aliases_bomb"]),
}

# Bugs these tests found in modules owned by others go here while they are open, as
# {(loader, case): "why"}; strict xfail, so a fix makes the test fail until the entry goes.
# Found and fixed so far: csv.Error and RecursionError escaping data/yamlfile loaders (ab754ad),
# non-scalar keys, deep nesting and alias bombs in the scenario loader (ff00707, b6804ea).
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def _nasty_params():
    out = []
    for name in sorted(LOADERS):
        for case in NASTY:
            reason = KNOWN_BUGS.get((name, case))
            marks = [pytest.mark.xfail(strict=True, reason=f"BUG: {reason}")] if reason else []
            out.append(pytest.param(name, case, marks=marks, id=f"{name}-{case}"))
    return out


@pytest.mark.parametrize(("name", "case"), _nasty_params())
def test_nasty_files_raise_only_data_error(name, case, tmp_path):
    fn = LOADERS[name]
    seeds = seeds_for(fn)
    path = tmp_path / (seeds[0].name if seeds else "file.txt")
    path.write_bytes(NASTY[case])
    check_loader(fn, path)


@pytest.mark.parametrize("case", sorted(SCALED))
@pytest.mark.parametrize("name", sorted(LOADERS))
def test_nasty_file_cost_grows_with_its_size_only(name, case, tmp_path):
    """A loader stuck walking YAML aliases or re-scanning nested brackets shows as growth."""
    fn = LOADERS[name]
    seeds = seeds_for(fn)
    file_name = seeds[0].name if seeds else "file.txt"
    paths = []
    for size, raw in zip(("small", "large"), SCALED[case], strict=True):
        (tmp_path / size).mkdir()
        paths.append(tmp_path / size / file_name)
        paths[-1].write_bytes(raw)
    assert_growth(
        lambda p: check_loader(fn, p),
        *paths,
        what=f"{name} on {case!r} ({len(SCALED[case][0]):,} vs {len(SCALED[case][1]):,} bytes)",
    )
