"""时限一览 in a real Chromium, from file:// and over HTTP: durations as people say them, sorting by
real duration with open-ended rows (—) last both ways, filters by role and topic with a count,
Material's instant navigation; the forms index links each form's PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import build_all
from generator.site.renderer import days_text

from tests.helpers import RESOURCES, edit, site_url

EXTRA_COMPLAINT_DEADLINES = """\
  - what: 受理登记
    limit: 接到客户反映后立即
    days: 0
    role: cs-agent
    article: purpose
  - what: 电话答复
    limit: 通话不得超过3分钟
    days: 0.002
    role: cs-agent
  - what: 上报质量管理部
    limit: 两小时内
    days: 0.083
    role: quality-dept
  - what: 回访客户
    limit: 及时
    role: cs-agent
sanctions:
"""
QC_DEADLINES = """\
deadlines:
  - what: QC小组活动
    limit: 每月不少于一次
    days: 30
    role: quality-dept
    article: activity
  - what: 活动记录归档
    limit: 定期
history:
"""
ALL = 8
ASCENDING = ["立即", "3 分钟", "2 小时", "15 天", "20 天", "1 个月", "—", "—"]
DESCENDING = ["1 个月", "20 天", "15 天", "2 小时", "3 分钟", "立即", "—", "—"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The mini project with deadlines of every kind: none (立即), minutes, hours, days, a month,
    open-ended ones with and without a role, in two topics."""
    root = tmp_path_factory.mktemp("deadlines") / "proj"
    shutil.copytree(RESOURCES / "mini", root)
    edit(root / "docs/regulations/complaint-handling.yaml", "sanctions:\n", EXTRA_COMPLAINT_DEADLINES)
    edit(root / "docs/regulations/qc.yaml", "history:\n", QC_DEADLINES)
    # a site_url fills sitemap.xml, which Material's instant navigation reads
    edit(root / "mkdocs.yml", "site_name:", "site_url: https://handbook.example/\nsite_name:")
    return build_all(root, forms=False, prints=False)


def open_deadlines(page, site: Path, where: str, serve_dir) -> None:
    page.goto(site_url(site, where, serve_dir) + "/deadlines.html")
    page.wait_for_selector(".deadline-filters:not([hidden])")


def column(page, index: int, visible_only: bool = True) -> list[str]:
    rows = "table.deadlines tbody tr" + (":not([hidden])" if visible_only else "")
    return [t.strip() for t in page.locator(f"{rows} td:nth-child({index})").all_inner_texts()]


def test_days_text_says_durations_as_people_do():
    assert days_text(None) == "—"
    assert days_text(0) == "立即"
    assert days_text(0.002, "通话不得超过3分钟") == "3 分钟"  # 2.88 minutes kept to three decimals
    assert days_text(0.007) == "10 分钟"
    assert days_text(0.042, "参观前一小时") == "1 小时"
    assert days_text(0.0625) == "1.5 小时"
    assert days_text(0.1) == "2 小时 24 分钟"  # never rounded into something else
    assert days_text(0.5) == "12 小时"
    assert days_text(1.5) == "1.5 天"
    assert days_text(15, "十五天内") == "15 天"
    # the limit's own unit, when the number agrees with it
    assert days_text(3, "接到投诉后三个工作日内") == "3 个工作日"
    assert days_text(14, "整改解决后两周内") == "2 周"
    assert days_text(10, "每周") == "10 天"
    assert days_text(30, "每月一次") == "1 个月"
    assert days_text(30, "三十天内") == "30 天"
    assert days_text(15, "每月中旬") == "15 天"
    assert days_text(91, "每季度一次") == "3 个月"
    assert days_text(182, "每半年") == "半年"
    assert days_text(365, "每年") == "1 年"
    assert days_text(2, "48小时内") == "48 小时"


@pytest.mark.parametrize("where", ["file", "http"])
def test_durations_show_as_said_and_open_rows_stay_last_both_ways(site, serve_dir, page, where):
    open_deadlines(page, site, where, serve_dir)
    assert column(page, 3) == ASCENDING  # as generated: by days, open-ended last
    header = page.locator("table.deadlines th", has_text="天数")
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert column(page, 3) == ASCENDING
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert column(page, 3) == DESCENDING
    assert column(page, 1)[-2:] == ["回访客户", "活动记录归档"]  # the open rows keep their order
    page.locator("table.deadlines th", has_text="事项").click()  # another column, then days again
    header.click()
    assert column(page, 3) == ASCENDING
    header.click()
    assert column(page, 3) == DESCENDING
    # one sort icon (Material's), and it leaves the header text alone
    after = page.evaluate("getComputedStyle(document.querySelector('table.deadlines th[aria-sort]'), '::after').content")
    assert after in ('""', "none", "normal")
    assert page.evaluate("(th => th.scrollWidth <= th.clientWidth)(document.querySelector('table.deadlines th[aria-sort]'))")


@pytest.mark.parametrize("where", ["file", "http"])
def test_filters_by_role_and_topic_show_their_rows_and_the_count(site, serve_dir, page, where):
    open_deadlines(page, site, where, serve_dir)
    count = page.locator(".deadline-count")
    assert count.inner_text() == f"显示 {ALL} / {ALL} 项"
    role = page.get_by_label("按岗位")
    topic = page.get_by_label("按主题")
    assert "客服专员（3）" in role.locator("option").all_inner_texts()
    role.select_option("cs-agent")
    assert column(page, 1) == ["受理登记", "电话答复", "回访客户"]
    assert set(column(page, 4)) == {"客服专员"}
    assert count.inner_text() == f"显示 3 / {ALL} 项"
    header = page.locator("table.deadlines th", has_text="天数")
    header.click()
    header.click()  # sorting keeps the filter and the open row last
    assert column(page, 3) == ["3 分钟", "立即", "—"]
    topic.select_option(label="质量管理（2）")
    assert column(page, 1) == [] and count.inner_text() == f"显示 0 / {ALL} 项"
    assert page.locator(".deadline-none").is_visible()
    role.select_option("quality-dept")
    assert column(page, 1) == ["QC小组活动"] and count.inner_text() == f"显示 1 / {ALL} 项"
    assert not page.locator(".deadline-none").is_visible()
    role.select_option("-")  # rows without a role
    assert column(page, 1) == ["活动记录归档"]
    page.get_by_role("button", name="清除筛选").click()
    assert len(column(page, 1)) == ALL and count.inner_text() == f"显示 {ALL} / {ALL} 项"
    assert not page.get_by_role("button", name="清除筛选").is_visible()


def test_filters_work_after_instant_navigation_and_are_set_up_once(site, serve_dir, page, tmp_path):
    # Material navigates instantly to the pages sitemap.xml lists, matched with the port: serve a
    # copy whose sitemap names the server's own address
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    server = serve_dir(copy)
    sitemap = copy / "sitemap.xml"
    sitemap.write_text(sitemap.read_text(encoding="utf-8").replace("https://handbook.example/", server.url + "/"), encoding="utf-8")
    page.goto(server.url + "/index.html")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__samePage = true")
    page.locator("a.md-tabs__link", has_text="时限一览").click()
    page.wait_for_selector(".deadline-filters:not([hidden])")
    assert page.evaluate("window.__samePage") is True  # Material swapped the page in, no reload
    page.get_by_label("按岗位").select_option("quality-dept")
    assert column(page, 1) == ["上报质量管理部", "QC小组活动"]
    assert page.locator(".deadline-count").inner_text() == f"显示 2 / {ALL} 项"
    # away and back again: the new page's table is set up once
    page.locator("a.md-tabs__link", has_text="首页").click()
    page.wait_for_selector("table.deadlines", state="detached")
    page.locator("a.md-tabs__link", has_text="时限一览").click()
    page.wait_for_selector(".deadline-filters:not([hidden])")
    assert page.evaluate("window.__samePage") is True
    header = page.locator("table.deadlines th", has_text="天数")
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"  # one click, one sort
    header.click()
    assert column(page, 3) == DESCENDING
    assert page.evaluate("document.querySelectorAll('.deadline-filters').length") == 1


def test_phone_width_filters_usable_and_table_scrolls_in_its_frame(site, serve_dir, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    open_deadlines(page, site, "file", serve_dir)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    for name in ("按岗位", "按主题"):
        box = page.get_by_label(name).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] >= 20, (name, box)
    assert page.evaluate("(w => w.scrollWidth > w.clientWidth)(document.querySelector('.deadlines-wrap'))")
    page.get_by_label("按岗位").select_option("cs-agent")
    assert page.locator(".deadline-count").inner_text() == f"显示 3 / {ALL} 项"
    context.close()


def test_forms_index_links_each_pdf_directly(mini_site, serve_dir, page):
    index = mini_site / "site/forms/index.html"
    html = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in html.select("article a.form-pdf")]
    assert links == ["files/complaint-sheet.pdf"]
    assert all((index.parent / href).resolve().is_file() for href in links)
    assert (index.parent / links[0]).read_bytes()[:5] == b"%PDF-"
    server = serve_dir(mini_site / "site")
    page.goto(server.url + "/forms/index.html")
    href = page.locator("article a.form-pdf").first.evaluate("a => a.href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
