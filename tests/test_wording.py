"""What staff read never speaks of the original text, seeds or sources: the shipped content's staff
edition — every HTML page's visible text, the search index, the text of every form and print PDF."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from generator.build import build_all

from tests.helpers import edit, pdf_text, read_search_index

# the editor's wording that must stay in editor-only fields (article notes, editor_notes)
FORBIDDEN = re.compile(r"原文|原稿|底稿|种子|来源(?:中|文档|文件|缺漏)|残篇|\bseeds?\b|\bsources?\b", re.IGNORECASE)
CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")  # layout spaces and line breaks in PDF text
SHOWN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")


def page_text(html: str) -> str:
    """The text a reader sees on an HTML page: body text, the title and the labels of elements."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "noscript", "template"]):
        hidden.decompose()
    labels = [str(tag.get(name)) for tag in soup.find_all(True) for name in SHOWN_ATTRIBUTES if tag.get(name)]
    description = soup.find("meta", attrs={"name": "description"})
    if description and description.get("content"):
        labels.append(description["content"])
    return soup.get_text(" ") + "\n" + "\n".join(labels)


def hits(text: str) -> list[str]:
    """The forbidden words in a text, each with a little of what is around it."""
    return [text[max(0, m.start() - 15):m.end() + 15].replace("\n", " ") for m in FORBIDDEN.finditer(text)]


def staff_wording(build) -> dict[str, list[str]]:
    """A built staff edition → {output file: the forbidden words in what staff read there}."""
    site = build / "site"
    found: dict[str, list[str]] = {}
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50  # the whole handbook, not an empty folder
    for page in pages:
        found[str(page.relative_to(build))] = hits(page_text(page.read_text(encoding="utf-8")))
    found["site/assets/search/index.js"] = hits(json.dumps(read_search_index(site), ensure_ascii=False))
    pdfs = sorted((build / "forms").rglob("*.pdf")) + sorted((build / "print").rglob("*.pdf"))
    assert len(pdfs) > 40  # every form and the print book, papers and quizzes
    for pdf in pdfs:
        found[str(pdf.relative_to(build))] = hits(CJK_GAP.sub("", pdf_text(pdf)))
    return {name: words for name, words in found.items() if words}


def test_staff_outputs_never_speak_of_the_original_text(default_build):
    found = staff_wording(default_build)
    assert not found, "staff read editor's wording:\n" + "\n".join(f"{name}: {words}" for name, words in found.items())


FORM_NOTE = "本表栏目按第二条整理"


def test_form_editor_notes_only_in_the_editor_edition(mini):
    form = mini / "forms/complaint-sheet.yaml"
    edit(form, "notes:", f"editor_notes:\n  - {FORM_NOTE}\nnotes:")
    staff = build_all(mini).parent
    page = (staff / "site/forms/complaint-sheet.html").read_text(encoding="utf-8")
    assert FORM_NOTE not in page and FORM_NOTE not in pdf_text(staff / "forms/complaint-sheet.pdf")
    assert "国内客诉十五天内结案" in CJK_GAP.sub("", pdf_text(staff / "forms/complaint-sheet.pdf"))  # the notes staff read stay

    editor = build_all(mini, edition="editor", prints=False).parent
    page = BeautifulSoup((editor / "site/forms/complaint-sheet.html").read_text(encoding="utf-8"), "html.parser")
    assert FORM_NOTE in page.select_one("article").get_text(" ")
    assert FORM_NOTE not in CJK_GAP.sub("", pdf_text(editor / "forms/complaint-sheet.pdf"))  # never printed
