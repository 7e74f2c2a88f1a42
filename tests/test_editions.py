"""Staff and editor editions from the same YAML: nothing of the editor's reaches what staff read."""

from __future__ import annotations

import subprocess

from bs4 import BeautifulSoup

from generator.build import build_all

from tests.helpers import edit

NOTE = "原文未写明结案的审批人"
ARTICLE_NOTE = "第二条的国外期限原文字迹不清"


def files_text(folder) -> str:
    """Every byte of a built folder as text: HTML, JS, JSON, XML, and the text of PDFs."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".pdf":
            parts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
        elif path.is_file() and path.suffix in {".html", ".js", ".json", ".xml", ".md", ".txt"}:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def test_editor_notes_only_in_the_editor_edition(mini):
    reg = mini / "docs/regulations/complaint-handling.yaml"
    edit(reg, "chapters:", f"editor_notes:\n  - {NOTE}\nchapters:")
    edit(reg, "      - id: closing\n", f"      - id: closing\n        note: {ARTICLE_NOTE}\n")
    staff = build_all(mini).parent
    staff_text = files_text(staff / "site") + files_text(staff / "print")
    assert NOTE not in staff_text and ARTICLE_NOTE not in staff_text
    assert not (staff / "site/editor.html").exists() and "编辑版" not in staff_text

    editor = build_all(mini, edition="editor").parent
    assert editor == mini / "build/editor"
    page = (editor / "site/regulations/complaints/complaint-handling.html").read_text(encoding="utf-8")
    assert NOTE in page and ARTICLE_NOTE in page and "编辑版" in page  # the banner on every page
    todo = BeautifulSoup((editor / "site/editor.html").read_text(encoding="utf-8"), "html.parser").select_one("article").get_text(" ")
    assert NOTE in todo and ARTICLE_NOTE in todo
    book = subprocess.run(["pdftotext", "-l", "1", str(editor / "print/book.pdf"), "-"], capture_output=True, text=True).stdout
    assert "编辑版" in book
    assert (staff / "site/index.html").exists()  # the staff build is still there, untouched


def test_metadata_the_source_does_not_give_shows_as_not_given(mini):
    reg = mini / "docs/regulations/complaint-handling.yaml"
    text = reg.read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith(("code:", "effective:", "approver:")):
            text = text.replace(line + "\n", "")
    reg.write_text(text, encoding="utf-8")
    build = build_all(mini, prints=False).parent
    html = BeautifulSoup((build / "site/regulations/complaints/complaint-handling.html").read_text(encoding="utf-8"), "html.parser")
    cells = [td.get_text(strip=True) for td in html.select(".reg-meta td")]
    assert cells.count("未规定") == 4, cells  # code, effective date, approver, and the review date (none given)
    editor = build_all(mini, edition="editor", prints=False).parent
    todo = (editor / "site/editor.html").read_text(encoding="utf-8")
    assert "文件编号、生效日期、批准" in todo
