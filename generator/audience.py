"""Audience editions: a Handbook → Handbook transform that leaves out what the edition's readers
may not see, applied right after loading so that no renderer ever meets restricted content.

Input: a linked Handbook and an edition (staff, manager, editor). Output: a new Handbook in
which every regulation, chapter, article, clause, duty, procedure, step, deadline, sanction,
form, glossary term and quiz question marked for a narrower audience (`visibility:`) is gone,
with everything that pointed at it dropped too: the duties, steps, deadlines, sanctions and quiz
questions tied to a left-out article, a step's form, a term's `see`, a track's reading, a chooser
option, a related regulation. Editor notes exist only
in the editor edition. Articles keep their official 第X条 (numbered in the full document), so
that a staff member and a manager citing 第六条 mean the same article.
"""

from __future__ import annotations

from dataclasses import replace

from .handbook import Handbook, split_article_ref
from .model import VISIBILITY, Article, Regulation

LEVELS = list(VISIBILITY)  # staff < manager < editor


def visible(item, edition: str) -> bool:
    """Whether an edition's readers may see `item` (a plain string clause is for everyone)."""
    level = getattr(item, "visibility", "staff")
    return LEVELS.index(level) <= LEVELS.index(edition)


class _Filter:
    def __init__(self, book: Handbook, edition: str) -> None:
        self.book, self.edition = book, edition
        self.regulations = {rid for rid, reg in book.regulations.items() if visible(reg, edition)}
        self.articles = {
            (reg.id, art.id)
            for reg in book.regulations.values() if reg.id in self.regulations
            for chapter in reg.chapters if visible(chapter, edition)
            for art in chapter.articles if visible(art, edition)
        }
        self.forms = {fid for fid, form in book.forms.items() if visible(form, edition) and form.regulation in self.regulations}
        self.terms = {tid for tid, term in book.terms.items() if visible(term, edition)}
        self.editor = edition == "editor"

    def ok(self, item) -> bool:
        return visible(item, self.edition)

    def article_ref(self, ref: str | None, current: str | None) -> str | None:
        """The reference when its article is in the edition, else None."""
        if ref is None:
            return None
        return ref if split_article_ref(ref, current) in self.articles else None

    def follows(self, ref: str | None, current: str) -> bool:
        """A duty, step, deadline or sanction tied to an article is as restricted as the article."""
        return ref is None or self.article_ref(ref, current) is not None

    def article(self, art: Article) -> Article:
        clauses = [c for c in art.clauses if isinstance(c, str) or self.ok(c)]
        if len(clauses) == len(art.clauses) and (self.editor or not art.note):
            return art  # nothing to leave out: shared, never changed
        return art.model_copy(update={"clauses": clauses, "note": art.note if self.editor else ""})

    def regulation(self, reg: Regulation) -> Regulation:
        rid = reg.id
        chapters = []
        for chapter in reg.chapters:
            if not self.ok(chapter):
                continue
            articles = [self.article(a) for a in chapter.articles if (rid, a.id) in self.articles]
            if articles:
                chapters.append(chapter.model_copy(update={"articles": articles}))
        procedures = []
        for proc in reg.procedures:
            steps = [
                s if s.form is None or s.form in self.forms else s.model_copy(update={"form": None})
                for s in proc.steps if self.ok(s) and self.follows(s.article, rid)
            ]
            if self.ok(proc) and steps:
                procedures.append(proc.model_copy(update={"steps": steps}))

        def refs(items):
            return [i for i in items if self.ok(i) and self.follows(i.article, rid)]

        return reg.model_copy(update={
            "chapters": chapters,
            "duties": refs(reg.duties),
            "procedures": procedures,
            "deadlines": refs(reg.deadlines),
            "sanctions": refs(reg.sanctions),
            "forms": [f for f in reg.forms if f in self.forms],
            "terms": [t for t in reg.terms if t in self.terms],
            "related": [r for r in reg.related if r in self.regulations],
            "quiz": [q for q in reg.quiz if self.ok(q) and self.article_ref(q.article, rid)],
            "editor_notes": reg.editor_notes if self.editor else [],
        })

    def form(self, form):
        if all(self.follows(f.article, form.regulation) for f in form.fields()):
            return form
        sections = [s.model_copy(update={"fields": [
            f.model_copy(update={"article": self.article_ref(f.article, form.regulation)}) for f in s.fields
        ]}) for s in form.sections]
        return form.model_copy(update={"sections": sections})

    def handbook(self) -> Handbook:
        book = self.book
        regulations = {rid: self.regulation(reg) for rid, reg in book.regulations.items() if rid in self.regulations}
        regulations = {rid: reg for rid, reg in regulations.items() if reg.chapters}
        self.regulations = set(regulations)
        questions = {f"{rid}#{q.id}" for rid, reg in regulations.items() for q in reg.quiz}
        topics = {}
        for tid, topic in book.topics.items():
            chooser = topic.chooser
            if chooser is not None:
                options = [o for o in chooser.options if o.regulation in regulations and (
                    o.procedure is None or any(p.id == o.procedure for p in regulations[o.regulation].procedures))]
                chooser = chooser.model_copy(update={"options": options}) if options else None
            topics[tid] = topic.model_copy(update={"chooser": chooser})
        tracks = {}
        for tid, track in book.tracks.items():
            readings = [r for r in track.readings if (r.regulation in regulations if r.regulation else self.article_ref(r.article, None))]
            if readings:
                quiz = [q for q in track.quiz if q in questions]
                tracks[tid] = track.model_copy(update={"readings": readings, "quiz": quiz})
        terms = {
            tid: term.model_copy(update={"see": [s for s in term.see if self.article_ref(s, None)]})
            for tid, term in book.terms.items() if tid in self.terms
        }
        articles = {key: art for key, art in book.articles.items() if key in self.articles and key[0] in regulations}
        kept = {(rid, a.id): a for rid, reg in regulations.items() for a in reg.articles()}
        return replace(
            book, topics=topics, regulations=regulations, terms=terms, tracks=tracks,
            forms={fid: self.form(f) for fid, f in book.forms.items() if fid in self.forms and f.regulation in regulations},
            articles={key: kept[key] for key in articles},
            article_labels={key: label for key, label in book.article_labels.items() if key in kept},
        )


def for_edition(book: Handbook, edition: str) -> Handbook:
    """The handbook as the edition's readers may see it (the editor edition sees everything)."""
    if edition not in LEVELS:
        raise ValueError(f"unknown edition {edition!r}")
    return _Filter(book, edition).handbook()
