"""Script editions: the handbook in traditional script (繁體中文), converted with OpenCC.

Input: the OpenCC conversion (`s2twp`: Taiwan characters and phrasing, `s2t`, `s2tw`, `s2hk`;
mkdocs.yml `extra.scripts.zh-Hant.opencc` chooses) and the terms that must stay as written
(docs/script.yaml: names, codes, quoted titles). Output: a `Converter` that turns any user-facing
text into the script with those terms untouched. Everything is converted once, where it is written
out, so that the generator's own words (第X条, table headers, the search's chips) are converted with
the content and in context: `Converter.convert` over each text file of the generated project as
it is written and over each PDF's HTML, `convert_model` for what a form PDF carries outside its
HTML. (Converting twice is not harmless: a second s2twp pass turns 干擾 into 幹擾.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from opencc import OpenCC
from pydantic import BaseModel

from .errors import HandbookError, Problem, Problems
from .yamlsource import read_yaml

SCRIPTS = {"zh-Hant": "繁體中文"}  # extra editions by script; the default edition is 简体中文 (zh-Hans)
DEFAULT_OPENCC = {"zh-Hant": "s2twp"}
THEME_LANGUAGE = {"s2twp": "zh-TW", "s2tw": "zh-TW", "s2t": "zh-Hant", "s2hk": "zh-Hant"}
SETTINGS_FILE = "docs/script.yaml"
# Fields that hold ids, references, codes or fixed values, never text to convert
NOT_TEXT = frozenset({
    "id", "topic", "owner", "interpreter", "approver", "audience", "role", "actor", "form", "article",
    "regulation", "procedure", "forms", "terms", "related", "see", "answer", "value", "kind", "type",
    "status", "visibility", "copies_unit", "seed", "heading", "version", "code",
})
TEXT_SUFFIXES = (".md", ".js", ".json", ".svg", ".html", ".css", ".txt", ".xml")
_PRIVATE = 0xF0000  # placeholders for protected terms: a plane OpenCC leaves alone


@dataclass(frozen=True)
class Converter:
    """Simplified → the edition's script, with `protected` terms kept exactly as written."""

    config: str
    protected: tuple[str, ...] = ()

    @cached_property
    def _opencc(self) -> OpenCC:
        return OpenCC(self.config)

    @cached_property
    def _pattern(self) -> re.Pattern | None:
        terms = sorted(set(self.protected), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, terms))) if terms else None

    def convert(self, text: str) -> str:
        if not text:
            return text
        if self._pattern is None:
            return self._opencc.convert(text)
        kept: list[str] = []

        def hold(match: re.Match) -> str:
            kept.append(match.group())
            return chr(_PRIVATE + len(kept) - 1)

        converted = self._opencc.convert(self._pattern.sub(hold, text))
        return re.sub("[\U000f0000-\U000fffff]", lambda m: kept[ord(m.group()) - _PRIVATE], converted)


def protected_terms(root: Path) -> tuple[str, ...]:
    """docs/script.yaml's `protect:` list (none when the file is missing)."""
    path = root / SETTINGS_FILE
    if not path.is_file():
        return ()
    problems = Problems()
    data, _ = read_yaml(path, problems, display=SETTINGS_FILE)
    if problems:
        raise HandbookError(problems.sorted())
    terms = (data or {}).get("protect", []) if isinstance(data, dict) else None
    if not isinstance(terms, list) or not all(isinstance(t, str) and t for t in terms):
        raise HandbookError([Problem(SETTINGS_FILE, 1, 1, "expected 'protect:' with a list of terms kept as written")])
    return tuple(terms)


def script_settings(user: dict[str, Any], script: str) -> dict[str, str]:
    """mkdocs.yml `extra.scripts.<script>` with defaults: {opencc, language}."""
    given = ((user.get("extra") or {}).get("scripts") or {}).get(script) or {}
    config = given.get("opencc", DEFAULT_OPENCC[script])
    if config not in THEME_LANGUAGE:
        raise HandbookError([Problem("mkdocs.yml", 1, 1, f"extra.scripts.{script}.opencc: '{config}' is not one of {', '.join(THEME_LANGUAGE)}")])
    return {"opencc": config, "language": given.get("language", THEME_LANGUAGE[config])}


def converter(root: Path, user: dict[str, Any], script: str) -> Converter:
    return Converter(script_settings(user, script)["opencc"], protected_terms(root))


def convert_model(value: Any, convert: Callable[[str], str]) -> Any:
    """A model (a form, for the PDF's field tooltips and title) with every text converted; ids,
    references and fixed values unchanged."""
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, list):
        return [convert_model(v, convert) for v in value]
    if isinstance(value, BaseModel):
        update = {
            name: convert_model(getattr(value, name), convert)
            for name in type(value).model_fields if name not in NOT_TEXT
        }
        return value.model_copy(update=update)
    return value
