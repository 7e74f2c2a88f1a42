"""Numbering as documents print it, in either script: 第一條 / 第1条 / 第十二条：, 第X章, 第X节,
一、 / 一. , （一） / (一) / ㈠, 1. / 1、 / 1．, 1.1 / 1.2.1, (1) / （1）, 1) , ①, a) / A.

`split_line` cuts one source line into segments, each starting with at most one marker. Lines
from web pages often run a whole regulation together ("第一章总则第一条为……。第二条……"), so
markers are also found inside a line where the context shows they begin a new unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "零〇一二三四五六七八九两"
CN_NUM = f"[{CN_DIGITS}十百千]+"
NUM = rf"(?:{CN_NUM}|\d{{1,3}})"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_CN = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"

# Words that end the name of a regulation, in simplified and traditional script.
REG_WORDS = (
    "制度", "办法", "辦法", "规定", "規定", "细则", "細則", "规程", "規程", "规范", "規範", "規范", "守则",
    "守則", "准则", "準則", "章程", "条例", "條例", "须知", "須知", "规章", "規章", "范本", "範本", "范文",
    "汇编", "匯編", "彙編",
)
# a numbered heading that names a regulation of a compilation ends with one of these
NAME_END = re.compile(r"(制度|办法|辦法|规定|規定|细则|細則|规程|規程|规范|規範|規范|守则|守則|准则|準則|条例|條例)$")
_REG = "|".join(REG_WORDS)
_SUFFIX = r"(?:\s*[（(〔【\[][^）)〕】\]]{0,16}[）)〕】\]])?"
TITLE = re.compile(rf"^[^\s。；;，,！？!?：:]{{1,40}}?(?:{_REG})[^\s。；;，,！？!?：:a-zA-Z]{{0,12}}?{_SUFFIX}"
                   rf"(?:\s*(?:篇\s*{NUM}|[「『]篇{NUM}[」』]))?$")
PART = re.compile(rf"(?:篇\s*{NUM}|[「『]篇{NUM}[」』]|(?:{_REG})\s*{NUM})$")
SENTENCE_END = "。；;！？!?：:」”）)…"
_PUNCT = set("。；;，,！？!?：:")

# kind, pattern; the first group is the number. Order matters: 1.1 before 1.
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("chapter", re.compile(rf"第\s*({NUM})\s*章\s*[:：、.．]?\s*")),
    ("section", re.compile(rf"第\s*({NUM})\s*[节節]\s*[:：、.．]?\s*")),
    ("article", re.compile(rf"第\s*({NUM})\s*[条條](?![件款例])\s*[:：、.．]?\s*")),
    ("dec", re.compile(r"(\d{1,2}(?:[.．]\d{1,2})+)(?![.．]?\d)[.．、]?\s*(?![%％])")),
    ("cn", re.compile(rf"({CN_NUM})\s*[、.．]\s*")),
    ("pcn", re.compile(rf"[（(]\s*({CN_NUM})\s*[)）]\s*")),
    ("pcn", re.compile(f"([{_PAREN_CN}])\\s*")),
    ("pcn", re.compile(rf"({CN_NUM})\s*[)）]\s*")),  # 一) with its opening bracket left out
    ("num", re.compile(r"(\d{1,2})\s*(?:[、．]|\.(?!\d))\s*(?![%％])")),
    ("pnum", re.compile(r"[（(]\s*(\d{1,2})\s*[)）]\s*")),
    ("rnum", re.compile(r"(\d{1,2})\s*[)）\]］]\s*")),
    ("circ", re.compile(f"([{_CIRCLED}])\\s*")),
    ("alpha", re.compile(r"([a-zA-Z])\s*[)）、．]\s*(?=[^\sa-zA-Z])")),
]
STRUCTURE = {"chapter", "section", "article"}
# before these characters 第X条 is a reference ("依第五条"), not a new article
_REFERENCE_BEFORE = set("按依据據照见見至和及或与與、的第本前后後该該上下述其同到")
_BREAK_BEFORE = set("。；;：:！？!?」”）)】] \t\u3000")


_CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_to_int(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105, 12 → 12, ① → 1, ㈢ → 3, b → 2."""
    if text in _CIRCLED:
        return _CIRCLED.index(text) + 1
    if text in _PAREN_CN:
        return _PAREN_CN.index(text) + 1
    if text.isascii() and text.isdigit():
        return int(text)
    if text.isascii() and text.isalpha():
        return ord(text.lower()) - ord("a") + 1
    total, current = 0, 0
    for char in text:
        if char in "十百千":
            total += (current or 1) * {"十": 10, "百": 100, "千": 1000}[char]
            current = 0
        else:
            current = _CN_VALUES.get(char, 0)
    return total + current


@dataclass
class Segment:
    """One unit of text from a source line: a marker (kind, number) and the text after it."""

    line: int
    kind: str | None  # None: plain text; "title"; a PATTERNS kind; "w0", "w1"…: Word numbering
    number: int
    text: str
    marker: str = ""  # the marker as printed, kept when deeper levels are folded into text
    style: str | None = None  # "title" or "chapter" from a Word/Markdown heading

    def title_only(self) -> bool:
        """A heading with no sentence: 一、客户档案的管理 / 第二条 参观规则。"""
        body = self.text.rstrip("。.")
        return 0 < len(body) <= 25 and not (_PUNCT & set(body))


def match_marker(text: str, pos: int = 0) -> tuple[str, int, str, int] | None:
    """(kind, number, marker as printed, end) of the marker at `pos`, or None."""
    for kind, pattern in PATTERNS:
        found = pattern.match(text, pos)
        if not found:
            continue
        if found.end() >= len(text) and kind not in STRUCTURE:
            return None  # a bare "3." at the end of a line is not a heading
        if kind == "dec":
            parts = [int(p) for p in re.split(r"[.．]", found.group(1))]
            while len(parts) > 1 and parts[-1] == 0:
                parts.pop()  # 1.0 heads what 1.1 and 1.2 continue: the level above them
            number = parts[-1]
            kind = f"dec{len(parts)}" if len(parts) > 1 else "num"
        else:
            number = cn_to_int(found.group(1))
        return kind, number, found.group(0).strip(), found.end()
    return None


def title_like(text: str) -> bool:
    """A line that names a regulation: 客户中心管理制度 篇1, 客戶管理制度13, 公司现场售后安全管理制度."""
    text = text.strip()
    return (bool(text) and len(text) <= 48 and bool(TITLE.match(text)) and match_marker(text) is None
            and not _SELF.search(text))


_SELF = re.compile(r"本(制度|办法|辦法|规定|規定|细则|細則|规程|規程|规范|規範|條例|条例)")
_PART_END = re.compile(rf"^[^\s。；;，,！？!?：:]{{2,40}}?(?:篇\s*{NUM}(?![、.．])|[「『]篇{NUM}[」』]|[（(〔][^）)〕]{{0,10}}篇[）)〕])")
_GLUED = re.compile(rf"^([^\s。；;，,！？!?：:]{{2,40}}(?:{_REG}){_SUFFIX})(?=\S)")
_PURPOSE = re.compile(rf"^([^\s。；;，,！？!?：:]{{2,40}}?(?:{_REG}){_SUFFIX})(?=为了?|為了?)")


def _inline_starts(text: str, lookahead: str) -> list[int]:
    """Positions inside `text` where a marker starts a new unit."""
    starts = []
    for pos in range(1, len(text)):
        prev = text[pos - 1]
        found = match_marker(text, pos)
        if not found:
            continue
        kind, number, marker, _ = found
        if kind in STRUCTURE:
            if kind == "article" and prev in _REFERENCE_BEFORE:
                continue
            if not marker.startswith("第"):
                continue
            starts.append(pos)
        elif prev in "(（":
            continue  # the number inside "(1)" is not "1)"
        elif (kind in ("cn", "num", "rnum") or kind.startswith("dec")) and (
                prev in _CN_VALUES or prev in "十百千第" or prev.isdigit() or prev in ".．"):
            continue  # inside a longer number: 十一、, 12., 1.1
        elif prev in _BREAK_BEFORE:
            if kind in ("cn", "num") and prev in "）)":
                continue
            starts.append(pos)
        elif number == 1 and kind not in ("alpha",) and _second_follows(kind, text[pos:], lookahead):
            starts.append(pos)  # "三、职责1. 集团客户……": a first item glued to its heading
    # keep the ones that do not start inside an earlier marker
    kept: list[int] = []
    for pos in starts:
        if kept and pos < _marker_end(text, kept[-1]):
            continue
        kept.append(pos)
    return kept


def _marker_end(text: str, pos: int) -> int:
    found = match_marker(text, pos)
    return found[3] if found else pos


def _second_follows(kind: str, rest: str, lookahead: str) -> bool:
    """Whether item 2 of the same kind follows, later in the line or in the next lines."""
    for name, pattern in PATTERNS:
        if name != kind and not (name == "dec" and kind.startswith("dec")):
            continue
        for text, start in ((rest, 1), (lookahead, 0)):
            for hit in pattern.finditer(text, start):
                found = match_marker(text, hit.start())
                if found and found[0] == kind and found[1] == 2:
                    return True
    return False


def split_line(no: int, text: str, lookahead: str = "", style: str | None = None) -> list[Segment]:
    """The segments of one line; `lookahead` (the next lines) confirms glued first items."""
    text = text.strip()
    if not text:
        return []
    cuts = [0, *_inline_starts(text, lookahead), len(text)]
    segments = []
    for start, end in zip(cuts, cuts[1:]):
        piece = text[start:end].strip()
        if not piece:
            continue
        found = match_marker(piece)
        if found:
            kind, number, marker, after = found
            body, part = _trailing_part(piece[after:].strip())
            segments.append(Segment(no, kind, number, body, marker, style))
            if part:
                segments.append(Segment(no, "title", 0, part, "glued", style))
        else:
            segments += _peel_titles(no, piece, style, first=start == 0, before_marker=end < len(text))
    return segments


_PART_COUNT = re.compile(r"^[（(〔][^）)〕\s]{0,8}篇[）)〕]$")
_BRACKETED = re.compile(r"^[\[【〔]([^\]】〕\[【〔]{2,60})[\]】〕]")
_TRAILING = re.compile(r"^(.*[。；;！？!?])\s+(\S[^。；;！？!?]{1,40})$")


def _trailing_part(text: str) -> tuple[str, str]:
    """'坚持垂直领导的工作原则。 客户规章制度「篇二」' → (the sentence, the title of the next part):
    a web page ran the next 篇 into the last item of the one before."""
    found = _TRAILING.match(text)
    if found and PART.search(found.group(2)) and title_like(found.group(2)):
        return found.group(1), found.group(2)
    return text, ""


def _peel_titles(no: int, piece: str, style: str | None, first: bool, before_marker: bool) -> list[Segment]:
    """A plain piece may begin with regulation names: "客户规章制度 客户规章制度「篇一」 1、……",
    "客户公司管理制度(通用5篇)客户服务管理制度篇一客服部……" or "集团大客户部管理制度第一章……".
    Those become title segments; a name glued to what follows is marked "glued"."""
    if not first:
        return [Segment(no, None, 0, piece, style=style)]
    if title_like(piece) and (before_marker or style != "chapter"):
        return [Segment(no, "title", 0, piece, "glued" if before_marker else "", style)]
    out: list[Segment] = []
    rest = piece
    found = _BRACKETED.match(rest)
    if found and any(title_like(name) for name in re.split(r"\s*[:：]\s*", found.group(1))):
        # "[客户管理制度范文篇二:客户接待管理制度]一、……": a web page's heading for the next part
        out.append(Segment(no, "title", 0, re.sub(r"\s*[:：]\s*", "：", found.group(1)), "glued", style))
        rest = rest[found.end():].lstrip()
    while rest:
        token = re.match(r"^(\S+)\s+", rest)
        if token and title_like(token.group(1)):
            out.append(Segment(no, "title", 0, token.group(1), style=style))
            rest = rest[token.end():]
            continue
        if token and out and _PART_COUNT.match(token.group(1)):
            out[-1].text += token.group(1)  # "客户服务部门的工作管理制度 (通用10篇) ……篇1": how many parts follow
            rest = rest[token.end():]
            continue
        found = _PART_END.match(rest)
        if found and title_like(found.group(0)):
            out.append(Segment(no, "title", 0, found.group(0), "glued", style))
            rest = rest[found.end():].lstrip()
            continue
        break
    if rest and not out or rest and title_like(rest) is False:
        found = (_GLUED.match(rest) if before_marker else None) or _PURPOSE.match(rest)
        if found and title_like(found.group(1)):
            out.append(Segment(no, "title", 0, found.group(1), "glued", style))
            rest = rest[found.end():].strip()
    elif rest and title_like(rest):
        out.append(Segment(no, "title", 0, rest, "glued" if before_marker else "", style))
        rest = ""
    return out + ([Segment(no, None, 0, rest, style=style)] if rest else [])
