"""The generated project of a script edition (繁體中文), and the switch between editions.

Input: the MkDocs project written through the edition's `Converter`, its (simplified) handbook.
Output: the project's navigation in the edition's script too, and a search index
that also answers simplified queries: `variants` maps each simplified word of the handbook (as
the simplified edition's index splits it) to the word the conversion made of it (头发 → 頭髮,
发送 → 傳送 with s2twp); the worker rewrites a query with it before splitting it, so a query
in either script finds the same documents. `settings` gives the user's settings for an edition:
the interface language and Material's language switch (`extra.alternate`) between editions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..handbook import Handbook
from ..fileio import write_if_changed
from ..script import SCRIPTS, Converter, script_settings
from .search import build_index

INDEX = "assets/search/index.js"
PREFIX = "self.__handbookSearch="
SWITCH_JS = "assets/languages.js"  # keeps the reader on the same page when switching editions
DEFAULT_NAME = "简体中文"


def variants(book: Handbook, conv: Converter) -> dict[str, str]:
    """Simplified word → the edition's word, for every word and character a query may use."""
    index = build_index(book)
    words = set(index["postings"]) | set(index["dictionary"]) | set(index["stopwords"])
    words |= {w for group in index["synonyms"] for w in group}
    words |= {c for w in list(words) for c in w}
    found = {w: conv.convert(w) for w in words}
    changed = {c for c in found if len(c) == 1 and found[c] != c}
    # words kept as they are but holding a character that alone would change stay too (公里, not 公裡)
    return {s: t for s, t in sorted(found.items()) if s != t or len(s) > 1 and changed.intersection(s)}


def finish_project(project: Path, book: Handbook, conv: Converter) -> None:
    """The project written with `conv` (its docs/ already converted as written): its navigation
    converted too, and its search index given the query variants. Unchanged files are left as
    they are, so that a dirty build rebuilds only the pages an edit touched."""
    config = project / "mkdocs.yml"
    own_names = Converter(conv.config, conv.protected + (DEFAULT_NAME,))  # the switch names each edition in its script
    write_if_changed(config, own_names.convert(config.read_text(encoding="utf-8")).encode("utf-8"))
    path = project / "docs" / INDEX
    text = path.read_text(encoding="utf-8")
    data = json.loads(text[len(PREFIX):].rstrip().rstrip(";"))
    data["variants"] = variants(book, conv)
    write_if_changed(path, (PREFIX + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n").encode("utf-8"))


def settings(user: dict[str, Any], script: str | None, scripts: tuple[str, ...]) -> dict[str, Any]:
    """The user's settings for one edition: the interface language for a script edition, and the
    language switch when more than one script is built (script editions live in <site>/<script>/)."""
    if not scripts:
        return user
    user = dict(user)
    extra = dict(user.get("extra") or {})
    theme = dict(user.get("theme") or {})
    up = "../" if script else ""
    alternate = [{"name": DEFAULT_NAME, "link": f"{up}index.html", "lang": "zh-Hans"}]
    alternate += [{"name": SCRIPTS[s], "link": f"{up}{s}/index.html", "lang": s} for s in scripts]
    extra["alternate"] = alternate
    if script:
        theme["language"] = script_settings(user, script)["language"]
    user["extra_javascript"] = list(user.get("extra_javascript", [])) + [SWITCH_JS]
    user["extra"], user["theme"] = extra, theme
    return user
