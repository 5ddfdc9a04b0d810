"""The reads of one region's profile (地区画像) that the indicators do not already make: its workbook's rows as
they were filled in."""

from __future__ import annotations

import pandas as pd

from .latest import latest


def opening_measures(wh, region_code: str, period: str, approved_only: bool = False) -> pd.DataFrame:
    """The 开放便利举措 sheet of the region's latest accepted workbook for the quarter, in the workbook's order:
    measure code, landing status (落地状态), landing date, typical case (典型案例) and enterprises benefiting
    (受益企业数); `approved_only`: nothing unless the region's quarter is approved."""
    with_, params = latest(None, "measure_status", approved_only=approved_only)
    return wh.query_df(
        f"""{with_}SELECT measure_code, status, landed_date, case_text, beneficiaries
           FROM measure_status WHERE region_code = $region AND period = $period ORDER BY row_no""",
        params | {"region": region_code, "period": period},
    )
