"""Check every reference between objects of a loaded handbook; change nothing.

Input: a `Handbook` whose files each validated on their own, with its article index built.
Output: problems for unknown roles, forms, regulations, articles, topics, terms and questions
(with a did-you-mean) and for ids that must be unique inside a file; warnings for registry
entries nothing uses.
"""

from __future__ import annotations

from .errors import Problems, did_you_mean
from .handbook import Handbook, Source, split_article_ref
from .model import Regulation


class _Checker:
    def __init__(self, book: Handbook, problems: Problems, warnings: Problems):
        self.book = book
        self.problems = problems
        self.warnings = warnings

    def warn(self, source: Source, loc: tuple, message: str) -> None:
        self.warnings.add(*source.where(*loc), message)

    def unused(self) -> None:
        """Warnings: registry entries nothing refers to, forms their regulation does not name."""
        book = self.book
        used_roles = {t.role for t in book.tracks.values()}
        used_terms = set()
        for reg in book.regulations.values():
            used_roles |= {reg.owner, reg.approver, reg.interpreter, *reg.audience}
            used_roles |= {d.role for d in reg.duties} | {d.role for d in reg.deadlines}
            used_roles |= {s.actor for p in reg.procedures for s in p.steps}
            used_terms |= set(reg.terms)
        for role_id in sorted(set(book.roles) - used_roles):
            self.warn(book.source("role", role_id), ("id",), f"role '{role_id}' is not used by any regulation or track")
        for term_id in sorted(set(book.terms) - used_terms):
            self.warn(book.source("term", term_id), ("id",), f"glossary term '{term_id}' is not listed in any regulation's terms")
        for form in book.forms.values():
            owner = book.regulations.get(form.regulation)
            if owner is not None and form.id not in owner.forms:
                self.warn(book.source("form", form.id), ("regulation",), f"regulation '{owner.id}' does not list form '{form.id}' in its forms")

    def report(self, source: Source, loc: tuple, message: str) -> None:
        self.problems.add(*source.where(*loc), message)

    def ref(self, source: Source, loc: tuple, value: str | None, table: dict, kind: str) -> None:
        if value is not None and value not in table and value not in self.book.broken:
            self.report(source, loc, f"unknown {kind} '{value}'{did_you_mean(value, table)}")

    def article(self, source: Source, loc: tuple, value: str | None, current: str | None) -> None:
        if value is None:
            return
        reg_id, art_id = split_article_ref(value, current)
        if reg_id is None:
            self.report(source, loc, f"article reference '{value}' must name its regulation: 'regulation-id#{value}'")
            return
        if reg_id in self.book.broken:
            return
        if reg_id not in self.book.regulations:
            self.report(source, loc, f"unknown regulation '{reg_id}'{did_you_mean(reg_id, self.book.regulations)}")
            return
        if (reg_id, art_id) not in self.book.articles:
            known = [a.id for a in self.book.regulations[reg_id].articles()]
            self.report(source, loc, f"unknown article '{art_id}' in regulation '{reg_id}'{did_you_mean(art_id, known)}")

    def unique(self, source: Source, items: list, kind: str) -> None:
        seen: dict[str, tuple] = {}
        for loc, value in items:
            if value in seen:
                line = source.where(*seen[value])[1]
                self.report(source, loc, f"duplicate {kind} id '{value}' (first used on line {line})")
            else:
                seen[value] = loc

    def regulation(self, reg: Regulation) -> None:
        book, src = self.book, self.book.source("regulation", reg.id)
        roles, forms = book.roles, book.forms
        article_locs = [
            (("chapters", c, "articles", a, "id"), art.id)
            for c, chapter in enumerate(reg.chapters)
            for a, art in enumerate(chapter.articles)
        ]
        self.unique(src, article_locs, "article")
        self.unique(src, [(("procedures", p, "id"), proc.id) for p, proc in enumerate(reg.procedures)], "procedure")
        self.ref(src, ("topic",), reg.topic, book.topics, "topic")
        for name in ("owner", "interpreter", "approver"):
            self.ref(src, (name,), getattr(reg, name), roles, "role")
        for i, role in enumerate(reg.audience):
            self.ref(src, ("audience", i), role, roles, "role")
        for i, duty in enumerate(reg.duties):
            self.ref(src, ("duties", i, "role"), duty.role, roles, "role")
            self.article(src, ("duties", i, "article"), duty.article, reg.id)
        for p, proc in enumerate(reg.procedures):
            for s, step in enumerate(proc.steps):
                loc = ("procedures", p, "steps", s)
                self.ref(src, loc + ("actor",), step.actor, roles, "role")
                self.ref(src, loc + ("form",), step.form, forms, "form")
                self.article(src, loc + ("article",), step.article, reg.id)
        for i, deadline in enumerate(reg.deadlines):
            self.ref(src, ("deadlines", i, "role"), deadline.role, roles, "role")
            self.article(src, ("deadlines", i, "article"), deadline.article, reg.id)
        for i, sanction in enumerate(reg.sanctions):
            self.article(src, ("sanctions", i, "article"), sanction.article, reg.id)
        for i, form in enumerate(reg.forms):
            self.ref(src, ("forms", i), form, forms, "form")
        for i, term in enumerate(reg.terms):
            self.ref(src, ("terms", i), term, book.terms, "glossary term")
        self.unique(src, [(("quiz", q, "id"), question.id) for q, question in enumerate(reg.quiz)], "question")
        for q, question in enumerate(reg.quiz):
            self.article(src, ("quiz", q, "article"), question.article, reg.id)
        for i, other in enumerate(reg.related):
            self.ref(src, ("related", i), other, book.regulations, "regulation")

    def track(self, track) -> None:
        book, src = self.book, self.book.source("track", track.id)
        self.ref(src, ("role",), track.role, book.roles, "role")
        for i, reading in enumerate(track.readings):
            self.ref(src, ("readings", i, "regulation"), reading.regulation, book.regulations, "regulation")
            self.article(src, ("readings", i, "article"), reading.article, None)
        for i, ref in enumerate(track.quiz):
            reg_id, question_id = split_article_ref(ref, None)
            if reg_id is None or reg_id in book.broken:
                if reg_id is None:
                    self.report(src, ("quiz", i), f"question reference '{ref}' must be 'regulation-id#question-id'")
                continue
            if reg_id not in book.regulations:
                self.report(src, ("quiz", i), f"unknown regulation '{reg_id}'{did_you_mean(reg_id, book.regulations)}")
                continue
            known = {q.id for q in book.regulations[reg_id].quiz}
            if question_id not in known:
                self.report(src, ("quiz", i), f"unknown question '{question_id}' in regulation '{reg_id}'{did_you_mean(question_id, known)}")

    def run(self) -> None:
        book = self.book
        for reg in book.regulations.values():
            self.regulation(reg)
        for topic in book.topics.values():
            src = book.source("topic", topic.id)
            for i, option in enumerate(topic.chooser.options if topic.chooser else []):
                loc = ("chooser", "options", i)
                self.ref(src, loc + ("regulation",), option.regulation, book.regulations, "regulation")
                reg = book.regulations.get(option.regulation)
                if reg is not None and option.procedure and option.procedure not in {p.id for p in reg.procedures}:
                    known = [p.id for p in reg.procedures]
                    self.report(src, loc + ("procedure",), f"unknown procedure '{option.procedure}' in regulation '{reg.id}'{did_you_mean(option.procedure, known)}")
        for term in book.terms.values():
            src = book.source("term", term.id)
            for i, ref in enumerate(term.see):
                self.article(src, ("see", i), ref, None)
        for track in book.tracks.values():
            self.track(track)
        for form in book.forms.values():
            src = book.source("form", form.id)
            self.ref(src, ("regulation",), form.regulation, book.regulations, "regulation")
            fields = [
                (("sections", s, "fields", f, "id"), field.id)
                for s, section in enumerate(form.sections)
                for f, field in enumerate(section.fields)
            ]
            self.unique(src, fields, "field")
            if form.regulation not in book.regulations:
                continue
            for s, section in enumerate(form.sections):
                for f, field in enumerate(section.fields):
                    self.article(src, ("sections", s, "fields", f, "article"), field.article, form.regulation)
        if not self.problems:
            self.unused()


def link(book: Handbook, problems: Problems, warnings: Problems) -> None:
    """Check every reference of `book`: errors into `problems`, warnings into `warnings`."""
    _Checker(book, problems, warnings).run()


PUBLICATION_FIELDS = {"code": "文件编号", "effective": "生效日期", "owner": "归口部门", "approver": "批准"}


def publication_gaps(book: Handbook) -> list:
    """Warnings for regulations in force that lack what a published regulation states
    (code, effective date, owner, approver): the default content leaves out what its sources
    do not give; a center adopting the handbook fills these in."""
    gaps = Problems()
    for reg in book.regulations.values():
        missing = [name for name in PUBLICATION_FIELDS if reg.status == "in_force" and getattr(reg, name) is None]
        if missing:
            gaps.add(*book.source("regulation", reg.id).where("id"), f"regulation '{reg.id}' is in force but does not give: {', '.join(missing)}")
    return gaps.sorted()
