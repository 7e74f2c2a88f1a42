"""The site settings the user edits (the top-level mkdocs.yml) and the names printed everywhere.

Input: the project folder. Output: the user's settings as a dict (read with the safe loader;
keys the generator owns are refused), the handbook's name, the organisation's name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import HandbookError, Problem, Problems
from .yamlsource import read_yaml

DEFAULT_SITE_NAME = "客户服务中心制度手册"
COMPANY = "客户服务中心"  # printed at the top of every form and on the book's cover
NOT_GIVEN = "未规定"  # shown where the sources do not give a value (code, date, owner, approver)


def given(value) -> str:
    """A value the source may not give: 未规定 when it is not given."""
    return NOT_GIVEN if value is None or value == "" else str(value)


# Audience editions, widest first (generator/audience.py leaves out what is marked for narrower ones);
# editor: with the editor's notes and to-do page
EDITIONS = {"staff": "员工版", "manager": "管理版", "editor": "编辑版"}
GENERATOR_OWNED = ("docs_dir", "site_dir", "nav", "use_directory_urls")


def read_user_config(root: Path) -> dict[str, Any]:
    """ROOT/mkdocs.yml as a dict ({} when there is none)."""
    path = root / "mkdocs.yml"
    if not path.exists():
        return {}
    problems = Problems()
    data, _ = read_yaml(path, problems, display=path.name)
    if problems:
        raise HandbookError(problems.sorted())
    if not isinstance(data, dict):
        raise HandbookError([Problem(path.name, 1, 1, "mkdocs.yml must be a mapping of settings")])
    bad = [key for key in GENERATOR_OWNED if key in data]
    if bad:
        raise HandbookError([Problem(path.name, 1, 1, f"'{bad[0]}' is set by the generator; remove it from mkdocs.yml")])
    return data


def site_name(user: dict[str, Any]) -> str:
    return user.get("site_name", DEFAULT_SITE_NAME)


def review_overdue_fatal(user: dict[str, Any]) -> bool:
    """mkdocs.yml `extra: {review_overdue_fatal: true}`: overdue reviews fail `check --strict`
    (by default they are warnings that --strict leaves as warnings)."""
    extra = user.get("extra")
    return isinstance(extra, dict) and extra.get("review_overdue_fatal") is True
