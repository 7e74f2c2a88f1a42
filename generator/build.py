"""The build pipeline, one for `handbook build` and `handbook serve`:
load → form PDFs → print PDFs → the MkDocs project → MkDocs Material → swap into place.

Input: a project folder. Output: `build/site` (HTML), `build/project` (the generated MkDocs
project), `build/forms`, `build/print`, and `build/.cache` (what every PDF was rendered from,
and font subsets). The site is built in a staging folder first; the previous good build is
replaced only when the whole new one succeeded, so a failed build leaves it untouched.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import time
from pathlib import Path
from typing import Callable

from .audience import for_edition
from .cache import OutputCache
from .editions import Edition, Published, checkout, compare, editions, in_force_on, published
from .fileio import remove_stale, replace_folder, write_atomic
from .forms import form_jobs
from .handbook import Handbook
from .loader import load
from .pdf import run_jobs
from .printing import print_jobs
from .settings import read_user_config, site_name
from .script import SCRIPTS, converter
from .signoff import History, fillable_jobs, report_page
from .signoff import history as signoff_history
from .site import generate_project, layout_digest, minify_site, run_mkdocs
from .site.script_edition import finish_project, settings as edition_settings


def cache_folder(out: Path) -> Path:
    """Where a build folder keeps its output cache and font subsets."""
    return out / ".cache"


def _existing(paths: dict[str, Path]) -> dict[str, Path]:
    return {kind: path for kind, path in paths.items() if path.exists()}


def default_out(root: Path, edition: str) -> Path:
    """build/ for the staff edition; build/<edition>/ for the others, so they never mix."""
    return root / "build" if edition == "staff" else root / "build" / edition


def mark_forms(book: Handbook, past: str) -> Handbook:
    """The handbook with every form of a past edition saying so in its printed notes (a copy:
    `book` is left as it is)."""
    forms = {fid: form.model_copy(update={"notes": [*form.notes, f"历史版本：{past}"]}) for fid, form in book.forms.items()}
    return dataclasses.replace(book, forms=forms)


def _edition_jobs(
    book: Handbook, out: Path, edition: str, title: str, *, past: str = "", hist: History | None = None,
    forms: bool = True, prints: bool = True, convert: Callable[[str], str] | None = None,
) -> tuple[Handbook, OutputCache, History, list, list]:
    """What the edition's readers get of `book` (marked as `past` when it is a past edition), its
    output cache, the editions' view of it, and its form and print jobs (fillable papers
    included; `pdf.run_jobs` renders them)."""
    book = for_edition(book, edition)
    book = mark_forms(book, past) if past else book
    cache = OutputCache(cache_folder(out))
    hist = hist or signoff_history(book.root, book)
    fjobs = form_jobs(book, out / "forms", cache, copies=True, convert=convert) if forms else []
    pjobs = [*print_jobs(book, out / "print", title, cache, editor=edition == "editor", past=past,
                         edition_name=hist.current, convert=convert),
             *fillable_jobs(book, hist.current, out / "print", cache, past)] if prints else []
    return book, cache, hist, fjobs, pjobs


def render_pdfs(book: Handbook, out: Path, *, edition: str = "staff") -> None:
    """Render the edition's out-of-date PDFs into `out`, where `generate` publishes them from,
    and nothing else (`serve` renders them behind the pages)."""
    _, cache, _, fjobs, pjobs = _edition_jobs(book, out, edition, site_name(read_user_config(book.root)))
    run_jobs([*fjobs, *pjobs], cache)
    cache.save()


def generate(
    book: Handbook, out: Path, project: Path, site_dir: Path, *, forms: bool = True, prints: bool = True,
    edition: str = "staff", history: list[Published] | None = None, extra: dict | None = None, past: str = "",
    hist: History | None = None, render: bool = True, script: str | None = None, scripts: tuple[str, ...] = (),
) -> tuple[Path, list[str]]:
    """Render the PDFs into `out` (cached, all in one pool: `pdf.run_jobs`) and write the MkDocs
    project; return its mkdocs.yml and the PDFs that are out of date. `render=False` publishes
    the PDFs as last rendered and only lists the stale ones (`serve` shows the pages first and
    renders the PDFs after). `past`: the past-edition mark for every page and PDF (`--as-of`).
    Papers and the site's quiz slips carry the published edition the files are (`hist.current`,
    the sign-off records' view of the editions); the editor edition gets the 签收情况 page when
    the project keeps a roster. Only what the edition's audience may read reaches the renderers
    (`audience`); a `script` edition (zh-Hant) is converted with OpenCC once, as it is written
    out: the PDFs' HTML, then the project's files (`script`); `scripts`: the language switch."""
    user = read_user_config(book.root)
    conv = converter(book.root, user, script) if script else None
    book, cache, hist, fjobs, pjobs = _edition_jobs(book, out, edition, site_name(user), past=past, hist=hist,
                                                    forms=forms, prints=prints, convert=conv.convert if conv else None)
    user = edition_settings(user, script, scripts)
    editor = edition == "editor"
    if render:  # without rendering, the cache is only read: a render running beside owns it
        run_jobs([*fjobs, *pjobs], cache)
        cache.save()
    stale = [job.name for job in (*fjobs, *pjobs) if not cache.fresh(job.name, job.key, job.outputs)]
    form_files = {}
    for job in fjobs:
        pdf, preview, *copies = job.outputs
        form_files[job.form.id] = _existing({"pdf": pdf, "preview": preview, **({"copies_pdf": copies[0]} if copies else {})})
    print_files = _existing({job.document: job.path for job in pjobs if job.document})
    page = report_page(book.root, book, hist) if editor and not past else None
    extra = {**(extra or {}), **({"handbook_past": past} if past else {})}
    config = generate_project(
        book, user, project, site_dir, form_files, print_files, edition, cache_folder(out) / "site",
        history=history, extra=extra, edition_name=hist.current,
        extra_pages={"signoff.md": ("签收情况", page)} if page else None, convert=conv.convert if conv else None,
    )
    if conv:
        finish_project(project, book, conv)
    return config, stale


UNUSED_THEME_ASSETS = ("assets/javascripts/lunr", "assets/javascripts/workers")  # replaced by assets/search/


def prune_theme_assets(site: Path) -> None:
    """Drop what the theme ships but the handbook never loads: lunr and its worker (the handbook's
    search replaces them) and source maps. A plain `mkdocs build` of the project keeps them (and
    its pages as MkDocs writes them: the build minifies its own, `minify_site`)."""
    for rel in UNUSED_THEME_ASSETS:
        shutil.rmtree(site / rel, ignore_errors=True)
    for path in (site / "assets").rglob("*.map"):
        path.unlink()


MTIME_SLACK = 2.0  # s: a file's time may lag the clock by a tick; minifying a page again changes nothing


def _published_beside(site: Path) -> Callable[[str, list[str]], list[str]]:
    """What a dirty build does not copy from the last site: the folders published into it after
    MkDocs (past editions, script editions), which are put there anew."""
    def ignore(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if Path(folder) == site and (n == "editions" or n in SCRIPTS)]
    return ignore


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


def as_of_mark(day: dt.date, chosen: Edition) -> str:
    return f"{day} 施行的制度，即 {chosen.name} 版（{chosen.date} 发布）；仅供查阅，现行制度以现行版为准。"


@dataclasses.dataclass
class Summary:
    """What a build tells of the handbook it built: the warnings, and what the edition's readers get."""

    warnings: list[str]
    regulations: int
    forms: int
    tracks: int

    @classmethod
    def of(cls, book: Handbook, edition: str) -> "Summary":
        shown = for_edition(book, edition)  # managers' forms are not the staff's
        return cls([str(w) for w in book.warnings], len(shown.regulations), len(shown.forms), len(shown.tracks))

    @classmethod
    def read(cls, path: Path) -> "Summary | None":
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None


def build_all(
    root: Path | str, out: Path | str | None = None, *, forms: bool = True, prints: bool = True,
    on_summary: Callable[[Summary], None] | None = None, edition: str = "staff", as_of: dt.date | None = None,
    script: str | None = None, scripts: tuple[str, ...] = (),
) -> Path:
    """Build everything; `on_summary` hears the handbook's warnings and counts (the CLI prints
    them). When the inputs' hash is that of the last good build, nothing is loaded or built.
    `as_of`: build the edition in force on that date instead, marked as a past edition (into
    build/as-of-DATE/). With git tags, the site keeps every edition under editions/<tag>/."""
    root = Path(root).resolve()
    source, past, found = root, "", []
    if as_of:
        chosen = in_force_on(root, as_of)
        source, past = checkout(root, chosen.name), as_of_mark(as_of, chosen)
        out = Path(out).resolve() if out else root / "build" / f"as-of-{as_of}"
    else:
        out = Path(out).resolve() if out else default_out(root, edition)
        found = editions(root)  # one quick git call; none outside git or without tags
    tags = [f"{e.name}={e.rev}" for e in found]
    fingerprint = input_fingerprint(source, edition, str(forms), str(prints), str(out), past, *tags, str(script),
                                    ",".join(scripts))
    stamp, said = cache_folder(out) / "build.sha256", cache_folder(out) / "summary.json"
    last = Summary.read(said)
    if last and stamp.is_file() and stamp.read_text() == fingerprint and (out / "site" / "index.html").is_file():
        if on_summary:
            on_summary(last)
        return out / "site"  # nothing changed since the last good build
    book = load(source)
    history: list[Published] = []
    if found:
        history, problems = published(root, found)
        book.warnings = sorted(book.warnings + problems)
    summary = Summary.of(book, edition)
    if on_summary:
        on_summary(summary)
    out.mkdir(parents=True, exist_ok=True)
    remove_stale(out, (".staging-", ".trash-"))
    staging = out / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        archived = archived_editions(history, book)
        extra = {"handbook_switcher": switcher(history, archived, None)} if archived else {}
        # the project is written in place (only changed files touched); the site goes to staging
        config_path, _ = generate(
            book, out, out / "project", out / "site", forms=forms, prints=prints, edition=edition,
            history=history, extra=extra, past=past, hist=None if as_of else signoff_history(root, book),
            script=script, scripts=scripts,
        )
        layout, layout_stamp = layout_digest(out / "project"), cache_folder(out) / "layout.sha256"
        dirty = (out / "site").is_dir() and layout_stamp.is_file() and layout_stamp.read_text() == layout
        if dirty:  # same nav and theme: copy the last site (times kept) and build the changed pages only
            shutil.copytree(out / "site", staging / "site", copy_function=shutil.copy2, ignore=_published_beside(out / "site"))
        started = time.time()
        run_mkdocs(config_path, site_dir=staging / "site", dirty=dirty)
        prune_theme_assets(staging / "site")
        minify_site(staging / "site", since=started - MTIME_SLACK if dirty else None)  # the pages MkDocs wrote
        for item in archived:
            build_archive(item, history, archived, out, staging / "site" / "editions" / item.slug)
        _swap(staging, out, ["site"])
        write_atomic(layout_stamp, layout.encode())
        write_atomic(said, json.dumps(dataclasses.asdict(summary), ensure_ascii=False).encode("utf-8"))
        write_atomic(stamp, fingerprint.encode())
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out / "site"


def archived_editions(history: list[Published], book: Handbook) -> list[Published]:
    """The editions kept beside the current site, newest first: every tag, except the newest
    when the current files have the same regulations (then the current site is that edition)."""
    loaded = [item for item in history if item.book is not None]
    if loaded and not compare(loaded[0].book, book):
        return loaded[1:]
    return loaded


def switcher(history: list[Published], archived: list[Published], this: Published | None) -> dict:
    """The edition switcher's data for one site: each edition's label and its root relative to
    this site's root (the current site at the top, the archives under editions/<tag>/)."""
    same = history[0] if history and (not archived or archived[0] is not history[0]) else None
    entries = [{"name": "", "label": f"现行版（{same.edition.name}）" if same else "现行版", "root": "../.." if this else "."}]
    for item in archived:
        root = "." if item is this else f"../{item.slug}" if this else f"editions/{item.slug}"
        entries.append({"name": item.slug, "label": f"{item.edition.name}（{item.edition.date}）", "root": root})
    return {"this": this.slug if this else "", "entries": entries}


def build_archive(item: Published, history: list[Published], archived: list[Published], out: Path, target: Path) -> None:
    """One past edition's site (pages only: its PDFs are not kept), marked as superseded, into
    `target`; reused from build/.cache/editions/ while its commit, the code and the editions are the same."""
    at = history.index(item)
    newer = f" {history[at - 1].edition.name} 版" if at else "现行版"
    past = f"{item.edition.name} 版（{item.edition.date} 发布，{item.in_force} 施行），已被{newer}取代，仅供查阅。"
    extra = {"handbook_switcher": switcher(history, archived, item)}
    cached = cache_folder(out) / "editions" / item.slug
    fingerprint = input_fingerprint(item.book.root, "archive", item.edition.rev, json.dumps(extra, ensure_ascii=False), past)
    stamp = cached / "build.sha256"
    if not (stamp.is_file() and stamp.read_text() == fingerprint):
        shutil.rmtree(cached, ignore_errors=True)
        config_path, _ = generate(
            item.book, cached, cached / "project", cached / "site", forms=False, prints=False,
            history=history[history.index(item):], extra=extra, past=past,
        )
        run_mkdocs(config_path)
        prune_theme_assets(cached / "site")
        minify_site(cached / "site")
        write_atomic(stamp, fingerprint.encode())
    shutil.rmtree(target, ignore_errors=True)  # a dirty build starts from the last site, archives included
    shutil.copytree(cached / "site", target)
