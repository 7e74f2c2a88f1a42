"""The roster and the register of sign-offs, read and checked like every other handbook file.

Input: a project folder (docs/people/roster.yaml, docs/people/signoffs.yaml) and its loaded
Handbook. Output: `Records` (people by id, sign-off rows with the line each came from), or a
`HandbookError` with every problem as path:line:col (unknown role, track, regulation or
employee, a name used twice, the same sign-off twice, an edition not published).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, StringConstraints, ValidationError, model_validator

from ..errors import HandbookError, Problems, did_you_mean
from ..handbook import Handbook
from ..loader import validate
from ..model import Id, Strict, Text
from ..yamlsource import Positions, read_yaml

ROSTER = Path("docs/people/roster.yaml")
REGISTER = Path("docs/people/signoffs.yaml")

EmployeeId = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=32),
    Field(description="Employee number (工号): letters, digits, '-' and '_'."),
]
VIA = {"sheet": "签收单", "quiz": "测验", "slip": "在线测验", "revision": "修订学习签收单"}


class Person(Strict):
    id: EmployeeId
    name: Text
    role: Id = Field(description="Id of a role in docs/roles/*.yaml.")
    team: Text
    start: dt.date = Field(description="Start date (入职日期).")


class Roster(Strict):
    people: list[Person]


class Signoff(Strict):
    """One person has read one track (or one regulation's revised articles) of one edition."""

    employee: EmployeeId
    track: Id | None = Field(default=None, description="Id of a training track.")
    regulation: Id | None = Field(default=None, description="Id of a regulation (a 修订学习签收单).")
    edition: Text = Field(description="The edition read: the name of a published edition (a git tag).")
    date: dt.date
    score: Annotated[int, Field(ge=0, le=100)] | None = Field(default=None, description="Quiz score in percent.")
    via: Literal["sheet", "quiz", "slip", "revision"] = "sheet"

    @model_validator(mode="after")
    def one_subject(self) -> "Signoff":
        if (self.track is None) == (self.regulation is None):
            raise ValueError("give either track or regulation, not both")
        return self

    @property
    def subject(self) -> str:
        return self.track or self.regulation or ""

    def key(self) -> tuple[str, str, str, str]:
        """What makes a row a duplicate of another."""
        return (self.employee, f"track:{self.track}" if self.track else f"regulation:{self.regulation}", self.edition, self.via)


class Register(Strict):
    signoffs: list[Signoff] = Field(default_factory=list)


@dataclass
class Row:
    signoff: Signoff
    line: int  # where the row starts in the register


@dataclass
class Records:
    root: Path
    people: dict[str, Person] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    def find(self, key: tuple) -> Row | None:
        return next((row for row in self.rows if row.signoff.key() == key), None)


def _read(root: Path, rel: Path, model, attr: str, problems: Problems) -> tuple[list[tuple[int, Any]], Positions]:
    """The valid entries (index, object) of a list file; every problem of the others is reported,
    and the valid ones are still checked, so one run reports everything."""
    path = root / rel
    if not path.exists():
        return [], Positions(rel)
    data, positions = read_yaml(path, problems, display=str(rel))
    if data is None:
        return [], positions
    parsed = validate(model, data, positions, problems)
    if parsed is not None:
        return list(enumerate(getattr(parsed, attr))), positions
    entry = get_args(model.model_fields[attr].annotation)[0]
    good = []
    for i, item in enumerate(data.get(attr) if isinstance(data, dict) and isinstance(data.get(attr), list) else []):
        try:
            good.append((i, entry.model_validate(item)))
        except ValidationError:
            pass
    return good, positions


def load_records(root: Path, book: Handbook, editions: list[str]) -> Records:
    """Read and check the roster and the register against the handbook and its editions
    (names, oldest first). A missing file is an empty one."""
    root = Path(root)
    problems = Problems()
    records = Records(root)
    people, positions = _read(root, ROSTER, Roster, "people", problems)
    for i, person in people:
        if person.role not in book.roles:
            problems.add(ROSTER, *positions.at(("people", i, "role")),
                         f"people[{i}].role: unknown role '{person.role}'{did_you_mean(person.role, book.roles)}")
        if person.id in records.people:
            problems.add(ROSTER, *positions.at(("people", i, "id")), f"people[{i}].id: employee '{person.id}' is listed twice")
            continue
        records.people[person.id] = person
    signoffs, positions = _read(root, REGISTER, Register, "signoffs", problems)
    for i, signoff in signoffs:
        at = lambda key: positions.at(("signoffs", i, key))  # noqa: E731
        name = f"signoffs[{i}]"
        for problem in check_row(signoff, book, records, editions):
            problems.add(REGISTER, *at(problem[0]), f"{name}.{problem[0]}: {problem[1]}")
        first = records.find(signoff.key())
        if first is not None:
            problems.add(REGISTER, *at("employee"), f"{name}: the same sign-off as line {first.line}")
            continue
        records.rows.append(Row(signoff, at("employee")[0]))
    if problems:
        raise HandbookError(problems.sorted())
    return records


def check_row(signoff: Signoff, book: Handbook, records: Records, editions: list[str]) -> list[tuple[str, str]]:
    """(field, message) for each reference of a row that is not known."""
    found = []
    if signoff.employee not in records.people:
        found.append(("employee", f"employee '{signoff.employee}' is not in {ROSTER}{did_you_mean(signoff.employee, records.people)}"))
    if signoff.track and signoff.track not in book.tracks:
        found.append(("track", f"unknown track '{signoff.track}'{did_you_mean(signoff.track, book.tracks)}"))
    if signoff.regulation and signoff.regulation not in book.regulations:
        found.append(("regulation", f"unknown regulation '{signoff.regulation}'{did_you_mean(signoff.regulation, book.regulations)}"))
    if signoff.edition not in editions:
        known = "、".join(editions) if editions else "none yet: tag one with git"
        found.append(("edition", f"'{signoff.edition}' is not a published edition (published: {known})"))
    return found


def row_yaml(signoff: Signoff) -> str:
    """One register row as a line of YAML (flow style), as `collect` appends it."""
    parts = [f"employee: {signoff.employee}"]
    parts.append(f"track: {signoff.track}" if signoff.track else f"regulation: {signoff.regulation}")
    parts.append(f"edition: '{signoff.edition}'")
    parts.append(f"date: {signoff.date.isoformat()}")
    if signoff.score is not None:
        parts.append(f"score: {signoff.score}")
    parts.append(f"via: {signoff.via}")
    return "  - {" + ", ".join(parts) + "}\n"
