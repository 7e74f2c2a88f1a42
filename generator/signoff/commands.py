"""`handbook signoff sheets | collect | report`: the read-and-sign record from the command line.

Input: the command line and the project folder. Output: PDFs, rows appended to the register,
the report (terminal table, CSV). Problems are printed as path:line:col, exit status 2, and
nothing is written; the functions below the commands do the work and can be called without it.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from ..errors import HandbookError
from ..fileio import write_atomic
from ..handbook import Handbook
from ..loader import load
from .collect import collect as collect_rows
from .history import History, history
from .records import REGISTER, ROSTER, Records, load_records
from .report import csv_report, markdown_page, text_report
from .sheets import revision_regulations, revision_sheet, track_sheet
from .status import role_changes, statuses, team_shares

app = typer.Typer(no_args_is_help=True, help="Read-and-sign records: sheets to sign, collect filled ones, report who has read what.")
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)
out = Console(highlight=False, soft_wrap=True, markup=False, emoji=False)
ROOT_OPTION = typer.Option(Path("."), "--root", "-r", help="Project folder holding docs/, forms/ and mkdocs.yml.")


def _fail(error: HandbookError) -> None:
    for problem in error.problems:
        err.print(str(problem), style="red")
    err.print(f"{len(error.problems)} problem(s) found; nothing was written.", style="bold red")
    raise typer.Exit(2)


def open_project(root: Path) -> tuple[Handbook, History, Records]:
    """The handbook, its editions and the checked records; `HandbookError` with every problem."""
    book = load(root)
    hist = history(root, book)
    return book, hist, load_records(root, book, hist.names)


def check_records(root: Path, book: Handbook) -> int:
    """Check the roster and the register (for `handbook check`); the number of people, or
    `HandbookError` with every problem."""
    return len(load_records(root, book, history(root, book).names).people)


def write_sheets(
    book: Handbook, hist: History, folder: Path, fonts: Path, edition: str | None = None, tracks: list[str] | None = None,
) -> list[Path]:
    """The fillable sign-off sheet and quiz paper of every track (or of `tracks`), of the current
    edition, and per role the 修订学习签收单 of `edition` (default: the newest) when it changed
    something for that role."""
    written = []
    for track in book.tracks if tracks is None else tracks:
        for kind in ("signoff", "quiz"):
            _, pdf = track_sheet(book, track, kind, hist.current, fonts)
            path = folder / f"{track}-{kind}-fillable.pdf"
            write_atomic(path, pdf)
            written.append(path)
    edition = edition or (hist.names[-1] if len(hist.names) > 1 else None)
    if edition:
        changes = hist.changes().get(edition, [])
        new = hist.book_of(edition)
        for role in new.roles:
            pending = role_changes(edition, changes, role, revision_regulations(new, role))
            if pending:
                _, pdf = revision_sheet(new, role, edition, hist.previous(edition), pending, fonts)
                path = folder / f"revision-{role}-{edition}.pdf"
                write_atomic(path, pdf)
                written.append(path)
    return written


def report_page(root: Path, book: Handbook, hist: History | None = None) -> str | None:
    """The editor edition's 签收情况 page, or None when the project keeps no roster; bad records
    raise `HandbookError` (the build fails as on any bad file)."""
    if not (root / ROSTER).exists():
        return None
    hist = hist or history(root, book)
    records = load_records(root, book, hist.names)
    rows = statuses(book, records, hist.names, hist.changes())
    return markdown_page(rows, team_shares(rows), book.role_names, hist.current or (hist.names[-1] if hist.names else ""))


@app.command()
def sheets(
    root: Path = ROOT_OPTION,
    out_dir: Path = typer.Option(None, "--out", "-o", help="Folder for the PDFs (default: ROOT/build/signoff)."),
    edition: str = typer.Option(None, "--edition", "-e", help="Edition whose 修订学习签收单 to make (default: the newest)."),
) -> None:
    """Fillable sign-off sheets and quiz papers per track, and 修订学习签收单 per role affected by a revision."""
    try:
        book, hist, _ = open_project(root)
    except HandbookError as error:
        _fail(error)
    if edition and edition not in hist.names:
        err.print(f"unknown edition '{edition}' (published: {'、'.join(hist.names) or 'none'})", style="red")
        raise typer.Exit(2)
    try:
        paths = write_sheets(book, hist, out_dir or root / "build" / "signoff", root / "build" / ".cache" / "fonts", edition)
    except HandbookError as error:
        _fail(error)
    if not hist.current:
        err.print("the working files are not a published edition: the papers say 未定版 and collect will refuse them", style="yellow")
    for path in paths:
        out.print(f"wrote {path}")


@app.command()
def collect(
    files: list[Path] = typer.Argument(None, help="Filled sign-off sheets, quiz papers, 修订学习签收单, or result slips saved as PDF."),
    slip: list[str] = typer.Option([], "--slip", help="A result slip's line as typed: 'HB1 slip TRACK EDITION 工号 SCORE DATE CODE'."),
    root: Path = ROOT_OPTION,
) -> None:
    """Append the rows of filled papers to docs/people/signoffs.yaml; any refused file: nothing is written."""
    try:
        book, hist, records = open_project(root)
        collected = collect_rows(Path(root), records, hist.names, hist.book_of, list(files or []), list(slip))
    except HandbookError as error:
        _fail(error)
    rows = sum(len(c.rows) for c in collected)
    for item in collected:
        for row in item.rows:
            out.print(f"{item.source}: {row.employee} {row.subject} {row.edition} {row.date} ({row.via})")
    out.print(f"{rows} row(s) appended to {Path(root) / REGISTER}")


@app.command()
def report(
    root: Path = ROOT_OPTION,
    csv_out: bool = typer.Option(False, "--csv", help="CSV, one line per person and track."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of the terminal."),
) -> None:
    """Per person and track: done / outstanding / must re-read; per team the share complete."""
    try:
        book, hist, records = open_project(root)
        rows = statuses(book, records, hist.names, hist.changes())
    except HandbookError as error:
        _fail(error)
    edition = hist.current or (hist.names[-1] if hist.names else "")
    text = csv_report(rows, book.role_names) if csv_out else text_report(rows, team_shares(rows), book.role_names, edition)
    if output:
        write_atomic(output, text.encode("utf-8"))
        out.print(f"wrote {output}")
    else:
        typer.echo(text, nl=False)
