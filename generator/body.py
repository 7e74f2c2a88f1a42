"""The numbered view of a regulation's body, which the site and the print book both render.

Input: a linked `Handbook` and one of its regulations. Output: chapters → articles → clauses as
plain dicts with their displayed labels (第X章, 第X条 from the handbook's index, （X）) and anchors.
"""

from __future__ import annotations

from .handbook import Handbook
from .model import Clause, Regulation
from .numerals import chapter_label, clause_label


def numbered_chapters(book: Handbook, regulation: Regulation) -> list[dict]:
    chapters = []
    for c, chapter in enumerate(regulation.chapters, 1):
        articles = []
        for article in chapter.articles:
            clauses = []
            for k, clause in enumerate(article.clauses, 1):
                text, items = (clause.text, clause.items) if isinstance(clause, Clause) else (clause, [])
                clauses.append({"label": clause_label(k), "text": text, "items": items, "anchor": f"a-{article.id}-{k}"})
            articles.append({
                "id": article.id, "label": book.article_labels[(regulation.id, article.id)], "title": article.title,
                "text": article.text, "note": article.note, "clauses": clauses, "anchor": f"a-{article.id}",
            })
        chapters.append({"label": chapter_label(c), "title": chapter.title, "anchor": f"c-{c}", "articles": articles})
    return chapters
