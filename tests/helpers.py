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
    if page.locator(".md-search-result__item").count():  # a query before: wait until its results are gone
        box.fill("")
        page.wait_for_selector(".md-search-result__item", state="detached", timeout=10000)
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


def misdrawn_glyphs(path: Path) -> list[str]:
    """Characters a PDF draws with another character's glyph: for every embedded TrueType font,
    its text layer (ToUnicode: glyph → character) against the font file itself (character →
    glyph). Text extraction reads the text layer alone, so it cannot see a wrong font file."""
    import io
    import re

    import pikepdf
    from fontTools.ttLib import TTFont

    wrong = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if not (isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == "/Type0" and "/ToUnicode" in obj):
                continue
            descriptor = obj.DescendantFonts[0].FontDescriptor
            if "/FontFile2" not in descriptor:
                continue
            data = descriptor.FontFile2.read_bytes()
            if data[:4] == b"ttcf":  # a whole system font collection: nothing was cut
                continue
            font = TTFont(io.BytesIO(data))
            cmap = {code: font.getGlyphID(name) for code, name in (font.getBestCmap() or {}).items()}
            text_layer = obj.ToUnicode.read_bytes().decode("latin-1")
            for gid, code in re.findall(r"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]{4})>", text_layer.split("beginbfchar", 1)[-1]):
                char = chr(int(code, 16))
                if ord(char) in cmap and cmap[ord(char)] != int(gid, 16) and not char.isspace():
                    wrong.append(f"{obj.BaseFont}: {char} drawn as glyph {int(gid, 16)}, its glyph is {cmap[ord(char)]}")
    return wrong
