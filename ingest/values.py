"""Reading cell values as Excel and clerks write them: dates, amounts, codes, text.

A number written as text is read only in the forms a clerk types (NUMBER_TEXT): digits, an optional sign,
an optional decimal part, commas between groups of three; 全角 digits, commas and points are folded first and
spaces around it are dropped. So "1,234.56", "１２３４", " 12 ", "+5", "0.5", ".5" and "1." are numbers, and
"1_000", "1e3", "５e３", "0x10", "inf", "nan", "1,23,4", "1 234" and "12元" are not (Python's float() would
take the first five).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from base.text import fold_width

NUMBER_TEXT = re.compile(r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)")
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
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))  # a phone number typed as a number; 1e308 stays 1e+308
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
    """A number cell, or text in one of the forms NUMBER_TEXT allows; never NaN or infinite."""
    if isinstance(value, bool):
        raise ValueProblem("不是数字")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = fold_width(str(value)).strip()
        if not NUMBER_TEXT.fullmatch(text):
            raise ValueProblem("不是数字")
        number = float(text.replace(",", ""))
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueProblem("不是数字")
    return number + 0.0  # −0 is 0


def as_unrounded_amount(value) -> float:
    """A non-negative number as written; the validator rounds it and says so when that changed it."""
    number = as_number(value)
    if number < 0:
        raise ValueProblem("不能为负数")
    return number


def as_amount(value) -> float:
    return round(as_unrounded_amount(value), 2) + 0.0


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
