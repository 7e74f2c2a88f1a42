"""Fonts for PDF form fields, kept small.

- `field_font()`: a tiny Latin-only font WeasyPrint uses for the fields while rendering (it embeds
  a field font whole; with the system CJK font every form weighed ~16 MB). Post-processing then
  points the fields at STSong-Light (`stsong_font`), a standard Chinese font PDF viewers supply,
  so a blank form stays a few hundred KB and typed Chinese shows in pdfium/Acrobat-class viewers.
- `EmbeddedFont`: for values the product fills in itself, a subset of Noto Sans CJK with just the
  characters used, converted to TrueType outlines and embedded as a CIDFontType2 font, so the
  appearance streams we draw show the same in every viewer (poppler, pdfium, pdf.js).
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

from .fileio import write_atomic

CJK_FAMILY = "Noto Sans CJK SC"
LATIN_FONT = "DejaVu Sans"


def _fc_match(family: str) -> tuple[str, int]:
    out = subprocess.run(
        ["fc-match", family, "--format=%{file}\n%{index}"], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    return out[0], int(out[1] or 0)


def _load(file: str, index: int) -> TTFont:
    """Open one font of a collection (.ttc) the way fontTools' subsetter expects."""
    return TTFont(file, fontNumber=index, lazy=True)


def _options() -> subset.Options:
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = [1, 2, 4, 6]
    options.notdef_outline = True
    options.drop_tables += ["FFTM", "VORG", "vhea", "vmtx", "DSIG"]
    options.hinting = False
    return options


def _subset(family: str, unicodes: list[int], *, truetype: bool) -> bytes:
    """The system font matching `family`, cut down to `unicodes`, glyph ids renumbered from 0;
    with `truetype`, CFF outlines are converted to TrueType ones."""
    file, index = _fc_match(family)
    font = _load(file, index)
    subsetter = subset.Subsetter(_options())
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    if truetype:
        _to_truetype(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def field_font(cache: Path) -> Path:
    """Printable ASCII subset of DejaVu Sans (~20 KB), cached."""
    path = cache / "field-font.ttf"
    if not path.exists():
        write_atomic(path, _subset(LATIN_FONT, list(range(0x20, 0x7F)), truetype=False))
    return path


LABEL_FAMILY = "HandbookCJK"
BASE_CHARS = "".join(chr(c) for c in range(0x20, 0x7F)) + "，。、；：？！“”‘’（）《》【】—…·　●✓○□年月日第页共联"


def label_fonts(cache: Path, chars: str) -> dict[str, Path]:
    """Regular and bold subsets of Noto Sans CJK SC holding just `chars`, with glyph ids
    renumbered from 0. WeasyPrint keeps glyph ids when it embeds a font, so embedding the
    system font directly carried tables sized for all 65,000 glyphs (~170 KB per weight);
    these subsets keep each form's fonts to a few dozen KB."""
    import hashlib

    wanted = "".join(sorted(set(chars) | set(BASE_CHARS)))
    key = hashlib.sha256(wanted.encode()).hexdigest()[:16]
    paths = {weight: cache / f"label-{weight}-{key}.ttf" for weight in ("regular", "bold")}
    for weight, path in paths.items():
        if not path.exists():
            # pdf.js draws no text from a CID-keyed CFF subset; TrueType it draws
            write_atomic(path, _subset(f"{CJK_FAMILY}:{weight}", [ord(c) for c in wanted], truetype=True))
    return paths


def stsong_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The non-embedded Adobe-GB1 font every PDF viewer with CJK support provides."""
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/STSong-Light"), Flags=6,
        FontBBox=[-25, -254, 1000, 880], ItalicAngle=0, Ascent=880, Descent=-120,
        CapHeight=880, StemV=93,
    )
    cid = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType0, BaseFont=pikepdf.Name("/STSong-Light"),
        CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("GB1"), Supplement=4),
        FontDescriptor=pdf.make_indirect(descriptor), DW=1000,
    )
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name("/STSong-Light"),
        Encoding=pikepdf.Name("/UniGB-UCS2-H"), DescendantFonts=[pdf.make_indirect(cid)],
    ))


def _to_truetype(font: TTFont) -> None:
    """Replace CFF outlines by quadratic TrueType ones (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    for attr in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours"):
        setattr(maxp, attr, 0)
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames, post.mapping = [], {}
    font.sfntVersion = "\x00\x01\x00\x00"


class EmbeddedFont:
    """A CJK subset holding just `text`'s characters, embedded in `pdf` as a Type0 font."""

    def __init__(self, pdf: pikepdf.Pdf, text: str):
        chars = sorted(set(text) | {" "})
        data = _subset(CJK_FAMILY, [ord(c) for c in chars], truetype=True)
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
