"""HTML → PDF with WeasyPrint, the fonts subset to what the document prints.

Input: finished HTML (its own CSS inside, using the families of `fonts`), a base folder for
relative URLs, a font cache folder. Output: PDF bytes. Forms and print material both come
through here, so fonts are put into a document one way only: as an extra stylesheet.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from .fonts import field_font, font_faces, label_fonts


def html_to_pdf(html: str, base: Path, cache: Path, *, fields: bool = False) -> bytes:
    """`fields`: turn <input>/<textarea> into AcroForm fields (set in the small field font)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = label_fonts(cache, html)
    if fields:
        fonts["field"] = field_font(cache)
    config = FontConfiguration()
    faces = CSS(string=font_faces(fonts), font_config=config)
    return HTML(string=html, base_url=str(base)).write_pdf(stylesheets=[faces], font_config=config, pdf_forms=fields)


def save(pdf: pikepdf.Pdf) -> bytes:
    """A pikepdf document as compact bytes (compressed streams, object streams)."""
    out = io.BytesIO()
    pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()
