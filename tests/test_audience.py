"""Audience editions: what is marked for managers or editors is absent from the staff edition.

The leakage test plants a unique marker in restricted content of every kind in a copy of the
default project, builds the staff edition as `handbook build` does, and reads every byte of the
output: HTML, JSON, JS, XML, SVG as text, every PDF decompressed (qpdf) and its extracted text
(pypdf). Markers planted in visible content of the same kinds prove the scan finds what is there.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from generator.audience import for_edition
from generator.publish import build_editions
from generator.loader import load

from .helpers import REPO

# marker → what it was planted in; ids of restricted things are markers too (a link would carry them)
HIDDEN = {
    "LKQREGTITLE": "a manager-only regulation's title",
    "LKQREGART": "an article of that regulation",
    "leak-reg": "that regulation's id (its page address)",
    "LKQFORMTITLE": "the title of a form owned by that regulation",
    "LKQFORMFIELD": "a field label of that form",
    "leak-form": "that form's id (page, PDF and preview names)",
    "LKQCHAPTER": "an article in a manager-only chapter",
    "LKQARTICLE": "a manager-only article's text",
    "leak-article": "that article's id (its anchor)",
    "LKQCLAUSE": "a manager-only clause",
    "LKQDUTY": "a manager-only duty",
    "LKQPROC": "a manager-only procedure's title",
    "LKQSTEP": "a manager-only step of a visible procedure",
    "LKQDEADLINE": "a manager-only deadline",
    "LKQTIED": "a deadline tied to the manager-only article",
    "LKQSANCTION": "a manager-only sanction (a penalty amount)",
    "LKQQUIZ": "a manager-only quiz question",
    "LKQTERM": "a manager-only glossary term",
    "leak-term": "that term's id (its anchor)",
    "LKQNOTE": "an editor note of a visible regulation",
    "LKQARTNOTE": "an editor's note on a visible article",
}
OPEN = {
    "LKOPENART": "a visible article (control)",
    "LKOPENFIELD": "a field label of a visible form (control)",
    "LKOPENTERM": "a visible glossary term (control)",
}
TEXT_SUFFIXES = {".html", ".json", ".js", ".xml", ".svg", ".css", ".txt", ".md", ".yml"}


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def plant(root: Path) -> None:
    """Restricted content of every kind, and visible controls, in a copy of the default project."""
    m = {"visibility": "manager"}
    (root / "docs/regulations/quality/leak-reg.yaml").write_text(yaml.safe_dump({
        "id": "leak-reg", "title": "LKQREGTITLE 授信额度制度", "topic": "quality", **m,
        "chapters": [{"title": "总则", "articles": [{"id": "limits", "title": "额度", "text": "LKQREGART 单户授信额度上限。"}]}],
        "forms": ["leak-form"],
    }, allow_unicode=True), encoding="utf-8")
    (root / "forms/leak-form.yaml").write_text(yaml.safe_dump({
        "id": "leak-form", "title": "LKQFORMTITLE 授信审批表", "regulation": "leak-reg",
        "sections": [{"fields": [{"id": "limit", "label": "LKQFORMFIELD 额度"}]}],
    }, allow_unicode=True), encoding="utf-8")

    def qc(d):
        d["chapters"].append({"title": "考核细则", **m, "articles": [{"id": "leak-chapter-art", "text": "LKQCHAPTER 考核评分细则。"}]})
        articles = d["chapters"][1]["articles"]
        articles.append({"id": "leak-article", "title": "评分标准", "text": "LKQARTICLE 课题评分标准。", **m})
        articles[0]["clauses"] = list(articles[0].get("clauses", [])) + [{"text": "LKQCLAUSE 审批权限。", **m}]
        articles[0]["text"] = "LKOPENART " + articles[0].get("text", "")
        articles[0]["note"] = "LKQARTNOTE 原文待核。"
        d["duties"].append({"role": "qc-group", "tasks": ["LKQDUTY 审核评分"], **m})
        d["procedures"].append({"id": "leak-proc", "title": "LKQPROC 评审流程", **m, "steps": [{"actor": "qc-group", "action": "评审"}]})
        d["procedures"][0]["steps"].append({"actor": "qc-group", "action": "LKQSTEP 核定奖金", **m})
        d["deadlines"] = d.get("deadlines", []) + [
            {"what": "LKQDEADLINE 评审", "limit": "三天内", **m},
            {"what": "LKQTIED 评分", "limit": "五天内", "article": "leak-article"},
        ]
        d["sanctions"] = d.get("sanctions", []) + [{"kind": "penalty", "condition": "LKQSANCTION 弄虚作假", "consequence": "罚款500元", **m}]
        d["quiz"].append({"id": "leak-q", "type": "truefalse", "question": "LKQQUIZ 评分标准对员工公开。", "answer": False,
                          "article": "leak-article", "explanation": "仅限管理人员。", **m})
        d["editor_notes"] = ["LKQNOTE 待核实。"]
        d["related"] = ["leak-reg"]

    _edit(root / "docs/regulations/quality/qc-group.yaml", qc)

    def glossary(d):
        d["terms"].append({"id": "leak-term", "term": "LKQTERM 授信", "definition": "管理人员用语。", **m})
        d["terms"].append({"id": "open-term", "term": "LKOPENTERM", "definition": "员工用语。", "see": ["leak-reg#limits"]})

    _edit(root / "docs/glossary/core.yaml", glossary)
    _edit(root / "docs/training/new-staff.yaml", lambda d: d["readings"].append({"regulation": "leak-reg"}))

    def form(d):
        d["sections"][0]["fields"][0]["label"] = "LKOPENFIELD " + d["sections"][0]["fields"][0]["label"]

    _edit(root / "forms/qc-activity-record.yaml", form)


def pdf_texts(path: Path, tmp: Path) -> list[str]:
    """A PDF as text: every object decompressed (names, metadata, field tooltips: qpdf), its
    fields' names, values and tooltips (pypdf), and the text of every page (pdftotext)."""
    plain = tmp / "plain.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(path), str(plain)], check=False, capture_output=True)
    texts = [plain.read_bytes().decode("latin-1")]
    fields = PdfReader(path).get_fields() or {}
    texts += [f"{name} {field.get('/TU', '')} {field.get('/V', '')}" for name, field in fields.items()]
    texts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
    return texts


def scan(out: Path, tmp: Path) -> tuple[dict[str, list[str]], dict[str, int]]:
    """marker → files holding it (case-insensitive: the search index is lower-cased), and files per type."""
    found: dict[str, list[str]] = {marker: [] for marker in {**HIDDEN, **OPEN}}
    counts: dict[str, int] = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts):
        kind = path.suffix.lower() or "(none)"
        if path.suffix == ".pdf":
            texts = pdf_texts(path, tmp)
        elif path.suffix == ".gz":
            texts = [gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")]  # sitemap.xml.gz
        elif path.suffix in TEXT_SUFFIXES:
            texts = [path.read_text(encoding="utf-8", errors="replace")]
        else:
            texts = [path.read_bytes().decode("latin-1")]  # images, fonts: the bytes themselves
        counts[kind] = counts.get(kind, 0) + 1
        haystack = "\n".join(texts).lower() + "\n" + str(path.relative_to(out)).lower()
        for marker, files in found.items():
            if marker.lower() in haystack:
                files.append(str(path.relative_to(out)))
    return found, counts


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("leak") / "proj"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns("build", ".git", ".venv", "tests", "__pycache__", "schema"))
    plant(root)
    return root


def test_the_filter_leaves_restricted_content_out_of_the_model(planted):
    book = load(planted)
    staff, manager, editor = (for_edition(book, e) for e in ("staff", "manager", "editor"))
    assert "leak-reg" not in staff.regulations and "leak-reg" in manager.regulations
    assert "leak-form" not in staff.forms and "leak-form" in manager.forms
    assert "leak-term" not in staff.terms and "leak-term" in manager.terms
    qc_staff, qc_manager = staff.regulations["qc-group"], manager.regulations["qc-group"]
    assert ("qc-group", "leak-article") not in staff.articles and ("qc-group", "leak-article") in manager.articles
    assert [d.what for d in qc_staff.deadlines if "LKQ" in d.what] == []
    assert {d.what.split()[0] for d in qc_manager.deadlines if "LKQ" in d.what} == {"LKQDEADLINE", "LKQTIED"}
    assert qc_staff.related == [] and staff.terms["open-term"].see == []
    assert all(r.regulation != "leak-reg" for r in staff.tracks["new-staff"].readings)
    assert qc_manager.editor_notes == [] and editor.regulations["qc-group"].editor_notes == ["LKQNOTE 待核实。"]
    # official numbering is kept: the article after a left-out one keeps its 第X条
    assert staff.article_labels == {k: v for k, v in book.article_labels.items() if k in staff.article_labels}


def test_nothing_restricted_reaches_any_byte_of_the_staff_edition(planted, tmp_path):
    out = planted / "build"
    build_editions(planted, out, edition="staff")
    found, counts = scan(out, tmp_path)
    leaked = {marker: files[:3] for marker, files in found.items() if marker in HIDDEN and files}
    assert not leaked, leaked
    # the controls show the scan reads every kind of output
    assert any(f.endswith(".html") for f in found["LKOPENART"])
    assert any("search" in f for f in found["LKOPENART"])
    assert any(f.startswith("print/") for f in found["LKOPENART"])
    assert any(f.startswith("forms/") and f.endswith(".pdf") for f in found["LKOPENFIELD"])
    assert any(f.endswith("glossary.html") for f in found["LKOPENTERM"])
    print(f"\nleakage test: {len(HIDDEN)} restricted markers planted ({len(OPEN)} visible controls), "
          f"{sum(counts.values())} files scanned: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
