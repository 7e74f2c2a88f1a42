"""A CJK font subset embedded in an existing PDF, for the appearance streams `fill` draws.

Input: a pikepdf `Pdf` and the text to be drawn. Output: a Type0/CIDFontType2 font object holding
just those characters (TrueType outlines), with widths and glyph encoding for content streams, so
filled values show the same in every viewer (poppler, pdfium, pdf.js).
"""

from __future__ import annotations

import io

import pikepdf
from fontTools.ttLib import TTFont

from .fonts import CJK_FAMILY, subset_font


class EmbeddedFont:
    """A CJK subset holding just `text`'s characters, embedded in `pdf` as a Type0 font."""

    def __init__(self, pdf: pikepdf.Pdf, text: str):
        chars = sorted(set(text) | {" "})
        data = subset_font(CJK_FAMILY, [ord(c) for c in chars], truetype=True)
        font = TTFont(io.BytesIO(data))
        cmap = font.getBestCmap()
        order = font.getGlyphOrder()
        gid = {name: i for i, name in enumerate(order)}
        upem = font["head"].unitsPerEm
        hmtx = font["hmtx"]
        self.gids = {c: gid[cmap[ord(c)]] for c in chars if ord(c) in cmap}
        self.widths = {g: hmtx[order[g]][0] * 1000 / upem for g in self.gids.values()}
        self.ascent = font["hhea"].ascent * 1000 / upem
        self.descent = font["hhea"].descent * 1000 / upem
        name = pikepdf.Name("/HBAAAA+NotoSansCJKsc-Regular")
        head = font["head"]
        descriptor = pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor, FontName=name, Flags=4,
            FontBBox=[head.xMin * 1000 / upem, head.yMin * 1000 / upem, head.xMax * 1000 / upem, head.yMax * 1000 / upem],
            ItalicAngle=0, Ascent=self.ascent, Descent=self.descent, CapHeight=733, StemV=80,
            FontFile2=pdf.make_stream(data, Length1=len(data)),
        )
        widths = []
        for g in sorted(self.widths):
            widths += [g, [round(self.widths[g])]]
        cid = pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=name,
            CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0),
            FontDescriptor=pdf.make_indirect(descriptor), DW=1000, W=widths, CIDToGIDMap=pikepdf.Name.Identity,
        )
        self.font = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=name, Encoding=pikepdf.Name("/Identity-H"),
            DescendantFonts=[pdf.make_indirect(cid)], ToUnicode=pdf.make_stream(self._to_unicode()),
        ))

    def _to_unicode(self) -> bytes:
        entries = [f"<{g:04X}> <{ord(c):04X}>" for c, g in sorted(self.gids.items(), key=lambda x: x[1]) if ord(c) <= 0xFFFF]
        chunks = [entries[i:i + 100] for i in range(0, len(entries), 100)]
        body = "".join(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n" for chunk in chunks)
        return (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + body +
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        ).encode("ascii")

    def width(self, text: str, size: float) -> float:
        return sum(self.widths.get(self.gids.get(c, 0), 1000) for c in text) * size / 1000

    def encode(self, text: str) -> str:
        """Hex string of glyph ids for a content stream (`<...> Tj`)."""
        return "<" + "".join(f"{self.gids.get(c, 0):04X}" for c in text) + ">"
