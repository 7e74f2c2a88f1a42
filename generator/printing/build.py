"""Print every document to PDF, skipping those whose HTML did not change.

Input: a linked Handbook, the book's title, an output folder and an `OutputCache`. Output:
`<name>.pdf` per document (see `documents`); a document's cache key is the hash of its HTML,
the system fonts and the code of the HTML → PDF stage. `print_jobs` gives the jobs for the
build's shared pool (`pdf.run_jobs`); `render_print` runs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, ClassVar

from markupsafe import escape

from ..cache import OutputCache, code_digest, digest
from ..fileio import write_atomic
from ..handbook import Handbook
from ..pdf import PDF_CODE, fonts_fingerprint, html_to_pdf, run_jobs
from .book import book_jobs
from .documents import documents

CACHE_PREFIX = "print:"


@dataclass
class PrintOutput:
    name: str  # "book", "<track>-signoff", …
    path: Path
    rendered: bool


def with_past_mark(html: str, past: str, full: bool = True) -> str:
    """The document marked as a past edition: 历史版本 at the foot of every page (the cover,
    which has no margins, carries the full note), and (`full`) `past` in full at the top of its
    first page (a book's chapters, merged after its cover, only the foot)."""
    if not past:
        return html
    rule = '@bottom-left { content: "历史版本 · 非现行"; font-size: 7.5pt; color: #b71c1c; }'
    note = f'<p class="past-edition-mark">历史版本：{escape(past)}</p>'
    css = ".past-edition-mark { color: #b71c1c; background: #fff; font-weight: bold; border: 1pt solid #b71c1c; padding: 2mm 3mm; }"
    html = html.replace("</style>", f"@page {{ {rule} }} {css}</style>", 1)
    if not full:
        return html
    at = html.find(">", html.find("<section", html.find("<body"))) + 1 if "<section" in html else html.find(">", html.find("<body")) + 1
    return html[:at] + note + html[at:]


@dataclass
class PrintJob:
    """One print document, for the build's shared PDF pool (`pdf.run_jobs`)."""

    cache_prefix: ClassVar[str] = CACHE_PREFIX
    document: str  # what it is published as: print/<document>.pdf
    source: str  # the document's HTML
    path: Path
    base: Path
    fonts: Path
    key: str

    @property
    def name(self) -> str:
        return self.cache_prefix + self.document

    @property
    def html(self) -> list[str]:
        return [self.source]

    @property
    def outputs(self) -> list[Path]:
        return [self.path]

    def run(self) -> None:
        write_atomic(self.path, html_to_pdf(self.source, self.base, self.fonts))


def print_jobs(
    book: Handbook, out: Path, title: str, cache: OutputCache, *, editor: bool = False, past: str = "",
    edition_name: str = "", convert: Callable[[str], str] | None = None,
) -> list[PrintJob]:
    """One job per print document; the cache forgets documents that are gone. `past`: the
    past-edition mark (`--as-of`); `edition_name`: the published edition the papers carry
    ('' prints 未定版); `convert`: applied to each document's HTML (the 繁體中文 edition)."""
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    code, fonts = code_digest(PDF_CODE), fonts_fingerprint()
    jobs: list = book_jobs(book, title, out, cache, editor=editor, convert=convert,
                           mark=lambda html, front: with_past_mark(html, past, front))
    for name, html in documents(book, editor, edition_name).items():
        html = with_past_mark(html, past)
        html = convert(html) if convert else html
        jobs.append(PrintJob(name, html, out / f"{name}.pdf", book.root, cache.fonts, digest(html, code, fonts)))
    cache.keep_only(CACHE_PREFIX, {job.name for job in jobs})  # the book's parts included
    return jobs


def render_print(
    book: Handbook, out: Path, title: str, cache: OutputCache, *, editor: bool = False, past: str = "",
    edition_name: str = "", workers: int | None = None, convert: Callable[[str], str] | None = None,
) -> list[PrintOutput]:
    jobs = print_jobs(book, out, title, cache, editor=editor, past=past, edition_name=edition_name, convert=convert)
    seconds = run_jobs(jobs, cache, workers=workers)
    cache.save()
    return [PrintOutput(job.document, job.path, job.name in seconds) for job in jobs if job.document]
