"""Links from one generated page to the others, as relative URLs (the site also opens from a
file share, so nothing is absolute).

Input: the handbook, the page's path in docs/ and, on a regulation's own page, that regulation.
Output: Markdown links (`role_link`, `article_link`, …) and HTML anchors for the templates; a
`Links` is made per page and handed to its template, so no renderer state is involved.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import Any, Callable

from markupsafe import Markup

from ..handbook import Handbook, split_article_ref
from ..model import Regulation
from .markdown import md


def regulation_path(reg: Regulation) -> str:
    return f"regulations/{reg.topic}/{reg.id}.md"


def role_path(role_id: str) -> str:
    return f"roles/{role_id}.md"


def form_path(form_id: str) -> str:
    return f"forms/{form_id}.md"


@lru_cache(maxsize=65536)
def _relative(target: str, folder: str) -> str:
    return posixpath.relpath(target, folder)  # pages sit in a few folders: a few hundred distinct answers


class Links:
    def __init__(self, book: Handbook, page: str, regulation: str | None = None):
        self.book = book
        self.page = page
        self.regulation = regulation  # on its own page a regulation's articles are linked by 第X条 alone

    def rel(self, target: str) -> str:
        """`target` (a path in docs/) relative to this page."""
        return _relative(target, posixpath.dirname(self.page) or ".")

    def html_url(self, md_path: str) -> str:
        return self.rel(md_path[: -len(".md")] + ".html")

    def page_url(self, reg: Regulation) -> str:
        return self.rel(regulation_path(reg))

    def role_link(self, role_id: str | None) -> Markup:
        if not role_id:
            return Markup("—")
        return Markup(f"[{md(self.book.roles[role_id].name)}]({self.rel(role_path(role_id))})")

    def form_link(self, form_id: str | None) -> Markup:
        if not form_id:
            return Markup("—")
        return Markup(f"[《{md(self.book.forms[form_id].title)}》]({self.rel(form_path(form_id))})")

    def regulation_link(self, reg_id: str) -> Markup:
        reg = self.book.regulations[reg_id]
        return Markup(f"[{md(reg.title)}]({self.rel(regulation_path(reg))})")

    def term_link(self, term_id: str) -> Markup:
        return Markup(f"[{md(self.book.terms[term_id].term)}]({self.rel('glossary.md')}#{term_id})")

    def article_link(self, ref: str | None, current: str | None = None, bare: bool = False) -> Markup:
        """'art' or 'reg#art' → [第X条](…#a-art); with the regulation's title unless it is this page's
        or `bare` (the regulation is named right above, e.g. under its heading)."""
        if not ref:
            return Markup("—")
        current = current or self.regulation
        reg_id, art_id = split_article_ref(ref, current)
        reg, _, number = self.book.article(ref, current)
        short = bare and reg.id == current or reg.id == current and self.regulation
        label = number if short else f"{md(reg.title)} {number}"
        return Markup(f"[{label}]({self.rel(regulation_path(reg))}#a-{art_id})")

    def role_anchor(self, role_id: str) -> Markup:
        return Markup('<a href="{}">{}</a>').format(self.html_url(role_path(role_id)), self.book.roles[role_id].name)

    def article_anchor(self, ref: str | None, reg: Regulation) -> Markup:
        if not ref:
            return Markup('<a href="{}">{}</a>').format(self.html_url(regulation_path(reg)), reg.title)
        target, article, number = self.book.article(ref, reg.id)
        url = self.html_url(regulation_path(target)) + "#a-" + article.id
        return Markup('<a href="{}">{} {}</a>').format(url, target.title, number)

    def helpers(self) -> dict[str, Callable[..., Any]]:
        """What the templates call."""
        return {
            "role_link": self.role_link, "form_link": self.form_link, "article_link": self.article_link,
            "regulation_link": self.regulation_link, "term_link": self.term_link, "page_url": self.page_url,
            "role_anchor": self.role_anchor, "article_anchor": self.article_anchor, "page_url_of": self.rel,
        }
