"""Print every document to PDF, skipping those whose HTML did not change.

Input: a linked Handbook, the book's title, an output folder and an `OutputCache`. Output:
`<name>.pdf` per document (see `documents`); a document's cache key is the hash of its HTML,
the system fonts and the code of the HTML → PDF stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

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


def render_print(
    book: Handbook, out: Path, title: str, cache: OutputCache, *, editor: bool = False,
    convert: Callable[[str], str] | None = None,
) -> list[PrintOutput]:
    """`convert`: applied to each document's HTML (the 繁體中文 edition's script conversion)."""
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    code, fonts = code_digest(PDF_CODE), fonts_fingerprint()
    results = []
    for name, html in documents(book, title, editor).items():
        html = convert(html) if convert else html
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
