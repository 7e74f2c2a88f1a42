"""Render a form definition to a fillable A4 PDF.

Input: a `Form` of a loaded handbook. Output: PDF bytes with real AcroForm fields.
WeasyPrint lays the form out and creates one widget per `<input>`; `restructure()` then makes
the field tree well-formed: one field per name (radio groups, and the same field repeated on
each copy, become one field with several widgets), export values taken from the YAML, tooltips
from the labels, required flags, and fields that use STSong-Light so that Chinese typed into a
blank form shows as Chinese while the file stays small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from .form_fonts import field_font, label_fonts, stsong_font
from .form_html import FORM_NO, SIGNATURE_PARTS, cell_name, form_html, option_name, signature_name
from .loader import Handbook
from .model import Form

FF_REQUIRED = 1 << 1
FF_MULTILINE = 1 << 12
FF_NO_TOGGLE_OFF = 1 << 14
FF_RADIO = 1 << 15
FF_RADIOS_IN_UNISON = 1 << 25
FONT_SIZE = 9
DEFAULT_DA = f"/STSong {FONT_SIZE} Tf 0 g"
MARKER_KEY = "/HandbookForm"


@dataclass
class FieldSpec:
    """What one PDF field name stands for."""

    name: str
    kind: str  # text | multiline | radio | checkbox
    label: str
    required: bool = False
    exports: list[str] = field(default_factory=list)  # radio: option values in order


def field_specs(form: Form) -> dict[str, FieldSpec]:
    """Every PDF field of the form, in layout order (tables row by row)."""
    specs: list[FieldSpec] = [FieldSpec(FORM_NO, "text", "编号")] if form.numbering else []
    for f in form.fields():
        if f.type == "choice":
            specs.append(FieldSpec(f.id, "radio", f.label, f.required, [o.value for o in f.options]))
        elif f.type == "multi":
            specs += [FieldSpec(option_name(f, o.value), "checkbox", f"{f.label}：{o.label}") for o in f.options]
        elif f.type == "checkbox":
            specs.append(FieldSpec(f.id, "checkbox", f.label, f.required))
        elif f.type == "table":
            specs += [
                FieldSpec(cell_name(f, r, c.id), "text", f"{f.label} 第{r}行 {c.label}")
                for r in range(1, f.rows + 1) for c in f.columns
            ]
        elif f.type == "signature":
            specs += [FieldSpec(signature_name(f, p), "text", f"{f.label} {label}", f.required) for p, label in SIGNATURE_PARTS.items()]
        else:
            specs.append(FieldSpec(f.id, "multiline" if f.type == "textarea" else "text", f.label, f.required))
    return {spec.name: spec for spec in specs}


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
    pdf.docinfo["/Subject"] = pikepdf.String(f"{form.code} {form.version}")


def form_fonts(book: Handbook, form: Form, cache: Path, *, copies: bool = False, values: dict | None = None, flat: bool = False) -> dict[str, Path]:
    """Fonts subset to exactly the characters this form prints."""
    draft = form_html(book, form, copies=copies, values=values, flat=flat)
    fonts = label_fonts(cache, draft)
    if not flat:
        fonts["field"] = field_font(cache)
    return fonts


def render_form_pdf(book: Handbook, form: Form, cache: Path, *, copies: bool = False) -> bytes:
    from weasyprint import HTML

    fonts = form_fonts(book, form, cache, copies=copies)
    html = form_html(book, form, copies=copies, fonts=fonts)
    raw = HTML(string=html, base_url=str(book.root)).write_pdf(pdf_forms=True)
    return finish(raw, form)


def finish(raw: bytes, form: Form) -> bytes:
    import io

    with pikepdf.open(io.BytesIO(raw)) as pdf:
        restructure(pdf, form)
        mark(pdf, form)
        out = io.BytesIO()
        pdf.remove_unreferenced_resources()
        pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def render_flat_pdf(book: Handbook, form: Form, values: dict, cache: Path, *, copies: bool = False) -> bytes:
    """A filled form for printing: values as page text, no fields."""
    import io

    from weasyprint import HTML

    fonts = form_fonts(book, form, cache, copies=copies, values=values, flat=True)
    html = form_html(book, form, copies=copies, values=values, flat=True, fonts=fonts)
    raw = HTML(string=html, base_url=str(book.root)).write_pdf()
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        mark(pdf, form)
        out = io.BytesIO()
        pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
