"""Writing output files safely: readers (a browser, a parallel worker, the previous build) never
see a half-written file, unchanged files keep their timestamps, and a folder is replaced by its
new version in one step, so a build killed at any moment leaves the previous one usable."""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place (no .tmp is left behind)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        rename = libc.renameat2
    except (OSError, AttributeError):
        return False
    return rename(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def replace_folder(new: Path, old: Path) -> None:
    """Put folder `new` where `old` is. `old` exists at every moment: the two are exchanged in one
    step, then the previous version (now at `new`) is removed."""
    if old.exists() and _exchange(new, old):
        shutil.rmtree(new, ignore_errors=True)
        return
    trash = old.with_name(f".trash-{old.name}-{os.getpid()}")
    if old.exists():
        old.rename(trash)
    new.rename(old)
    shutil.rmtree(trash, ignore_errors=True)


def remove_stale(folder: Path, prefixes: tuple[str, ...]) -> None:
    """Remove leftovers of killed runs (`.staging-PID`, `.trash-…-PID`) whose process is gone."""
    for path in folder.glob(".*"):
        if not path.name.startswith(prefixes):
            continue
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != 0


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write only when the content differs, so `serve` reloads just what changed."""
    if path.exists() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True
