"""Reads for the 重点企业 page: each enterprise's direct report of a quarter, summed over categories and partners."""

from __future__ import annotations

import pandas as pd


def enterprise_totals(wh, period: str, region_codes: list[str] | None = None) -> pd.DataFrame:
    """Per region and enterprise (credit code): its name and its exports and imports of the quarter (万美元).

    `region_codes` limits the read to those regions (a region's own enterprises); None reads every region.
    """
    where, params = "period = ?", [period]
    if region_codes is not None:
        if not region_codes:
            where += " AND FALSE"
        else:
            where += f" AND region_code IN ({', '.join('?' for _ in region_codes)})"
            params += list(region_codes)
    return wh.query_df(
        f"""SELECT region_code, credit_code, any_value(name) AS name,
                   sum(exports_usd) AS exports_usd, sum(imports_usd) AS imports_usd
            FROM v_enterprise_trade WHERE {where} GROUP BY region_code, credit_code""",
        params,
    )
