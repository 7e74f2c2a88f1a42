"""The built site, read as a user would: pages, numbering, anchors, links, overview pages."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup

from generator.build import build_all

from tests.helpers import REPO, edit, read_search_index

REG_PAGE = "site/regulations/complaints/complaint-handling.html"


def soup(build: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((build / rel).read_text(encoding="utf-8"), "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split()).removesuffix(" ¶").removesuffix("¶")


def test_regulation_page_has_identity_and_numbered_articles(mini_site):
    page = soup(mini_site, REG_PAGE)
    article = page.select_one("article")
    assert text(article.h1) == "客诉处理办法"
    body = text(article)
    for fact in ("T-KS-001", "2024-03-01", "质量管理部", "总经理", "现行有效"):
        assert fact in body
    headings = {h["id"]: text(h).rstrip("¶").strip() for h in article.select("h3.article")}
    assert headings == {"a-purpose": "第一条 目的", "a-closing": "第二条 结案期限"}
    assert "国内客诉应于十五天内结案" in body
    clause = article.select_one("#a-closing-2")
    assert text(clause).startswith("（二）逾期未结案的")
    assert [text(li) for li in clause.find_next_sibling("ol").select("li")] == ["填写催办单", "报总经理"]


def test_procedure_steps_table_and_flowchart(mini_site):
    page = soup(mini_site, REG_PAGE)
    section = page.select_one("#p-intake")
    assert text(section) == "流程：客诉受理流程"
    img = page.select_one("figure.flowchart img")
    svg_path = (mini_site / REG_PAGE).parent / img["src"]
    svg = ET.parse(svg_path).getroot()
    words = "".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    for expected in ("业务部门", "质量管理部", "受理客户抱怨并登记", "时限：三个工作日内"):
        assert expected in words
    rows = [[text(td) for td in tr.select("td")] for tr in section.find_next("table").select("tbody tr")]
    assert rows[0][:3] == ["1", "业务部门", "受理客户抱怨并登记"]
    assert rows[0][4] == "《客户抱怨处理表》"
    assert rows[1][3] == "三个工作日内"


def test_links_on_regulation_page_resolve(mini_site):
    page_path = mini_site / REG_PAGE
    page = soup(mini_site, REG_PAGE)
    for a in page.select("article a[href]"):
        href = a["href"]
        if href.startswith(("#", "http")):
            continue
        target, _, anchor = href.partition("#")
        resolved = (page_path.parent / target).resolve()
        assert resolved.exists(), href
        if anchor:
            assert BeautifulSoup(resolved.read_text(encoding="utf-8"), "html.parser").find(id=anchor), href


def test_role_page_collects_duties_steps_and_deadlines(mini_site):
    page = soup(mini_site, "site/roles/sales-dept.html")
    body = text(page.select_one("article"))
    assert "我的职责：业务部门" in body
    assert "查明异常原因" in body and "填写客户抱怨处理表" in body
    assert "受理客户抱怨并登记" in body
    assert "国内客诉结案" in body and "十五天内" in body
    links = [a["href"] for a in page.select("article a[href]")]
    assert "../regulations/complaints/complaint-handling.html#a-closing" in links


def test_deadlines_overview_is_sortable_and_ordered_by_days(mini_site):
    page = soup(mini_site, "site/deadlines.html")
    table = page.select_one("table.sortable")
    assert table is not None
    rows = [[text(td) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert [r[0] for r in rows] == ["国内客诉结案", "国外客诉结案"]
    assert rows[0][2] == "15 天"
    assert "客诉处理办法 第二条" in rows[0][4]
    assert any("tablesort" in s.get("src", "") for s in page.select("script"))


def test_glossary_changelog_and_forms_index(mini_site):
    glossary = text(soup(mini_site, "site/glossary.html").select_one("article"))
    assert "客诉" in glossary and "客户对产品或服务提出的抱怨" in glossary
    changelog = soup(mini_site, "site/changelog.html")
    rows = [[text(td) for td in tr.select("td")] for tr in changelog.select("article tbody tr")]
    assert [r[:2] for r in rows] == [["未规定", "2024-06-01"], ["未规定", "2024-03-01"]]  # 施行日期, 发布日期
    index = soup(mini_site, "site/forms/index.html")
    by_regulation = index.select_one("#by-regulation").find_next("table")
    assert [[text(td) for td in tr.select("td")] for tr in by_regulation.select("tbody tr")] == [["客诉处理办法", "《客户抱怨处理表》"]]
    forms = text(index.select_one("article"))
    assert "客户抱怨处理表" in forms and "T-QR-001" in forms and "一式两联" in forms
    form = text(soup(mini_site, "site/forms/complaint-sheet.html").select_one("article"))
    assert "不良数量" in form and "客诉处理办法 第二条" in form


def test_home_page_leads_to_roles_complaints_and_topics(mini_site):
    page = soup(mini_site, "site/index.html")
    links = {text(a): a["href"] for a in page.select("article a[href]")}
    assert links["我的职责"] == "roles/index.html"
    assert links["客户对产品质量提出申诉"] == "regulations/complaints/complaint-handling.html#p-intake"  # the chooser
    assert links["投诉处理"] == "regulations/complaints/index.html"


def test_article_number_follows_position_and_anchor_stays(mini, tmp_path):
    reg = mini / "docs/regulations/complaint-handling.yaml"
    edit(reg, "      - id: purpose\n", "      - id: basis\n        title: 依据\n        text: 依据公司章程。\n      - id: purpose\n")
    build = build_all(mini).parent
    page = soup(build, REG_PAGE)
    closing = page.select_one("#a-closing")
    assert text(closing).startswith("第三条 结案期限")
    role = soup(build, "site/roles/sales-dept.html")
    link = role.select_one('a[href$="#a-closing"]')
    assert text(link) == "第三条"  # under the regulation's own heading on the role page


def test_search_index_holds_chinese_words_and_the_editors_synonyms(mini_site):
    index = read_search_index(mini_site / "site")
    assert {"结案", "客诉", "信誉"} <= set(index["postings"])
    locations = [doc[0] for doc in index["docs"]]
    assert "regulations/complaints/complaint-handling.html#a-closing" in locations
    assert all("\u200b" not in doc[1] + doc[2] for doc in index["docs"])


def test_generated_project_builds_with_plain_mkdocs_strict(mini_site, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(mini_site / "project/mkdocs.yml"), "-d", str(tmp_path / "out")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/regulations/complaints/complaint-handling.html").exists()
    config = (mini_site / "project/mkdocs.yml").read_text(encoding="utf-8")
    assert "nav:" in config and "site_name: 客户服务中心制度手册" in config


def test_generated_project_builds_with_zensical(mini_site, tmp_path):
    """The generated project is a plain MkDocs project: Zensical (pinned in the test extras)
    builds it too, with no problems reported, into the same pages as MkDocs."""
    import shutil

    project = tmp_path / "project"
    shutil.copytree(mini_site / "project", project)
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    config.write_text("\n".join(l if not l.startswith("site_dir:") else "site_dir: zsite" for l in lines) + "\n", encoding="utf-8")
    zensical = Path(sys.executable).with_name("zensical")
    result = subprocess.run([str(zensical), "build", "-f", str(config)], capture_output=True, text=True, cwd=project,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "No issues found" in output, output
    built = {p.relative_to(project / "zsite").as_posix() for p in (project / "zsite").rglob("*.html")}
    ours = {p.relative_to(mini_site / "site").as_posix() for p in (mini_site / "site").rglob("*.html")}
    assert ours - {"404.html"} <= built
    page = (project / "zsite/regulations/complaints/complaint-handling.html").read_text(encoding="utf-8")
    assert "国内客诉应于十五天内结案" in page


def test_user_mkdocs_settings_are_merged(mini, tmp_path):
    edit(mini / "mkdocs.yml", "site_name: 客户服务中心制度手册", "site_name: 某某客服中心手册")
    edit(mini / "mkdocs.yml", "primary: indigo", "primary: teal")
    (mini / "docs/assets").mkdir(parents=True)
    (mini / "docs/assets/local.css").write_text("h1 { letter-spacing: 1px; }", encoding="utf-8")
    edit(mini / "mkdocs.yml", "extra_css: []", "extra_css: [assets/local.css]")
    build = build_all(mini).parent
    page = soup(build, "site/index.html")
    assert "某某客服中心手册" in text(page.select_one("title"))
    assert page.body["data-md-color-primary"] == "teal"
    css = [l["href"] for l in page.select("link[rel=stylesheet]")]
    assert css.index("assets/handbook.css") < css.index("assets/local.css")


def test_no_html_injection_from_yaml(mini):
    reg = mini / "docs/regulations/complaint-handling.yaml"
    edit(reg, "title: 客诉处理办法", "title: 客诉<script>alert(1)</script>办法")
    edit(reg, "text: 为迅速处理客户抱怨", "text: <img src=x onerror=alert(2)>*强调*为迅速处理客户抱怨")
    build = build_all(mini).parent
    raw = (build / REG_PAGE).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in raw
    assert "<img src=x" not in raw and '<img src="x"' not in raw
    page = soup(build, REG_PAGE)
    assert "客诉<script>alert(1)</script>办法" == text(page.select_one("article h1"))
    assert "<img src=x onerror=alert(2)>*强调*" in text(page.select_one("article"))


def test_page_language_and_viewport(mini_site):
    page = soup(mini_site, REG_PAGE)
    assert page.html["lang"] == "zh"
    assert page.select_one('meta[name="viewport"]')
