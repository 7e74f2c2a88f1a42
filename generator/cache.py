"""One output cache for every rendered file: an output is redone when what it was rendered from
changed, judged by a hash of that very input (the HTML, the options, the fonts, the code that
turns HTML into PDF), never by a hand-kept list of source files.

Input: a cache folder. Output: `fresh()` / `record()` on a manifest (name → key) saved in it,
and a `fonts` folder for font subsets shared by all PDFs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .fileio import write_atomic


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def code_digest(*folders: Path) -> str:
    """Hash of every file in the given package folders (code, templates, CSS): a change anywhere
    in them changes the key of everything they render."""
    h = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(folder).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


class OutputCache:
    def __init__(self, folder: Path, *, force: bool = False):
        self.folder = folder
        self.fonts = folder / "fonts"
        self.path = folder / "manifest.json"
        self.entries: dict[str, str] = {}
        if self.path.exists() and not force:
            try:
                self.entries = json.loads(self.path.read_text(encoding="utf-8"))
            except ValueError:  # a damaged manifest only costs a full render
                self.entries = {}

    def fresh(self, name: str, key: str, outputs: list[Path]) -> bool:
        """True when `name` was last rendered from `key` and all its outputs are still there."""
        return self.entries.get(name) == key and all(p.exists() for p in outputs)

    def record(self, name: str, key: str) -> None:
        self.entries[name] = key

    def keep_only(self, prefix: str, names: set[str]) -> None:
        """Forget entries under `prefix` that are no longer produced."""
        for name in [n for n in self.entries if n.startswith(prefix) and n not in names]:
            del self.entries[name]

    def save(self) -> None:
        write_atomic(self.path, json.dumps(self.entries, indent=1, sort_keys=True).encode("utf-8"))
