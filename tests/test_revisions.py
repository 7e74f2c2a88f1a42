"""Editions and the revision table: three editions as tagged commits in a temporary git
repository (an article inserted, a deadline changed, a clause reworded, an article removed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.editions import EditionError, compare, editions, load_edition

from .revision_repo import three_editions


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return three_editions(tmp_path_factory.mktemp("editions"))


@pytest.fixture(scope="module")
def books(repo):
    return {e.name: load_edition(repo, e.name) for e in editions(repo)}


def test_editions_are_the_tags_oldest_first(repo):
    found = editions(repo)
    assert [(e.name, e.date) for e in found] == [
        ("v2025.1", dt.date(2025, 1, 1)), ("v2025.2", dt.date(2025, 2, 20)), ("v2025.3", dt.date(2025, 5, 20)),
    ]
    assert all(len(e.rev) == 40 for e in found)


def test_no_git_no_editions(mini):
    assert editions(mini) == []


def test_an_unknown_revision_is_a_clear_error(repo):
    with pytest.raises(EditionError) as caught:
        load_edition(repo, "v2024.9")
    assert str(caught.value) == "git:1:1: unknown revision 'v2024.9' (editions: v2025.1, v2025.2, v2025.3)"


def test_an_edition_is_the_yaml_at_that_revision(books):
    assert books["v2025.1"].articles[("complaint-handling", "closing")].text.startswith("国内客诉应于十五天内结案")
    assert books["v2025.2"].articles[("complaint-handling", "closing")].text.startswith("国内客诉应于十天内结案")
    assert ("complaint-handling", "acceptance") not in books["v2025.3"].articles


def test_inserted_article_and_changed_deadline_row_by_row(books):
    (change,) = compare(books["v2025.1"], books["v2025.2"])
    assert (change.reg_id, change.title, change.status, change.substantive) == (
        "complaint-handling", "客诉处理办法", "changed", True)
    rows = [(a.article_id, a.old_label, a.new_label, a.status, a.substantive) for a in change.articles]
    assert rows == [
        ("acceptance", None, "第二条", "inserted", True),
        ("closing", "第二条", "第三条", "modified", True),
        ("interpretation", "第三条", "第四条", "renumbered", False),
    ]
    inserted, closing, moved = change.articles
    assert inserted.old_text is None and inserted.new_text == "受理 客户抱怨由业务部门统一受理，并于当日登记。"
    assert inserted.note == "新增第二条（实质性修订）"
    assert ("delete", "五") in closing.marks() and all(op != "insert" for op, _ in closing.marks())
    assert closing.note == "修改第三条，条序由第二条调整为第三条（实质性修订：数字由“十五”改为“十”）"
    assert moved.old_text == moved.new_text and moved.note == "条文未改，条序由第三条调整为第四条（文字性修改）"
    assert closing.roles == {"sales-dept"}  # the duty and deadlines citing 结案期限
    assert inserted.roles == {"sales-dept", "cs-agent"}  # nothing cites 受理: the audience
    items = [(i.kind, i.text, i.substantive, sorted(i.roles)) for i in change.items]
    assert items == [
        ("step", "流程《客诉受理流程》第2步的时限由“三个工作日内”改为“两个工作日内”", True, ["quality-dept"]),
        ("deadline", "“国内客诉结案”的时限由“十五天内”改为“十天内”", True, ["sales-dept"]),
        ("penalty", "“逾期未结案”的处罚由“扣绩效奖金百分之十”改为“扣绩效奖金百分之二十”", True, ["sales-dept"]),
    ]
    assert change.affected_roles == {"sales-dept", "cs-agent", "quality-dept"}


def test_reworded_clause_is_editorial_and_removed_article_substantive(books):
    (change,) = compare(books["v2025.2"], books["v2025.3"])
    rows = [(a.article_id, a.old_label, a.new_label, a.status, a.substantive) for a in change.articles]
    assert rows == [
        ("acceptance", "第二条", None, "deleted", True),
        ("closing", "第三条", "第二条", "modified", False),
        ("interpretation", "第四条", "第三条", "renumbered", False),
    ]
    deleted, closing, _ = change.articles
    assert deleted.note == "删除原第二条（实质性修订）" and deleted.new_text is None
    assert closing.note == "修改第二条，条序由第三条调整为第二条（文字性修改）"
    assert [(op, t) for op, t in closing.marks() if op != "equal"] == [("delete", "追"), ("insert", "跟")]
    assert closing.roles == frozenset() and change.items == []
    assert change.substantive and change.affected_roles == {"sales-dept", "cs-agent"}


def test_unchanged_handbooks_compare_empty_and_added_regulation(books, repo):
    assert compare(books["v2025.3"], books["v2025.3"]) == []
    old = books["v2025.1"]
    qc = old.regulations.pop("qc")
    try:
        (added,) = compare(old, books["v2025.2"])[1:]
    finally:
        old.regulations["qc"] = qc
    assert (added.reg_id, added.status, added.substantive) == ("qc", "added", True)
    assert [a.status for a in added.articles] == ["inserted"]
