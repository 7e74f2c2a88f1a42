"""Review dates (复审日期): when each regulation must be reviewed, and which reviews are due.

Input: a linked `Handbook` and today's date. Output: a regulation's review date (its
`review_by`, or `review_cycle` months after its latest effective or issue date; None when
neither is given), warnings for overdue reviews at the regulation's `review_by`/`review_cycle`
line, and the reviews due soon grouped by owning department.
"""

from __future__ import annotations

import calendar
import datetime as dt

from .errors import Problem
from .handbook import Handbook
from .model import Regulation

DUE_SOON_DAYS = 90


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_revised(reg: Regulation) -> dt.date | None:
    """The latest date the regulation took effect or was issued, from its history and `effective`."""
    dates = [d for h in reg.history for d in (h.effective, h.date) if d] + ([reg.effective] if reg.effective else [])
    return max(dates, default=None)


def review_date(reg: Regulation) -> dt.date | None:
    if reg.review_by:
        return reg.review_by
    base = last_revised(reg)
    return add_months(base, reg.review_cycle) if reg.review_cycle and base else None


def overdue_warnings(book: Handbook, today: dt.date) -> list[Problem]:
    """One warning per regulation in force whose review date has passed."""
    found = []
    for reg in sorted(book.regulations.values(), key=Regulation.order):
        due = review_date(reg)
        if reg.status != "in_force" or due is None or due >= today:
            continue
        key = "review_by" if reg.review_by else "review_cycle"
        path, line, col = book.source("regulation", reg.id).where(key, key=True)
        found.append(Problem(path, line, col, f"review overdue: '{reg.id}' was to be reviewed by {due} ({(today - due).days} days ago)"))
    return found


def reviews_due(book: Handbook, today: dt.date, within: int = DUE_SOON_DAYS) -> list[tuple[str | None, list[tuple[Regulation, dt.date]]]]:
    """(owner role id or None, [(regulation, review date)]) for reviews overdue or due within
    `within` days, owners in name order, each owner's list by date."""
    by_owner: dict[str | None, list[tuple[Regulation, dt.date]]] = {}
    for reg in book.regulations.values():
        due = review_date(reg)
        if reg.status == "in_force" and due is not None and due <= today + dt.timedelta(days=within):
            by_owner.setdefault(reg.owner, []).append((reg, due))
    names = book.role_names
    return [(owner, sorted(regs, key=lambda r: (r[1], r[0].order())))
            for owner, regs in sorted(by_owner.items(), key=lambda kv: (kv[0] is None, names.get(kv[0] or "", "")))]
