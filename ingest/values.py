"""Reading cell values as Excel and clerks write them: dates, amounts, codes, text."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

EXCEL_EPOCH = date(1899, 12, 30)
FULLWIDTH = str.maketrans("０１２３４５６７８９．，－／：　（）＋", "0123456789.,-/: ()+")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


class ValueProblem(ValueError):
    """A cell value that cannot be read as its column's type; the text says why in Chinese."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed as a number
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 < value < 80000:  # an Excel serial date in a cell not formatted as a date
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueProblem("不是日期")
    text = str(value).strip().translate(FULLWIDTH)
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise ValueProblem("不是存在的日期") from None
    raise ValueProblem("无法识别为日期")


def as_number(value) -> float:
    if isinstance(value, bool):
        raise ValueProblem("不是数字")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().translate(FULLWIDTH).replace(",", "").replace(" ", "")
        try:
            number = float(text)
        except ValueError:
            raise ValueProblem("不是数字") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueProblem("不是数字")
    return number


def as_amount(value) -> float:
    number = as_number(value)
    if number < 0:
        raise ValueProblem("不能为负数")
    return round(number, 2)


def as_count(value) -> int:
    number = as_number(value)  # not rounded first: 3.001 is no count
    if number < 0:
        raise ValueProblem("不能为负数")
    if not float(number).is_integer():
        raise ValueProblem("应为整数")
    return int(number)


def as_code_text(value) -> str:
    """The text to look up in a code list: 9.0 read from a number cell is '9'."""
    return as_text(value).translate(FULLWIDTH).strip()
