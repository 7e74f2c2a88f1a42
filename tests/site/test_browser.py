"""The built site in a real Chromium: Chinese search, offline, no injected markup, phone width."""

from __future__ import annotations

import pytest

from generator.build import build_all

from tests.helpers import edit, search, site_url

REG_URL = "/regulations/complaints/complaint-handling.html"


def test_search_finds_words_inside_article_bodies(mini_site, serve_dir, page):
    server = serve_dir(mini_site / "site")
    page.goto(server.url + "/index.html")
    # 信誉 appears only inside the first article's sentence; 结案 inside the second article's text
    for word, section in (("信誉", "第一条 目的"), ("结案", "第二条 结案期限")):
        titles = search(page, word)
        assert titles[0] == "客诉处理办法" and section in titles, (word, titles)
    page.locator(".md-search-result__link").first.click()
    page.wait_for_load_state()
    assert "complaint-handling" in page.url


def test_no_request_leaves_the_local_origin(mini_site, serve_dir, page):
    server = serve_dir(mini_site / "site")
    for path in ("/index.html", REG_URL, "/deadlines.html"):
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
    search(page, "客诉")
    outside = [url for url in page.requests_seen if not url.startswith(server.url) and not url.startswith("data:")]
    assert page.requests_seen and outside == []


def test_yaml_text_shows_as_text_never_as_markup(mini, serve_dir, page):
    reg = mini / "docs/regulations/complaint-handling.yaml"
    edit(reg, "title: 客诉处理办法", "title: 客诉<script>alert(1)</script>办法")
    edit(reg, "text: 为迅速处理客户抱怨", "text: <img src=x onerror=alert(2)>为迅速处理客户抱怨")
    edit(reg, "    tasks: [查明异常原因", "    tasks: ['<b>粗体</b>查明异常原因'")
    site = build_all(mini)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    server = serve_dir(site)
    for path in (REG_URL, "/roles/sales-dept.html", "/index.html"):
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
    page.goto(server.url + REG_URL)
    assert dialogs == []
    assert page.locator("article h1").inner_text().replace("¶", "").strip() == "客诉<script>alert(1)</script>办法"
    assert "<img src=x onerror=alert(2)>为迅速处理" in page.locator("article").inner_text()
    assert page.locator("article img[src=x]").count() == 0
    assert page.locator("article b").count() == 0
    assert "客诉<script>" in page.title()


@pytest.mark.parametrize("where", ["http", "file"])
def test_deadlines_table_sorts_by_clicking(mini_site, serve_dir, page, where):
    page.goto(site_url(mini_site / "site", where, serve_dir) + "/deadlines.html")
    first = lambda: page.locator("table.sortable tbody tr td").first.inner_text()
    assert first() == "国内客诉结案"
    header = page.locator("table.sortable th", has_text="天数")
    header.click()
    header.click()  # second click: descending
    assert first() == "国外客诉结案"


def test_phone_width_has_no_horizontal_page_scroll(mini_site, serve_dir, browser):
    server = serve_dir(mini_site / "site")
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(server.url + REG_URL)
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    assert page.locator("article h1").is_visible()
    context.close()


def test_printed_regulation_page_is_just_the_regulation(mini_site, serve_dir, page):
    server = serve_dir(mini_site / "site")
    page.goto(server.url + REG_URL)
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("article h1").is_visible()
    assert page.locator("#a-closing").is_visible()
    assert page.locator("figure.flowchart img").first.is_visible()
