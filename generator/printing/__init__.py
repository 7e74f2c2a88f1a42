"""Print material: the handbook as a book, and per training track a sign-off sheet, a quiz
paper and an answer key.

Input: a linked `Handbook`. Output: PDFs (`render_print`, cached), from HTML built by
`documents` and printed by the shared `pdf.html_to_pdf`.
"""

from .build import PrintJob, PrintOutput, print_jobs, render_print
from .documents import TRACK_KINDS, documents

__all__ = ["PrintJob", "PrintOutput", "TRACK_KINDS", "documents", "print_jobs", "render_print"]
