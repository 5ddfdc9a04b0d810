"""Reads for the 任务进展 page: every measure of a quarter's workbooks with its own text, in the workbook's order."""

from __future__ import annotations

import pandas as pd


def measures(wh, period: str) -> pd.DataFrame:
    """One row per measure of the quarter's latest accepted workbooks (the rows `figures.task_progress` counts),
    with the measure's text and its row in the workbook."""
    return wh.query_df(
        """SELECT p.region_code, p.row_no, p.task_code, t.area, p.measure, p.planned_date, p.status,
                  p.completed_date
           FROM v_task_progress p JOIN dim_task t ON t.code = p.task_code
           WHERE p.period = ? ORDER BY p.region_code, p.row_no""",
        [period],
    )
