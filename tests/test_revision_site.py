"""Editions on the site and in print: revision table pages and PDF, the change log, builds as of
a date between editions, review dates, `handbook check`'s warnings, and the edition switcher in
Chromium. The project is tests/revision_repo.py's: three editions as tagged git commits."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import build_all
from generator.editions import in_force_on
from generator.site.minify import minify_page

from .helpers import edit, pdf_text, run_handbook
from .revision_repo import REG, three_editions


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return three_editions(tmp_path_factory.mktemp("revsite"))


@pytest.fixture(scope="module")
def site(repo) -> Path:
    return build_all(repo, forms=False, prints=False)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def cells(row) -> list[str]:
    return [td.get_text().strip() for td in row.find_all("td")]


def test_revision_table_page_row_by_row(site):
    page = soup(site / "revisions" / "v2025.2.html")
    table = page.select_one("table.revision-table")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["原条文", "修订后条文", "修订说明"]
    rows = table.select("tbody tr")
    assert [r["class"][0] for r in rows] == ["inserted", "modified", "renumbered"]
    assert cells(rows[0]) == ["（无）", "第二条　受理 客户抱怨由业务部门统一受理，并于当日登记。", "新增第二条（实质性修订）"]
    assert rows[0].select("td")[1].find("ins").get_text() == "受理 客户抱怨由业务部门统一受理，并于当日登记。"
    assert [d.get_text() for d in rows[1].select("td")[0].find_all("del")] == ["五"]
    assert rows[1].select("td")[1].find("ins") is None
    assert cells(rows[1])[2] == "修改第三条，条序由第二条调整为第三条（实质性修订：数字由“十五”改为“十”）"
    assert cells(rows[2]) == ["第三条　解释 本办法由质量管理部负责解释。", "第四条　解释 本办法由质量管理部负责解释。",
                              "条文未改，条序由第三条调整为第四条（文字性修改）"]
    items = [li.get_text(strip=True) for li in page.select("article li")]
    assert "【时限】“国内客诉结案”的时限由“十五天内”改为“十天内”（实质性修订）" in items
    assert page.select_one(".revision-badge").get_text(strip=True) == "修订 · 实质性修订"


def test_revision_table_cells_keep_their_lines_on_the_minified_site(site):
    """The cells show their text as written (white-space: pre-wrap): the minified page keeps each
    clause on a line of its own. The archived editions' pages are minified as the current ones are."""
    texts = [td.get_text() for td in soup(site / "revisions" / "v2025.3.html").select("table.revision-table td")]
    assert any("结案。\n（一）业务部门负责追踪结案进度。\n（二）逾期未结案的，按下列方式处理：\n1. 填写催办单\n2. 报总经理" in t
               for t in texts), texts
    pages = sorted(site.rglob("*.html"))
    assert any("editions" in p.parts for p in pages)
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert minify_page(html) == html, path


def test_change_log_is_built_from_the_comparisons(site):
    page = soup(site / "changelog.html")
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.select("h3")]
    assert headings[:3] == ["v2025.3（2025-05-20 发布，2025-06-01 施行）", "v2025.2（2025-02-20 发布，2025-03-01 施行）",
                            "v2025.1（2025-01-01 发布，2025-01-01 施行）"]
    v3 = page.select("h3")[0]
    row = v3.find_next("table").select("tbody tr")[0]
    assert cells(row) == ["客诉处理办法", "修订·实质性修订", "原第二条删除；第三条 → 第二条修改；第四条 → 第三条条序调整", "文字调整。"]
    assert v3.find_next("a", string="修订对照表")["href"] == "revisions/v2025.3.html"


def test_in_force_on_dates_between_the_editions(repo):
    assert in_force_on(repo, dt.date(2025, 1, 1)).name == "v2025.1"
    assert in_force_on(repo, dt.date(2025, 2, 25)).name == "v2025.1"  # v2025.2 published, not yet in force
    assert in_force_on(repo, dt.date(2025, 3, 3)).name == "v2025.2"
    assert in_force_on(repo, dt.date(2025, 5, 25)).name == "v2025.2"
    assert in_force_on(repo, dt.date(2025, 7, 1)).name == "v2025.3"


def test_as_of_before_the_first_edition_is_an_error(repo):
    result = run_handbook("build", "--root", repo, "--as-of", "2024-12-31")
    assert result.returncode == 2
    assert "no edition was in force on 2024-12-31: the first, v2025.1, took effect on 2025-01-01" in result.stderr
    assert "Traceback" not in result.stderr


def test_as_of_build_is_marked_on_every_page_and_pdf(repo):
    site = build_all(repo, as_of=dt.date(2025, 3, 3))
    assert site == repo / "build" / "as-of-2025-03-03" / "site"
    reg = soup(site / "regulations" / "complaints" / "complaint-handling.html")
    assert "国内客诉应于十天内结案" in reg.get_text() and "客户抱怨由业务部门统一受理" in reg.get_text()
    for page in sorted(site.rglob("*.html")):
        banner = soup(page).select_one(".md-banner .past-edition")
        assert banner is not None, page
        assert banner.get_text(strip=True) == "历史版本：2025-03-03 施行的制度，即 v2025.2 版（2025-02-20 发布）；仅供查阅，现行制度以现行版为准。"
    pdfs = sorted((site.parent / "print").glob("*.pdf")) + sorted((site.parent / "forms").glob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        assert "历史版本" in pdf_text(pdf, 1, 1).replace(" ", ""), pdf
    # the book, merged from chapters laid out apart: the note once, on its cover; the mark at every page's foot
    pages = [page.replace(" ", "") for page in pdf_text(site.parent / "print" / "book.pdf").split("\f") if page.strip()]
    assert "".join(pages).count("历史版本：") == 1 and "历史版本：" in pages[0]
    assert all("历史版本·非现行" in page for page in pages[1:])


def test_as_of_between_publication_and_effect_builds_the_older_text(repo):
    site = build_all(repo, as_of=dt.date(2025, 2, 25), forms=False, prints=False)
    text = soup(site / "regulations" / "complaints" / "complaint-handling.html").get_text()
    assert "国内客诉应于十五天内结案" in text and "v2025.1 版" in text


def test_compare_command_writes_the_revision_table_pdf(repo):
    result = run_handbook("compare", "v2025.2", "v2025.3", "--root", repo)
    assert result.returncode == 0, result.stderr
    pdf = repo / "build" / "revisions" / "v2025.2--v2025.3.pdf"
    assert f"wrote {pdf}" in result.stdout
    assert "  原第二条: 删除原第二条（实质性修订）" in result.stdout
    text = pdf_text(pdf).replace(" ", "")
    for words in ("原条文", "修订后条文", "修订说明", "删除原第二条", "v2025.2（2025-02-20发布）", "涉及岗位：客服专员、业务部门"):
        assert words in text
    bad = run_handbook("compare", "v9", "--root", repo)
    assert bad.returncode == 2 and "git:1:1: unknown revision 'v9'" in bad.stderr


def test_check_warns_about_a_declared_class_the_comparison_contradicts(repo):
    result = run_handbook("check", "--root", repo)
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if "(warning)" in line]
    assert warnings == [f"{REG}:64:13: history 1.2: declared editorial (文字性修改) but the comparison finds substantive (实质性修订) (warning)"]


def test_review_dates_shown_warned_and_fatal_only_when_configured(mini):
    reg = mini / REG
    edit(reg, "effective: 2024-03-01", "effective: 2024-03-01\nreview_cycle: 12")
    edit(mini / "docs/regulations/qc.yaml", "effective: 2024-01-01", "effective: 2024-01-01\nreview_by: 2999-01-01")
    result = run_handbook("check", "--strict", "--root", mini)
    assert result.returncode == 0, result.stderr
    assert f"{REG}:6:1: review overdue: 'complaint-handling' was to be reviewed by 2025-03-01" in result.stderr
    (mini / "mkdocs.yml").write_text((mini / "mkdocs.yml").read_text() + "\nextra:\n  review_overdue_fatal: true\n")
    assert run_handbook("check", "--strict", "--root", mini).returncode == 2
    assert run_handbook("check", "--root", mini).returncode == 0
    site = build_all(mini, forms=False, prints=False, edition="editor")
    meta = soup(site / "regulations" / "complaints" / "complaint-handling.html").select(".reg-meta td")
    assert "2025-03-01（每 12 个月复审）" in [td.get_text(strip=True) for td in meta]
    editor = soup(site / "editor.html")
    due = editor.find(id="reviews").find_next("ul").get_text(" ", strip=True)
    assert due == "客诉处理办法 ：复审日期 2025-03-01" and "QC" not in due
    assert editor.find(id="reviews").find_next("strong").get_text() == "质量管理部"


def test_no_git_no_switcher(mini_site):
    page = soup(mini_site / "site" / "index.html")
    assert page.select_one(".edition-switcher") is None
    assert not (mini_site / "site" / "editions").exists()


def test_switcher_links_in_the_browser(site, page):
    page.goto((site / "regulations" / "complaints" / "complaint-handling.html").as_uri())
    links = page.locator(".edition-switcher a")
    assert links.all_inner_texts() == ["v2025.2（2025-02-20）", "v2025.1（2025-01-01）"]
    assert page.locator(".edition-switcher .edition-this").inner_text() == "现行版（v2025.3）"
    links.nth(1).click()
    page.wait_for_load_state()
    assert page.url.endswith("/editions/v2025.1/regulations/complaints/complaint-handling.html")
    assert "十五天内结案" in page.locator("article").inner_text()
    assert "v2025.1 版（2025-01-01 发布，2025-01-01 施行），已被 v2025.2 版取代" in page.locator(".md-banner").inner_text()
    page.locator(".edition-switcher a.edition-here").click()
    page.wait_for_load_state()
    assert page.url == (site / "regulations" / "complaints" / "complaint-handling.html").as_uri()
    # a page an edition does not have leads to that edition's home page, and says so
    page.goto((site / "revisions" / "v2025.3.html").as_uri())
    old = page.locator(".edition-switcher a", has_text="v2025.1")
    assert old.inner_text() == "v2025.1（2025-01-01）（无本页，转到首页）"
    old.click()
    page.wait_for_load_state()
    assert page.url == (site / "editions" / "v2025.1" / "index.html").as_uri()


def test_the_newest_tag_is_archived_only_when_the_files_moved_on(repo):
    from generator.build import archived_editions, switcher
    from generator.editions import published
    from generator.loader import load

    history, problems = published(repo)
    assert problems == [] and [h.edition.name for h in history] == ["v2025.3", "v2025.2", "v2025.1"]
    book = load(repo)
    archived = archived_editions(history, book)
    assert [a.slug for a in archived] == ["v2025.2", "v2025.1"]
    assert switcher(history, archived, archived[1]) == {"this": "v2025.1", "entries": [
        {"name": "", "label": "现行版（v2025.3）", "root": "../.."},
        {"name": "v2025.2", "label": "v2025.2（2025-02-20）", "root": "../v2025.2"},
        {"name": "v2025.1", "label": "v2025.1（2025-01-01）", "root": "."},
    ]}
    book.articles[("complaint-handling", "purpose")].text = "为及时处理客户抱怨，特订定本办法。"
    archived = archived_editions(history, book)
    assert [a.slug for a in archived] == ["v2025.3", "v2025.2", "v2025.1"]
    assert switcher(history, archived, None)["entries"][:2] == [
        {"name": "", "label": "现行版", "root": "."}, {"name": "v2025.3", "label": "v2025.3（2025-05-20）", "root": "editions/v2025.3"},
    ]
