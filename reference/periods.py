"""Quarters of a pilot round: parsing, labels, dates and reporting deadlines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

CN_QUARTER = {1: "一", 2: "二", 3: "三", 4: "四"}
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# 2019Q4, 2019-Q4, 2019 Q4, 2019年第四季度, 2019年第4季度, 2019年四季度
_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-_ ]?\s*[Qq]\s*([1-4])$"),
    re.compile(r"^(\d{4})\s*年\s*第?\s*([一二三四1-4])\s*季度?$"),
)


class PeriodError(ValueError):
    """A text that is not a quarter such as 2019Q4."""


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    @classmethod
    def parse(cls, text: str | "Quarter") -> "Quarter":
        if isinstance(text, Quarter):
            return text
        s = str(text).strip().translate(_FULLWIDTH)
        for pattern in _PATTERNS:
            m = pattern.match(s)
            if m:
                return cls(int(m.group(1)), _CN_DIGIT[m.group(2)])
        raise PeriodError(f"无法识别的报告期“{text}”，请写成 2019Q4 或 2019年第四季度")

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{CN_QUARTER[self.quarter]}季度"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    def next(self) -> "Quarter":
        return Quarter(self.year + self.quarter // 4, self.quarter % 4 + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - (self.quarter == 1), (self.quarter - 2) % 4 + 1)

    def year_earlier(self) -> "Quarter":
        return Quarter(self.year - 1, self.quarter)

    def deadline(self, day: int) -> date:
        """The reporting deadline: `day` of the month after the quarter."""
        return self.next().start.replace(day=day)

    def __str__(self) -> str:
        return self.code


_FULLWIDTH = str.maketrans("０１２３４５６７８９ＱｑＡ－", "0123456789QqA-")


def quarters_between(start: date, end: date) -> list[Quarter]:
    """Every quarter that starts on or after `start` and ends on or before `end`."""
    q = Quarter(start.year, (start.month - 1) // 3 + 1)
    if q.start < start:
        q = q.next()
    out = []
    while q.end <= end:
        out.append(q)
        q = q.next()
    return out
