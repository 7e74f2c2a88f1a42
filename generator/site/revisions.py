"""The site's pages about editions: a revision table (修订对照表) per edition, and the change log
built from the comparisons and the history entries.

Input: the renderer (for its templates and `Links`) and the published editions newest first
(`generator.editions.Published`, handed in by the build: the renderers do not import it).
Output: `revisions/<edition>.md` pages, `changelog.md`, and the nav entry for them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from .links import Links

KIND_NAMES = {"duty": "职责", "step": "流程步骤", "deadline": "时限", "form": "表单", "penalty": "奖惩"}
STATUS_NAMES = {"added": "新增制度", "removed": "废止制度", "changed": "修订"}


def revision_path(item: Any) -> str:
    return f"revisions/{item.slug}.md"


def render_history(renderer: Any, history: Sequence[Any]) -> None:
    """Add the revision pages and the change log to `renderer.site`."""
    book = renderer.book
    for item in history:
        if item.previous is None:
            continue
        links = Links(book, revision_path(item))
        renderer.emit(
            links, "revisions.md.j2", item=item, kind_names=KIND_NAMES, status_names=STATUS_NAMES, roles=book.roles,
            page_of=lambda change, links=links: _regulation_url(book, links, change.reg_id),
        )
    entries = [(reg, h) for reg in book.regulations.values() for h in reg.history]
    entries.sort(key=lambda e: (e[1].effective or e[1].date or dt.date.min, e[0].order()), reverse=True)
    links = Links(book, "changelog.md")
    renderer.emit(
        links, "changelog.md.j2", entries=entries, history=history, status_names=STATUS_NAMES,
        table_url=lambda item: links.rel(revision_path(item)) if item.previous else "",
        page_of=lambda change: _regulation_url(book, links, change.reg_id, md=True),
    )


def _regulation_url(book, links: Links, reg_id: str, md: bool = False) -> str:
    """The regulation's page in this edition, or '' when it is no longer in it."""
    reg = book.regulations.get(reg_id)
    if reg is None:
        return ""
    return links.page_url(reg) if md else links.html_url(f"regulations/{reg.topic}/{reg.id}.md")


def history_nav(nav: list[Any], history: Sequence[Any]) -> list[Any]:
    """The 修订记录 entry of the nav, with a revision table per edition under it."""
    tables = [{f"{item.edition.name} 修订对照表": revision_path(item)} for item in history if item.previous]
    if not tables:
        return nav
    return [{"修订记录": ["changelog.md", *tables]} if entry == {"修订记录": "changelog.md"} else entry for entry in nav]
