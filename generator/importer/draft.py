"""A found regulation → a draft regulation YAML file the editor finishes.

Input: a `Found` regulation, its `Body`, the source file's name, the script wanted. Output:
`Draft`: the regulation as data (checked against `model.Regulation`), its id, its report, and
the YAML text with that report as a comment on top. The id is proposed from the title alone
(ASCII: the title's own Latin letters and digits, then a short hash of the title), so the same
title gets the same id on every import. Duties, procedures and deadlines are left to the
editor; sentences that look like time limits or duties are suggested in editor_notes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import yaml
from opencc import OpenCC
from pydantic import ValidationError

from ..model import Regulation
from .regulations import Dropped, Found
from .tree import Body, Node

TOPIC = "imported"
_T2S = OpenCC("t2s")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_DEADLINE = re.compile(r"(\d+|[一二三四五六七八九十两兩半百]+)\s*(个|個)?\s*(天|小时|小時|工作日|日内|日內|周|週|月内|月內)"
                       r"|日内|日內|工作日|当天|當天|当日|當日|即时|即時")
_DUTY = re.compile(r"负责|負責|职责|職責")
_SENTENCE = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")
MAX_SUGGESTIONS = 12


def convert(text: str, script: str) -> str:
    text = _CONTROL.sub(" ", text).strip()
    return _T2S.convert(text) if script == "simplified" else text


def propose_id(title: str) -> str:
    """imported-<latin letters and digits of the title>-<hash>, e.g. imported-95598-1a2b3c4d."""
    plain = re.sub(r"\s+", "", _T2S.convert(title))
    digest = hashlib.sha1(plain.encode("utf-8")).hexdigest()[:8]
    latin = "-".join(re.findall(r"[a-z0-9]+", plain.lower()))[:24].strip("-")
    return "-".join(part for part in ("imported", latin, digest) if part)


@dataclass
class Draft:
    id: str
    title: str
    seed: str
    first_line: int
    last_line: int
    articles: int
    chapters: int
    dropped: list[Dropped]
    notes: list[str]
    data: dict
    problems: list[str] = field(default_factory=list)  # the draft does not validate: a bug, reported

    def report(self, file_name: str) -> list[str]:
        lines = [
            f"handbook import: {self.title} → {file_name}",
            f"  from {self.seed}, lines {self.first_line}–{self.last_line}",
            f"  articles found: {self.articles} (in {self.chapters} chapter(s))",
            f"  lines dropped: {len(self.dropped)}",
        ]
        lines += [f"    line {d.line} ({d.reason}): {d.text}" for d in self.dropped]
        lines.append(f"  notes: {len(self.notes)}")
        lines += [f"    - {note}" for note in self.notes]
        return lines

    def yaml_text(self, file_name: str) -> str:
        comment = "".join(f"# {line}\n" for line in self.report(file_name))
        body = yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
        return comment + body


def _clause(node: Node, script: str):
    text = convert(node.text, script) or "（原文此处只有编号）"
    items = [convert(item.text, script) for item in node.items]
    items = [item for item in items if item]
    return {"text": text, "items": items} if items else text


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def suggestions(body: Body, script: str) -> list[str]:
    """Sentences that look like time limits or duties, for the editor to turn into data."""
    deadlines: list[str] = []
    duties: list[str] = []
    number = 0
    for chapter in body.chapters:
        for article in chapter.articles:
            number += 1
            texts = [article.text] + [n.text for n in article.clauses] + [i.text for n in article.clauses for i in n.items]
            for sentence in (s for text in texts for s in _sentences(text)):
                where = f"第{number}条（art-{number}）"
                if _DEADLINE.search(sentence):
                    deadlines.append(f"可能的时限，{where}：{convert(sentence, script)}")
                elif _DUTY.search(sentence):
                    duties.append(f"可能的职责，{where}：{convert(sentence, script)}")
    notes = []
    for kind, found in (("时限", deadlines), ("职责", duties)):
        notes += found[:MAX_SUGGESTIONS]
        if len(found) > MAX_SUGGESTIONS:
            notes.append(f"另有{len(found) - MAX_SUGGESTIONS}句可能的{kind}未列出。")
    return notes


def make_draft(found: Found, body: Body, seed: str, script: str, draft_id: str) -> Draft:
    title = convert(found.title, script)
    first, last = found.lines()
    chapters = []
    number = 0
    for chapter in body.chapters:
        articles = []
        for article in chapter.articles:
            number += 1
            entry: dict = {"id": f"art-{number}"}
            if article.title:
                entry["title"] = convert(article.title, script)
            if article.text:
                entry["text"] = convert(article.text, script)
            if article.clauses:
                entry["clauses"] = [_clause(node, script) for node in article.clauses]
            note = " ".join(article.notes)
            if article.unplaced or note:
                entry["note"] = convert(f"原文第{article.line}行。{note}", script)
            articles.append(entry)
        chapters.append({"title": convert(chapter.title, script) or "正文", "articles": articles})
    head_line, head_text = found.headings[-1]
    notes = [
        f"由 handbook import 从 {seed} 第{first}–{last}行导入（标题行：第{head_line}行「{head_text}」）。"
        "请核对条文，补充职责（duties）、流程（procedures）、时限（deadlines），以及归口部门、批准人和施行日期。",
    ]
    if found.untitled:
        notes.append("原文没有标题行：标题由第一行拟定，请改成正式名称。")
    notes += [convert(n, script) for n in found.notes + body.notes]
    report_notes = list(notes[1:])
    if found.dropped:
        notes.append(f"导入时丢弃了{len(found.dropped)}行（网页杂项、重复的标题或副本），逐行列在文件开头的导入报告里。")
    notes += suggestions(body, script)
    data: dict = {"id": draft_id, "title": title, "topic": TOPIC, "status": "draft"}
    if body.summary:
        data["summary"] = convert(body.summary, script)
    data["chapters"] = chapters
    data["editor_notes"] = notes
    data["sources"] = [{"seed": seed, "heading": text} for _, text in found.headings]
    dropped = sorted(found.dropped, key=lambda d: d.line)
    draft = Draft(draft_id, title, seed, first, last, number, len(chapters), dropped, report_notes, data)
    try:
        Regulation.model_validate(data)
    except ValidationError as error:
        draft.problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors(include_url=False)]
    return draft
