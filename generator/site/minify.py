"""Lighter pages: the built site's HTML with its whitespace collapsed, for the same page on screen.

Input: a site folder MkDocs built. Output: its `.html` files rewritten in place, where in the
text between tags every run of whitespace is one character: a newline when the run held one,
else a space. Under `white-space: normal` or `nowrap` that is exactly what the browser makes of
the run anyway, so the text, the layout, copy and paste and what scripts read stay the same;
MkDocs' indentation and blank lines were 3 of the 10.8 MB the default content's pages weighed.

Copied as they are: every tag (attribute values, their quoting and order), comments, raw text
(`script`, `style`, `textarea`, `title`), foreign content (`svg`, `math`), and what the site's
CSS shows with its whitespace kept: `pre`, `code`, `kbd` (Material: `white-space: pre-wrap`),
`xmp`, `listing`, and the elements of `KEPT_CLASSES` (handbook.css: the revision tables' cells
are `pre-wrap`). A page this cannot read safely (a kept element holding its own kind, a
`white-space: pre…` of its own, `<plaintext>`) is left as it is, and so is the whole site when
its CSS keeps whitespace anywhere else (a project's own stylesheet). Rewriting is idempotent.

Not minify-html: it drops the whitespace between elements, which shows between inline-level
ones (a regulation's two identity tables are inline blocks: copied, their text
runs together, 现行有效归口部门; unstyled checkboxes touch), and attributes it takes for defaults
(`tabindex=""` on the nav's section labels, which Material's script picks with `label[tabindex]`).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..fileio import write_if_changed

RAW_TEXT = ("script", "style", "textarea", "title")  # their content ends at the first closing tag
KEPT_TAGS = ("pre", "code", "kbd", "xmp", "listing", "svg", "math")
KEPT_CLASSES = ("revision-table", "md-search__suggest")  # the latter is empty: Material's script fills it

_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""  # a tag's inside: quoted values may hold '>'
_END = r"(?=[\s/>])"
_TAG = re.compile(rf"<[a-zA-Z/!?]{_ATTRS}>")
_KEPT = re.compile(
    rf"<!--.*?-->"
    rf"|<(?P<raw>{'|'.join(RAW_TEXT)}){_END}{_ATTRS}>.*?</(?P=raw)\s*>"
    rf"|<(?P<tag>{'|'.join(KEPT_TAGS)}){_END}{_ATTRS}>(?P<body>.*?)</(?P=tag)\s*>"
    rf"|<(?P<ctag>[a-zA-Z][a-zA-Z0-9-]*){_END}"
    rf"{_ATTRS}\bclass\s*=\s*[\"']?[^\"'>]*(?<![\w-])(?:{'|'.join(map(re.escape, KEPT_CLASSES))})(?![\w-])[^\"'>]*[\"']?{_ATTRS}>"
    rf"(?P<cbody>.*?)</(?P=ctag)\s*>",
    re.S | re.I,
)
_WHITESPACE = re.compile(r"[ \t\n\r]+")  # what CSS collapses: not U+3000, &nbsp; or a form feed, which show
_KEEPS_WHITESPACE = r"white-space\s*:\s*(?:pre|break-spaces)"  # pre, pre-wrap, pre-line
_UNSAFE_PAGE = re.compile(rf"<plaintext{_END}|{_KEEPS_WHITESPACE}", re.I)
_CSS_RULE = re.compile(rf"(?:^|(?<=[{{}}]))([^{{}}]*)\{{[^}}]*?{_KEEPS_WHITESPACE}", re.I)
_COVERED = re.compile(
    rf"(?<![\w.#-])(?:{'|'.join(KEPT_TAGS)})(?![\w-])|\.(?:{'|'.join(map(re.escape, KEPT_CLASSES))})(?![\w-])", re.I,
)


class _Unsafe(Exception):
    pass


def _collapse(text: str) -> str:
    return _WHITESPACE.sub(lambda m: "\n" if "\n" in m[0] or "\r" in m[0] else " ", text)


def _text(text: str) -> str:
    """Collapse the whitespace between the tags of `text` (which holds no kept element)."""
    out, pos = [], 0
    for tag in _TAG.finditer(text):
        out += [_collapse(text[pos:tag.start()]), tag[0]]
        pos = tag.end()
    return "".join(out) + _collapse(text[pos:])


def _kept(match: re.Match) -> str:
    """A kept element as it is. One holding an element of its own kind may have been cut at the
    inner one's closing tag: then the page is left as it is."""
    name, body = (match["tag"], match["body"]) if match["tag"] else (match["ctag"], match["cbody"])
    if body is not None and re.search(rf"<{re.escape(name)}{_END}", body, re.I):
        raise _Unsafe(name)
    return match[0]


def minify_page(html: str) -> str:
    """The page with the whitespace of its text collapsed; unchanged when it cannot be read safely."""
    if _UNSAFE_PAGE.search(html):
        return html
    out, pos = [], 0
    try:
        for match in _KEPT.finditer(html):
            out += [_text(html[pos:match.start()]), _kept(match)]
            pos = match.end()
    except _Unsafe:
        return html
    return "".join(out) + _text(html[pos:])


def unkept_whitespace_rules(site: Path) -> list[str]:
    """The site's CSS selectors that show whitespace as written (`white-space: pre…`) on
    elements `minify_page` does not keep as they are."""
    found = []
    for css in sorted(site.rglob("*.css")):
        for rule in _CSS_RULE.finditer(css.read_text(encoding="utf-8", errors="replace")):
            found += [f"{css.relative_to(site)}: {s.strip()}" for s in rule[1].split(",") if not _COVERED.search(s)]
    return found


def minify_site(site: Path, since: float | None = None) -> int:
    """Minify the site's pages in place; return how many changed. With `since`, only the pages
    modified at that time or later (a dirty build's other pages, copied from the last site, are
    minified already). Nothing is touched when the CSS keeps whitespace on other elements."""
    if unkept_whitespace_rules(site):
        return 0
    changed = 0
    for path in sorted(site.rglob("*.html")):
        if since is not None and path.stat().st_mtime < since:
            continue
        try:
            html = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        changed += write_if_changed(path, minify_page(html).encode("utf-8"))
    return changed
