"""The generated MkDocs project: written from the model, then built by plain MkDocs.

Input: a linked Handbook, the user's settings, and the form and print PDFs to publish.
Output: `project/docs/` (pages, flowcharts, assets, PDFs) and `project/mkdocs.yml`, written so
that only changed files are touched (`serve` reloads just those); `run_mkdocs` builds the HTML.
No MkDocs plugin API is used: the project builds with plain `mkdocs build --strict`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any, Callable

from ..cache import code_digest
from ..errors import HandbookError, Problem
from ..fileio import write_if_changed
from ..handbook import Handbook
from ..script import TEXT_SUFFIXES
from ..settings import site_name
from .mkdocs_config import OVERRIDES, dump, merge
from .renderer import Site, SiteRenderer

ASSETS = Path(__file__).parent / "assets"
THEME_OVERRIDES = Path(__file__).parent / "overrides"


def write_site(site: Site, docs_dir: Path, pages: list[Path], copies: list[tuple[Path, str]], files: dict[str, Path],
               convert: Callable[[str], str] | None = None) -> None:
    """Write pages, generated files, assets and hand-written pages into `docs_dir`; `convert`:
    applied to every text file first (a script edition).

    Only changed files are rewritten and files no longer produced are removed, so that a
    regeneration in place (`serve`) makes MkDocs reload just what changed.
    """
    wanted: set[Path] = set()

    def put(rel: str, data: bytes) -> None:
        path = docs_dir / rel
        wanted.add(path)
        if convert and path.suffix in TEXT_SUFFIXES:
            data = convert(data.decode("utf-8")).encode("utf-8")
        write_if_changed(path, data)

    for page in site.pages:
        put(page.path, page.content.encode("utf-8"))
    for rel, data in site.files.items():
        put(rel, data)
    for source, prefix in [(ASSETS, "assets")] + copies:
        for path in sorted(source.rglob("*")) if source.is_dir() else []:
            if path.is_file():
                put(f"{prefix}/{path.relative_to(source).as_posix()}", path.read_bytes())
    for page in pages:
        put(f"pages/{page.name}", page.read_bytes())
    for rel, source in files.items():
        put(rel, source.read_bytes())
    for path in sorted(docs_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def generate_project(
    book: Handbook, user: dict[str, Any], project: Path, site_dir: Path,
    form_files: dict[str, dict[str, Path]], print_files: dict[str, Path], edition: str = "staff",
    cache: Path | None = None, *, history: list | None = None, extra: dict[str, Any] | None = None,
    edition_name: str = "", extra_pages: dict[str, tuple[str, str]] | None = None,
    convert: Callable[[str], str] | None = None,
) -> Path:
    """Write the MkDocs project for `book` into `project`; return its mkdocs.yml path.

    `form_files`: form id → {"pdf"|"preview"|"copies_pdf": file}; `print_files`: name → file;
    `cache`: a folder kept between builds (compiled templates, the search index's words);
    `history`: the published editions (revision pages, change log); `extra`: settings for the
    theme override (`handbook_past`: the past-edition banner, `handbook_switcher`: the editions);
    `edition_name`: the published edition (git tag) the files are, '' when none; `extra_pages`:
    path → (nav title, Markdown) of pages made elsewhere (the editor edition's 签收情况);
    `convert`: a script edition's conversion, applied to every text file as it is written."""
    links: dict[str, dict[str, str]] = {}
    files: dict[str, Path] = {}
    for form_id, outputs in form_files.items():
        links[form_id] = {}
        for kind, source in outputs.items():
            suffix = {"pdf": ".pdf", "preview": ".png", "copies_pdf": "-copies.pdf"}[kind]
            files[f"forms/files/{form_id}{suffix}"] = source
            links[form_id][kind] = f"forms/files/{form_id}{suffix}"
    print_links = {name: f"print/{name}.pdf" for name in print_files}
    files.update({f"print/{name}.pdf": path for name, path in print_files.items()})
    site = SiteRenderer(
        book, site_name(user), links, print_links, editor=edition == "editor", history=history, edition_name=edition_name,
        cache=cache,
    ).render()
    for rel, (title, markdown) in (extra_pages or {}).items():
        site.files[rel] = markdown.encode("utf-8")
        site.nav.append({title: rel})
    switcher = (extra or {}).get("handbook_switcher")
    if switcher:
        site.files["assets/edition-pages.js"] = edition_pages_script(site, book.pages, switcher["this"])
    write_site(site, project / "docs", book.pages, [(book.root / "docs" / "assets", "assets")], files, convert)
    for path in sorted(THEME_OVERRIDES.rglob("*")):
        if path.is_file():
            write_if_changed(project / OVERRIDES / path.relative_to(THEME_OVERRIDES), path.read_bytes())
    config_path = project / "mkdocs.yml"
    write_if_changed(config_path, dump(merge(user, site.nav, site_dir, edition, extra)).encode("utf-8"))
    return config_path


def edition_pages_script(site: Site, pages: list[Path], name: str) -> bytes:
    """assets/edition-pages.js: this edition's page URLs, which the edition switcher of the other
    editions reads (a script, so that it works from file:// too) to link "this page" or, when
    an edition has no such page, its home page."""
    urls = sorted({p.path[: -len(".md")] + ".html" for p in site.pages} | {f"pages/{p.stem}.html" for p in pages})
    return f"handbookEditionPages({json.dumps(name)}, {json.dumps(urls, ensure_ascii=False)});\n".encode("utf-8")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


DIRTY_WARNING = "A 'dirty' build is being performed"  # MkDocs' caution; ours are safe, see `layout_digest`


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(DIRTY_WARNING)


def layout_digest(project: Path) -> str:
    """What every page's HTML depends on besides its own Markdown: mkdocs.yml (nav, theme
    settings), the theme overrides, the list of files, and the code that writes them. While it
    stays the same, a page whose Markdown did not change renders to the same HTML, so MkDocs'
    dirty mode (only pages whose source is newer than their HTML) builds exactly the pages an
    edit touched."""
    h = hashlib.sha256(code_digest(Path(__file__).parent).encode())
    h.update((project / "mkdocs.yml").read_bytes())
    for path in sorted((project / OVERRIDES).rglob("*")):
        if path.is_file():
            h.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes())
    for path in sorted((project / "docs").rglob("*")):
        h.update(path.relative_to(project).as_posix().encode() + b"\0")
    return h.hexdigest()


def run_mkdocs(config_path: Path, strict: bool = True, *, site_dir: Path | None = None, dirty: bool = False) -> None:
    """Run a plain MkDocs build of the generated project; warnings fail the build in strict mode.
    `site_dir` overrides the project's; `dirty`: only pages whose Markdown is newer than their HTML."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    build_logger = logging.getLogger("mkdocs.commands.build")
    build_logger.addFilter(_not_dirty_warning)
    try:
        overrides = {"site_dir": str(site_dir)} if site_dir else {}
        config = load_config(config_file=str(config_path), strict=strict, **overrides)
        build(config, dirty=dirty)
    except (MkDocsException, SystemExit) as error:
        messages = collector.messages or [str(error)]
        raise HandbookError([Problem(str(config_path), 1, 1, f"MkDocs: {m}") for m in messages]) from None
    finally:
        logger.removeHandler(collector)
        build_logger.removeFilter(_not_dirty_warning)
