"""Fillable sign-off sheets, quiz papers and 修订学习签收单 (per role, just the changed articles).

Input: a loaded Handbook, the edition name the papers carry, and for revision sheets the
`Pending` changes of one edition for one role. Output: PDF bytes with AcroForm fields (工号,
姓名, 签字, 日期; on a quiz paper 得分 and one answer box per question), each recording what it
is (kind, track or role, edition) where `collect` reads it back. The papers are the print
papers of `printing` with boxes made fields; field names and the record come from `forms`.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar
from pathlib import Path

import pikepdf
from jinja2 import Environment, PackageLoader, StrictUndefined

from ..cache import OutputCache, code_digest, digest
from ..fileio import write_atomic
from ..forms.pdf import finish
from ..handbook import Handbook
from ..model import Form, FormField, FormSection
from ..pdf import PDF_CODE, fonts_fingerprint, html_to_pdf, save
from ..printing import UNPUBLISHED, PrintJob, paper_code, print_css, qr_markup, track_html, with_past_mark
from ..settings import COMPANY
from ..training import track_view
from .status import Pending, tracks_for, track_regulations

KINDS = {"signoff": "培训签收确认单", "quiz": "测验试卷", "revision": "修订学习签收单"}
REGULATIONS_KEY = "/HandbookRegulations"  # a revision sheet: the regulations it covers


def sheet_id(kind: str, subject: str) -> str:
    """The form id a sheet records: 'signoff--cs-agent', 'revision--team-leader'."""
    return f"{kind}--{subject}"


def parse_sheet_id(form_id: str) -> tuple[str, str] | None:
    kind, sep, subject = form_id.partition("--")
    return (kind, subject) if sep and kind in KINDS and subject else None


def sheet_form(kind: str, subject: str, edition_name: str, questions: int = 0) -> Form:
    """The fields of a sheet, as a form definition (naming, fill and extract use it)."""
    fields = [FormField(id="employee_id", label="工号", required=True), FormField(id="name", label="姓名", required=True)]
    if kind == "quiz":
        fields += [FormField(id="date", label="日期", type="date"), FormField(id="score", label="得分", type="number")]
        fields += [FormField(id=f"answer_{i}", label=f"第{i}题答案") for i in range(1, questions + 1)]
    else:
        fields += [FormField(id="sign", label="员工签字"), FormField(id="date", label="日期", type="date")]
    return Form(id=sheet_id(kind, subject), title=KINDS[kind], regulation="signoff", version=edition_name or UNPUBLISHED,
                sections=[FormSection(fields=fields)])


def _fillable(html: str, base: Path, fonts: Path, form: Form, regulations: list[str] | None = None) -> bytes:
    raw = finish(html_to_pdf(html, base, fonts, fields=True), form)
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        pdf.docinfo["/Title"] = pikepdf.String(f"{form.title} · {form.id.partition('--')[2]} · {form.version}")
        if regulations is not None:
            pdf.docinfo[REGULATIONS_KEY] = pikepdf.String(" ".join(regulations))
        return save(pdf)


def track_sheet(book: Handbook, track_id: str, kind: str, edition_name: str, fonts: Path) -> tuple[Form, bytes]:
    """A track's fillable sign-off sheet (kind 'signoff') or quiz paper ('quiz')."""
    view = track_view(book, book.tracks[track_id])
    form = sheet_form(kind, track_id, edition_name, len(view.questions))
    html = track_html(book, view, kind, edition_name=edition_name, fillable=True)
    return form, _fillable(html, book.root, fonts.absolute(), form)


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=PackageLoader("generator.signoff", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def revision_regulations(book: Handbook, role: str) -> set[str]:
    """The regulations a role reads in its tracks: only changes there ask it to re-read."""
    return set().union(*(track_regulations(t) for t in tracks_for(book, role)))


def revision_html(book: Handbook, role: str, edition_name: str, previous: str, pending: list[Pending]) -> str:
    groups: dict[str, list[Pending]] = {}
    for item in pending:
        groups.setdefault(item.reg_id, []).append(item)
    return _env().get_template("revision.html.j2").render(
        css=print_css(), company=COMPANY, role=role, role_name=book.role_names.get(role, role), edition_name=edition_name,
        previous=previous, groups=groups, qr=qr_markup(paper_code("revision", role, edition_name)), today=dt.date.today(),
    )


def revision_sheet(book: Handbook, role: str, edition_name: str, previous: str, pending: list[Pending], fonts: Path) -> tuple[Form, bytes]:
    """The fillable 修订学习签收单 of one role for one edition: just the articles it must re-read."""
    form = sheet_form("revision", role, edition_name)
    html = revision_html(book, role, edition_name, previous, pending)
    regs = sorted({p.reg_id for p in pending})
    return form, _fillable(html, book.root, fonts.absolute(), form, regs)


CACHE_PREFIX = "signoff:"


@dataclass
class FillableJob(PrintJob):
    """One fillable paper ("<track>-signoff-fillable"): a print job whose boxes become fields."""

    cache_prefix: ClassVar[str] = CACHE_PREFIX
    form: Form  # the fields, as a form definition

    def run(self) -> None:
        write_atomic(self.path, _fillable(self.source, self.base, self.fonts, self.form))


def fillable_jobs(book: Handbook, edition_name: str, out: Path, cache: OutputCache, past: str = "") -> list[FillableJob]:
    """Every track's fillable sign-off sheet and quiz paper, `<track>-signoff-fillable.pdf` and
    `<track>-quiz-fillable.pdf` in `out`; the cache forgets papers that are gone. `past`: the
    past-edition mark of an `--as-of` build, as on every print paper."""
    code = code_digest(PDF_CODE, Path(__file__).parent, Path(finish.__code__.co_filename).parent)
    fonts = fonts_fingerprint()
    out.mkdir(parents=True, exist_ok=True)
    jobs = []
    for track_id in book.tracks:
        view = track_view(book, book.tracks[track_id])
        for kind in ("signoff", "quiz"):
            html = with_past_mark(track_html(book, view, kind, edition_name=edition_name, fillable=True), past)
            name = f"{track_id}-{kind}-fillable"
            jobs.append(FillableJob(name, html, out.resolve() / f"{name}.pdf", book.root, cache.fonts.absolute(),
                                    digest(html, code, fonts, "fillable"), sheet_form(kind, track_id, edition_name,
                                                                                     len(view.questions))))
    cache.keep_only(CACHE_PREFIX, {job.name for job in jobs})
    return jobs
