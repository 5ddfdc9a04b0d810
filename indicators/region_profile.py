"""One region against the pilot (地区画像): its value, the pilot's average and its rank for a field of the scores,
its task areas against the pilot's, its key enterprises."""

from __future__ import annotations

import pandas as pd

# A region's clerk sees the pilot's average only when at least this many other regions make it: with one other,
# average and own value give that region's figure exactly.
MIN_OTHERS = 3


def standing(scores: pd.DataFrame, region_code: str, field: str, min_others: int = 0) -> dict:
    """A region's value of `field` in a score table, against the regions that have one.

    - `value` = the region's value (None when it has none, e.g. it did not report the quarter).
    - `pilot_average` = the mean of the value over the regions that have one; None when fewer than `min_others`
      other regions have one (what a region's clerk is shown: MIN_OTHERS).
    - `rank` = 1 + regions whose value is strictly higher (None without a value); `ranked` = regions with a value.
    """
    values = scores.set_index("region_code")[field].astype("Float64")
    present = values.dropna()
    value = values.get(region_code)
    has = value is not None and not pd.isna(value)
    others = len(present) - (1 if has else 0)
    return {
        "value": float(value) if has else None,
        "pilot_average": float(present.mean()) if len(present) and others >= min_others else None,
        "rank": int((present > value).sum()) + 1 if has else None,
        "ranked": len(present),
    }


def area_completion(scores: pd.DataFrame, region_code: str, areas: dict[int, str]) -> pd.DataFrame:
    """Per task area k of the catalog: the region's measure completion rate in it (`area_completion_rate_k` of
    task_indicators) as `area_rate`, and `pilot_area_rate` = the mean of the regions' rates in area k over the regions
    that list measures in it."""
    row = scores.set_index("region_code").loc[region_code]
    out = pd.DataFrame({"area": list(areas)})
    columns = [f"area_completion_rate_{k}" for k in areas]
    out["area_rate"] = pd.array([row[c] for c in columns], dtype="Float64")
    out["pilot_area_rate"] = pd.array([scores[c].astype("Float64").mean() for c in columns], dtype="Float64")
    return out


def enterprise_summary(scores: pd.DataFrame, cross: pd.DataFrame, region_code: str) -> dict:
    """The region's key enterprises in the quarter (no enterprise named).

    - `listed_enterprises`, `reporting_enterprises`, `direct_report_coverage`, `enterprise_exports` (万元) as
      enterprise_indicators gives them; `exports` = the region's own exports (万元).
    - `enterprise_export_share` = enterprise_exports / exports (null without either).
    - `flagged_categories` = the category codes where the enterprises' exports exceed the region's (cross_check).
    """
    row = scores.set_index("region_code").loc[region_code]

    def value(key):
        return None if pd.isna(row[key]) else row[key]

    ent, exports = value("enterprise_exports"), value("exports")
    mine = cross[(cross["region_code"] == region_code) & cross["excess"]]
    return {
        "listed_enterprises": int(row["listed_enterprises"]),
        "reporting_enterprises": int(row["reporting_enterprises"]),
        "direct_report_coverage": value("direct_report_coverage"),
        "enterprise_exports": ent,
        "exports": exports,
        "enterprise_export_share": ent / exports if ent is not None and exports else None,
        "flagged_categories": [int(c) for c in mine["category_code"]],
    }
