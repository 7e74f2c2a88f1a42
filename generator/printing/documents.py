"""The HTML of the print documents: per training track a sign-off sheet, a quiz paper and an
answer key; the shared print stylesheet and helpers the book (`book`) is written with too.

Input: a linked Handbook and the book's title. Output: {name: HTML}, each document with its
stylesheet inside, ready for `pdf.html_to_pdf`.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..body import numbered_chapters
from ..handbook import Handbook
from ..numerals import chinese_number
from ..pdf import FIELD_FAMILY, LABEL_FAMILY, qr_svg
from ..settings import COMPANY, given
from ..training import QUESTION_TYPES, TrackView, track_views

TRACK_KINDS = {"signoff": "阅读清单与签收单", "quiz": "测验试卷", "answers": "答案与解析"}
UNPUBLISHED = "未定版"  # the edition printed on papers from a tree that is not a published edition


def paper_code(kind: str, track: str, edition_name: str) -> str:
    """What a paper's QR code holds: 'HB signoff cs-agent 2026-01' (kind, track, edition)."""
    return f"HB {kind} {track} {edition_name or UNPUBLISHED}"


def qr_markup(text: str) -> Markup:
    return Markup(qr_svg(text))


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("generator.printing", "templates"), autoescape=True,
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )


def print_css() -> Markup:
    """The print stylesheet shared by the book, the training papers, the revision tables and the
    sign-off sheets (`field_family`: the font of fillable boxes)."""
    return Markup(_env().get_template("print.css").render(label_family=LABEL_FAMILY, field_family=FIELD_FAMILY))


def _helpers(book: Handbook, editor: bool) -> dict:
    role_names = book.role_names

    def form_label(form_id: str | None) -> str:
        if not form_id:
            return "—"
        form = book.forms[form_id]
        return f"《{form.title}》（{form.code}）" if form.code else f"《{form.title}》"

    return {
        "role_name": lambda rid: role_names.get(rid, "") if rid else "",
        "form_label": form_label,
        "chapters": lambda reg: numbered_chapters(book, reg),
        "cn": chinese_number,
        "regulation_title": lambda rid: book.regulations[rid].title,
        "types": QUESTION_TYPES,
        "letter": lambda i: chr(ord("A") + i),
        "company": COMPANY,
        "editor": editor,
        "given": given,
        "css": print_css(),
    }


def track_html(book: Handbook, view: TrackView, kind: str, editor: bool = False, *, edition_name: str = "", fillable: bool = False) -> str:
    """One paper of a track; it shows the track, the edition and a QR code holding both.
    `fillable`: boxes become <input>s (for `html_to_pdf(fields=True)`): 工号, 姓名, 签字, 日期;
    on a quiz paper also 得分 and one answer box per question (answer_1, …)."""
    return _env().get_template("track.html.j2").render(
        view=view, kind=kind, kinds=TRACK_KINDS, edition_name=edition_name or UNPUBLISHED, fillable=fillable,
        qr=qr_markup(paper_code(kind, view.track.id, edition_name)), **_helpers(book, editor),
    )


def documents(book: Handbook, editor: bool = False, edition_name: str = "") -> dict[str, str]:
    """Every training paper's name ("<track>-signoff", …) and HTML; papers carry `edition_name`.
    The book, laid out in parts, is `book.book_jobs`."""
    docs = {}
    for view in track_views(book):
        for kind in TRACK_KINDS:
            docs[f"{view.track.id}-{kind}"] = track_html(book, view, kind, editor, edition_name=edition_name)
    return docs
