"""Print every document to PDF, skipping those whose HTML did not change.

Input: a linked Handbook, the book's title, an output folder and an `OutputCache`. Output:
`<name>.pdf` per document (see `documents`); a document's cache key is the hash of its HTML,
the system fonts and the code of the HTML → PDF stage. `print_jobs` gives the jobs for the
build's shared pool (`pdf.run_jobs`); `render_print` runs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..cache import OutputCache, code_digest, digest
from ..fileio import write_atomic
from ..handbook import Handbook
from ..pdf import PDF_CODE, fonts_fingerprint, html_to_pdf, run_jobs
from .documents import documents

CACHE_PREFIX = "print:"


@dataclass
class PrintOutput:
    name: str  # "book", "<track>-signoff", …
    path: Path
    rendered: bool


@dataclass
class PrintJob:
    document: str
    source: str  # the document's HTML
    path: Path
    base: Path
    fonts: Path
    key: str

    @property
    def name(self) -> str:
        return CACHE_PREFIX + self.document

    @property
    def html(self) -> list[str]:
        return [self.source]

    @property
    def outputs(self) -> list[Path]:
        return [self.path]

    def run(self) -> None:
        write_atomic(self.path, html_to_pdf(self.source, self.base, self.fonts))


def print_jobs(book: Handbook, out: Path, title: str, cache: OutputCache, *, editor: bool = False) -> list[PrintJob]:
    """One job per print document; the cache forgets documents that are gone."""
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    code, fonts = code_digest(PDF_CODE), fonts_fingerprint()
    jobs = [PrintJob(name, html, out / f"{name}.pdf", book.root, cache.fonts, digest(html, code, fonts))
            for name, html in documents(book, title, editor).items()]
    cache.keep_only(CACHE_PREFIX, {job.name for job in jobs})
    return jobs


def render_print(book: Handbook, out: Path, title: str, cache: OutputCache, *, editor: bool = False,
                 workers: int | None = None) -> list[PrintOutput]:
    jobs = print_jobs(book, out, title, cache, editor=editor)
    seconds = run_jobs(jobs, cache, workers=workers)
    cache.save()
    return [PrintOutput(job.document, job.path, job.name in seconds) for job in jobs]
