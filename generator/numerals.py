"""Chinese numerals for displayed numbers: 15 → 十五, 第十五条, 第二章, （三）, 一式五联.

Pure functions of an int; no other module of the package is imported here.
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 21 → 二十一, 105 → 一百零五 (up to 9999)."""
    if n <= 0:
        raise ValueError("positive numbers only")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    parts = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            parts.append(_DIGITS[digit] + unit)
        elif parts and n and not parts[-1].endswith("零"):
            parts.append("零")
    return "".join(parts)


def article_label(n: int) -> str:
    return f"第{chinese_number(n)}条"


def chapter_label(n: int) -> str:
    return f"第{chinese_number(n)}章"


def clause_label(n: int) -> str:
    return f"（{chinese_number(n)}）"


def copies_count(n: int) -> str:
    """The count in 一式N联: 两 for two (一式两联), otherwise the plain numeral."""
    return "两" if n == 2 else chinese_number(n)
