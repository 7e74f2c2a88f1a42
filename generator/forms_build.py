"""Render every form of a handbook to PDF (and a PNG preview of page 1), in parallel,
skipping forms whose inputs did not change since the last run.

Input: a loaded Handbook and an output folder. Output: `<id>.pdf`, `<id>-copies.pdf` (for forms
with copies, when asked) and `<id>.png` in the folder, plus `manifest.json` recording the hash
of each form's inputs (its definition, its regulation's title, the renderer's own code).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .fileio import write_atomic
from .loader import Handbook, load

_CODE = Path(__file__).parent
_RENDERER_FILES = ["form_pdf.py", "form_html.py", "form_fonts.py", "templates/forms/form.css",
                   "templates/forms/form.html.j2", "templates/forms/field.html.j2"]


@dataclass
class FormOutput:
    form_id: str
    pdf: Path
    preview: Path
    copies_pdf: Path | None
    rendered: bool  # False when skipped as unchanged
    seconds: float = 0.0


def renderer_hash() -> str:
    digest = hashlib.sha256()
    for name in _RENDERER_FILES:
        digest.update((_CODE / name).read_bytes())
    return digest.hexdigest()


def input_hash(book: Handbook, form_id: str, copies: bool, code: str) -> str:
    form = book.forms[form_id]
    regulation = book.regulations[form.regulation]
    payload = json.dumps(
        [form.model_dump(mode="json"), regulation.title, copies, code], ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(payload.encode()).hexdigest()


_book: Handbook | None = None


def _init(root: str) -> None:
    global _book
    _book = load(root)


def render_one(form_id: str, out: str, cache: str, copies: bool, book: Handbook | None = None) -> tuple[str, float]:
    import time

    from .form_pdf import render_form_pdf

    book = book or _book
    started = time.perf_counter()
    form = book.forms[form_id]
    out_dir = Path(out)
    pdf = out_dir / f"{form_id}.pdf"
    write_atomic(pdf, render_form_pdf(book, form, Path(cache)))
    if copies and form.copies:
        write_atomic(out_dir / f"{form_id}-copies.pdf", render_form_pdf(book, form, Path(cache), copies=True))
    tmp_png = out_dir / f"{form_id}.preview"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(tmp_png)],
        check=True, capture_output=True,
    )
    Path(str(tmp_png) + ".png").replace(out_dir / f"{form_id}.png")
    return form_id, time.perf_counter() - started


def render_all(
    book: Handbook, out: Path, *, copies: bool = True, jobs: int | None = None,
    show_progress: bool = False, force: bool = False,
) -> list[FormOutput]:
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    cache = out / ".fonts"
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() and not force else {}
    code = renderer_hash()
    hashes = {fid: input_hash(book, fid, copies, code) for fid in book.forms}

    def outputs_exist(fid: str) -> bool:
        needed = [out / f"{fid}.pdf", out / f"{fid}.png"]
        if copies and book.forms[fid].copies:
            needed.append(out / f"{fid}-copies.pdf")
        return all(p.exists() for p in needed)

    todo = [fid for fid in sorted(book.forms) if manifest.get(fid) != hashes[fid] or not outputs_exist(fid)]
    seconds: dict[str, float] = {}
    jobs = jobs or os.cpu_count() or 1
    with Progress(
        TextColumn("表单"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
        disable=not show_progress, transient=False,
    ) as progress:
        task = progress.add_task("", total=len(todo))
        if jobs == 1 or len(todo) <= 1:
            for fid in todo:
                _, seconds[fid] = render_one(fid, str(out), str(cache), copies, book)
                progress.update(task, advance=1, description=fid)
        else:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(str(book.root),)) as pool:
                futures = [pool.submit(render_one, fid, str(out), str(cache), copies) for fid in todo]
                for future in as_completed(futures):
                    fid, secs = future.result()
                    seconds[fid] = secs
                    progress.update(task, advance=1, description=fid)
    for fid in todo:
        manifest[fid] = hashes[fid]
    for stale in set(manifest) - set(book.forms):
        del manifest[stale]
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return [
        FormOutput(
            fid, out / f"{fid}.pdf", out / f"{fid}.png",
            out / f"{fid}-copies.pdf" if copies and book.forms[fid].copies else None,
            fid in seconds, seconds.get(fid, 0.0),
        )
        for fid in sorted(book.forms)
    ]
