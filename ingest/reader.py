"""Read a workbook's sheets with python-calamine: values as written, never evaluated."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Collection

import python_calamine


class WorkbookUnreadable(Exception):
    """The file is not a workbook we can open; the text says why in Chinese."""


@dataclass
class RawWorkbook:
    sheet_names: list[str]
    sheets: dict[str, list[list]]  # sheet name -> rows from A1, as calamine returns them


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_workbook(
    source: Path | str | bytes, wanted: list[str] | None = None, skipped: Collection[str] = ()
) -> RawWorkbook:
    """Every wanted sheet (all when None) but the skipped, rows starting at A1 so indexes map to Excel rows.
    sheet_names lists every sheet, read or not."""
    try:
        if isinstance(source, bytes):
            import io

            wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
        else:
            wb = python_calamine.CalamineWorkbook.from_path(str(source))
    except Exception as exc:  # calamine raises several error types for bad files
        raise WorkbookUnreadable(
            f"无法打开该文件，它不是有效的 Excel 工作簿（.xlsx/.xls）或已损坏：{type(exc).__name__}"
        ) from exc
    names = list(wb.sheet_names)
    sheets = {}
    try:
        for name in names:
            if (wanted is None or name in wanted) and name not in skipped:
                sheets[name] = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:
        raise WorkbookUnreadable(f"读取工作表“{name}”失败，文件可能已损坏：{type(exc).__name__}") from exc
    finally:
        wb.close()
    return RawWorkbook(names, sheets)
