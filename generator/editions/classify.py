"""Is a change of wording substantive (实质性修订) or editorial (文字性修改)?

Input: the old and new wording of an article, duty or step, and the handbook's role and form
names. Output: the reasons it is substantive (empty: editorial), in Chinese: a number or time
limit, an obligation or prohibition, a penalty or reward, a role or a form that appears in one
wording and not the other. Also the character-level marks between the two wordings
(diff-match-patch, cleaned up to whole words for people).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from diff_match_patch import diff_match_patch

# A number: Arabic digits (with decimals, %), or Chinese numerals followed by a unit or a
# measure word (十五天, 三个工作日, 百分之十), so 统一 or 一律 are not taken for numbers.
_UNITS = "个天日时小分秒周月年次份联名人项条款元角%倍级类遍轮届期岁台件张页"
NUMBER = re.compile(
    rf"[0-9０-９]+(?:[.．][0-9０-９]+)?[%％]?|百分之[零〇一二三四五六七八九十百千两半]+"
    rf"|[零〇一二三四五六七八九十百千万两半]+(?=[{_UNITS}])"
)
OBLIGATION = ("必须", "应当", "应", "须", "不得", "严禁", "禁止", "不准", "不允许", "务必", "负责", "可以", "可")
SANCTION = ("罚款", "罚", "扣", "处分", "警告", "通报批评", "辞退", "开除", "解除", "降级", "赔偿", "奖励", "奖金", "表彰")
TIME = ("立即", "当日", "当天", "次日", "及时", "前", "内", "以上", "以下", "不少于", "不超过", "至少", "最多")


def _count(text: str, words: Iterable[str]) -> Counter:
    """How often each word occurs, longest words first so 应当 is not also counted as 应."""
    counts: Counter = Counter()
    for word in sorted(set(words), key=len, reverse=True):
        if not word:
            continue
        n = text.count(word)
        if n:
            counts[word] = n
            text = text.replace(word, "\0" * len(word))
    return counts


def _changed(kind: str, old: Counter, new: Counter) -> list[str]:
    reasons = []
    gone = sorted((old - new).elements())
    came = sorted((new - old).elements())
    if gone and came:
        reasons.append(f"{kind}由“{'、'.join(dict.fromkeys(gone))}”改为“{'、'.join(dict.fromkeys(came))}”")
    elif came:
        reasons.append(f"增加{kind}“{'、'.join(dict.fromkeys(came))}”")
    elif gone:
        reasons.append(f"删去{kind}“{'、'.join(dict.fromkeys(gone))}”")
    return reasons


def substantive_reasons(old: str, new: str, roles: Iterable[str] = (), forms: Iterable[str] = ()) -> list[str]:
    """Why changing `old` into `new` is substantive, in Chinese; [] for an editorial change.
    `roles` and `forms` are the names (and aliases) of the handbook's roles and forms."""
    if old == new:
        return []
    reasons = _changed("数字", Counter(NUMBER.findall(old)), Counter(NUMBER.findall(new)))
    for kind, words in (("岗位", roles), ("表单", forms), ("义务用语", OBLIGATION), ("奖惩用语", SANCTION), ("时限用语", TIME)):
        reasons += _changed(kind, _count(old, words), _count(new, words))
    return reasons


_DMP = diff_match_patch()
_DMP.Diff_Timeout = 2.0

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
_OPS = {0: EQUAL, 1: INSERT, -1: DELETE}


def marks(old: str, new: str) -> list[tuple[str, str]]:
    """`old` → `new` as (op, text) runs, op one of "equal", "insert", "delete"."""
    diffs = _DMP.diff_main(old, new)
    _DMP.diff_cleanupSemantic(diffs)
    return [(_OPS[op], text) for op, text in diffs]
