"""Render every form of a handbook to PDF (and a PNG preview of page 1), in parallel, skipping
forms whose rendered input did not change.

Input: a loaded Handbook, an output folder and an `OutputCache`. Output: `<id>.pdf`,
`<id>-copies.pdf` (for forms with copies, when asked) and `<id>.png` (page 1 at 50 dpi in at most
`PREVIEW_COLOURS` colours: a third of full colour's weight, the same picture) in the folder. A form's
cache key is the hash of its HTML (blank, and per copy), the system fonts and the code of the
HTML → PDF stage, so any change in what a form shows re-renders exactly that form.
`form_jobs` gives the jobs for the build's shared pool (`pdf.run_jobs`); `render_all` runs them.
"""

from __future__ import annotations

import io
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PIL import Image
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..cache import OutputCache, code_digest, digest
from ..fileio import write_atomic
from ..handbook import Handbook
from ..model import Form
from ..pdf import PDF_CODE, fonts_fingerprint, run_jobs
from ..script import convert_model
from . import pdf as form_pdf
from .html import form_html

CACHE_PREFIX = "form:"
FORMS_CODE = Path(__file__).parent
PREVIEW_COLOURS = 128


@dataclass
class FormOutput:
    form_id: str
    pdf: Path
    preview: Path
    copies_pdf: Path | None
    rendered: bool  # False when skipped as unchanged
    seconds: float = 0.0


@dataclass
class FormJob:
    """Everything a worker needs to render one form: no Handbook crosses the process boundary."""

    form: Form
    blank_html: str
    copies_html: str | None
    out: Path
    base: Path
    fonts: Path
    key: str

    @property
    def name(self) -> str:
        return CACHE_PREFIX + self.form.id

    @property
    def html(self) -> list[str]:
        return [self.blank_html] + ([self.copies_html] if self.copies_html else [])

    @property
    def outputs(self) -> list[Path]:
        names = [f"{self.form.id}.pdf", f"{self.form.id}.png"] + ([f"{self.form.id}-copies.pdf"] if self.copies_html else [])
        return [self.out / name for name in names]

    def output(self, seconds: dict[str, float]) -> FormOutput:
        pdf, preview, *copies = self.outputs
        return FormOutput(self.form.id, pdf, preview, copies[0] if copies else None, self.name in seconds,
                          seconds.get(self.name, 0.0))

    def run(self) -> None:
        """Write the form's PDFs and its preview."""
        fid = self.form.id
        pdf = self.out / f"{fid}.pdf"
        write_atomic(pdf, form_pdf.finish(form_pdf.pdf_from_html(self.blank_html, self.base, self.fonts), self.form))
        if self.copies_html:
            copies = form_pdf.finish(form_pdf.pdf_from_html(self.copies_html, self.base, self.fonts), self.form)
            write_atomic(self.out / f"{fid}-copies.pdf", copies)
        tmp_png = self.out / f".{fid}.preview.{os.getpid()}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(tmp_png)],
            check=True, capture_output=True,
        )
        rendered = Path(str(tmp_png) + ".png")
        try:
            write_atomic(self.out / f"{fid}.png", palette_png(rendered))
        finally:
            rendered.unlink(missing_ok=True)


def palette_png(path: Path) -> bytes:
    """The PNG at `path` with a palette of at most `PREVIEW_COLOURS` colours. A form at 50 dpi is
    black, grey and the field tints, antialiased: a few hundred colours, mostly near-duplicates.
    Max coverage keeps the rare ones too (the red of a required field's asterisk, which median cut
    turns grey): on the default forms no pixel moves by more than 3 of 255. No dithering noise."""
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(PREVIEW_COLOURS, method=Image.Quantize.MAXCOVERAGE)
    data = io.BytesIO()
    reduced.save(data, "PNG", optimize=True)
    return data.getvalue()


def form_jobs(
    book: Handbook, out: Path, cache: OutputCache, *, copies: bool = True, convert: Callable[[str], str] | None = None,
) -> list[FormJob]:
    """One job per form, in id order; the cache forgets forms that are gone. `convert`: applied
    to each form's HTML, field tooltips and title (the 繁體中文 edition's script conversion)."""
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    code, fonts = code_digest(PDF_CODE, FORMS_CODE), fonts_fingerprint()
    html = convert or (lambda text: text)
    jobs = []
    for form in sorted(book.forms.values(), key=lambda f: f.id):
        blank = html(form_html(book, form))
        copies_html = html(form_html(book, form, copies=True)) if copies and form.copies else None
        shown = convert_model(form, convert) if convert else form
        jobs.append(FormJob(shown, blank, copies_html, out, book.root, cache.fonts, digest(blank, copies_html or "", code, fonts)))
    cache.keep_only(CACHE_PREFIX, {job.name for job in jobs})
    return jobs


def render_all(
    book: Handbook, out: Path, cache: OutputCache, *, copies: bool = True, jobs: int | None = None,
    show_progress: bool = False, convert: Callable[[str], str] | None = None,
) -> list[FormOutput]:
    todo = form_jobs(book, out, cache, copies=copies, convert=convert)
    with Progress(
        TextColumn("表单"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
        disable=not show_progress, transient=False,
    ) as progress:
        task = progress.add_task("", total=sum(not cache.fresh(j.name, j.key, j.outputs) for j in todo))
        seconds = run_jobs(todo, cache, workers=jobs,
                           on_done=lambda name: progress.update(task, advance=1, description=name[len(CACHE_PREFIX):]))
    cache.save()
    return [job.output(seconds) for job in todo]
