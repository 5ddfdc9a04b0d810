"""Task progress across the regions (任务进展): each task's state in each region, the overdue measures one by one,
and the 附件2 opening measures region by region."""

from __future__ import annotations

from datetime import date

import pandas as pd

from base.text import shorten
from reference.vocabulary import COMPLETED, IN_PROGRESS, NOT_APPLICABLE, NOT_STARTED

from .tasks import overdue

NOT_REPORTED = "未报送"  # a region without an accepted workbook for the quarter


def task_status(carried: pd.DataFrame, progress: pd.DataFrame, submitted: set[str]) -> pd.DataFrame:
    """Each task a region carries, as the region's workbook of the quarter puts it.

    - `progress_status` = 已完成 when every measure listed under the task is 已完成 (at least one measure: the rule
      of `tasks_completed`); 未启动 when none has started (every measure 未启动, or none listed); 推进中
      otherwise; null when the region sent no workbook for the quarter.
    """
    mine = progress.merge(carried[["region_code", "task_code"]], on=["region_code", "task_code"])
    per_task = (
        mine.assign(done=mine["status"].eq(COMPLETED), started=~mine["status"].eq(NOT_STARTED))
        .groupby(["region_code", "task_code"])[["done", "started"]]
        .agg(["all", "any"])
    )
    out = carried[["region_code", "task_code", "area"]].merge(
        per_task.set_axis(["all_done", "any_done", "all_started", "any_started"], axis=1).reset_index(),
        on=["region_code", "task_code"],
        how="left",
    )
    status = pd.Series(NOT_STARTED, index=out.index, dtype="string")
    status[out["any_started"].eq(True)] = IN_PROGRESS
    status[out["all_done"].eq(True)] = COMPLETED
    status[~out["region_code"].isin(submitted)] = pd.NA
    return out[["region_code", "task_code", "area"]].assign(progress_status=status)


def national_tasks(status: pd.DataFrame, tasks: pd.DataFrame, region_names: dict[str, str]) -> pd.DataFrame:
    """Each task the pilot regions carry (the catalog's tasks not left to central departments), across the regions.

    - `regions_carrying` = regions the catalog gives the task.
    - `regions_completed`, `regions_in_progress`, `regions_not_started` = carrying regions whose workbook of the
      quarter puts the task at 已完成, 推进中, 未启动 (see `task_status`).
    - `regions_not_reported` = carrying regions without a workbook for the quarter; the four add up to
      regions_carrying.
    - `completed_in` = the regions that completed it, in the catalog's order.
    `tasks` is the catalog's tasks in its order (task_code, task_text).
    """
    s = status.assign(
        completed=status["progress_status"].eq(COMPLETED).fillna(False),
        in_progress=status["progress_status"].eq(IN_PROGRESS).fillna(False),
        not_started=status["progress_status"].eq(NOT_STARTED).fillna(False),
        not_reported=status["progress_status"].isna(),
    )
    counts = s.groupby("task_code").agg(
        area=("area", "first"),
        regions_carrying=("region_code", "size"),
        regions_completed=("completed", "sum"),
        regions_in_progress=("in_progress", "sum"),
        regions_not_started=("not_started", "sum"),
        regions_not_reported=("not_reported", "sum"),
    )
    order = list(region_names)
    done = s[s["completed"]].assign(seq=lambda d: d["region_code"].map(order.index)).sort_values("seq")
    counts["completed_in"] = done.groupby("task_code")["region_code"].agg(
        lambda codes: "、".join(region_names[c] for c in codes)
    )
    counts["completed_in"] = counts["completed_in"].fillna("")
    out = tasks[["task_code", "task_text"]].merge(counts.reset_index(), on="task_code")
    for c in ("regions_carrying", "regions_completed", "regions_in_progress", "regions_not_started"):
        out[c] = out[c].astype("Int64")
    out["regions_not_reported"] = out["regions_not_reported"].astype("Int64")
    return out[
        [
            "task_code",
            "area",
            "task_text",
            "regions_carrying",
            "regions_completed",
            "regions_in_progress",
            "regions_not_started",
            "regions_not_reported",
            "completed_in",
        ]
    ]


def overdue_list(measures: pd.DataFrame, quarter_end: date, task_texts: dict[str, str]) -> pd.DataFrame:
    """The overdue measures of one quarter, one row each: the rows `overdue_measures` counts, by the same rule.

    - `task_text` = the task's text, shortened; `measure`, `planned_date`, `progress_status` as reported.
    - `days_overdue` = the quarter's last day − 计划完成时间, in days.
    """
    late = measures[overdue(measures, quarter_end)]
    out = pd.DataFrame(
        {
            "region_code": late["region_code"],
            "task_code": late["task_code"],
            "task_text": late["task_code"].map(lambda c: shorten(task_texts.get(c, ""))),
            "measure": late["measure"],
            "planned_date": pd.to_datetime(late["planned_date"]),
            "progress_status": late["status"],
            "days_overdue": (pd.Timestamp(quarter_end) - pd.to_datetime(late["planned_date"])).dt.days,
        }
    )
    return out.reset_index(drop=True).astype({"days_overdue": "Int64"})


def opening_status(
    measures: pd.DataFrame, cells: list[tuple[str, str, bool]], submitted: set[str]
) -> pd.DataFrame:
    """Each region × each opening measure of the catalog (附件2), as the region's workbook of the quarter puts it.

    - `landing_status` = the workbook's 落地状态 (已落地 / 推进中 / 未启动 / 不适用); 不适用 where the catalog does
      not apply the measure to the region; null where the region sent no workbook for the quarter, or left out a
      measure that applies to it.
    - `landed_date` = 落地时间 as reported.
    `cells` is (region_code, measure_code, applies) for every region and measure, in the catalog's order.
    """
    grid = pd.DataFrame(cells, columns=["region_code", "measure_code", "applies"])
    out = grid.merge(
        measures[["region_code", "measure_code", "status", "landed_date"]],
        on=["region_code", "measure_code"],
        how="left",
    )
    status = out["status"].astype("string")
    status[~out["applies"]] = NOT_APPLICABLE
    status[~out["region_code"].isin(submitted)] = pd.NA
    landed = pd.to_datetime(out["landed_date"]).where(out["region_code"].isin(submitted))
    return pd.DataFrame(
        {
            "region_code": out["region_code"],
            "measure_code": out["measure_code"],
            "landing_status": status,
            "landed_date": landed,
        }
    )
