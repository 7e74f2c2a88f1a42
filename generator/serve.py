"""`handbook serve`: MkDocs' live-reload server on the generated project, regenerated on YAML edits.

Input: a project folder. A watcher thread regenerates the Markdown project whenever a file in
docs/, forms/ or mkdocs.yml changes (only changed pages are rewritten); MkDocs' own server sees
those pages change, rebuilds and reloads the browser. Problems in the YAML are printed and the
last good pages stay up.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from rich.console import Console

from .build import default_out, generate
from .fileio import write_if_changed
from .site.renderer import PREVIEW_STATUS
from .errors import HandbookError
from .loader import load

console = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)


def regenerate(root: Path, project: Path, edition: str = "editor") -> Path | None:
    """The same pipeline as `handbook build`, into the served project; None on problems. Nothing
    stops the watcher: on problems the last good pages stay up, marked stale in the browser."""
    try:
        return generate(load(root), default_out(root, edition), project, project / "site", edition=edition)
    except HandbookError as error:
        problems = [str(p) for p in error.problems]
    except Exception as error:  # a bug of ours must not end the preview either
        problems = [f"{root}: internal error while generating: {type(error).__name__}: {error}"]
    for problem in problems:
        console.print(problem, style="red")
    console.print("Not updated: fix the problems above; the last good pages stay up.", style="bold red")
    if (project / "docs").is_dir():
        write_if_changed(project / "docs" / PREVIEW_STATUS, stale_script(problems).encode("utf-8"))
    return None


def stale_script(problems: list[str]) -> str:
    """A banner on every page of the preview: the YAML has problems, these pages are the last good ones."""
    text = f"预览未更新：最近的修改有 {len(problems)} 个问题（详见终端），当前显示的是上一次成功生成的页面。"
    first = problems[0] if problems else ""
    return (
        "(function () {\n"
        f"  var text = {json.dumps(text, ensure_ascii=False)}, first = {json.dumps(first, ensure_ascii=False)};\n"
        "  function show() {\n"
        "    if (document.getElementById('hb-stale')) return;\n"
        "    var bar = document.createElement('div'); bar.id = 'hb-stale'; bar.setAttribute('role', 'alert');\n"
        "    bar.style.cssText = 'position:sticky;top:0;z-index:10;background:#b71c1c;color:#fff;padding:.5em 1em;font-size:.8rem';\n"
        "    bar.textContent = text + ' ' + first;\n"
        "    document.body.insertBefore(bar, document.body.firstChild);\n"
        "  }\n"
        "  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show); else show();\n"
        "})();\n"
    )


def watch(root: Path, project: Path, stop: threading.Event, edition: str) -> None:
    from watchfiles import watch as watch_files

    paths = [p for p in (root / "docs", root / "forms", root / "mkdocs.yml") if p.exists()]
    for changes in watch_files(*paths, stop_event=stop, debounce=300, raise_interrupt=False):
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
