"""Import regulation documents (.docx, .txt, .md) as draft regulation YAML files.

Input: documents as found in the wild: numbering with or without spaces and punctuation, chapters,
several regulations per file, traditional or simplified script, web junk around the text, Word
heading styles and list numbering. Output: one draft per regulation found (title, chapters,
articles with their titles, clauses and items; sources and editor notes saying where each came
from), a report of what was found, dropped and left for the editor, and topic `imported` in
ROOT/docs/topics.yaml. A file with no regulation in it, or one that cannot be read, is a problem
at path:1:1; every problem of every file is reported at once and nothing is written.

reading (files → lines) → junk, markers (lines → segments) → regulations (where each starts)
→ tree (chapters, articles, clauses, items) → draft (model data, YAML, report) → run (the command).
"""

from .draft import Draft, propose_id
from .run import SCRIPTS, ImportResult, import_documents

__all__ = ["Draft", "ImportResult", "SCRIPTS", "import_documents", "propose_id"]
