"""The HTML → PDF step shared by forms and print material: font subsets and the WeasyPrint call.

Input: finished HTML. Output: PDF bytes with embedded CJK subsets (`html_to_pdf`), plus the
pieces form filling needs (`EmbeddedFont`, `stsong_font`), QR codes (`qr_svg`), and `run_jobs`, the one pool every
PDF of a build is rendered in.
"""

from pathlib import Path

from .embedded import EmbeddedFont
from .fonts import FIELD_FAMILY, LABEL_FAMILY, fonts_fingerprint, missing_glyphs, stsong_font
from .jobs import PdfJob, run_jobs
from .qr import qr_svg
from .render import html_to_pdf, save

PDF_CODE = Path(__file__).parent  # this stage's code, part of every PDF's cache key

__all__ = [
    "PDF_CODE", "EmbeddedFont", "FIELD_FAMILY", "LABEL_FAMILY", "PdfJob", "fonts_fingerprint", "html_to_pdf",
    "missing_glyphs", "qr_svg", "run_jobs", "save", "stsong_font",
]
