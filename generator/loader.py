"""Load the editor's files into one validated `Handbook`.

Input: a project folder (docs/, forms/). Output: `Handbook`, or `HandbookError` carrying every
problem found in every file (syntax, types, unknown keys, duplicate ids, broken references).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from .errors import HandbookError, Problems
from .model import Article, Form, Track, GlossaryFile, Regulation, Role, RolesFile, Term, Topic, TopicsFile
from .yamlsource import Loc, Positions, read_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass
class Source:
    """One validated object and where it came from, for later error messages."""

    positions: Positions
    base: Loc = ()

    def where(self, *loc: str | int, key: bool = False) -> tuple[str, int, int]:
        line, col = self.positions.at(self.base + tuple(loc), key=key)
        return str(self.positions.path), line, col


@dataclass
class Handbook:
    root: Path
    topics: dict[str, Topic] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    regulations: dict[str, Regulation] = field(default_factory=dict)
    forms: dict[str, Form] = field(default_factory=dict)
    tracks: dict[str, Track] = field(default_factory=dict)
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)
    articles: dict[tuple[str, str], Article] = field(default_factory=dict)
    article_labels: dict[tuple[str, str], str] = field(default_factory=dict)  # 第X条, by position
    pages: list[Path] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)
    warnings: list = field(default_factory=list)  # Problem: worth fixing, not fatal unless --strict

    def source(self, kind: str, id_: str) -> Source:
        return self.sources[(kind, id_)]

    def regulations_in(self, topic_id: str) -> list[Regulation]:
        """The topic's regulations in code order, as the nav and the book list them."""
        return sorted((r for r in self.regulations.values() if r.topic == topic_id), key=lambda r: r.code)


def did_you_mean(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _readable(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _data_loc(data: Any, loc: tuple) -> Loc:
    """Map pydantic's `loc` onto the data's own path, dropping union member names."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
        else:
            continue
        path.append(part)
    return tuple(path)


def validate(model: type[M], data: Any, positions: Positions, problems: Problems) -> M | None:
    """Validate `data` against `model`; report each error at its line and column."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        seen: set[Loc] = set()
        for item in error.errors(include_url=False):
            loc = _data_loc(data, item["loc"])
            if item["type"] == "missing":
                loc += (item["loc"][-1],)
            if loc in seen:
                continue
            seen.add(loc)
            name = _readable(loc) or "file"
            kind = item["type"]
            if kind == "extra_forbidden":
                allowed = _allowed_keys(model, loc, data)
                hint = did_you_mean(str(loc[-1]), allowed)
                message = f"{name}: unknown field '{loc[-1]}'{hint}"
                line, col = positions.at(loc, key=True)
            elif kind == "missing":
                line, col = positions.at(loc[:-1])
                message = f"{name}: required field is missing"
            else:
                line, col = positions.at(loc)
                message = f"{name}: {item['msg']}"
                if "input" in item and not isinstance(item["input"], (dict, list)):
                    message += f" (got {item['input']!r})"
            problems.add(positions.path, line, col, message)
        return None


def _allowed_keys(model: type[BaseModel], loc: Loc, data: Any) -> list[str]:
    """Field names of the model that owns the mapping at loc[:-1]."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


class Loader:
    """Reads every file, collecting problems; `load()` raises once at the end."""

    def __init__(self, root: Path):
        self.root = root
        self.problems = Problems()
        self.book = Handbook(root=root)

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def read(self, path: Path, model: type[M]) -> tuple[M | None, Positions]:
        data, positions = read_yaml(path, self.problems, display=self.rel(path))
        if data is None:
            # Unreadable: assume the file is named after its id (the convention), so references
            # to it are not reported as unknown on top of the syntax error.
            self.book.broken.add(path.stem)
            return None, positions
        parsed = validate(model, data, positions, self.problems)
        if parsed is None and isinstance(data, dict) and isinstance(data.get("id"), str):
            # An invalid file is not linked; references to its id are not reported as unknown.
            self.book.broken.add(data["id"])
        return parsed, positions

    def register(self, kind: str, table: dict, obj: Any, positions: Positions, base: Loc) -> None:
        if obj.id in table:
            first = self.book.sources[(kind, obj.id)]
            path, line, col = first.where("id")
            here = positions.at(base + ("id",))
            self.problems.add(
                positions.path, *here, f"duplicate {kind} id '{obj.id}' (first defined at {path}:{line})"
            )
            return
        table[obj.id] = obj
        self.book.sources[(kind, obj.id)] = Source(positions, base)

    def load_registry(self, folder: Path, model: type[M], attr: str, kind: str, table: dict) -> None:
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            parsed, positions = self.read(path, model)
            if parsed is None:
                continue
            for i, obj in enumerate(getattr(parsed, attr)):
                self.register(kind, table, obj, positions, (attr, i))

    def load(self) -> Handbook:
        docs = self.root / "docs"
        topics_file = docs / "topics.yaml"
        if topics_file.exists():
            parsed, positions = self.read(topics_file, TopicsFile)
            for i, topic in enumerate(parsed.topics if parsed else []):
                self.register("topic", self.book.topics, topic, positions, ("topics", i))
        else:
            self.problems.add(self.rel(topics_file), 1, 1, "file is missing: the handbook needs its topics")
        self.load_registry(docs / "roles", RolesFile, "roles", "role", self.book.roles)
        self.load_registry(docs / "glossary", GlossaryFile, "terms", "term", self.book.terms)
        for path in sorted((docs / "regulations").rglob("*.yaml")):
            regulation, positions = self.read(path, Regulation)
            if regulation is not None:
                self.register("regulation", self.book.regulations, regulation, positions, ())
        for path in sorted((self.root / "forms").glob("*.yaml")):
            form, positions = self.read(path, Form)
            if form is not None:
                self.register("form", self.book.forms, form, positions, ())
        for path in sorted((docs / "training").glob("*.yaml")):
            track, positions = self.read(path, Track)
            if track is not None:
                self.register("track", self.book.tracks, track, positions, ())
        self.book.pages = sorted((docs / "pages").glob("*.md")) if (docs / "pages").is_dir() else []
        from .linker import link

        warnings = Problems()
        link(self.book, self.problems, warnings)
        if self.problems:
            raise HandbookError(self.problems.sorted())
        self.book.warnings = warnings.sorted()
        return self.book


def load(root: Path | str) -> Handbook:
    return Loader(Path(root).resolve()).load()
