"""Render a `Handbook` into the pages of a plain MkDocs project.

Input: a linked Handbook, the site name, where the form and print PDFs sit in docs/, and the
flowchart SVGs. Output: a `Site`: Markdown pages, generated files (flowcharts) and the nav.
Each page's template gets that page's `Links`; the renderer keeps no state between pages.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined

from ..body import numbered_chapters
from ..flowchart import all_flowcharts
from ..handbook import Handbook
from ..linker import PUBLICATION_FIELDS
from ..model import FormField
from ..numerals import chinese_number
from ..review import review_date, reviews_due
from ..settings import given
from ..training import QUESTION_TYPES, track_views
from .links import Links, form_path, regulation_path, role_path
from .markdown import front_title, md, page_title
from .nav import nav
from .revisions import history_nav, render_history
from .search import index_script

STATUS = {"draft": "草案", "in_force": "现行有效", "repealed": "已废止"}
FIELD_TYPES = {
    "text": "单行文字", "textarea": "多行文字", "number": "数字", "date": "日期", "choice": "单选",
    "multi": "多选", "checkbox": "勾选", "table": "表格", "signature": "签字/日期",
}
ROLE_KINDS = [("post", "岗位"), ("department", "部门"), ("group", "小组与群体")]  # as people look for themselves
PREVIEW_STATUS = "assets/preview-status.js"
TRACK_DOWNLOADS = (("signoff", "阅读清单与签收单（PDF）"), ("signoff-fillable", "签收单（可填写 PDF）"), ("quiz", "测验试卷（PDF）"),
                   ("quiz-fillable", "测验试卷（可填写 PDF）"), ("answers", "答案与解析（PDF）"))


MONTH_DAYS = 365.25 / 12


def days_text(days: float | None, limit: str | None = None) -> str:
    """A deadline's `days` as people say the duration: 立即, 3 分钟, 1 小时 30 分钟, 12 小时,
    1.5 天. Under a day it is the nearest minute (the YAML keeps days to a few decimals: 0.007
    for ten minutes, 0.002 for three). Working days, hours, weeks, months and years only when
    the deadline's own `limit` words it so and `days` agrees (每周 and 7 → 1 周, 每月 and 30 →
    1 个月, 三个工作日 and 3 → 3 个工作日); otherwise days, as many as `days` says."""
    if days is None:
        return "—"
    if days == 0:
        return "立即"
    limit = limit or ""
    if days < 1:
        if days == 0.5 and ("半天" in limit or "半日" in limit):
            return "半天"
        minutes = round(days * 24 * 60)
        if minutes == 0:
            return f"{max(1, round(days * 24 * 3600))} 秒"
        hours, rest = divmod(minutes, 60)
        if not hours:
            return f"{rest} 分钟"
        if not rest:
            return f"{hours} 小时"
        return f"{hours}.5 小时" if rest == 30 else f"{hours} 小时 {rest} 分钟"
    return _days_in_limit_words(days, limit) or f"{days:g} 天"


def _days_in_limit_words(days: float, limit: str) -> str | None:
    """`days` (one or more) in the unit the limit is worded in, when that unit fits the number."""
    if days != int(days):
        return f"{days * 24:g} 小时" if "小时" in limit and days * 24 == int(days * 24) else None
    n = int(days)
    if "工作日" in limit:
        return f"{n} 个工作日"
    if "小时" in limit:
        return f"{n * 24} 小时"
    if any(word in limit for word in ("周", "星期", "礼拜")) and n % 7 == 0:
        return f"{n // 7} 周"
    months = round(n / MONTH_DAYS)
    if any(word in limit for word in "月季年") and months and abs(n - months * MONTH_DAYS) <= 1 + months:
        if months % 12 == 0:
            return f"{months // 12} 年"
        return "半年" if months == 6 else f"{months} 个月"
    return None


def deadline_filters(book: Handbook, rows: list) -> dict[str, Any]:
    """What 时限一览's filters offer: the roles (most deadlines first) and the topics (in the
    handbook's order) of its rows, each with its number of rows, and the rows without a role."""
    per_role: dict[str, int] = defaultdict(int)
    per_topic: dict[str, int] = defaultdict(int)
    for reg, d in rows:
        per_topic[reg.topic] += 1
        if d.role:
            per_role[d.role] += 1
    roles = sorted(per_role.items(), key=lambda item: (-item[1], book.roles[item[0]].name))
    return {
        "filter_roles": [(role_id, book.roles[role_id].name, n) for role_id, n in roles],
        "filter_topics": [(t.id, t.title, per_topic[t.id]) for t in book.topics.values() if per_topic[t.id]],
        "unassigned": sum(1 for _, d in rows if not d.role),
    }


def field_detail(f: FormField) -> str:
    parts = []
    if f.options:
        parts.append("选项：" + "、".join(o.label for o in f.options))
    if f.columns:
        parts.append(f"列：{'、'.join(c.label for c in f.columns)}（{f.rows}行）")
    if f.hint:
        parts.append(f.hint)
    return "；".join(parts)


def without_builtin_search(page: str) -> str:
    """Front matter that keeps a page out of Material's own index: the handbook's search reads
    the index built from the model (`search.py`), not the HTML."""
    if page.startswith("---\n"):
        return "---\nsearch:\n  exclude: true\n" + page[4:]
    return "---\nsearch:\n  exclude: true\n---\n\n" + page


def sealed(text: str) -> str:
    """Text a quiz page holds but must not show before the answers are in (the right answer and
    its explanation): base64 of the UTF-8, opened by training.js on 交卷."""
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def answer_check(key: str, answer: str) -> str:
    """What the page compares a chosen answer with: FNV-1a (32 bit) of key|answer, so the right
    answer is not written in the page; training.js computes the same for the answer chosen."""
    h = 0x811C9DC5
    for byte in f"{key}|{answer}".encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def flowchart_path(reg_id: str, proc_id: str) -> str:
    return f"assets/flowcharts/{reg_id}--{proc_id}.svg"


@dataclass
class SitePage:
    path: str  # relative to docs/, e.g. "regulations/quality/qc-group.md"
    content: str


@dataclass
class Site:
    pages: list[SitePage] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # extra files (SVG)
    nav: list[Any] = field(default_factory=list)


def _environment(cache: Path | None) -> Environment:
    env = Environment(
        loader=PackageLoader("generator.site", "templates"), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        bytecode_cache=FileSystemBytecodeCache(str(cache)) if cache else None,  # templates compiled once
    )
    env.filters["md"] = md
    env.filters["front_title"] = front_title
    env.globals.update(given=given, review_date=review_date, answer_check=answer_check, status=STATUS, field_types=FIELD_TYPES, cn=chinese_number, days_text=days_text, field_detail=field_detail)
    return env


class SiteRenderer:
    def __init__(
        self, book: Handbook, site_name: str, form_files: dict[str, dict[str, str]] | None = None,
        print_files: dict[str, str] | None = None, *, editor: bool = False, history: list | None = None,
        edition_name: str = "", cache: Path | None = None,
    ):
        self.book = book
        self.history = history or []  # published editions newest first (generator.editions.Published)
        self.editor = editor  # the editor edition shows editor notes and a to-do page
        self.site_name = site_name
        self.form_files = form_files or {}  # form id → {"pdf": path, "preview": path, …} in docs/
        self.print_files = print_files or {}  # "book", "<track>-signoff" … → path in docs/
        self.cache = cache  # a folder kept between builds: compiled templates, search words
        if cache:
            (cache / "templates").mkdir(parents=True, exist_ok=True)
        self.env = _environment(cache / "templates" if cache else None)
        self.env.globals.update(editor=editor, edition_name=edition_name or "未定版")  # the published edition (git tag)
        self.site = Site()

    def emit(self, links: Links, template: str, **context: Any) -> None:
        content = self.env.get_template(template).render(**links.helpers(), **context)
        self.site.pages.append(SitePage(links.page, without_builtin_search(content)))

    def page(self, path: str, template: str, **context: Any) -> None:
        self.emit(Links(self.book, path), template, **context)

    def render(self) -> Site:
        book = self.book
        charts = all_flowcharts(book)
        for (reg_id, proc_id), svg in charts.items():
            self.site.files[flowchart_path(reg_id, proc_id)] = svg.encode()
        self.render_home()
        for topic in book.topics.values():
            regs = book.regulations_in(topic.id)
            if regs:
                self.page(f"regulations/{topic.id}/index.md", "topic.md.j2", topic=topic, regs=regs)
        for reg in book.regulations.values():
            links = Links(book, regulation_path(reg), reg.id)
            flowcharts = {(reg.id, p.id): links.rel(flowchart_path(reg.id, p.id)) for p in reg.procedures}
            self.emit(links, "regulation.md.j2", reg=reg, chapters=numbered_chapters(book, reg), flowcharts=flowcharts)
        self.render_roles()
        rows = [(reg, d) for reg in book.regulations.values() for d in reg.deadlines]
        rows.sort(key=lambda row: (row[1].days is None, row[1].days or 0))
        self.page("deadlines.md", "deadlines.md.j2", rows=rows, **deadline_filters(book, rows))
        self.render_glossary()
        render_history(self, self.history)  # revision tables and the change log
        self.render_forms()
        self.render_training()
        if self.editor:
            self.page("editor.md", "editor.md.j2", todo=editor_todo(book), reviews=reviews_due(book, dt.date.today()))
        words = self.cache / "search-words.json" if self.cache else None
        self.site.files["assets/search/index.js"] = index_script(book, words).encode("utf-8")
        self.site.files[PREVIEW_STATUS] = b"/* up to date: handbook serve replaces this file while the YAML has problems */\n"
        self.site.nav = history_nav(nav(book, editor=self.editor), self.history)
        return self.site

    def render_home(self) -> None:
        choosers = []
        for topic in self.book.topics.values():
            if topic.chooser:
                options = [
                    (o.situation, self.book.regulations[o.regulation], regulation_path(self.book.regulations[o.regulation]) + (f"#p-{o.procedure}" if o.procedure else ""))
                    for o in topic.chooser.options
                ]
                choosers.append((topic, topic.chooser.question, options))
        self.page(
            "index.md", "home.md.j2", site_name=self.site_name, choosers=choosers,
            topics=[(t, n) for t in self.book.topics.values() if (n := len(self.book.regulations_in(t.id)))],
            extra_pages=[{"title": page_title(p), "path": f"pages/{p.name}"} for p in self.book.pages],
        )

    def render_roles(self) -> None:
        book = self.book
        duties, steps, deadlines = defaultdict(list), defaultdict(list), defaultdict(list)
        owned, audience = defaultdict(list), defaultdict(list)
        for reg in book.regulations.values():
            per_role = defaultdict(list)
            for duty in reg.duties:
                per_role[duty.role].append(duty)
            for role_id, items in per_role.items():
                duties[role_id].append((reg, items))
            for proc in reg.procedures:
                for number, step in enumerate(proc.steps, 1):
                    steps[step.actor].append((reg, proc, number, step))
            for d in reg.deadlines:
                if d.role:
                    deadlines[d.role].append((reg, d))
            for how, role_id in (("归口", reg.owner), ("解释", reg.interpreter), ("批准", reg.approver)):
                if role_id:
                    owned[role_id].append((reg, how))
            for role_id in reg.audience:
                audience[role_id].append(reg)
        counts = {}
        tracks = {t.role: t for t in book.tracks.values() if t.role}
        for role in book.roles.values():
            self.page(
                role_path(role.id), "role.md.j2", role=role, duties=duties[role.id], steps=steps[role.id],
                deadlines=deadlines[role.id], owned=owned[role.id], audience=audience[role.id], track=tracks.get(role.id),
            )
            counts[role.id] = (sum(len(d.tasks) for _, items in duties[role.id] for d in items), len(steps[role.id]))
        roles = ordered_roles(book, counts)
        self.page("roles/index.md", "roles.md.j2", roles=roles, counts=counts, kinds=ROLE_KINDS)
        self.site.files["assets/roles.js"] = roles_script(book, roles, duties, deadlines, tracks).encode("utf-8")

    def render_glossary(self) -> None:
        users = defaultdict(list)
        for reg in self.book.regulations.values():
            for term_id in reg.terms:
                users[term_id].append(reg)
        terms = sorted(self.book.terms.values(), key=lambda t: t.term)
        self.page("glossary.md", "glossary.md.j2", terms=terms, users=users)

    def render_forms(self) -> None:
        book = self.book
        by_topic = []
        for topic in book.topics.values():
            items = [f for f in book.forms.values() if book.regulations.get(f.regulation) and book.regulations[f.regulation].topic == topic.id]
            if items:
                by_topic.append((topic, sorted(items, key=lambda f: f.order())))
        by_regulation = [
            (reg, [book.forms[f] for f in reg.forms]) for reg in sorted(book.regulations.values(), key=lambda r: r.order()) if reg.forms
        ]
        index = Links(book, "forms/index.md")
        pdfs = {form_id: index.rel(files["pdf"]) for form_id, files in self.form_files.items() if "pdf" in files}
        self.emit(index, "forms.md.j2", by_topic=by_topic, by_regulation=by_regulation, pdfs=pdfs)
        uses = defaultdict(list)
        for reg in book.regulations.values():
            for proc in reg.procedures:
                for number, step in enumerate(proc.steps, 1):
                    if step.form:
                        uses[step.form].append((reg, proc, number, step))
        for form in book.forms.values():
            files = self.form_files.get(form.id, {})
            links = Links(book, form_path(form.id))
            downloads = {key: links.rel(files[key]) if key in files else "" for key in ("pdf", "preview", "copies_pdf")}
            self.emit(links, "form.md.j2", form=form, steps=uses[form.id], **downloads)

    def render_training(self) -> None:
        views = track_views(self.book)
        for view in views:
            links = Links(self.book, f"training/{view.track.id}.md")
            downloads = [
                (label, links.rel(self.print_files[key]))
                for kind, label in TRACK_DOWNLOADS if (key := f"{view.track.id}-{kind}") in self.print_files
            ]

            def reading_url(item, links=links):
                url = links.html_url(regulation_path(item.regulation))
                return url + (f"#a-{item.article.id}" if item.article else "")

            def question_url(q, links=links):
                return links.html_url(regulation_path(q.regulation)) + f"#a-{q.article_id}"

            self.emit(
                links, "track.md.j2", view=view, downloads=downloads, types=QUESTION_TYPES, sealed=sealed,
                letter=lambda i: chr(ord("A") + i), reading_url=reading_url, question_url=question_url,
            )
        links = Links(self.book, "training/index.md")
        book_pdf = links.rel(self.print_files["book"]) if "book" in self.print_files else ""
        self.emit(links, "training.md.j2", views=views, book_pdf=book_pdf, site_name=self.site_name)


def editor_todo(book: Handbook) -> list[tuple[Any, list[str], list[str], list[tuple[str, str, str]]]]:
    """Per regulation with something to do: metadata not given, editor notes, article notes."""
    rows = []
    for reg in sorted(book.regulations.values(), key=lambda r: r.order()):
        missing = [label for name, label in PUBLICATION_FIELDS.items() if not getattr(reg, name)]
        notes = [(a.id, book.article_labels[(reg.id, a.id)], a.note) for a in reg.articles() if a.note]
        if missing or reg.editor_notes or notes:
            rows.append((reg, missing, reg.editor_notes, notes))
    return rows


def ordered_roles(book: Handbook, counts: dict | None = None) -> list:
    """Roles as people look for themselves: posts, then departments, then groups; within each,
    those with the most duties and steps first, then by name."""
    counts = counts or {}
    rank = {kind: i for i, (kind, _) in enumerate(ROLE_KINDS)}
    return sorted(book.roles.values(), key=lambda r: (rank.get(r.kind, 9), -sum(counts.get(r.id, (0, 0))), r.name))


def roles_script(book: Handbook, roles: list, duties: dict, deadlines: dict, tracks: dict) -> str:
    """assets/roles.js for the home page's 我是 panel: per role its page, duties, deadlines,
    training track (with the reading keys its progress is counted from) and forms. URLs are
    relative to the site root."""
    data = {}
    views = {v.track.id: v for v in track_views(book)}
    forms_of: dict[str, dict[str, str]] = defaultdict(dict)
    for reg in book.regulations.values():
        for proc in reg.procedures:
            for step in proc.steps:
                if step.form:
                    forms_of[step.actor][step.form] = book.forms[step.form].title
    for role in roles:
        forms = forms_of[role.id]
        track = tracks.get(role.id)
        data[role.id] = {
            "name": role.name, "kind": role.kind, "url": role_path(role.id)[:-3] + ".html",
            "duties": [[t, regulation_path(reg)[:-3] + ".html" + (f"#a-{d.article.split('#')[-1]}" if d.article else ""), reg.title]
                       for reg, items in duties[role.id] for d in items for t in d.tasks][:12],
            "deadlines": [[d.what, d.limit, regulation_path(reg)[:-3] + ".html"] for reg, d in deadlines[role.id]][:8],
            "forms": [[title, form_path(fid)[:-3] + ".html"] for fid, title in sorted(forms.items(), key=lambda x: x[1])],
            "track": {"id": track.id, "title": track.title, "url": f"training/{track.id}.html",
                      "items": [item.key for item in views[track.id].readings]} if track else None,
        }
    return "self.__handbookRoles=" + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n"
