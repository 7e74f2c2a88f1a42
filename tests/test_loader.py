"""Every kind of bad input is reported as path:line:col, all in one run, exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import HandbookError
from generator.loader import load

from tests.helpers import edit, run_handbook

REG = "docs/regulations/complaint-handling.yaml"


def problems(root: Path) -> list[str]:
    with pytest.raises(HandbookError) as info:
        load(root)
    return [str(p) for p in info.value.problems]


def line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_mini_project_is_valid(mini):
    book = load(mini)
    assert sorted(book.regulations) == ["complaint-handling", "qc"]
    assert book.roles["sales-dept"].name == "业务部门"


def test_yaml_syntax_error_has_line_and_column(mini):
    edit(mini / REG, "title: 客诉处理办法", "title: [客诉处理办法")
    found = problems(mini)
    assert len(found) == 1
    assert found[0].startswith(f"{REG}:")
    assert "YAML syntax error" in found[0]


def test_wrong_type_points_at_the_value(mini):
    edit(mini / REG, "effective: 2024-03-01", "effective: soon")
    line = line_of(mini, REG, "effective: soon")
    assert problems(mini) == [
        f"{REG}:{line}:12: effective: Input should be a valid date or datetime, input is too short (got 'soon')"
    ]


def test_unknown_key_with_did_you_mean(mini):
    edit(mini / REG, "summary:", "sumary:")
    line = line_of(mini, REG, "sumary:")
    assert problems(mini) == [f"{REG}:{line}:1: sumary: unknown field 'sumary' (did you mean 'summary'?)"]


def test_nested_unknown_key(mini):
    edit(mini / REG, "        title: 目的", "        titel: 目的")
    line = line_of(mini, REG, "titel: 目的")
    assert problems(mini) == [
        f"{REG}:{line}:9: chapters[0].articles[0].titel: unknown field 'titel' (did you mean 'title'?)"
    ]


def test_missing_required_field(mini):
    edit(mini / REG, "topic: complaints\n", "")  # approver, code and effective may be left out; topic may not
    assert problems(mini) == [f"{REG}:1:1: topic: required field is missing"]


def test_duplicate_regulation_id_across_files(mini):
    copy = mini / "docs/regulations/copy.yaml"
    copy.write_text((mini / REG).read_text(encoding="utf-8"), encoding="utf-8")
    assert problems(mini) == [
        f"docs/regulations/copy.yaml:1:5: duplicate regulation id 'complaint-handling' (first defined at {REG}:1)"
    ]


def test_duplicate_article_id(mini):
    edit(mini / REG, "      - id: closing", "      - id: purpose")
    lines = (mini / REG).read_text(encoding="utf-8").splitlines()
    first, second = [i for i, l in enumerate(lines, 1) if l == "      - id: purpose"]
    found = problems(mini)
    assert f"{REG}:{second}:13: duplicate article id 'purpose' (first used on line {first})" in found


def test_duplicate_yaml_key(mini):
    edit(mini / REG, "code: T-KS-001", "code: T-KS-001\ncode: T-KS-002")
    line = line_of(mini, REG, "code: T-KS-002")
    assert problems(mini) == [f"{REG}:{line}:1: duplicate key 'code' (first defined on line {line - 1})"]


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("owner: quality-dept", "owner: quality-dep", "unknown role 'quality-dep' (did you mean 'quality-dept'?)"),
        ("        form: complaint-sheet", "        form: complaint-shet", "unknown form 'complaint-shet' (did you mean 'complaint-sheet'?)"),
        ("    article: closing\n  - what: 国外", "    article: closing2\n  - what: 国外",
         "unknown article 'closing2' in regulation 'complaint-handling' (did you mean 'closing'?)"),
        ("terms: [complaint]", "terms: [complain]", "unknown glossary term 'complain' (did you mean 'complaint'?)"),
        ("topic: complaints", "topic: complaint", "unknown topic 'complaint' (did you mean 'complaints'?)"),
    ],
)
def test_broken_reference_in_regulation(mini, old, new, message):
    edit(mini / REG, old, new)
    needle = new.splitlines()[0].strip()
    line = line_of(mini, REG, needle)
    found = problems(mini)
    assert len(found) == 1
    path, got_line, _col, got = found[0].split(":", 3)
    assert (path, int(got_line), got.strip()) == (REG, line, message)


def test_broken_references_in_other_files(mini):
    edit(mini / "docs/regulations/qc.yaml", "related: [complaint-handling]", "related: [complaint-handlin]")
    edit(mini / "forms/complaint-sheet.yaml", "regulation: complaint-handling", "regulation: complaints")
    edit(mini / "docs/glossary/terms.yaml", "complaint-handling#purpose", "complaint-handling#purpos")
    found = problems(mini)
    assert found == [
        "docs/glossary/terms.yaml:5:11: unknown article 'purpos' in regulation 'complaint-handling' (did you mean 'purpose'?)",
        "docs/regulations/qc.yaml:8:11: unknown regulation 'complaint-handlin' (did you mean 'complaint-handling'?)",
        "forms/complaint-sheet.yaml:4:13: unknown regulation 'complaints' (did you mean 'complaint-handling'?)",
    ]


def test_python_tags_are_refused(mini, tmp_path):
    marker = tmp_path / "pwned"
    (mini / "docs/regulations/evil.yaml").write_text(
        f"!!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    found = problems(mini)
    assert found == [
        "docs/regulations/evil.yaml:1:1: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"
    ]
    assert not marker.exists()


def test_all_problems_in_one_run_exit_2_no_traceback(mini):
    edit(mini / REG, "effective: 2024-03-01", "effective: soon")
    edit(mini / "docs/regulations/qc.yaml", "owner: quality-dept", "owner: nobody")
    (mini / "docs/regulations/broken.yaml").write_text("id: [\n", encoding="utf-8")
    result = run_handbook("check", "--root", mini)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    lines = [l for l in result.stderr.splitlines() if l.startswith("docs/")]
    assert len(lines) == 3
    assert any(l.startswith(f"{REG}:") and "effective" in l for l in lines)
    assert any(l.startswith("docs/regulations/qc.yaml:") and "unknown role 'nobody'" in l for l in lines)
    assert any(l.startswith("docs/regulations/broken.yaml:") for l in lines)
    assert "3 problem(s) found" in result.stderr


def test_failed_build_leaves_previous_site_untouched(mini):
    assert run_handbook("build", "--root", mini).returncode == 0
    index = mini / "build/site/index.html"
    page = mini / "build/site/regulations/complaints/complaint-handling.html"
    before = (index.read_bytes(), page.read_bytes())
    edit(mini / REG, "title: 客诉处理办法", "title: 新标题\nbogus: 1")
    result = run_handbook("build", "--root", mini)
    assert result.returncode == 2
    assert "unknown field 'bogus'" in result.stderr
    assert (index.read_bytes(), page.read_bytes()) == before
    assert not list((mini / "build").glob(".staging-*"))


def test_folded_lines_do_not_leave_spaces_between_chinese_characters(mini):
    edit(mini / REG, "summary: 客诉须在规定期限内结案。", "summary: 客诉须在规定\n  期限内结案，适用 ISO 9001\n  标准。")
    assert load(mini).regulations["complaint-handling"].summary == "客诉须在规定期限内结案，适用 ISO 9001 标准。"


def test_search_settings_are_checked_like_every_other_file(mini):
    (mini / "docs/search.yaml").write_text("dictionary: [客诉]\nsynonyms:\n  - [投诉]\nstopword: [吗]\n", encoding="utf-8")
    assert problems(mini) == [
        "docs/search.yaml:3:5: synonyms[0]: List should have at least 2 items after validation, not 1",
        "docs/search.yaml:4:1: stopword: unknown field 'stopword' (did you mean 'stopwords'?)",
    ]
    (mini / "docs/search.yaml").write_text("synonyms:\n  - [投诉, 客诉]\n", encoding="utf-8")
    assert load(mini).search.synonyms == [["投诉", "客诉"]]


def test_a_chooser_names_regulations_and_procedures_that_exist(mini):
    edit(mini / "docs/topics.yaml", "procedure: intake", "procedure: intak")
    assert problems(mini) == [
        "docs/topics.yaml:7:79: unknown procedure 'intak' in regulation 'complaint-handling' (did you mean 'intake'?)"
    ]
