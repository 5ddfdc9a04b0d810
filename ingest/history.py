"""What the warehouse already holds, for the validator's comparisons (warnings only)."""

from __future__ import annotations

import pandas as pd

from reference import Quarter
from warehouse import submissions

from .validate import History


class WarehouseHistory(History):
    def __init__(self, cursor):
        self.cur = cursor

    def key_enterprises(self, region_code: str, period: str) -> set[str] | None:
        """The credit codes of the region's latest 重点联系企业名录 up to the quarter; None if it sent none."""
        return submissions.key_enterprise_codes(self.cur, region_code, period) or None

    def category_history(self, region_code: str, period: str) -> pd.DataFrame:
        q = Quarter.parse(period)
        return submissions.category_history(self.cur, region_code, q.previous().code, q.year_earlier().code)
