"""The reads the indicators and pages need: heavy scans and sums in SQL, returned as DataFrames.

Every read of figures goes through the views of the latest accepted submissions (v_*), so
superseded workbooks never count. `wh` is a Warehouse (anything with query_df).
"""

from __future__ import annotations

import pandas as pd


def regions(wh) -> pd.DataFrame:
    return wh.query_df("SELECT code AS region_code, name AS region, seq FROM dim_region ORDER BY seq")


def quarters(wh) -> pd.DataFrame:
    return wh.query_df(
        "SELECT period, label, seq, start_date, end_date, deadline FROM dim_quarter ORDER BY seq"
    )


def carried_tasks(wh) -> pd.DataFrame:
    return wh.query_df(
        "SELECT r.region_code, r.task_code, t.area FROM dim_task_region r JOIN dim_task t ON t.code = r.task_code"
    )


def task_progress(wh, period: str) -> pd.DataFrame:
    """One row per measure of the quarter's workbooks: region, task, area, status, planned and completed dates."""
    return wh.query_df(
        """SELECT p.region_code, p.task_code, t.area, p.status, p.planned_date, p.completed_date
           FROM v_task_progress p JOIN dim_task t ON t.code = p.task_code WHERE p.period = ?""",
        [period],
    )


def measure_status(wh, period: str) -> pd.DataFrame:
    return wh.query_df(
        "SELECT region_code, measure_code, status, landed_date FROM v_measure_status WHERE period = ?",
        [period],
    )


def trade_by_category(wh, periods: list[str]) -> pd.DataFrame:
    """Per region, period and category: exports, imports and the 上年同期 columns (万元)."""
    placeholders = ", ".join("?" for _ in periods)
    return wh.query_df(
        f"""SELECT region_code, period, category_code, exports, imports, exports_prev, imports_prev
            FROM v_trade WHERE period IN ({placeholders})""",
        periods,
    )


def key_enterprise_lists(wh, period: str) -> pd.DataFrame:
    """Each region's latest 重点联系企业名录 up to and including the quarter."""
    return wh.query_df(
        """WITH latest AS (
               SELECT region_code, max(period_seq) AS seq FROM v_key_enterprise
               WHERE period_seq <= (SELECT seq FROM dim_quarter WHERE period = ?) GROUP BY region_code)
           SELECT DISTINCT k.region_code, k.credit_code FROM v_key_enterprise k
           JOIN latest l ON l.region_code = k.region_code AND l.seq = k.period_seq""",
        [period],
    )


def enterprise_trade(wh, period: str) -> pd.DataFrame:
    """Enterprise direct reports of the quarter, summed per region, enterprise, category and partner (万美元)."""
    return wh.query_df(
        """SELECT region_code, credit_code, any_value(name) AS name, category_code, partner,
                  sum(exports_usd) AS exports_usd, sum(imports_usd) AS imports_usd
           FROM v_enterprise_trade WHERE period = ? GROUP BY ALL""",
        [period],
    )


def enterprise_by_category(wh, period: str) -> pd.DataFrame:
    """Enterprise exports per region and category of the quarter (万美元), and how many enterprises reported."""
    return wh.query_df(
        """SELECT region_code, category_code, sum(exports_usd) AS exports_usd, sum(imports_usd) AS imports_usd
           FROM v_enterprise_trade WHERE period = ? GROUP BY ALL""",
        [period],
    )


def reporting_enterprises(wh, period: str) -> pd.DataFrame:
    return wh.query_df(
        "SELECT DISTINCT region_code, credit_code FROM v_enterprise_trade WHERE period = ?", [period]
    )


def experience_items(wh, period: str) -> pd.DataFrame:
    """Every experience item submitted up to and including the quarter, with when it came."""
    return wh.query_df(
        """SELECT e.region_code, e.period, e.period_seq, e.title, e.area, e.case_type, e.practice, e.effect,
        s.received_at
           FROM v_experience e JOIN submission s ON s.id = e.submission_id
           WHERE e.period_seq <= (SELECT seq FROM dim_quarter WHERE period = ?)""",
        [period],
    )


def first_receipts(wh) -> pd.DataFrame:
    """When each region's workbook for each quarter first arrived (a later correction does not make it late)."""
    return wh.query_df(
        """SELECT region_code, period, min(received_at) AS received_at
           FROM submission WHERE kind = 'region' GROUP BY region_code, period"""
    )


def submitted_regions(wh, period: str) -> pd.DataFrame:
    return wh.query_df(
        "SELECT region_code, id AS submission_id, received_at, deadline FROM v_latest_submission WHERE kind "
        "= 'region' AND period = ?",
        [period],
    )


def periods_with_data(wh) -> list[str]:
    frame = wh.query_df(
        "SELECT DISTINCT s.period, q.seq FROM submission s JOIN dim_quarter q USING (period) WHERE s.status "
        "= 'accepted' ORDER BY q.seq"
    )
    return frame["period"].tolist()
