"""Writing output files safely: readers (a browser, a parallel worker, the previous build) never
see a half-written file, and unchanged files keep their timestamps."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write only when the content differs, so `serve` reloads just what changed."""
    if path.exists() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True
