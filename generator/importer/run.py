"""`handbook import`: documents in, one draft regulation YAML per regulation found out.

Input: the files, the project folder, the output folder, the script. Output: the drafts written
(and topic `imported` added to ROOT/docs/topics.yaml when it is missing, the rest of the file
kept as it is), or `HandbookError` with every problem of every file, and nothing written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import HandbookError, Problems
from ..fileio import write_atomic
from ..yamlsource import read_yaml
from .draft import TOPIC, Draft, make_draft, propose_id
from .reading import read_lines
from .regulations import split
from .tree import build

SCRIPTS = ("simplified", "keep")
TOPIC_ENTRY = (
    "- id: imported\n"
    "  title: 导入的草稿\n"
    "  description: handbook import 写入的草稿；编辑核对后改为正式主题，并把 status 改为 in_force。\n"
)


@dataclass
class ImportResult:
    drafts: list[tuple[Path, Draft]]
    folder: Path
    topic_added: bool


def read_document(path: Path, shown: str, script: str, problems: Problems) -> list[tuple[Draft, str]]:
    """The drafts of one document (without their final ids), or a problem."""
    lines = read_lines(path, problems, shown)
    if lines is None:
        return []
    found, _ = split(lines)
    drafts = []
    for regulation in found:
        body = build(regulation)
        if body.article_count():
            drafts.append((make_draft(regulation, body, path.name, script, "imported"), regulation.title))
    if not drafts:
        problems.add(shown, 1, 1, "no regulation found (no 第X条 or 第X章, and no numbered items such as 一、 （一） 1. "
                                  "that could be articles): nothing to import")
    return drafts


def import_documents(files: list[Path], root: Path, out_dir: Path | None = None, script: str = "simplified") -> ImportResult:
    problems = Problems()
    if script not in SCRIPTS:
        raise ValueError(f"script must be one of {SCRIPTS}")  # the command checks the choice first
    planned: list[Draft] = []
    ids: dict[str, int] = {}
    for path in files:
        for draft, title in read_document(path, str(path), script, problems):
            draft_id = propose_id(title)
            ids[draft_id] = ids.get(draft_id, 0) + 1
            if ids[draft_id] > 1:
                draft_id = f"{draft_id}-{ids[draft_id]}"
            planned.append(make_draft_again(draft, draft_id))
            for problem in planned[-1].problems:
                problems.add(str(path), draft.first_line, 1, f"draft '{draft.title}' does not validate ({problem}); please report this")
    topics_path = root / "docs" / "topics.yaml"
    topics_text = _topics_with_imported(topics_path, problems)
    if problems:
        raise HandbookError(problems.sorted())
    folder = out_dir if out_dir is not None else root / "docs" / "regulations" / "imported"
    written = []
    for draft in planned:
        target = folder / f"{draft.id}.yaml"
        write_atomic(target, draft.yaml_text(target.name).encode("utf-8"))
        written.append((target, draft))
    if topics_text is not None:
        write_atomic(topics_path, topics_text.encode("utf-8"))
    return ImportResult(written, folder, topics_text is not None)


def make_draft_again(draft: Draft, draft_id: str) -> Draft:
    """The same draft under its final id."""
    draft.id = draft_id
    draft.data["id"] = draft_id
    return draft


def _topics_with_imported(path: Path, problems: Problems) -> str | None:
    """docs/topics.yaml with the topic `imported` appended, or None when it is there already."""
    shown = "docs/topics.yaml"
    if not path.exists():
        return "# Navigation of the handbook, in this order. Each regulation names one topic.\ntopics:\n" + _indent(TOPIC_ENTRY, "  ")
    data, _ = read_yaml(path, problems, display=shown)
    if data is None:
        return None
    topics = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(topics, list):
        problems.add(shown, 1, 1, f"cannot add topic '{TOPIC}': the file has no list of topics")
        return None
    if any(isinstance(t, dict) and t.get("id") == TOPIC for t in topics):
        return None
    text = path.read_text(encoding="utf-8-sig")
    found = re.search(r"^topics:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*([ \t]*)- ", text, re.M)
    if found is None:
        problems.add(shown, 1, 1, f"cannot add topic '{TOPIC}' to a list not written one entry per line: add it by hand")
        return None
    new = text if text.endswith("\n") else text + "\n"
    new += _indent(TOPIC_ENTRY, found.group(1))
    try:
        check = yaml.safe_load(new)
    except yaml.YAMLError:
        check = None
    if not isinstance(check, dict) or check.get("topics") != topics + [yaml.safe_load(TOPIC_ENTRY)[0]]:
        problems.add(shown, 1, 1, f"cannot add topic '{TOPIC}' at the end of the file (topics is not its last entry): add it by hand")
        return None
    return new


def _indent(block: str, indent: str) -> str:
    return "".join(indent + line + "\n" for line in block.splitlines())
