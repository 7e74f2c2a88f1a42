"""mkdocs.yml's nav, from the model.

Input: a Handbook. Output: the nav list: topics with their regulations, the role index,
deadlines, training, forms, glossary, change log, hand-written pages (and the editor's to-do).
"""

from __future__ import annotations

from typing import Any

from ..handbook import Handbook
from .links import form_path, regulation_path
from .markdown import nav_title, page_title


def nav(book: Handbook, *, editor: bool = False) -> list[Any]:
    """mkdocs.yml's nav: topics with their regulations, roles, deadlines, training, forms, …"""
    topics = []
    for topic in book.topics.values():
        regs = book.regulations_in(topic.id)
        if regs:
            # every entry has its title, so a page rebuilt alone (dirty mode) names its neighbours right
            topics.append({nav_title(topic.title): [{nav_title(topic.title): f"regulations/{topic.id}/index.md"}] + [{nav_title(r.title): regulation_path(r)} for r in regs]})
    items: list[Any] = [
        {"首页": "index.md"},
        {"制度": topics},
        {"我的职责": "roles/index.md"},  # the role pages are reached from its filterable list, not a 150-entry menu
        {"时限一览": "deadlines.md"},
        {"入职培训": [{"入职培训": "training/index.md"}] + [{nav_title(t.title): f"training/{t.id}.md"} for t in book.tracks.values()]},
        {"表单": [{"表单": "forms/index.md"}] + [{nav_title(f.title): form_path(f.id)} for f in sorted(book.forms.values(), key=lambda f: f.order())]},
        {"术语表": "glossary.md"},
        {"修订记录": "changelog.md"},
    ]
    if book.pages:
        items.append({"指南": [{nav_title(page_title(p)): f"pages/{p.name}"} for p in book.pages]})
    if editor:
        items.append({"编辑待办": "editor.md"})
    return items
