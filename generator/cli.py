"""The `handbook` command: check, build, compare, serve, schema, forms, fill, extract, import, signoff.

Input: the command line. Output: files and messages; every command that reads the project
loads it once and prints every problem as path:line:col (exit 2, no traceback).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

import typer
from rich.console import Console

from .build import cache_folder
from .publish import build_editions
from .cache import OutputCache
from .editions import WORKING, compare_revisions, declared_class_warnings, edition_label
from .editions.compare import CLASS_NAMES
from .errors import HandbookError
from .fileio import write_atomic
from .forms import extract_values, fill_form, render_all, to_csv
from .importer import SCRIPTS, import_documents
from .linker import publication_gaps
from .loader import load
from .printing import revision_html, revision_pdf
from .review import overdue_warnings
from .schema import write_schemas
from .script import SCRIPTS as EDITION_SCRIPTS, protected_terms
from .settings import EDITIONS, read_user_config, review_overdue_fatal, site_name
from .signoff import check_records, signoff_app
from .serve import serve as run_server

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Keep a customer-service center's regulations as YAML; publish them as a handbook site, PDF forms and training.",
)
# User text (paths, messages, titles) is printed exactly as written: no markup, emoji codes or highlighting
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)
out = Console(highlight=False, soft_wrap=True, markup=False, emoji=False)

ROOT_OPTION = typer.Option(Path("."), "--root", "-r", help="Project folder holding docs/, forms/ and mkdocs.yml.")
app.add_typer(signoff_app, name="signoff", help="Read-and-sign records: sheets to sign, collect filled ones, report who has read what.")

OUT_OPTION = typer.Option(None, "--out", "-o", help="Build folder (default: ROOT/build; ROOT/build/manager, ROOT/build/editor for those editions).")


def _edition(default: str):
    return typer.Option(
        default, "--edition", "--audience", "-e",
        help="Who reads it: staff (only what is for all staff, no editor notes); manager (adds what is marked "
        "visibility: manager, marked 管理版); editor (everything, with the editor's notes and to-do page, marked 编辑版).",
    )


def _fail(error: HandbookError) -> None:
    for problem in error.problems:
        err.print(str(problem), style="red")
    err.print(f"{len(error.problems)} problem(s) found; nothing was written.", style="bold red")
    raise typer.Exit(2)


def _load(root: Path):
    """The validated handbook, or every problem printed and exit 2."""
    try:
        return load(root)
    except HandbookError as error:
        _fail(error)


def _checked_edition(edition: str) -> str:
    if edition not in EDITIONS:
        err.print(f"unknown edition '{edition}': choose {', '.join(EDITIONS)}", style="red")
        raise typer.Exit(2)
    return edition


def _warn(book) -> None:
    for warning in book.warnings:
        err.print(f"{warning} (warning)", style="yellow")


@app.command()
def check(
    root: Path = ROOT_OPTION,
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (unused roles, terms, unlisted forms) as errors."),
    publication: bool = typer.Option(
        False, "--publication", help="Also warn about regulations in force without code, effective date, owner or approver.",
    ),
) -> None:
    """Validate every YAML file and every reference (the roster and the sign-off register too); print all problems as path:line:col."""
    book = _load(root)
    try:
        people = check_records(root, book)
        protected_terms(root)  # docs/script.yaml, read by the 繁體中文 edition
    except HandbookError as error:
        _fail(error)
    if publication:
        book.warnings = book.warnings + publication_gaps(book)
    try:
        book.warnings = book.warnings + declared_class_warnings(root, book)
    except HandbookError as error:
        _fail(error)
    reviews = overdue_warnings(book, dt.date.today())
    fatal_reviews = review_overdue_fatal(read_user_config(book.root))
    if strict and (book.warnings or (fatal_reviews and reviews)):
        _fail(HandbookError(book.warnings + (reviews if fatal_reviews else [])))
    book.warnings = sorted(book.warnings + reviews)
    _warn(book)
    out.print(
        f"OK: {len(book.regulations)} regulations, {len(book.roles)} roles, {len(book.terms)} terms, "
        f"{len(book.forms)} forms, {len(book.tracks)} training tracks, {people} people on the roster; {len(book.warnings)} warning(s)."
    )


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        err.print(f"--as-of: '{text}' is not a date; write it as YYYY-MM-DD, e.g. 2025-03-03", style="red")
        raise typer.Exit(2)


@app.command()
def build(
    root: Path = ROOT_OPTION, out_dir: Path = OUT_OPTION, edition: str = _edition("staff"),
    as_of: str = typer.Option(None, "--as-of", help="Build the handbook in force on this date (YYYY-MM-DD) from the git editions, marked as a past edition; into ROOT/build/as-of-DATE."),
    script: list[str] = typer.Option(
        [], "--script", "-s",
        help="Also build the edition in this script: zh-Hant (繁體中文, OpenCC; mkdocs.yml extra.scripts.zh-Hant.opencc "
        "picks the conversion), published in SITE/zh-Hant/ with a language switch.",
    ),
) -> None:
    """Render the handbook site (and PDFs) into the build folder; the old build stays until the new one succeeds."""
    started = time.perf_counter()
    counts: list[str] = []

    def loaded(summary) -> None:
        for warning in summary.warnings:
            err.print(f"{warning} (warning)", style="yellow")
        counts.append(f"{summary.regulations} regulations, {summary.forms} forms, {summary.tracks} training tracks")

    bad = [s for s in script if s not in EDITION_SCRIPTS]
    if bad:
        err.print(f"unknown script '{bad[0]}': choose {', '.join(EDITION_SCRIPTS)}", style="red")
        raise typer.Exit(2)
    try:
        sites = build_editions(root, out_dir, on_summary=loaded, edition=_checked_edition(edition), scripts=tuple(script),
                               as_of=_date(as_of))
    except HandbookError as error:
        _fail(error)
    label = "" if edition == "staff" else f" ({EDITIONS[edition]})"
    label += f" (as of {as_of})" if as_of else ""
    out.print(f"Built{label} {counts[0]} in {time.perf_counter() - started:.0f} s: open {sites[0] / 'index.html'}")
    for site, name in zip(sites[1:], script):
        out.print(f"  {EDITION_SCRIPTS[name]}: {site / 'index.html'}")


@app.command()
def compare(
    old: str = typer.Argument(..., help="The earlier edition: a git tag (e.g. v2025.1) or any revision."),
    new: str = typer.Argument(WORKING, help="The later edition (default: the files as they are now)."),
    root: Path = ROOT_OPTION,
    output: Path = typer.Option(None, "--output", "-o", help="PDF to write (default: ROOT/build/revisions/OLD--NEW.pdf)."),
) -> None:
    """Write the revision table (修订对照表) of two editions as a PDF; list the changes."""
    root = root.resolve()
    book = _load(root)
    try:
        changes = compare_revisions(root, old, new, book)
    except HandbookError as error:
        _fail(error)
    slug = lambda rev: "".join(c if c.isalnum() or c in "._-" else "-" for c in rev)  # noqa: E731
    output = output or root / "build" / "revisions" / f"{slug(old)}--{slug(new)}.pdf"
    html = revision_html(f"{site_name(read_user_config(book.root))} 修订对照表", edition_label(root, old), edition_label(root, new), changes, book.role_names)
    write_atomic(output, revision_pdf(html, book.root, cache_folder(root / "build") / "fonts"))
    for change in changes:
        out.print(f"{change.title} ({change.reg_id}): {change.status}, {CLASS_NAMES[change.change_class]}")
        for row in change.articles:
            out.print(f"  {row.label}: {row.note}")
        for item in change.items:
            out.print(f"  {item.text}")
    out.print(f"{len(changes)} regulation(s) changed from {old} to {new}; wrote {output}")


@app.command()
def serve(
    root: Path = ROOT_OPTION,
    port: int = typer.Option(8000, help="Port on localhost."),
    edition: str = _edition("editor"),
) -> None:
    """Serve the site on localhost; YAML edits regenerate it and the browser reloads."""
    run_server(root, port, _checked_edition(edition))


@app.command()
def schema(
    root: Path = ROOT_OPTION,
    out_dir: Path = typer.Option(None, "--out", "-o", help="Folder for the *.schema.json files (default: ROOT/schema)."),
) -> None:
    """Write JSON Schemas for the YAML files, for editor completion and checks."""
    for path in write_schemas(out_dir or root / "schema"):
        out.print(f"wrote {path}")


@app.command()
def forms(
    root: Path = ROOT_OPTION,
    out_dir: Path = typer.Option(None, "--out", "-o", help="Folder for the PDFs (default: ROOT/build/forms)."),
    copies: bool = typer.Option(False, "--copies", help="Also render each copy (联) as its own pages: <id>-copies.pdf."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Parallel workers (default: all cores)."),
    force: bool = typer.Option(False, "--force", help="Render every form even if its inputs did not change."),
) -> None:
    """Render every form to a fillable PDF and a preview PNG (parallel; unchanged forms are skipped)."""
    book = _load(root)
    folder = out_dir or root / "build" / "forms"
    cache = OutputCache(cache_folder(out_dir or root / "build"), force=force)
    results = render_all(book, folder, cache, copies=copies, jobs=jobs or None, show_progress=True)
    rendered = sum(r.rendered for r in results)
    out.print(f"{rendered} form(s) rendered, {len(results) - rendered} unchanged, in {folder}")


@app.command()
def fill(
    form_id: str = typer.Argument(..., help="Form id, e.g. complaint-sheet."),
    data: Path = typer.Argument(..., help="YAML file with the values, keyed by field id."),
    output: Path = typer.Option(..., "--output", "-o", help="PDF to write."),
    flatten: bool = typer.Option(False, "--flatten", help="Print the values as page text (no form fields)."),
    copies: bool = typer.Option(False, "--copies", help="One set of pages per copy (联)."),
    root: Path = ROOT_OPTION,
) -> None:
    """Prefill a form from DATA.yaml; unknown fields or wrong types are errors and no PDF is written."""
    book = _load(root)
    try:
        fill_form(book, form_id, data, output, cache_folder(root / "build") / "fonts", flatten=flatten, copies=copies)
    except HandbookError as error:
        _fail(error)
    out.print(f"wrote {output}")


@app.command()
def extract(
    pdfs: list[Path] = typer.Argument(..., help="Filled form PDFs."),
    csv_out: bool = typer.Option(False, "--csv", help="CSV even for one file (default for several files)."),
    root: Path = ROOT_OPTION,
) -> None:
    """Print the values of filled forms: JSON for one file, CSV (one row per file) for several."""
    book = _load(root)
    try:
        records = [extract_values(book, pdf) for pdf in pdfs]
    except HandbookError as error:
        _fail(error)
    if len(records) == 1 and not csv_out:
        typer.echo(json.dumps(records[0], ensure_ascii=False, indent=2))
    else:
        typer.echo(to_csv(records), nl=False)


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(..., help="Regulation documents: .docx, .txt or .md."),
    out_dir: Path = typer.Option(None, "--out", "-o", help="Folder for the drafts (default: ROOT/docs/regulations/imported)."),
    script: str = typer.Option("simplified", "--script", help="simplified: convert to simplified script (OpenCC t2s); keep: as printed."),
    root: Path = ROOT_OPTION,
) -> None:
    """Write one draft regulation YAML per regulation found in each file; report what was found and dropped."""
    if script not in SCRIPTS:
        err.print(f"unknown script '{script}': choose {' or '.join(SCRIPTS)}", style="red")
        raise typer.Exit(2)
    try:
        result = import_documents(files, root, out_dir, script)
    except HandbookError as error:
        _fail(error)
    for path, draft in result.drafts:
        out.print("\n".join(draft.report(path.name)))
    if result.topic_added:
        out.print(f"added topic 'imported' to {root / 'docs' / 'topics.yaml'}")
    out.print(f"{len(result.drafts)} draft(s) written to {result.folder}: check them with `handbook check`, then edit.")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
