"""How a form's fields are named in its PDF: the one place that naming rule lives.

Input: a `Form`. Output: PDF field names derived from the YAML ids (`items_r2_qty` for a table
cell, `approve_sign`/`approve_date` for a signature, `channels__phone` for one option of a
multiple choice) and `field_specs`, every PDF field in layout order. The HTML renderer, the PDF
post-processor, fill and extract all use these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Form, FormField

FORM_NO = "form_no"  # the numbering box of forms with a numbering rule
SIGNATURE_PARTS = {"sign": "签字", "date": "日期"}


def option_name(field: FormField, value: str) -> str:
    """One checkbox per option of a multiple-choice field: channels__phone."""
    return f"{field.id}__{value}"


def cell_name(field: FormField, row: int, column: str) -> str:
    """A table cell, rows counted from 1: items_r2_qty."""
    return f"{field.id}_r{row}_{column}"


def signature_name(field: FormField, part: str) -> str:
    """The signature or the date box of a signature field: approve_sign, approve_date."""
    return f"{field.id}_{part}"


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
