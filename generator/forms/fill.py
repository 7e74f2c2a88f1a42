"""Prefill a form PDF from data, and read values back from a filled PDF.

Input of `check_values`: data read from YAML (with positions); output: values keyed by YAML
field id, or problems as path:line:col (unknown field, wrong type, unknown option).
`fill_pdf` writes the values into a blank form PDF and draws each text value's appearance with
an embedded subset of just the characters used, so every viewer shows the same thing. A value
wraps inside its box (`layout`: a single-line box too, never below MIN_SIZE); one that still
does not fit shows its start and '（续见续页）' and is returned as `Continued`, to be printed in
full on a 续页. The field's /V always holds the whole value.
`read_values` reverses it: PDF field values → values keyed by YAML field id.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

import pikepdf

from ..errors import Problems, did_you_mean
from ..model import Form, FormField
from ..pdf import EmbeddedFont, save
from ..yamlsource import Positions
from .layout import AREA_PAD, IDEO_ASCENT, MARKERS, PAD_X, Layout, layout
from .naming import FORM_NO, SIGNATURE_PARTS, cell_name, field_specs, option_name, signature_name
from .pdf import FF_MULTILINE, MARKER_KEY

FILL_FONT = "/HBFill"


def _problem(problems: Problems, positions: Positions, loc: tuple, message: str, key: bool = False) -> None:
    problems.add(positions.path, *positions.at(loc, key=key), message)


def _scalar_text(value: Any) -> str | None:
    if isinstance(value, bool) or isinstance(value, (dict, list)):
        return None
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_values(form: Form, data: Any, positions: Positions, problems: Problems) -> dict[str, Any]:
    """Validate fill data against the form definition; return values by YAML field id."""
    if not isinstance(data, dict):
        _problem(problems, positions, (), "fill data must be a mapping of field ids to values")
        return {}
    fields = {f.id: f for f in form.fields()}
    if form.numbering:
        fields[FORM_NO] = FormField(id=FORM_NO, label="编号")
    values: dict[str, Any] = {}
    for key, value in data.items():
        loc = (key,)
        if positions.near_refused(loc):  # already reported by the YAML reader (a bad date, a loop …)
            continue
        field = fields.get(key)
        if field is None:
            _problem(problems, positions, loc, f"unknown field '{key}'{did_you_mean(str(key), fields)} in form '{form.id}'", key=True)
            continue
        checked = _check_field(field, value, loc, positions, problems)
        if checked is not None:
            values[key] = checked
    return values


def _check_field(field: FormField, value: Any, loc: tuple, positions: Positions, problems: Problems) -> Any:
    def bad(message: str, where: tuple = loc) -> None:
        _problem(problems, positions, where, f"{'.'.join(map(str, where))}: {message}")

    kind = field.type
    if kind in ("text", "textarea"):
        text = _scalar_text(value)
        if text is None:
            return bad(f"expected text, got {type(value).__name__}")
        return text
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return bad(f"expected a number, got {value!r}")
        return value
    if kind == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        return bad(f"expected a date like 2024-05-01, got {value!r}")
    if kind == "choice":
        allowed = [o.value for o in field.options]
        if value not in allowed:
            return bad(f"'{value}' is not an option of '{field.id}'{did_you_mean(str(value), allowed)}; options: {', '.join(allowed)}")
        return value
    if kind == "multi":
        allowed = [o.value for o in field.options]
        if not isinstance(value, list):
            return bad("expected a list of option values")
        for i, item in enumerate(value):
            if item not in allowed:
                bad(f"'{item}' is not an option of '{field.id}'; options: {', '.join(allowed)}", loc + (i,))
        return [v for v in value if v in allowed]
    if kind == "checkbox":
        if not isinstance(value, bool):
            return bad(f"expected true or false, got {value!r}")
        return value
    if kind == "signature":
        if not isinstance(value, dict) or set(value) - set(SIGNATURE_PARTS):
            return bad("expected a mapping with 'sign' and/or 'date'")
        out = {}
        if "sign" in value:
            out["sign"] = _scalar_text(value["sign"]) or ""
        if "date" in value:
            if not isinstance(value["date"], dt.date):
                return bad(f"expected a date like 2024-05-01, got {value['date']!r}", loc + ("date",))
            out["date"] = value["date"].isoformat()
        return out
    if kind == "table":
        columns = [c.id for c in field.columns]
        if not isinstance(value, list):
            return bad("expected a list of rows")
        if len(value) > field.rows:
            return bad(f"the table has {field.rows} rows, got {len(value)}")
        rows = []
        for r, row in enumerate(value):
            if not isinstance(row, dict):
                bad("expected a mapping of column ids to values", loc + (r,))
                continue
            for column in row:
                if column not in columns:
                    _problem(problems, positions, loc + (r, column),
                             f"unknown column '{column}'{did_you_mean(str(column), columns)} in table '{field.id}'", key=True)
            rows.append({c: _scalar_text(row[c]) or "" for c in columns if c in row})
        return rows
    return None


def pdf_values(form: Form, values: dict[str, Any]) -> dict[str, str | bool]:
    """Values by YAML id → values by PDF field name (text, export value, or checkbox state)."""
    out: dict[str, str | bool] = {}
    if FORM_NO in values:
        out[FORM_NO] = values[FORM_NO]
    for field in form.fields():
        if field.id not in values:
            continue
        value = values[field.id]
        if field.type == "multi":
            for option in field.options:
                out[option_name(field, option.value)] = option.value in value
        elif field.type == "signature":
            for part in SIGNATURE_PARTS:
                if part in value:
                    out[signature_name(field, part)] = value[part]
        elif field.type == "table":
            for r, row in enumerate(value, 1):
                for column, cell in row.items():
                    out[cell_name(field, r, column)] = cell
        elif field.type == "number":
            out[field.id] = _scalar_text(value) or ""
        else:
            out[field.id] = value
    return out


def _appearance(pdf: pikepdf.Pdf, font: EmbeddedFont, widget: pikepdf.Dictionary, text: str, multiline: bool) -> tuple[pikepdf.Stream, Layout]:
    x1, y1, x2, y2 = (float(v) for v in widget.Rect)
    width, height = abs(x2 - x1), abs(y2 - y1)
    lay = layout(font, text, width, height, multiline)
    size = lay.size
    if multiline:
        y = height - AREA_PAD - size * font.ascent / 1000
    else:  # the lines' em boxes centred in the box
        block = size + lay.leading * (len(lay.lines) - 1)
        y = (height + block) / 2 - size * IDEO_ASCENT
    ops = [f"/Tx BMC q 0 0 {width:.2f} {height:.2f} re W n BT {FILL_FONT} {size:g} Tf 0 g"]
    ops.append(f"{PAD_X:.2f} {y:.2f} Td")
    for i, line in enumerate(lay.lines):
        if i:
            ops.append(f"0 {-lay.leading:.2f} Td")
        ops.append(f"{font.encode(line)} Tj")
    ops.append("ET Q EMC")
    stream = pdf.make_stream(
        " ".join(ops).encode("ascii"), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
        BBox=[0, 0, width, height], Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(HBFill=font.font)),
    )
    return stream, lay


@dataclass
class Continued:
    """A value too long for its box: the box shows its start, the 续页 all of it."""

    name: str  # PDF field name
    label: str  # the field's label as printed (a table cell: 不良明细 第1行 品名)
    text: str


@dataclass
class Filled:
    pdf: bytes
    continued: list[Continued] = dc_field(default_factory=list)  # in layout order
    sizes: dict[str, float] = dc_field(default_factory=dict)  # font size of each text field drawn


def fill_pdf(blank: bytes, form: Form, values: dict[str, Any]) -> Filled:
    """Write the values into the blank form; every text value gets an appearance of its own."""
    by_name = pdf_values(form, values)
    labels = {name: spec.label for name, spec in field_specs(form).items()}
    continued: list[Continued] = []
    sizes: dict[str, float] = {}
    with pikepdf.open(io.BytesIO(blank)) as pdf:
        texts = "".join(v for v in by_name.values() if isinstance(v, str))
        font = EmbeddedFont(pdf, texts + "".join(MARKERS)) if texts else None
        for pdf_field in pdf.Root.AcroForm.Fields:
            name = str(pdf_field.T)
            if name not in by_name:
                continue
            value = by_name[name]
            if pdf_field.FT == pikepdf.Name.Tx:
                pdf_field.V = pikepdf.String(value)  # always the whole value: extract reads it
                multiline = bool(int(pdf_field.get("/Ff", 0)) & FF_MULTILINE)
                complete = True
                for kid in pdf_field.Kids:
                    stream, lay = _appearance(pdf, font, kid, value, multiline)
                    kid.AP = pikepdf.Dictionary(N=stream)
                    complete = complete and lay.complete(value)
                    sizes[name] = min(sizes.get(name, lay.size), lay.size)
                if not complete:
                    continued.append(Continued(name, labels.get(name, name), value))
            elif pdf_field.FT == pikepdf.Name.Btn:
                state = pikepdf.Name("/" + ("Yes" if value is True else "Off" if value is False else str(value)))
                pdf_field.V = state
                for kid in pdf_field.Kids:
                    states = kid.AP.N.keys() if "/AP" in kid else []
                    kid.AS = state if str(state) in states else pikepdf.Name.Off
        # our appearance streams are final: viewers must not redraw them from /DA
        pdf.Root.AcroForm.NeedAppearances = False
        return Filled(save(pdf), continued, sizes)


def read_pdf_fields(data: bytes) -> tuple[str | None, dict[str, str | bool]]:
    """The form id recorded in the PDF and every field's value by PDF name."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        marker = pdf.docinfo.get(MARKER_KEY)
        form_id = str(marker).split("@")[0] if marker is not None else None
        acroform = pdf.Root.get("/AcroForm")
        values: dict[str, str | bool] = {}
        for field in acroform.get("/Fields", []) if acroform is not None else []:
            name = str(field.get("/T", ""))
            value = field.get("/V")
            if field.get("/FT") == pikepdf.Name.Btn:
                state = str(value) if value is not None else "/Off"
                values[name] = state[1:] if state != "/Off" else False
            else:
                values[name] = str(value) if value is not None else ""
        return form_id, values


def read_values(form: Form, by_name: dict[str, str | bool]) -> dict[str, Any]:
    """PDF values → values by YAML id, with the YAML's types (numbers, booleans, rows)."""
    values: dict[str, Any] = {}
    if by_name.get(FORM_NO):
        values[FORM_NO] = by_name[FORM_NO]
    for field in form.fields():
        kind = field.type
        if kind == "multi":
            chosen = [o.value for o in field.options if by_name.get(option_name(field, o.value))]
            if chosen:
                values[field.id] = chosen
        elif kind == "checkbox":
            if by_name.get(field.id):  # unchecked reads as absent, like an empty text field
                values[field.id] = True
        elif kind == "choice":
            if by_name.get(field.id):
                values[field.id] = by_name[field.id]
        elif kind == "signature":
            parts = {p: by_name.get(signature_name(field, p), "") for p in SIGNATURE_PARTS}
            parts = {k: v for k, v in parts.items() if v}
            if parts:
                values[field.id] = parts
        elif kind == "table":
            rows = []
            for r in range(1, field.rows + 1):
                row = {c.id: by_name.get(cell_name(field, r, c.id), "") for c in field.columns}
                rows.append({k: v for k, v in row.items() if v})
            while rows and not rows[-1]:
                rows.pop()
            if rows:
                values[field.id] = rows
        else:
            text = by_name.get(field.id, "")
            if text == "":
                continue
            if kind == "number":
                try:
                    number = float(text)
                except ValueError:
                    raise ValueError(f"field '{field.id}' ({field.label}) holds '{text}', not a number") from None
                values[field.id] = int(number) if number.is_integer() and abs(number) < 1e15 else number
            else:
                values[field.id] = text
    return values


def comparable(form: Form, values: dict[str, Any]) -> dict[str, Any]:
    """Values as `read_values` returns them, for round-trip comparisons."""
    return read_values(form, pdf_values(form, values))
