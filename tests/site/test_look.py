"""What a person sees on each page type, measured in Chromium at phone and desktop width: no page
scrolls sideways, table columns keep room for a few characters, a step table reads as a list of
steps on a phone, the 404 page and the footer speak Chinese."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.helpers import site_url

PAGE_TYPES = [
    "index.html", "regulations/complaints/index.html", "regulations/complaints/complaint-handling.html",
    "regulations/quality/qc.html", "roles/index.html", "roles/cs-agent.html", "deadlines.html",
    "glossary.html", "forms/index.html", "forms/complaint-sheet.html", "training/index.html",
    "training/cs-agent.html", "changelog.html", "404.html",
]
STEPS_PAGE = "regulations/complaints/complaint-handling.html"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_every_page_type_is_there(mini_site):
    for path in PAGE_TYPES:
        assert (mini_site / "site" / path).is_file(), path


@pytest.mark.parametrize("where", ["http", "file"])
def test_no_page_type_scrolls_sideways_on_a_phone(mini_site, serve_dir, phone, where):
    root = site_url(mini_site / "site", where, serve_dir)
    wide = {}
    for path in PAGE_TYPES:
        phone.goto(f"{root}/{path}")
        phone.wait_for_load_state("load")
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        # what sticks out of the column: images and buttons wider than the screen (a flowchart
    # scrolls in its own frame on a phone)
        sticking_out = phone.evaluate("""[...document.querySelectorAll('article img, article .md-button')]
            .filter(e => e.offsetParent && !e.closest('figure.flowchart') && e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.outerHTML.slice(0, 60))""")
        if overflow > 0 or sticking_out:
            wide[path] = (overflow, sticking_out)
    assert wide == {}


def test_phone_table_columns_keep_four_characters(mini_site, serve_dir, phone):
    root, found = serve_dir(mini_site / "site").url, 0
    for path in ("regulations/complaints/index.html", "forms/index.html", "changelog.html", "training/index.html"):
        phone.goto(f"{root}/{path}")
        phone.wait_for_load_state("load")
        narrow = phone.evaluate("""[...document.querySelectorAll('article table:not([class]) td')].map(td => {
            const s = getComputedStyle(td);
            const inner = td.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
            return [td.textContent.trim().slice(0, 12), inner / parseFloat(s.fontSize)];
        }).filter(([, chars]) => chars < 3.9)""")
        assert narrow == [], path
        # a date or a reading time is never broken over two lines
        dates = phone.evaluate("""[...document.querySelectorAll('article td')].filter(td => /^(\\d{4}-\\d\\d-\\d\\d|约 \\d+ 分钟)$/.test(td.textContent.trim()))
            .map(td => { const r = document.createRange(); r.selectNodeContents(td); return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; })""")
        assert all(lines == 1 for lines in dates), path
        found += len(dates)
    assert found  # the pages do show dates and reading times


def test_a_step_table_reads_as_a_list_of_steps_on_a_phone(mini_site, serve_dir, phone):
    phone.goto(f"{serve_dir(mini_site / 'site').url}/{STEPS_PAGE}")
    phone.wait_for_load_state("load")
    steps = phone.locator(".steps table").first
    assert steps.evaluate("t => t.scrollWidth <= t.clientWidth + 1")  # nothing hidden to the right
    work = steps.locator("tbody tr td:nth-child(3)").evaluate_all("tds => tds.map(td => td.getBoundingClientRect().width)")
    assert work and min(work) > 300  # the work gets the width of the screen, not six characters a line
    captions = steps.locator("tbody tr").first.locator("td").evaluate_all(
        "tds => tds.map(td => getComputedStyle(td, '::before').content)")
    assert captions[3:] == ['"时限："', '"表单："', '"依据："']  # the headers it no longer shows
    phone.set_viewport_size({"width": 1280, "height": 900})
    assert steps.locator("thead").is_visible()  # a desktop keeps the table


def test_the_404_page_and_the_footer_speak_chinese(mini_site):
    for path in ("404.html", "index.html"):
        soup = BeautifulSoup((mini_site / "site" / path).read_text(encoding="utf-8"), "html.parser")
        text = soup.select_one(".md-main").get_text(" ") + soup.select_one(".md-footer").get_text(" ")
        assert "Not found" not in text and "Made with" not in text, path
    soup = BeautifulSoup((mini_site / "site/404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("article h1").get_text(strip=True) == "找不到该页面"
    assert any(a.get_text(strip=True) == "返回首页" for a in soup.select("article a"))


def test_my_panel_names_my_role_without_a_space(mini_site, serve_dir, page):
    page.goto(f"{serve_dir(mini_site / 'site').url}/index.html")
    page.select_option(".me-role", "cs-agent")
    head = page.locator(".me-panel .me-head").inner_text()
    assert head.startswith(page.locator(".me-role option:checked").inner_text() + "的全部职责")


@pytest.mark.parametrize("width", [390, 1280])
def test_download_buttons_never_touch(mini_site, serve_dir, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    root = serve_dir(mini_site / "site").url
    for path in ("forms/complaint-sheet.html", "training/cs-agent.html"):
        page.goto(f"{root}/{path}")
        boxes = page.locator("article .md-button").evaluate_all(  # the visible ones: the quiz slip's wait hidden
            "bs => bs.map(b => b.getBoundingClientRect().toJSON()).filter(r => r.width > 0)")
        assert len(boxes) >= 2, path
        for a, b in zip(boxes, boxes[1:]):
            apart = b["left"] - a["right"] if abs(a["top"] - b["top"]) < 2 else b["top"] - a["bottom"]
            assert apart >= 6, (path, a, b)
    context.close()
