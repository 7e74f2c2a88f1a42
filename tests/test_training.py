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
from generator.training import article_text, track_view

from tests.helpers import RESOURCES, edit

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
    assert downloads == ["../print/cs-agent-signoff.pdf", "../print/cs-agent-quiz.pdf", "../print/cs-agent-answers.pdf"]
    assert all((mini_site / "site/training" / d).resolve().exists() for d in downloads)


def test_progress_is_kept_after_reload(mini_site, serve_dir, page):
    server = serve_dir(mini_site / "site")
    page.goto(server.url + TRACK_URL)
    boxes = page.locator("input.track-item")
    assert page.locator(".track-done").inner_text() == "0"
    boxes.nth(1).check()
    assert page.locator(".track-done").inner_text() == "1"
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator("input.track-item").nth(1).is_checked()
    assert not page.locator("input.track-item").nth(0).is_checked()
    assert page.locator(".track-done").inner_text() == "1"


def test_quiz_scores_wrong_and_right_answers(mini_site, serve_dir, page):
    server = serve_dir(mini_site / "site")
    page.goto(server.url + TRACK_URL)
    q = lambda n: page.locator(f"#q-{n}")
    q(1).locator("input[value=B]").check()          # right
    q(2).locator("input[value=A]").check()          # only one of two: wrong
    q(3).locator("input[value=F]").check()          # wrong
    page.locator(".quiz-submit").click()
    result = page.locator(".quiz-result").inner_text()
    assert result.startswith("得分 33 分（答对 1 / 3 题），未通过")
    assert "wrong" in q(2).get_attribute("class") and "correct" in q(1).get_attribute("class")
    feedback = q(2).locator(".feedback")
    assert feedback.is_visible() and "正确答案：AB" in feedback.inner_text()
    feedback.locator("a").click()
    page.wait_for_load_state()
    assert page.url.endswith("/regulations/complaints/complaint-handling.html#a-closing")
    page.go_back()
    page.locator(".quiz-reset").click()
    q(1).locator("input[value=B]").check()
    q(2).locator("input[value=A]").check()
    q(2).locator("input[value=B]").check()
    q(3).locator("input[value=T]").check()
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
