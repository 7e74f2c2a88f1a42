"""The site quiz's result slip: the line it prints, the code that goes with it, reading it back.

Input: a slip line as printed by the page (`training.js`), typed or found in the text of the
slip saved as PDF. Output: `SlipLine` (track, edition, employee, score, date, code) and whether
the code matches. The code is FNV-1a (32 bit, as the page computes it) of the values and the
employee's name: it catches a score or a date changed by hand on the slip; it is no proof
against someone who reads the page's script (the handbook has no server to keep a secret).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

from pypdf import PdfReader

SLIP_PATTERN = re.compile(
    r"HB1\s+slip\s+(?P<track>[a-z0-9][a-z0-9-]*)\s+(?P<edition>\S+)\s+(?P<employee>[A-Za-z0-9][A-Za-z0-9_-]*)\s+"
    r"(?P<score>\d{1,3})\s+(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<code>[0-9a-fA-F]{4}-?[0-9a-fA-F]{4})"
)


def fnv1a(text: str) -> str:
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def slip_code(track: str, edition: str, employee: str, name: str, score: int, date: str) -> str:
    """'1a2b-3c4d': the code the page prints for these values (see training.js `slipCode`)."""
    h = fnv1a("|".join([track, edition, employee, name, str(score), date]))
    return f"{h[:4]}-{h[4:]}"


@dataclass
class SlipLine:
    track: str
    edition: str
    employee: str
    score: int
    date: dt.date | None
    code: str

    def matches(self, name: str) -> bool:
        date = self.date.isoformat() if self.date else ""
        return slip_code(self.track, self.edition, self.employee, name, self.score, date) == self.code


def parse_slip(text: str) -> SlipLine | None:
    """The first slip line in `text` (whitespace as a PDF's text may break it), or None."""
    found = SLIP_PATTERN.search(" ".join(text.split()))
    if not found:
        return None
    try:
        date = dt.date.fromisoformat(found["date"])
    except ValueError:
        date = None
    code = found["code"].lower().replace("-", "")
    return SlipLine(found["track"], found["edition"], found["employee"], int(found["score"]), date, f"{code[:4]}-{code[4:]}")


def pdf_text(data: bytes) -> str:
    """All text of a PDF (a slip the browser saved), '' when it has none."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
