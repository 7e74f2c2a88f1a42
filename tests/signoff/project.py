"""A handbook project in a temporary git repository with two editions (v1, v2) for the
sign-off tests: the default content and the shipped fictional roster (30 people over 4 roles).
v2 makes one substantive change, to the complaint handler's duty in cs-dept-management (a new
task and a time limit in the article), and one editorial change to the customer-service agent's
duty article (punctuation)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).parent.parent.parent
REG = Path("docs/regulations/organization/cs-dept-management.yaml")

SUBSTANTIVE = [  # (old, new) in REG
    ("          - 受理客诉，及时为顾客处理纠纷、举报等问题。", "          - 受理客诉，须在二十四小时内为顾客处理纠纷、举报等问题。"),
    ("      - 处理客诉有凭有据、有记录\n", "      - 处理客诉有凭有据、有记录\n      - 二十四小时内回复投诉顾客\n"),
]


def git(root: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env).stdout


def agent_article_editorial(text: str) -> str:
    """cs-dept-management's agent-duties article with a comma turned into a 顿号 (wording only)."""
    start = text.index("      - id: agent-duties")
    end = text.index("      - id:", start + 10)
    part = text[start:end]
    changed = part.replace("，", "、", 1)
    assert changed != part
    return text[:start] + changed + text[end:]


def make_project(root: Path) -> Path:
    for name in ("docs", "forms"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "v1")
    git(root, "tag", "v1")
    path = root / REG
    text = path.read_text(encoding="utf-8")
    for old, new in SUBSTANTIVE:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(agent_article_editorial(text), encoding="utf-8")
    git(root, "commit", "-qam", "v2: complaint handler must reply within 24 hours")
    git(root, "tag", "v2")
    return root
