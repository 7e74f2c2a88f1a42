"""Render a form definition to print HTML (input to WeasyPrint).

Input: a `Form` of a loaded handbook, optionally with values keyed by PDF field name. Output:
HTML text. Blank forms get `<input>`/`<textarea>` elements that WeasyPrint turns into AcroForm
fields (named by `naming`); with `flat=True` the values are printed as plain text instead (a
filled, printed form without fields).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import segno
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..handbook import Handbook
from ..model import Copy, Form, FormField, Option
from ..numerals import chinese_number
from ..pdf import FIELD_FAMILY, LABEL_FAMILY
from ..settings import COMPANY
from .naming import FORM_NO, cell_name, option_name, signature_name

def _input(name: str, values: dict, flat: bool) -> Markup:
    if flat:
        return Markup('<span class="value">{}</span>').format(_shown(values.get(name, "")))
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


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.forms", "templates"), autoescape=True,
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.globals.update(
        field_input=_input, field_area=_area, field_option=_option, field_check=_check, cn=chinese_number,
        cell_name=cell_name, signature_name=signature_name, FORM_NO=FORM_NO,
    )
    return env


def qr_svg(form: Form) -> str:
    """A small QR code with the form's code and version, to match a returned paper form."""
    qr = segno.make(f"{form.ident()} {form.id}", error="m")
    return qr.svg_inline(scale=1, border=0, omitsize=True)


def copy_footer(form: Form, copy: Copy | None) -> str:
    base = f"{form.code} {form.title}" if form.code else form.title
    return f"{base} · {copy.label}：{copy.recipient}" if copy else base


def css_string(text: str) -> str:
    """Escape text for a CSS string inside <style> (no HTML entities there)."""
    return "".join(c if c.isalnum() or c in " ·：:-_.，。、（）" or ord(c) > 0x2E80 else f"\\{ord(c):x} " for c in text)


def form_html(book: Handbook, form: Form, *, copies: bool = False, values: dict | None = None, flat: bool = False) -> str:
    """`values` are keyed by PDF field name (see `fill.pdf_values`); `copies`: one sheet per copy (联)."""
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
        css=Markup(css), qr_svg=Markup(qr_svg(form)), values=values or {}, flat=flat,
    )
