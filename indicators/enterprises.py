"""Key enterprises (重点联系企业): who reported, their figures, and the cross-check against the region's own."""

from __future__ import annotations

import pandas as pd


def enterprise_indicators(lists: pd.DataFrame, reporting: pd.DataFrame, cross: pd.DataFrame) -> pd.DataFrame:
    """Key enterprises of one quarter, per region.

    - `listed_enterprises` = enterprises in the region's latest 重点联系企业名录 up to the quarter.
    - `reporting_enterprises` = enterprises with direct-report rows for the quarter.
    - `direct_report_coverage` = listed enterprises that reported / listed_enterprises.
    - `enterprise_exports` = the enterprises' exports converted to 万元 (万美元 × the year's CNY per USD).
    - `enterprise_excess_categories` = categories where the enterprises' exports exceed the region's own figure
      (a data-quality and 骗税/骗补 risk signal; see `cross_check`).
    """
    listed = lists.groupby("region_code")["credit_code"].nunique().rename("listed_enterprises")
    rep = reporting.groupby("region_code")["credit_code"].nunique().rename("reporting_enterprises")
    covered = (
        reporting.merge(lists, on=["region_code", "credit_code"])
        .groupby("region_code")["credit_code"]
        .nunique()
    )
    out = pd.concat([listed, rep, covered.rename("covered")], axis=1)
    out["covered"] = out["covered"].fillna(0)
    out["direct_report_coverage"] = (
        out["covered"] / out["listed_enterprises"].where(out["listed_enterprises"] > 0)
    ).astype("Float64")
    out["enterprise_exports"] = cross.groupby("region_code")["enterprise_exports"].sum(min_count=1)
    out["enterprise_excess_categories"] = cross.groupby("region_code")["excess"].sum()
    for c in ("listed_enterprises", "reporting_enterprises", "enterprise_excess_categories"):
        out[c] = out[c].fillna(0).astype("Int64")
    return out.drop(columns=["covered"]).reset_index(names="region_code")


def cross_check(
    enterprise_by_category: pd.DataFrame, region_by_category: pd.DataFrame, cny_per_usd: float
) -> pd.DataFrame:
    """Per region and category: enterprises' exports (万元) against the region's exports; `excess` where they exceed it.

    enterprise_exports = Σ exports_usd (万美元) × cny_per_usd; excess = enterprise_exports > region exports.
    """
    ent = enterprise_by_category.assign(
        enterprise_exports=enterprise_by_category["exports_usd"] * cny_per_usd
    )
    merged = ent[["region_code", "category_code", "enterprise_exports"]].merge(
        region_by_category[["region_code", "category_code", "exports"]].rename(
            columns={"exports": "region_exports"}
        ),
        on=["region_code", "category_code"],
        how="left",
    )
    merged["excess"] = merged["region_exports"].notna() & (
        merged["enterprise_exports"] > merged["region_exports"] + 1e-9
    )
    merged["ratio"] = merged["enterprise_exports"] / merged["region_exports"].where(
        merged["region_exports"] > 0
    )
    return merged.sort_values(["region_code", "category_code"]).reset_index(drop=True)
