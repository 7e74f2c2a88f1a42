"""`handbook signoff collect`: filled sheets, quiz papers and result slips → rows in the register.

Input: the project, its Handbook and `Records`, the published editions, filled PDFs (sheets,
quiz papers, 修订学习签收单, or a result slip saved from the site) and slip lines typed in.
Output: the rows appended to docs/people/signoffs.yaml in one atomic write. A file that is not
a handbook paper, is of an unpublished or unknown edition, names an employee not in the roster
(or under another name), lacks a date, or repeats a row already in the register (or in this
run) is refused with one message naming it; when anything is refused nothing is written.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pikepdf
import yaml

from ..errors import HandbookError, Problems, did_you_mean
from ..fileio import write_atomic
from ..forms.fill import read_pdf_fields, read_values
from ..forms.pdf import MARKER_KEY
from ..handbook import Handbook
from ..printing import UNPUBLISHED
from ..training import track_view
from .records import REGISTER, Records, Signoff, row_yaml
from .sheets import REGULATIONS_KEY, parse_sheet_id, sheet_form
from .slip import SlipLine, parse_slip, pdf_text


class Refused(Exception):
    """One input refused, with the reason shown to the user."""


@dataclass
class Collected:
    source: str  # the file, or 'slip N' for a typed line
    rows: list[Signoff]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise Refused(f"日期 '{text}' is not a date like 2026-12-02") from None


def _person(records: Records, employee: str, name: str | None):
    if not employee:
        raise Refused("工号 is empty")
    person = records.people.get(employee)
    if person is None:
        raise Refused(f"employee '{employee}' is not in the roster{did_you_mean(employee, records.people)}")
    if name is not None and name.strip() != person.name:
        raise Refused(f"姓名 '{name}' does not match employee {employee} in the roster ({person.name})")
    return person


def _edition(edition: str, editions: list[str]) -> None:
    if edition == UNPUBLISHED:
        raise Refused("printed from an unpublished edition (未定版): print the papers from a published edition")
    if edition not in editions:
        known = "、".join(editions) if editions else "none yet"
        raise Refused(f"edition '{edition}' is not a published edition (published: {known})")


def score_of(book: Handbook, track: str, values: dict) -> int | None:
    """The score of a filled quiz paper: from its answers when any are given (checked against the
    answer key of the paper's edition), else the 得分 box, else None."""
    view = track_view(book, book.tracks[track])
    answers = {i: str(values.get(f"answer_{i}", "")).strip().upper() for i in range(1, len(view.questions) + 1)}
    if any(answers.values()):
        truth = {"正确": "T", "对": "T", "√": "T", "T": "T", "错误": "F", "错": "F", "×": "F", "F": "F"}
        right = 0
        for i, q in enumerate(view.questions, 1):
            given = answers[i]
            given = truth.get(given, "?") if q.question.type == "truefalse" else "".join(sorted(set(given.replace(" ", ""))))
            right += given == q.answer
        return round(100 * right / len(view.questions)) if view.questions else None
    if values.get("score") not in (None, ""):
        score = values["score"]
        if not isinstance(score, (int, float)) or not 0 <= score <= 100:
            raise Refused(f"得分 '{score}' is not a score from 0 to 100")
        return int(score)
    return None


def read_sheet(data: bytes, records: Records, editions: list[str], book_of: Callable[[str], Handbook]) -> list[Signoff]:
    """The rows of one filled handbook paper (a PDF with the handbook's record in it)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        marker = pdf.docinfo.get(MARKER_KEY)
        regulations = str(pdf.docinfo.get(REGULATIONS_KEY, "")).split()
    form_id, _, edition = str(marker).partition("@")
    parsed = parse_sheet_id(form_id)
    if parsed is None:
        raise Refused(f"a form of this handbook ('{form_id}'), not a sign-off sheet, quiz paper or 修订学习签收单")
    kind, subject = parsed
    _edition(edition, editions)
    book = book_of(edition)
    if kind != "revision" and subject not in book.tracks:
        raise Refused(f"track '{subject}' is not in edition {edition}")
    questions = len(track_view(book, book.tracks[subject]).questions) if kind == "quiz" else 0
    _, by_name = read_pdf_fields(data)
    try:
        values = read_values(sheet_form(kind, subject, edition, questions), by_name)
    except ValueError as error:
        raise Refused(str(error)) from None
    person = _person(records, str(values.get("employee_id", "")).strip(), str(values.get("name", "")))
    if not values.get("date"):
        raise Refused("日期 is empty: the sheet is not signed and dated")
    date = _date(str(values["date"]))
    if kind == "revision":
        if subject != person.role:
            raise Refused(f"a 修订学习签收单 for role '{subject}', but employee {person.id} is '{person.role}'")
        return [Signoff(employee=person.id, regulation=reg, edition=edition, date=date, via="revision") for reg in regulations]
    if kind == "signoff" and not str(values.get("sign", "")).strip():
        raise Refused("员工签字 is empty: the sheet is not signed")
    score = score_of(book, subject, values) if kind == "quiz" else None
    if kind == "quiz" and score is None:
        raise Refused("the quiz paper has no answers and no 得分")
    return [Signoff(employee=person.id, track=subject, edition=edition, date=date, score=score, via="quiz" if kind == "quiz" else "sheet")]


def read_slip(line: SlipLine, records: Records, editions: list[str], book_of: Callable[[str], Handbook]) -> list[Signoff]:
    _edition(line.edition, editions)
    person = _person(records, line.employee, None)
    if line.track not in book_of(line.edition).tracks:
        raise Refused(f"track '{line.track}' is not in edition {line.edition}")
    if line.date is None:
        raise Refused("the slip's date is not a date")
    if not 0 <= line.score <= 100 or not line.matches(person.name):
        raise Refused(f"the verification code {line.code} does not match the values (score, date or track changed by hand, "
                      f"or the name on the slip is not {person.name} as in the roster)")
    return [Signoff(employee=person.id, track=line.track, edition=line.edition, date=line.date, score=line.score, via="slip")]


def read_input(path: Path, records: Records, editions: list[str], book_of: Callable[[str], Handbook]) -> list[Signoff]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise Refused(f"cannot read: {error.strerror or error}") from None
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            has_marker = pdf.docinfo.get(MARKER_KEY) is not None
    except Exception as error:  # pikepdf raises several kinds for damaged or non-PDF files
        raise Refused(f"cannot read PDF: {error}") from None
    if has_marker:
        return read_sheet(data, records, editions, book_of)
    line = parse_slip(pdf_text(data))
    if line is None:
        raise Refused("not a sign-off sheet, quiz paper, 修订学习签收单 or result slip of this handbook")
    return read_slip(line, records, editions, book_of)


def collect(
    root: Path, records: Records, editions: list[str], book_of: Callable[[str], Handbook],
    files: list[Path], slips: list[str] = (),
) -> list[Collected]:
    """Append the rows of every input to the register, or raise `HandbookError` naming every
    refused input (`FILE:1:1: refused: …`) and write nothing."""
    problems = Problems()
    seen = {row.signoff.key(): f"already in the register ({REGISTER}:{row.line})" for row in records.rows}
    collected: list[Collected] = []
    inputs: list[tuple[str, Callable[[], list[Signoff]]]] = [
        (str(path), lambda path=path: read_input(path, records, editions, book_of)) for path in files]
    for i, text in enumerate(slips, 1):
        def typed(text=text) -> list[Signoff]:
            line = parse_slip(text)
            if line is None:
                raise Refused("not a result slip line (HB1 slip TRACK EDITION 工号 SCORE DATE CODE)")
            return read_slip(line, records, editions, book_of)
        inputs.append((f"slip {i}", typed))
    for source, read in inputs:
        try:
            rows = read()
            for row in rows:
                if row.key() in seen:
                    raise Refused(f"{row.employee} {row.subject} {row.edition} ({row.via}): {seen[row.key()]}")
            for row in rows:
                seen[row.key()] = f"already collected from {source}"
            collected.append(Collected(source, rows))
        except Refused as error:
            problems.add(source, 1, 1, f"refused: {error}")
    if problems:
        raise HandbookError(problems.items)
    append_rows(root / REGISTER, [r.signoff for r in records.rows], [row for c in collected for row in c.rows])
    return collected


HEADER = "# 培训签收登记：handbook signoff collect 追加；也可手工编辑（每行一条）。\nsignoffs:\n"


def append_rows(path: Path, existing: list[Signoff], rows: list[Signoff]) -> None:
    """Append rows to the register in one atomic write, keeping what is there (comments too);
    a register laid out otherwise (flow style, rows not last) is written anew, every row kept."""
    if not rows:
        return
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    added = "".join(row_yaml(r) for r in rows)
    if existing:
        text = old + ("" if old.endswith("\n") else "\n") + added
    else:  # no rows yet ('signoffs: []' or an empty file): start the list
        kept = "".join(ln for ln in old.splitlines(keepends=True) if ln.startswith("#"))
        text = (kept or HEADER.split("\n")[0] + "\n") + "signoffs:\n" + added
    check = yaml.safe_load(text)
    if not isinstance(check, dict) or len(check.get("signoffs") or []) != len(existing) + len(rows):
        text = HEADER + "".join(row_yaml(r) for r in existing + rows)
    write_atomic(path, text.encode("utf-8"))
