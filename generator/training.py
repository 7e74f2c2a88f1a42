"""Training tracks resolved against the handbook: reading items, reading times, quiz questions.

Input: a linked Handbook. Output: `TrackView`s that the site and the print renderers share.
Reading time is estimated from the text a reader actually reads, at 300 Chinese characters a
minute (a common figure for careful reading of rules), rounded up, at least one minute.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass, field

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
    key: str = ""  # "regulation-id#question-id", stable
    options: list[str] = field(default_factory=list)  # in the order shown (shuffled, stable)
    answer: str = ""  # letters of the right options in that order; "T"/"F" for true/false

    def answer_text(self) -> str:
        return {"T": "正确", "F": "错误"}.get(self.answer, self.answer)


def shuffled(key: str, question: Question) -> tuple[list[str], str]:
    """The question's options in an order fixed by its key (the same in every build, different
    between questions, so right answers spread over A, B, C, …), and the answer in that order."""
    if question.type == "truefalse":
        return [], "T" if question.answer else "F"
    order = list(range(len(question.options)))
    random.Random(int(hashlib.sha256(key.encode()).hexdigest(), 16)).shuffle(order)
    right = {ord(letter) - ord("A") for letter in str(question.answer)}
    answer = "".join(sorted(chr(ord("A") + shown) for shown, original in enumerate(order) if original in right))
    return [question.options[i] for i in order], answer


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
        key = f"{reg.id}#{question.id}"
        options, answer = shuffled(key, question)
        questions.append(QuizItem(target, art_id, question, book.article_labels[(target.id, art_id)], key, options, answer))
    return TrackView(track, readings, questions)


def track_views(book: Handbook) -> list[TrackView]:
    return [track_view(book, track) for track in book.tracks.values()]


QUESTION_TYPES = {"single": "单选", "multiple": "多选", "truefalse": "判断"}

