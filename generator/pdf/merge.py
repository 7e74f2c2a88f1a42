"""Several PDFs rendered apart made into one document, as if printed in one piece.

Input: the PDFs in reading order (the first gives the document its metadata), a PDF of page
numbers to stamp onto the pages from a given page on, link targets and an outline. Output: one
PDF whose links marked `LINK_PREFIX#anchor` jump to the anchor's page, and one copy of each font
the parts were laid out with. Used by the print book, whose chapters are laid out side by side.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pikepdf

from .render import save

LINK_PREFIX = "https://document.invalid/"  # a link between parts: LINK_PREFIX + "#" + anchor


@dataclass
class Heading:
    title: str
    page: int  # index in the merged document
    children: list["Heading"] = field(default_factory=list)


def _outline_item(heading: Heading) -> pikepdf.OutlineItem:
    item = pikepdf.OutlineItem(heading.title, heading.page)
    item.children.extend(_outline_item(child) for child in heading.children)
    return item


def _resolve_links(pdf: pikepdf.Pdf, anchors: dict[str, int]) -> None:
    """Links to LINK_PREFIX#anchor become jumps to the anchor's page (unknown anchors: no link)."""
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        kept = pikepdf.Array()
        for annot in annots:
            uri = str(annot.get("/A", {}).get("/URI", "")) if "/A" in annot else ""
            if uri.startswith(LINK_PREFIX):
                target = anchors.get(uri.partition("#")[2])
                if target is None:
                    continue
                del annot["/A"]
                annot.Dest = pikepdf.Array([pdf.pages[target].obj, pikepdf.Name.Fit])
            kept.append(annot)
        page.obj.Annots = kept


def _share_fonts(pdf: pikepdf.Pdf, fonts: dict[str, bytes]) -> None:
    """Each part embeds its own subset of the same font; WeasyPrint keeps glyph ids when it
    subsets, so every subset of font `name` can point at one stream of the font itself."""
    streams: dict[str, pikepdf.Object] = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.FontDescriptor and "/FontFile2" in obj:
            name = str(obj.get("/FontName", "")).lstrip("/").partition("+")[2]
            if name in fonts:
                if name not in streams:
                    data = fonts[name]
                    streams[name] = pikepdf.Stream(pdf, data)
                    streams[name].Length1 = len(data)
                obj.FontFile2 = streams[name]


def merge(parts: list[bytes], *, numbers: bytes | None = None, numbered_from: int = 0,
          anchors: dict[str, int] | None = None, outline: list[Heading] = (), fonts: dict[str, bytes] | None = None) -> bytes:
    """`numbers`: page i of it is stamped onto page `numbered_from` + i; `anchors`: anchor →
    page index in the merged document, for the links between parts; `outline`: its bookmarks;
    `fonts`: font name (as embedded, e.g. "HandbookCJK-Bold") → the font file all parts' subsets
    of it were cut from."""
    pdf = pikepdf.open(io.BytesIO(parts[0]))
    for data in parts[1:]:
        pdf.pages.extend(pikepdf.open(io.BytesIO(data)).pages)
    if numbers:
        stamps = pikepdf.open(io.BytesIO(numbers))
        for page, stamp in zip(pdf.pages[numbered_from:], stamps.pages):
            page.add_overlay(stamp)
    _resolve_links(pdf, anchors or {})
    if "/Names" in pdf.Root:  # the first part's named destinations point into it alone
        del pdf.Root["/Names"]
    with pdf.open_outline() as tree:
        tree.root.clear()
        tree.root.extend(_outline_item(h) for h in outline)
    _share_fonts(pdf, fonts or {})
    return save(pdf)
