"""`handbook import`: documents → draft regulation YAML files, run as users run it.

The natural corpus is the five seed documents the default content was written from: every
default regulation names its seed file and heading in `sources`, so the drafts the import
proposes can be set beside the hand-encoded regulations (regulations found, articles each).
"""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from opencc import OpenCC

from generator.importer import propose_id
from generator.importer.markers import match_marker, split_line

from tests.helpers import REPO, RESOURCES, run_handbook

SEEDS = REPO.parent / "shared" / "seeds"
MINI = RESOURCES / "mini"
IMPORT = RESOURCES / "import"
t2s = OpenCC("t2s").convert

# What the import reaches on the seeds (see test_seed_corpus_against_the_default_content).
MIN_FOUND = 70  # default regulations whose seed heading names a draft (72 of 72 when written)
MIN_SAME_COUNT = 18  # … and whose draft has exactly as many articles (18 of 72 when written)


def project(tmp: Path) -> Path:
    root = tmp / "project"
    shutil.copytree(MINI, root)
    return root


def drafts_in(folder: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))]


def article_count(regulation: dict) -> int:
    return sum(len(chapter["articles"]) for chapter in regulation["chapters"])


@pytest.fixture(scope="module")
def seeds_imported(tmp_path_factory):
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip(f"the seed documents are not there ({SEEDS}): the corpus comparison needs them")
    root = project(tmp_path_factory.mktemp("seeds"))
    result = run_handbook("import", *seeds, "--root", root)
    assert result.returncode == 0, result.stderr
    return root, result


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000:：,，。]+", "", t2s(text))


def _same_heading(a: str, b: str) -> bool:
    """The same heading, or one the start of the other (a web page cut the line, or the default
    content cut a long first line); '客户管理制度1' is not the start of '客户管理制度13'."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 8 and long_.startswith(short) and not long_[len(short)].isdigit()


def comparison(drafts: list[dict]) -> list[tuple[str, int, int | None, str]]:
    """(default title, its articles, the matched draft's articles, the draft's title) for every
    default regulation. A draft matches when one of its source headings is one of the default's
    (the most specific, last listed, first); among several, the title closest to the default's."""
    rows = []
    for path in sorted(REPO.glob("docs/regulations/**/*.yaml")):
        default = yaml.safe_load(path.read_text(encoding="utf-8"))
        sources = [(s["seed"], _norm(s["heading"])) for s in default.get("sources", [])]
        match = None
        for seed, heading in reversed(sources):
            candidates = [
                d for d in drafts
                if any(s["seed"] == seed and _same_heading(_norm(s["heading"]), heading) for s in d["sources"])
            ]
            if candidates:
                match = max(candidates, key=lambda d: difflib.SequenceMatcher(None, d["title"], t2s(default["title"])).ratio())
                break
        rows.append((default["title"], article_count(default), article_count(match) if match else None,
                     match["title"] if match else "—"))
    return rows


def test_seed_corpus_against_the_default_content(seeds_imported):
    root, _ = seeds_imported
    drafts = drafts_in(root / "docs" / "regulations" / "imported")
    rows = comparison(drafts)
    print(f"\n{'':2}{'default':>7} {'import':>6}  regulation  ← draft")
    for title, expected, found, draft_title in rows:
        mark = "=" if expected == found else " "
        print(f"{mark:2}{expected:>7} {found if found is not None else '—':>6}  {title}  ← {draft_title}")
    found = [r for r in rows if r[2] is not None]
    same = [r for r in rows if r[2] == r[1]]
    near = [r for r in found if abs(r[2] - r[1]) <= max(1, r[1] // 5)]
    print(f"{len(rows)} default regulations; {len(found)} found by import; same article count: {len(same)} "
          f"({100 * len(same) // len(rows)} %); within 20 %: {len(near)}; {len(drafts)} drafts in all")
    assert len(found) >= MIN_FOUND
    assert len(same) >= MIN_SAME_COUNT


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
    ("(1)收集", "pnum", 1), ("1.进入", "num", 1), ("2. 客户", "num", 2), ("3、服从", "num", 3),
    ("1.1目的", "dec2", 1), ("5.2.1.1除客户", "dec4", 1), ("a)根据", "alpha", 1), ("②与新客户", "circ", 2),
])
def test_numbering_as_documents_print_it(text, kind, number):
    assert match_marker(text)[:2] == (kind, number)


def test_numbering_inside_a_run_together_line():
    line = "客服中心现场管理制度第一章总则第一条目的为维护现场纪律。第二条执行人员:全体人员。依第一条办理，整纱计重1.9公斤。"
    assert [(s.kind, s.number) for s in split_line(1, line)] == [("title", 0), ("chapter", 1), ("article", 1), ("article", 2)]
    glued = split_line(1, "三、职责1. 档案部门负责收集。", "2. 各部门配合。")
    assert [(s.kind, s.text) for s in glued] == [("cn", "职责"), ("num", "档案部门负责收集。")]
