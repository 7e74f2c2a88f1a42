"""Print material: the handbook as a book, and per training track a sign-off sheet, a quiz
paper and an answer key; the revision table (修订对照表) of two editions.

Input: a linked `Handbook`. Output: PDFs (`render_print`, cached; `print_jobs` for the build's
shared pool), from HTML built by `documents` and printed by the shared `pdf.html_to_pdf`.
"""

from .build import PrintJob, PrintOutput, print_jobs, render_print, with_past_mark
from .documents import TRACK_KINDS, UNPUBLISHED, documents, paper_code, print_css, qr_markup, track_html
from .revisions import revision_html, revision_pdf

__all__ = [
    "PrintJob", "PrintOutput", "TRACK_KINDS", "UNPUBLISHED", "documents", "paper_code", "print_css", "print_jobs",
    "qr_markup", "render_print", "revision_html", "revision_pdf", "track_html", "with_past_mark",
]
