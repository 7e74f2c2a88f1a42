"""Two editions of the handbook compared, regulation by regulation, as a 修订对照表 needs them.

Input: the old and the new `Handbook`. Output: a `RegulationChange` for every regulation added,
removed or changed: its articles matched by their permanent ids (so 第五条 → 第六条 is a
renumbering, not a change of text), the changes in duties, steps, deadlines, forms and
penalties in words, each classed substantive (实质性修订) or editorial (文字性修改), and the
roles each change concerns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..handbook import Handbook, split_article_ref
from ..model import Article, Clause, Regulation
from ..numerals import clause_label
from .classify import marks
from .items import ItemChange, Names, deadline_changes, duty_changes, form_changes, sanction_changes, step_changes

SUBSTANTIVE, EDITORIAL = "substantive", "editorial"
CLASS_NAMES = {SUBSTANTIVE: "实质性修订", EDITORIAL: "文字性修改"}


@dataclass(frozen=True)
class ArticleChange:
    """One row of the revision table. `status`: inserted | deleted | modified | renumbered."""

    article_id: str
    old_label: str | None
    new_label: str | None
    old_text: str | None
    new_text: str | None
    status: str
    substantive: bool
    roles: frozenset[str]
    reasons: tuple[str, ...] = ()  # why it is substantive, in Chinese

    def marks(self) -> list[tuple[str, str]]:
        """(op, text) runs from the old to the new text: "equal", "insert" or "delete"."""
        return marks(self.old_text or "", self.new_text or "")

    def sides(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The two columns of the row: the old text with its deleted runs ("equal"/"delete"),
        the new text with its inserted runs ("equal"/"insert"). An inserted or deleted article
        is one run of its own kind."""
        runs = self.marks()
        return [r for r in runs if r[0] != "insert"], [r for r in runs if r[0] != "delete"]

    @property
    def label(self) -> str:
        """第X条, or 原第X条 → 第Y条 when it moved."""
        if self.old_label and self.new_label and self.old_label != self.new_label:
            return f"{self.old_label} → {self.new_label}"
        return self.new_label or f"原{self.old_label}"

    @property
    def note(self) -> str:
        """The 修订说明 column: what happened to the article, and its class."""
        if self.status == "inserted":
            what = f"新增{self.new_label}"
        elif self.status == "deleted":
            what = f"删除原{self.old_label}"
        elif self.status == "renumbered":
            return f"条文未改，条序由{self.old_label}调整为{self.new_label}（{CLASS_NAMES[EDITORIAL]}）"
        else:
            moved = f"，条序由{self.old_label}调整为{self.new_label}" if self.old_label != self.new_label else ""
            what = f"修改{self.new_label}{moved}"
        why = f"：{'；'.join(self.reasons)}" if self.reasons else ""
        return f"{what}（{CLASS_NAMES[SUBSTANTIVE if self.substantive else EDITORIAL]}{why}）"


@dataclass(frozen=True)
class RegulationChange:
    """What changed in one regulation. `status`: added | removed | changed."""

    reg_id: str
    title: str
    status: str
    articles: list[ArticleChange] = field(default_factory=list)
    items: list[ItemChange] = field(default_factory=list)
    substantive: bool = False
    affected_roles: frozenset[str] = frozenset()

    @property
    def change_class(self) -> str:
        return SUBSTANTIVE if self.substantive else EDITORIAL


def article_text(article: Article) -> str:
    """An article as one string for comparing: title, text, then each clause （一） and item
    1. on a line of its own."""
    lines = [" ".join(part for part in (article.title, article.text) if part)]
    for k, clause in enumerate(article.clauses, 1):
        text, items = (clause.text, clause.items) if isinstance(clause, Clause) else (clause, [])
        lines.append(f"{clause_label(k)}{text}")
        lines += [f"{i}. {item}" for i, item in enumerate(items, 1)]
    return "\n".join(line for line in lines if line)


class _Side:
    """One edition of one regulation: its articles with labels, and who each article concerns."""

    def __init__(self, book: Handbook, reg: Regulation | None):
        self.reg = reg
        self.articles = {a.id: a for a in reg.articles()} if reg else {}
        self.labels = {a: book.article_labels.get((reg.id, a)) for a in self.articles} if reg else {}
        self.citing: dict[str, set[str]] = {}
        for item in [*reg.duties, *reg.deadlines] if reg else []:
            self._cite(item.article, getattr(item, "role", None))
        for proc in reg.procedures if reg else []:
            for step in proc.steps:
                self._cite(step.article, step.actor)

    def _cite(self, ref: str | None, role: str | None) -> None:
        if ref and role:
            reg_id, art = split_article_ref(ref, self.reg.id)
            if reg_id == self.reg.id:
                self.citing.setdefault(art, set()).add(role)

    def roles_of(self, article_id: str | None) -> frozenset[str]:
        if article_id and article_id in self.citing:
            return frozenset(self.citing[article_id])
        return frozenset(self.reg.audience) if self.reg else frozenset()


def _article_rows(old: _Side, new: _Side, names: Names) -> list[ArticleChange]:
    """Rows in the new order; a deleted article comes after the article it followed."""
    rows: list[ArticleChange] = []
    order = list(new.articles)
    old_order = list(old.articles)
    for i, art_id in enumerate(old_order):
        if art_id not in new.articles:
            before = [a for a in old_order[:i] if a in new.articles]
            order.insert(order.index(before[-1]) + 1 if before else 0, art_id)
    for art_id in order:
        a, b = old.articles.get(art_id), new.articles.get(art_id)
        roles = (new if b else old).roles_of(art_id) | (old.roles_of(art_id) if a and b else frozenset())
        texts = (article_text(a) if a else None, article_text(b) if b else None)
        labels = (old.labels.get(art_id), new.labels.get(art_id))
        if a is None or b is None:
            status = "inserted" if a is None else "deleted"
            rows.append(ArticleChange(art_id, *labels, *texts, status, True, roles))
        elif texts[0] != texts[1]:
            reasons = tuple(names.reasons(*texts))
            rows.append(ArticleChange(art_id, *labels, *texts, "modified", bool(reasons), roles if reasons else frozenset(), reasons))
        elif labels[0] != labels[1]:
            rows.append(ArticleChange(art_id, *labels, *texts, "renumbered", False, frozenset()))
    return rows


def compare_regulation(old_book: Handbook, new_book: Handbook, reg_id: str, names: Names | None = None) -> RegulationChange | None:
    """The changes of one regulation between two handbooks, or None when it did not change."""
    names = names or Names(old_book, new_book)
    a, b = old_book.regulations.get(reg_id), new_book.regulations.get(reg_id)
    old, new = _Side(old_book, a), _Side(new_book, b)
    rows = _article_rows(old, new, names)
    items: list[ItemChange] = []
    if a and b:
        roles_of = lambda ref: new.roles_of(split_article_ref(ref, reg_id)[1] if ref else None)  # noqa: E731
        items = [
            *duty_changes(a, b, names), *step_changes(a, b, names), *deadline_changes(a, b, names),
            *form_changes(a, b, names), *sanction_changes(a, b, names, roles_of),
        ]
    if a and b and not rows and not items:
        return None
    status = "added" if a is None else "removed" if b is None else "changed"
    substantive = status != "changed" or any(c.substantive for c in [*rows, *items])
    affected = frozenset().union(*(c.roles for c in [*rows, *items] if c.substantive))
    if status != "changed":
        side = new if b else old
        affected |= frozenset(side.reg.audience).union(*side.citing.values())
    return RegulationChange(reg_id, (b or a).title, status, rows, items, substantive, affected)


def compare(old: Handbook, new: Handbook) -> list[RegulationChange]:
    """Every regulation added, removed or changed from `old` to `new`, in the new edition's
    order (by document code), removed ones in the old edition's order after them."""
    names = Names(old, new)
    ids = [r.id for r in sorted(new.regulations.values(), key=Regulation.order)]
    ids += [r.id for r in sorted(old.regulations.values(), key=Regulation.order) if r.id not in new.regulations]
    return [c for reg_id in ids if (c := compare_regulation(old, new, reg_id, names)) is not None]
