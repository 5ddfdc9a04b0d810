"""Indicator transforms: plain functions of DataFrames, no warehouse and no Streamlit.

Every function documents its formula; the README's indicator section is taken from these docstrings.
"""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

COMPLETED = "已完成"


def task_indicators(carried: pd.DataFrame, progress: pd.DataFrame, submitted: set[str]) -> pd.DataFrame:
    """Tasks (任务进展).

    - `tasks_total` = number of 试点任务 the catalog gives the region (tasks of central departments excluded).
    - `tasks_completed` = tasks whose measures reported in the quarter's workbook are all 已完成 (at least one).
    - `task_completion_rate` = tasks_completed / tasks_total, between 0 and 1.
    Regions without an accepted workbook for the quarter get null completed and rate.
    """
    total = carried.groupby("region_code")["task_code"].nunique().rename("tasks_total")
    mine = progress.merge(carried, on=["region_code", "task_code"])  # only tasks the region carries
    per_task = mine.assign(done=mine["status"].eq(COMPLETED)).groupby(["region_code", "task_code"])["done"].all()
    completed = per_task[per_task].groupby(level="region_code").size().rename("tasks_completed")
    out = pd.concat([total, completed], axis=1).reset_index(names="region_code")
    out["tasks_completed"] = out["tasks_completed"].fillna(0).astype("Int64")
    out.loc[~out["region_code"].isin(submitted), "tasks_completed"] = pd.NA
    out["task_completion_rate"] = (out["tasks_completed"] / out["tasks_total"]).astype("Float64")
    return out


def trade_indicators(current: pd.DataFrame, year_earlier: pd.DataFrame) -> pd.DataFrame:
    """Trade (服务贸易), in 万元.

    - `exports`, `imports` = the sums over the 12 categories of the quarter's workbook.
    - `export_yoy` = exports / base − 1, where base is the region's exports in the same quarter a year
      earlier from the warehouse; else the sum of the quarter's 上年同期出口额 column; else null.
      `export_yoy_basis` says which: 仓库数据, 上年同期列 or null. A zero base gives null.
    """
    base = year_earlier[["region_code", "exports"]].rename(columns={"exports": "base_warehouse"})
    out = current[["region_code", "exports", "imports", "exports_prev"]].merge(base, on="region_code", how="left")
    use_wh = out["base_warehouse"].notna()
    out["export_base"] = out["base_warehouse"].where(use_wh, out["exports_prev"])
    out["export_yoy_basis"] = pd.Series(pd.NA, index=out.index, dtype="string")
    out.loc[use_wh, "export_yoy_basis"] = "仓库数据"
    out.loc[~use_wh & out["exports_prev"].notna(), "export_yoy_basis"] = "上年同期列"
    valid = out["export_base"].notna() & (out["export_base"] != 0)
    out["export_yoy"] = (out["exports"] / out["export_base"] - 1).where(valid).astype("Float64")
    out.loc[~valid, "export_yoy_basis"] = pd.NA
    return out[["region_code", "exports", "imports", "export_base", "export_yoy", "export_yoy_basis"]]


_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise_title(title: str) -> str:
    """The identity of an experience item: full-width folded, spaces and punctuation removed."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", title or "")).lower()


def experience_indicators(titles: pd.DataFrame) -> pd.DataFrame:
    """Experience items (经验案例).

    - `experience_items` = distinct item names the region submitted in the latest accepted workbooks of
      every quarter up to and including this one; names equal after removing spaces and punctuation
      count once.
    """
    keyed = titles.assign(key=titles["title"].map(normalise_title))
    counts = keyed.groupby("region_code")["key"].nunique().rename("experience_items")
    return counts.reset_index()


def scores_table(regions: pd.DataFrame, tasks: pd.DataFrame, trade: pd.DataFrame,
                 experience: pd.DataFrame, submitted: pd.DataFrame) -> pd.DataFrame:
    """One row per region in the catalog's order, every indicator family side by side."""
    out = regions.merge(tasks, on="region_code", how="left").merge(trade, on="region_code", how="left")
    out = out.merge(experience, on="region_code", how="left")
    out["experience_items"] = out["experience_items"].fillna(0).astype("Int64")
    out["submitted"] = out["region_code"].isin(set(submitted["region_code"]))
    return out.sort_values("seq").reset_index(drop=True)


def pilot_export_total(scores: pd.DataFrame) -> tuple[float, float | None]:
    """The pilot's exports this quarter (万元), and their growth over the regions that have a base.

    growth = Σ exports / Σ export_base − 1, both sums over the regions with a year-earlier base,
    so a region that did not report a year ago does not inflate the growth.
    """
    total = float(scores["exports"].fillna(0).sum())
    comparable = scores[scores["export_base"].notna() & scores["exports"].notna()]
    base = float(comparable["export_base"].sum())
    return total, (float(comparable["exports"].sum()) / base - 1) if base else None
