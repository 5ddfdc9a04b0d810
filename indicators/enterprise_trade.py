"""The key enterprises' direct reports (重点联系企业服务贸易直报) added up: by category, by partner country or region,
and enterprise by enterprise."""

from __future__ import annotations

import pandas as pd


def exports_by_category(trade: pd.DataFrame, cny_per_usd: float) -> pd.DataFrame:
    """The enterprises' exports per region and category of one quarter.

    - `exports_usd` = Σ 出口额 (万美元) over the region's enterprises and partners.
    - `enterprise_exports` = exports_usd × the year's CNY per USD (万元), as `cross_check` converts.
    - `category_share` = the category's part of the region's enterprise exports.
    `trade` is the quarter's direct reports per region, enterprise, category and partner (万美元).
    """
    out = trade.groupby(["region_code", "category_code"], as_index=False)["exports_usd"].sum()
    out["enterprise_exports"] = out["exports_usd"] * cny_per_usd
    total = out.groupby("region_code")["exports_usd"].transform("sum")
    out["category_share"] = (out["exports_usd"] / total.where(total > 0)).astype("Float64")
    return out.sort_values(["region_code", "category_code"]).reset_index(drop=True)


def exports_by_partner(trade: pd.DataFrame, cny_per_usd: float) -> pd.DataFrame:
    """The enterprises' exports per partner country or region of one quarter, largest first.

    - `exports_usd` = Σ 出口额 (万美元) to the partner over every region's enterprises; `enterprise_exports` in 万元
      at the year's rate.
    - `partner_share` = exports_usd / the enterprises' exports to all partners.
    - `enterprises` = enterprises that exported to the partner; `regions` = regions they are in.
    """
    by = trade.groupby("partner")
    out = pd.DataFrame(
        {
            "exports_usd": by["exports_usd"].sum(),
            "enterprises": trade[trade["exports_usd"] > 0].groupby("partner")["credit_code"].nunique(),
            "regions": trade[trade["exports_usd"] > 0].groupby("partner")["region_code"].nunique(),
        }
    ).reset_index(names="partner")
    out["enterprise_exports"] = out["exports_usd"] * cny_per_usd
    total = float(out["exports_usd"].sum())
    out["partner_share"] = (out["exports_usd"] / (total if total > 0 else float("nan"))).astype("Float64")
    for c in ("enterprises", "regions"):
        out[c] = out[c].fillna(0).astype("Int64")
    out = out.sort_values(["exports_usd", "partner"], ascending=[False, True]).reset_index(drop=True)
    return out[["partner", "exports_usd", "enterprise_exports", "partner_share", "enterprises", "regions"]]


def top_enterprises(totals: pd.DataFrame, cny_per_usd: float, n: int = 20) -> pd.DataFrame:
    """The `n` enterprises with the largest exports of the quarter, across the regions.

    - `exports_usd` = the enterprise's Σ 出口额 (万美元) over its categories and partners; `enterprise_exports` in 万元
      at the year's rate; `export_rank` = its place (1 = largest; ties share the credit code's order).
    `totals` is one row per region and enterprise (credit_code, name, exports_usd).
    """
    ranked = totals.sort_values(["exports_usd", "credit_code"], ascending=[False, True]).head(n)
    out = ranked[["region_code", "credit_code", "name", "exports_usd"]].reset_index(drop=True)
    out.insert(0, "export_rank", pd.array(range(1, len(out) + 1), dtype="Int64"))
    out["enterprise_exports"] = out["exports_usd"] * cny_per_usd
    return out
