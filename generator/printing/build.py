"""Print every document to PDF, skipping those whose HTML did not change.

Input: a linked Handbook, the book's title, an output folder and an `OutputCache`. Output:
`<name>.pdf` per document (see `documents`); a document's cache key is the hash of its HTML,
the system fonts and the code of the HTML → PDF stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape
from pathlib import Path

from ..cache import OutputCache, code_digest, digest
from ..fileio import write_atomic
from ..handbook import Handbook
from ..pdf import PDF_CODE, fonts_fingerprint, html_to_pdf
from .documents import documents

CACHE_PREFIX = "print:"


@dataclass
class PrintOutput:
    name: str  # "book", "<track>-signoff", …
    path: Path
    rendered: bool


def with_past_mark(html: str, past: str) -> str:
    """The document marked as a past edition: 历史版本 at the foot of every page (the cover,
    which has no margins, carries the full note), and `past` in full at the top of its first page."""
    if not past:
        return html
    rule = '@bottom-left { content: "历史版本 · 非现行"; font-size: 7.5pt; color: #b71c1c; }'
    note = f'<p class="past-edition-mark">历史版本：{escape(past)}</p>'
    css = ".past-edition-mark { color: #b71c1c; background: #fff; font-weight: bold; border: 1pt solid #b71c1c; padding: 2mm 3mm; }"
    html = html.replace("</style>", f"@page {{ {rule} }} {css}</style>", 1)
    at = html.find(">", html.find("<section", html.find("<body"))) + 1 if "<section" in html else html.find(">", html.find("<body")) + 1
    return html[:at] + note + html[at:]


def render_print(
    book: Handbook, out: Path, title: str, cache: OutputCache, *, editor: bool = False, past: str = "",
) -> list[PrintOutput]:
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    code, fonts = code_digest(PDF_CODE), fonts_fingerprint()
    results = []
    for name, html in documents(book, title, editor).items():
        html = with_past_mark(html, past)
        key = digest(html, code, fonts)
        path = out / f"{name}.pdf"
        rendered = not cache.fresh(CACHE_PREFIX + name, key, [path])
        if rendered:
            write_atomic(path, html_to_pdf(html, book.root, cache.fonts))
            cache.record(CACHE_PREFIX + name, key)
        results.append(PrintOutput(name, path, rendered))
    cache.keep_only(CACHE_PREFIX, {CACHE_PREFIX + r.name for r in results})
    cache.save()
    return results
