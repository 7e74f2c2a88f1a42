"""Training: reading times and quizzes from the content, track pages and quizzes on the site (real browser)."""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from generator.errors import HandbookError
from generator.loader import load
from generator.model import Question
from generator.training import article_text, shuffled, track_view

from tests.helpers import RESOURCES, edit, site_url

TRACK_URL = "/training/cs-agent.html"


def test_reading_time_and_quiz_come_from_the_content():
    book = load(RESOURCES / "mini")
    view = track_view(book, book.tracks["cs-agent"])
    reg = book.regulations["complaint-handling"]
    chars = sum(len(article_text(a)) for a in reg.articles())
    assert view.readings[0].minutes == max(1, math.ceil(chars / 300))
    assert view.readings[1].label == "QC小组活动办法 第一条　活动频次"
    # no quiz listed: every question on the readings (the qc regulation has none)
    assert [q.question.id for q in view.questions] == ["domestic-days", "overdue-steps", "purpose-tf"]


def test_track_page_lists_readings_and_quiz(mini_site):
    page = BeautifulSoup((mini_site / "site/training/cs-agent.html").read_text(encoding="utf-8"), "html.parser")
    items = page.select(".track-readings li")
    assert [li.a.get_text(strip=True) for li in items] == ["客诉处理办法", "QC小组活动办法 第一条　活动频次"]
    assert items[1].a["href"] == "../regulations/quality/qc.html#a-activity"
    assert "客诉的受理与结案时限" in items[0].get_text()
    assert len(page.select("form.quiz fieldset.question")) == 3
    links = [a["href"] for a in page.select(".feedback a")]
    assert links[0] == "../regulations/complaints/complaint-handling.html#a-closing"
    assert (mini_site / "site/regulations/complaints/complaint-handling.html").exists()
    downloads = [a["href"] for a in page.select(".track-downloads a")]
    assert downloads == [
        "../print/cs-agent-signoff.pdf", "../print/cs-agent-signoff-fillable.pdf", "../print/cs-agent-quiz.pdf",
        "../print/cs-agent-quiz-fillable.pdf", "../print/cs-agent-answers.pdf",
    ]
    assert all((mini_site / "site/training" / d).resolve().exists() for d in downloads)


@pytest.mark.parametrize("where", ["http", "file"])
def test_progress_is_kept_after_reload(mini_site, serve_dir, page, where):
    page.goto(site_url(mini_site / "site", where, serve_dir) + TRACK_URL)
    boxes = page.locator("input.track-item")
    assert page.locator(".track-done").inner_text() == "0"
    boxes.nth(1).check()
    assert page.locator(".track-done").inner_text() == "1"
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator("input.track-item").nth(1).is_checked()
    assert not page.locator("input.track-item").nth(0).is_checked()
    assert page.locator(".track-done").inner_text() == "1"


@pytest.mark.parametrize("where", ["http", "file"])
def test_quiz_scores_wrong_and_right_answers(mini_site, serve_dir, page, where):
    page.goto(site_url(mini_site / "site", where, serve_dir) + TRACK_URL)
    q = lambda n: page.locator(f"#q-{n}")

    def pick(n, text):  # options are shuffled: choose them by their text, as a reader does
        q(n).locator("label", has_text=text).locator("input").check()

    html = page.content()
    assert "十五天内结案，国外" not in html and "正确答案" not in html  # answers are not readable before 交卷
    pick(1, "十五天")                                   # right
    page.locator(".quiz-submit").click()              # two questions unanswered: nothing is scored
    assert page.locator(".quiz-missing").inner_text() == "还有 2 题未作答（第 2、3 题），请作答后再交卷。"
    assert page.locator(".quiz-result").inner_text() == "" and "unanswered" in q(2).get_attribute("class")
    pick(2, "填写催办单")                                # only one of two: wrong
    pick(3, "错误")                                     # wrong
    page.locator(".quiz-submit").click()
    result = page.locator(".quiz-result").inner_text()
    assert result.startswith("得分 33 分（答对 1 / 3 题），未通过")
    assert page.locator(".quiz-missing").is_hidden()
    assert "wrong" in q(2).get_attribute("class") and "correct" in q(1).get_attribute("class")
    feedback = q(2).locator(".feedback")
    letters = "".join(
        label.split(".")[0].strip() for label in q(2).locator("label").all_inner_texts() if "催办单" in label or "报总经理" in label
    )
    assert feedback.is_visible() and f"正确答案：{''.join(sorted(letters))}。逾期未结案的" in feedback.inner_text()
    feedback.locator("a").click()
    page.wait_for_load_state()
    assert page.url.endswith("/regulations/complaints/complaint-handling.html#a-closing")
    page.go_back()
    page.locator(".quiz-reset").click()
    pick(1, "十五天")
    pick(2, "填写催办单")
    pick(2, "报总经理")
    pick(3, "正确")
    page.locator(".quiz-submit").click()
    assert page.locator(".quiz-result").inner_text().startswith("得分 100 分（答对 3 / 3 题），已通过")


@pytest.mark.parametrize(
    "path, old, new, message",
    [
        ("docs/regulations/complaint-handling.yaml", "    answer: B\n", "    answer: D\n", "answer 'D' must use the option letters ABC"),
        ("docs/regulations/complaint-handling.yaml", "    article: purpose\n    explanation", "    article: purpos\n    explanation",
         "unknown article 'purpos' in regulation 'complaint-handling' (did you mean 'purpose'?)"),
        ("docs/training/cs-agent.yaml", "article: qc#activity", "article: qc#activty", "unknown article 'activty' in regulation 'qc' (did you mean 'activity'?)"),
        ("docs/training/cs-agent.yaml", "role: cs-agent", "role: cs-agnt", "unknown role 'cs-agnt' (did you mean 'cs-agent'?)"),
        ("docs/training/cs-agent.yaml", "note: QC小组活动频次。", "note: QC小组活动频次。\nquiz: [complaint-handling#domestic-day]",
         "unknown question 'domestic-day' in regulation 'complaint-handling' (did you mean 'domestic-days'?)"),
    ],
)
def test_training_reference_errors(mini, path, old, new, message):
    edit(mini / path, old, new)
    with pytest.raises(HandbookError) as info:
        load(mini)
    found = [str(p) for p in info.value.problems]
    assert len(found) == 1 and found[0].startswith(path + ":") and found[0].endswith(message), found


def test_options_are_shuffled_the_same_way_every_build_and_the_answer_follows():
    book = load(RESOURCES / "mini")
    first = track_view(book, book.tracks["cs-agent"]).questions
    again = track_view(load(RESOURCES / "mini"), book.tracks["cs-agent"]).questions
    assert [(q.options, q.answer) for q in first] == [(q.options, q.answer) for q in again]
    for item in first:
        original = item.question
        if original.type == "truefalse":
            assert item.answer == ("T" if original.answer else "F") and item.options == []
            continue
        assert sorted(item.options) == sorted(original.options)
        shown = {item.options[ord(letter) - ord("A")] for letter in item.answer}
        assert shown == {original.options[ord(letter) - ord("A")] for letter in original.answer}
    options = [f"选项{i}" for i in range(4)]
    orders = {tuple(shuffled(f"r#q{i}", Question(id="q", type="single", question="?", options=options, answer="A",
                                                 article="a", explanation="."))[0]) for i in range(12)}
    assert len(orders) > 4  # different questions get different orders


def test_right_answers_are_spread_over_the_letters_in_the_default_quizzes():
    from tests.helpers import REPO

    book = load(REPO)
    letters = [q.answer for t in book.tracks.values() for q in track_view(book, t).questions if q.question.type == "single"]
    counts = {letter: letters.count(letter) for letter in "ABCD"}
    assert letters and max(counts.values()) <= 0.4 * len(letters), counts
