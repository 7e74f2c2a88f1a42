"""Official forms: YAML definitions → fillable A4 PDFs with previews; prefill and read back.

Input: a loaded `Handbook`. Output: PDFs with real AcroForm fields named by `naming`
(`render_all` for every form, cached and parallel; `render_form_pdf` for one), values written
into a form (`fill_form`; a value too long for its box continues on a 续页) and read back from
filled PDFs (`extract_values`, `to_csv`).
Modules, in the order they depend on each other: naming → html → pdf → layout → fill → commands, build.
"""

from .build import FormJob, FormOutput, form_jobs, render_all
from .commands import extract_values, fill_form, to_csv
from .pdf import render_flat_pdf, render_form_pdf

__all__ = ["FormJob", "FormOutput", "form_jobs", "extract_values", "fill_form", "render_all", "render_flat_pdf", "render_form_pdf", "to_csv"]
