"""Command lines that speak Chinese: argparse's own words (usage, errors, help) translated for every CLI;
and the strict JSON every --json prints."""

from __future__ import annotations

import argparse
import json
import math

_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 中必须指定一个",
    "ignored explicit argument %r": "忽略了多余的值 %r",
}


def _translate(message: str) -> str:
    return _ZH.get(message, message)


def parser(prog: str, description: str) -> argparse.ArgumentParser:
    """An ArgumentParser whose usage, help and error words are Chinese (exit code 2 on a usage error, as argparse)."""
    argparse._ = (
        _translate  # argparse looks its words up through this module-level gettext alias at call time
    )
    return argparse.ArgumentParser(prog=prog, description=description)


def json_text(data, indent: int | None = 1) -> str:
    """Strict JSON (RFC 8259) of `data`: NaN and ±infinity, which json.dumps would write as the non-JSON
    NaN/Infinity, become null; Chinese is written as itself."""
    return json.dumps(_finite(data), ensure_ascii=False, indent=indent, allow_nan=False)


def _finite(value):
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # a numpy scalar
        return _finite(value.item())
    return value
