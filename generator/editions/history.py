"""The handbook's published history: every edition compared with the one before it, the
edition in force on a date, and the history entries that declare a change class.

Input: a project folder (its git tags) and the handbook loaded from its working files. Output:
`Published` editions newest first with their comparisons; the edition (or working files) to
build for `--as-of DATE`; warnings where a declared class disagrees with the detected one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import HandbookError, Problem
from ..handbook import Handbook
from .compare import CLASS_NAMES, RegulationChange, compare, compare_regulation
from .revisions import Edition, EditionError, editions, load_edition


@dataclass
class Published:
    """One edition and what it changed from the previous one (None for the first)."""

    edition: Edition
    previous: Edition | None
    changes: list[RegulationChange] = field(default_factory=list)
    in_force: dt.date | None = None  # when its changes took effect (history entries), else its date
    summaries: dict[str, str] = field(default_factory=dict)  # regulation id → what its history says
    book: Handbook | None = field(default=None, repr=False)  # the edition as loaded

    @property
    def slug(self) -> str:
        return "".join(c if c.isalnum() or c in "._-" else "-" for c in self.edition.name)


def _entries_for(book: Handbook, name: str):
    for reg in book.regulations.values():
        for entry in reg.history:
            if entry.edition == name:
                yield reg, entry


def published(project: Path, found: list[Edition] | None = None) -> tuple[list[Published], list[Problem]]:
    """Every edition that loads, newest first, each compared with the one before; an edition
    that does not load (older schema, broken YAML) is left out with a warning."""
    found = editions(project) if found is None else found
    books: list[tuple[Edition, Handbook]] = []
    warnings = []
    for edition in found:
        try:
            books.append((edition, load_edition(project, edition.name)))
        except HandbookError as error:
            warnings.append(Problem("git", 1, 1, f"edition '{edition.name}' left out: {error.problems[0]}"))
    result = []
    for i, (edition, book) in enumerate(books):
        previous = books[i - 1] if i else None
        entries = list(_entries_for(book, edition.name))
        in_force = max((e.effective for _, e in entries if e.effective), default=None)
        result.append(Published(
            edition, previous[0] if previous else None, compare(previous[1], book) if previous else [],
            in_force or edition.date, {reg.id: e.summary for reg, e in entries}, book,
        ))
    return result[::-1], warnings


def in_force_on(project: Path, day: dt.date) -> Edition:
    """The edition in force on `day`: the newest one published by then whose changes had taken
    effect (its history entries' `effective`, else the tag's date)."""
    history, _ = published(project)
    for item in history:
        if item.edition.date <= day and (item.in_force or item.edition.date) <= day:
            return item.edition
    if not history:
        raise EditionError("--as-of needs editions: tag the published states of the handbook in git (e.g. git tag v2025.1)")
    first = history[-1]
    raise EditionError(f"no edition was in force on {day}: the first, {first.edition.name}, took effect on {first.in_force}")


def declared_class_warnings(project: Path, book: Handbook) -> list[Problem]:
    """A warning for every history entry (or per-article note) whose declared `change` class
    differs from the one the comparison detects. An entry's edition is compared with the edition
    before it; the newest entry of an edition not tagged yet, with the newest tag."""
    declared = [(reg, i, e) for reg in book.regulations.values() for i, e in enumerate(reg.history)
                if e.change or any(a.change for a in e.articles)]
    if not declared:
        return []
    found = editions(project)
    names = [e.name for e in found]
    warnings = []
    for reg, i, entry in declared:
        if entry.edition in names:
            k = names.index(entry.edition)
            if k == 0:
                continue
            old, new = load_edition(project, names[k - 1]), load_edition(project, entry.edition)
        elif found and entry is _newest(reg.history):
            old, new = load_edition(project, names[-1]), book
        else:
            continue
        change = compare_regulation(old, new, reg.id)
        source = book.source("regulation", reg.id)
        if entry.change:
            detected = change.change_class if change else None
            if detected != entry.change:
                path, line, col = source.where("history", i, "change")
                said = CLASS_NAMES[detected] if detected else "没有变化"
                warnings.append(Problem(path, line, col, f"history {entry.version}: declared {entry.change} ({CLASS_NAMES[entry.change]}) but the comparison finds {detected or 'no change'} ({said})"))
        rows = {a.article_id: a for a in change.articles} if change else {}
        for j, note in enumerate(entry.articles):
            row = rows.get(note.article)
            detected = None if row is None else "substantive" if row.substantive else "editorial"
            if note.change and detected != note.change:
                path, line, col = source.where("history", i, "articles", j, "change")
                warnings.append(Problem(path, line, col, f"history {entry.version}, article '{note.article}': declared {note.change} but the comparison finds {detected or 'no change'}"))
    return warnings


def _newest(entries):
    return max(entries, key=lambda e: (e.effective or e.date or dt.date.min))


WORKING = "working"  # `handbook compare OLD` compares with the working files


def edition_label(project: Path, rev: str) -> str:
    """How a revision is named in a revision table: v2025.1（2025-01-01 发布）, or 当前文件（未发布）."""
    if rev == WORKING:
        return "当前文件（未发布）"
    for edition in editions(project):
        if edition.name == rev:
            return f"{edition.name}（{edition.date} 发布）"
    return rev


def compare_revisions(project: Path, old: str, new: str, working: Handbook | None = None) -> list[RegulationChange]:
    """Compare two revisions of the project; `new` may be WORKING (the files as they are)."""
    before = load_edition(project, old)
    after = working if new == WORKING and working is not None else load_edition(project, new)
    return compare(before, after)
