"""Source documents as numbered lines: .txt and .md as text (UTF-8), .docx through python-docx.

A Word document's structure is often in its styles rather than its text: Title and Heading 1
name a regulation, Heading 2 a chapter, Heading 3 an article; a paragraph with Word numbering
(numPr, in the paragraph or its style) is a numbered item whose number the text does not show,
or an article or chapter when the numbering's own text is 第%1条 or 第%1章 (numbering.xml).
Those hints travel with each line. In a .docx, "line" means paragraph (a table row is one line).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..errors import Problems
from ..yamlsource import read_text

SUFFIXES = (".docx", ".txt", ".md")
_HEADING_STYLES = {"title": "title", "heading 1": "title", "heading 2": "chapter", "heading 3": "article"}


@dataclass
class Line:
    no: int
    text: str
    style: str | None = None  # "title", "chapter", "article" from a heading style
    numbering: tuple[int, int] | None = None  # Word numbering: (level, number at that level)


def read_lines(path: Path, problems: Problems, shown: str) -> list[Line] | None:
    """The document's lines, or None with a problem at `shown`:1:1."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        problems.add(shown, 1, 1, f"cannot import '{path.suffix or path.name}' files: give .docx, .txt or .md")
        return None
    if suffix == ".docx":
        return _read_docx(path, problems, shown)
    found = Problems()
    text = read_text(path, found, shown)
    if text is None:
        text = _legacy_chinese(path) if any("not UTF-8" in p.message for p in found.items) else None
    if text is None:
        problems.items += found.items
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if suffix == ".md":
        return [_markdown(no, line) for no, line in enumerate(lines, 1)]
    return [Line(no, line) for no, line in enumerate(lines, 1)]


def _legacy_chinese(path: Path) -> str | None:
    """A Chinese text file saved as GBK/GB18030 (common on Windows), when it decodes to text."""
    try:
        text = path.read_bytes().decode("gb18030")
    except (OSError, UnicodeDecodeError):
        return None
    printable = sum(1 for c in text if c.isprintable() or c in "\r\n\t")
    return text if text and printable >= 0.98 * len(text) and re.search(r"[\u4e00-\u9fff]", text) else None


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+")


def _markdown(no: int, line: str) -> Line:
    found = _MD_HEADING.match(line)
    style = None
    if found:
        style = {1: "title", 2: "chapter", 3: "article"}.get(len(found.group(1)))
        line = found.group(2)
    line = _MD_BULLET.sub("", line)
    line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
    return Line(no, line.strip(), style)


def _read_docx(path: Path, problems: Problems, shown: str) -> list[Line] | None:
    try:
        if not path.is_file():
            problems.add(shown, 1, 1, "cannot read: " + ("a folder" if path.is_dir() else "no such file"))
            return None
        document = docx.Document(str(path))
        return _docx_lines(document)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        problems.add(shown, 1, 1, f"cannot read: not a Word .docx document ({error or type(error).__name__})")
    except OSError as error:
        problems.add(shown, 1, 1, f"cannot read: {error.strerror or error}")
    except Exception as error:  # a damaged package can fail anywhere inside python-docx/lxml
        problems.add(shown, 1, 1, f"cannot read: damaged Word document ({type(error).__name__}: {error})")
    return None


def _level_texts(document) -> dict[tuple[str, int], str]:
    """(numId, level) → the level's number text from numbering.xml: '第%1条', '%1、', '（%1）'."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract = {}
    for node in numbering.findall(qn("w:abstractNum")):
        for lvl in node.findall(qn("w:lvl")):
            text = lvl.find(qn("w:lvlText"))
            if text is not None:
                abstract[(node.get(qn("w:abstractNumId")), int(lvl.get(qn("w:ilvl"), "0")))] = text.get(qn("w:val"), "")
    texts = {}
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is None:
            continue
        for (abstract_id, level), text in abstract.items():
            if abstract_id == ref.get(qn("w:val")):
                texts[(num.get(qn("w:numId")), level)] = text
    return texts


# Word numbering whose number text says what the paragraph is: 第%1章 a chapter, 第%1条 an article
_LEVEL_STYLES = [(re.compile(r"^第%\d+章"), "chapter"), (re.compile(r"^第%\d+[节節]"), "chapter"),
                 (re.compile(r"^第%\d+[条條]"), "article")]


def _docx_lines(document) -> list[Line]:
    lines: list[Line] = []
    counters: dict[tuple[str, int], int] = {}
    level_texts = _level_texts(document)
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            lines.append(_paragraph_line(len(lines) + 1, paragraph, counters, level_texts))
        elif child.tag == qn("w:tbl"):
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                lines.append(Line(len(lines) + 1, " | ".join(cells)))
    return lines


def _paragraph_line(no: int, paragraph: Paragraph, counters: dict[tuple[str, int], int],
                    level_texts: dict[tuple[str, int], str]) -> Line:
    style_name = (paragraph.style.name if paragraph.style is not None else "") or ""
    style = _HEADING_STYLES.get(style_name.lower())
    numbering = None
    num = _num_pr(paragraph)
    if num is not None and paragraph.text.strip():
        num_id, level = num
        numbered_as = next((kind for pattern, kind in _LEVEL_STYLES if pattern.match(level_texts.get(num, ""))), None)
        if numbered_as is not None:
            return Line(no, paragraph.text.strip(), numbered_as)  # Word prints 第一条 / 第一章 itself
        for key in [k for k in counters if k[0] == num_id and k[1] > level]:
            del counters[key]  # a higher level restarts the ones below it
        counters[(num_id, level)] = counters.get((num_id, level), 0) + 1
        numbering = (level, counters[(num_id, level)])
    return Line(no, paragraph.text.strip(), style, numbering)


def _num_pr(paragraph: Paragraph) -> tuple[str, int] | None:
    """(numId, level) of the paragraph's Word numbering, from the paragraph or its style chain."""
    candidates = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for ppr in candidates:
        if ppr is None or ppr.numPr is None:
            continue
        num_id = ppr.numPr.numId.val if ppr.numPr.numId is not None else None
        if num_id in (None, 0):
            return None  # numbering switched off
        level = ppr.numPr.ilvl.val if ppr.numPr.ilvl is not None else 0
        return str(num_id), int(level)
    return None
