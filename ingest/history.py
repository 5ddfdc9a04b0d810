"""What the warehouse already holds, for the validator's comparisons (warnings only)."""
from __future__ import annotations

import pandas as pd

from reference import Quarter

from .validate import History


class WarehouseHistory(History):
    def __init__(self, cursor):
        self.cur = cursor

    def key_enterprises(self, region_code: str, period: str) -> set[str] | None:
        """The credit codes of the region's latest 重点联系企业名录 up to the quarter; None if it sent none."""
        rows = self.cur.execute(
            """SELECT credit_code FROM v_key_enterprise
               WHERE region_code = ? AND period_seq = (
                   SELECT max(period_seq) FROM v_key_enterprise k JOIN dim_quarter q ON q.period = ?
                   WHERE k.region_code = ? AND k.period_seq <= q.seq)""",
            [region_code, period, region_code],
        ).fetchall()
        return {code for (code,) in rows} or None

    def category_history(self, region_code: str, period: str) -> pd.DataFrame:
        q = Quarter.parse(period)
        return self.cur.execute(
            """SELECT category_code,
                      max(exports) FILTER (WHERE period = $last) AS exports_last,
                      max(imports) FILTER (WHERE period = $last) AS imports_last,
                      max(exports) FILTER (WHERE period = $earlier) AS exports_year_earlier,
                      max(imports) FILTER (WHERE period = $earlier) AS imports_year_earlier
               FROM v_trade WHERE region_code = $region AND period IN ($last, $earlier)
               GROUP BY category_code""",
            {"region": region_code, "last": q.previous().code, "earlier": q.year_earlier().code},
        ).df()
