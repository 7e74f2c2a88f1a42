"""Merge the user's top-level mkdocs.yml with what the generator owns (docs dir, nav, assets).

Input: the user's settings (`settings.read_user_config`) and the generated nav. Output: the
text of the generated project's mkdocs.yml. The user's settings win, except for the keys the
generator must own; their extra CSS/JS is added after the generator's own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..settings import DEFAULT_SITE_NAME
GENERATOR_CSS = ["assets/handbook.css"]
GENERATOR_JS = [
    "assets/vendor/tablesort/tablesort.min.js", "assets/vendor/tablesort/tablesort.number.min.js",
    "assets/handbook.js", "assets/training.js", "assets/search/filters.js", "assets/preview-status.js", "assets/me.js", "assets/editions.js",
    "assets/deadlines.js",  # 时限一览: filters, open-ended rows last (after tablesort and handbook.js)
]
OVERRIDES = "overrides"  # theme overrides beside the generated mkdocs.yml (the search worker)
IFRAME_WORKER = "assets/vendor/iframe-worker/shim.js"


class PythonName(str):
    """A `!!python/name:` reference the generator itself writes (MkDocs loads its config with
    PyYAML's full loader). Only values of this class become tags: text from the handbook, however
    it is spelled, is always written as a plain string."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(PythonName, lambda dumper, value: dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{value}", ""))

DEFAULTS: dict[str, Any] = {
    "site_name": DEFAULT_SITE_NAME,
    "theme": {"name": "material", "language": "zh", "font": False},
    "plugins": [{"search": {"lang": "zh", "separator": r"[\s\u200b\u3000\-、。，．？！；：（）《》]+"}}],
    "markdown_extensions": [
        "attr_list",
        "md_in_html",
        "tables",
        "admonition",
        "pymdownx.details",
        {"toc": {"permalink": "¶", "permalink_title": "本节链接"}},
        {"pymdownx.emoji": {
            "emoji_index": PythonName("material.extensions.emoji.twemoji"),
            "emoji_generator": PythonName("generator.site.emoji.icons_only"),
        }},
    ],
    "validation": {"omitted_files": "info",  # role pages are linked from 我的职责, not listed in the nav
                    "absolute_links": "warn", "unrecognized_links": "warn", "anchors": "warn"},
}


def _plugin_names(plugins: list) -> list[str]:
    return [next(iter(p)) if isinstance(p, dict) else p for p in plugins]


def merge(user: dict[str, Any], nav: list[Any], site_dir: Path, edition: str = "staff", handbook_extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The generated project's settings: defaults, then the user's, then what the generator owns."""
    config = {key: value for key, value in DEFAULTS.items()}
    for key, value in user.items():
        if key == "theme" and isinstance(value, dict):
            config["theme"] = {**DEFAULTS["theme"], **value}
        elif key in ("extra_css", "extra_javascript"):
            continue
        else:
            config[key] = value
    config["theme"] = {**config.get("theme", {}), "custom_dir": OVERRIDES}
    config["docs_dir"] = "docs"
    config["site_dir"] = str(site_dir)
    config["use_directory_urls"] = False  # pages open from a file share too
    config["nav"] = nav
    config["extra_css"] = GENERATOR_CSS + list(user.get("extra_css", []))
    config["extra_javascript"] = GENERATOR_JS + list(user.get("extra_javascript", []))
    extra = dict(config.get("extra") or {})
    if "offline" in _plugin_names(config.get("plugins", [])):
        extra["polyfills"] = list(extra.get("polyfills", [])) + [IFRAME_WORKER]
    if edition != "staff":
        extra["handbook_edition"] = edition  # the theme override shows the edition's banner
    extra.update(handbook_extra or {})  # past-edition banner, edition switcher
    if extra:
        config["extra"] = extra
    return config


def dump(config: dict[str, Any]) -> str:
    """The config as YAML; only `PythonName` values are written as tags."""
    return yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
