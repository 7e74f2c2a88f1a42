"""The 繁體中文 edition built beside the simplified one: converted pages, PDFs and interface, the
language switch, and a search that takes simplified and traditional queries alike."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.publish import build_editions
from generator.site.minify import minify_page
from tests.helpers import RESOURCES, pdf_text, search, site_url

REG = "regulations/complaints/complaint-handling.html"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("hant") / "proj"
    shutil.copytree(RESOURCES / "mini", root)
    return build_editions(root, edition="staff", scripts=("zh-Hant",))


def test_pages_pdfs_and_interface_are_in_traditional_script(sites):
    main, hant = sites
    assert hant == main / "zh-Hant"
    page = (hant / REG).read_text(encoding="utf-8")
    assert '<html lang="zh-TW"' in page or '<html lang="zh-Hant"' in page
    assert "客訴處理辦法" in page and "國內客訴應於十五天內結案" in page and "第二條" in page
    assert "客诉处理办法" not in page and "国内" not in page
    assert "客诉处理办法" in (main / REG).read_text(encoding="utf-8")  # the simplified edition is untouched
    form = hant / "forms/files/complaint-sheet.pdf"
    assert "客戶抱怨處理表" in pdf_text(form) and "客户抱怨处理表" not in pdf_text(form)
    tooltips = [str(f.get("/TU", "")) for f in PdfReader(form).get_fields().values()]
    assert "客訴編號" in tooltips
    assert "客訴處理辦法" in pdf_text(hant / "print/book.pdf")


def test_both_editions_are_minified(sites):
    main, hant = sites
    for site in (main, hant):
        pages = sorted(site.rglob("*.html"))
        assert pages
        for path in pages:
            html = path.read_text(encoding="utf-8")
            assert minify_page(html) == html, path


def test_both_editions_carry_the_language_switch(sites):
    main, hant = sites
    for site, own in ((main, "index.html"), (hant, "../index.html")):
        page = (site / REG).read_text(encoding="utf-8")
        assert 'hreflang="zh-Hant"' in page and 'hreflang="zh-Hans"' in page
    assert 'href="../../zh-Hant/index.html" hreflang="zh-Hant"' in (main / REG).read_text(encoding="utf-8")
    assert 'href="../../../index.html" hreflang="zh-Hans"' in (hant / REG).read_text(encoding="utf-8")
    assert "简体中文" in (hant / REG).read_text(encoding="utf-8")  # each edition named in its own script


def test_the_index_knows_simplified_words(sites):
    data = json.loads((sites[1] / "assets/search/index.js").read_text(encoding="utf-8").split("=", 1)[1].rstrip().rstrip(";"))
    assert data["variants"]["结案"] == "結案" and data["variants"]["客诉"] == "客訴"
    assert "結案" in data["postings"] and "结案" not in data["postings"]


@pytest.mark.parametrize("where", ["http", "file"])
def test_search_finds_traditional_and_simplified_queries_alike(sites, serve_dir, page, where):
    page.goto(site_url(sites[0], where, serve_dir) + "/zh-Hant/index.html")
    for simplified, traditional in (("结案", "結案"), ("客诉处理", "客訴處理")):
        found = search(page, traditional)
        assert found[0] == "客訴處理辦法", found
        page.goto(page.url)
        assert search(page, simplified) == found, simplified
        page.goto(page.url)


def test_the_switch_keeps_the_page(sites, serve_dir, page):
    server = serve_dir(sites[0])
    page.goto(f"{server.url}/zh-Hant/{REG}")
    link = page.locator('.md-select__link[hreflang="zh-Hans"]')
    assert link.get_attribute("href") == f"{server.url}/{REG}"
    page.goto(f"{server.url}/{REG}")
    assert page.locator('.md-select__link[hreflang="zh-Hant"]').get_attribute("href") == f"{server.url}/zh-Hant/{REG}"


def test_an_edit_rewrites_only_its_pages_in_the_script_edition_too(mini):
    """The 繁體中文 project is written converted: an edit leaves the other pages' files alone,
    so MkDocs' dirty build rebuilds only what the edit touched (not every page, each time)."""
    from tests.helpers import edit

    build_editions(mini, scripts=("zh-Hant",), forms=False, prints=False)
    docs = mini / "build/zh-Hant/project/docs"
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    edit(mini / "docs/regulations/qc.yaml", "title: QC小组活动办法", "title: QC小组活动规程")
    site = build_editions(mini, scripts=("zh-Hant",), forms=False, prints=False)[1]
    rewritten = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p.stat().st_mtime_ns != before.get(p)}
    assert "regulations/quality/qc.md" in rewritten
    assert "regulations/complaints/complaint-handling.md" not in rewritten and len(rewritten) < len(before) / 2
    assert "QC小組活動規程" in (site / "regulations/quality/qc.html").read_text(encoding="utf-8")
