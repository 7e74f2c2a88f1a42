"""How much of the default content is copied word for word from the source documents.

Input: every string in docs/**/*.yaml and forms/*.yaml, and the seed documents beside the
repository (../shared/seeds), both normalised the same way: traditional → simplified (OpenCC),
NFKC, only letters and digits kept (punctuation and spaces do not hide a copy). Output: per
string its longest run shared verbatim with the seeds, found with a suffix automaton of the
seeds. `python -m tests.verbatim [--min 30] [FILE …]` lists the strings at or over the limit.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

REPO = Path(__file__).parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
ALLOW = Path(__file__).parent / "resources" / "verbatim-allow.yaml"
LIMIT = 30
SKIP_KEYS = {"id", "seed", "heading", "role", "actor", "form", "article", "regulation", "topic", "owner",
             "interpreter", "approver", "value", "type", "kind", "status", "version", "copies_unit"}
_KEEP = re.compile(r"[^\w]|_", re.UNICODE)


def normalize(text: str) -> str:
    from opencc import OpenCC

    return _KEEP.sub("", unicodedata.normalize("NFKC", _t2s(OpenCC)(text))).lower()


@lru_cache(maxsize=1)
def _t2s(opencc_class):
    return opencc_class("t2s").convert


class SuffixAutomaton:
    """The automaton of all substrings of `text`: `longest(s)` is the longest substring of s in text."""

    def __init__(self, text: str):
        self.next: list[dict[str, int]] = [{}]
        self.link = [-1]
        self.length = [0]
        last = 0
        for char in text:
            cur = len(self.length)
            self.next.append({})
            self.length.append(self.length[last] + 1)
            self.link.append(0)
            p = last
            while p != -1 and char not in self.next[p]:
                self.next[p][char] = cur
                p = self.link[p]
            if p != -1:
                q = self.next[p][char]
                if self.length[p] + 1 == self.length[q]:
                    self.link[cur] = q
                else:
                    clone = len(self.length)
                    self.next.append(dict(self.next[q]))
                    self.length.append(self.length[p] + 1)
                    self.link.append(self.link[q])
                    while p != -1 and self.next[p].get(char) == q:
                        self.next[p][char] = clone
                        p = self.link[p]
                    self.link[q] = self.link[cur] = clone
            last = cur

    def longest(self, s: str) -> tuple[int, int]:
        """(length, end position in s) of the longest run of s found in the text."""
        state, length, best, end = 0, 0, 0, 0
        for i, char in enumerate(s):
            while state and char not in self.next[state]:
                state = self.link[state]
                length = self.length[state]
            if char in self.next[state]:
                state = self.next[state][char]
                length += 1
            if length > best:
                best, end = length, i + 1
        return best, end


@lru_cache(maxsize=1)
def seed_automaton() -> SuffixAutomaton:
    text = "\n".join(normalize(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt")))
    return SuffixAutomaton(text)


@dataclass
class Run:
    path: str
    where: str
    text: str
    length: int
    shared: str  # the shared run, normalised


def strings(data, where: str = ""):
    """(location, text) of every string value in YAML data, keys that hold ids left out."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in SKIP_KEYS:
                yield from strings(value, f"{where}.{key}" if where else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, f"{where}[{i}]")
    elif isinstance(data, str):
        yield where, data


def content_files() -> list[Path]:
    return sorted(REPO.glob("docs/**/*.yaml")) + sorted(REPO.glob("forms/*.yaml"))


def allowed() -> set[str]:
    """Normalised runs that may stay verbatim (names, titles, fixed enumerations), each with a reason."""
    if not ALLOW.exists():
        return set()
    return {normalize(entry["text"]) for entry in yaml.safe_load(ALLOW.read_text(encoding="utf-8")) or []}


def runs(paths: list[Path] | None = None) -> list[Run]:
    automaton = seed_automaton()
    found = []
    for path in paths or content_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, text in strings(data):
            norm = normalize(text)
            length, end = automaton.longest(norm)
            found.append(Run(str(path.relative_to(REPO)), where, text, length, norm[end - length:end]))
    return found


def over_limit(found: list[Run], limit: int = LIMIT) -> list[Run]:
    allow = allowed()
    return [r for r in found if r.length >= limit and not any(r.shared in a or a in r.shared for a in allow)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--min", type=int, default=LIMIT)
    args = parser.parse_args()
    found = runs([p.resolve() for p in args.files] or None)
    bad = sorted(over_limit(found, args.min), key=lambda r: -r.length)
    for r in bad:
        print(f"{r.path} {r.where}: {r.length} chars shared: {r.shared}")
    counts = {n: sum(r.length >= n for r in found) for n in (20, 30, 40)}
    print(f"{len(found)} strings; runs of 20+: {counts[20]}, 30+: {counts[30]}, 40+: {counts[40]}; "
          f"{len(bad)} at {args.min}+ not allow-listed", file=sys.stderr)


if __name__ == "__main__":
    main()
