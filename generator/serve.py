"""`handbook serve`: MkDocs' live-reload server on the generated project, regenerated on YAML edits.

Input: a project folder. A watcher thread regenerates the Markdown project whenever a file in
docs/, forms/ or mkdocs.yml changes: the pages first, with the PDFs as last rendered (only
changed pages are rewritten, and MkDocs rebuilds only those: dirty mode), then the PDFs in a
background thread, while every page says that they are being updated. Problems in the YAML are
printed and the last good pages stay up.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import threading
from pathlib import Path

from rich.console import Console

from .build import default_out, generate, render_pdfs
from .errors import HandbookError
from .fileio import write_if_changed
from .loader import load
from .pdf import jobs
from .site import layout_digest
from .site.project import DIRTY_WARNING
from .site.renderer import PREVIEW_STATUS

console = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)


class Preview:
    """The served project: `pages()` on every edit (fast), `pdfs()` after it in the background."""

    def __init__(self, root: Path, project: Path, edition: str = "editor"):
        self.root, self.project, self.edition = root, project, edition
        self.out = default_out(root, edition)
        self.lock = threading.Lock()  # one generation at a time
        self.layout = ""
        self.stale: list[str] = []

    def _generate(self, render: bool) -> Path | None:
        try:
            config, self.stale = generate(load(self.root), self.out, self.project, self.project / "site",
                                          edition=self.edition, render=render)
        except HandbookError as error:
            return self._refuse([str(p) for p in error.problems])
        except Exception as error:  # a bug of ours must not end the preview either
            return self._refuse([f"{self.root}: internal error while generating: {type(error).__name__}: {error}"])
        layout = layout_digest(self.project)
        if self.layout and layout != self.layout:  # new nav or theme: every page is rebuilt
            for page in (self.project / "docs").rglob("*.md"):
                os.utime(page)
        self.layout = layout
        if self.stale:
            write_if_changed(self.project / "docs" / PREVIEW_STATUS, banner(
                f"表单和打印 PDF 正在更新（{len(self.stale)} 个）：页面已是最新，PDF 稍后更新，届时页面自动刷新。", "#8a5a00",
            ).encode("utf-8"))
        return config

    def _refuse(self, problems: list[str]) -> None:
        for problem in problems:
            console.print(problem, style="red")
        console.print("Not updated: fix the problems above; the last good pages stay up.", style="bold red")
        if (self.project / "docs").is_dir():
            write_if_changed(self.project / "docs" / PREVIEW_STATUS, stale_script(problems).encode("utf-8"))
        return None

    def pages(self) -> Path | None:
        """The pages, with the PDFs as they were last rendered; mkdocs.yml, or None on problems."""
        with self.lock:
            return self._generate(render=False)

    def pdfs(self) -> None:
        """Render the stale PDFs, then publish them (the banner goes). The rendering runs in a
        process of its own at low priority and holds no lock, so edits made meanwhile show at
        once: neither its Python work (loading, writing every PDF's HTML) nor its workers take
        the CPU or the interpreter from the pages' round."""
        if not self.stale:
            return
        console.print(f"rendering {len(self.stale)} PDFs")
        child = multiprocessing.get_context("spawn").Process(
            target=_render_in_background, args=(str(self.root), str(self.out), self.edition))
        child.start()
        child.join()
        if child.exitcode != 0:  # problems in the YAML: the pages' round reports them
            return
        with self.lock:
            self._generate(render=False)


def _render_in_background(root: str, out: str, edition: str) -> None:
    """A background process: render the stale PDFs (see `Preview.pdfs`)."""
    jobs.in_background()
    try:
        render_pdfs(load(Path(root)), Path(out), edition=edition)
    except HandbookError:
        raise SystemExit(2) from None
    except Exception as error:  # a bug of ours must not end the preview, nor fill it with a traceback
        console.print(f"PDFs not updated: internal error: {type(error).__name__}: {error}", style="red")
        raise SystemExit(1) from None


def regenerate(root: Path, project: Path, edition: str = "editor") -> Path | None:
    """Pages and PDFs, as `handbook build` makes them, into the served project; None on problems."""
    preview = Preview(root, project, edition)
    with preview.lock:
        return preview._generate(render=True)


def banner(text: str, colour: str) -> str:
    """A script that shows `text` in a bar on top of every page of the preview."""
    return (
        "(function () {\n"
        f"  var text = {json.dumps(text, ensure_ascii=False)};\n"
        "  function show() {\n"
        "    if (document.getElementById('hb-stale')) return;\n"
        "    var bar = document.createElement('div'); bar.id = 'hb-stale'; bar.setAttribute('role', 'alert');\n"
        f"    bar.style.cssText = 'position:sticky;top:0;z-index:10;background:{colour};color:#fff;padding:.5em 1em;font-size:.8rem';\n"
        "    bar.textContent = text;\n"
        "    document.body.insertBefore(bar, document.body.firstChild);\n"
        "  }\n"
        "  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show); else show();\n"
        "})();\n"
    )


def stale_script(problems: list[str]) -> str:
    """A banner on every page of the preview: the YAML has problems, these pages are the last good ones."""
    text = f"预览未更新：最近的修改有 {len(problems)} 个问题（详见终端），当前显示的是上一次成功生成的页面。"
    return banner(f"{text} {problems[0] if problems else ''}".strip(), "#b71c1c")


def watch(preview: Preview, stop: threading.Event) -> None:
    """Regenerate the pages on every change, then the PDFs in a second thread (one at a time;
    edits made meanwhile are picked up by the next round)."""
    from watchfiles import watch as watch_files

    root = preview.root
    wanted = threading.Event()

    def render_pdfs() -> None:
        while not stop.is_set():
            if wanted.wait(0.5):
                wanted.clear()
                preview.pdfs()

    threading.Thread(target=render_pdfs, daemon=True).start()
    paths = [p for p in (root / "docs", root / "forms", root / "mkdocs.yml") if p.exists()]
    for changes in watch_files(*paths, stop_event=stop, debounce=100, step=20, raise_interrupt=False):
        names = ", ".join(sorted({Path(c[1]).name for c in changes}))
        console.print(f"changed: {names}; regenerating")
        if preview.pages() is not None and preview.stale:
            wanted.set()


def live_server(config_path: Path, port: int) -> None:
    """MkDocs' live-reload server on the project: every change under its docs/ or to its
    mkdocs.yml rebuilds the changed pages (dirty mode; all of them when the nav changed) into a
    temporary folder it serves. As `mkdocs serve`, with its file polling every 0.1 s, not 0.5 s:
    the preview's regeneration has written every changed page by the time it looks."""
    import shutil
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    site_dir = tempfile.mkdtemp(prefix="handbook-serve-")
    url = f"http://127.0.0.1:{port}/"

    def builder(config=None) -> None:
        config = config or load_config(config_file=str(config_path), site_dir=site_dir)
        config.site_url = url
        build(config, serve_url=url, dirty=True)

    def error_page(code: int) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    config = load_config(config_file=str(config_path), site_dir=site_dir)
    config.plugins.on_startup(command="serve", dirty=True)  # plugins with it are kept across rebuilds
    server = LiveReloadServer(builder=builder, host="127.0.0.1", port=port, root=site_dir, polling_interval=0.1)
    server.error_handler = error_page
    try:
        builder(config)
        server.watch(config.docs_dir)
        server.watch(str(config_path))
        server = config.plugins.on_serve(server, config=config, builder=builder)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def serve(root: Path, port: int = 8000, edition: str = "editor") -> None:
    """Live preview, by default of the editor edition (with the editor's notes and to-do page)."""
    root = root.resolve()
    preview = Preview(root, root / "build" / "serve", edition)
    with preview.lock:
        config = preview._generate(render=True)
    if config is None:
        raise SystemExit(2)
    stop = threading.Event()
    threading.Thread(target=watch, args=(preview, stop), daemon=True).start()
    logging.getLogger("mkdocs.commands.build").addFilter(lambda r: not r.getMessage().startswith(DIRTY_WARNING))
    try:
        live_server(config, port)
    finally:
        stop.set()
