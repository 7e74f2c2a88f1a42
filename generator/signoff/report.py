"""The sign-off report three ways: a terminal table, CSV, and a Markdown page for the editor edition.

Input: `Status` rows and `TeamShare`s (`status`), the role names and the current edition.
Output: text. Every person × track is one row: 已完成 / 未完成 / 须重读, the edition last
signed, the score, and for 须重读 the articles to read again; per team the share complete.
"""

from __future__ import annotations

import csv
import io

from rich import box
from rich.console import Console
from rich.table import Table

from ..site.markdown import md
from .status import REREAD, STATES, Status, TeamShare

HEADERS = ["工号", "姓名", "班组", "岗位", "培训", "状态", "已签版次", "得分", "须重读"]
TEAM_HEADERS = ["班组", "人数", "已完成/应完成", "完成率", "全部完成人数"]


def pending_text(row: Status) -> str:
    return "；".join(f"{p.reg_title} {p.label}（{p.edition}）" for p in row.pending)


def person_rows(rows: list[Status], role_names: dict[str, str]) -> list[list[str]]:
    return [[
        r.person.id, r.person.name, r.person.team, role_names.get(r.person.role, r.person.role), r.track.title,
        STATES[r.state], r.edition or "—", "" if r.score is None else str(r.score), pending_text(r),
    ] for r in rows]


def team_rows(shares: list[TeamShare]) -> list[list[str]]:
    return [[s.team, str(s.people), f"{s.done}/{s.total}", f"{s.percent}%", f"{s.complete_people}/{s.people}"] for s in shares]


def text_report(rows: list[Status], shares: list[TeamShare], role_names: dict[str, str], edition: str, width: int = 160) -> str:
    """Both tables as the terminal shows them."""
    console = Console(width=width, record=True, highlight=False, markup=False, emoji=False, file=io.StringIO(), color_system=None)
    people = Table(*HEADERS, box=box.SIMPLE_HEAD, title=f"培训签收情况（当前版次 {edition or '未发布'}）", title_justify="left")
    for cells in person_rows(rows, role_names):
        people.add_row(*cells)
    teams = Table(*TEAM_HEADERS, box=box.SIMPLE_HEAD, title="各班组完成率", title_justify="left")
    for cells in team_rows(shares):
        teams.add_row(*cells)
    console.print(people)
    console.print(teams)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


def csv_report(rows: list[Status], role_names: dict[str, str]) -> str:
    """One line per person and track (the person table)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["employee", "name", "team", "role", "track", "state", "edition", "score", "reread"])
    for r, cells in zip(rows, person_rows(rows, role_names)):
        writer.writerow([*cells[:4], r.track.id, r.state, r.edition, cells[7], cells[8]])
    return buffer.getvalue()


def markdown_page(rows: list[Status], shares: list[TeamShare], role_names: dict[str, str], edition: str) -> str:
    """The editor edition's 签收情况 page."""
    out = ["---", "title: 签收情况", "---", "", "# 签收情况", "",
           '!!! warning "编辑版，请勿分发"', "",
           "    本页只出现在编辑版中，由 `handbook signoff report` 根据花名册和签收登记生成。", "",
           f"当前版次：{md(edition or '未发布')}。须重读：签收后的版次对本岗位的职责或条文作了实质性修订，只须重读所列条文。", "",
           "## 各班组完成率", "", "| " + " | ".join(TEAM_HEADERS) + " |", "|" + "---|" * len(TEAM_HEADERS)]
    out += ["| " + " | ".join(md(c) for c in cells) + " |" for cells in team_rows(shares)]
    for state in (REREAD, "outstanding", "done"):
        mine = [r for r in rows if r.state == state]
        out += ["", f"## {STATES[state]}（{len(mine)}）", ""]
        if not mine:
            out.append("无。")
            continue
        keep = [i for i, h in enumerate(HEADERS) if h != "状态" and (state == REREAD or h != "须重读")]  # the heading says it
        out += ["| " + " | ".join(HEADERS[i] for i in keep) + " |", "|" + "---|" * len(keep)]
        out += ["| " + " | ".join(md(cells[i]) for i in keep) + " |" for cells in person_rows(mine, role_names)]
    return "\n".join(out) + "\n"
