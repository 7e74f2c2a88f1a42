"""Where one regulation ends and the next begins in a source document.

Input: the document's lines. Output: `Found` regulations (their title, the heading lines that
name them, their segments) and the lines dropped as web junk or repeated headings. A new
regulation starts at a title line (篇1, 制度2, a line naming a 制度/办法/规定…, a Word Title or
Heading 1), at a numbering that starts again (第一章 after 第三章, 第一条 after 第九条 that no 第二节
explains, 一、 after 五、 where 一、 numbers the articles), and, in a compilation whose first
numbered heading names a regulation (客户管理制度13: 一、部门规章制度 二、…), at each such heading.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .junk import junk_reason
from .markers import NAME_END, PART, STRUCTURE, Segment, split_line, title_like
from .reading import Line

ENUMERATED = {"cn", "pcn", "num", "dec2", "dec3", "dec4", "pnum", "rnum", "circ", "alpha"}


@dataclass
class Dropped:
    line: int
    text: str
    reason: str


@dataclass
class Found:
    title: str
    headings: list[tuple[int, str]]  # (line, heading as printed): the regulation's sources
    untitled: bool = False
    inherited: int = 0  # headings[:inherited] head the document above this 篇N, printed before the one before it
    segments: list[Segment] = field(default_factory=list)
    preamble: list[Segment] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def content(self) -> list[Segment]:
        return [s for s in self.segments if s.kind is not None]

    def has_content(self) -> bool:
        return any(s.kind is not None and s.kind != "title" for s in self.segments)

    def lines(self) -> tuple[int, int]:
        numbers = [n for n, _ in self.headings[self.inherited:]] + [s.line for s in self.segments + self.preamble]
        return min(numbers), max(numbers)

    def add(self, segment: Segment) -> None:
        if segment.kind is None and not self.has_content():
            self.preamble.append(segment)
        else:
            self.segments.append(segment)


def _parent(segment: Segment) -> tuple[int, ...]:
    """(3,) for 3.1, (5, 2, 1) for 5.2.1.1: the numbers above the segment's own."""
    return tuple(int(n) for n in re.findall(r"\d+", segment.marker)[:-1])


def normal(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def segments_of(lines: list[Line], dropped: list[Dropped]) -> list[Segment]:
    """Every line cut into segments; junk lines go to `dropped`."""
    kept = []
    in_links = False
    for line in lines:
        if not line.text.strip():
            continue
        reason = junk_reason(line.text, in_links)
        if reason:
            dropped.append(Dropped(line.no, line.text.strip(), reason))
            in_links = in_links or reason == "related links"
            continue
        in_links = False
        kept.append(line)
    segments: list[Segment] = []
    counters = {"chapter": 0, "article": 0}
    last_title = ""
    for i, line in enumerate(kept):
        lookahead = "\n".join(other.text.strip() for other in kept[i + 1 : i + 6])
        text = line.text.strip()
        if title_like(text):
            last_title = text
        if last_title and len(text) > len(last_title) and text.startswith(last_title) \
                and not re.match(r"[是指的为為由可应應旨在及和与與]", text[len(last_title):].lstrip()):
            # the title printed again at the start of the text: "公司管理规章制度之客户服务部门在现代……"
            segments.append(Segment(line.no, "title", 0, last_title, "glued"))
            text = text[len(last_title):]
        pieces = split_line(line.no, text, lookahead, line.style)
        if line.style == "title":
            pieces = [Segment(line.no, "title", 0, line.text.strip(), style="title")]
        elif line.style in counters and pieces and pieces[0].kind not in STRUCTURE:
            counters[line.style] += 1
            pieces = [Segment(line.no, line.style, counters[line.style], line.text.strip(), style=line.style)]
        elif line.numbering and pieces and pieces[0].kind in (None, "title"):
            level, number = line.numbering
            pieces[0] = Segment(line.no, f"w{level}", number, pieces[0].text, marker="", style=line.style)
        segments += pieces
    return segments


class Splitter:
    def __init__(self, texts: dict[int, str]) -> None:
        self.texts = texts  # line number → the line as printed
        self.found: list[Found] = []
        self.dropped: list[Dropped] = []
        self.current: Found | None = None
        self.heading_only: set[str] = set()  # titles that never had content of their own (a document's title)
        self.compilation: tuple[list[tuple[int, str]], int] | None = None  # (parent headings, last number)
        self.last_structure: Segment | None = None
        self.top_kind: str | None = None
        self.parent: list[tuple[int, str]] = []  # the headings above the current 篇N
        self.pending: Segment | None = None  # a repeated document title, settled by what follows it

    def start(self, title: str, headings: list[tuple[int, str]], untitled: bool = False) -> Found:
        found = Found(title, headings, untitled)
        if self.current is not None and not self.current.has_content():
            found.preamble = list(self.current.preamble)
            found.dropped = list(self.current.dropped)
        self.found.append(found)
        self.current = found
        self.last_structure = None
        self.top_kind = None
        return found

    def close_headings_only(self) -> list[tuple[int, str]]:
        """The current regulation had only headings: they become headings of the next one."""
        current = self.current
        if current is None or current.has_content():
            return []
        self.found.remove(current)
        self.heading_only.update(normal(text) for _, text in current.headings)
        return current.headings

    def title(self, segment: Segment) -> None:
        name = normal(segment.text)
        current = self.current
        self.compilation = None
        if current is not None and name == normal(current.title) and not current.untitled:
            current.dropped.append(Dropped(segment.line, segment.text, "repeated heading"))
            return
        if current is not None and current.has_content() and name in self.heading_only and segment.marker != "glued":
            self.pending = segment  # the document's title again: a page header, unless numbering starts under it
            return
        chain = self.close_headings_only()
        inherited = 0
        if part_title(segment.text):
            # 篇二 after 篇一 keeps the document heading 篇一 had (客户规章制度 → 「篇一」, 「篇二」)
            if not chain:
                chain, inherited = self.parent, len(self.parent)
            self.parent = chain
        else:
            self.parent = []
        self.start(segment.text, chain + [(segment.line, segment.text)]).inherited = inherited

    def restarts(self, segment: Segment) -> bool:
        """Numbering that starts again where nothing explains it: a new, untitled regulation."""
        current = self.current
        if current is None or not current.has_content():
            return False
        kinds = [s.kind for s in current.segments]
        if segment.kind in STRUCTURE and not STRUCTURE & set(kinds):
            return True  # 第一章/第X条 after a regulation numbered 一、二、…: the next one
        if segment.number != 1:
            return False
        if segment.kind == "chapter":
            return "chapter" in kinds
        if segment.kind == "article":
            last = max((s.number for s in current.segments if s.kind == "article"), default=0)
            explained = self.last_structure is not None and self.last_structure.kind in ("section", "chapter") \
                and self.last_structure.number >= 2
            return last >= 2 and not explained
        if segment.kind == self.top_kind and "article" not in kinds and "chapter" not in kinds:
            same = [s for s in current.segments if s.kind == segment.kind]
            last = max((s.number for s in same), default=0)
            if segment.kind.startswith("dec") and same and _parent(segment) > _parent(same[-1]):
                return False  # 3.1 after 2.2: the next part of the same numbering
            return last >= 2
        return False

    def subheading(self) -> bool:
        """Numbering that starts again under an unnumbered heading line of its own (客户档案管理,
        then 1] 2] …) goes on in the same regulation: that line becomes a chapter heading."""
        segments = self.current.segments
        for i in range(len(segments) - 1, -1, -1):
            segment = segments[i]
            if segment.kind is not None:
                return False
            if segment.title_only() and not segment.text.endswith(("。", ".")) \
                    and normal(self.texts.get(segment.line, "")) == normal(segment.text):
                segments[i] = Segment(segment.line, "heading", 0, segment.text, style=segment.style)
                return True
        return False

    def compilation_child(self, segment: Segment) -> bool:
        """一、部门规章制度 in 客户管理制度13: a numbered heading that names a regulation."""
        if segment.kind not in ENUMERATED or not segment.title_only() or not NAME_END.search(segment.text) \
                or len(segment.text) < 5:
            return False
        current = self.current
        heading = (segment.line, f"{segment.marker}{segment.text}")
        if self.compilation is None:
            if current is None or current.has_content() or current.untitled or segment.kind not in ("cn", "pcn"):
                return False
            parent = self.close_headings_only()
            self.compilation = (parent, segment.number)
        else:
            parent, last = self.compilation
            if segment.number != last + 1:
                return False
            self.compilation = (parent, segment.number)
        self.start(segment.text, parent + [heading])
        return True

    def start_untitled(self, segment: Segment) -> None:
        """A regulation without a title line: its heading is its first line from the first marker."""
        line = self.texts.get(segment.line, "")
        at = line.find(f"{segment.marker}{segment.text[:6]}".strip())
        head = line[at:] if at >= 0 else f"{segment.marker}{segment.text}"
        head = re.split(r"[，,。；;]", head)[0][:60].strip() or head[:60]
        name = head[len(segment.marker):] if head.startswith(segment.marker) else head
        self.start(f"（无标题）{name[:20]}", [(segment.line, head)], untitled=True)

    def settle(self, segment: Segment) -> None:
        """A repeated document title followed by numbering from 1 (一、引言 …) heads a new
        regulation; followed by anything else it was a repeated heading, dropped and listed."""
        pending, self.pending = self.pending, None
        if (segment.kind in ENUMERATED or segment.kind in STRUCTURE) and segment.number == 1:
            self.start(pending.text, [(pending.line, pending.text)])
        else:
            self.current.dropped.append(Dropped(pending.line, pending.text, "repeated heading"))

    def feed(self, segment: Segment) -> None:
        if self.pending is not None:
            self.settle(segment)
        if segment.kind == "title":
            self.title(segment)
            return
        if self.compilation_child(segment):
            return
        if self.current is None or self.restarts(segment) and not self.subheading():
            self.start_untitled(segment)
        if segment.kind in STRUCTURE:
            self.last_structure = segment
        elif segment.kind in ENUMERATED and self.top_kind is None and segment.kind != "title":
            self.top_kind = segment.kind
        self.current.add(segment)


def split(lines: list[Line]) -> tuple[list[Found], list[Dropped]]:
    """The regulations in one document, and the lines dropped outside any of them."""
    dropped: list[Dropped] = []
    segments = segments_of(lines, dropped)
    splitter = Splitter({line.no: line.text.strip() for line in lines})
    for segment in segments:
        splitter.feed(segment)
    if splitter.pending is not None:
        splitter.settle(Segment(0, None, 0, ""))
    splitter.close_headings_only()  # a trailing title with nothing after it is a heading only
    found = [f for f in splitter.found if f.has_content()]
    leftovers = [f for f in splitter.found if not f.has_content()]
    for empty in leftovers:  # no numbered structure: its text goes to the regulation before it
        target = _before(found, empty) if found else None
        if target is None:
            found.append(empty)
            continue
        target.notes.append(f"第{empty.lines()[0]}–{empty.lines()[1]}行「{empty.title}」下没有编号的条文，原文附在本草稿末尾")
        target.segments += [Segment(n, None, 0, t) for n, t in empty.headings] + empty.preamble + empty.segments
        target.dropped += empty.dropped
    _attribute(found, dropped)
    _remove_copies(found)
    return found, dropped


def _before(found: list[Found], empty: Found) -> Found | None:
    start = empty.lines()[0]
    earlier = [f for f in found if f.lines()[0] < start]
    return earlier[-1] if earlier else None


def _attribute(found: list[Found], dropped: list[Dropped]) -> None:
    """Junk lines are listed with the regulation they were found in (or the nearest one)."""
    if not found:
        return
    for line in list(dropped):
        owner = [f for f in found if f.lines()[0] <= line.line] or found[:1]
        owner[-1].dropped.append(line)
        dropped.remove(line)


def signature(found: Found) -> str:
    return normal("".join(s.text for s in found.segments))


def _drop_copy(found: list[Found], first: Found, later: Found, why: str) -> None:
    """`later` leaves the found regulations; `first` lists it (and what it had dropped) as dropped."""
    start, end = later.lines()
    first.dropped.append(Dropped(start, f"第{start}–{end}行：{why}", "repeated copy"))
    first.dropped += later.dropped
    found.remove(later)


def _remove_copies(found: list[Found]) -> None:
    """A regulation printed twice under the same title (web pages repeat themselves): the second
    copy is dropped and listed with the first."""
    for later in list(found):
        for first in found:
            if first is later:
                break
            a, b = signature(first), signature(later)
            if later.untitled and len(b) >= 20 and b in a:
                _drop_copy(found, first, later,
                           f"没有标题的一段，与第{first.lines()[0]}行起「{first.title}」里的文字相同（网页重复了它的开头）")
                break
            if normal(first.title) != normal(later.title):
                continue
            matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
            if min(len(a), len(b)) >= 0.6 * max(len(a), len(b)) and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
                _drop_copy(found, first, later, f"「{later.title}」的第二份副本（与第{first.lines()[0]}行起的内容相同）")
                break


def part_title(text: str) -> bool:
    return bool(PART.search(text.strip()))
