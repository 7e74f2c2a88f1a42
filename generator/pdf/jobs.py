"""Run PDF jobs (forms, print documents) together: skip the fresh ones, cut the font once, then
render the rest in one process pool, the longest first.

Input: jobs (anything with `name`, `key`, `outputs`, `html`, `run()`; picklable, no Handbook
inside), an `OutputCache`. Output: {job name: seconds} for the jobs that were rendered; the
cache records them. One pool for all PDFs keeps both cores busy until the last job ends,
where a pool per kind left one core idle behind the print book.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
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


def _timed(job: PdfJob) -> tuple[str, float]:
    started = time.perf_counter()
    job.run()
    return job.name, time.perf_counter() - started


WORKER_NICENESS = 0  # `serve` raises it: PDFs render in the background, pages come first


def _init_worker() -> None:
    """Pool workers end when the process that started them ends (Linux: PR_SET_PDEATHSIG), so a
    stopped `serve` leaves no worker rendering behind it; they yield the CPU when asked to."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if WORKER_NICENESS:
        os.nice(WORKER_NICENESS)


def run_jobs(
    jobs: Sequence[PdfJob], cache: OutputCache, *, workers: int | None = None,
    on_done: Callable[[str], None] | None = None,
) -> dict[str, float]:
    todo = sorted((j for j in jobs if not cache.fresh(j.name, j.key, j.outputs)),
                  key=lambda j: -sum(map(len, j.html)))  # the longest first: it ends last otherwise
    seconds: dict[str, float] = {}
    if not todo:
        return seconds
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    texts = [html for job in todo for html in job.html]
    if workers == 1:
        prepare_label_fonts(cache.fonts, texts)
        for job in todo:
            name, secs = _timed(job)
            seconds[name] = secs
            if on_done:
                on_done(name)
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
            prepare_label_fonts(cache.fonts, texts, pool.map)
            for future in as_completed([pool.submit(_timed, job) for job in todo]):
                name, secs = future.result()
                seconds[name] = secs
                if on_done:
                    on_done(name)
    keys = {job.name: job.key for job in todo}
    for name in seconds:
        cache.record(name, keys[name])
    return seconds
