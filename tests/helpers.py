"""Helpers the tests share: project paths, the CLI run as users run it, editing a file in
place, a local HTTP server, Material's search box driven in Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

RESOURCES = Path(__file__).parent / "resources"
REPO = Path(__file__).parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]


def run_handbook(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the `handbook` command in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *map(str, args)],
        cwd=cwd or REPO, capture_output=True, text=True, timeout=600,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class Server:
    """A static file server on a free localhost port, in a thread."""

    def __init__(self, directory: Path):
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
        handler.log_message = lambda *a: None
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()


def search(page, query: str) -> list[str]:
    """Type a query into Material's search box; return the result titles."""
    box = page.locator("input[data-md-component=search-query]")
    opener = page.locator("label.md-header__button[for=__search]")
    (opener if opener.is_visible() else box).click()  # a phone opens search from the header button
    box.fill(query)
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    titles = page.locator(".md-search-result__item h1, .md-search-result__item h2").all_inner_texts()
    # jieba's zero-width spaces show in the titles; the full-width space separates 第X条 and its title
    return [t.replace("\u200b", "").replace("\u3000", " ").strip() for t in titles]


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """pdftotext -layout of a PDF, or of pages first..last."""
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(args + [str(path), "-"], capture_output=True, text=True, check=True).stdout


def read_search_index(site: Path) -> dict:
    """The handbook's own search index (assets/search/index.js) as data."""
    text = (site / "assets/search/index.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1:].rstrip().rstrip(";"))


def site_url(site: Path, where: str, serve_dir) -> str:
    """The site's root URL, over a local HTTP server ("http") or from the file system ("file")."""
    return serve_dir(site).url if where == "http" else site.as_uri()
