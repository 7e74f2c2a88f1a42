"""The `fill` and `extract` commands: files in, files out, errors as path:line:col.

Input: a loaded handbook, a form id and a YAML data file (fill), or filled PDFs (extract).
Output: a PDF written only when the data is valid; values as dicts / CSV text.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Callable

from ..errors import HandbookError, Problem, Problems, did_you_mean
from ..pdf import missing_glyphs
from ..fileio import write_atomic
from ..handbook import Handbook
from ..model import Form
from ..yamlsource import read_yaml
from .fill import Continued, check_values, fill_pdf, pdf_values, read_pdf_fields, read_values
from .pdf import render_flat_pdf, render_form_pdf


def fill_form(
    book: Handbook, form_id: str, data_path: Path, output: Path, fonts: Path, *, flatten: bool, copies: bool,
    report: Callable[[str], None] = print,
) -> list[Continued]:
    """Write `output` from the values in `data_path`; `fonts` is the font-subset cache folder.
    A value too long for its box continues on a 续页 after the form: each such field is told to
    `report` (stdout) and returned."""
    form = book.forms.get(form_id)
    if form is None:
        raise HandbookError([Problem(form_id, 1, 1, f"unknown form '{form_id}'{did_you_mean(form_id, book.forms)}")])
    problems = Problems()
    data, positions = read_yaml(data_path, problems, display=str(data_path))
    values = check_values(form, data, positions, problems) if data is not None else {}
    if data is not None:
        _check_glyphs(data, positions, problems)
    if output.is_dir():
        problems.add(str(output), 1, 1, "cannot write the PDF: this is a folder; give a file name")
    if problems:
        raise HandbookError(problems.sorted())
    fonts = fonts.absolute()  # font files are referenced by file:// URL
    continued: list[Continued] = []
    if flatten:  # printed as page text: long values wrap and make their boxes taller
        pdf = render_flat_pdf(book, form, pdf_values(form, values), fonts, copies=copies)
    else:
        pdf, continued = _fill_with_continuation(book, form, values, fonts, copies)
    try:
        write_atomic(output, pdf)
    except OSError as error:
        raise HandbookError([Problem(str(output), 1, 1, f"cannot write the PDF: {error.strerror or error}")]) from None
    for item in continued:
        report(f"{item.name}: too long for its box; continued on the 续页")
    return continued


def _fill_with_continuation(book: Handbook, form: Form, values: dict, fonts: Path, copies: bool) -> tuple[bytes, list[Continued]]:
    """The filled form; when values do not fit their boxes, rendered again with a 续页 that
    holds them (the 续页 comes after the form's own pages, so no box moves)."""
    listed: list[Continued] = []
    for _ in range(3):
        filled = fill_pdf(render_form_pdf(book, form, fonts, copies=copies, continuation=listed), form, values)
        if {c.name for c in filled.continued} <= {c.name for c in listed}:
            return filled.pdf, filled.continued
        listed = filled.continued
    return filled.pdf, filled.continued


def _check_glyphs(data: Any, positions, problems: Problems, loc: tuple = ()) -> None:
    """Every character of a value must be in the form's font, or it would print as an empty box."""
    if isinstance(data, dict):
        for key, value in data.items():
            _check_glyphs(value, positions, problems, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _check_glyphs(value, positions, problems, loc + (i,))
    elif isinstance(data, str):
        missing = missing_glyphs(data)
        if missing:
            shown = "、".join(f"{c} (U+{ord(c):04X})" for c in missing)
            name = ".".join(map(str, loc)) or "value"
            problems.add(positions.path, *positions.at(loc), f"{name}: the form's font has no glyph for {shown}")


def extract_values(book: Handbook, pdf_path: Path) -> dict[str, Any]:
    """{'file', 'form', 'values'}; values keyed by field id, typed as in the form definition."""
    try:
        form_id, by_name = read_pdf_fields(pdf_path.read_bytes())
    except OSError as error:
        raise HandbookError([Problem(str(pdf_path), 1, 1, f"cannot read: {error.strerror or error}")]) from None
    except Exception as error:  # pikepdf raises several kinds for damaged or non-PDF files
        raise HandbookError([Problem(str(pdf_path), 1, 1, f"cannot read PDF: {error}")]) from None
    if form_id is None or form_id not in book.forms:
        raise HandbookError([Problem(str(pdf_path), 1, 1, "not a form printed by this handbook (no form id recorded)")])
    try:
        values = read_values(book.forms[form_id], by_name)
    except ValueError as error:
        raise HandbookError([Problem(str(pdf_path), 1, 1, str(error))]) from None
    return {"file": str(pdf_path), "form": form_id, "values": values}


def to_csv(records: list[dict[str, Any]]) -> str:
    """One row per file; tables and lists are JSON in their cell."""
    columns: list[str] = []
    for record in records:
        for key in record["values"]:
            if key not in columns:
                columns.append(key)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["file", "form", *columns])
    for record in records:
        row = [record["file"], record["form"]]
        for column in columns:
            value = record["values"].get(column, "")
            row.append(json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value)
        writer.writerow(row)
    return buffer.getvalue()
