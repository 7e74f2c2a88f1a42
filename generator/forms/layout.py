"""Fitting a value into its box: the line breaking and the font size `fill` draws with.

Input: a value, its box's width and height (pt) and the embedded font. Output: a `Layout`: the
size (never below MIN_SIZE), the lines, and how much of the value they show. Multiline boxes
wrap at the normal size; single-line boxes shrink a little and wrap to more lines when the box
is tall enough; a value that still does not fit shows its start followed by a marker
('（续见续页）') and is printed in full on the 续页.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..pdf import EmbeddedFont
from .pdf import FONT_SIZE

MIN_SIZE = 6.5  # a value is never set smaller than this: below it a printed form is hard to read
SIZES = [FONT_SIZE - 0.5 * i for i in range(int((FONT_SIZE - MIN_SIZE) / 0.5) + 1)]  # 9, 8.5 … 6.5
# what a box that cannot hold its value shows after the start of it, the first that leaves room
MARKERS = ("（续见续页）", "（见续页）", "…见续页", "…续")
MIN_SHOWN = 2  # characters of the value a marker should leave room for
PAD_X = 1.5  # left and right, in pt
PAD_Y = 0.25  # above and below a single-line box's text
AREA_PAD = 2.0  # around a multiline box's text
AREA_LEADING = 1.25  # multiline boxes, in ems
LINE_LEADING = 1.1  # a single-line box's value wrapped to more lines, in ems
IDEO_ASCENT = 0.88  # top of the CJK em box above the baseline, in ems (bottom: 0.12 below)
NO_LINE_START = set("，。、；：！？）》」』】〕”’…%,.;:!?)]}")  # these never begin a line
_TOKEN = re.compile(r"[A-Za-z0-9.,%:+#@&_'’]+[-/]?|\s|.")  # a Latin run (2024-, 11-, 05) stays whole


def wrap(font: EmbeddedFont, text: str, width: float, size: float) -> list[str]:
    """Lines of `text` no wider than `width` at `size`: Chinese breaks between any two
    characters, a run of Latin letters and digits only after a hyphen or slash or where it is
    wider than a line; closing punctuation never begins a line; newlines are kept."""

    def fits(s: str) -> bool:
        return font.width(s, size) <= width

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, wrapped = "", False
        for token in _TOKEN.findall(paragraph):
            if fits(line + token):
                if not (wrapped and not line and token.isspace()):  # no space at a line's start
                    line += token
                continue
            if token.isspace():  # the space is the break
                lines.append(line)
                line, wrapped = "", True
                continue
            if token in NO_LINE_START and len(line) > 1 and fits(line[-1] + token):
                lines.append(line[:-1])  # the punctuation takes the character before it along
                line, wrapped = line[-1] + token, True
                continue
            if line.strip():
                lines.append(line.rstrip())
                wrapped = True
            line = ""
            for char in token:  # a token wider than a line breaks anywhere
                if line and not fits(line + char):
                    lines.append(line)
                    line = ""
                line += char
        lines.append(line)
    return lines


@dataclass
class Layout:
    """How a value is drawn in its box."""

    size: float
    leading: float
    lines: list[str]
    shown: int  # characters of the value the box shows: all of them unless it continues on the 续页

    def complete(self, text: str) -> bool:
        return self.shown >= len(text)


def _fits(font: EmbeddedFont, text: str, width: float, size: float, room: int) -> list[str] | None:
    lines = wrap(font, text, width, size)
    if len(lines) <= room and all(font.width(line, size) <= width for line in lines):
        return lines
    return None


def _start_and_marker(font: EmbeddedFont, text: str, width: float, size: float, room: int) -> tuple[int, int, list[str]] | None:
    """The longest start of `text` that fits with a marker after it (the first marker that leaves
    MIN_SHOWN characters, else the one that shows most): (characters shown, marker index, lines)."""
    best: tuple[int, int, list[str]] | None = None
    for index, marker in enumerate(MARKERS):
        def attempt(n: int) -> list[str] | None:
            return _fits(font, text[:n].rstrip() + marker, width, size, room)

        if attempt(0) is None:
            continue
        low, high = 0, len(text)  # binary search: the most characters that still fit
        while low < high:
            middle = (low + high + 1) // 2
            if attempt(middle) is not None:
                low = middle
            else:
                high = middle - 1
        lines = attempt(low)
        if best is None or low > best[0]:
            best = (low, index, lines)
        if low >= min(MIN_SHOWN, len(text)):
            break
    return best


def layout(font: EmbeddedFont, text: str, width: float, height: float, multiline: bool) -> Layout:
    """Fit `text` in a box: multiline boxes wrap at the normal size; single-line boxes use the
    largest size down to MIN_SIZE at which the value fits, wrapped to more lines when the box is
    tall enough. A value that does not fit shows its start and a marker ('（续见续页）')."""
    inner = width - 2 * PAD_X
    if multiline:
        size, leading = FONT_SIZE, FONT_SIZE * AREA_LEADING
        first = height - AREA_PAD - size * font.ascent / 1000
        sizes = [(size, leading, max(1, int((first - AREA_PAD + size * font.descent / 1000) / leading) + 1))]
    else:
        sizes = [(s, s * LINE_LEADING, max(1, int((height - 2 * PAD_Y - s) / (s * LINE_LEADING)) + 1)) for s in SIZES]
    for size, leading, room in sizes:
        lines = _fits(font, text, inner, size, room)
        if lines is not None:
            return Layout(size, leading, lines, len(text))
    # it does not fit: show as much of the start as possible, then the clearest marker, then
    # the largest size
    best, score = None, None
    for size, leading, room in sizes:
        found = _start_and_marker(font, text, inner, size, room)
        if found is not None and (score is None or (found[0], -found[1]) > score):
            best, score = Layout(size, leading, found[2], found[0]), (found[0], -found[1])
    if best is None:  # a box too small even for a marker
        size, leading, _ = sizes[-1]
        best = Layout(size, leading, [MARKERS[-1]], 0)
    return best
