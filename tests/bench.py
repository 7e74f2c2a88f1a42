"""`make bench`: build times as ratios against baselines measured in the same run.

Build: the default content cold, unchanged, after one edit, and `serve`'s edit → page time.
Site: the full generator (load + validate + render + MkDocs) against plain `mkdocs build` of
the very same pages already rendered to Markdown, for 100/250/500 synthetic regulations
(forms and print material are left out of this comparison: plain MkDocs makes neither).
Forms: every form of the default content, serial against parallel, and an unchanged rebuild.
Search: the relevance set (tests/search/queries.yaml) typed into the built default site in
Chromium, over http and from file://: top-1, top-3, MRR, and key-up → results times.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

from generator.build import build_all
from generator.cache import OutputCache
from generator.forms import render_all
from generator.loader import load
from generator.printing import render_print
from generator.settings import read_user_config, site_name
from generator.site import run_mkdocs

from .synthetic import write_project


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


def _edit_one_regulation(root: Path, mark: str) -> Path:
    """Change one sentence of the first regulation (by file name), as an editor would."""
    path = sorted((root / "docs/regulations").rglob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    at = text.index("text: ") + len("text: ")
    path.write_text(text[:at] + mark + text[at:], encoding="utf-8")
    return path


def bench_site(sizes=(100, 250, 500)) -> None:
    print("Site build: generator vs plain mkdocs build of the same Markdown (cold, and after one edit)")
    print(f"{'regs':>6} {'generator s':>12} {'mkdocs s':>9} {'ratio':>6} {'ms/reg':>7} {'1 edit s':>9} {'ratio':>6}"
          f" {'zensical s':>11} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        warm = write_project(Path(tmp) / "warm", 5)
        build_all(warm, forms=False, prints=False)  # loads jieba's dictionary once, as both measurements need it
        for n in sizes:
            root = write_project(Path(tmp) / f"n{n}", n)
            generator_s, _ = timed(lambda: build_all(root, forms=False, prints=False))
            config = root / "build/project/mkdocs.yml"
            plain_s, _ = timed(lambda: run_mkdocs(config, site_dir=root / "plain-site"))
            _edit_one_regulation(root, "修订：")
            edit_s, _ = timed(lambda: build_all(root, forms=False, prints=False))
            zensical_s, _ = timed(lambda: _zensical(root / "build/project"))
            print(f"{n:>6} {generator_s:>12.2f} {plain_s:>9.2f} {generator_s / plain_s:>6.2f} {1000 * generator_s / n:>7.1f}"
                  f" {edit_s:>9.2f} {edit_s / plain_s:>6.2f} {zensical_s:>11.2f} {zensical_s / plain_s:>6.2f}")
            sys.stdout.flush()


def _zensical(project: Path) -> None:
    """Zensical's build of a generated project (a copy: it wants its site folder inside it)."""
    import os
    import subprocess

    copy = project.with_name("zensical-project")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy)
    config = copy / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    config.write_text("\n".join(l if not l.startswith("site_dir:") else "site_dir: site" for l in lines) + "\n", encoding="utf-8")
    subprocess.run([str(Path(sys.executable).with_name("zensical")), "build", "-f", str(config)], cwd=copy, check=True,
                   capture_output=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})


def _copy_project(root: Path, to: Path) -> Path:
    for name in ("docs", "forms"):
        shutil.copytree(root / name, to / name)
    shutil.copy(root / "mkdocs.yml", to / "mkdocs.yml")
    return to


def _insert_after(path: Path, key: str, mark: str) -> None:
    """Put `mark` at the start of the first `key` value in a YAML file, as an editor would."""
    text = path.read_text(encoding="utf-8")
    at = text.index(key) + len(key)
    path.write_text(text[:at] + mark + text[at:], encoding="utf-8")


def _serve_edits(root: Path) -> list[tuple[str, Path, str, str]]:
    """(kind, file, key to edit, page path that shows it) for a regulation, role, glossary and form edit."""
    import yaml

    reg_file = sorted((root / "docs/regulations").rglob("*.yaml"))[0]
    reg = yaml.safe_load(reg_file.read_text(encoding="utf-8"))
    role_file = sorted((root / "docs/roles").glob("*.yaml"))[0]
    role = yaml.safe_load(role_file.read_text(encoding="utf-8"))["roles"][0]
    term_file = root / "docs/glossary/core.yaml"
    form_file = sorted((root / "forms").glob("*.yaml"))[0]
    return [
        ("regulation", reg_file, "text: ", f"regulations/{reg['topic']}/{reg['id']}.html"),
        ("role", role_file, "description: ", f"roles/{role['id']}.html"),
        ("glossary", term_file, "definition: ", "glossary.html"),
        ("form", form_file, "routing:\n  - ", f"forms/{form_file.stem}.html"),
    ]


def _serve_latency(root: Path, rounds: int = 2) -> dict[str, list[float]]:
    """`handbook serve`: seconds from saving a file to the open page showing the change, for
    each kind of edit (`rounds` times each)."""
    import socket
    import subprocess
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--root", str(root), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def page(path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    edits = _serve_edits(root)
    seconds: dict[str, list[float]] = {kind: [] for kind, *_ in edits}
    try:
        deadline = time.monotonic() + 600
        while "<html" not in page("index.html") and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(2)
        for i in range(rounds):
            for kind, path, key, shown in edits:
                mark = f"测量修改{i}号"
                started = time.perf_counter()
                _insert_after(path, key, mark)
                while mark not in page(shown):
                    time.sleep(0.05)
                seconds[kind].append(time.perf_counter() - started)
                time.sleep(3)  # let the PDFs of this edit start in the background, as they would
    finally:
        process.terminate()
        process.wait(timeout=30)
    return seconds


def _handbook_build(root: Path) -> float:
    """Seconds `handbook build` takes on `root`, started as a command (Python's start included)."""
    import subprocess

    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator.cli", "build", "--root", str(root)], check=True, capture_output=True)
    return time.perf_counter() - started


def bench_build() -> None:
    """The default content: cold build, unchanged rebuild, one-regulation edit (all, and the
    site alone), serve's edit → page latency, and what the built site weighs."""
    import statistics

    repo = Path(__file__).parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        root = _copy_project(repo, Path(tmp) / "proj")
        cold = _handbook_build(root)  # as a user runs it: a new process each time
        site = root / "build/site"
        unchanged = _handbook_build(root)
        site_only_out = root / "site-only"
        build_all(root, site_only_out, forms=False, prints=False)
        _edit_one_regulation(root, "修订：")
        edit_all = _handbook_build(root)
        _edit_one_regulation(root, "再次修订：")
        edit_site, _ = timed(lambda: build_all(root, site_only_out, forms=False, prints=False))
        files = [p for p in site.rglob("*") if p.is_file()]
        pages = sorted(p.stat().st_size for p in files if p.suffix == ".html")
        total = sum(p.stat().st_size for p in files)
        index_kb = (site / "assets/search/index.js").stat().st_size / 1024
        folders = {f: sum(p.stat().st_size for p in (site / f).rglob("*") if p.is_file())
                   for f in ("forms", "print", "regulations", "roles", "assets")}
        latency = _serve_latency(root)
    print("\nBuild (default content; ratios to the cold build of this run)")
    print(f"  cold handbook build (site + all PDFs)  {cold:6.1f} s")
    print(f"  unchanged rebuild                      {unchanged:6.2f} s  ratio {unchanged / cold:.3f}")
    print(f"  one regulation edited: all             {edit_all:6.2f} s  ratio {edit_all / cold:.3f}")
    print(f"  one regulation edited: site only       {edit_site:6.2f} s  ratio {edit_site / cold:.3f}  (in process: no PDFs)")
    every = [s for times in latency.values() for s in times]
    print(f"  serve: save → page shows it            median {statistics.median(every):.2f} s, max {max(every):.2f} s "
          f"({len(every)} edits: " + ", ".join(f"{kind} {statistics.median(t):.2f}" for kind, t in latency.items()) + ")")
    print(f"  site {total / 1e6:.1f} MB ({len(files)} files), {len(pages)} pages, median page {pages[len(pages) // 2] / 1024:.0f} KB, "
          f"search index {index_kb:.0f} KB")
    for folder, size in folders.items():
        print(f"    {folder + '/':<13} {size / 1e6:5.1f} MB")


def bench_forms() -> None:
    """All forms of the default content: serial vs parallel, unchanged rebuild, sizes."""
    import os
    import shutil

    book = load(Path(__file__).parent.parent)
    n = len(book.forms)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "forms"

        def full(jobs: int) -> float:
            shutil.rmtree(out, ignore_errors=True)
            seconds, _ = timed(lambda: render_all(book, out, OutputCache(out / ".cache", force=True), copies=True, jobs=jobs))
            return seconds

        serial = full(1)
        cores = os.cpu_count() or 1
        parallel = full(cores)
        unchanged, results = timed(lambda: render_all(book, out, OutputCache(out / ".cache"), copies=True, jobs=cores))
        assert not any(r.rendered for r in results)
        sizes = sorted((r.pdf.stat().st_size, r.form_id) for r in results)
        copies = sorted((r.copies_pdf.stat().st_size, r.form_id) for r in results if r.copies_pdf)
    print(f"\nForms: {n} forms (plus {len(copies)} copies versions)")
    print(f"  serial render        {serial:6.2f} s  ({serial / n:.2f} s per form)")
    print(f"  parallel, {cores} workers  {parallel:6.2f} s  speed-up {serial / parallel:.2f}x")
    print(f"  rebuild, no change   {unchanged:6.2f} s  ratio to full render {unchanged / parallel:.3f} (target < 0.05)")
    kb = [s / 1024 for s, _ in sizes]
    print(f"  PDF size KB: min {kb[0]:.0f}, median {kb[len(kb) // 2]:.0f}, max {kb[-1]:.0f} ({sizes[-1][1]}); "
          f"copies versions max {copies[-1][0] / 1024:.0f} KB ({copies[-1][1]}); target < 300 KB each")
    print("  each PDF (KB): " + ", ".join(f"{fid} {s / 1024:.0f}" for s, fid in sizes))


def bench_print() -> None:
    """The default content's print book and training papers, rendered from scratch."""
    book = load(Path(__file__).parent.parent)
    title = site_name(read_user_config(book.root))
    with tempfile.TemporaryDirectory() as tmp:
        seconds, outputs = timed(lambda: render_print(book, Path(tmp), title, OutputCache(Path(tmp) / ".cache")))
        from pypdf import PdfReader

        pages = {o.name: len(PdfReader(o.path).pages) for o in outputs}
        sizes = {o.name: o.path.stat().st_size for o in outputs}
    print(f"\nPrint: {len(outputs)} PDFs in {seconds:.1f} s; book {pages['book']} pages, {sizes['book'] / 1024:.0f} KB; "
          f"track papers {min(pages[n] for n in pages if n != 'book')}-{max(pages[n] for n in pages if n != 'book')} pages each")


def bench_search() -> None:
    """The relevance set on the default site in Chromium: quality, then latency."""
    import statistics

    from playwright.sync_api import sync_playwright

    from .helpers import CHROMIUM, CHROMIUM_ARGS, Server
    from .search import relevance

    root = Path(__file__).parent.parent
    book = load(root)
    with tempfile.TemporaryDirectory() as tmp:
        site = build_all(root, Path(tmp) / "build", forms=False, prints=False)
        index_kb = (site / "assets/search/index.js").stat().st_size / 1024
        pages = sorted(p.stat().st_size for p in site.rglob("*.html"))
        total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        print(f"\nSite (without PDFs): {total / 1e6:.1f} MB, {len(pages)} pages, median page {pages[len(pages) // 2] / 1024:.0f} KB, "
              f"largest {pages[-1] / 1024:.0f} KB")
        server = Server(site)
        print(f"\nSearch: {len(relevance.load_queries())} queries, index {index_kb:.0f} KB")
        print(f"{'where':>8} {'top-1':>6} {'top-3':>6} {'MRR':>6} {'article':>8} {'median ms':>10} {'first ms':>9}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for where, url in (("http", server.url + "/index.html"), ("file", (site / "index.html").as_uri())):
                page = browser.new_page()
                outcomes, first = relevance.run(page, book, url)
                page.close()
                f = relevance.summary(outcomes)
                print(f"{where:>8} {f['top1']:>6.1%} {f['top3']:>6.1%} {f['mrr']:>6.3f} {f['article']:>8.1%} "
                      f"{f['median_ms']:>10.1f} {first:>9.1f}")
            groups = [("set", s) for s in sorted({o.set for o in outcomes})] + [("kind", k) for k in ("word", "phrase", "question")]
            for attr, value in groups:
                part = [o for o in outcomes if getattr(o, attr) == value]
                if part:
                    f = relevance.summary(part)
                    print(f"  {value:>8}: {len(part)} queries, top-1 {f['top1']:.1%}, top-3 {f['top3']:.1%}, MRR {f['mrr']:.3f}")
            print("  not first: " + "; ".join(f"{o.query} (rank {'-' if o.rank is None else o.rank + 1})"
                                             for o in outcomes if o.rank != 0))
            times = sorted(o.ms for o in outcomes)
            print(f"  key-up → results ms: p50 {statistics.median(times):.1f}, p90 {times[int(len(times) * 0.9)]:.1f}, max {times[-1]:.1f}")
            browser.close()
        server.close()


def main() -> None:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    logging.getLogger("jieba").setLevel(logging.ERROR)
    which = sys.argv[1:] or ["build", "site", "forms", "print", "search"]
    if "build" in which:
        bench_build()
    if "site" in which:
        bench_site()
    if "forms" in which:
        bench_forms()
    if "print" in which:
        bench_print()
    if "search" in which:
        bench_search()


if __name__ == "__main__":
    main()
