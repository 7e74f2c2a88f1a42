"""The build pipeline: load → render the MkDocs project → MkDocs Material → swap into place.

Input: a project folder. Output: `build/site` (HTML) and `build/project` (the generated MkDocs
project). Everything is built in a staging folder first; the previous good build is replaced
only when the whole new one succeeded, so a failed build leaves it untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path
from typing import Callable

from .errors import HandbookError, Problem
from .fileio import write_if_changed
from .forms_build import FormOutput, render_all
from .print_book import PrintOutput, render_print
from .loader import Handbook, load
from .mkdocs_config import dump, merge, read_user_config
from .site import SiteRenderer, write_site


def form_site_files(forms: list[FormOutput]) -> tuple[dict[str, dict[str, str]], dict[str, Path]]:
    """Where each form's PDF and preview go in the site: links per form, and files to copy."""
    links: dict[str, dict[str, str]] = {}
    files: dict[str, Path] = {}
    for output in forms:
        entry = {"pdf": f"forms/files/{output.form_id}.pdf", "preview": f"forms/files/{output.form_id}.png"}
        files[entry["pdf"]], files[entry["preview"]] = output.pdf, output.preview
        if output.copies_pdf is not None:
            entry["copies_pdf"] = f"forms/files/{output.form_id}-copies.pdf"
            files[entry["copies_pdf"]] = output.copies_pdf
        links[output.form_id] = entry
    return links, files


def site_name(book: Handbook) -> str:
    return read_user_config(book.root / "mkdocs.yml").get("site_name", "客户服务中心制度手册")


def generate_project(
    book: Handbook, project: Path, site_dir: Path, forms: list[FormOutput] | None = None,
    prints: list[PrintOutput] | None = None,
) -> Path:
    """Write the MkDocs project for `book` into `project`; return its mkdocs.yml path."""
    user = read_user_config(book.root / "mkdocs.yml")
    links, files = form_site_files(forms or [])
    print_links = {p.name: f"print/{p.name}.pdf" for p in prints or []}
    files.update({f"print/{p.name}.pdf": p.path for p in prints or []})
    renderer = SiteRenderer(book, user.get("site_name", "客户服务中心制度手册"), links, print_links)
    site = renderer.render()
    write_site(site, project / "docs", book.pages, [(book.root / "docs" / "assets", "assets")], files)
    config_path = project / "mkdocs.yml"
    text = dump(merge(user, site.nav, site_dir))
    write_if_changed(config_path, text.encode("utf-8"))
    return config_path


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(config_path: Path, strict: bool = True) -> None:
    """Run a plain MkDocs build of the generated project; warnings fail the build in strict mode."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        config = load_config(config_file=str(config_path), strict=strict)
        build(config)
    except (MkDocsException, SystemExit) as error:
        messages = collector.messages or [str(error)]
        raise HandbookError([Problem(str(config_path), 1, 1, f"MkDocs: {m}") for m in messages]) from None
    finally:
        logger.removeHandler(collector)


def _swap(staging: Path, out: Path, names: list[str]) -> None:
    for name in names:
        new, old, trash = staging / name, out / name, out / f".trash-{name}-{os.getpid()}"
        if not new.exists():
            continue
        if old.exists():
            old.rename(trash)
        new.rename(old)
        shutil.rmtree(trash, ignore_errors=True)


def build_all(
    root: Path | str, out: Path | str | None = None, *, forms: bool = True, prints: bool = True,
    on_loaded: Callable[[Handbook], None] | None = None,
) -> Path:
    """Build everything; `on_loaded` sees the validated handbook (the CLI prints its warnings)."""
    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / "build"
    started = time.perf_counter()
    book = load(root)
    if on_loaded:
        on_loaded(book)
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    form_outputs = render_all(book, out / "forms", copies=True) if forms else []
    print_outputs = render_print(book, out / "print", site_name(book)) if prints else []
    try:
        config_path = generate_project(book, staging / "project", staging / "site", form_outputs, print_outputs)
        run_mkdocs(config_path)
        # the project's site_dir points into staging; rewrite it to the final place
        text = config_path.read_text(encoding="utf-8").replace(str(staging / "site"), str(out / "site"))
        config_path.write_text(text, encoding="utf-8")
        _swap(staging, out, ["project", "site"])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    logging.getLogger(__name__).info("built in %.1f s", time.perf_counter() - started)
    return out / "site"
