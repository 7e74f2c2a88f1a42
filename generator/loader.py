"""Load the editor's files into one validated `Handbook`.

Input: a project folder (docs/, forms/). Output: `Handbook`, or `HandbookError` carrying every
problem found in every file (syntax, types, unknown keys, duplicate ids, broken references).
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from .errors import HandbookError, Problems, did_you_mean
from .handbook import Handbook, Source
from .linker import link
from .model import FILE_KINDS
from .yamlsource import Loc, Positions, read_yaml, readable

M = TypeVar("M", bound=BaseModel)


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
            if loc in seen or positions.near_refused(loc):
                continue
            seen.add(loc)
            name = readable(loc) or "file"
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

    def read(self, path: Path, model: type[M]) -> tuple[M | None, Positions, Any]:
        data, positions = read_yaml(path, self.problems, display=self.rel(path))
        if data is None:
            # Unreadable: assume the file is named after its id (the convention), so references
            # to it are not reported as unknown on top of the problem found.
            self.book.broken.add(path.stem)
            return None, positions, None
        parsed = validate(model, data, positions, self.problems)
        if parsed is None and isinstance(data, dict) and isinstance(data.get("id"), str):
            # An invalid file is not linked; references to its id are not reported as unknown.
            self.book.broken.add(data["id"])
        return parsed, positions, data

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

    def files(self, kind: str) -> list[Path]:
        """The files of one kind (see `model.FILE_KINDS`), in name order. Anything named like one
        is listed (a folder, a dangling link, a FIFO), so that reading it reports what it is; links
        to folders are not followed, so a link loop cannot hang the walk."""
        folder, recursive, name = FILE_KINDS[kind][1].partition("/**/")
        if not recursive:
            return sorted(self.root.glob(folder))
        found = []
        for dirpath, dirnames, filenames in os.walk(self.root / folder):
            dirnames.sort()
            found += [Path(dirpath) / entry for entry in filenames + dirnames if fnmatch.fnmatch(entry, name)]
        return sorted(found)

    def load_kind(self, kind: str, table: dict, attr: str | None = None, item: str | None = None) -> None:
        """Read every file of `kind`; a registry file holds a list (`attr`) of objects (`item`).
        In a registry file that does not validate, the entries that do are still registered, so
        one bad entry is one problem, not one per reference to the others."""
        model = FILE_KINDS[kind][0]
        for path in self.files(kind):
            parsed, positions, data = self.read(path, model)
            if attr is None:
                if parsed is not None:
                    self.register(kind, table, parsed, positions, ())
                continue
            entries = list(enumerate(getattr(parsed, attr))) if parsed is not None else self.salvage(model, attr, data)
            for i, obj in entries:
                self.register(item or kind, table, obj, positions, (attr, i))

    def salvage(self, model: type[BaseModel], attr: str, data: Any) -> list[tuple[int, Any]]:
        """The valid entries of a registry file that failed validation (its problems are reported)."""
        if not isinstance(data, dict) or not isinstance(data.get(attr), list):
            return []
        entry_model = get_args(model.model_fields[attr].annotation)[0]
        good = []
        for i, entry in enumerate(data[attr]):
            try:
                good.append((i, entry_model.model_validate(entry)))
            except ValidationError:
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    self.book.broken.add(entry["id"])
        return good

    def load(self) -> Handbook:
        docs = self.root / "docs"
        if not (docs / "topics.yaml").exists():
            self.problems.add("docs/topics.yaml", 1, 1, "file is missing: the handbook needs its topics")
        book = self.book
        self.load_kind("topics", book.topics, "topics", "topic")
        self.load_kind("roles", book.roles, "roles", "role")
        self.load_kind("glossary", book.terms, "terms", "term")
        self.load_kind("regulation", book.regulations)
        self.load_kind("form", book.forms)
        self.load_kind("track", book.tracks)
        for path in self.files("search"):
            parsed, _, _ = self.read(path, FILE_KINDS["search"][0])
            if parsed is not None:
                book.search = parsed
        book.pages = sorted((docs / "pages").glob("*.md")) if (docs / "pages").is_dir() else []
        book.index_articles()
        warnings = Problems()
        link(book, self.problems, warnings)
        if self.problems:
            raise HandbookError(self.problems.sorted())
        book.warnings = warnings.sorted()
        return book


def load(root: Path | str) -> Handbook:
    """Read and check every file under `root`; raise `HandbookError` with every problem."""
    return Loader(Path(root).resolve()).load()
