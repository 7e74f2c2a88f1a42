"""`make bench`: build times as ratios against baselines measured in the same run.

Site: the full generator (load + validate + render + MkDocs) against plain `mkdocs build` of
the very same pages already rendered to Markdown, for 100/250/500 synthetic regulations.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from pathlib import Path

from generator.build import build_all, run_mkdocs

from .synthetic import write_project


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


def bench_site(sizes=(100, 250, 500)) -> None:
    print("Site build: generator vs plain mkdocs build of the same Markdown")
    print(f"{'regs':>6} {'generator s':>12} {'mkdocs s':>9} {'ratio':>6} {'ms/reg':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        warm = write_project(Path(tmp) / "warm", 5)
        build_all(warm)  # loads jieba's dictionary once, as both measurements need it
        for n in sizes:
            root = write_project(Path(tmp) / f"n{n}", n)
            generator_s, _ = timed(build_all, root)
            config = root / "build/project/mkdocs.yml"
            text = config.read_text(encoding="utf-8").replace(str(root / "build/site"), str(root / "plain-site"))
            config.write_text(text, encoding="utf-8")
            plain_s, _ = timed(run_mkdocs, config)
            print(f"{n:>6} {generator_s:>12.2f} {plain_s:>9.2f} {generator_s / plain_s:>6.2f} {1000 * generator_s / n:>7.1f}")
            sys.stdout.flush()


def main() -> None:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    logging.getLogger("jieba").setLevel(logging.ERROR)
    bench_site()


if __name__ == "__main__":
    main()
