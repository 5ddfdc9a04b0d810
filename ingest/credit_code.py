"""Unified social credit code (统一社会信用代码) check digit, GB 32100-2015."""

from __future__ import annotations

import numpy as np

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


_VALUE = np.full(128, -1, dtype=np.int64)
_VALUE[[ord(ch) for ch in ALPHABET]] = np.arange(len(ALPHABET))
_WEIGHTS = np.array(WEIGHTS, dtype=np.int64)


def valid_mask(codes: list[str]) -> np.ndarray:
    """Which codes pass every check of problem(), computed for all of them at once."""
    ok = np.array([len(c) == 18 and c.isascii() for c in codes], dtype=bool)
    out = np.zeros(len(codes), dtype=bool)
    if not ok.any():
        return out
    chars = np.frombuffer(
        "".join(c for c, good in zip(codes, ok) if good).encode("ascii"), dtype=np.uint8
    ).reshape(-1, 18)
    values = _VALUE[chars]
    region_digits = (chars[:, 2:8] >= ord("0")) & (chars[:, 2:8] <= ord("9"))
    check = (31 - (values[:, :17] * _WEIGHTS).sum(axis=1) % 31) % 31
    passed = (values >= 0).all(axis=1) & region_digits.all(axis=1) & (values[:, 17] == check)
    out[np.flatnonzero(ok)] = passed
    return out


def is_valid(code: str) -> bool:
    return problem(code) is None
