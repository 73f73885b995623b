"""Printable role cards: the student set never leaks a key or another role's confidential card;
all file text is escaped; one card per printed page; no external assets; the CLI works."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from partnerkit import cards as cli
from partnerkit.roleplay import common_ground as cg
from partnerkit.roleplay.cards import (
    PAGE_BREAK_MD,
    build,
    render_html,
    render_markdown,
    student_handouts,
)
from partnerkit.roleplay.loader import key_for, load_scenario, load_scenarios

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = load_scenarios()
PACKS = cg.load_packs()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("cards")
    written = build(base / "cards", instructor=True)
    return base, written


def forms(text: str) -> set[str]:
    """The ways a text can appear in a rendered file (raw, or HTML-escaped)."""
    return {text, html.escape(text), html.escape(text, quote=False)}


def appears(text: str, blob: str) -> bool:
    return any(f in blob for f in forms(text))


def read_all(paths) -> str:
    return "\n".join(Path(p).read_text(encoding="utf-8") for p in paths)


def client_secrets(s):
    out = [s.client.hidden_constraint, *s.client.reveal_rules]
    for p in s.client.pains:
        out += [p.says] + ([p.guarded] if p.guarded else [])
    return out


def partner_secrets(s):
    return [*s.partner.own_interests, *s.partner.objectives, s.partner.background]


def key_texts(s):
    k = key_for(s)
    out = [*k.debrief, *(f.what_happens for f in k.failure_paths)]
    out += [f.lesson for f in k.failure_paths] + [p.why_it_matters for p in k.pains]
    out += [k.ideal_path_notes] if k.ideal_path_notes else []
    # the graph's explanations are instructor/solo-end material, never on a student card
    out += [o.why for n in s.nodes.values() for o in n.options if o.why]
    return out


def test_two_separate_folders(built):
    base, written = built
    student = {p.relative_to(base / "cards") for p in written["student"]}
    instructor = {p.relative_to(base / "cards-instructor") for p in written["instructor"]}
    for sid in SCENARIOS:
        for role in ("brief", "client", "it_partner", "observer"):
            assert Path(sid, f"{role}.html") in student and Path(sid, f"{role}.md") in student
        assert Path(sid, "key.html") in instructor and Path(sid, "all_cards.html") in instructor
    for pid in PACKS:
        assert Path("common_ground", pid, "brief.html") in student
        assert Path("common_ground", pid, "key.html") in instructor
    assert not any("key" in p.name or "all_cards" in p.name for p in student)


@pytest.mark.parametrize("sid", sorted(SCENARIOS))
def test_student_set_never_contains_a_key(built, sid):
    base, written = built
    student = read_all(written["student"])
    instructor = read_all(p for p in written["instructor"] if sid in str(p))
    for text in key_texts(SCENARIOS[sid]):
        assert not appears(text, student), f"key text in the student set: {text[:60]}"
    # the instructor set really does carry the key (so the check above can fail)
    assert all(appears(t, instructor) for t in key_texts(SCENARIOS[sid])[:5])


@pytest.mark.parametrize("sid", sorted(SCENARIOS))
def test_each_role_file_holds_only_its_own_confidential_card(built, sid):
    base, _ = built
    s = SCENARIOS[sid]
    folder = base / "cards" / sid

    def text(role):
        return read_all([folder / f"{role}.html", folder / f"{role}.md"])

    client, partner, observer, brief = (
        text(r) for r in ("client", "it_partner", "observer", "brief")
    )
    assert all(appears(t, client) for t in client_secrets(s))
    assert all(appears(t, partner) for t in partner_secrets(s))
    for blob in (partner, observer, brief):
        assert not any(appears(t, blob) for t in client_secrets(s))
    for blob in (client, observer, brief):
        assert not any(appears(t, blob) for t in partner_secrets(s))
    for blob in (client, partner, observer):
        assert appears(s.brief.situation, blob)  # everyone gets the public brief
    assert not any(appears(p.summary, observer) for p in s.client.pains)
    assert f"The client has {len(s.client.pains)} pain points" in observer


@pytest.mark.parametrize("pid", sorted(PACKS))
def test_common_ground_role_files_hold_only_their_own_interests(built, pid):
    base, written = built
    pack = PACKS[pid]
    folder = base / "cards" / "common_ground" / pid
    a, b = pack.roles
    a_text = read_all([folder / f"{a.id}.html", folder / f"{a.id}.md"])
    b_text = read_all([folder / f"{b.id}.html", folder / f"{b.id}.md"])
    assert all(appears(i.text, a_text) for i in a.interests)
    assert not any(appears(i.text, a_text) for i in b.interests)
    assert not any(appears(i.text, b_text) for i in a.interests)
    key = cg.key_for(pack)
    student = read_all(written["student"])
    assert not any(appears(k.explanation, student) for k in key.topics.values())


def test_file_text_is_escaped_in_html_and_markdown(tmp_path):
    evil = "<script>alert('x')</script>"
    text = (ROOT / "data" / "scenarios" / "finance.yaml").read_text(encoding="utf-8")
    text = text.replace("title: The close that lives in spreadsheets", f'title: "{evil} & co"')
    text = text.replace("  name: Tomasz Brandt", f'  name: "Tom <b>{evil}</b>"', 1)
    text = text.replace(
        "    The board has frozen", f"    <img src=x onerror=alert(1)> {evil} The board has frozen"
    )
    path = tmp_path / "finance.yaml"
    path.write_text(text, encoding="utf-8")
    s = load_scenario(path)
    for h in student_handouts(s):
        page = render_html(h)
        assert "<script" not in page and "<img" not in page and "<b>" not in page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in page
        md = render_markdown(h)
        assert "<script" not in md and "<img" not in md
        assert "&lt;script&gt;" in md
    client = render_html(student_handouts(s)[1])
    assert "&lt;img src=x onerror=alert(1)&gt;" in client


@pytest.mark.parametrize("sid", sorted(SCENARIOS))
def test_one_card_per_printed_page_and_no_external_assets(built, sid):
    base, _ = built
    for role, n_cards in (("brief", 1), ("client", 2), ("it_partner", 2), ("observer", 2)):
        page = (base / "cards" / sid / f"{role}.html").read_text(encoding="utf-8")
        sections = re.findall(r'<section class="card[ "]', page)
        assert len(sections) == n_cards == page.count("</section>")
        css = page[page.index("<style>") : page.index("</style>")]
        assert re.search(r"\.card\s*\{[^}]*break-after:\s*page", css)
        assert re.search(r"\.card\s*\{[^}]*page-break-after:\s*always", css)
        assert re.search(r"\.card:last-of-type\s*\{[^}]*break-after:\s*auto", css)
        # nothing to fetch: no scripts, images, links, fonts or imports
        assert not re.search(r"<script|<img|<link|<iframe|@import|url\(|https?://", page)
        md = (base / "cards" / sid / f"{role}.md").read_text(encoding="utf-8")
        assert md.count(PAGE_BREAK_MD) == n_cards - 1
    every = (base / "cards-instructor" / sid / "all_cards.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<section class="card[ "]', every)) == 5


def test_confidential_cards_are_marked(built):
    base, _ = built
    page = (base / "cards" / "finance" / "client.html").read_text(encoding="utf-8")
    assert 'class="card card-brief"' in page and "Public brief" in page
    assert 'class="card card-client confidential"' in page and "Confidential: for the" in page


def test_instructor_folder_inside_the_student_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="must not be inside"):
        build(tmp_path / "c", instructor=True, instructor_out=tmp_path / "c" / "keys")
    assert not (tmp_path / "c" / "keys").exists()


def test_command_line(tmp_path, capsys):
    assert cli.main(["build", "--out", str(tmp_path / "cards")]) == 0
    assert (tmp_path / "cards" / "index.html").is_file()
    assert not (tmp_path / "cards-instructor").exists()
    assert cli.main(["build", "--out", str(tmp_path / "cards"), "--instructor"]) == 0
    assert (tmp_path / "cards-instructor" / "finance" / "key.html").is_file()
    bad = ["build", "--out", str(tmp_path / "x"), "--instructor", "--instructor-out"]
    assert cli.main([*bad, str(tmp_path / "x" / "k")]) == 2
    assert "must not be inside" in capsys.readouterr().err


def test_a_broken_scenario_is_reported_by_the_command(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    f = data / "scenarios" / "finance.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("tier: probe", "tier: deep", 1), "utf-8")
    monkeypatch.setenv("PARTNERKIT_DATA", str(data))
    assert cli.main(["build", "--out", str(tmp_path / "cards")]) == 2
    err = capsys.readouterr().err
    assert "finance.yaml" in err and "unknown tier 'deep'" in err and "Fix:" in err


def test_notebook_button_builds_the_student_set_only(tmp_path):
    from partnerkit.widgets.cards import card_builder

    box = card_builder(tmp_path / "cards")
    assert not (tmp_path / "cards").exists()  # nothing is written until the button is pressed
    box.button.click()
    assert (tmp_path / "cards" / "finance" / "client.html").is_file()
    assert not list(tmp_path.glob("*instructor*"))
    assert "files written" in box.status.value
    (tmp_path / "blocked").write_text("a file where the folder should go", encoding="utf-8")
    broken = card_builder(tmp_path / "blocked")
    broken.button.click()
    assert "Could not build the cards" in broken.status.value


def test_notebook_button_in_a_static_handout_is_a_note(tmp_path, monkeypatch):
    import partnerkit.widgets.cards as wc

    shown = []
    monkeypatch.setattr(wc, "display", shown.append)
    monkeypatch.setenv("PARTNERKIT_STATIC", "1")
    assert wc.card_builder(tmp_path / "cards") is None
    assert "python -m partnerkit.cards build" in shown[0].data
    assert not (tmp_path / "cards").exists()


def test_round_timing_cell_shows_the_one_timing():
    from partnerkit.sessions import timing
    from partnerkit.widgets.cards import round_timing

    t = timing()
    triad = round_timing().data
    assert f"{t.talk_minutes} minutes to talk" in triad
    assert f"no solution talk in the first {t.no_solution_minutes}" in triad
    assert f"{t.round_minutes} minutes a round" in triad
    cg = round_timing("common_ground").data
    assert f"{t.cg_talk_minutes} minutes to talk" in cg and f"{t.cg_minutes} minutes in all" in cg
    assert "var(--jp-ui-font-color1" in triad  # readable in JupyterLab Dark
