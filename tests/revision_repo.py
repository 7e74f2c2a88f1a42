"""A small project with three editions as tagged git commits, for the edition tests.

v2025.1 (2025-01-01): the mini project, complaint-handling with 目的, 结案期限, 解释 (第一–三条).
v2025.2 (2025-02-20, in force 2025-03-01): 受理 inserted as 第二条 (结案期限 → 第三条, 解释 →
  第四条), the domestic deadline 十五天 → 十天 in the article and the deadlines table, a step and
  a penalty changed.
v2025.3 (2025-05-20, in force 2025-06-01): a clause of 结案期限 reworded (追踪 → 跟踪), 受理 removed;
  its history entry declares the change editorial.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .helpers import RESOURCES, edit

REG = "docs/regulations/complaint-handling.yaml"
INTERPRETATION = """      - id: interpretation
        title: 解释
        text: 本办法由质量管理部负责解释。
duties:"""
ACCEPTANCE = """      - id: acceptance
        title: 受理
        text: 客户抱怨由业务部门统一受理，并于当日登记。
      - id: closing"""


def _git(root: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T09:00:00+08:00"
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def _history(path: Path, entry: str) -> None:
    edit(path, "history:\n", "history:\n" + entry)


def _publish(root: Path, tag: str, date: str) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", f"Edition {tag}", date=date)
    _git(root, "tag", "-a", tag, "-m", f"Edition {tag}", date=date)


def three_editions(tmp_path: Path) -> Path:
    """The project folder (a git work tree) after the three editions; HEAD is v2025.3."""
    root = tmp_path / "proj"
    shutil.copytree(RESOURCES / "mini", root)
    reg = root / REG
    edit(reg, "            items: [填写催办单, 报总经理]\nduties:", "            items: [填写催办单, 报总经理]\n" + INTERPRETATION)
    _git(root, "init", "-q", "-b", "main")
    _publish(root, "v2025.1", "2025-01-01")

    edit(reg, "      - id: closing", ACCEPTANCE)
    edit(reg, "国内客诉应于十五天内结案", "国内客诉应于十天内结案")
    edit(reg, "    limit: 十五天内\n    days: 15", "    limit: 十天内\n    days: 10")
    edit(reg, "deadline: 三个工作日内", "deadline: 两个工作日内")
    edit(reg, "consequence: 扣绩效奖金百分之十", "consequence: 扣绩效奖金百分之二十")
    _history(reg, '  - version: "1.1"\n    edition: v2025.2\n    date: 2025-02-20\n    effective: 2025-03-01\n'
                  "    change: substantive\n    summary: 新增受理条款；国内客诉结案时限改为十天。\n")
    _publish(root, "v2025.2", "2025-02-20")

    edit(reg, "业务部门负责追踪结案进度。", "业务部门负责跟踪结案进度。")
    edit(reg, ACCEPTANCE, "      - id: closing")
    _history(reg, '  - version: "1.2"\n    edition: v2025.3\n    date: 2025-05-20\n    effective: 2025-06-01\n'
                  "    change: editorial\n    summary: 文字调整。\n")
    _publish(root, "v2025.3", "2025-05-20")
    return root
