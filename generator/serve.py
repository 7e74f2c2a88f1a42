"""`handbook serve`: MkDocs' live-reload server on the generated project, regenerated on YAML edits.

Input: a project folder. A watcher thread regenerates the Markdown project whenever a file in
docs/, forms/ or mkdocs.yml changes (only changed pages are rewritten); MkDocs' own server sees
those pages change, rebuilds and reloads the browser. Problems in the YAML are printed and the
last good pages stay up.
"""

from __future__ import annotations

import threading
from pathlib import Path

from rich.console import Console

from .build import default_out, generate
from .errors import HandbookError
from .loader import load

console = Console(stderr=True, highlight=False)


def regenerate(root: Path, project: Path, edition: str = "editor") -> Path | None:
    """The same pipeline as `handbook build`, into the served project; None on problems."""
    try:
        return generate(load(root), default_out(root, edition), project, project / "site", edition=edition)
    except HandbookError as error:
        for problem in error.problems:
            console.print(f"[red]{problem}[/red]", soft_wrap=True)
        console.print("[bold red]Not updated: fix the problems above; the last good pages stay up.[/bold red]")
        return None


def watch(root: Path, project: Path, stop: threading.Event, edition: str) -> None:
    from watchfiles import watch as watch_files

    paths = [p for p in (root / "docs", root / "forms", root / "mkdocs.yml") if p.exists()]
    for changes in watch_files(*paths, stop_event=stop, debounce=300):
        names = ", ".join(sorted({Path(c[1]).name for c in changes}))
        console.print(f"changed: {names}; regenerating")
        regenerate(root, project, edition)


def serve(root: Path, port: int = 8000, edition: str = "editor") -> None:
    """Live preview, by default of the editor edition (with the editor's notes and to-do page)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    root = root.resolve()
    project = root / "build" / "serve"
    config = regenerate(root, project, edition)
    if config is None:
        raise SystemExit(2)
    stop = threading.Event()
    threading.Thread(target=watch, args=(root, project, stop, edition), daemon=True).start()
    try:
        mkdocs_serve(config_file=str(config), livereload=True, dev_addr=f"127.0.0.1:{port}")
    finally:
        stop.set()
