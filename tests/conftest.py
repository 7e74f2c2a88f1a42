"""Shared fixtures: project trees copied from tests/resources, the CLI run as users run it,
a local HTTP server and a real Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

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


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A small but complete project (two regulations, a form) the test may change."""
    root = tmp_path / "proj"
    shutil.copytree(RESOURCES / "mini", root)
    return root


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """The mini project built once: returns the build folder (site/ and project/ inside)."""
    from generator.build import build_all

    root = tmp_path_factory.mktemp("mini") / "proj"
    shutil.copytree(RESOURCES / "mini", root)
    build_all(root)
    return root / "build"


class Server:
    def __init__(self, directory: Path):
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
        handler.log_message = lambda *a: None
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()


@pytest.fixture
def serve_dir():
    servers: list[Server] = []

    def start(directory: Path) -> Server:
        server = Server(directory)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records every request it makes (for the offline check)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests_seen = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    yield page
    context.close()


def search(page, query: str) -> list[str]:
    """Type a query into Material's search box; return the result titles."""
    box = page.locator("input[data-md-component=search-query]")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box.fill(query)
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    titles = page.locator(".md-search-result__item h1, .md-search-result__item h2").all_inner_texts()
    # jieba's zero-width spaces show in the titles; the full-width space separates 第X条 and its title
    return [t.replace("\u200b", "").replace("\u3000", " ").strip() for t in titles]


@pytest.fixture(scope="session")
def default_build(tmp_path_factory) -> Path:
    """The shipped default content built once, as `make handbook` builds it (site, forms, print)."""
    from generator.build import build_all

    out = tmp_path_factory.mktemp("default") / "build"
    build_all(REPO, out)
    return out
