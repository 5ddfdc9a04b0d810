"""The warehouse reads the indicators need: heavy scans and sums in SQL, returned as DataFrames."""
from __future__ import annotations

import pandas as pd

from reference import Quarter


def regions(wh) -> pd.DataFrame:
    return wh.query_df("SELECT code AS region_code, name AS region, seq FROM dim_region ORDER BY seq")


def carried_tasks(wh) -> pd.DataFrame:
    return wh.query_df("SELECT region_code, task_code FROM dim_task_region")


def task_progress(wh, period: str) -> pd.DataFrame:
    return wh.query_df("SELECT region_code, task_code, status FROM v_task_progress WHERE period = ?", [period])


def trade_totals(wh, periods: list[str]) -> pd.DataFrame:
    """Per region and period: total exports and imports and the 上年同期 columns (null when none written)."""
    placeholders = ", ".join("?" for _ in periods)
    return wh.query_df(
        f"""SELECT region_code, period, sum(exports) AS exports, sum(imports) AS imports,
                   sum(exports_prev) AS exports_prev, sum(imports_prev) AS imports_prev
            FROM v_trade WHERE period IN ({placeholders}) GROUP BY region_code, period""",
        periods,
    )


def experience_titles(wh, period: str) -> pd.DataFrame:
    """Every experience item title submitted up to and including the period."""
    return wh.query_df(
        """SELECT region_code, period, title FROM v_experience
           WHERE period_seq <= (SELECT seq FROM dim_quarter WHERE period = ?)""",
        [period],
    )


def submitted_regions(wh, period: str) -> pd.DataFrame:
    return wh.query_df(
        "SELECT region_code, id AS submission_id, received_at, deadline FROM v_latest_submission WHERE kind = 'region' AND period = ?",
        [period],
    )


def periods_with_data(wh) -> list[str]:
    frame = wh.query_df(
        "SELECT DISTINCT s.period, q.seq FROM submission s JOIN dim_quarter q USING (period) WHERE s.status = 'accepted' ORDER BY q.seq"
    )
    return frame["period"].tolist()


def year_earlier(period: str) -> str:
    return Quarter.parse(period).year_earlier().code


def receipts(wh, region_code: str, limit: int = 200) -> pd.DataFrame:
    """The files received for a region, newest first, whatever became of them."""
    return wh.query_df(
        """SELECT r.id, r.received_at, r.file_name, r.kind, r.period, r.status, r.received_from, r.submission_id,
                  r.errors, r.warnings, s.status AS submission_status
           FROM receipt r LEFT JOIN submission s ON s.id = r.submission_id
           WHERE r.region_code = ? ORDER BY r.received_at DESC, r.id DESC LIMIT ?""",
        [region_code, limit],
    )
