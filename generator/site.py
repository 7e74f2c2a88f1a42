"""Render a `Handbook` into a plain MkDocs project (Markdown pages, nav, assets).

Input: a linked Handbook. Output: files in `project/docs/` plus the page list for the nav.
No MkDocs plugin API is used: the result builds with plain `mkdocs build --strict`.
Every value from YAML goes through `md` (Markdown-escaped) or Jinja autoescape (HTML), so text
such as `<script>` shows as text, never as markup.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from .fileio import write_if_changed
from .flowchart import flowchart_svg
from .linker import split_article_ref
from .loader import Handbook
from .model import FormField, Regulation
from .training import QUESTION_TYPES, answer_text, track_views
from .numbering import chinese_number, numbered_chapters

ASSETS = Path(__file__).parent / "assets"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")

STATUS = {"draft": "草案", "in_force": "现行有效", "repealed": "已废止"}
FIELD_TYPES = {
    "text": "单行文字", "textarea": "多行文字", "number": "数字", "date": "日期", "choice": "单选",
    "multi": "多选", "checkbox": "勾选", "table": "表格", "signature": "签字/日期",
}
ROLE_KINDS = [("department", "部门"), ("group", "小组与群体"), ("post", "岗位")]


def md(value: Any) -> Markup:
    """Escape text for Markdown: HTML entities first, then Markdown punctuation."""
    text = str(escape(str(value)))
    return Markup(_MD_SPECIAL.sub(r"\\\1", text).replace("\n", " "))


def front_title(value: str) -> Markup:
    """A page title for YAML front matter. MkDocs themes print titles unescaped (in <title>
    and the nav), so the title is HTML-escaped here, then JSON-quoted (JSON is valid YAML)."""
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


def nav_title(value: str) -> str:
    return str(escape(value))


def days_text(days: float | None) -> str:
    if days is None:
        return "—"
    if days < 1:
        return f"{round(days * 24, 1):g} 小时"
    return f"{days:g} 天"


@dataclass
class SitePage:
    path: str  # relative to docs/, e.g. "regulations/quality/qc-group.md"
    content: str


@dataclass
class Site:
    pages: list[SitePage] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # extra files (SVG, assets)
    nav: list[Any] = field(default_factory=list)


class SiteRenderer:
    def __init__(
        self, book: Handbook, site_name: str, form_files: dict[str, dict[str, str]] | None = None,
        print_files: dict[str, str] | None = None,
    ):
        self.book = book
        self.print_files = print_files or {}  # "book", "<track>-signoff" … → path in docs/
        self.site_name = site_name
        self.form_files = form_files or {}  # form id → {"pdf": path, "preview": path} in docs/
        self.role_names = {r.id: r.name for r in book.roles.values()}
        self.current = ""
        self.env = Environment(
            loader=PackageLoader("generator", "templates/site"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["md"] = md
        self.env.filters["front_title"] = front_title
        self.env.globals.update(
            role_link=self.role_link, form_link=self.form_link, article_link=self.article_link,
            regulation_link=self.regulation_link, term_link=self.term_link, page_url=self.page_url,
            status=STATUS, field_types=FIELD_TYPES, cn=chinese_number, days_text=days_text,
            role_anchor=self.role_anchor, article_anchor=self.article_anchor, field_detail=field_detail,
        )
        self.site = Site()

    # ------------------------------------------------------------ paths and links

    @staticmethod
    def regulation_path(reg: Regulation) -> str:
        return f"regulations/{reg.topic}/{reg.id}.md"

    def rel(self, target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(self.current) or ".")

    def page_url(self, reg: Regulation) -> str:
        return self.rel(self.regulation_path(reg))

    def role_link(self, role_id: str | None) -> Markup:
        if not role_id:
            return Markup("—")
        return Markup(f"[{md(self.book.roles[role_id].name)}]({self.rel(f'roles/{role_id}.md')})")

    def form_link(self, form_id: str | None) -> Markup:
        if not form_id:
            return Markup("—")
        form = self.book.forms[form_id]
        return Markup(f"[《{md(form.title)}》]({self.rel(f'forms/{form_id}.md')})")

    def regulation_link(self, reg_id: str) -> Markup:
        reg = self.book.regulations[reg_id]
        return Markup(f"[{md(reg.title)}]({self.rel(self.regulation_path(reg))})")

    def term_link(self, term_id: str) -> Markup:
        return Markup(f"[{md(self.book.terms[term_id].term)}]({self.rel('glossary.md')}#{term_id})")

    def _article(self, ref: str, current: str | None) -> tuple[Regulation, str, str]:
        reg_id, art_id = split_article_ref(ref, current)
        reg = self.book.regulations[reg_id]
        number = self.book.article_labels[(reg.id, art_id)]
        return reg, f"a-{art_id}", number

    def article_link(self, ref: str | None, current: str | None = None) -> Markup:
        if not ref:
            return Markup("—")
        current = current or self.current_regulation
        reg, anchor, number = self._article(ref, current)
        label = number if reg.id == current and self.current_regulation else f"{md(reg.title)} {number}"
        return Markup(f"[{label}]({self.rel(self.regulation_path(reg))}#{anchor})")

    def _html_url(self, md_path: str) -> str:
        return self.rel(md_path[: -len(".md")] + ".html")

    def role_anchor(self, role_id: str) -> Markup:
        return Markup('<a href="{}">{}</a>').format(self._html_url(f"roles/{role_id}.md"), self.book.roles[role_id].name)

    def article_anchor(self, ref: str | None, reg: Regulation) -> Markup:
        if not ref:
            return Markup('<a href="{}">{}</a>').format(self._html_url(self.regulation_path(reg)), reg.title)
        target, anchor, number = self._article(ref, reg.id)
        url = self._html_url(self.regulation_path(target)) + "#" + anchor
        return Markup('<a href="{}">{} {}</a>').format(url, target.title, number)

    # ------------------------------------------------------------ rendering

    def emit(self, path: str, template: str, **context: Any) -> None:
        self.current = path
        content = self.env.get_template(template).render(**context)
        self.site.pages.append(SitePage(path, content))

    def render(self) -> Site:
        book = self.book
        self.current_regulation: str | None = None
        self.render_home()
        for topic in book.topics.values():
            regs = book.regulations_in(topic.id)
            if regs:
                self.emit(f"regulations/{topic.id}/index.md", "topic.md.j2", topic=topic, regs=regs)
        for reg in book.regulations.values():
            self.render_regulation(reg)
        self.current_regulation = None
        self.render_roles()
        self.render_deadlines()
        self.render_glossary()
        self.render_changelog()
        self.render_forms()
        self.render_training()
        self.site.nav = self.nav()
        return self.site

    def render_home(self) -> None:
        complaint = self.book.regulations.get("complaint-handling")
        self.emit(
            "index.md", "home.md.j2", site_name=self.site_name, complaint=complaint,
            complaint_url=self.regulation_path(complaint) if complaint else "",
            topics=[(t, n) for t in self.book.topics.values() if (n := len(self.book.regulations_in(t.id)))],
            extra_pages=[{"title": page_title(p), "path": f"pages/{p.name}"} for p in self.book.pages],
        )

    def render_regulation(self, reg: Regulation) -> None:
        self.current_regulation = reg.id
        chapters = numbered_chapters(reg)
        path = self.regulation_path(reg)

        def flowchart(proc):
            svg_path = f"assets/flowcharts/{reg.id}--{proc.id}.svg"
            self.site.files[svg_path] = flowchart_svg(proc, self.role_names).encode()
            return self.rel(svg_path)

        self.emit(path, "regulation.md.j2", reg=reg, chapters=chapters, flowchart=flowchart)

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
        for role in book.roles.values():
            self.emit(
                f"roles/{role.id}.md", "role.md.j2", role=role, duties=duties[role.id], steps=steps[role.id],
                deadlines=deadlines[role.id], owned=owned[role.id], audience=audience[role.id],
            )
            counts[role.id] = (sum(len(d.tasks) for _, items in duties[role.id] for d in items), len(steps[role.id]))
        roles = sorted(book.roles.values(), key=lambda r: r.name)
        self.emit("roles/index.md", "roles.md.j2", roles=roles, counts=counts, kinds=ROLE_KINDS)

    def render_deadlines(self) -> None:
        rows = [(reg, d) for reg in self.book.regulations.values() for d in reg.deadlines]
        rows.sort(key=lambda row: (row[1].days is None, row[1].days or 0))
        self.emit("deadlines.md", "deadlines.md.j2", rows=rows)

    def render_glossary(self) -> None:
        users = defaultdict(list)
        for reg in self.book.regulations.values():
            for term_id in reg.terms:
                users[term_id].append(reg)
        terms = sorted(self.book.terms.values(), key=lambda t: t.term)
        self.emit("glossary.md", "glossary.md.j2", terms=terms, users=users)

    def render_changelog(self) -> None:
        entries = [(reg, h) for reg in self.book.regulations.values() for h in reg.history]
        entries.sort(key=lambda e: (e[1].date, e[0].code), reverse=True)
        self.emit("changelog.md", "changelog.md.j2", entries=entries)

    def render_forms(self) -> None:
        book = self.book
        by_topic = []
        for topic in book.topics.values():
            items = [f for f in book.forms.values() if book.regulations.get(f.regulation) and book.regulations[f.regulation].topic == topic.id]
            if items:
                by_topic.append((topic, sorted(items, key=lambda f: f.code)))
        by_regulation = [
            (reg, [book.forms[f] for f in reg.forms]) for reg in sorted(book.regulations.values(), key=lambda r: r.code) if reg.forms
        ]
        self.emit("forms/index.md", "forms.md.j2", by_topic=by_topic, by_regulation=by_regulation)
        uses = defaultdict(list)
        for reg in book.regulations.values():
            for proc in reg.procedures:
                for number, step in enumerate(proc.steps, 1):
                    if step.form:
                        uses[step.form].append((reg, proc, number, step))
        for form in book.forms.values():
            files = self.form_files.get(form.id, {})
            path = f"forms/{form.id}.md"
            self.current = path
            self.emit(
                path, "form.md.j2", form=form, steps=uses[form.id],
                **{key: self.rel(files[key]) if key in files else "" for key in ("pdf", "preview", "copies_pdf")},
            )

    def render_training(self) -> None:
        views = track_views(self.book)
        for view in views:
            path = f"training/{view.track.id}.md"
            self.current = path
            downloads = [
                (label, self.rel(self.print_files[key]))
                for key, label in ((f"{view.track.id}-signoff", "阅读清单与签收单（PDF）"), (f"{view.track.id}-quiz", "测验试卷（PDF）"), (f"{view.track.id}-answers", "答案与解析（PDF）"))
                if key in self.print_files
            ]

            def reading_url(item):
                url = self._html_url(self.regulation_path(item.regulation))
                return url + (f"#a-{item.article.id}" if item.article else "")

            def question_url(q):
                return self._html_url(self.regulation_path(q.regulation)) + f"#a-{q.article_id}"

            self.emit(
                path, "track.md.j2", view=view, downloads=downloads, types=QUESTION_TYPES, answer=answer_text,
                letter=lambda i: chr(ord("A") + i), reading_url=reading_url, question_url=question_url,
            )
        self.current = "training/index.md"
        book_pdf = self.rel(self.print_files["book"]) if "book" in self.print_files else ""
        self.emit("training/index.md", "training.md.j2", views=views, book_pdf=book_pdf, site_name=self.site_name)
        self.track_titles = [(v.track.id, v.track.title) for v in views]

    def nav(self) -> list[Any]:
        book = self.book
        topics = []
        for topic in book.topics.values():
            regs = book.regulations_in(topic.id)
            if regs:
                topics.append({nav_title(topic.title): [f"regulations/{topic.id}/index.md"] + [{nav_title(r.title): self.regulation_path(r)} for r in regs]})
        roles = sorted(book.roles.values(), key=lambda r: r.name)
        nav: list[Any] = [
            {"首页": "index.md"},
            {"制度": topics},
            {"我的职责": ["roles/index.md"] + [{nav_title(r.name): f"roles/{r.id}.md"} for r in roles]},
            {"时限一览": "deadlines.md"},
            {"入职培训": ["training/index.md"] + [{nav_title(t): f"training/{i}.md"} for i, t in self.track_titles]},
            {"表单": ["forms/index.md"] + [{nav_title(f.title): f"forms/{f.id}.md"} for f in sorted(book.forms.values(), key=lambda f: f.code)]},
            {"术语表": "glossary.md"},
            {"修订记录": "changelog.md"},
        ]
        if book.pages:
            nav.append({"指南": [{nav_title(page_title(p)): f"pages/{p.name}"} for p in book.pages]})
        return nav


def field_detail(f: FormField) -> str:
    parts = []
    if f.options:
        parts.append("选项：" + "、".join(o.label for o in f.options))
    if f.columns:
        parts.append(f"列：{'、'.join(c.label for c in f.columns)}（{f.rows}行）")
    if f.hint:
        parts.append(f.hint)
    return "；".join(parts)


def page_title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem


def write_site(
    site: Site, docs_dir: Path, pages: list[Path], copies: list[tuple[Path, str]], files: dict[str, Path] | None = None,
) -> None:
    """Write pages, generated files, assets and hand-written pages into `docs_dir`.

    Only changed files are rewritten and files no longer produced are removed, so that a
    regeneration in place (`serve`) makes MkDocs reload just what changed.
    """
    wanted: set[Path] = set()

    def put(rel: str, data: bytes) -> None:
        path = docs_dir / rel
        wanted.add(path)
        write_if_changed(path, data)

    for page in site.pages:
        put(page.path, page.content.encode("utf-8"))
    for rel, data in site.files.items():
        put(rel, data)
    for source, prefix in [(ASSETS, "assets")] + copies:
        for path in sorted(source.rglob("*")) if source.is_dir() else []:
            if path.is_file():
                put(f"{prefix}/{path.relative_to(source).as_posix()}", path.read_bytes())
    for page in pages:
        put(f"pages/{page.name}", page.read_bytes())
    for rel, source in (files or {}).items():
        put(rel, source.read_bytes())
    for path in sorted(docs_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()

