"""Generate a synthetic handbook of any size, for benchmarks (never shipped as content)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).parent.parent
WORDS = "客户 投诉 受理 调查 处理 结案 回访 记录 质量 改进 现场 管理 服务 规范 档案 保密 样品 维修 参观 接待".split()


def sentence(seed: int, length: int = 18) -> str:
    return "".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(length // 2)) + "。"


def write_project(root: Path, regulations: int, roles: int = 20) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "docs/regulations").mkdir(parents=True)
    (root / "docs/roles").mkdir(parents=True)
    (root / "forms").mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    shipped = yaml.safe_load((REPO / "docs/topics.yaml").read_text(encoding="utf-8"))
    for topic in shipped["topics"]:
        topic.pop("chooser", None)  # it names the shipped regulations
    (root / "docs/topics.yaml").write_text(dump(shipped), encoding="utf-8")
    topics = [t["id"] for t in shipped["topics"]]
    role_ids = [f"role-{i:02d}" for i in range(roles)]
    (root / "docs/roles/roles.yaml").write_text(
        dump({"roles": [{"id": r, "name": f"岗位{i:02d}"} for i, r in enumerate(role_ids)]}), encoding="utf-8"
    )
    for n in range(regulations):
        rid = f"reg-{n:04d}"
        role = lambda k: role_ids[(n + k) % roles]
        chapters = [
            {
                "title": f"第{c}部分",
                "articles": [
                    {
                        "id": f"art-{c}-{a}",
                        "title": sentence(n + a, 8)[:-1],
                        "text": sentence(n + c + a) * 2,
                        "clauses": [sentence(n + k) for k in range(3)],
                    }
                    for a in range(4)
                ],
            }
            for c in range(3)
        ]
        data = {
            "id": rid, "code": f"SYN-{n:04d}", "title": f"合成制度{n:04d}", "topic": topics[n % len(topics)],
            "effective": "2024-01-01", "owner": role(0), "approver": role(1), "audience": [role(2), role(3)],
            "summary": sentence(n, 30), "chapters": chapters,
            "duties": [{"role": role(k), "tasks": [sentence(n + k, 12)], "article": "art-0-1"} for k in range(3)],
            "procedures": [{"id": "main", "title": "主流程", "steps": [
                {"actor": role(k % 3), "action": sentence(n + k, 14), "deadline": f"{k + 1}天内", "article": "art-1-0"}
                for k in range(5)
            ]}],
            "deadlines": [{"what": sentence(n + k, 10), "limit": f"{k + 2}天内", "days": k + 2, "role": role(k), "article": "art-2-0"} for k in range(3)],
            "history": [{"version": "1.0", "date": "2024-01-01", "summary": "首次发布。"}],
        }
        (root / "docs/regulations" / f"{rid}.yaml").write_text(dump(data), encoding="utf-8")
    return root
