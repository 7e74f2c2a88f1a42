"""Run PDF jobs (forms, print documents) together: skip the fresh ones, cut the font once, then
render the rest in one process pool, the longest first, each after the jobs it needs.

Input: jobs (anything with `name`, `key`, `outputs`, `html`, `run()`, and optionally `needs`, the
names of jobs that must end first; picklable, no Handbook inside), an `OutputCache`. Output: {job name: seconds} for the jobs that were rendered; the
cache records them. One pool for all PDFs keeps both cores busy until the last job ends,
where a pool per kind left one core idle behind the print book.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Callable, Protocol, Sequence

from ..cache import OutputCache
from .fonts import prepare_label_fonts


class PdfJob(Protocol):
    name: str  # cache entry, e.g. "form:complaint-sheet"

    @property
    def key(self) -> str: ...  # hash of everything the job renders from

    @property
    def outputs(self) -> list: ...  # files the job writes

    @property
    def html(self) -> list[str]: ...  # the documents it prints (their characters go into the font)

    def run(self) -> None: ...

    # optional: needs: tuple[str, ...], names of jobs whose outputs this one reads


def _needs(job: PdfJob) -> set[str]:
    return set(getattr(job, "needs", ()))


def _timed(job: PdfJob) -> tuple[str, float]:
    started = time.perf_counter()
    job.run()
    return job.name, time.perf_counter() - started


def _init_worker() -> None:
    """Pool workers end when the process that started them ends (Linux: PR_SET_PDEATHSIG), so a
    stopped `serve` leaves no worker rendering behind it."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def in_background(niceness: int = 10) -> None:
    """Make this process a background renderer: it ends with its parent and yields the CPU to
    it (its pool's workers inherit both). `serve` renders PDFs in such a process."""
    _init_worker()
    os.nice(niceness)


def run_jobs(
    jobs: Sequence[PdfJob], cache: OutputCache, *, workers: int | None = None,
    on_done: Callable[[str], None] | None = None,
) -> dict[str, float]:
    # a job others waited for first, then the longest first: it ends last otherwise
    todo = sorted((j for j in jobs if not cache.fresh(j.name, j.key, j.outputs)),
                  key=lambda j: (not _needs(j), -sum(map(len, j.html))))
    seconds: dict[str, float] = {}
    if not todo:
        return seconds
    keys = {job.name: job.key for job in todo}
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    texts = [html for job in todo for html in job.html]
    waiting = {job.name for job in todo}

    def ready(job: PdfJob) -> bool:
        return not (_needs(job) & waiting)

    def finished(name: str, secs: float) -> None:
        seconds[name] = secs
        waiting.discard(name)
        if on_done:
            on_done(name)

    if workers == 1:
        prepare_label_fonts(cache.fonts, texts)
        while todo:
            job = next(j for j in todo if ready(j))
            todo.remove(job)
            finished(*_timed(job))
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
            prepare_label_fonts(cache.fonts, texts, pool.map)
            running: set = set()
            while todo or running:
                for job in [j for j in todo if ready(j)][: workers - len(running)]:  # a free worker each
                    todo.remove(job)
                    running.add(pool.submit(_timed, job))
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    finished(*future.result())
    for name in seconds:
        cache.record(name, keys[name])
    return seconds
