"""Print material: the handbook as a book, and per training track a sign-off sheet, a quiz
paper and an answer key.

Input: a linked `Handbook`. Output: PDFs (`render_print`, cached), from HTML built by
`documents` and printed by the shared `pdf.html_to_pdf`.
"""

from .build import PrintOutput, render_print
from .documents import TRACK_KINDS, UNPUBLISHED, documents, paper_code, print_css, qr_svg, track_html

__all__ = ["PrintOutput", "TRACK_KINDS", "UNPUBLISHED", "documents", "paper_code", "print_css", "qr_svg", "render_print", "track_html"]
