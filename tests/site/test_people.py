"""The site for the person in front of it: roles grouped and filtered, a home page that knows who
you are, charts that fit the column; from file:// as over http."""

from __future__ import annotations

import pytest

from tests.helpers import site_url


@pytest.mark.parametrize("where", ["http", "file"])
def test_i_say_once_who_i_am_and_the_home_page_shows_my_part(mini_site, serve_dir, page, where):
    root = site_url(mini_site / "site", where, serve_dir)
    page.goto(root + "/index.html")
    assert page.locator(".me-panel").is_hidden()
    options = page.locator(".me-role optgroup").evaluate_all("gs => gs.map(g => g.label)")
    assert options[0] == "岗位"  # posts first: that is where staff look for themselves
    page.select_option(".me-role", "cs-agent")
    panel = page.locator(".me-panel")
    assert panel.is_visible() and "入职培训" in panel.inner_text() and "已读 0 / 2 项" in panel.inner_text()
    page.goto(root + "/training/cs-agent.html")
    page.locator("input.track-item").first.check()
    page.goto(root + "/index.html")
    assert page.locator(".me-role").input_value() == "cs-agent"  # kept in this browser
    assert "已读 1 / 2 项" in page.locator(".me-panel").inner_text()
    panel.locator("a", has_text="全部职责").click()
    page.wait_for_load_state()
    assert page.url.endswith("/roles/cs-agent.html")
    assert page.locator("article .admonition", has_text="入职培训").locator("a").get_attribute("href").endswith("cs-agent.html")


def test_roles_are_grouped_and_filtered_by_typing(mini_site, serve_dir, page):
    page.goto(serve_dir(mini_site / "site").url + "/roles/index.html")
    headings = page.locator("article h2").all_inner_texts()
    assert headings[0].startswith("岗位")
    rows = page.locator("article table tbody tr")
    total = rows.count()
    page.fill(".role-filter", "业务")
    visible = [r for r in rows.all() if r.is_visible()]
    assert 0 < len(visible) < total and all("业务" in r.inner_text() for r in visible)
    assert "找到" in page.locator(".role-filter-count").inner_text()
    page.fill(".role-filter", "")
    assert sum(r.is_visible() for r in rows.all()) == total


def test_flowcharts_fit_the_column_and_open_full_size(mini_site, serve_dir, page):
    server = serve_dir(mini_site / "site")
    page.goto(server.url + "/regulations/complaints/complaint-handling.html")
    figure = page.locator("figure.flowchart").first
    fits = figure.evaluate("f => f.scrollWidth <= f.clientWidth + 1")
    assert fits  # every lane is visible at 1280 px
    full = figure.locator("figcaption a")
    assert full.inner_text().strip().endswith("查看大图") and full.get_attribute("href").endswith(".svg")
    page.set_viewport_size({"width": 390, "height": 800})
    width = figure.locator("img").evaluate("i => i.getBoundingClientRect().width")
    assert width > 390  # on a phone the chart keeps a readable size and scrolls sideways
