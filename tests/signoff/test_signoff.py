"""Read-and-sign records end to end: a git project with two editions, the shipped fictional
roster (30 people over 4 roles), sign-offs of both editions, real filled PDFs collected into the
register, and the report that names exactly the people a substantive change affects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.forms.fill import fill_pdf
from generator.printing import paper_code
from generator.signoff.commands import open_project, write_sheets
from generator.signoff.records import REGISTER
from generator.signoff.sheets import revision_regulations, revision_sheet, track_sheet
from generator.signoff.slip import slip_code
from generator.signoff.status import DONE, OUTSTANDING, REREAD, role_changes, statuses, team_shares
from generator.training import track_view

from tests.helpers import pdf_text

from .project import REPO, make_project

ROLES = {"cs-agent": range(1, 13), "complaint-handler": range(13, 21), "order-handler": range(21, 27), "team-leader": range(27, 31)}
REGISTER_ROWS = """\
# 培训签收登记
signoffs:
""" + "".join(f"  - {{employee: E{i:03d}, track: cs-agent, edition: v1, date: 2026-01-05, via: sheet}}\n" for i in ROLES["cs-agent"]) + \
    "".join(f"  - {{employee: E{i:03d}, track: new-staff, edition: v1, date: 2026-01-05, via: sheet}}\n" for i in range(1, 31)) + \
    "".join(f"  - {{employee: E{i:03d}, track: complaint-handler, edition: v1, date: 2026-01-06, score: 90, via: quiz}}\n" for i in range(13, 18)) + \
    """\
  - {employee: E018, track: complaint-handler, edition: v2, date: 2026-02-02, via: sheet}
  - {employee: E019, track: complaint-handler, edition: v1, date: 2026-01-06, via: sheet}
  - {employee: E019, regulation: cs-dept-management, edition: v2, date: 2026-02-03, via: revision}
""" + "".join(f"  - {{employee: E{i:03d}, track: order-handler, edition: v1, date: 2026-01-07, via: sheet}}\n" for i in ROLES["order-handler"]) + \
    """\
  - {employee: E027, track: team-leader, edition: v2, date: 2026-02-04, score: 60, via: quiz}
  - {employee: E028, track: team-leader, edition: v2, date: 2026-02-04, score: 85, via: quiz}
"""
REREAD_V1 = {f"E{i:03d}" for i in range(13, 18)}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("signoff") / "project")
    (root / REGISTER).write_text(REGISTER_ROWS, encoding="utf-8")
    return root


@pytest.fixture
def project(base, tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(base, root, symlinks=True)
    return root


@pytest.fixture(scope="module")
def fonts(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fonts")


def report_of(root: Path):
    book, hist, records = open_project(root)
    return book, hist, statuses(book, records, hist.names, hist.changes())


def by_state(rows, state: str) -> set[str]:
    return {r.person.id for r in rows if r.state == state}


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_the_substantive_change_names_exactly_the_affected_people(project):
    book, hist, rows = report_of(project)
    assert hist.names == ["v1", "v2"] and hist.current == "v2"
    reread = [r for r in rows if r.state == REREAD]
    assert {r.person.id for r in reread} == REREAD_V1
    assert {r.track.id for r in reread} == {"complaint-handler"}
    for row in reread:  # only the changed article and the new duty, not the editorial one
        assert [(p.reg_id, p.label) for p in row.pending] == [("cs-dept-management", "第八条"), ("cs-dept-management", "岗位职责")]
        assert "二十四小时" in row.pending[0].text
    # the agents signed v1 too: their duty article changed only in wording
    agent = {r.person.id: r.state for r in rows if r.track.id == "cs-agent"}
    assert set(agent.values()) == {DONE} and len(agent) == 12
    # order handlers read the same regulation whole, but the change is not about their role
    assert {r.state for r in rows if r.track.id == "order-handler"} == {DONE}
    state = {(r.person.id, r.track.id): r for r in rows}
    assert state[("E018", "complaint-handler")].state == DONE  # signed v2 itself
    assert state[("E019", "complaint-handler")].state == DONE  # signed v1, then the 修订学习签收单 of v2
    assert state[("E020", "complaint-handler")].state == OUTSTANDING
    assert state[("E027", "team-leader")].state == OUTSTANDING and state[("E027", "team-leader")].score == 60  # failed quiz
    assert state[("E028", "team-leader")].state == DONE
    assert len(rows) == 60  # 30 people × (their role's track + new-staff)


def test_team_shares(project):
    _, _, rows = report_of(project)
    shares = {s.team: s for s in team_shares(rows)}
    assert set(shares) == {"一组", "二组", "三组"} and sum(s.people for s in shares.values()) == 30
    done = sum(s.done for s in shares.values())
    assert done == sum(r.state == DONE for r in rows) == 60 - 5 - 4  # 5 re-read, E020, E027, E029, E030
    one = shares["一组"]
    assert one.percent == round(100 * one.done / one.total)


def test_report_command_table_and_csv(project):
    result = run("signoff", "report", "-r", str(project))
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.output.splitlines() if "须重读" in ln and ln.strip().startswith("E")]
    assert sorted(ln.split()[0] for ln in lines) == sorted(REREAD_V1)
    assert "各班组完成率" in result.output and "当前版次 v2" in result.output
    csv_text = run("signoff", "report", "--csv", "-r", str(project)).output
    reread = [ln.split(",")[0] for ln in csv_text.splitlines() if ",reread," in ln]
    assert sorted(reread) == sorted(REREAD_V1)


def test_revision_sheet_lists_just_the_changed_articles_for_the_affected_role(project, fonts):
    book, hist, _ = report_of(project)
    changes = hist.changes()["v2"]
    assert role_changes("v2", changes, "cs-agent", revision_regulations(book, "cs-agent")) == []
    assert role_changes("v2", changes, "order-handler", revision_regulations(book, "order-handler")) == []
    written = write_sheets(book, hist, project / "out", fonts, tracks=[])
    revisions = sorted(p.name for p in written if p.name.startswith("revision-"))
    assert revisions == ["revision-complaint-handler-v2.pdf"]
    with pikepdf.open(project / "out" / revisions[0]) as pdf:
        text = b"".join(page.obj.Contents.read_bytes() for page in pdf.pages)
        assert str(pdf.docinfo["/HandbookForm"]) == "revision--complaint-handler@v2"
        assert str(pdf.docinfo["/HandbookRegulations"]) == "cs-dept-management"
        fields = {str(f.T) for f in pdf.Root.AcroForm.Fields}
    assert fields == {"employee_id", "name", "sign", "date"}
    assert text  # rendered pages


def _fill(pdf: bytes, form, values: dict) -> bytes:
    return fill_pdf(pdf, form, values).pdf


def test_fill_collect_report_round_trip(project, fonts):
    book, hist, _ = report_of(project)
    files = project / "filled"
    files.mkdir()
    # E020 signs the complaint handler's sheet of v2
    form, blank = track_sheet(book, "complaint-handler", "signoff", hist.current, fonts)
    (files / "e020.pdf").write_bytes(_fill(blank, form, {"employee_id": "E020", "name": "示例员工20", "sign": "示例员工20", "date": "2026-03-01"}))
    # E029 hands in a quiz paper with every answer right, E030 with the first half wrong
    view = track_view(book, book.tracks["team-leader"])
    form, blank = track_sheet(book, "team-leader", "quiz", hist.current, fonts)
    answers = {f"answer_{i}": ("正确" if q.answer == "T" else "错误" if q.answer == "F" else q.answer) for i, q in enumerate(view.questions, 1)}
    (files / "e029.pdf").write_bytes(_fill(blank, form, {"employee_id": "E029", "name": "示例员工29", "date": "2026-03-02", **answers}))
    half = len(view.questions) // 2
    wrong = dict(answers, **{f"answer_{i}": "Z" for i in range(1, half + 1)})
    (files / "e030.pdf").write_bytes(_fill(blank, form, {"employee_id": "E030", "name": "示例员工30", "date": "2026-03-02", **wrong}))
    # E013 signs the 修订学习签收单 of v2
    pending = role_changes("v2", hist.changes()["v2"], "complaint-handler", revision_regulations(book, "complaint-handler"))
    form, blank = revision_sheet(book, "complaint-handler", "v2", "v1", pending, fonts)
    (files / "e013.pdf").write_bytes(_fill(blank, form, {"employee_id": "E013", "name": "示例员工13", "sign": "示例员工13", "date": "2026-03-03"}))
    result = run("signoff", "collect", *(str(p) for p in sorted(files.iterdir())), "-r", str(project))
    assert result.exit_code == 0, result.output
    assert "4 row(s) appended" in result.output
    text = (project / REGISTER).read_text(encoding="utf-8")
    assert text.startswith(REGISTER_ROWS)  # kept as it was, comments included
    assert text[len(REGISTER_ROWS):].splitlines() == [
        "  - {employee: E013, regulation: cs-dept-management, edition: 'v2', date: 2026-03-03, via: revision}",
        "  - {employee: E020, track: complaint-handler, edition: 'v2', date: 2026-03-01, via: sheet}",
        "  - {employee: E029, track: team-leader, edition: 'v2', date: 2026-03-02, score: 100, via: quiz}",
        f"  - {{employee: E030, track: team-leader, edition: 'v2', date: 2026-03-02, score: {round(100 * (len(view.questions) - half) / len(view.questions))}, via: quiz}}",
    ]
    _, _, rows = report_of(project)
    assert by_state(rows, REREAD) == REREAD_V1 - {"E013"}
    state = {(r.person.id, r.track.id): r.state for r in rows}
    assert state[("E020", "complaint-handler")] == DONE and state[("E029", "team-leader")] == DONE
    assert state[("E030", "team-leader")] == OUTSTANDING  # 50 %: below the pass mark, collected but not done


def test_bad_rows_in_the_register_and_roster_are_reported_with_their_positions(project):
    (project / REGISTER).write_text(REGISTER_ROWS + """\
  - {employee: E099, track: cs-agent, edition: v1, date: 2026-01-05}
  - {employee: E001, track: cs-agnet, edition: v3, date: 2026-01-05}
  - {employee: E001, track: cs-agent, regulation: cs-dept-management, edition: v1, date: 2026-01-05}
  - {employee: E002, track: cs-agent, edition: v1, date: 2026-13-05, score: 150}
  - {employee: E003, track: cs-agent, edition: v1, date: 2026-01-05, via: sheet}
""", encoding="utf-8")
    roster = project / "docs/people/roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8") + "  - {id: E001, name: 示例员工99, role: cs-agnet, team: 一组, start: 2025-01-01}\n", encoding="utf-8")
    before = (project / REGISTER).read_bytes()
    result = run("signoff", "report", "-r", str(project))
    assert result.exit_code == 2
    n = REGISTER_ROWS.count("\n") + 1  # the line of the first row added
    assert result.output.splitlines() == [
        "docs/people/roster.yaml:34:10: people[30].id: employee 'E001' is listed twice",
        "docs/people/roster.yaml:34:36: people[30].role: unknown role 'cs-agnet' (did you mean 'cs-agent'?)",
        f"docs/people/signoffs.yaml:{n}:16: signoffs[{n - 3}].employee: employee 'E099' is not in docs/people/roster.yaml (did you mean 'E029'?)",
        f"docs/people/signoffs.yaml:{n + 1}:29: signoffs[{n - 2}].track: unknown track 'cs-agnet' (did you mean 'cs-agent'?)",
        f"docs/people/signoffs.yaml:{n + 1}:48: signoffs[{n - 2}].edition: 'v3' is not a published edition (published: v1、v2)",
        f"docs/people/signoffs.yaml:{n + 2}:5: signoffs[{n - 1}]: Value error, give either track or regulation, not both",
        f"docs/people/signoffs.yaml:{n + 3}:58: signoffs[{n}].date: '2026-13-05' is not a valid date (month must be in 1..12)",
        f"docs/people/signoffs.yaml:{n + 3}:77: signoffs[{n}].score: Input should be less than or equal to 100 (got 150)",
        f"docs/people/signoffs.yaml:{n + 4}:16: signoffs[{n + 1}]: the same sign-off as line 5",
        "9 problem(s) found; nothing was written.",
    ]
    checked = run("check", "-r", str(project))  # `handbook check` reads the records too
    assert checked.exit_code == 2 and checked.output == result.output
    assert (project / REGISTER).read_bytes() == before


def test_refused_papers_get_one_message_each_and_change_nothing(project, fonts):
    book, hist, _ = report_of(project)
    files = project / "filled"
    files.mkdir()
    form, blank = track_sheet(book, "complaint-handler", "signoff", hist.current, fonts)
    good = {"employee_id": "E020", "name": "示例员工20", "sign": "示例员工20", "date": "2026-03-01"}
    (files / "1-good.pdf").write_bytes(_fill(blank, form, good))
    (files / "2-again.pdf").write_bytes(_fill(blank, form, good))  # the same row twice in one run
    (files / "3-in-register.pdf").write_bytes(_fill(blank, form, dict(good, employee_id="E018", name="示例员工18", sign="x")))
    (files / "4-wrong-name.pdf").write_bytes(_fill(blank, form, dict(good, employee_id="E014", name="张三")))
    (files / "5-unsigned.pdf").write_bytes(_fill(blank, form, dict(good, employee_id="E016", name="示例员工16", date="")))
    (files / "6-bad-date.pdf").write_bytes(_fill(blank, form, dict(good, employee_id="E016", name="示例员工16", date="3月1日")))
    form9, blank9 = track_sheet(book, "complaint-handler", "signoff", "v9", fonts)
    (files / "7-unknown-edition.pdf").write_bytes(_fill(blank9, form9, good))
    form0, blank0 = track_sheet(book, "complaint-handler", "signoff", "", fonts)
    (files / "8-unpublished.pdf").write_bytes(_fill(blank0, form0, good))
    (files / "9-not-a-pdf.pdf").write_text("hello", encoding="utf-8")
    (files / "10-truncated.pdf").write_bytes(_fill(blank, form, good)[:2000])
    before = (project / REGISTER).read_bytes()
    paths = sorted(files.iterdir(), key=lambda p: int(p.name.split("-")[0]))
    result = run("signoff", "collect", *(str(p) for p in paths), "-r", str(project))
    assert result.exit_code == 2
    out = {line.split(":")[0].rsplit("/", 1)[-1]: line.split(": refused: ", 1)[-1] for line in result.output.splitlines()[:-1]}
    assert out.pop("10-truncated.pdf").startswith("cannot read PDF: ")
    assert out.pop("9-not-a-pdf.pdf").startswith("cannot read PDF: ")
    assert out == {
        "2-again.pdf": "E020 complaint-handler v2 (sheet): already collected from " + str(paths[0]),
        "3-in-register.pdf": "E018 complaint-handler v2 (sheet): already in the register (docs/people/signoffs.yaml:50)",
        "4-wrong-name.pdf": "姓名 '张三' does not match employee E014 in the roster (示例员工14)",
        "5-unsigned.pdf": "日期 is empty: the sheet is not signed and dated",
        "6-bad-date.pdf": "日期 '3月1日' is not a date like 2026-12-02",
        "7-unknown-edition.pdf": "edition 'v9' is not a published edition (published: v1、v2)",
        "8-unpublished.pdf": "printed from an unpublished edition (未定版): print the papers from a published edition",
    }
    assert result.output.splitlines()[-1] == "9 problem(s) found; nothing was written."
    assert (project / REGISTER).read_bytes() == before  # the good sheet was not written either
    assert not [p for p in (project / REGISTER).parent.iterdir() if p.name.startswith(".")]


def test_result_slip_code_typed(project):
    code = slip_code("team-leader", "v2", "E029", "示例员工29", 90, "2026-03-05")
    line = f"HB1 slip team-leader v2 E029 90 2026-03-05 {code}"
    forged = f"HB1 slip team-leader v2 E029 99 2026-03-05 {code}"
    before = (project / REGISTER).read_bytes()
    result = run("signoff", "collect", "--slip", forged, "-r", str(project))
    assert result.exit_code == 2 and "slip 1:1:1: refused: the verification code" in result.output
    assert (project / REGISTER).read_bytes() == before
    result = run("signoff", "collect", "--slip", line, "-r", str(project))
    assert result.exit_code == 0, result.output
    assert (project / REGISTER).read_text(encoding="utf-8").endswith(
        "  - {employee: E029, track: team-leader, edition: 'v2', date: 2026-03-05, score: 90, via: slip}\n")
    again = run("signoff", "collect", "--slip", line, "-r", str(project))
    assert again.exit_code == 2 and "already in the register" in again.output


def test_signoff_commands_have_help():
    assert "signoff" in [group.name for group in app.registered_groups]
    for name in ("sheets", "collect", "report"):
        result = run("signoff", name, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output and len(result.output.splitlines()) > 4


def test_papers_carry_track_and_edition(project, fonts):
    book, hist, _ = report_of(project)
    form, pdf = track_sheet(book, "cs-agent", "quiz", hist.current, fonts)
    path = project / "quiz.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path)
    assert "培训：cs-agent" in text and "版次：v2" in text
    assert paper_code("quiz", "cs-agent", "v2") == "HB quiz cs-agent v2"
    with pikepdf.open(path) as doc:
        names = [str(f.T) for f in doc.Root.AcroForm.Fields]
        assert str(doc.docinfo["/HandbookForm"]) == "quiz--cs-agent@v2"
    questions = len(track_view(book, book.tracks["cs-agent"]).questions)
    assert names == ["employee_id", "name", "date", "score", *(f"answer_{i}" for i in range(1, questions + 1))]


def test_first_rows_go_into_the_shipped_empty_register(tmp_path):
    from generator.signoff.collect import append_rows
    from generator.signoff.records import Signoff

    path = tmp_path / "signoffs.yaml"
    shipped = (REPO / REGISTER).read_text(encoding="utf-8")
    assert "signoffs: []" in shipped
    path.write_text(shipped, encoding="utf-8")
    row = Signoff(employee="E001", track="cs-agent", edition="2026.1", date="2026-03-01")
    append_rows(path, [], [row])
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[:2] == shipped.splitlines()[:2]  # the comments stay
    assert text.endswith("signoffs:\n  - {employee: E001, track: cs-agent, edition: '2026.1', date: 2026-03-01, via: sheet}\n")
    import yaml
    assert yaml.safe_load(text)["signoffs"][0]["edition"] == "2026.1"
