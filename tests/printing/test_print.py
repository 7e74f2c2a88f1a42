"""Print material: the book (cover, TOC, bookmarks, links, running headers), per-track papers, the cache."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from generator.cache import OutputCache
from generator.loader import load
from generator.printing import render_print
from generator.training import track_view

from tests.helpers import RESOURCES, pdf_text


@pytest.fixture(scope="module")
def prints(tmp_path_factory):
    book = load(RESOURCES / "mini")
    out = tmp_path_factory.mktemp("print")
    return {p.name: p for p in render_print(book, out, "测试手册", OutputCache(out / ".cache"))}


def test_book_has_cover_toc_chapters_bookmarks_and_links(prints):
    book = prints["book"].path
    reader = PdfReader(book)
    assert len(reader.pages) >= 5
    toc = pdf_text(book, 2)
    assert "目录" in toc and "客诉处理办法（T-KS-001）" in toc
    outline = [item.title if not isinstance(item, list) else [i.title for i in item] for item in reader.outline]
    flat = [t for item in outline for t in (item if isinstance(item, list) else [item])]
    assert "投诉处理" in flat and "客诉处理办法" in flat and "QC小组活动办法" in flat
    links = [a.get_object() for p in reader.pages for a in p.get("/Annots", []) if a.get_object().get("/Subtype") == "/Link"]
    assert links and all("/Dest" in l or "/A" in l for l in links)
    body = pdf_text(book)
    for fact in ("第二条 结案期限", "国内客诉应于十五天内结案", "受理客户抱怨并登记", "《客户抱怨处理表》（T-QR-001）", "附：表单一览"):
        assert fact in body.replace("　", " ")
    # running header: the regulation's title on top of its pages
    page_texts = body.split("\f")
    reg_page = next(i for i, t in enumerate(page_texts) if "国内客诉应于十五天内结案" in t)
    assert "客诉处理办法" in page_texts[reg_page].splitlines()[0]


def test_signoff_quiz_and_answers(prints):
    signoff = pdf_text(prints["cs-agent-signoff"].path)
    for text in ("培训签收确认单", "客服专员入职培训", "客诉处理办法", "QC小组活动办法 第一条", "员工签字", "班组长签字"):
        assert text in signoff
    # not a published edition (no git tags here): the paper says so beside its QR code
    assert "培训：cs-agent" in signoff and "版次：未定版" in signoff
    quiz = pdf_text(prints["cs-agent-quiz"].path)
    assert "国内客诉应在多少天内结案" in quiz and "十五天" in quiz
    assert "答案" not in quiz and "见第一条" not in quiz
    answers = pdf_text(prints["cs-agent-answers"].path)
    book = load(RESOURCES / "mini")
    view = track_view(book, book.tracks["cs-agent"])
    for item in view.questions:  # the key gives the letters of the order the paper prints
        assert f"答案：{item.answer_text()}" in answers
        if item.options:
            right = [item.options[ord(letter) - ord("A")] for letter in item.answer]
            assert set(right) == {item.question.options[ord(l) - ord("A")] for l in item.question.answer}
            assert f"{item.answer[0]}. {right[0]}" in quiz.replace("\n", " ")
    assert "依据：客诉处理办法 第二条" in answers


def test_print_is_skipped_when_nothing_changed(tmp_path):
    book = load(RESOURCES / "mini")
    first = render_print(book, tmp_path, "测试手册", OutputCache(tmp_path / ".cache"))
    assert all(p.rendered for p in first)
    second = render_print(load(RESOURCES / "mini"), tmp_path, "测试手册", OutputCache(tmp_path / ".cache"))
    assert not any(p.rendered for p in second)


def test_quiz_options_never_run_into_each_other(tmp_path):
    """A long option wraps in its own column, or the question puts one option on a line: the next
    option's box never follows the text of the one before at less than the column gap."""
    import shutil
    import subprocess

    from tests.helpers import edit

    root = tmp_path / "proj"
    shutil.copytree(RESOURCES / "mini", root)
    edit(root / "docs/regulations/complaint-handling.yaml", "options: [七天, 十五天, 二十天]",
         "options: [七天内由业务部门向客户说明情况并取得客户书面确认后结案, 十五天, 二十天]")
    book = load(root)
    out = tmp_path / "print"
    quiz = {p.name: p for p in render_print(book, out, "测试手册", OutputCache(out / ".cache"))}["cs-agent-quiz"].path
    bbox = subprocess.run(["pdftotext", "-bbox", str(quiz), "-"], capture_output=True, text=True, check=True).stdout
    words = BeautifulSoup(bbox, "html.parser").find_all("word")
    close = []
    for before, word in zip(words, words[1:]):
        same_line = abs(float(before["ymax"]) - float(word["ymax"])) < 2
        if same_line and word.get_text() in ("B.", "C.", "D.", "E.", "F.") and float(word["xmin"]) > float(before["xmax"]):
            gap = float(word["xmin"]) - float(before["xmax"])  # the box (9 pt) and its margin sit in the gap
            if gap < 20:
                close.append(f"{before.get_text()} | {word.get_text()}: {gap:.1f} pt")
    assert close == []
    text = pdf_text(quiz).replace("\n", " ")
    assert "七天内由业务部门向客户说明情况并取得客户书面确认后结案" in text.replace(" ", "")


def _contents(book_pdf) -> dict[str, int]:
    """The contents page: each entry's title → the page number it gives."""
    import re

    lines = pdf_text(book_pdf, 2, 2).splitlines()
    return {m.group(1).strip(): int(m.group(2)) for line in lines if (m := re.match(r"\s*(.+?)\s*\.{3,}\s*(\d+)\s*$", line))}


def test_book_pages_are_numbered_as_one_book_and_the_contents_point_at_them(prints):
    """The book is laid out chapter by chapter and merged: it must read as one book. Every page
    after the contents carries its own page number; the contents give each regulation's first
    page, and its link and bookmark jump there; every glyph is the glyph of its character."""
    from tests.helpers import misdrawn_glyphs

    path = prints["book"].path
    reader = PdfReader(path)
    pages = pdf_text(path).split("\f")
    for number in range(3, len(reader.pages) + 1):
        footer = [line.strip() for line in pages[number - 1].splitlines() if line.strip()][-1]
        assert footer == str(number), f"page {number} says {footer!r}"
    contents = _contents(path)
    assert {"投诉处理", "客诉处理办法（T-KS-001）", "附：表单一览", "附：术语表"} <= contents.keys()
    assert any(title.startswith("QC小组活动办法") for title in contents)
    for title, number in contents.items():
        top = [line.strip() for line in pages[number - 1].splitlines() if line.strip()][:3]  # running header, title
        assert title.split("（")[0] in top, (title, number, top)
    links = [a.get_object() for a in reader.pages[1].get("/Annots", []) if "/Dest" in a.get_object()]
    assert {reader.get_page_number(link["/Dest"][0]) + 1 for link in links} == set(contents.values())
    marks = {item.title: reader.get_destination_page_number(item) + 1
             for entry in reader.outline for item in (entry if isinstance(entry, list) else [entry])}
    assert marks["客诉处理办法"] == contents["客诉处理办法（T-KS-001）"] and marks["附：术语表"] == contents["附：术语表"]
    assert misdrawn_glyphs(path) == []
    names, files = _fonts(path)
    assert len(files) == len(names) == 2  # regular and bold, one copy each for all chapters


def _fonts(path) -> tuple[set[str], set]:
    """The embedded TrueType fonts' names (subset tag dropped) and font file streams."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        found = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"
                 and "/FontFile2" in o]
        return {str(d.FontName).partition("+")[2] for d in found}, {d.FontFile2.objgen for d in found}


def test_an_edit_lays_out_only_its_chapter_again(tmp_path):
    import shutil

    from generator.pdf import run_jobs
    from generator.printing import print_jobs
    from tests.helpers import edit

    root = tmp_path / "proj"
    shutil.copytree(RESOURCES / "mini", root)
    out, cache = tmp_path / "print", OutputCache(tmp_path / ".cache")
    run_jobs(print_jobs(load(root), out, "测试手册", cache), cache)
    edit(root / "docs/regulations/qc.yaml", "title: QC小组活动办法", "title: QC小组活动规程")
    again = run_jobs(print_jobs(load(root), out, "测试手册", cache), cache)
    assert {name for name in again if name.startswith("print:book")} == {"print:book/topic-quality", "print:book/front", "print:book"}
    assert "QC小组活动规程" in pdf_text(out / "book.pdf")
