"""Print material: the whole handbook as a book, and per training track a sign-off sheet,
a quiz paper and an answer key.

Input: a linked Handbook. Output: PDFs written by WeasyPrint into a folder, with a manifest of
input hashes so that an unchanged handbook is not printed again. Fonts are subset to the
characters each document prints (see `form_fonts.label_fonts`), which keeps files small.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .fileio import write_atomic
from .flowchart import flowchart_svg
from .form_fonts import label_fonts
from .form_html import COMPANY
from .loader import Handbook
from .numbering import chinese_number, numbered_chapters
from .training import QUESTION_TYPES, TrackView, answer_text, track_views

TRACK_KINDS = {"signoff": "阅读清单与签收单", "quiz": "测验试卷", "answers": "答案与解析"}
_CODE = Path(__file__).parent


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("generator", "templates/print"), autoescape=True,
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )


def _helpers(book: Handbook) -> dict:
    role_names = {r.id: r.name for r in book.roles.values()}

    def form_label(form_id: str | None) -> str:
        if not form_id:
            return "—"
        form = book.forms[form_id]
        return f"《{form.title}》（{form.code}）"

    return {
        "role_name": lambda rid: role_names.get(rid, "") if rid else "",
        "form_label": form_label,
        "flowchart": lambda proc: Markup(flowchart_svg(proc, role_names)),
        "chapters": numbered_chapters,
        "cn": chinese_number,
        "regulation_title": lambda rid: book.regulations[rid].title,
        "types": QUESTION_TYPES,
        "answer": answer_text,
        "letter": lambda i: chr(ord("A") + i),
        "company": COMPANY,
    }


def book_html(book: Handbook, title: str) -> str:
    topics = []
    for topic in book.topics.values():
        regs = book.regulations_in(topic.id)
        if regs:
            topics.append((topic, regs))
    edition = max((r.effective for r in book.regulations.values()), default=dt.date.today())
    return _env().get_template("book.html.j2").render(
        title=title, topics=topics, regulations_count=len(book.regulations), edition=edition.isoformat(),
        forms=sorted(book.forms.values(), key=lambda f: f.code),
        terms=sorted(book.terms.values(), key=lambda t: t.term), css=Markup(""), **_helpers(book),
    )


def track_html(book: Handbook, view: TrackView, kind: str) -> str:
    return _env().get_template("track.html.j2").render(view=view, kind=kind, kinds=TRACK_KINDS, css=Markup(""), **_helpers(book))


def _pdf(html: str, cache: Path, base: Path) -> bytes:
    from weasyprint import HTML

    fonts = label_fonts(cache, html)
    css = _env().get_template("print.css").render()
    faces = "".join(
        f'@font-face {{ font-family: HandbookCJK; font-weight: {w}; src: url("{fonts[k].as_uri()}"); }}\n'
        for k, w in (("regular", "normal"), ("bold", "bold"))
    )
    html = html.replace("<style></style>", f"<style>{faces}{css}</style>", 1)
    return HTML(string=html, base_url=str(base)).write_pdf()


@dataclass
class PrintOutput:
    name: str  # "book", "<track>-signoff", …
    path: Path
    rendered: bool


def documents(book: Handbook, title: str) -> dict[str, str]:
    """Every print document's name and HTML."""
    docs = {"book": book_html(book, title)}
    for view in track_views(book):
        for kind in TRACK_KINDS:
            docs[f"{view.track.id}-{kind}"] = track_html(book, view, kind)
    return docs


def render_print(book: Handbook, out: Path, title: str) -> list[PrintOutput]:
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    code = hashlib.sha256((_CODE / "templates/print/print.css").read_bytes()).hexdigest()
    results = []
    for name, html in documents(book, title).items():
        digest = hashlib.sha256((html + code).encode()).hexdigest()
        path = out / f"{name}.pdf"
        rendered = manifest.get(name) != digest or not path.exists()
        if rendered:
            write_atomic(path, _pdf(html, out / ".fonts", book.root))
            manifest[name] = digest
        results.append(PrintOutput(name, path, rendered))
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return results
