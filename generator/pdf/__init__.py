"""The HTML → PDF step shared by forms and print material: font subsets and the WeasyPrint call.

Input: finished HTML. Output: PDF bytes with embedded CJK subsets (`html_to_pdf`), parts merged
into one (`merge`), plus the pieces form filling needs (`EmbeddedFont`, `stsong_font`), QR codes
(`qr_svg`), and `run_jobs`, the one pool every PDF of a build is rendered in.
"""

from pathlib import Path

from .embedded import EmbeddedFont
from .fonts import FIELD_FAMILY, LABEL_FAMILY, fonts_fingerprint, label_fonts, missing_glyphs, stsong_font
from .jobs import PdfJob, run_jobs
from .merge import LINK_PREFIX, Heading, merge
from .qr import qr_svg
from .render import anchors_by_page, html_to_pdf, render_document, save

PDF_CODE = Path(__file__).parent  # this stage's code, part of every PDF's cache key

__all__ = [
    "LINK_PREFIX", "PDF_CODE", "EmbeddedFont", "FIELD_FAMILY", "Heading", "LABEL_FAMILY", "PdfJob", "anchors_by_page",
    "fonts_fingerprint", "html_to_pdf", "label_fonts", "merge", "missing_glyphs", "qr_svg", "render_document",
    "run_jobs", "save", "stsong_font",
]
