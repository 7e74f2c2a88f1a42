"""The built site's pages are minified (generator/site/minify.py) and read exactly as before: each
kind of page shows the same text, with the same elements and attributes, as the page plain
MkDocs writes from the same project; code blocks and scripts are the same bytes; the browser
shows the same text. The mini project, with a hand-written page of code, is built once."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import build_all
from generator.site import run_mkdocs
from generator.site.minify import minify_page, minify_site, unkept_whitespace_rules

from tests.helpers import RESOURCES, edit

CODE_PAGE = """# 代码与按键

行内代码 `a  b   c` 与按键 <kbd>Ctrl</kbd> + <kbd>C</kbd>；**粗体** *斜体* 与 [链接](../index.md) 之间留有空格。

    缩进的代码块
        保留   缩进和空格

      空行之后

<pre class="sample">预排版
  第二行   三个空格</pre>

<textarea name="note">  多个   空格
第二行</textarea>
"""

PAGES = {
    "home": "index.html",
    "regulation": "regulations/complaints/complaint-handling.html",
    "role": "roles/sales-dept.html",
    "form": "forms/complaint-sheet.html",
    "training": "training/cs-agent.html",
    "deadlines": "deadlines.html",
    "glossary": "glossary.html",
    "hand-written": "pages/code.html",
    "404": "404.html",
}
KEPT = re.compile(r"<(pre|code|kbd|textarea|script|style)\b.*?</\1>", re.S)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    """(the built site, the same project's pages as a plain `mkdocs build` writes them)."""
    root = tmp_path_factory.mktemp("minify") / "proj"
    shutil.copytree(RESOURCES / "mini", root)
    (root / "docs" / "pages").mkdir()
    (root / "docs" / "pages" / "code.md").write_text(CODE_PAGE, encoding="utf-8")
    site = build_all(root, forms=False, prints=False)
    plain = root / "plain"
    run_mkdocs(root / "build" / "project" / "mkdocs.yml", site_dir=plain)
    return site, plain


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def visible_text(html: str) -> str:
    """The page's text as read, whitespace normalised (a space stays a space, however long)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template"]):
        tag.decompose()
    return " ".join(soup.get_text().split())


def elements(html: str) -> list[tuple[str, dict]]:
    return [(tag.name, tag.attrs) for tag in BeautifulSoup(html, "html.parser").find_all(True)]


def test_pages_weigh_less(sites):
    site, plain = sites
    pages = sorted(p.relative_to(plain) for p in plain.rglob("*.html"))
    assert pages == sorted(p.relative_to(site) for p in site.rglob("*.html"))
    for rel in pages:
        assert (site / rel).stat().st_size <= (plain / rel).stat().st_size, rel
    minified, original = (sum((s / rel).stat().st_size for rel in pages) for s in (site, plain))
    assert minified < 0.8 * original


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_reads_the_same_as_unminified(sites, kind):
    site, plain = sites
    minified, original = read(site / PAGES[kind]), read(plain / PAGES[kind])
    assert minified != original  # it was minified
    assert visible_text(minified) == visible_text(original)
    assert elements(minified) == elements(original)  # same tags, same attribute values
    assert [m[0] for m in KEPT.finditer(minified)] == [m[0] for m in KEPT.finditer(original)]


def test_code_blocks_and_scripts_are_the_same_bytes(sites):
    site, plain = sites
    minified, original = read(site / PAGES["hand-written"]), read(plain / PAGES["hand-written"])
    kept = [m[0] for m in KEPT.finditer(original)]
    assert "<pre><code>缩进的代码块\n    保留   缩进和空格\n\n  空行之后\n</code></pre>" in kept
    assert "<code>a  b   c</code>" in kept
    assert '<pre class="sample">预排版\n  第二行   三个空格</pre>' in kept
    assert "<textarea name=\"note\">  多个   空格\n第二行</textarea>" in kept
    assert [m[0] for m in KEPT.finditer(minified)] == kept
    soup = BeautifulSoup(minified, "html.parser")
    assert [pre.get_text() for pre in soup("pre")] == ["缩进的代码块\n    保留   缩进和空格\n\n  空行之后\n", "预排版\n  第二行   三个空格"]


def test_the_check_sees_a_lost_space(sites):
    """What a careless minifier does (drop the whitespace between tags) changes the text read:
    the two tables of a regulation's identity run together, and the comparison above says so."""
    _, plain = sites
    original = read(plain / PAGES["regulation"])
    careless = re.sub(r">\s+<", "><", original)
    assert visible_text(careless) != visible_text(original)


def test_minifying_is_idempotent_and_every_page_is_minified(sites):
    site, _ = sites
    for path in site.rglob("*.html"):
        html = read(path)
        assert minify_page(html) == html, path
        assert "\n\n" not in KEPT.sub("<kept>", html), path


def test_the_site_css_keeps_whitespace_only_where_minify_keeps_it(sites):
    site, _ = sites
    assert unkept_whitespace_rules(site) == []


def test_whitespace_shown_as_written_is_kept():
    page = (
        '<div>a   <span>b</span>\n\n   <span>c</span></div>'
        '<table class="revision-table"><tr><td>第一条  目的\n（一）甲\n\n（二）乙</td></tr></table>'
        '<p title="x  >  y">d\t e</p>'
    )
    assert minify_page(page) == (
        '<div>a <span>b</span>\n<span>c</span></div>'
        '<table class="revision-table"><tr><td>第一条  目的\n（一）甲\n\n（二）乙</td></tr></table>'
        '<p title="x  >  y">d e</p>'
    )
    # what it cannot read safely it leaves alone
    for unsafe in ('<pre>a <pre> b </pre>  c  </pre>  x', '<p style="white-space: pre-line">a\n\n  b</p>  x'):
        assert minify_page(unsafe) == unsafe


def test_a_stylesheet_keeping_whitespace_elsewhere_leaves_the_site_as_it_is(tmp_path):
    (tmp_path / "assets").mkdir()
    page = tmp_path / "index.html"
    page.write_text("<p class=note>a\n\n  b</p>", encoding="utf-8")
    (tmp_path / "assets" / "extra.css").write_text("pre, .note { white-space: pre-line }", encoding="utf-8")
    assert unkept_whitespace_rules(tmp_path) == ["assets/extra.css: .note"]
    assert minify_site(tmp_path) == 0 and read(page) == "<p class=note>a\n\n  b</p>"
    (tmp_path / "assets" / "extra.css").write_text("pre, code { white-space: pre-wrap }", encoding="utf-8")
    assert minify_site(tmp_path) == 1 and read(page) == "<p class=note>a\nb</p>"


def test_a_dirty_build_minifies_the_pages_it_writes(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(RESOURCES / "mini", root)
    site = build_all(root, forms=False, prints=False)
    untouched = (site / PAGES["glossary"]).stat().st_mtime_ns
    edit(root / "docs/regulations/complaint-handling.yaml", "特订定本办法", "特订定本办法（修订）")
    build_all(root, forms=False, prints=False)
    assert (site / PAGES["glossary"]).stat().st_mtime_ns == untouched  # dirty: copied from the last site
    page = read(site / PAGES["regulation"])
    assert "特订定本办法（修订）" in page
    assert minify_page(page) == page and "\n\n" not in KEPT.sub("<kept>", page)


@pytest.mark.parametrize("kind", ["home", "regulation", "form", "hand-written"])
def test_the_browser_shows_the_same_text(sites, page, kind):
    site, plain = sites
    shown = []
    for root in (site, plain):
        page.goto((root / PAGES[kind]).as_uri())
        page.wait_for_load_state("load")
        shown.append(page.inner_text("body"))
    assert shown[0] == shown[1]
