"""The site's quiz in Chromium ends with a result slip whose code the register accepts, saved as
PDF the way a browser prints it; the editor edition shows the 签收情况 page."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.build import build_all
from generator.signoff.records import REGISTER
from generator.signoff.slip import slip_code
from generator.training import track_view
from generator.loader import load

from .project import make_project
from .test_signoff import REGISTER_ROWS, REREAD_V1, run

SHOTS = Path("/work/shots/16")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("slip") / "project")
    (root / REGISTER).write_text(REGISTER_ROWS, encoding="utf-8")
    build_all(root, root / "build-editor", forms=False, prints=False, edition="editor")
    return root


def shot(page, name: str) -> None:
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=False)


def test_quiz_slip_code_is_accepted_by_collect(built, tmp_path, page, serve_dir):
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    server = serve_dir(root / "build-editor" / "site")
    view = track_view(load(root), load(root).tracks["team-leader"])
    page.goto(f"{server.url}/training/team-leader.html")
    assert page.locator(".quiz-slip").is_hidden()
    for n, q in enumerate(view.questions, 1):
        for value in q.answer if q.answer not in ("T", "F") else [q.answer]:
            page.check(f"input[name=q{n}][value={value}]")
    page.click(".quiz-submit")
    page.fill(".slip-id", "E029")
    page.fill(".slip-name", "示例员工29")
    page.click(".slip-make")
    today = dt.date.today().isoformat()
    code = slip_code("team-leader", "v2", "E029", "示例员工29", 100, today)
    assert page.inner_text(".slip-line") == f"HB1 slip team-leader v2 E029 100 {today} {code}"
    assert page.inner_text(".slip-v-code") == code
    page.locator(".slip-card").scroll_into_view_if_needed()
    shot(page, "result-slip-1280.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(".slip-card").scroll_into_view_if_needed()
    shot(page, "result-slip-390.png")
    # 打印结果单 as the browser prints it, saved as PDF (window.print is a no-op when headless)
    page.evaluate("window.print = function () {}")
    page.click(".slip-print")
    saved = tmp_path / "slip.pdf"
    page.pdf(path=str(saved), format="A4")
    result = run("signoff", "collect", str(saved), "-r", str(root))
    assert result.exit_code == 0, result.output
    assert (root / REGISTER).read_text(encoding="utf-8").endswith(
        f"  - {{employee: E029, track: team-leader, edition: 'v2', date: {today}, score: 100, via: slip}}\n")
    # the same slip with another name typed: the code no longer matches the roster's name
    page.fill(".slip-name", "示例员工28")
    page.fill(".slip-id", "E028")
    page.click(".slip-make")
    page.evaluate("document.querySelector('.slip-line').textContent = document.querySelector('.slip-line').textContent.replace(' 100 ', ' 99 ')")
    page.click(".slip-print")
    forged = tmp_path / "forged.pdf"
    page.pdf(path=str(forged), format="A4")
    result = run("signoff", "collect", str(forged), "-r", str(root))
    assert result.exit_code == 2 and "the verification code" in result.output


def test_editor_report_page(built, page, serve_dir):
    server = serve_dir(built / "build-editor" / "site")
    page.goto(f"{server.url}/signoff.html")
    assert page.title().startswith("签收情况")
    headings = [h.rstrip("¶") for h in page.locator("article h2").all_inner_texts()]
    assert headings[:2] == ["各班组完成率", "须重读（5）"]
    table = page.locator("article h2:has-text('须重读') ~ *:has(table)").first  # Material wraps tables
    reread = table.locator("tbody tr td:first-child").all_inner_texts()
    assert sorted(reread) == sorted(REREAD_V1)
    shot(page, "report-page-1280.png")
    page.evaluate("document.querySelector('article h2:nth-of-type(2)').scrollIntoView()")
    shot(page, "report-page-reread-1280.png")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "report-page-390.png")
