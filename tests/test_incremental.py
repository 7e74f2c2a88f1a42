"""Rebuilding does no work twice: an edit rewrites only the pages that show what was edited, and
the result is the same site a clean build of the edited project makes."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from generator.build import build_all
from tests.helpers import edit

REG = "docs/regulations/complaint-handling.yaml"


def _pages(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}


def _text(path: Path) -> str:
    """What a reader sees on a page (livereload and build dates aside)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


def _sources(build: Path) -> dict[str, bytes]:
    """The generated Markdown of each page, by the page it becomes."""
    docs = build / "project/docs"
    return {p.relative_to(docs).as_posix()[: -len(".md")] + ".html": p.read_bytes() for p in docs.rglob("*.md")}


def test_an_edit_rewrites_only_the_pages_that_show_it(mini, tmp_path):
    site = build_all(mini, forms=False, prints=False)
    before = {rel: (p.stat().st_mtime_ns, p.read_bytes()) for rel, p in _pages(site).items()}
    sources = _sources(site.parent)
    article = "特订定本办法"
    assert article in (mini / REG).read_text(encoding="utf-8")
    edit(mini / REG, article, "特订定本办法（修订）")
    build_all(mini, forms=False, prints=False)
    after = _pages(site)
    assert after.keys() == before.keys()
    rewritten = {rel for rel, p in after.items() if p.stat().st_mtime_ns != before[rel][0]}
    changed = {rel for rel, p in after.items() if p.read_bytes() != before[rel][1]}
    assert "regulations/complaints/complaint-handling.html" in changed
    assert "特订定本办法（修订）" in after["regulations/complaints/complaint-handling.html"].read_text(encoding="utf-8")
    # only pages whose HTML had to change were written (404.html: MkDocs writes it every build),
    # and those are exactly the pages whose generated Markdown shows the edited text
    assert rewritten - {"404.html"} == changed - {"404.html"}
    shows_it = {rel for rel, text in _sources(site.parent).items() if text != sources.get(rel)}
    assert rewritten - {"404.html"} == shows_it
    assert all("特订定本办法（修订）".encode() in _sources(site.parent)[rel] for rel in shows_it), shows_it
    assert len(rewritten) < len(before) / 2, sorted(rewritten)

    _same_as_a_clean_build(mini, site, tmp_path)


def _same_as_a_clean_build(root: Path, site: Path, tmp_path: Path) -> None:
    """The same pages, with the same text, as a clean build of the same project."""
    clean_root = tmp_path / "clean"
    shutil.copytree(root, clean_root, ignore=shutil.ignore_patterns("build"))
    clean = _pages(build_all(clean_root, forms=False, prints=False))
    after = _pages(site)
    assert clean.keys() == after.keys()
    for rel, path in after.items():
        assert _text(path) == _text(clean[rel]), rel


def test_a_new_title_rebuilds_the_navigation_of_every_page(mini, tmp_path):
    site = build_all(mini, forms=False, prints=False)
    edit(mini / REG, "title: 客诉处理办法", "title: 客诉处理规程")  # the title is in the nav, on many pages
    build_all(mini, forms=False, prints=False)
    assert "客诉处理规程" in (site / "index.html").read_text(encoding="utf-8")
    _same_as_a_clean_build(mini, site, tmp_path)
