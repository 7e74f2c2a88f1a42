"""Text from YAML made safe for the generated Markdown: every value goes through `md`
(Markdown-escaped) or Jinja autoescape (HTML), so `<script>` or `**` in YAML shows as text.

Input: plain text. Output: escaped text (`Markup`, so Jinja does not escape it twice).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md(value: Any) -> Markup:
    """Escape text for Markdown: HTML entities first (not quotes: Markdown text is never inside an
    attribute, and an escaped quote shows as &#34; in the contents sidebar), then Markdown punctuation."""
    text = str(escape(str(value))).replace("&#34;", '"').replace("&#39;", "'")
    return Markup(_MD_SPECIAL.sub(r"\\\1", text).replace("\n", " "))


def front_title(value: str) -> Markup:
    """A page title for YAML front matter. MkDocs themes print titles unescaped (in <title>
    and the nav), so the title is HTML-escaped here, then JSON-quoted (JSON is valid YAML)."""
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


def nav_title(value: str) -> str:
    """A title for mkdocs.yml's nav (printed unescaped by the theme)."""
    return str(escape(value))


def page_title(path: Path) -> str:
    """A hand-written page's first '# ' heading, or its file name."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem
