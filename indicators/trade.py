"""Trade in services (服务贸易): the quarter, the year to date, growth, shares and composition; units."""

from __future__ import annotations

import pandas as pd

from reference import Quarter

UNITS = ("万元", "亿元", "亿美元")


def _sum(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.groupby("region_code")[columns].sum(min_count=1)


def _growth(now, base):
    return (now / base.where(base > 0) - 1).astype("Float64")


def trade_indicators(by_category: pd.DataFrame, period: str, knowledge_intensive: set[int]) -> pd.DataFrame:
    """Trade of one quarter, per region, in 万元 (periods read: the quarter, its year so far, a year earlier).

    - `exports`, `imports` = sums over the 12 categories; `trade_total` = exports + imports; `balance` =
      exports − imports.
    - `ytd_exports`, `ytd_imports`, `ytd_total`, `ytd_balance` = the same summed over the year's quarters up to this one
      that the warehouse holds (`ytd_quarters` says how many; the pilot starts in 2018Q3).
    - `export_base` = exports of the same quarter a year earlier from the warehouse; else the sum of the workbook's
      上年同期出口额; else null. `export_yoy_basis` says which (仓库数据 / 上年同期列).
    - `export_yoy` = exports / export_base − 1; `import_yoy` and `total_yoy` likewise (a zero base gives null).
    - `export_share` = exports / the exports of all regions that reported the quarter.
    - `ki_exports` = exports of the knowledge-intensive categories (6–11); `ki_export_share` = ki_exports / exports.
    """
    q = Quarter.parse(period)
    cur = by_category[by_category["period"] == period]
    out = _sum(cur, ["exports", "imports", "exports_prev", "imports_prev"])
    prior = _sum(by_category[by_category["period"] == q.year_earlier().code], ["exports", "imports"])
    held = out.index.isin(prior.index)
    out["export_base"] = prior["exports"].reindex(out.index).where(held, out["exports_prev"])
    out["import_base"] = prior["imports"].reindex(out.index).where(held, out["imports_prev"])
    out["export_yoy_basis"] = pd.Series(pd.NA, index=out.index, dtype="string")
    out.loc[held, "export_yoy_basis"] = "仓库数据"
    out.loc[~held & out["exports_prev"].notna(), "export_yoy_basis"] = "上年同期列"
    out["trade_total"] = out["exports"] + out["imports"]
    out["balance"] = out["exports"] - out["imports"]
    out["export_yoy"] = _growth(out["exports"], out["export_base"])
    out["import_yoy"] = _growth(out["imports"], out["import_base"])
    out["total_yoy"] = _growth(out["trade_total"], out["export_base"] + out["import_base"])
    out.loc[out["export_yoy"].isna(), "export_yoy_basis"] = pd.NA

    same_year = [Quarter(q.year, k).code for k in range(1, q.quarter + 1)]
    ytd = by_category[by_category["period"].isin(same_year)]
    ytd_sums = _sum(ytd, ["exports", "imports"]).rename(
        columns={"exports": "ytd_exports", "imports": "ytd_imports"}
    )
    ytd_sums["ytd_quarters"] = ytd.groupby("region_code")["period"].nunique()
    out = out.join(ytd_sums)
    out["ytd_total"] = out["ytd_exports"] + out["ytd_imports"]
    out["ytd_balance"] = out["ytd_exports"] - out["ytd_imports"]

    out["export_share"] = (out["exports"] / out["exports"].sum()).astype("Float64")
    ki = cur[cur["category_code"].isin(knowledge_intensive)].groupby("region_code")["exports"].sum()
    out["ki_exports"] = ki.reindex(out.index).fillna(0.0)
    out["ki_export_share"] = (out["ki_exports"] / out["exports"].where(out["exports"] > 0)).astype("Float64")
    return out.drop(columns=["exports_prev", "imports_prev"]).reset_index()


def composition(by_category: pd.DataFrame, period: str) -> pd.DataFrame:
    """Exports and imports of each region over the 12 categories, with each category's share of the region's total."""
    cur = by_category[by_category["period"] == period][
        ["region_code", "category_code", "exports", "imports"]
    ].copy()
    totals = cur.groupby("region_code")[["exports", "imports"]].transform("sum")
    cur["export_share"] = cur["exports"] / totals["exports"].where(totals["exports"] > 0)
    cur["import_share"] = cur["imports"] / totals["imports"].where(totals["imports"] > 0)
    return cur.sort_values(["region_code", "category_code"]).reset_index(drop=True)


def convert(amount_wan, unit: str, year: int, rates: dict[int, float]):
    """An amount in 万元 in another unit: 万元, 亿元 (÷ 10,000) or 亿美元 (÷ the year's CNY per USD ÷ 10,000)."""
    if unit == "万元":
        return amount_wan
    if unit == "亿元":
        return amount_wan / 10_000
    if unit == "亿美元":
        return amount_wan / rates[year] / 10_000
    raise ValueError(f"unknown unit {unit}; one of {UNITS}")
