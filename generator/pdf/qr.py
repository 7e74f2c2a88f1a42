"""QR codes on printed papers (forms, quiz papers, sign-off sheets): text → inline SVG.

Drawn once per text in a process: the encoder's mask search costs ~10 ms a code, and `serve`
writes every paper's HTML again on each edit to see which PDFs went stale.
"""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=None)
def qr_svg(text: str) -> str:
    return segno.make(text, error="m").svg_inline(scale=1, border=0, omitsize=True)
