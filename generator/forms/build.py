"""Render every form of a handbook to PDF (and a PNG preview of page 1), in parallel, skipping
forms whose rendered input did not change.

Input: a loaded Handbook, an output folder and an `OutputCache`. Output: `<id>.pdf`,
`<id>-copies.pdf` (for forms with copies, when asked) and `<id>.png` in the folder. A form's
cache key is the hash of its HTML (blank, and per copy), the system fonts and the code of the
HTML → PDF stage, so any change in what a form shows re-renders exactly that form.
"""

from __future__ import annotations

import os
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..cache import OutputCache, code_digest, digest
from ..fileio import write_atomic
from ..handbook import Handbook
from ..model import Form
from ..pdf import PDF_CODE, fonts_fingerprint
from ..script import convert_model
from . import pdf as form_pdf
from .html import form_html

CACHE_PREFIX = "form:"
FORMS_CODE = Path(__file__).parent


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
    html: str
    copies_html: str | None
    out: Path
    base: Path
    fonts: Path

    @property
    def outputs(self) -> list[Path]:
        names = [f"{self.form.id}.pdf", f"{self.form.id}.png"] + ([f"{self.form.id}-copies.pdf"] if self.copies_html else [])
        return [self.out / name for name in names]

    def key(self, code: str, fonts: str) -> str:
        return digest(self.html, self.copies_html or "", code, fonts)


def render_job(job: FormJob) -> tuple[str, float]:
    """Write the job's PDFs and preview; return (form id, seconds)."""
    started = time.perf_counter()
    fid = job.form.id
    pdf = job.out / f"{fid}.pdf"
    write_atomic(pdf, form_pdf.finish(form_pdf.pdf_from_html(job.html, job.base, job.fonts), job.form))
    if job.copies_html:
        copies = form_pdf.finish(form_pdf.pdf_from_html(job.copies_html, job.base, job.fonts), job.form)
        write_atomic(job.out / f"{fid}-copies.pdf", copies)
    tmp_png = job.out / f".{fid}.preview.{os.getpid()}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(tmp_png)],
        check=True, capture_output=True,
    )
    Path(str(tmp_png) + ".png").replace(job.out / f"{fid}.png")
    return fid, time.perf_counter() - started


def render_all(
    book: Handbook, out: Path, cache: OutputCache, *, copies: bool = True, jobs: int | None = None,
    show_progress: bool = False, convert: Callable[[str], str] | None = None,
) -> list[FormOutput]:
    """`convert`: applied to each form's HTML (the 繁體中文 edition's script conversion)."""
    html = convert or (lambda text: text)
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    code = code_digest(PDF_CODE, FORMS_CODE)
    fonts = fonts_fingerprint()
    all_jobs = [
        FormJob(
            convert_model(form, convert) if convert else form,  # the PDF's field tooltips and title
            html(form_html(book, form)), html(form_html(book, form, copies=True)) if copies and form.copies else None,
            out, book.root, cache.fonts,
        )
        for form in sorted(book.forms.values(), key=lambda f: f.id)
    ]
    keys = {job.form.id: job.key(code, fonts) for job in all_jobs}
    todo = [job for job in all_jobs if not cache.fresh(CACHE_PREFIX + job.form.id, keys[job.form.id], job.outputs)]
    seconds: dict[str, float] = {}
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    with Progress(
        TextColumn("表单"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
        disable=not show_progress, transient=False,
    ) as progress:
        task = progress.add_task("", total=len(todo))
        if workers <= 1:
            results = (render_job(job) for job in todo)
            for fid, secs in results:
                seconds[fid] = secs
                progress.update(task, advance=1, description=fid)
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for future in as_completed([pool.submit(render_job, job) for job in todo]):
                    fid, secs = future.result()
                    seconds[fid] = secs
                    progress.update(task, advance=1, description=fid)
    for fid in seconds:
        cache.record(CACHE_PREFIX + fid, keys[fid])
    cache.keep_only(CACHE_PREFIX, {CACHE_PREFIX + fid for fid in keys})
    cache.save()
    return [
        FormOutput(job.form.id, job.outputs[0], job.outputs[1], job.outputs[2] if job.copies_html else None,
                   job.form.id in seconds, seconds.get(job.form.id, 0.0))
        for job in all_jobs
    ]

