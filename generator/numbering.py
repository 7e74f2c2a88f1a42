"""Chinese ordinal numbers for displayed article, chapter and clause numbers, and the
numbered view of a regulation's body that the site and the print book both render."""

from __future__ import annotations

from typing import Any

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 21 → 二十一, 105 → 一百零五 (up to 9999)."""
    if n <= 0:
        raise ValueError("positive numbers only")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    parts = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            parts.append(_DIGITS[digit] + unit)
        elif parts and n and not parts[-1].endswith("零"):
            parts.append("零")
    return "".join(parts)


def article_label(n: int) -> str:
    return f"第{chinese_number(n)}条"


def chapter_label(n: int) -> str:
    return f"第{chinese_number(n)}章"


def clause_label(n: int) -> str:
    return f"（{chinese_number(n)}）"


def numbered_chapters(regulation: Any) -> list[dict]:
    """Chapters → articles → clauses with their displayed labels (第X章, 第X条, （X）) and
    anchors. Article numbers run on across chapters and follow the position in the file."""
    from .model import Clause

    chapters, n = [], 0
    for c, chapter in enumerate(regulation.chapters, 1):
        articles = []
        for article in chapter.articles:
            n += 1
            clauses = []
            for k, clause in enumerate(article.clauses, 1):
                text, items = (clause.text, clause.items) if isinstance(clause, Clause) else (clause, [])
                clauses.append({"label": clause_label(k), "text": text, "items": items, "anchor": f"a-{article.id}-{k}"})
            articles.append({
                "id": article.id, "label": article_label(n), "title": article.title, "text": article.text,
                "note": article.note, "clauses": clauses, "anchor": f"a-{article.id}",
            })
        chapters.append({"label": chapter_label(c), "title": chapter.title, "anchor": f"c-{c}", "articles": articles})
    return chapters
