"""Render a form definition to a fillable A4 PDF.

Input: a `Form` of a loaded handbook. Output: PDF bytes with real AcroForm fields.
WeasyPrint lays the form out and creates one widget per `<input>`; `restructure()` then makes
the field tree well-formed: one field per name (radio groups, and the same field repeated on
each copy, become one field with several widgets), export values taken from the YAML, tooltips
from the labels, required flags, and fields that use STSong-Light so that Chinese typed into a
blank form shows as Chinese while the file stays small.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from ..handbook import Handbook
from ..model import Form
from ..pdf import html_to_pdf, save, stsong_font
from .html import form_html
from .naming import field_specs

FF_REQUIRED = 1 << 1
FF_MULTILINE = 1 << 12
FF_NO_TOGGLE_OFF = 1 << 14
FF_RADIO = 1 << 15
FF_RADIOS_IN_UNISON = 1 << 25
FONT_SIZE = 9
DEFAULT_DA = f"/STSong {FONT_SIZE} Tf 0 g"
MARKER_KEY = "/HandbookForm"


def _widget_name(annot: pikepdf.Dictionary) -> str | None:
    if "/T" in annot:
        return str(annot.T)
    parent = annot.get("/Parent")
    return str(parent.T) if parent is not None and "/T" in parent else None


def restructure(pdf: pikepdf.Pdf, form: Form) -> None:
    specs = field_specs(form)
    widgets: dict[str, list[pikepdf.Dictionary]] = {}
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") == pikepdf.Name.Widget:
                name = _widget_name(annot)
                if name in specs:
                    widgets.setdefault(name, []).append(annot)
    fields = []
    for name, spec in specs.items():
        kids = widgets.get(name, [])
        if not kids:
            continue
        parent = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String(name), TU=pikepdf.String(spec.label)))
        flags = FF_REQUIRED if spec.required else 0
        if spec.kind in ("text", "multiline"):
            parent.FT = pikepdf.Name.Tx
            parent.DA = pikepdf.String(DEFAULT_DA)
            parent.V = pikepdf.String("")
            if spec.kind == "multiline":
                flags |= FF_MULTILINE
        elif spec.kind == "radio":
            parent.FT = pikepdf.Name.Btn
            parent.V = pikepdf.Name.Off
            flags |= FF_RADIO | FF_NO_TOGGLE_OFF | FF_RADIOS_IN_UNISON
        else:
            parent.FT = pikepdf.Name.Btn
            parent.V = pikepdf.Name.Off
        parent.Ff = flags
        for index, kid in enumerate(kids):
            x1, y1, x2, y2 = (float(v) for v in kid.Rect)  # WeasyPrint writes y from the top
            kid.Rect = [min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)]
            for key in ("/T", "/TU", "/FT", "/Ff", "/V", "/DA", "/Parent"):
                if key in kid:
                    del kid[key]
            kid.Parent = parent
            if spec.kind in ("text", "multiline"):
                kid.DA = pikepdf.String(DEFAULT_DA)
                if "/AP" in kid:
                    del kid["/AP"]
                kid.MK = pikepdf.Dictionary()
            elif spec.kind == "radio":
                export = spec.exports[index % len(spec.exports)]
                _rename_on_state(pdf, kid, export)
            else:
                _rename_on_state(pdf, kid, "Yes")
        parent.Kids = pikepdf.Array(kids)
        fields.append(parent)
    acroform = pdf.Root.AcroForm
    acroform.Fields = pikepdf.Array(fields)
    acroform.DR = pikepdf.Dictionary(Font=pikepdf.Dictionary(STSong=stsong_font(pdf)))
    acroform.DA = pikepdf.String(DEFAULT_DA)
    acroform.NeedAppearances = True
    for page in pdf.pages:  # tab order: row by row, as the grid is laid out
        page.obj.Tabs = pikepdf.Name.R


def _rename_on_state(pdf: pikepdf.Pdf, kid: pikepdf.Dictionary, export: str) -> None:
    """WeasyPrint names 'on' appearance states /0, /1…; use the YAML's export value instead,
    and add the empty 'Off' appearance it leaves out (the box itself is page content)."""
    kid.AS = pikepdf.Name.Off
    ap = kid.get("/AP")
    if ap is None:
        return
    x1, y1, x2, y2 = (float(v) for v in kid.Rect)
    off = pdf.make_stream(b"q Q", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, abs(x2 - x1), abs(y2 - y1)])
    for key in ("/N", "/D"):
        states = ap.get(key)
        if states is None or not isinstance(states, pikepdf.Dictionary):
            continue
        renamed = pikepdf.Dictionary(Off=off)
        for state, stream in states.items():
            if state != "/Off":
                renamed["/" + export] = stream
        ap[key] = renamed


def mark(pdf: pikepdf.Pdf, form: Form) -> None:
    """Record which definition the PDF was printed from (read back by `extract`)."""
    pdf.docinfo[MARKER_KEY] = pikepdf.String(f"{form.id}@{form.version}")
    pdf.docinfo["/Title"] = pikepdf.String(form.title)
    pdf.docinfo["/Subject"] = pikepdf.String(form.ident())


def render_form_pdf(book: Handbook, form: Form, fonts: Path, *, copies: bool = False, continuation: list | None = None) -> bytes:
    """The blank fillable form; `fonts` is the font-subset cache folder; `continuation`: values
    to print in full on a 续页 (see `form_html`)."""
    html = form_html(book, form, copies=copies, continuation=continuation)
    return finish(pdf_from_html(html, book.root, fonts), form)


def pdf_from_html(html: str, base: Path, fonts: Path) -> bytes:
    """WeasyPrint's PDF of a blank form's HTML, before `finish`."""
    return html_to_pdf(html, base, fonts, fields=True)


def finish(raw: bytes, form: Form) -> bytes:
    """Make WeasyPrint's field tree well-formed and record the form's identity."""
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        restructure(pdf, form)
        mark(pdf, form)
        pdf.remove_unreferenced_resources()
        return save(pdf)


def render_flat_pdf(book: Handbook, form: Form, values: dict, fonts: Path, *, copies: bool = False) -> bytes:
    """A filled form for printing: values (by PDF field name) as page text, no fields."""
    html = form_html(book, form, copies=copies, values=values, flat=True)
    with pikepdf.open(io.BytesIO(html_to_pdf(html, book.root, fonts))) as pdf:
        mark(pdf, form)
        return save(pdf)
