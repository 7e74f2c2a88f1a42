"""The site's search index, built from the model rather than from the HTML.

Input: a linked Handbook (its regulations, forms, roles, tracks, glossary and docs/search.yaml).
Output: the text of `assets/search/index.js`, which the search worker (`assets/search/worker.js`,
put behind Material's search box) loads. One document per thing a staff member looks for: each
article (第X条 with its regulation), each procedure, duty, deadline and sanction table, each form,
role page, training track and glossary term, with its kind, so articles rank above the pages that
repeat them. Text is split into words by jieba (search mode: 适用范围 also yields 范围) with the
editor's dictionary; the browser splits a query against the same vocabulary, so query and index
always agree. Editor notes are never indexed.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jieba

from ..fileio import write_atomic
from ..handbook import Handbook
from ..model import Clause, Regulation
from .links import form_path, regulation_path, role_path
from .markdown import page_title

# kind → (label shown in results, weight in ranking)
KINDS = {
    "article": ("制度", 1.0),
    "section": ("制度", 0.55),
    "regulation": ("制度", 1.0),
    "form": ("表单", 0.75),  # raised when the query asks for a form (…表, …单)
    "term": ("术语", 0.25),
    "role": ("岗位职责", 0.45),
    "track": ("培训", 0.4),
    "page": ("指南", 0.8),
}
_WORD = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
_SPACES = re.compile(r"[\s\u200b]+")
_MARKUP = re.compile(r"^---.*?---|[#>*_`|\[\]()!-]+|\{[^}]*\}", re.DOTALL)


def normalize(text: str) -> str:
    """Full-width → half-width, lower case, no zero-width or repeated spaces (the worker does the same)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).lower().strip()


@lru_cache(maxsize=8)
def _tokenizer(words: tuple[str, ...]) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in words:
        tokenizer.add_word(normalize(word), freq=100000)
    return tokenizer


def tokens(tokenizer: jieba.Tokenizer, text: str) -> list[str]:
    """Words of `text` in jieba's search mode, normalized; punctuation dropped."""
    return [t for t in (w.strip() for w in tokenizer.cut_for_search(normalize(text), HMM=True)) if t and _WORD.search(t)]


@dataclass
class SearchDoc:
    location: str  # page URL relative to the site root, with #anchor for a part of a page
    title: str
    text: str
    kind: str
    page_title: str  # the page's own title, shown above a part of it


def _join(parts, sep: str = "。") -> str:
    """Non-empty parts joined by `sep`, without doubling the punctuation they end with."""
    return sep.join(p.rstrip("。；;，, ") for p in parts if p and p.strip())


def _html(md_path: str) -> str:
    return md_path[: -len(".md")] + ".html"


def _article_text(article) -> str:
    parts = [article.text]
    for clause in article.clauses:
        if isinstance(clause, Clause):
            parts += [clause.text, *clause.items]
        else:
            parts.append(clause)
    return "".join(p if p.endswith(("。", "；", "：", "！", "？")) else p + "；" for p in parts if p).rstrip("；")


def _regulation_docs(book: Handbook, reg: Regulation) -> list[SearchDoc]:
    page = _html(regulation_path(reg))
    names = book.role_names
    docs = [SearchDoc(page, reg.title, reg.summary or "", "regulation", reg.title)]
    for article in reg.articles():
        label = book.article_labels[(reg.id, article.id)]
        title = f"{label} {article.title}".strip()
        docs.append(SearchDoc(f"{page}#a-{article.id}", title, _article_text(article), "article", reg.title))
    if reg.duties:
        text = _join((f"{names[d.role]}：{'、'.join(d.tasks)}" for d in reg.duties), "；")
        docs.append(SearchDoc(f"{page}#duties", "职责分工", text, "section", reg.title))
    for proc in reg.procedures:
        steps = _join((
            f"{n}. {names[s.actor]}：{s.action}" + (f"（时限：{s.deadline}）" if s.deadline else "")
            + (f"（表单：{book.forms[s.form].title}）" if s.form else "")
            for n, s in enumerate(proc.steps, 1)
        ), "；")
        text = _join((proc.description, steps))
        docs.append(SearchDoc(f"{page}#p-{proc.id}", f"流程：{proc.title}", text, "section", reg.title))
    if reg.deadlines:
        text = _join((f"{d.what}：{d.limit}" for d in reg.deadlines), "；")
        docs.append(SearchDoc(f"{page}#deadlines", "时限要求", text, "section", reg.title))
    if reg.sanctions:
        text = _join((f"{'奖励' if s.kind == 'reward' else '处罚'}：{s.condition}，{s.consequence}" for s in reg.sanctions), "；")
        docs.append(SearchDoc(f"{page}#sanctions", "奖励与处罚", text, "section", reg.title))
    return docs


def documents(book: Handbook) -> list[SearchDoc]:
    """Every searchable document, regulations in code order first."""
    docs: list[SearchDoc] = []
    for topic in book.topics.values():
        for reg in book.regulations_in(topic.id):
            docs += _regulation_docs(book, reg)
    for form in sorted(book.forms.values(), key=lambda f: f.order()):
        fields = "、".join(f.label for f in form.fields())
        parts = [f"{form.code or ''} {form.copies_summary()}".strip(), form.numbering, _join(form.routing, "；"),
                 f"栏目：{fields}", _join(form.notes, "；")]
        title = f"《{form.title}》"
        docs.append(SearchDoc(_html(form_path(form.id)), title, _join(parts), "form", title))
    # Role pages and tracks repeat what the regulations say: they are found by their name, not
    # by the duties they collect (those are found in each regulation's 职责分工).
    for role in sorted(book.roles.values(), key=lambda r: r.name):
        title = f"我的职责：{role.name}"
        text = _join((role.description, "、".join(role.aliases)), "；")
        docs.append(SearchDoc(_html(role_path(role.id)), title, text, "role", title))
    for track in book.tracks.values():
        docs.append(SearchDoc(f"training/{track.id}.html", track.title, track.description, "track", track.title))
    if book.terms:
        docs.append(SearchDoc("glossary.html", "术语表", "", "term", "术语表"))
    for term in sorted(book.terms.values(), key=lambda t: t.term):
        aliases = f"（又称：{'、'.join(term.aliases)}）" if term.aliases else ""
        docs.append(SearchDoc(f"glossary.html#{term.id}", term.term, term.definition + aliases, "term", "术语表"))
    for page in book.pages:
        text = _MARKUP.sub(" ", page.read_text(encoding="utf-8"))
        docs.append(SearchDoc(f"pages/{page.stem}.html", page_title(page), _SPACES.sub(" ", text).strip(), "page", page_title(page)))
    return docs


def merged_synonyms(groups: list[list[str]]) -> list[list[str]]:
    """Groups that share a word are one group: synonyms of synonyms are synonyms."""
    merged: list[set[str]] = []
    for group in groups:
        words = {normalize(w) for w in group}
        for other in [m for m in merged if m & words]:
            words |= other
            merged.remove(other)
        merged.append(words)
    return [sorted(g) for g in merged]


class WordCache:
    """The words of each text, kept between builds in `path` (JSON): jieba, and the second its
    dictionary takes to load, run only for texts not seen before with the same dictionary."""

    def __init__(self, path: Path | None, dictionary: tuple[str, ...]):
        self.path, self.dictionary = path, dictionary
        self.key = hashlib.sha256("\n".join(dictionary).encode()).hexdigest()
        self.seen: dict[str, list[str]] = {}
        self.used: dict[str, list[str]] = {}
        try:
            stored = json.loads(path.read_text(encoding="utf-8")) if path and path.is_file() else {}
        except ValueError:  # a damaged cache costs one tokenization
            stored = {}
        if stored.get("dictionary") == self.key:
            self.seen = stored.get("words", {})

    def words(self, text: str) -> list[str]:
        key = hashlib.sha1(text.encode()).hexdigest()
        found = self.seen.get(key)
        if found is None:
            found = tokens(_tokenizer(self.dictionary), text)
        self.used[key] = found
        return found

    def save(self) -> None:
        """Keep the words of the texts of this build only."""
        if self.path and self.used != self.seen:
            data = {"dictionary": self.key, "words": self.used}
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def build_index(book: Handbook, cache: Path | None = None) -> dict:
    """The index the worker reads: documents, postings word → [doc, in title, in text, …], and
    the query-side settings (dictionary, synonyms, stop words). `cache`: a file to keep the
    words of each text in between builds."""
    settings = book.search
    extra = tuple(sorted({*settings.dictionary, *(w for group in settings.synonyms for w in group)}))
    cached = WordCache(cache, extra)
    docs = documents(book)
    postings: dict[str, list[int]] = {}
    lengths = []
    for number, doc in enumerate(docs):
        title = Counter(cached.words(doc.title))
        text = Counter(cached.words(doc.text))
        lengths.append(sum(title.values()) + sum(text.values()))
        for word in title.keys() | text.keys():
            postings.setdefault(word, []).extend((number, title[word], text[word]))
    cached.save()
    return {
        "docs": [[d.location, d.title, d.text, d.kind, d.page_title] for d in docs],
        "lengths": lengths,
        "postings": postings,
        "kinds": {k: list(v) for k, v in KINDS.items()},
        "dictionary": sorted({normalize(w) for w in extra}),
        "synonyms": merged_synonyms(settings.synonyms),
        "stopwords": sorted({normalize(w) for w in settings.stopwords}),
    }


def index_script(book: Handbook, cache: Path | None = None) -> str:
    """assets/search/index.js: a script (not JSON) so that it also loads from file://."""
    data = json.dumps(build_index(book, cache), ensure_ascii=False, separators=(",", ":"))
    return f"self.__handbookSearch={data};\n"
