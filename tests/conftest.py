"""Fixtures: project trees copied from tests/resources, built sites, a local HTTP server and a
real Chromium driven by Playwright. Tests that use the browser are marked `browser`, so
`pytest -m "not browser"` runs the fast suite alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import build_all

from .helpers import CHROMIUM, CHROMIUM_ARGS, REPO, RESOURCES, Server

BROWSER_FIXTURES = {"browser", "page"}


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A small but complete project (two regulations, a form) the test may change."""
    root = tmp_path / "proj"
    shutil.copytree(RESOURCES / "mini", root)
    return root


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """The mini project built once: returns the build folder (site/ and project/ inside)."""
    root = tmp_path_factory.mktemp("mini") / "proj"
    shutil.copytree(RESOURCES / "mini", root)
    build_all(root)
    return root / "build"


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


@pytest.fixture(scope="session")
def default_build(tmp_path_factory) -> Path:
    """The shipped default content built once, as `make handbook` builds it (site, forms, print)."""
    out = tmp_path_factory.mktemp("default") / "build"
    build_all(REPO, out)
    return out
