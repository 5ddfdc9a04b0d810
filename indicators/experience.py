"""Experience items (经验案例): distinct items, new ones, the office's 已复制推广 marks."""

from __future__ import annotations

import pandas as pd

from base.text import normalise_title


def distinct_items(items: pd.DataFrame) -> pd.DataFrame:
    """One row per region and item (same region, same normalised name), the latest text kept,
    with `first_seq` the quarter the item first came in."""
    keyed = items.assign(title_key=items["title"].map(normalise_title))
    keyed = keyed.sort_values(["region_code", "title_key", "period_seq", "received_at"])
    first = keyed.groupby(["region_code", "title_key"])["period_seq"].min().rename("first_seq")
    latest = keyed.groupby(["region_code", "title_key"]).tail(1).set_index(["region_code", "title_key"])
    return latest.join(first).reset_index()


def experience_indicators(items: pd.DataFrame, adoptions: pd.DataFrame, period_seq: int) -> pd.DataFrame:
    """Experience items up to and including one quarter, per region.

    - `experience_items` = distinct items the region submitted in the latest accepted workbooks of every quarter up
      to this one (the same key = one item, the latest text kept; the key is base.text.normalise_title: full-width
      folded, every space, punctuation mark and symbol removed, lower case — see 经验案例名称 below).
    - `experience_new` = those whose first submission is this quarter.
    - `experience_adopted` = those the office has marked 已复制推广 (a mark follows the key, so a re-sent item keeps
      it); `adoption_rate` = experience_adopted / experience_items.

    As of a moment (see 时点): only the workbooks received by then, so an item first sent after it does not exist
    yet, and only the marks made by then.
    """
    distinct = distinct_items(items)
    marked = distinct.merge(adoptions[["region_code", "title_key"]], on=["region_code", "title_key"])
    out = (
        pd.concat(
            [
                distinct.groupby("region_code").size().rename("experience_items"),
                distinct[distinct["first_seq"] == period_seq]
                .groupby("region_code")
                .size()
                .rename("experience_new"),
                marked.groupby("region_code").size().rename("experience_adopted"),
            ],
            axis=1,
        )
        .fillna(0)
        .astype("Int64")
    )
    out["adoption_rate"] = (
        out["experience_adopted"] / out["experience_items"].where(out["experience_items"] > 0)
    ).astype("Float64")
    return out.reset_index(names="region_code")


def with_adoption(items: pd.DataFrame, adoptions: pd.DataFrame) -> pd.DataFrame:
    """distinct_items with `adopted`: whether the office has marked the item 已复制推广."""
    distinct = distinct_items(items)
    marked = set(zip(adoptions["region_code"], adoptions["title_key"]))
    return distinct.assign(
        adopted=[(r, k) in marked for r, k in zip(distinct["region_code"], distinct["title_key"])]
    )


def experience_breakdown(items: pd.DataFrame) -> pd.DataFrame:
    """Distinct items per region, task area and 案例类型."""
    distinct = distinct_items(items)
    return distinct.groupby(["region_code", "area", "case_type"]).size().rename("items").reset_index()
