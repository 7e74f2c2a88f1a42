"""Render a form definition to print HTML (input to WeasyPrint).

Input: a `Form` of a loaded handbook, optionally with values keyed by PDF field name. Output:
HTML text. Blank forms get `<input>`/`<textarea>` elements that WeasyPrint turns into AcroForm
fields (named by `naming`); with `flat=True` the values are printed as plain text instead (a
filled, printed form without fields).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..handbook import Handbook
from ..model import Copy, Form, FormField, Option
from ..numerals import chinese_number
from ..pdf import FIELD_FAMILY, LABEL_FAMILY, qr_svg
from ..settings import COMPANY
from .naming import FORM_NO, cell_name, option_name, signature_name

# The form grid in mm (form.css): A4 less 12 mm margins, a 1 pt section border, 12 columns,
# cells padded 1.5 mm; labels at 9.5 pt, the 签字/日期 captions at 7.5 pt.
GRID_MM = 186 - 2 * 0.353
CELL_PAD_MM = 3.2
LABEL_EM_MM = 9.5 * 25.4 / 72
SUB_MM = 2 * 7.5 * 25.4 / 72
GAP_MM = 1.5
INPUT_MIN_MM = 20  # a text box narrower than this holds a date or a name only at a tiny size
SIGN_MIN_MM = 16  # room to sign by hand
DATE_MM = 19  # a date (2024-11-05) at the field font size, with its padding


def label_mm(text: str, required: bool = False) -> float:
    """Printed width of a label: CJK characters one em, Latin letters and digits about half."""
    ems = sum(0.55 if ord(c) < 0x2E80 else 1.0 for c in text) + (0.6 if required else 0)
    return ems * LABEL_EM_MM


def cell_mm(field: FormField) -> float:
    """Width of the content box of a field's cell."""
    return field.span * GRID_MM / 12 - CELL_PAD_MM


def inline_layout(field: FormField) -> str:
    """'inline' (label and box on one line) when that leaves the box room for a date or a name,
    else 'stacked' (label above the box)."""
    room = cell_mm(field) - label_mm(field.label, field.required) - GAP_MM
    return "inline" if room >= INPUT_MIN_MM else "stacked"


def signature_layout(field: FormField) -> str:
    """How a signature cell is laid out so that both boxes stay usable: 'inline' (label, 签字 box,
    日期 box on one line), 'stacked' (label above both boxes) or 'tall' (label, then the 签字 box,
    then the 日期 box, each on its own line)."""
    boxes = SUB_MM + GAP_MM + SIGN_MIN_MM + GAP_MM + SUB_MM + GAP_MM + DATE_MM
    content = cell_mm(field)
    if label_mm(field.label, field.required) + GAP_MM + boxes <= content:
        return "inline"
    return "stacked" if boxes <= content else "tall"


def row_gaps(fields: list[FormField]) -> list[int]:
    """For each field, the empty columns left at the end of the row before it (0 if none), plus
    one last entry for the section's last row: the grid places a field that does not fit on the
    next row, and an empty filler cell keeps that row's lines whole."""
    gaps, used = [], 0
    for field in fields:
        span = 12 if field.type == "table" else field.span
        if used + span > 12:
            gaps.append(12 - used)
            used = 0
        else:
            gaps.append(0)
        used = (used + span) % 12
    gaps.append((12 - used) % 12)
    return gaps


def _input(name: str, values: dict, flat: bool, cls: str = "") -> Markup:
    """A text box (`cls`: extra CSS class, e.g. 'date'), or its value as text when `flat`."""
    if flat:
        return Markup('<span class="{}">{}</span>').format(f"value {cls}".strip(), _shown(values.get(name, "")))
    if cls:
        return Markup('<input type="text" class="{}" name="{}" title="{}">').format(cls, name, name)
    return Markup('<input type="text" name="{}" title="{}">').format(name, name)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _area(field: FormField, values: dict, flat: bool) -> Markup:
    height = f"{field.lines * 5.2:.1f}mm"
    if flat:
        return Markup('<div class="value area" style="min-height: {}">{}</div>').format(height, _shown(values.get(field.id, "")))
    return Markup('<textarea name="{}" style="height: {}"></textarea>').format(field.id, height)


def _option(field: FormField, option: Option, values: dict, flat: bool) -> Markup:
    if field.type == "choice":
        if flat:
            mark = "●" if values.get(field.id) == option.value else ""
            return Markup('<span class="mark round">{}</span>').format(mark)
        return Markup('<input type="radio" name="{}" value="{}">').format(field.id, option.value)
    name = option_name(field, option.value)
    if flat:
        return Markup('<span class="mark">{}</span>').format("✓" if values.get(name) else "")
    return Markup('<input type="checkbox" name="{}" value="Yes">').format(name)


def _check(field: FormField, values: dict, flat: bool) -> Markup:
    if flat:
        return Markup('<span class="mark">{}</span>').format("✓" if values.get(field.id) else "")
    return Markup('<input type="checkbox" name="{}" value="Yes">').format(field.id)


def title_html(title: str) -> Markup:
    """A form's title for its spaced-out heading: runs of Latin letters and digits (QC, 7S) kept
    together in a span, so they read as one word, not "Q C"."""
    parts = re.split(r"([A-Za-z0-9]+)", title)
    return Markup("").join(Markup('<span class="latin">{}</span>').format(p) if i % 2 else p for i, p in enumerate(parts))


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.forms", "templates"), autoescape=True,
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters['title_html'] = title_html
    env.globals.update(
        field_input=_input, field_area=_area, field_option=_option, field_check=_check, cn=chinese_number,
        cell_name=cell_name, signature_name=signature_name, FORM_NO=FORM_NO,
        inline_layout=inline_layout, signature_layout=signature_layout, row_gaps=row_gaps,
    )
    return env


def form_qr(form: Form) -> str:
    """A small QR code with the form's code and version, to match a returned paper form."""
    return qr_svg(f"{form.ident()} {form.id}")


def copy_footer(form: Form, copy: Copy | None) -> str:
    base = f"{form.code} {form.title}" if form.code else form.title
    return f"{base} · {copy.label}：{copy.recipient}" if copy else base


def css_string(text: str) -> str:
    """Escape text for a CSS string inside <style> (no HTML entities there)."""
    return "".join(c if c.isalnum() or c in " ·：:-_.，。、（）" or ord(c) > 0x2E80 else f"\\{ord(c):x} " for c in text)


def form_html(
    book: Handbook, form: Form, *, copies: bool = False, values: dict | None = None, flat: bool = False,
    continuation: list | None = None,
) -> str:
    """`values` are keyed by PDF field name (see `fill.pdf_values`); `copies`: one sheet per copy (联);
    `continuation`: values too long for their boxes (`fill.Continued`: name, label, text), printed
    in full on a 续页 after the form (after each copy)."""
    env = _env()
    sheets = (
        [{"label": c.label, "recipient": c.recipient, "footer": copy_footer(form, c)} for c in form.copies]
        if copies and form.copies else [{"label": "", "recipient": "", "footer": copy_footer(form, None)}]
    )
    css = env.get_template("form.css").render(label_family=LABEL_FAMILY, field_family=FIELD_FAMILY)
    for number, sheet in enumerate(sheets, 1):
        css += f'\n@page copy-{number} {{ @bottom-left {{ content: "{css_string(sheet["footer"])}"; }} }}'
    return env.get_template("form.html.j2").render(
        form=form, regulation=book.regulations[form.regulation], company=COMPANY, copies=sheets,
        css=Markup(css), qr_svg=Markup(form_qr(form)), values=values or {}, flat=flat,
        continuation=continuation or [],
    )
