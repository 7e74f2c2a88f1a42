"""The build pipeline, one for `handbook build` and `handbook serve`:
load → form PDFs → print PDFs → the MkDocs project → MkDocs Material → swap into place.

Input: a project folder. Output: `build/site` (HTML), `build/project` (the generated MkDocs
project), `build/forms`, `build/print`, and `build/.cache` (what every PDF was rendered from,
and font subsets). The site is built in a staging folder first; the previous good build is
replaced only when the whole new one succeeded, so a failed build leaves it untouched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Callable

from .cache import OutputCache
from .fileio import remove_stale, replace_folder, write_atomic
from .forms import form_jobs
from .handbook import Handbook
from .loader import load
from .pdf import run_jobs
from .printing import print_jobs
from .settings import read_user_config, site_name
from .site import generate_project, layout_digest, run_mkdocs


def cache_folder(out: Path) -> Path:
    """Where a build folder keeps its output cache and font subsets."""
    return out / ".cache"


def default_out(root: Path, edition: str) -> Path:
    """build/ for the staff edition; build/<edition>/ for the others, so they never mix."""
    return root / "build" if edition == "staff" else root / "build" / edition


def _existing(paths: dict[str, Path]) -> dict[str, Path]:
    return {kind: path for kind, path in paths.items() if path.exists()}


def generate(
    book: Handbook, out: Path, project: Path, site_dir: Path, *, forms: bool = True, prints: bool = True,
    edition: str = "staff", render: bool = True,
) -> tuple[Path, list[str]]:
    """Render the PDFs into `out` (cached, all in one pool: `pdf.run_jobs`) and write the MkDocs
    project; return its mkdocs.yml and the PDFs that are out of date. `render=False` publishes
    the PDFs as last rendered and only lists the stale ones (`serve` shows the pages first and
    renders the PDFs after)."""
    user = read_user_config(book.root)
    cache = OutputCache(cache_folder(out))
    fjobs = form_jobs(book, out / "forms", cache, copies=True) if forms else []
    pjobs = print_jobs(book, out / "print", site_name(user), cache, editor=edition == "editor") if prints else []
    if render:
        run_jobs([*fjobs, *pjobs], cache)
    cache.save()
    stale = [job.name for job in (*fjobs, *pjobs) if not cache.fresh(job.name, job.key, job.outputs)]
    form_files = {}
    for job in fjobs:
        pdf, preview, *copies = job.outputs
        form_files[job.form.id] = _existing({"pdf": pdf, "preview": preview, **({"copies_pdf": copies[0]} if copies else {})})
    print_files = _existing({job.document: job.path for job in pjobs})
    config = generate_project(book, user, project, site_dir, form_files, print_files, edition, cache_folder(out) / "site")
    return config, stale


UNUSED_THEME_ASSETS = ("assets/javascripts/lunr", "assets/javascripts/workers")  # replaced by assets/search/


def prune_theme_assets(site: Path) -> None:
    """Drop what the theme ships but the handbook never loads: lunr and its worker (the handbook's
    search replaces them) and source maps. A plain `mkdocs build` of the project keeps them."""
    for rel in UNUSED_THEME_ASSETS:
        shutil.rmtree(site / rel, ignore_errors=True)
    for path in (site / "assets").rglob("*.map"):
        path.unlink()


def _swap(staging: Path, out: Path, names: list[str]) -> None:
    for name in names:
        if (staging / name).exists():
            replace_folder(staging / name, out / name)


GENERATOR_CODE = Path(__file__).parent


def input_fingerprint(root: Path, *parts: str) -> str:
    """Hash of everything a build reads: the project's docs/, forms/ and mkdocs.yml, the
    generator's own code and templates, and the options. Equal fingerprints, equal outputs."""
    h = hashlib.sha256("|".join(parts).encode())
    for folder in (root / "docs", root / "forms", GENERATOR_CODE):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(root if folder != GENERATOR_CODE else folder.parent)).encode())
                h.update(path.read_bytes())
    config = root / "mkdocs.yml"
    if config.is_file():
        h.update(config.read_bytes())
    return h.hexdigest()


def build_all(
    root: Path | str, out: Path | str | None = None, *, forms: bool = True, prints: bool = True,
    on_loaded: Callable[[Handbook], None] | None = None, edition: str = "staff",
) -> Path:
    """Build everything; `on_loaded` sees the validated handbook (the CLI prints its warnings)."""
    root = Path(root).resolve()
    out = Path(out).resolve() if out else default_out(root, edition)
    fingerprint = input_fingerprint(root, edition, str(forms), str(prints), str(out))
    stamp = cache_folder(out) / "build.sha256"
    book = load(root)
    if on_loaded:
        on_loaded(book)
    if stamp.is_file() and stamp.read_text() == fingerprint and (out / "site" / "index.html").is_file():
        return out / "site"  # nothing changed since the last good build
    out.mkdir(parents=True, exist_ok=True)
    remove_stale(out, (".staging-", ".trash-"))
    staging = out / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        # the project is written in place (only changed files touched); the site goes to staging
        config_path, _ = generate(book, out, out / "project", out / "site", forms=forms, prints=prints, edition=edition)
        layout, layout_stamp = layout_digest(out / "project"), cache_folder(out) / "layout.sha256"
        dirty = (out / "site").is_dir() and layout_stamp.is_file() and layout_stamp.read_text() == layout
        if dirty:  # same nav and theme: copy the last site (times kept) and build the changed pages only
            shutil.copytree(out / "site", staging / "site", copy_function=shutil.copy2)
        run_mkdocs(config_path, site_dir=staging / "site", dirty=dirty)
        prune_theme_assets(staging / "site")
        _swap(staging, out, ["site"])
        write_atomic(layout_stamp, layout.encode())
        write_atomic(stamp, fingerprint.encode())
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out / "site"
