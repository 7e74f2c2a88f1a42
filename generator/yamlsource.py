"""Read YAML safely and remember where every value came from.

Input: a YAML file. Output: plain Python data plus a `Positions` map from a value's path
(("chapters", 0, "articles", 2, "id")) to its 1-based line and column, so that problems found
later, by pydantic or by the reference checker, can be reported as `path:line:col`.
Only the safe constructors are used: tags such as `!!python/object` are refused. Whatever a
file holds, reading it ends in data or in problems with a position, never in an exception:
unreadable or special files, bad UTF-8, control characters, impossible dates and numbers,
recursive aliases and documents that expand past `MAX_VALUES` values (alias bombs).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is faster; fall back to the pure-Python loader where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

from .errors import Problems

Loc = tuple[str | int, ...]
MAX_VALUES = 200_000  # no handbook file comes near; an alias bomb expands far past it
MAX_BYTES = 20_000_000


class _TooLarge(Exception):
    pass


@dataclass
class Positions:
    """Where each value (and each mapping key) of one file starts."""

    path: Path
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    refused: set[Loc] = field(default_factory=set)  # values already reported (bad date, loop, tag, …)

    def near_refused(self, loc: Loc) -> bool:
        """Whether `loc` is, holds or lies inside a value already reported: no second problem for it."""
        return bool(loc) and any(loc[: len(r)] == r or r[: len(loc)] == loc for r in self.refused)

    def at(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Position of `loc`, or of its closest ancestor that has one."""
        table = self.keys if key else self.values
        loc = tuple(loc)
        while loc:
            if loc in table:
                return table[loc]
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))


def readable(loc: Loc) -> str:
    """("chapters", 0, "title") → chapters[0].title"""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, path: Path, problems: Problems):
        self.positions = Positions(path)
        self.problems = problems
        self.constructor = _Loader("")  # only used to resolve scalars safely
        self.open: set[int] = set()  # collections being built: an alias back into one is a loop
        self.count = 0

    def problem(self, node: yaml.Node, message: str, loc: Loc | None = None) -> None:
        if loc is not None:
            self.positions.refused.add(loc)
            message = f"{readable(loc)}: {message}" if loc else message
        self.problems.add(self.positions.path, *_mark(node), message)

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooLarge
        if id(node) in self.open:
            self.problem(node, "an alias refers to the collection it is part of (a loop)", loc)
            return None
        self.positions.values.setdefault(loc, _mark(node))
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag in _SAFE_COLLECTIONS:
            self.open.add(id(node))
            try:
                return self._collection(node, loc)
            finally:
                self.open.discard(id(node))
        return self._scalar(node, loc)

    def _collection(self, node: yaml.Node, loc: Loc) -> Any:
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, loc + ("<key>",))
                if not isinstance(key, (str, int)):
                    line, col = _mark(key_node)
                    self.problems.add(self.positions.path, line, col, "mapping keys must be text")
                    continue
                if key in result:
                    line, col = _mark(key_node)
                    first = self.positions.keys[loc + (key,)]
                    self.problems.add(
                        self.positions.path, line, col,
                        f"duplicate key '{key}' (first defined on line {first[0]})",
                    )
                    continue
                self.positions.keys[loc + (key,)] = _mark(key_node)
                result[key] = self.build(value_node, loc + (key,))
            return result
        return [self.build(child, loc + (i,)) for i, child in enumerate(node.value)]

    def _scalar(self, node: yaml.Node, loc: Loc) -> Any:
        if not isinstance(node, yaml.ScalarNode) or not (
            node.tag.startswith("tag:yaml.org,2002:") and node.tag.split(":")[-1] in _SAFE_SCALARS
        ):
            self.problem(node, f"tag '{node.tag}' is not allowed", loc)
            return None
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError) as error:
            kind = node.tag.split(":")[-1]
            what = {"timestamp": "date", "int": "number", "float": "number"}.get(kind, "value")
            self.problem(node, f"'{node.value}' is not a valid {what} ({error})", loc)
            return None
        if isinstance(value, float) and value != value:  # NaN: never a meaningful value in a handbook
            self.problem(node, f"'{node.value}' is not a number", loc)
            return None
        return value


_SAFE_COLLECTIONS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_SAFE_SCALARS = {"str", "int", "float", "bool", "null", "timestamp"}


def _line_col(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def read_text(path: Path, problems: Problems, shown: Path | str) -> str | None:
    """The file as text, or None with a problem: not a regular file, unreadable, not UTF-8."""
    try:
        info = os.stat(path)  # follows links: a dangling link or a loop fails here
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            problems.add(shown, 1, 1, f"cannot read: {kind}")
            return None
        if info.st_size > MAX_BYTES:
            problems.add(shown, 1, 1, f"cannot read: {info.st_size} bytes is too large for a handbook file")
            return None
        data = path.read_bytes()
    except OSError as error:
        problems.add(shown, 1, 1, f"cannot read: {error.strerror or error}")
        return None
    try:
        return data.decode("utf-8-sig")  # a byte-order mark is fine
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line, col = before.count(b"\n") + 1, error.start - before.rfind(b"\n")
        problems.add(shown, line, col, f"file is not UTF-8 text ({error.reason} at byte {error.start})")
        return None


def read_yaml(path: Path, problems: Problems, display: str | None = None) -> tuple[Any, Positions]:
    """Parse one file; every problem (unreadable, syntax, refused tags, bad values) goes into `problems`."""
    shown = Path(display) if display else path
    text = read_text(path, problems, shown)
    if text is None:
        return None, Positions(shown)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.add(shown, line, col, f"YAML syntax error: {error.problem or error.context}")
        return None, Positions(shown)
    except yaml.reader.ReaderError as error:
        line, col = _line_col(text, error.position)
        code = error.character if isinstance(error.character, int) else ord(error.character)
        problems.add(shown, line, col, f"character U+{code:04X} is not allowed in YAML (a control character)")
        return None, Positions(shown)
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        problems.add(shown, 1, 1, f"YAML error: {error}")
        return None, Positions(shown)
    if node is None:
        problems.add(shown, 1, 1, "file is empty")
        return None, Positions(shown)
    builder = _Builder(shown, problems)
    try:
        data = builder.build(node, ())
    except _TooLarge:
        problems.add(shown, *_mark(node), f"the document expands to more than {MAX_VALUES} values (aliases repeated too often?)")
        return None, builder.positions
    except RecursionError:
        problems.add(shown, *_mark(node), "the document is nested too deeply")
        return None, builder.positions
    if data is None and not any(str(p.path) == str(shown) for p in problems.items):
        problems.add(shown, *_mark(node), "the file holds no data (an empty document)")
    return data, builder.positions
