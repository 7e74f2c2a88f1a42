"""The structured parts of a regulation compared between two editions: duties, procedure steps,
deadlines, the forms it names, and its rewards and penalties.

Input: the old and new `Regulation` with their handbooks. Output: `ItemChange`s, each a Chinese
sentence saying what changed, whether it is substantive, and the roles it concerns.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..handbook import Handbook
from ..model import Regulation
from .classify import substantive_reasons


@dataclass(frozen=True)
class ItemChange:
    """One change in duties, steps, deadlines, forms or penalties, said in words."""

    kind: str  # "duty" | "step" | "deadline" | "form" | "penalty"
    text: str
    substantive: bool
    roles: frozenset[str]


class Names:
    """Role and form names of both editions, for sentences and for the classifier."""

    def __init__(self, old: Handbook, new: Handbook):
        self.role_names = {**old.role_names, **new.role_names}
        self.form_titles = {**{f.id: f.title for f in old.forms.values()}, **{f.id: f.title for f in new.forms.values()}}
        roles = [*old.roles.values(), *new.roles.values()]
        self.role_words = {w for r in roles for w in (r.name, *r.aliases)}
        self.form_words = set(self.form_titles.values())

    def role(self, role_id: str | None) -> str:
        return self.role_names.get(role_id, role_id) if role_id else "未规定"

    def form(self, form_id: str | None) -> str:
        return f"《{self.form_titles.get(form_id, form_id)}》" if form_id else "无"

    def reasons(self, old: str, new: str) -> list[str]:
        return substantive_reasons(old, new, self.role_words, self.form_words)


def _pair(old: list[str], new: list[str]) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Texts only in `old` or only in `new`, with the pairs that are rewordings of each other."""
    gone = [t for t in old if t not in new]
    came = [t for t in new if t not in old]
    pairs = []
    for text in list(gone):
        close = difflib.get_close_matches(text, came, n=1, cutoff=0.5)
        if close:
            pairs.append((text, close[0]))
            gone.remove(text)
            came.remove(close[0])
    return pairs, gone, came


def _reworded(kind: str, what: str, old: str, new: str, names: Names, roles: frozenset[str]) -> ItemChange:
    reasons = names.reasons(old, new)
    note = f"（{'；'.join(reasons)}）" if reasons else "（文字调整）"
    return ItemChange(kind, f"{what}由“{old}”改为“{new}”{note}", bool(reasons), roles)


def duty_changes(old: Regulation, new: Regulation, names: Names) -> list[ItemChange]:
    def tasks(reg: Regulation) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for duty in reg.duties:
            found.setdefault(duty.role, []).extend(duty.tasks)
        return found

    before, after = tasks(old), tasks(new)
    changes = []
    for role in [*after, *(r for r in before if r not in after)]:
        who, roles = names.role(role), frozenset({role})
        if role not in before:
            changes.append(ItemChange("duty", f"新增{who}的职责：{'；'.join(after[role])}", True, roles))
            continue
        if role not in after:
            changes.append(ItemChange("duty", f"删去{who}的职责：{'；'.join(before[role])}", True, roles))
            continue
        pairs, gone, came = _pair(before[role], after[role])
        changes += [_reworded("duty", f"{who}的职责", a, b, names, roles) for a, b in pairs]
        changes += [ItemChange("duty", f"{who}新增职责：{t}", True, roles) for t in came]
        changes += [ItemChange("duty", f"{who}删去职责：{t}", True, roles) for t in gone]
    return changes


def _step_words(step, names: Names) -> str:
    extra = f"（时限：{step.deadline}）" if step.deadline else ""
    form = f"，使用{names.form(step.form)}" if step.form else ""
    return f"{names.role(step.actor)}{step.action}{extra}{form}"


def step_changes(old: Regulation, new: Regulation, names: Names) -> list[ItemChange]:
    before = {p.id: p for p in old.procedures}
    after = {p.id: p for p in new.procedures}
    changes = []
    for pid in [*after, *(p for p in before if p not in after)]:
        if pid not in before or pid not in after:
            proc = after.get(pid) or before[pid]
            verb = "新增" if pid not in before else "删去"
            steps = "；".join(_step_words(s, names) for s in proc.steps)
            changes.append(ItemChange("step", f"{verb}流程《{proc.title}》：{steps}", True, frozenset(s.actor for s in proc.steps)))
            continue
        a, b = before[pid].steps, after[pid].steps
        title = after[pid].title
        matcher = difflib.SequenceMatcher(a=[(s.actor, s.action) for s in a], b=[(s.actor, s.action) for s in b], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
                for k, (s, t) in enumerate(zip(a[i1:i2], b[j1:j2])):
                    changes += _same_step(title, j1 + k + 1, s, t, names)
                continue
            for k, s in enumerate(b[j1:j2]):
                changes.append(ItemChange("step", f"流程《{title}》新增第{j1 + k + 1}步：{_step_words(s, names)}", True, frozenset({s.actor})))
            for s in a[i1:i2]:
                changes.append(ItemChange("step", f"流程《{title}》删去步骤：{_step_words(s, names)}", True, frozenset({s.actor})))
    return changes


def _same_step(title: str, number: int, s, t, names: Names) -> list[ItemChange]:
    """The differences between two versions of the same step (same position in the flow)."""
    where = f"流程《{title}》第{number}步"
    roles = frozenset({s.actor, t.actor})
    changes = []
    if s.actor != t.actor:
        changes.append(ItemChange("step", f"{where}的执行岗位由{names.role(s.actor)}改为{names.role(t.actor)}", True, roles))
    if s.action != t.action:
        changes.append(_reworded("step", f"{where}的工作", s.action, t.action, names, roles))
    if s.deadline != t.deadline:
        changes.append(ItemChange("step", f"{where}的时限由“{s.deadline or '无'}”改为“{t.deadline or '无'}”", True, roles))
    if s.form != t.form:
        changes.append(ItemChange("step", f"{where}使用的表单由{names.form(s.form)}改为{names.form(t.form)}", True, roles))
    return changes


def deadline_changes(old: Regulation, new: Regulation, names: Names) -> list[ItemChange]:
    before = {d.what: d for d in old.deadlines}
    after = {d.what: d for d in new.deadlines}
    pairs, gone, came = _pair(list(before), list(after))
    changes = []
    for what in after:
        if what in before:
            pairs.insert(0, (what, what))
    for a_what, b_what in pairs:
        a, b = before[a_what], after[b_what]
        roles = frozenset(r for r in (a.role, b.role) if r)
        if a_what != b_what:
            changes.append(_reworded("deadline", "时限事项", a_what, b_what, names, roles))
        if (a.limit, a.days) != (b.limit, b.days):
            changes.append(ItemChange("deadline", f"“{b_what}”的时限由“{a.limit}”改为“{b.limit}”", True, roles))
        if a.role != b.role:
            changes.append(ItemChange("deadline", f"“{b_what}”的责任岗位由{names.role(a.role)}改为{names.role(b.role)}", True, roles))
    for what in came:
        d = after[what]
        changes.append(ItemChange("deadline", f"新增时限：{what}，{d.limit}（{names.role(d.role)}）", True, frozenset({d.role} - {None})))
    for what in gone:
        d = before[what]
        changes.append(ItemChange("deadline", f"删去时限：{what}，{d.limit}（{names.role(d.role)}）", True, frozenset({d.role} - {None})))
    return changes


def form_changes(old: Regulation, new: Regulation, names: Names) -> list[ItemChange]:
    def users(form_id: str) -> frozenset[str]:
        return frozenset(s.actor for reg in (old, new) for p in reg.procedures for s in p.steps if s.form == form_id)

    changes = [ItemChange("form", f"新增表单{names.form(f)}", True, users(f)) for f in new.forms if f not in old.forms]
    changes += [ItemChange("form", f"不再使用表单{names.form(f)}", True, users(f)) for f in old.forms if f not in new.forms]
    return changes


def sanction_changes(old: Regulation, new: Regulation, names: Names, roles_of) -> list[ItemChange]:
    """`roles_of(article_ref)`: the roles an article concerns (see compare)."""
    kind_name = {"penalty": "处罚", "reward": "奖励"}
    before = {(s.kind, s.condition): s for s in old.sanctions}
    after = {(s.kind, s.condition): s for s in new.sanctions}
    changes = []
    for key, s in after.items():
        name = kind_name[s.kind]
        if key not in before:
            changes.append(ItemChange("penalty", f"新增{name}：{s.condition}，{s.consequence}", True, roles_of(s.article)))
        elif before[key].consequence != s.consequence:
            changes.append(ItemChange(
                "penalty", f"“{s.condition}”的{name}由“{before[key].consequence}”改为“{s.consequence}”", True, roles_of(s.article),
            ))
    for key, s in before.items():
        if key not in after:
            changes.append(ItemChange("penalty", f"删去{kind_name[s.kind]}：{s.condition}，{s.consequence}", True, roles_of(s.article)))
    return changes
