"""Trade in services over the year to date (本年累计) and over the pilot as a whole: the same columns as a quarter's,
so a chart or a table reads either basis."""

from __future__ import annotations

import pandas as pd

from reference import Quarter


def quarters_so_far(period: str, round_quarters) -> list[str]:
    """The quarters of the period's year up to and including it that the round holds (2018: from 2018Q3)."""
    q = Quarter.parse(period)
    return [r.code for r in round_quarters if r.year == q.year and r <= q]


def year_to_date(trend: pd.DataFrame, period: str) -> pd.DataFrame:
    """Trade of the year to date, per region, in 万元, under the names a quarter's trade has (`trend` is
    scores_by_quarter up to `period` or later).

    The quarters summed are those of the period's year up to and including it that `trend` holds (2018: from
    2018Q3, when the pilot starts).
    - `exports`, `imports`, `ki_exports` = the sums of each quarter's figure over those quarters (equal to
      trade_indicators' `ytd_exports`, `ytd_imports`); `trade_total` = exports + imports; `balance` = exports −
      imports.
    - `ytd_quarters` = quarters of them the region reported; `ytd_expected` = quarters there are; a region that did
      not report the quarter itself has no year-to-date figure (as trade_indicators), one that missed an earlier
      quarter has the sum of those it reported (ytd_quarters < ytd_expected).
    - `export_base` = the sum of each quarter's export_base, only when the region reported every quarter and each
      has a base, else null; `import_base` likewise.
    - `export_yoy` = exports / export_base − 1; `import_yoy` likewise (null when the base is null or zero).
    - `export_share` = exports / the exports of all regions; `ki_export_share` = ki_exports / exports.
    - `submitted` = the region reported the quarter itself.
    """
    q = Quarter.parse(period)
    periods = [
        p for p in dict.fromkeys(trend["period"]) if Quarter.parse(p).year == q.year and Quarter.parse(p) <= q
    ]
    rows = trend[trend["period"].isin(periods)]
    by = rows.groupby("region_code", sort=False)
    out = by[["exports", "imports", "ki_exports"]].sum(min_count=1)
    out["ytd_quarters"] = by["exports"].count().astype("Int64")
    out["ytd_expected"] = len(periods)
    complete = out["ytd_quarters"].eq(len(periods))
    for key in ("export", "import"):
        based = by[f"{key}_base"].count().eq(len(periods)) & complete
        out[f"{key}_base"] = by[f"{key}_base"].sum(min_count=1).where(based)
    this = trend[trend["period"] == q.code].set_index("region_code")
    out["region"] = this["region"].reindex(out.index)
    out["submitted"] = this["submitted"].reindex(out.index).fillna(False).astype(bool)
    amounts = ["exports", "imports", "ki_exports", "export_base", "import_base"]
    out[amounts] = out[amounts].where(out["submitted"], axis=0)
    out["trade_total"] = out["exports"] + out["imports"]
    out["balance"] = out["exports"] - out["imports"]
    for key in ("export", "import"):
        base = out[f"{key}_base"]
        out[f"{key}_yoy"] = (out[f"{key}s"] / base.where(base > 0) - 1).astype("Float64")
    out["export_share"] = (out["exports"] / out["exports"].sum()).astype("Float64")
    out["ki_export_share"] = (out["ki_exports"] / out["exports"].where(out["exports"] > 0)).astype("Float64")
    front = [
        "region",
        "submitted",
        "exports",
        "imports",
        "trade_total",
        "balance",
        "export_base",
        "export_yoy",
    ]
    out = out.reset_index()
    return out[["region_code", *front, *[c for c in out.columns if c not in front and c != "region_code"]]]


def composition_over(by_category: pd.DataFrame, periods: list[str]) -> pd.DataFrame:
    """Exports and imports of each region over the 12 categories, summed over `periods` (one quarter: equal to
    trade.composition), with each category's share of the region's total (`export_share`, `import_share`)."""
    cur = (
        by_category[by_category["period"].isin(periods)]
        .groupby(["region_code", "category_code"], as_index=False)[["exports", "imports"]]
        .sum(min_count=1)
    )
    totals = cur.groupby("region_code")[["exports", "imports"]].transform("sum")
    cur["export_share"] = cur["exports"] / totals["exports"].where(totals["exports"] > 0)
    cur["import_share"] = cur["imports"] / totals["imports"].where(totals["imports"] > 0)
    return cur.sort_values(["region_code", "category_code"]).reset_index(drop=True)


def category_totals(composition: pd.DataFrame) -> pd.DataFrame:
    """The pilot's trade per category (万元): `exports`, `imports` = sums over the regions of a composition table
    (a quarter or the year to date); `export_share`, `import_share` = the category's share of the pilot's total."""
    out = composition.groupby("category_code", as_index=False)[["exports", "imports"]].sum(min_count=1)
    for key in ("export", "import"):
        total = out[f"{key}s"].sum()
        out[f"{key}_share"] = (out[f"{key}s"] / total if total > 0 else pd.NA).astype("Float64")
    return out
