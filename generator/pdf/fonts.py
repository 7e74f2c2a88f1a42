"""Fonts for the PDFs, kept small: subsets of the system fonts holding just what is printed.

- `label_fonts()`: regular and bold Noto Sans CJK SC cut down to a document's characters; every
  form and print document sets its text in them (family `LABEL_FAMILY`).
- `field_font()`: a tiny Latin-only font WeasyPrint uses for form fields while rendering (it embeds
  a field font whole; with the system CJK font every form weighed ~16 MB). Post-processing then
  points the fields at STSong-Light (`stsong_font`), a standard Chinese font PDF viewers supply,
  so a blank form stays small and typed Chinese shows in pdfium/Acrobat-class viewers.
- `font_faces()`: the one place the @font-face rules for those families are written.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import pikepdf
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

from ..fileio import write_atomic

CJK_FAMILY = "Noto Sans CJK SC"  # system fonts the subsets are cut from
LATIN_FONT = "DejaVu Sans"
LABEL_FAMILY = "HandbookCJK"  # font families the document CSS uses
FIELD_FAMILY = "HandbookField"


@lru_cache(maxsize=None)
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


def subset_font(family: str, unicodes: list[int], *, truetype: bool) -> bytes:
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
        write_atomic(path, subset_font(LATIN_FONT, list(range(0x20, 0x7F)), truetype=False))
    return path


BASE_CHARS = "".join(chr(c) for c in range(0x20, 0x7F)) + "，。、；：？！“”‘’（）《》【】—…·　●✓○□年月日第页共联"


WEIGHTS = ("regular", "bold")
MASTER_CHARS = "label-master.txt"  # the characters the master subsets hold


def _wanted(chars: str) -> str:
    return "".join(sorted(set(chars) | set(BASE_CHARS)))


def _master_chars(cache: Path) -> frozenset[str]:
    path = cache / MASTER_CHARS
    return frozenset(path.read_text(encoding="utf-8")) if path.is_file() else frozenset()


def prepare_label_fonts(cache: Path, texts: Iterable[str], map_: Callable = map) -> None:
    """Cut the system font once per build, not once per document: master subsets (TrueType,
    both weights) holding every character of `texts`. Cutting a document's subset from the
    20 MB system font takes about 1.5 s per weight; from the master, a few dozen ms. The
    master only grows (old characters are kept), so an unchanged build cuts nothing. `map_`
    may be a process pool's map: the two weights are cut side by side."""
    chars: set[str] = set()
    for text in texts:
        chars.update(text)
    have = _master_chars(cache)
    if set(_wanted("".join(chars))) <= have:
        return
    wanted = _wanted("".join(chars | have))
    list(map_(_write_master, [(cache, weight, wanted) for weight in WEIGHTS]))
    write_atomic(cache / MASTER_CHARS, wanted.encode("utf-8"))  # last: the fonts above are complete


def _write_master(args: tuple[Path, str, str]) -> None:
    cache, weight, wanted = args
    write_atomic(cache / f"label-{weight}-master.ttf",
                 subset_font(f"{CJK_FAMILY}:{weight}", [ord(c) for c in wanted], truetype=True))


def _cut(cache: Path, weight: str, wanted: str) -> bytes:
    """A subset holding `wanted`: from the master when it has them all, else from the system font."""
    codes = [ord(c) for c in wanted]
    if set(wanted) <= _master_chars(cache):
        font = TTFont(cache / f"label-{weight}-master.ttf", lazy=True, recalcBBoxes=False)  # glyphs stay as stored bytes
        subsetter = subset.Subsetter(_options())
        subsetter.populate(unicodes=codes)
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
        return buffer.getvalue()
    # pdf.js draws no text from a CID-keyed CFF subset; TrueType it draws
    return subset_font(f"{CJK_FAMILY}:{weight}", codes, truetype=True)


def label_fonts(cache: Path, chars: str) -> dict[str, Path]:
    """Regular and bold subsets of Noto Sans CJK SC holding just `chars`, with glyph ids
    renumbered from 0. WeasyPrint keeps glyph ids when it embeds a font, so embedding the
    system font directly carried tables sized for all 65,000 glyphs (~170 KB per weight);
    these subsets keep each form's fonts to a few dozen KB."""
    wanted = _wanted(chars)
    key = hashlib.sha256(wanted.encode()).hexdigest()[:16]
    paths = {weight: cache / f"label-{weight}-{key}.ttf" for weight in WEIGHTS}
    for weight, path in paths.items():
        if not path.exists():
            write_atomic(path, _cut(cache, weight, wanted))
    return paths


def font_faces(fonts: dict[str, Path]) -> str:
    """@font-face rules for the fonts `label_fonts` and `field_font` made ("regular", "bold",
    "field" → file)."""
    faces = {"field": (FIELD_FAMILY, "normal"), "regular": (LABEL_FAMILY, "normal"), "bold": (LABEL_FAMILY, "bold")}
    return "".join(
        f'@font-face {{ font-family: {faces[key][0]}; font-weight: {faces[key][1]}; src: url("{path.as_uri()}"); }}\n'
        for key, path in fonts.items()
    )


def fonts_fingerprint() -> str:
    """Which system font files the subsets come from (path, size, time), for output caches:
    an upgraded font package re-renders the PDFs."""
    parts = []
    for family in (f"{CJK_FAMILY}:regular", f"{CJK_FAMILY}:bold", LATIN_FONT):
        file, index = _fc_match(family)
        stat = os.stat(file)
        parts.append(f"{file}:{index}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


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


@lru_cache(maxsize=1)
def _cjk_cmap() -> frozenset[int]:
    file, index = _fc_match(CJK_FAMILY)
    return frozenset(TTFont(file, fontNumber=index, lazy=True).getBestCmap())


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` (other than spaces and line breaks) that the CJK font cannot draw."""
    cmap = _cjk_cmap()
    return sorted({c for c in text if c not in "\n\r\t" and ord(c) not in cmap})
