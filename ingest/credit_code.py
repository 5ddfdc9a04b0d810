"""Unified social credit code (统一社会信用代码) check digit, GB 32100-2015."""
from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 symbols; no I, O, S, V, Z
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, …


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """None for a valid code, else what is wrong with it, in Chinese."""
    if len(code) != 18:
        return f"应为 18 位，实为 {len(code)} 位"
    bad = [ch for ch in code if ch not in ALPHABET]
    if bad:
        return f"含有不允许的字符“{bad[0]}”（不使用 I、O、S、V、Z 及小写字母）"
    if not code[2:8].isdigit():
        return "第 3–8 位应为行政区划代码（数字）"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"校验位不符（第 18 位应为 {expected}），请核对是否抄错"
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None
