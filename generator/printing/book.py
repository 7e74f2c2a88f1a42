"""The handbook as a printed book, laid out in parts side by side, then merged into one PDF.

Input: a linked Handbook, the book's title, the output and cache folders. Output: `book_jobs()`,
one job per part (each topic's chapter, the forms list, the glossary), which lays it out and
notes where its anchors fell, and one job that needs them all: it lays out the cover and the
contents with the page numbers now known, stamps continuous page numbers on the parts, and
merges everything into book.pdf with bookmarks and working contents links. An edit to one
regulation lays out its chapter again and merges; the other chapters come from the cache.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from ..cache import OutputCache, code_digest, digest
from ..fileio import write_atomic
from ..flowchart import FONT_FAMILY, all_flowcharts
from ..handbook import Handbook
from ..pdf import (
    LABEL_FAMILY, LINK_PREFIX, PDF_CODE, Heading, anchors_by_page, fonts_fingerprint, html_to_pdf, label_fonts, merge,
    render_document,
)
from .documents import _env, _helpers, print_css

CACHE_PREFIX = "print:book"
PAGE_MARK = "@@page:{}@@"  # where the contents print an anchor's page number, filled in when known
NUMERALS = "0123456789ivxlcdm"  # page numbers, the front's in lower-case roman
NO_FOOTER = "@page { @bottom-center { content: none; } }"  # the parts' numbers are stamped on after
NUMBERS_ONLY = "@page { @top-left { content: none; } @top-right { content: none; } }"  # the stamps: a third faster


def _link(anchor: str) -> str:
    return f"{LINK_PREFIX}#{anchor}"


@dataclass
class BookPart:
    """One chapter (or appendix), laid out alone with the whole book's font (`chars`)."""

    part: str  # "front" (cover and contents, to count their pages), "topic-<id>", "forms-list", "glossary"
    source: str
    folder: Path  # where <part>.pdf and <part>.json (page count, anchor → page) go
    base: Path
    fonts: Path
    chars: str  # the characters of the whole book, which its font is cut to
    key: str
    document: str = ""  # not published on its own

    @property
    def name(self) -> str:
        return f"{CACHE_PREFIX}/{self.part}"

    @property
    def html(self) -> list[str]:
        return [self.source]

    @property
    def outputs(self) -> list[Path]:
        return [self.folder / f"{self.part}.pdf", self.folder / f"{self.part}.json"]

    def run(self) -> None:
        document, options = render_document(self.source, self.base, self.fonts, chars=self.chars)
        pdf, layout = self.outputs
        write_atomic(pdf, document.write_pdf(**options))
        write_atomic(layout, json.dumps({"pages": len(document.pages), "anchors": anchors_by_page(document)}).encode())


@dataclass
class BookJob:
    """Cover and contents, then the parts in order: one book.pdf."""

    front: str  # its page numbers are PAGE_MARKs
    front_layout: Path  # the front part's layout: how many pages the cover and contents take
    parts: list[tuple[Path, Path]]  # each part's PDF and layout, in reading order
    outline: list[tuple[str, str, list[tuple[str, str]]]]  # (title, anchor, children)
    numbers_css: str
    path: Path
    base: Path
    fonts: Path
    chars: str  # the parts' font
    key: str
    needs: tuple[str, ...] = ()
    document: str = "book"

    @property
    def name(self) -> str:
        return CACHE_PREFIX

    @property
    def html(self) -> list[str]:
        return [self.front, NUMERALS]

    @property
    def outputs(self) -> list[Path]:
        return [self.path]

    def _pages(self, front_pages: int, layouts: list[dict]) -> tuple[dict[str, int], int]:
        """Anchor → page index when the parts follow `front_pages` pages; and the page count."""
        pages, start = {}, front_pages
        for layout in layouts:
            pages.update({a: start + i for a, i in layout["anchors"].items() if a not in pages})
            start += layout["pages"]
        return pages, start

    def run(self) -> None:
        layouts = [json.loads(layout.read_text(encoding="utf-8")) for _, layout in self.parts]
        front_pages = json.loads(self.front_layout.read_text(encoding="utf-8"))["pages"]
        for _ in range(2):  # the numbers do not change the contents' length, as a rule
            pages, total = self._pages(front_pages, layouts)
            html = self.front
            for anchor, index in pages.items():
                html = html.replace(PAGE_MARK.format(anchor), str(index + 1))
            document, options = render_document(html, self.base, self.fonts, chars=self.chars)
            if len(document.pages) == front_pages:
                break
            front_pages = len(document.pages)
        pages |= anchors_by_page(document)
        numbers = (f'<!doctype html><html><head><meta charset="utf-8"><style>{self.numbers_css}'
                   f" @page :first {{ counter-reset: page {front_pages + 1}; }} div {{ break-after: page; }}"
                   f" div:last-child {{ break-after: auto; }}</style></head><body>"
                   + "<div></div>" * (total - front_pages) + "</body></html>")
        outline = [Heading(title, pages[anchor], [Heading(t, pages[a]) for t, a in children if a in pages])
                   for title, anchor, children in self.outline if anchor in pages]
        fonts = label_fonts(self.fonts, self.chars)
        write_atomic(self.path, merge(
            [document.write_pdf(**options), *(pdf.read_bytes() for pdf, _ in self.parts)],
            numbers=html_to_pdf(numbers, self.base, self.fonts, chars=self.chars), numbered_from=front_pages,
            anchors=pages, outline=outline,
            fonts={LABEL_FAMILY: fonts["regular"].read_bytes(), f"{LABEL_FAMILY}-Bold": fonts["bold"].read_bytes()},
        ))


def _edition_date(book: Handbook) -> dt.date:
    dates = [d for r in book.regulations.values() for d in (r.effective, *(h.effective or h.date for h in r.history)) if d]
    return max(dates, default=dt.date.today())


def book_jobs(
    book: Handbook, title: str, out: Path, cache: OutputCache, *, editor: bool = False,
    mark: Callable[[str, bool], str] = lambda html, front: html, convert: Callable[[str], str] | None = None,
) -> list:
    """The parts' jobs and the merging job (last), book.pdf in `out`. `mark(html, front)`: the
    past-edition mark (on the front: also the full note); `convert`: the 繁體中文 edition."""
    convert = convert or (lambda text: text)
    helpers = _helpers(book, editor)
    css = print_css()
    template = _env().get_template("book-part.html.j2")
    in_label_font = (f'font-family="{FONT_FAMILY}"', f'font-family="{LABEL_FAMILY},{FONT_FAMILY}"')  # one font to share
    flowcharts = {key: Markup(svg.replace(*in_label_font)) for key, svg in all_flowcharts(book).items()}
    topics = [(topic, book.regulations_in(topic.id)) for topic in book.topics.values()]
    topics = [(topic, regs) for topic, regs in topics if regs]
    common = {**helpers, "title": title, "link": _link, "css": css + Markup(NO_FOOTER), "flowcharts": flowcharts,
              "topic": None, "regs": [], "forms": [], "terms": []}
    sources = {f"topic-{topic.id}": template.render(common | {"topic": topic, "regs": regs}) for topic, regs in topics}
    sources["forms-list"] = template.render(common | {"forms": sorted(book.forms.values(), key=lambda f: f.order())})
    sources["glossary"] = template.render(common | {"terms": sorted(book.terms.values(), key=lambda t: t.term)})
    sources = {part: convert(mark(html, False)) for part, html in sources.items()}
    front = convert(mark(_env().get_template("book-front.html.j2").render(
        **helpers, title=title, topics=topics, regulations_count=len(book.regulations),
        edition=_edition_date(book).isoformat(), link=_link, page=PAGE_MARK.format,
    ), True))
    outline = [(convert("目录"), "toc", [])]
    outline += [(convert(topic.title), f"topic-{topic.id}", [(convert(reg.title), f"reg-{reg.id}") for reg in regs])
                for topic, regs in topics]
    outline += [(convert("附：表单一览"), "forms-list", []), (convert("附：术语表"), "glossary", [])]
    # every piece is laid out in one font, cut to the whole book's characters: the merged book keeps one copy
    chars = "".join(sorted(set("".join(sources.values()) + front + NUMERALS)))
    code, fonts = code_digest(PDF_CODE, Path(__file__).parent), fonts_fingerprint()
    folder = cache.folder / "book"
    counted = re.sub(r'data-page="[^"]*"', 'data-page="000"', front)  # as long as the numbers will be
    first = BookPart("front", counted, folder, book.root, cache.fonts, chars, digest(counted, chars, code, fonts))
    parts = [BookPart(part, html, folder, book.root, cache.fonts, chars, digest(html, chars, code, fonts))
             for part, html in sources.items()]
    for stale in folder.glob("*") if folder.is_dir() else []:
        if stale not in {path for part in (first, *parts) for path in part.outputs}:
            stale.unlink()
    key = digest(front, json.dumps(outline, ensure_ascii=False), code, fonts, first.key, *(part.key for part in parts))
    merged = BookJob(front, first.outputs[1], [tuple(part.outputs) for part in parts], outline,
                     str(css) + NUMBERS_ONLY, out / "book.pdf", book.root, cache.fonts, chars, key,
                     tuple(p.name for p in (first, *parts)))
    return [first, *parts, merged]
