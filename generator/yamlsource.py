"""Read YAML safely and remember where every value came from.

Input: a YAML file. Output: plain Python data plus a `Positions` map from a value's path
(("chapters", 0, "articles", 2, "id")) to its 1-based line and column, so that problems found
later, by pydantic or by the reference checker, can be reported as `path:line:col`.
Only the safe constructors are used: tags such as `!!python/object` are refused.
"""

from __future__ import annotations

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


@dataclass
class Positions:
    """Where each value (and each mapping key) of one file starts."""

    path: Path
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

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


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, path: Path, problems: Problems):
        self.positions = Positions(path)
        self.problems = problems
        self.constructor = _Loader("")  # only used to resolve scalars safely

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.positions.values[loc] = _mark(node)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _SAFE_COLLECTIONS:
            line, col = _mark(node)
            self.problems.add(self.positions.path, line, col, f"tag '{node.tag}' is not allowed")
            return None
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
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, loc + (i,)) for i, child in enumerate(node.value)]
        if node.tag.startswith("tag:yaml.org,2002:") and node.tag.split(":")[-1] in _SAFE_SCALARS:
            return self.constructor.construct_object(node, deep=True)
        line, col = _mark(node)
        self.problems.add(self.positions.path, line, col, f"tag '{node.tag}' is not allowed")
        return None


_SAFE_COLLECTIONS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_SAFE_SCALARS = {"str", "int", "float", "bool", "null", "timestamp"}


def read_yaml(path: Path, problems: Problems, display: str | None = None) -> tuple[Any, Positions]:
    """Parse one file; syntax errors and refused tags go into `problems`."""
    shown = Path(display) if display else path
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.add(shown, 1, 1, f"file is not UTF-8 text ({error.reason})")
        return None, Positions(shown)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.add(shown, line, col, f"YAML syntax error: {error.problem or error.context}")
        return None, Positions(shown)
    if node is None:
        problems.add(shown, 1, 1, "file is empty")
        return None, Positions(shown)
    builder = _Builder(shown, problems)
    return builder.build(node, ()), builder.positions
