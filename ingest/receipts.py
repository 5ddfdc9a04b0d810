"""Received files after the fact: their problems, and the marked-up workbook for a rejected one."""

from __future__ import annotations

from warehouse import submissions

from .archive import archive_path
from .error_workbook import error_workbook
from .problems import Problem


class ReceiptNotFound(LookupError):
    """No such receipt, or its archived file is gone."""


def _problem(d: dict) -> Problem:
    return Problem(
        d["sheet"], d["row"], d["column"], d["code"], d["message"], d.get("value", ""), d.get("subject", "")
    )


def _receipt(wh, receipt_id: int) -> dict:
    found = submissions.receipt(wh, receipt_id)
    if found is None:
        raise ReceiptNotFound(f"没有编号为 {receipt_id} 的报送记录")
    return found


def receipt_problems(wh, receipt_id: int) -> tuple[list[Problem], list[Problem]]:
    problems = _receipt(wh, receipt_id)["problems"]
    return (
        [_problem(p) for p in problems if p["level"] == "error"],
        [_problem(p) for p in problems if p["level"] == "warning"],
    )


def marked_workbook(wh, receipt_id: int) -> tuple[str, bytes]:
    """The archived workbook of a receipt with its problems marked: (file name to offer, bytes)."""
    found = _receipt(wh, receipt_id)
    sha, name = found["sha256"], found["file_name"]
    path = archive_path(wh.archive_root, sha, name)
    if not path.exists():
        raise ReceiptNotFound(f"报送文件 {name} 的存档已不在 {path.parent}，无法生成标注工作簿")
    errors, warnings = receipt_problems(wh, receipt_id)
    return f"问题标注_{name.rsplit('.', 1)[0]}.xlsx", error_workbook(path.read_bytes(), errors, warnings)
