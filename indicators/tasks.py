"""Tasks (任务进展): what the regions carry, the measures they report, and how far they got."""

from __future__ import annotations

from datetime import date

import pandas as pd

from reference.vocabulary import COMPLETED, IN_PROGRESS, NOT_STARTED


def _rate(num, den):
    return (num / den.where(den > 0)).astype("Float64")


def overdue(progress: pd.DataFrame, quarter_end: date) -> pd.Series:
    """Measures whose 计划完成时间 is before the quarter's last day and that are not 已完成 (one rule for every count;
    a plan date on the last day itself is not overdue)."""
    return ~progress["status"].eq(COMPLETED) & (
        pd.to_datetime(progress["planned_date"]) < pd.Timestamp(quarter_end)
    )


def task_indicators(
    carried: pd.DataFrame,
    progress: pd.DataFrame,
    submitted: set[str],
    quarter_end: date,
    area_codes: list[int],
) -> pd.DataFrame:
    """Tasks and measures of one quarter, per region.

    - `tasks_total` = 试点任务 the catalog gives the region (central departments' tasks excluded).
    - `tasks_completed` = tasks whose measures in the quarter's workbook are all 已完成 (at least one measure).
    - `task_completion_rate` = tasks_completed / tasks_total.
    - `tasks_with_completed_measure_share` = tasks with at least one 已完成 measure / tasks_total.
    - `measures_listed`, `measures_completed`, `measures_in_progress`, `measures_not_started` = rows of
      任务进展 by 进展状态.
    - `measure_completion_rate` = measures_completed / measures_listed.
    - `on_time_rate` = completed measures with 实际完成时间 ≤ 计划完成时间 / measures_completed (null when
      none completed): completed on the planned day itself is on time.
    - `overdue_measures` = measures whose 计划完成时间 is before the quarter's last day and that are not 已完成:
      a plan date on the quarter's last day (e.g. 2019-12-31 for 2019Q4) is not overdue in that quarter, the day
      before it is. Judged against the quarter's last day, not against the day the indicators are computed.
    - `area_completion_rate_k` (k = each task area of the catalog, 1…8) = measures_completed / measures_listed
      within task area k.
    Regions without an accepted workbook for the quarter get null for everything but tasks_total.
    """
    total = carried.groupby("region_code")["task_code"].nunique().rename("tasks_total")
    mine = progress.merge(carried[["region_code", "task_code"]], on=["region_code", "task_code"])
    done = mine["status"].eq(COMPLETED)
    per_task = mine.assign(done=done).groupby(["region_code", "task_code"])["done"].agg(["all", "any"])
    by_region = (
        per_task.groupby(level="region_code")
        .sum()
        .rename(columns={"all": "tasks_completed", "any": "tasks_with_completed_measure"})
    )

    m = progress.assign(
        completed=progress["status"].eq(COMPLETED),
        in_progress=progress["status"].eq(IN_PROGRESS),
        not_started=progress["status"].eq(NOT_STARTED),
        on_time=progress["status"].eq(COMPLETED)
        & (pd.to_datetime(progress["completed_date"]) <= pd.to_datetime(progress["planned_date"])),
        overdue=overdue(progress, quarter_end),
    )
    measures = m.groupby("region_code").agg(
        measures_listed=("status", "size"),
        measures_completed=("completed", "sum"),
        measures_in_progress=("in_progress", "sum"),
        measures_not_started=("not_started", "sum"),
        on_time_completed=("on_time", "sum"),
        overdue_measures=("overdue", "sum"),
    )
    areas = m.groupby(["region_code", "area"]).agg(listed=("status", "size"), completed=("completed", "sum"))
    area_rates = (areas["completed"] / areas["listed"]).unstack("area").reindex(columns=list(area_codes))
    area_rates.columns = [f"area_completion_rate_{k}" for k in area_rates.columns]

    out = pd.concat([total, by_region, measures, area_rates], axis=1).reset_index(names="region_code")
    counts = [
        "tasks_completed",
        "tasks_with_completed_measure",
        "measures_listed",
        "measures_completed",
        "measures_in_progress",
        "measures_not_started",
        "on_time_completed",
        "overdue_measures",
    ]
    reported = out["region_code"].isin(submitted)
    for c in counts:
        out[c] = out[c].fillna(0).astype("Int64").where(reported, pd.NA)
    out["task_completion_rate"] = _rate(out["tasks_completed"], out["tasks_total"])
    out["tasks_with_completed_measure_share"] = _rate(out["tasks_with_completed_measure"], out["tasks_total"])
    out["measure_completion_rate"] = _rate(out["measures_completed"], out["measures_listed"])
    out["on_time_rate"] = _rate(out["on_time_completed"], out["measures_completed"])
    for c in area_rates.columns:
        out[c] = out[c].astype("Float64")
    return out
