"""One found regulation's segments → chapters → articles → clauses → items.

Input: a `Found` regulation. Output: `Body`, the chapters as plain data ready for the model,
with a note on everything that could not be placed where the source would put it.

Articles are the 第X条 when the regulation has them. Without them, the first numbering that
appears numbers the articles; a heading of that numbering with no sentence of its own and
numbered items under it (四、客户档案的管理 / 1. … 2. …) is a chapter whose items are the articles.
Below an article, numberings nest in the order they first appear: the first is its clauses,
the next their items; deeper levels are kept in the item's text with their own numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .markers import SENTENCE_END, Segment
from .regulations import ENUMERATED, Found

_WORD = re.compile(r"^w\d+$")
_KNOWN_TITLE = re.compile(r"^(目的|范围|範圍|适用范围|適用範圍|定义|定義|术语|術語|职责|職責|附则|附則|总则|總則|原则|原則|"
                          r"依据|依據|宗旨|适用对象|適用對象)(?=[为為本凡适適指是])")
# a phrase before 。 with one of these is a sentence, not an article's title
_SENTENCE_LIKE = re.compile(r"^(本|凡|各|对|對|如|在|由|经|經)|应|應|必须|必須|不得|须|須|可以|将|將|是|给予|給予|按照|施行|执行|執行")
_NOT_TITLE_END = ("是", "为", "為", "如下", "包括", "以下", "有", "下列", "规定", "規定", "要求")


def enumerated(kind: str | None) -> bool:
    return kind in ENUMERATED or bool(kind and _WORD.match(kind))


@dataclass
class Node:
    line: int
    text: str
    items: list["Node"] = field(default_factory=list)


@dataclass
class ArticleData:
    line: int
    heading: str  # the text after 第X条, as printed
    title: str = ""
    text: str = ""
    ended: bool = False  # the heading ended with 。: a short sentence, not a title
    clauses: list[Node] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unplaced: bool = False


@dataclass
class ChapterData:
    title: str
    line: int
    articles: list[ArticleData] = field(default_factory=list)


@dataclass
class Body:
    chapters: list[ChapterData]
    summary: str
    notes: list[str]

    def article_count(self) -> int:
        return sum(len(c.articles) for c in self.chapters)


def join(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    if a[-1].isascii() and b[0].isascii() and a[-1].isalnum() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


def _heading_split(text: str) -> tuple[str, str]:
    """'执行人员:本流程适用……' → ('执行人员', '本流程适用……'); '目的为维护……' → ('目的', '为维护……');
    '服务宗旨 客户服务部……' → ('服务宗旨', '客户服务部……')."""
    found = re.match(r"^([^。；;，,！？!?：:]{1,12})[：:]\s*(.*)$", text)
    if found and not found.group(1).endswith(_NOT_TITLE_END) \
            and not (not found.group(2).strip() and _SENTENCE_LIKE.search(found.group(1))):  # '交班人员应当做到：' leads in its clauses
        return found.group(1).strip(), found.group(2).strip()
    found = re.match(r"^([^\s。；;，,、！？!?：:]{2,12})[ \t\u3000]+(\S.{3,})$", text)
    if found and not _SENTENCE_LIKE.search(found.group(1)):
        return found.group(1), found.group(2)  # '服务宗旨 客户服务部是……': a heading line run into its text
    found = _KNOWN_TITLE.match(text)
    if found:
        return found.group(1), text[found.end():].strip()
    found = re.match(r"^([^。；;，,、！？!?：:]{4,15})[。.]\s*(.{4,})$", text)
    if found and not _SENTENCE_LIKE.search(found.group(1)):
        return found.group(1), found.group(2)  # '参观规则。……' / '质量管理实施的时间和频次。……'
    return "", text


def _mark_chapters(segments: list[Segment]) -> tuple[list[Segment], str | None]:
    """Without 第X条 and 第X章: headings of the top numbering that have numbered items under them
    become chapters (四、客户档案的管理 → chapter; its 1. 2. → articles). Returns the segments
    and the top numbering, which numbers articles in every chapter."""
    kinds = {s.kind for s in segments}
    if kinds & {"article", "chapter", "section"}:
        return segments, None
    top = next((s.kind for s in segments if enumerated(s.kind)), None)
    if top is None:
        return segments, None
    def has_items(i: int) -> bool:
        for other in segments[i + 1 :]:
            if other.kind == top:
                return False
            if enumerated(other.kind):
                return True
        return False

    out = []
    for i, segment in enumerate(segments):
        if segment.kind == top and segment.title_only() and has_items(i):
            out.append(Segment(segment.line, "chapter", segment.number, segment.text, segment.marker))
            continue
        out.append(segment)
    return out, top


class Builder:
    def __init__(self, top: str | None = None) -> None:
        self.chapters: list[ChapterData] = []
        self.article: ArticleData | None = None
        self.stack: list[tuple[str, Node]] = []
        self.top = {top} if top else set()
        self.article_kinds: set[str] = {"article", *self.top}
        self.notes: list[str] = []

    def chapter(self, segment: Segment) -> None:
        self.close()
        title = segment.text.strip() or segment.marker.strip("：:、.． ")
        if len(title) > 40:
            self.notes.append(f"第{segment.line}行的章标题很长，可能连着正文：「{title}」")
        self.chapters.append(ChapterData(title, segment.line))
        self.article_kinds = {"article", *self.top}

    def new_article(self, segment: Segment) -> None:
        self.close()
        if not self.chapters:
            self.chapters.append(ChapterData("正文", segment.line))
        article = ArticleData(segment.line, segment.text)
        text = segment.text
        if segment.title_only() and not text.endswith(("。", ".")):
            article.title = text
        elif segment.title_only():
            article.title, article.ended = text.rstrip("。."), True
        else:
            article.title, article.text = _heading_split(text)
        self.chapters[-1].articles.append(article)
        self.article = article

    def close(self) -> None:
        """An article that turned out to hold only its heading: a short sentence is its text."""
        article = self.article
        if article is not None and not article.text and not article.clauses:
            if article.ended or len(article.title) > 12:
                article.title, article.text = "", article.heading
            elif article.title and not article.notes:
                article.notes.append("原文此条只有标题，没有内容。")
        self.article = None
        self.stack = []

    def numbered(self, segment: Segment) -> None:
        article = self.article
        article.unplaced = False
        kinds = [kind for kind, _ in self.stack]
        if segment.kind in kinds:
            del self.stack[kinds.index(segment.kind):]
        depth = len(self.stack) + 1
        text = segment.text or "（原文此处只有编号）"
        if depth == 1:
            node = Node(segment.line, text)
            article.clauses.append(node)
        elif depth == 2:
            node = Node(segment.line, text)
            self.stack[0][1].items.append(node)
        else:
            node = self.stack[-1][1]
            node.text = f"{node.text} {segment.marker}{segment.text}".strip()
        self.stack.append((segment.kind, node))

    def plain(self, segment: Segment) -> None:
        article = self.article
        text = segment.text
        if article is None:
            self.new_article(Segment(segment.line, None, 0, text))
            self.article.notes.append(f"第{segment.line}行的文字没有编号，作为一条导入。")
            return
        node = self.stack[-1][1] if self.stack else None
        last = node.text if node is not None else article.text
        if article.unplaced:
            article.notes.append(text)
        elif node is None and (not article.text or not article.text.endswith(tuple(SENTENCE_END))):
            article.text = join(article.text, text)
        elif last and last[-1] not in SENTENCE_END:
            node.text = join(node.text, text)  # a line broken in the middle of a sentence
        elif node is not None and len(text) <= 16 and text.endswith(("：", ":")):
            article.unplaced = True
            article.notes.append(f"第{segment.line}行起的文字无法归入本条的条款，原文如下：{text}")
        elif node is not None:
            node.text = join(node.text, text)
        else:
            article.text = join(article.text, text)

    def feed(self, segment: Segment) -> None:
        kind = segment.kind
        if kind in ("chapter", "section", "heading"):
            self.chapter(segment)
        elif kind in self.article_kinds or (self.article is None and enumerated(kind)):
            if kind in self.top:
                self.article_kinds = {"article", *self.top}  # 五、 after chapter 三、's 1. 2.: its 1. are clauses
            self.article_kinds.add(kind)
            self.new_article(segment)
        elif enumerated(kind):
            self.numbered(segment)
        else:
            self.plain(segment)


def build(found: Found) -> Body:
    segments, top = _mark_chapters([s for s in found.segments if s.kind != "title"])
    builder = Builder(top)
    for segment in segments:
        builder.feed(segment)
    builder.close()
    summary = ""
    notes = list(builder.notes)
    if found.preamble:
        summary = "".join(join("", s.text) for s in found.preamble)
        lines = sorted({s.line for s in found.preamble})
        where = f"第{lines[0]}行" if lines[0] == lines[-1] else f"第{lines[0]}–{lines[-1]}行"
        notes.append(f"原文{where}在第一条之前的文字放在了摘要（summary）里，请删改。")
    chapters = [c for c in builder.chapters if c.articles]
    for empty in (c for c in builder.chapters if not c.articles):
        notes.append(f"第{empty.line}行的章「{empty.title}」下没有条文。")
    return Body(chapters, summary, notes)
