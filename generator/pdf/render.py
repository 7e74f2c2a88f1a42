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


def render_document(html: str, base: Path, cache: Path, *, fields: bool = False, chars: str | None = None):
    """The laid-out WeasyPrint document (pages, anchors) and the options to write it with.
    `chars`: cut the fonts to these characters instead of the document's own. WeasyPrint
    subsets again but keeps glyph ids, so documents given the same `chars` can share one copy
    of that font when merged (`merge`'s `fonts`)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = label_fonts(cache, chars if chars is not None else html)
    if fields:
        fonts["field"] = field_font(cache)
    config = FontConfiguration()
    faces = CSS(string=font_faces(fonts), font_config=config)
    options = {"pdf_forms": fields}
    return HTML(string=html, base_url=str(base)).render(stylesheets=[faces], font_config=config, **options), options


def html_to_pdf(html: str, base: Path, cache: Path, *, fields: bool = False, chars: str | None = None) -> bytes:
    """`fields`: turn <input>/<textarea> into AcroForm fields (set in the small field font)."""
    document, options = render_document(html, base, cache, fields=fields, chars=chars)
    return document.write_pdf(**options)


def anchors_by_page(document) -> dict[str, int]:
    """Each anchor (element id) of a laid-out document → the index of the page it is on."""
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            found.setdefault(name, number)
    return found


def save(pdf: pikepdf.Pdf) -> bytes:
    """A pikepdf document as compact bytes (compressed streams, object streams)."""
    out = io.BytesIO()
    pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()
