"""Reads for the 任务进展 page: every measure of a quarter's workbooks with its own text, in the workbook's order."""

from __future__ import annotations

import pandas as pd

from .latest import latest


def measures(wh, period: str, approved_only: bool = False) -> pd.DataFrame:
    """One row per measure of the quarter's latest accepted workbooks (the rows `figures.task_progress` counts),
    with the measure's text and its row in the workbook; `approved_only`: of the approved region-quarters only."""
    with_, params = latest(None, "task_progress", approved_only=approved_only)
    return wh.query_df(
        f"""{with_}SELECT p.region_code, p.row_no, p.task_code, t.area, p.measure, p.planned_date, p.status,
                  p.completed_date
           FROM task_progress p JOIN dim_task t ON t.code = p.task_code
           WHERE p.period = $period ORDER BY p.region_code, p.row_no""",
        params | {"period": period},
    )
