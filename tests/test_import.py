"""`handbook import`: documents → draft regulation YAML files, run as users run it.

The natural corpus is the five seed documents the default content was written from: every
default regulation names its seed file and heading in `sources`, so the drafts the import
proposes can be set beside the hand-encoded regulations (regulations found, articles each).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from opencc import OpenCC

from generator.importer import propose_id
from generator.importer.markers import match_marker, split_line

from tests.helpers import RESOURCES, run_handbook
from tests.import_corpus import SEEDS, article_count, comparison, drafts_in, import_seeds, table

MINI = RESOURCES / "mini"
IMPORT = RESOURCES / "import"
t2s = OpenCC("t2s").convert

# What the import reaches on the seeds (see test_seed_corpus_against_the_default_content and
# `python -m tests.import_corpus`): 72 of 72 found, 22 of 72 with the default's article count.
MIN_FOUND = 72
MIN_SAME_COUNT = 22


def project(tmp: Path) -> Path:
    root = tmp / "project"
    shutil.copytree(MINI, root)
    return root


@pytest.fixture(scope="module")
def seeds_imported(tmp_path_factory):
    if not any(SEEDS.glob("*.txt")):
        pytest.skip(f"the seed documents are not there ({SEEDS}): the corpus comparison needs them")
    root = tmp_path_factory.mktemp("seeds") / "project"
    result = import_seeds(root)
    assert result.returncode == 0, result.stderr
    return root, result


def test_seed_corpus_against_the_default_content(seeds_imported):
    root, _ = seeds_imported
    drafts = drafts_in(root / "docs" / "regulations" / "imported")
    rows = comparison(drafts)
    print("\n" + table(rows, len(drafts)))
    assert len([r for r in rows if r.found is not None]) >= MIN_FOUND
    assert len([r for r in rows if r.same]) >= MIN_SAME_COUNT
    by_id = {r.id: r for r in rows}
    # two regulations under one heading (001's 客户服务管理制度): the text tells them apart
    assert by_id["cs-management-system"].draft == "客户服务管理制度篇1" and by_id["cs-management-system"].same
    # 「篇二」 run into the last item of 篇一 starts its own draft, under the same document heading
    assert by_id["sales-reception-rotation"].draft == "客户规章制度「篇二」" and by_id["sales-reception-rotation"].same


def test_seed_drafts_pass_check_and_keep_their_sources(seeds_imported):
    root, result = seeds_imported
    check = run_handbook("check", "--root", root)
    assert check.returncode == 0, check.stderr
    assert "Traceback" not in result.stderr + check.stderr
    topics = yaml.safe_load((root / "docs" / "topics.yaml").read_text(encoding="utf-8"))["topics"]
    assert [t["id"] for t in topics] == ["complaints", "quality", "imported"]
    assert (root / "docs" / "topics.yaml").read_text(encoding="utf-8").startswith(
        (MINI / "docs" / "topics.yaml").read_text(encoding="utf-8"))  # the rest of the file is kept as it was
    drafts = drafts_in(root / "docs" / "regulations" / "imported")
    for draft in drafts:
        assert draft["topic"] == "imported" and draft["status"] == "draft"
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", draft["id"]) and len(draft["id"]) <= 64
        assert draft["sources"] and all(s["seed"].endswith(".txt") for s in draft["sources"])
        assert draft["editor_notes"][0].startswith("由 handbook import 从 ")
    qc = next(d for d in drafts if d["sources"][-1]["heading"] == "客户中心管理制度 篇1")
    assert article_count(qc) == 7
    assert qc["id"] == propose_id("客户中心管理制度 篇1")
    # web junk of 003 and 004 is dropped and listed in the report, never silently
    for junk in ["現在位置:范文先生網>范文大全>規章制度>客戶管理制度", "我要投稿", "- 格式:docx", "- 文档页数:6", "相关文档"]:
        assert junk in result.stdout
    # traditional script in, simplified out
    complaint = next(d for d in drafts if d["sources"][-1]["heading"] == "客戶管理制度1")
    assert "客诉" in yaml.safe_dump(complaint, allow_unicode=True) and "客訴" not in complaint["chapters"][0]["articles"][0].get("text", "")


def test_the_same_import_twice_proposes_the_same_ids(tmp_path):
    first, second = project(tmp_path / "a"), project(tmp_path / "b")
    for root in (first, second):
        assert run_handbook("import", IMPORT / "two-regulations.md", "--root", root).returncode == 0
    names = sorted(p.name for p in (first / "docs/regulations/imported").glob("*.yaml"))
    assert names == sorted(p.name for p in (second / "docs/regulations/imported").glob("*.yaml"))
    assert len(names) == 2 and f"{propose_id('来访接待管理办法')}.yaml" in names


def word_document(path: Path) -> Path:
    """A regulation as an office writes it in Word: its title, chapters and list numbering live in
    the styles, the text is in traditional script, and a web page's junk came along with it."""
    document = docx.Document()
    document.add_paragraph("現在位置：首頁>規章制度>客戶服務")
    document.add_paragraph("客戶投訴處理辦法", style="Title")
    document.add_paragraph("格式:docx")
    document.add_paragraph("總則", style="Heading 2")
    document.add_paragraph("第一條 為規範客戶投訴處理，提高服務質量，特制定本辦法。")
    document.add_paragraph("第二條 本辦法適用於客戶服務中心全體員工。")
    document.add_paragraph("下載")
    document.add_paragraph("投訴處理", style="Heading 2")
    document.add_paragraph("第三條 受理投訴後，投訴受理員應當：")
    document.add_paragraph("當日登記投訴內容；", style="List Number")
    document.add_paragraph("三個工作日內回覆客戶。", style="List Number")
    document.add_paragraph("第四條 投訴處理結果由質檢組負責歸檔。")
    document.add_paragraph("相關推薦")
    document.add_paragraph("文檔頁數：3")
    document.save(path)
    return path


def test_a_word_document_with_styles_numbering_traditional_script_and_junk(tmp_path):
    root = project(tmp_path)
    source = word_document(tmp_path / "投訴辦法.docx")
    result = run_handbook("import", source, "--root", root)
    assert result.returncode == 0, result.stderr
    (draft,) = drafts_in(root / "docs" / "regulations" / "imported")
    assert draft["title"] == "客户投诉处理办法"
    assert [c["title"] for c in draft["chapters"]] == ["总则", "投诉处理"]
    articles = [a for c in draft["chapters"] for a in c["articles"]]
    assert [a["text"] for a in articles] == [
        "为规范客户投诉处理，提高服务质量，特制定本办法。",
        "本办法适用于客户服务中心全体员工。",
        "受理投诉后，投诉受理员应当：",
        "投诉处理结果由质检组负责归档。",
    ]
    assert articles[2]["clauses"] == ["当日登记投诉内容；", "三个工作日内回复客户。"]
    assert draft["sources"] == [{"seed": "投訴辦法.docx", "heading": "客戶投訴處理辦法"}]
    notes = "\n".join(draft["editor_notes"])
    assert "可能的时限，第3条（art-3）：三个工作日内回复客户。" in notes
    assert "可能的职责，第4条（art-4）：投诉处理结果由质检组负责归档。" in notes
    report = result.stdout
    assert "articles found: 4 (in 2 chapter(s))" in report and "lines dropped: 5" in report
    for junk in ["現在位置：首頁>規章制度>客戶服務", "格式:docx", "下載", "相關推薦", "文檔頁數：3"]:
        assert junk in report
    header = (root / "docs/regulations/imported" / f"{draft['id']}.yaml").read_text(encoding="utf-8")
    assert header.startswith("# handbook import: 客户投诉处理办法") and "#     line 7 (download): 下載" in header
    assert run_handbook("check", "--root", root).returncode == 0


def test_a_text_file_saved_as_gbk_is_read(tmp_path):
    root = project(tmp_path)
    source = tmp_path / "gbk.txt"
    source.write_bytes("值班规定\n\n第一条 值班人员按时到岗。\n第二条 交班时填写记录。\n".encode("gbk"))
    result = run_handbook("import", source, "--root", root)
    assert result.returncode == 0, result.stderr
    (draft,) = drafts_in(root / "docs" / "regulations" / "imported")
    assert draft["title"] == "值班规定" and article_count(draft) == 2


def test_script_keep_and_an_output_folder(tmp_path):
    root = project(tmp_path)
    out = tmp_path / "drafts"
    result = run_handbook("import", IMPORT / "two-regulations.md", "-o", out, "--script", "keep", "--root", root)
    assert result.returncode == 0, result.stderr
    first, second = sorted(drafts_in(out), key=lambda d: d["sources"][0]["heading"])
    assert {first["title"], second["title"]} == {"來訪接待管理辦法", "值班管理規定"}
    visit = first if first["title"] == "來訪接待管理辦法" else second
    duty = second if visit is first else first
    assert [c["title"] for c in visit["chapters"]] == ["總則", "接待要求"]
    assert visit["chapters"][1]["articles"][0]["clauses"] == ["主動問候來訪者；", "在30分鐘內答覆來訪者的問題。"]
    assert article_count(duty) == 2
    assert "imported" in (root / "docs" / "topics.yaml").read_text(encoding="utf-8")
    assert run_handbook("import", IMPORT / "two-regulations.md", "--script", "pinyin", "--root", root).returncode == 2


def test_what_is_not_a_regulation_is_refused_with_every_problem_at_once(tmp_path):
    root = project(tmp_path)
    bad_utf8 = tmp_path / "binary.txt"
    bad_utf8.write_bytes(bytes(range(128, 256)) * 4)
    broken_word = tmp_path / "broken.docx"
    broken_word.write_bytes(b"PK\x03\x04 not really a zip")
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    prose = IMPORT / "not-a-regulation.txt"
    topics_before = (root / "docs" / "topics.yaml").read_bytes()
    result = run_handbook("import", prose, bad_utf8, broken_word, pdf, tmp_path / "missing.txt", "--root", root)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert f"{prose}:1:1: no regulation found (" in result.stderr
    assert any(line.startswith(f"{bad_utf8}:1:") and "not UTF-8" in line for line in lines)
    assert any(line.startswith(f"{broken_word}:1:1: cannot read: not a Word .docx document") for line in lines)
    assert f"{pdf}:1:1: cannot import '.pdf' files" in result.stderr
    assert f"{tmp_path / 'missing.txt'}:1:1: cannot read" in result.stderr
    assert "5 problem(s) found; nothing was written." in result.stderr
    assert not (root / "docs" / "regulations" / "imported").exists()
    assert (root / "docs" / "topics.yaml").read_bytes() == topics_before


@pytest.mark.parametrize("text, kind, number", [
    ("第一條為不斷提升", "article", 1), ("第1条 目的", "article", 1), ("第十二条：处理期限", "article", 12),
    ("第二十六条本制度", "article", 26), ("第三章 工作流程", "chapter", 3), ("一、总则", "cn", 1),
    ("十一、送餐", "cn", 11), ("（一）业务部门", "pcn", 1), ("(三)质量", "pcn", 3), ("㈠客户参观", "pcn", 1),
    ("(1)收集", "pnum", 1), ("1]收集客户资料", "rnum", 1), ("一)投诉处理程序", "pcn", 1),
    ("3.0客户档案管理", "num", 3), ("1.进入", "num", 1), ("2. 客户", "num", 2), ("3、服从", "num", 3),
    ("1.1目的", "dec2", 1), ("5.2.1.1除客户", "dec4", 1), ("a)根据", "alpha", 1), ("②与新客户", "circ", 2),
])
def test_numbering_as_documents_print_it(text, kind, number):
    assert match_marker(text)[:2] == (kind, number)


def test_numbering_inside_a_run_together_line():
    line = "客服中心现场管理制度第一章总则第一条目的为维护现场纪律。第二条执行人员:全体人员。依第一条办理，整纱计重1.9公斤。"
    assert [(s.kind, s.number) for s in split_line(1, line)] == [("title", 0), ("chapter", 1), ("article", 1), ("article", 2)]
    glued = split_line(1, "三、职责1. 档案部门负责收集。", "2. 各部门配合。")
    assert [(s.kind, s.text) for s in glued] == [("cn", "职责"), ("num", "档案部门负责收集。")]


def test_a_part_run_into_the_item_before_it_starts_the_next_part():
    line = "客户规章制度 客户规章制度「篇一」 1、按规定统一着装。 2、坚持垂直领导的工作原则。 客户规章制度「篇二」 1、销售员按顺序轮流接待。"
    assert [(s.kind, s.number, s.text) for s in split_line(1, line)] == [
        ("title", 0, "客户规章制度"), ("title", 0, "客户规章制度「篇一」"), ("num", 1, "按规定统一着装。"),
        ("num", 2, "坚持垂直领导的工作原则。"), ("title", 0, "客户规章制度「篇二」"), ("num", 1, "销售员按顺序轮流接待。"),
    ]
    bracketed = split_line(1, "[客户管理制度范文篇二:客户接待管理制度]一、接待规格")
    assert [(s.kind, s.text) for s in bracketed] == [("title", "客户管理制度范文篇二：客户接待管理制度"), ("cn", "接待规格")]
    counted = split_line(1, "客户服务部门的工作管理制度 (通用10篇) 客户服务部门的工作管理制度篇1 一、客服的主要工作")
    assert [(s.kind, s.text) for s in counted] == [
        ("title", "客户服务部门的工作管理制度(通用10篇)"), ("title", "客户服务部门的工作管理制度篇1"), ("cn", "客服的主要工作")]
    # a sentence that merely names a regulation at its end is no new part
    assert [s.kind for s in split_line(1, "3、遵守公司规定。 详见考勤管理制度")] == ["num"]


def test_decimals_restarted_numbering_under_a_heading_and_a_repeated_passage(tmp_path):
    root = project(tmp_path)
    source = tmp_path / "档案.txt"
    source.write_text(
        "客户档案管理制度\n"
        "1.0本部门的主要任务\n本部门的主要任务是服务。\n"
        "2.0本部门的日常工作包括\n2.1及时传送文件；\n2.2定期整理档案；\n"  # 2.0 heads 2.1 and 2.2
        "3.0客户档案管理\n3.1收集客户资料\n3.2客户缴费记录\n"  # 3.1 after 2.2 goes on, it does not start again
        "物业客户管理规定\n"
        "1]协调与客户之间的关系；\n2]接听客户投诉，解决客户投诉；\n"
        "客户档案\n"  # a heading line of its own, then 1] again: the same regulation goes on
        "1]收集客户资料并按户保管；\n2]物业员工应严守保密制度。\n"
        "客户服务工作制度\n"
        "一、日常工作\n1、协调与客户之间的关系；\n2、接听客户投诉，解决客户投诉；\n"
        "二、工作纪律\n1、不得迟到。\n2、不得早退。\n"
        "一、日常工作 1、协调与客户之间的关系； 2、接听客户投诉，\n",  # a web page repeating the passage's start
        encoding="utf-8")
    result = run_handbook("import", source, "--root", root)
    assert result.returncode == 0, result.stderr
    drafts = {d["title"]: d for d in drafts_in(root / "docs" / "regulations" / "imported")}
    assert sorted(drafts) == sorted(["客户档案管理制度", "物业客户管理规定", "客户服务工作制度"])
    files, estate, work = drafts["客户档案管理制度"], drafts["物业客户管理规定"], drafts["客户服务工作制度"]
    assert [c["title"] for c in files["chapters"]] == ["正文", "本部门的日常工作包括", "客户档案管理"]
    assert [len(c["articles"]) for c in files["chapters"]] == [1, 2, 2]
    assert [c["title"] for c in estate["chapters"]] == ["正文", "客户档案"]
    assert [a["text"] for c in estate["chapters"] for a in c["articles"]] == [
        "协调与客户之间的关系；", "接听客户投诉，解决客户投诉；", "收集客户资料并按户保管；", "物业员工应严守保密制度。"]
    assert article_count(work) == 4
    assert "（无标题）" not in result.stdout
    assert "line 23 (repeated copy): 第23–23行：没有标题的一段，与第16行起「客户服务工作制度」里的文字相同" in result.stdout
    assert run_handbook("check", "--root", root).returncode == 0


def test_a_heading_run_into_its_text_and_items_after_a_chapter_of_items(tmp_path):
    root = project(tmp_path)
    source = tmp_path / "规定.txt"
    source.write_text(
        "客户服务部规章制度\n"
        "一、服务宗旨 客户服务部是公司对外形象的窗口，以客户满意为原则。\n"
        "二、客户反馈及处理\n1.客户投诉与举报。\n2.客户建议。\n"
        "三、工作作风 客户服务部门必须认真处理各项工作，具体体现为：\n1.高效：及时响应。\n2.专业：提供专业的建议。\n",
        encoding="utf-8")
    assert run_handbook("import", source, "--root", root).returncode == 0
    (draft,) = drafts_in(root / "docs" / "regulations" / "imported")
    articles = [a for c in draft["chapters"] for a in c["articles"]]
    assert [(a.get("title"), a["text"]) for a in articles] == [
        ("服务宗旨", "客户服务部是公司对外形象的窗口，以客户满意为原则。"), (None, "客户投诉与举报。"), (None, "客户建议。"),
        ("工作作风", "客户服务部门必须认真处理各项工作，具体体现为：")]
    assert articles[3]["clauses"] == ["高效：及时响应。", "专业：提供专业的建议。"]


def numbered_word_document(path: Path) -> Path:
    """Chapters and articles numbered by Word itself (第%1章 / 第%2条 / （%3）in numbering.xml):
    the paragraphs' text carries no number at all."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%2条"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%3）"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    document.add_paragraph("值班與交接班管理規定", style="Title")
    numbered("總則", 0)
    numbered("為規範值班秩序，特制定本規定。", 1)
    numbered("本規定適用於客服中心全體值班人員。", 1)
    numbered("交接班", 0)
    numbered("交班人員應當做到：", 1)
    numbered("當班問題當班登記；", 2)
    numbered("未辦結事項在2小時內移交接班人員。", 2)
    numbered("值班長負責檢查交接記錄。", 1)
    document.save(path)
    return path


def test_word_numbering_that_prints_the_article_and_chapter_numbers(tmp_path):
    root = project(tmp_path)
    source = numbered_word_document(tmp_path / "值班.docx")
    result = run_handbook("import", source, "--root", root)
    assert result.returncode == 0, result.stderr
    (draft,) = drafts_in(root / "docs" / "regulations" / "imported")
    assert draft["title"] == "值班与交接班管理规定"
    assert [c["title"] for c in draft["chapters"]] == ["总则", "交接班"]
    articles = [a for c in draft["chapters"] for a in c["articles"]]
    assert [a.get("text") for a in articles] == [
        "为规范值班秩序，特制定本规定。", "本规定适用于客服中心全体值班人员。", "交班人员应当做到：", "值班长负责检查交接记录。"]
    assert articles[2]["clauses"] == ["当班问题当班登记；", "未办结事项在2小时内移交接班人员。"]
    assert "可能的时限，第3条（art-3）：未办结事项在2小时内移交接班人员。" in draft["editor_notes"]
    assert run_handbook("check", "--root", root).returncode == 0
