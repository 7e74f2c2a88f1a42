"""Training tracks resolved against the handbook: reading items, reading times, quiz questions.

Input: a linked Handbook. Output: `TrackView`s that the site and the print renderers share.
Reading time is estimated from the text a reader actually reads, at 300 Chinese characters a
minute (a common figure for careful reading of rules), rounded up, at least one minute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .handbook import Handbook, split_article_ref
from .model import Article, Clause, Question, Regulation, Track

CHARS_PER_MINUTE = 300


def article_text(article: Article) -> str:
    parts = [article.title, article.text]
    for clause in article.clauses:
        if isinstance(clause, Clause):
            parts += [clause.text, *clause.items]
        else:
            parts.append(clause)
    return "".join(parts)


def minutes(text: str) -> int:
    return max(1, math.ceil(len(text) / CHARS_PER_MINUTE))


@dataclass
class ReadingItem:
    key: str  # "regulation" or "regulation#article": stable id for progress in the browser
    regulation: Regulation
    article: Article | None
    label: str
    minutes: int
    note: str


@dataclass
class QuizItem:
    regulation: Regulation  # the regulation holding the article that answers the question
    article_id: str
    question: Question
    article_number: str


@dataclass
class TrackView:
    track: Track
    readings: list[ReadingItem]
    questions: list[QuizItem]

    @property
    def total_minutes(self) -> int:
        return sum(item.minutes for item in self.readings)


def track_view(book: Handbook, track: Track) -> TrackView:
    readings: list[ReadingItem] = []
    for reading in track.readings:
        if reading.regulation:
            reg = book.regulations[reading.regulation]
            text = "".join(article_text(a) for a in reg.articles())
            readings.append(ReadingItem(reg.id, reg, None, reg.title, minutes(text), reading.note))
        else:
            reg_id, art_id = split_article_ref(reading.article, None)
            reg = book.regulations[reg_id]
            art = book.articles[(reg_id, art_id)]
            label = f"{reg.title} {book.article_labels[(reg_id, art_id)]}{('　' + art.title) if art.title else ''}"
            readings.append(ReadingItem(f"{reg_id}#{art_id}", reg, art, label, minutes(article_text(art)), reading.note))
    if track.quiz:
        chosen = []
        for ref in track.quiz:
            reg_id, q_id = split_article_ref(ref, None)
            reg = book.regulations[reg_id]
            chosen.append((reg, next(q for q in reg.quiz if q.id == q_id)))
    else:
        chosen = []
        for item in readings:
            for question in item.regulation.quiz:
                _, art_id = split_article_ref(question.article, item.regulation.id)
                if item.article is None or item.article.id == art_id:
                    chosen.append((item.regulation, question))
    questions = []
    for reg, question in chosen:
        ref_reg, art_id = split_article_ref(question.article, reg.id)
        target = book.regulations[ref_reg]
        questions.append(QuizItem(target, art_id, question, book.article_labels[(target.id, art_id)]))
    return TrackView(track, readings, questions)


def track_views(book: Handbook) -> list[TrackView]:
    return [track_view(book, track) for track in book.tracks.values()]


QUESTION_TYPES = {"single": "单选", "multiple": "多选", "truefalse": "判断"}


def answer_text(question: Question) -> str:
    if question.type == "truefalse":
        return "正确" if question.answer else "错误"
    return str(question.answer)
