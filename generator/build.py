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

from .audience import for_edition
from .cache import OutputCache
from .fileio import remove_stale, replace_folder, write_atomic
from .forms import FormOutput, render_all
from .handbook import Handbook
from .loader import load
from .printing import render_print
from .settings import read_user_config, site_name
from .script import converter
from .site import generate_project, run_mkdocs
from .site.script_edition import finish_project, settings as edition_settings


def cache_folder(out: Path) -> Path:
    """Where a build folder keeps its output cache and font subsets."""
    return out / ".cache"


def form_files(outputs: list[FormOutput]) -> dict[str, dict[str, Path]]:
    files: dict[str, dict[str, Path]] = {}
    for output in outputs:
        files[output.form_id] = {"pdf": output.pdf, "preview": output.preview}
        if output.copies_pdf is not None:
            files[output.form_id]["copies_pdf"] = output.copies_pdf
    return files


def default_out(root: Path, edition: str) -> Path:
    """build/ for the staff edition; build/<edition>/ for the others, so they never mix."""
    return root / "build" if edition == "staff" else root / "build" / edition


def generate(
    book: Handbook, out: Path, project: Path, site_dir: Path, *, forms: bool = True, prints: bool = True,
    edition: str = "staff", script: str | None = None, scripts: tuple[str, ...] = (),
) -> Path:
    """Render the PDFs into `out` (cached) and write the MkDocs project; return its mkdocs.yml.
    Only what the edition's audience may read reaches the renderers (`audience`); a `script`
    edition (zh-Hant) is converted with OpenCC once, as it is written out: the PDFs' HTML, then
    the project's files (`script`); `scripts`: the language switch."""
    book = for_edition(book, edition)
    user = read_user_config(book.root)
    conv = converter(book.root, user, script) if script else None
    user = edition_settings(user, script, scripts)
    cache = OutputCache(cache_folder(out))
    convert = conv.convert if conv else None
    form_outputs = render_all(book, out / "forms", cache, copies=True, convert=convert) if forms else []
    editor = edition == "editor"
    print_outputs = render_print(book, out / "print", site_name(user), cache, editor=editor, convert=convert) if prints else []
    config = generate_project(
        book, user, project, site_dir, form_files(form_outputs), {p.name: p.path for p in print_outputs}, edition,
    )
    if conv:
        finish_project(project, book, conv)
    return config


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
    script: str | None = None, scripts: tuple[str, ...] = (),
) -> Path:
    """Build everything; `on_loaded` sees the validated handbook (the CLI prints its warnings)."""
    root = Path(root).resolve()
    out = Path(out).resolve() if out else default_out(root, edition)
    fingerprint = input_fingerprint(root, edition, str(forms), str(prints), str(out), str(script), ",".join(scripts))
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
        config_path = generate(
            book, out, staging / "project", staging / "site", forms=forms, prints=prints, edition=edition,
            script=script, scripts=scripts,
        )
        run_mkdocs(config_path)
        prune_theme_assets(staging / "site")
        # the project's site_dir points into staging; rewrite it to the final place
        text = config_path.read_text(encoding="utf-8").replace(str(staging / "site"), str(out / "site"))
        config_path.write_text(text, encoding="utf-8")
        _swap(staging, out, ["project", "site"])
        write_atomic(stamp, fingerprint.encode())
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out / "site"
