"""Editions as git revisions: the tags of the project's repository, and the YAML at one of them.

Input: a project folder (docs/, forms/, mkdocs.yml), which may sit anywhere inside a git work
tree, or not be in one at all. Output: `Edition`s oldest first (no git, no tags: an empty list,
no error) and the `Handbook` at a revision, read from `git archive` with the normal loader.
"""

from __future__ import annotations

import atexit
import datetime as dt
import io
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandbookError, Problem
from ..handbook import Handbook
from ..loader import load

PROJECT_FILES = ("docs/", "forms/", "mkdocs.yml")


@dataclass(frozen=True)
class Edition:
    """A published state of the handbook: `name` (the tag, e.g. v2025.1), `rev` (its commit),
    `date` (the tag's date: the tagger's for an annotated tag, else the commit's)."""

    name: str
    rev: str
    date: dt.date


class EditionError(HandbookError):
    """A revision that cannot be read (unknown, or the project is not in git)."""

    def __init__(self, message: str):
        super().__init__([Problem("git", 1, 1, message)])


def _git(project: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-C", str(project), *args], capture_output=True, text=not binary, timeout=120,
    )


def _prefix(project: Path) -> str | None:
    """The project folder's path inside its git work tree ('' at the top), or None outside git."""
    try:
        result = _git(project, "rev-parse", "--show-prefix")
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def editions(project: Path | str) -> list[Edition]:
    """Every tag of the project's repository, oldest first (by date, then name); [] without git."""
    project = Path(project)
    if _prefix(project) is None:
        return []
    result = _git(
        project, "for-each-ref", "refs/tags",
        "--format=%(refname:short)%09%(objectname)%09%(*objectname)%09%(creatordate:short)",
    )
    found = []
    for line in result.stdout.splitlines():
        name, obj, peeled, date = line.split("\t")
        found.append(Edition(name, peeled or obj, dt.date.fromisoformat(date)))
    return sorted(found, key=lambda e: (e.date, e.name))


def resolve(project: Path, rev: str) -> str:
    """A revision (tag, branch, commit) → its full commit id; `EditionError` when unknown."""
    prefix = _prefix(project)
    if prefix is None:
        raise EditionError(f"{project} is not in a git repository: there are no editions to read")
    result = _git(project, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if result.returncode != 0 or rev.startswith("-"):
        known = ", ".join(e.name for e in editions(project)) or "none"
        raise EditionError(f"unknown revision '{rev}' (editions: {known})")
    return result.stdout.strip()


_CHECKOUTS: dict[tuple[str, str], Path] = {}
_TEMP = Path(tempfile.mkdtemp(prefix="handbook-editions-"))
atexit.register(shutil.rmtree, _TEMP, True)


def checkout(project: Path | str, rev: str) -> Path:
    """The project's files at `rev` in a folder of their own (kept for this process): docs/,
    forms/ and mkdocs.yml as `git archive` gives them."""
    project = Path(project).resolve()
    commit = resolve(project, rev)
    key = (str(project), commit)
    if key in _CHECKOUTS:
        return _CHECKOUTS[key]
    prefix = _prefix(project) or ""
    result = _git(project, "archive", "--format=tar", f"{commit}:{prefix}" if prefix else commit, binary=True)
    if result.returncode != 0:
        raise EditionError(f"cannot read revision '{rev}': {result.stderr.decode(errors='replace').strip()}")
    folder = _TEMP / f"{len(_CHECKOUTS)}-{commit[:12]}"
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith(PROJECT_FILES) or m.name == "mkdocs.yml"]
        tar.extractall(folder, members=members, filter="data")
    folder.mkdir(parents=True, exist_ok=True)
    _CHECKOUTS[key] = folder
    return folder


def load_edition(project: Path | str, rev: str) -> Handbook:
    """The handbook as it was at `rev` (a tag such as v2025.1, or any git revision), loaded with
    the normal loader; its problems, if any, are reported as `rev:path:line:col`."""
    folder = checkout(project, rev)
    try:
        return load(folder)
    except HandbookError as error:
        raise HandbookError([Problem(f"{rev}:{p.path}", p.line, p.col, p.message) for p in error.problems]) from None
