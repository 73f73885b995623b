"""Binder links: one repository address, every deep link points at a file that exists."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from partnerkit import links

ROOT = Path(__file__).resolve().parents[2]


def _target(url: str) -> str:
    urlpath = parse_qs(urlparse(url).query)["urlpath"][0]
    path = re.sub(r"^(lab/tree|voila/render)/", "", urlpath.split("?")[0])
    return unquote(path)


def test_readme_and_guide_links_use_the_one_address_and_exist():
    for name in links.FILES_WITH_LINKS:
        text = (ROOT / name).read_text(encoding="utf-8")
        assert not links.mismatches(text), name
        for url in re.findall(r"https://mybinder\.org/v2/gh/[^\s)>]+", text):
            if "urlpath=" in url:
                assert (ROOT / _target(url)).is_file(), f"{name}: {url} points at nothing"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert (
        f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({links.binder_url()})"
        in readme
    )


def test_deep_links_exist_and_voila_present_is_encoded():
    for _, url in links.deep_links():
        assert url.startswith(f"{links.BINDER}/{links.REPO}/{links.REF}?urlpath=")
        assert (ROOT / _target(url)).is_file(), url
    url = links.binder_url("notebooks/x.ipynb", present=True)
    assert url.endswith("urlpath=voila/render/notebooks/x.ipynb%3Fpresent%3D1")
    assert parse_qs(urlparse(url).query)["urlpath"] == ["voila/render/notebooks/x.ipynb?present=1"]


def test_rewrite_moves_every_link_to_the_configured_repo():
    text = "a https://mybinder.org/v2/gh/old/repo/v1?urlpath=lab/tree/x b"
    assert links.mismatches(text)
    new = links.rewrite(text)
    assert f"gh/{links.REPO}/{links.REF}?urlpath=lab/tree/x" in new and not links.mismatches(new)


def test_nbgitpuller_link():
    url = links.nbgitpuller_url("https://hub.example.edu/")
    q = parse_qs(urlparse(url).query)
    assert url.startswith("https://hub.example.edu/hub/user-redirect/git-pull?")
    assert q["repo"] == [f"https://github.com/{links.REPO}"] and q["branch"] == [links.REF]
    assert q["urlpath"][0].endswith("/notebooks/00_start_here.ipynb")


def test_guides_link_only_files_that_exist():
    for name in ("README.md", "instructor/README.md", "instructor/export_format.md"):
        path = ROOT / name
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            assert (path.parent / target.split("#")[0]).exists(), f"{name}: broken link {target}"
