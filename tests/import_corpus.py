"""The seed documents imported, set beside the hand-encoded default content.

Input: the five seed documents (../shared/seeds beside the repository, or HANDBOOK_SEEDS) and
docs/regulations/**/*.yaml. Output: per default regulation its articles, the articles of the draft
`handbook import` proposes for the same seed heading, and whether they are the same; beside them
the provisions (an article with clauses counted once per clause), which agree where the editor
made articles of what the document numbers as clauses, or the other way round.
`python -m tests.import_corpus [--drafts]` imports the seeds into a temporary project and prints
the table (with --drafts, also where each draft was cut); the test suite asserts on the same rows.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from opencc import OpenCC

REPO = Path(__file__).parent.parent
MINI = Path(__file__).parent / "resources" / "mini"
_t2s = OpenCC("t2s").convert


def seeds_folder() -> Path:
    """The seed documents: $HANDBOOK_SEEDS, else shared/seeds in the nearest folder above the
    repository that has one (a git worktree sits deeper than the main checkout)."""
    if os.environ.get("HANDBOOK_SEEDS"):
        return Path(os.environ["HANDBOOK_SEEDS"])
    for parent in REPO.resolve().parents:
        if (parent / "shared" / "seeds").is_dir():
            return parent / "shared" / "seeds"
    return REPO.parent / "shared" / "seeds"


SEEDS = seeds_folder()


def article_count(regulation: dict) -> int:
    return sum(len(chapter["articles"]) for chapter in regulation["chapters"])


def provision_count(regulation: dict) -> int:
    """Articles, an article with clauses counted once per clause: the numbered provisions whichever
    level the editor (or the import) made articles of."""
    return sum(max(1, len(article.get("clauses", []))) for chapter in regulation["chapters"] for article in chapter["articles"])


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000:：,，。]+", "", _t2s(text))


def _same_heading(a: str, b: str) -> bool:
    """The same heading, or one the start of the other (a web page cut the line, or the default
    content cut a long first line); '客户管理制度1' is not the start of '客户管理制度13'."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 8 and long_.startswith(short) and not long_[len(short)].isdigit()


@dataclass
class Row:
    id: str
    title: str
    expected: int
    found: int | None
    draft: str
    provisions: int = 0
    provisions_found: int | None = None

    @property
    def same(self) -> bool:
        return self.expected == self.found


def chapters_text(regulation: dict) -> str:
    """Every title, text, clause and item of the chapters, one string."""
    parts = []
    for chapter in regulation["chapters"]:
        parts.append(chapter.get("title", ""))
        for article in chapter["articles"]:
            parts += [article.get("title", ""), article.get("text", "")]
            for clause in article.get("clauses", []):
                clause = clause if isinstance(clause, dict) else {"text": clause}
                parts += [clause.get("text", ""), *clause.get("items", [])]
    return "".join(parts)


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\w]|_", "", _t2s(text))
    return {text[i:i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two texts' character pairs (0..1), script and punctuation ignored."""
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x or y else 0.0


def comparison(drafts: list[dict], repo: Path = REPO) -> list[Row]:
    """A row for every default regulation. The candidates are the drafts one of whose source
    headings is one of the default's (the same heading, or else one the start of the other);
    the draft whose text is closest to the default's is its match. Several defaults share one
    heading (001's 客户服务管理制度 heads two regulations), so the text decides, not the title."""
    texts = {id(d): chapters_text(d) for d in drafts}
    rows = []
    for path in sorted(repo.glob("docs/regulations/**/*.yaml")):
        default = yaml.safe_load(path.read_text(encoding="utf-8"))
        sources = [(s["seed"], _norm(s["heading"])) for s in default.get("sources", [])]
        headings = lambda d: [(s["seed"], _norm(s["heading"])) for s in d["sources"]]
        candidates = [d for d in drafts if set(headings(d)) & set(sources)] or [
            d for d in drafts
            if any(seed == s and _same_heading(h, heading) for seed, heading in sources for s, h in headings(d))
        ]
        own = chapters_text(default)
        match = max(candidates, key=lambda d: similarity(own, texts[id(d)]), default=None)
        rows.append(Row(default["id"], default["title"], article_count(default),
                        article_count(match) if match else None, match["title"] if match else "—",
                        provision_count(default), provision_count(match) if match else None))
    return rows


def drafts_in(folder: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))]


def import_seeds(root: Path):
    """Copy the small test project to `root` and import every seed document into it."""
    from tests.helpers import run_handbook

    shutil.copytree(MINI, root)
    return run_handbook("import", *sorted(SEEDS.glob("*.txt")), "--root", root)


def table(rows: list[Row], drafts: int) -> str:
    width = max(len(r.id) for r in rows)
    lines = [f"{'':2}{'regulation':<{width}} {'default':>7} {'import':>6}  {'provisions':>10}  title  ← draft"]
    for r in rows:
        mark = "=" if r.same else " "
        found = r.found if r.found is not None else "—"
        provisions = f"{r.provisions}/{r.provisions_found if r.provisions_found is not None else '—'}"
        lines.append(f"{mark:2}{r.id:<{width}} {r.expected:>7} {found:>6}  {provisions:>10}  {r.title}  ← {r.draft}")
    found = [r for r in rows if r.found is not None]
    same = [r for r in rows if r.same]
    near = [r for r in found if abs(r.found - r.expected) <= max(1, r.expected // 5)]
    either = [r for r in rows if r.same or r.provisions == r.provisions_found]
    lines.append(f"{len(rows)} default regulations; {len(found)} found by import; same article count: {len(same)} "
                 f"({100 * len(same) // len(rows)} %); within 20 %: {len(near)}; same articles or same provisions: "
                 f"{len(either)} ({100 * len(either) // len(rows)} %); {drafts} drafts in all")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", action="store_true", help="also list every draft with its articles and lines")
    args = parser.parse_args(argv)
    if not any(SEEDS.glob("*.txt")):
        print(f"the seed documents are not at {SEEDS} (set HANDBOOK_SEEDS)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        result = import_seeds(Path(tmp) / "project")
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        drafts = drafts_in(Path(tmp) / "project" / "docs" / "regulations" / "imported")
    if args.drafts:
        for d in sorted(drafts, key=lambda d: (d["sources"][0]["seed"], d["editor_notes"][0])):
            print(f"{article_count(d):>4}  {d['sources'][0]['seed'][:3]}  {d['title']}  |  {d['editor_notes'][0][18:60]}")
    print(table(comparison(drafts), len(drafts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
