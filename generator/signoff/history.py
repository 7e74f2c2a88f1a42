"""The published editions as the sign-off records need them, from `editions` (git tags).

Input: a project folder and its current Handbook. Output: `History`: edition names oldest
first, the edition the working files are (`current`, '' when docs/ or forms/ differ from the
newest edition: papers printed then say 未定版), the Handbook of any edition, and per edition
what it changed against the one before (`compare`), computed once.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..editions import Edition, compare, editions, load_edition
from ..handbook import Handbook

OWN_FILES = ":(exclude)docs/people"  # the roster and the register change without a new edition


@dataclass
class History:
    root: Path
    book: Handbook  # the working files
    published: list[Edition] = field(default_factory=list)
    current: str = ""
    _books: dict[str, Handbook] = field(default_factory=dict)
    _changes: dict[str, list[Any]] | None = None

    @property
    def names(self) -> list[str]:
        return [e.name for e in self.published]

    def book_of(self, name: str) -> Handbook:
        """The handbook of edition `name` (the working files' when it is the current one)."""
        if name == self.current:
            return self.book
        if name not in self._books:
            rev = next(e.rev for e in self.published if e.name == name)
            self._books[name] = load_edition(self.root, rev)
        return self._books[name]

    def changes(self) -> dict[str, list[Any]]:
        """Edition name → the `RegulationChange`s it made to the edition before it."""
        if self._changes is None:
            self._changes = {}
            for before, after in zip(self.published, self.published[1:]):
                self._changes[after.name] = compare(self.book_of(before.name), self.book_of(after.name))
        return self._changes

    def previous(self, name: str) -> str:
        names = self.names
        i = names.index(name)
        return names[i - 1] if i else ""


def _same_files(root: Path, rev: str) -> bool:
    """Whether docs/ and forms/ (the roster and register aside) are as at `rev`, committed or not."""
    result = subprocess.run(
        ["git", "-C", str(root), "diff", "--quiet", rev, "--", "docs", "forms", OWN_FILES], capture_output=True, timeout=60,
    )
    if result.returncode != 0:
        return False
    untracked = subprocess.run(
        ["git", "-C", str(root), "ls-files", "--others", "--exclude-standard", "--", "docs", "forms", OWN_FILES],
        capture_output=True, text=True, timeout=60,
    )
    return untracked.returncode == 0 and not untracked.stdout.strip()


def history(root: Path, book: Handbook) -> History:
    root = Path(root).resolve()
    found = editions(root)
    current = found[-1].name if found and _same_files(root, found[-1].rev) else ""
    return History(root, book, found, current)
