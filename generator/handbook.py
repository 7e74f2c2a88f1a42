"""The `Handbook`: every object the editor wrote, linked by id, in one in-memory model.

Input: validated objects registered by the loader. Output: lookups the renderers share: objects
by id, where each came from (for messages), the article index and the displayed 第X条 of each
article (computed once, from its position), role names, a topic's regulations in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import Problem
from .model import Article, Form, Regulation, Role, SearchSettings, Term, Topic, Track
from .numerals import article_label
from .yamlsource import Loc, Positions


def split_article_ref(ref: str, current: str | None) -> tuple[str | None, str]:
    """'reg#art' → ('reg', 'art'); 'art' → (current, 'art')."""
    if "#" in ref:
        reg, art = ref.split("#", 1)
        return reg, art
    return current, ref


@dataclass
class Source:
    """Where one validated object came from, for later error messages."""

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
    search: SearchSettings = field(default_factory=SearchSettings)
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)
    articles: dict[tuple[str, str], Article] = field(default_factory=dict)
    article_labels: dict[tuple[str, str], str] = field(default_factory=dict)  # 第X条, by position
    pages: list[Path] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)  # ids of files that did not validate
    warnings: list[Problem] = field(default_factory=list)  # worth fixing, not fatal unless --strict

    def source(self, kind: str, id_: str) -> Source:
        return self.sources[(kind, id_)]

    def index_articles(self) -> None:
        """Fill `articles` and `article_labels`; numbers run on across chapters. The first of
        two articles with the same id wins (the linker reports the second)."""
        for reg in self.regulations.values():
            for number, art in enumerate(reg.articles(), 1):
                if (reg.id, art.id) not in self.articles:
                    self.articles[(reg.id, art.id)] = art
                    self.article_labels[(reg.id, art.id)] = article_label(number)

    def article(self, ref: str, current: str | None = None) -> tuple[Regulation, Article, str]:
        """A checked article reference → (its regulation, the article, its 第X条)."""
        reg_id, art_id = split_article_ref(ref, current)
        reg = self.regulations[reg_id]
        return reg, self.articles[(reg.id, art_id)], self.article_labels[(reg.id, art_id)]

    @cached_property
    def role_names(self) -> dict[str, str]:
        return {r.id: r.name for r in self.roles.values()}

    def regulations_in(self, topic_id: str) -> list[Regulation]:
        """The topic's regulations in code order, as the nav and the book list them."""
        return sorted((r for r in self.regulations.values() if r.topic == topic_id), key=lambda r: r.order())
