"""Who has read what: per person and track done / outstanding / must re-read, per team the share.

Input: the current Handbook, the `Records`, the published editions (oldest first) and, per
edition, the changes it made to the one before (`editions.compare`). Output: `Status` rows and
`TeamShare`s. A track is done when the person signed it (a quiz counts only when passed) and no
later edition made a substantive change that affects their role in a regulation the track
reads, or when they signed a 修订学习签收单 for each such regulation since. Editorial changes
and changes to other roles' duties never ask anyone to re-read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..handbook import Handbook, split_article_ref
from ..model import Track
from .records import Person, Records

DONE, OUTSTANDING, REREAD = "done", "outstanding", "reread"
STATES = {DONE: "已完成", OUTSTANDING: "未完成", REREAD: "须重读"}


@dataclass(frozen=True)
class Pending:
    """One changed article (or duty, deadline, …) a role must read again."""

    edition: str
    reg_id: str
    reg_title: str
    label: str  # 第五条　受理 / 职责
    text: str  # the text as it now reads ('' when removed)
    status: str  # inserted / modified / deleted (an article), changed (an item or a whole regulation)


@dataclass
class Status:
    person: Person
    track: Track
    state: str
    edition: str = ""  # the edition last signed
    score: int | None = None
    pending: list[Pending] = field(default_factory=list)


@dataclass
class TeamShare:
    team: str
    people: int
    done: int  # person-track pairs done
    total: int
    complete_people: int  # people with every track done

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def tracks_for(book: Handbook, role: str) -> list[Track]:
    """The tracks a role must take: its own and those for everyone."""
    return [t for t in book.tracks.values() if t.role in (None, role)]


def track_regulations(track: Track) -> set[str]:
    regs = set()
    for reading in track.readings:
        regs.add(reading.regulation or split_article_ref(reading.article or "", None)[0] or "")
    return regs


def role_changes(edition: str, changes: Iterable[Any], role: str, regs: set[str]) -> list[Pending]:
    """What `edition` changed substantively for `role` in the regulations `regs`, article by article."""
    found: list[Pending] = []
    for change in changes:
        if not change.substantive or role not in change.affected_roles or change.reg_id not in regs:
            continue
        mine = []
        for art in change.articles:
            if art.substantive and role in art.roles:
                label = art.new_label or art.old_label or art.article_id
                mine.append(Pending(edition, change.reg_id, change.title, label, art.new_text or "", art.status))
        for item in change.items:
            if item.substantive and role in item.roles:
                mine.append(Pending(edition, change.reg_id, change.title, ITEM_KINDS.get(item.kind, item.kind), item.text, "changed"))
        found += mine or [Pending(edition, change.reg_id, change.title, "全文", "", change.status)]
    return found


ITEM_KINDS = {"duty": "岗位职责", "step": "流程步骤", "deadline": "时限", "form": "表单", "penalty": "奖惩"}


def statuses(book: Handbook, records: Records, editions: list[str], changes: dict[str, list[Any]]) -> list[Status]:
    """Every person (in roster order) × every track their role takes."""
    order = {name: i for i, name in enumerate(editions)}
    rows = []
    for person in records.people.values():
        mine = [r.signoff for r in records.rows if r.signoff.employee == person.id and r.signoff.edition in order]
        for track in tracks_for(book, person.role):
            signed = [s for s in mine if s.track == track.id and (s.score is None or s.score >= track.pass_percent)]
            if not signed:
                failed = [s for s in mine if s.track == track.id]
                best = max((s.score for s in failed if s.score is not None), default=None)
                rows.append(Status(person, track, OUTSTANDING, score=best))
                continue
            last = max(signed, key=lambda s: (order[s.edition], s.date))
            score = max((s.score for s in signed if s.edition == last.edition and s.score is not None), default=None)
            regs = track_regulations(track)
            pending = []
            for name in editions[order[last.edition] + 1:]:
                read_again = {s.regulation for s in mine if s.regulation and order[s.edition] >= order[name]}
                pending += [p for p in role_changes(name, changes.get(name, []), person.role, regs) if p.reg_id not in read_again]
            rows.append(Status(person, track, REREAD if pending else DONE, last.edition, score, pending))
    return rows


def team_shares(rows: list[Status]) -> list[TeamShare]:
    teams: dict[str, TeamShare] = {}
    people: dict[str, dict[str, bool]] = {}
    for row in rows:
        share = teams.setdefault(row.person.team, TeamShare(row.person.team, 0, 0, 0, 0))
        share.total += 1
        share.done += row.state == DONE
        complete = people.setdefault(row.person.team, {})
        complete[row.person.id] = complete.get(row.person.id, True) and row.state == DONE
    for team, share in teams.items():
        share.people = len(people[team])
        share.complete_people = sum(people[team].values())
    return list(teams.values())  # in roster order
