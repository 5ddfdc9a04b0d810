"""Reads for the 重点企业 page: each enterprise's direct report of a quarter, summed over categories and partners."""

from __future__ import annotations

import pandas as pd

from .latest import latest


def enterprise_totals(
    wh, period: str, region_codes: list[str] | None = None, approved_only: bool = False
) -> pd.DataFrame:
    """Per region and enterprise (credit code): its name and its exports and imports of the quarter (万美元).

    `region_codes` limits the read to those regions (a region's own enterprises); None reads every region.
    `approved_only`: of the approved region-quarters only.
    """
    with_, params = latest(None, "enterprise_trade", approved_only=approved_only)
    where, params = "period = $period", params | {"period": period}
    if region_codes is not None:
        where += " AND list_contains($regions, region_code)"
        params["regions"] = list(region_codes)
    return wh.query_df(
        f"""{with_}SELECT region_code, credit_code, any_value(name) AS name,
                   sum(exports_usd) AS exports_usd, sum(imports_usd) AS imports_usd
            FROM enterprise_trade WHERE {where} GROUP BY region_code, credit_code
            ORDER BY region_code, credit_code""",
        params,
    )
