"""Bad input and interruptions, as a careless or hostile editor would cause them: every problem
becomes path:line:col with exit 2 and no traceback, nothing reaches an unsafe loader, no request
leaves the origin, and a build killed at any moment leaves the previous one usable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import build_all
from generator.errors import HandbookError
from generator.loader import load

from tests import fuzz
from tests.helpers import REPO, edit, run_handbook

REG = "docs/regulations/complaint-handling.yaml"


def problems(root: Path) -> list[str]:
    with pytest.raises(HandbookError) as caught:
        load(root)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("effective: 2024-03-01", "effective: 2024-02-30", "5:12: effective: '2024-02-30' is not a valid date (day is out of range for month)"),
        ("effective: 2024-03-01", "effective: 2024-13-01", "5:12: effective: '2024-13-01' is not a valid date (month must be in 1..12)"),
        ("version: \"1.0\"", "version: 0x_", "is not a valid number"),
        ("title: 客诉处理办法", "title: &t [a, *t]", "an alias refers to the collection it is part of (a loop)"),
        ("title: 客诉处理办法", "title: 客诉\x0c处理办法", "character U+000C is not allowed in YAML (a control character)"),
        ("title: 客诉处理办法", 'title: "客诉\\x01处理办法"', "control character U+0001 is not allowed in text"),
    ],
)
def test_bad_values_are_problems_with_a_position(mini, old, new, message):
    edit(mini / REG, old, new)
    found = problems(mini)
    assert len(found) == 1 and found[0].startswith(f"{REG}:") and message in found[0], found


@pytest.mark.parametrize("days", [".nan", ".inf", "-.inf", "1e400", "-3"])
def test_days_must_be_a_real_number_of_days(mini, days):
    text = (mini / REG).read_text(encoding="utf-8")
    assert "days: 15" in text
    edit(mini / REG, "days: 15", f"days: {days}")
    found = problems(mini)
    assert len(found) == 1 and "days" in found[0], found


@pytest.mark.parametrize("content", ["", "---\n", "~\n", "# nothing\n"])
def test_an_empty_regulation_file_is_a_problem(mini, content):
    (mini / "docs/regulations/empty.yaml").write_text(content, encoding="utf-8")
    found = problems(mini)
    assert len(found) == 1 and found[0].startswith("docs/regulations/empty.yaml:"), found


def test_special_files_are_named_not_followed(mini):
    folder = mini / "docs/regulations"
    (folder / "dangling.yaml").symlink_to(mini / "nowhere.yaml")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    (folder / "old.yaml").mkdir()
    os.mkfifo(folder / "pipe.yaml")
    (folder / "sub").symlink_to(folder)  # a folder link back up: must not be walked forever
    started = time.perf_counter()
    found = problems(mini)
    assert time.perf_counter() - started < 5
    assert sorted(p.split(":", 1)[0] for p in found) == [f"docs/regulations/{n}.yaml" for n in ("dangling", "loop", "old", "pipe")]
    assert all("cannot read" in p for p in found)


def test_an_alias_bomb_is_refused_quickly(mini):
    (mini / "docs/regulations/bomb.yaml").write_text(fuzz.BOMB, encoding="utf-8")
    started = time.perf_counter()
    found = problems(mini)
    assert time.perf_counter() - started < 5
    assert any("expands to more than" in p for p in found)


def test_one_mistake_in_a_registry_is_one_problem(mini):
    edit(mini / "docs/roles/roles.yaml", "kind: department", "kind: departmnt")
    found = problems(mini)
    assert len(found) == 1 and "roles[0].kind" in found[0], found


def test_messages_are_printed_exactly_as_written(mini):
    key = "[/red]:100: :smile: [bold]x"
    edit(mini / REG, "summary:", f'"{key}": 1\nsummary:')
    result = run_handbook("check", "--root", mini)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"unknown field '{key}'" in result.stderr
    assert "\x1b[" not in result.stderr and "💯" not in result.stderr and "😄" not in result.stderr


def test_content_never_reaches_an_unsafe_loader_or_a_cdn(mini, serve_dir, page):
    edit(mini / REG, "title: 客诉处理办法", 'title: "__python_name__:os.getcwd 客诉:smile:办法"')
    site = build_all(mini, prints=False)
    config = (mini / "build/project/mkdocs.yml").read_text(encoding="utf-8")
    assert "!!python/name:os" not in config and config.count("!!python/name:") == 2  # the generator's own two
    html = (site / "regulations/complaints/complaint-handling.html").read_text(encoding="utf-8")
    assert "__python_name__:os.getcwd 客诉:smile:办法" in html and "cdn.jsdelivr" not in html
    assert '<img alt="😄"' not in html and ":smile:" in html  # the shortcode stays text; the theme's own icons are inline SVG
    server = serve_dir(site)
    page.goto(server.url + "/regulations/complaints/complaint-handling.html")
    page.wait_for_load_state("networkidle")
    assert [u for u in page.requests_seen if not u.startswith(server.url) and not u.startswith("data:")] == []
    assert ":smile:" in page.locator("article h1").inner_text()


def test_sidebar_titles_show_quotes_once(mini):
    edit(mini / REG, "title: 结案期限", 'title: "结案期限（\\"十五天\\"）"')
    site = build_all(mini, prints=False)
    html = (site / "regulations/complaints/complaint-handling.html").read_text(encoding="utf-8")
    assert "&amp;#34;" not in html and "&#34;十五天" not in html
    from bs4 import BeautifulSoup

    toc = BeautifulSoup(html, "html.parser").select_one("nav.md-nav--secondary").get_text()
    assert '结案期限（"十五天"）' in toc  # the title is there, with its quotes shown once


FILL = 'customer: "华东精密😀"\nreceived: 2024-02-30\n'


def test_fill_problems_are_named_and_nothing_is_written(mini, tmp_path):
    data = tmp_path / "data.yaml"
    data.write_text(FILL, encoding="utf-8")
    out = tmp_path / "out.pdf"
    result = run_handbook("fill", "complaint-sheet", data, "-o", out, "--root", mini)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{data}:1:11: customer: the form's font has no glyph for 😀 (U+1F600)" in result.stderr
    assert f"{data}:2:11: received: '2024-02-30' is not a valid date" in result.stderr
    assert "got None" not in result.stderr  # one problem per mistake
    assert not out.exists()
    missing = run_handbook("fill", "complaint-sheet", tmp_path / "nope.yaml", "-o", out, "--root", mini)
    assert missing.returncode == 2 and "cannot read" in missing.stderr and "Traceback" not in missing.stderr
    data.write_text("customer: 华东\n", encoding="utf-8")
    folder = run_handbook("fill", "complaint-sheet", data, "-o", tmp_path, "--root", mini)
    assert folder.returncode == 2 and "this is a folder" in folder.stderr and "Traceback" not in folder.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_extract_problems_are_named(mini, tmp_path):
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("hello", encoding="utf-8")
    result = run_handbook("extract", not_pdf, tmp_path / "missing.pdf", "--root", mini)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "cannot read" in result.stderr
    data = tmp_path / "data.yaml"
    data.write_text("defect_qty: 12\n", encoding="utf-8")
    filled = tmp_path / "filled.pdf"
    assert run_handbook("fill", "complaint-sheet", data, "-o", filled, "--root", mini).returncode == 0
    import pikepdf

    with pikepdf.open(filled, allow_overwriting_input=True) as pdf:  # someone typed 12件 into the number box
        for field in pdf.Root.AcroForm.Fields:
            if str(field.T) == "defect_qty":
                field.V = pikepdf.String("12件")
        pdf.save(filled)
    typed = run_handbook("extract", filled, "--root", mini)
    assert typed.returncode == 2 and "'defect_qty'" in typed.stderr and "'12件', not a number" in typed.stderr
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(filled.read_bytes()[:2000])
    cut = run_handbook("extract", truncated, "--root", mini)
    assert cut.returncode == 2 and "Traceback" not in cut.stderr


def test_the_fuzz_corpus_ends_in_problems_never_in_a_traceback_or_a_hang():
    outcomes = fuzz.fuzz(cases=100_000, seed=int(os.environ.get("FUZZ_SEED", "7")), seconds=40)
    failed = [f"{o.family} on {o.source}: {o.failure}" for o in outcomes if o.failure]
    assert len(outcomes) > 500 and failed == []


def _build(root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build", "--root", str(root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def test_a_build_killed_at_any_moment_leaves_the_last_good_one(mini):
    assert _build(mini).wait(timeout=300) == 0
    site = mini / "build/site"
    good = (site / "index.html").read_text(encoding="utf-8")
    edit(mini / REG, "title: 客诉处理办法", "title: 客诉处理办法（修订）")
    seen = []
    for delay in (0.5, 1.5, 3.0, 4.5, 6.0):
        process = _build(mini)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen.append((site / "index.html").read_text(encoding="utf-8"))  # the old home page, or the new one if it finished
        page = (site / "regulations/complaints/complaint-handling.html").read_text(encoding="utf-8")
        assert "客诉处理办法" in page and "</html>" in page  # the old or the new version, whole
        manifest = mini / "build/.cache/manifest.json"
        if manifest.exists():
            manifest.write_bytes(b'{"form:compl')  # as a kill in mid-write would leave it
    assert _build(mini).wait(timeout=300) == 0
    new = (site / "index.html").read_text(encoding="utf-8")
    assert new != good and all(home in (good, new) for home in seen)
    leftovers = [p.name for p in (mini / "build").iterdir() if p.name.startswith((".staging-", ".trash-"))]
    assert leftovers == []
    assert "客诉处理办法（修订）" in (site / "regulations/complaints/complaint-handling.html").read_text(encoding="utf-8")
    for pdf in (mini / "build").rglob("*.pdf"):
        assert subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True).returncode == 0, pdf
