"""The reads the indicators and pages need: heavy scans and sums in SQL, returned as DataFrames.

Every read of figures starts from the latest accepted submissions (warehouse.latest), so superseded workbooks never
count; with `as_of` it sees only what had been received by then (a date: the end of that day); with `approved_only`
only the region-quarters whose latest approval event is an approval (审核确认) count, the others as if not sent.
`wh` is a Warehouse (anything with query_df).
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from .latest import approved_quarter, is_approved, latest, received_by
from .quarters import in_force

AsOf = date | datetime | None  # None: today's figures; a date: the end of that day; a datetime: that instant


def regions(wh) -> pd.DataFrame:
    return wh.query_df("SELECT code AS region_code, name AS region, seq FROM dim_region ORDER BY seq")


def quarters(wh, as_of: AsOf = None) -> pd.DataFrame:
    """Every quarter of the round in order, with the deadline in force (the office's, else the catalog's; with
    `as_of`, as it stood then)."""
    return wh.query_df(
        f"""WITH {in_force(as_of)}
            SELECT q.period, q.label, q.seq, q.start_date, q.end_date, f.deadline
            FROM dim_quarter q JOIN quarter_in_force f USING (period) ORDER BY q.seq""",
        received_by(as_of),
    )


def carried_tasks(wh) -> pd.DataFrame:
    return wh.query_df(
        "SELECT r.region_code, r.task_code, t.area FROM dim_task_region r JOIN dim_task t ON t.code = r.task_code"
    )


def task_progress(wh, period: str, as_of: AsOf = None, approved_only: bool = False) -> pd.DataFrame:
    """One row per measure of the quarter's workbooks: region, task, area, status, planned and completed dates."""
    with_, params = latest(as_of, "task_progress", approved_only=approved_only)
    return wh.query_df(
        f"""{with_}SELECT p.region_code, p.task_code, t.area, p.status, p.planned_date, p.completed_date
            FROM task_progress p JOIN dim_task t ON t.code = p.task_code WHERE p.period = $period""",
        params | {"period": period},
    )


def measure_status(wh, period: str, as_of: AsOf = None, approved_only: bool = False) -> pd.DataFrame:
    with_, params = latest(as_of, "measure_status", approved_only=approved_only)
    return wh.query_df(
        f"""{with_}SELECT region_code, measure_code, status, landed_date FROM measure_status
            WHERE period = $period""",
        params | {"period": period},
    )


def trade_by_category(
    wh, periods: list[str], as_of: AsOf = None, approved_only: bool = False
) -> pd.DataFrame:
    """Per region, period and category: exports, imports and the 上年同期 columns (万元)."""
    with_, params = latest(as_of, "trade", approved_only=approved_only)
    return wh.query_df(
        f"""{with_}SELECT region_code, period, category_code, exports, imports, exports_prev, imports_prev
            FROM trade WHERE list_contains($periods, period)""",
        params | {"periods": list(periods)},
    )


def key_enterprise_lists(wh, period: str, as_of: AsOf = None, approved_only: bool = False) -> pd.DataFrame:
    """Each region's latest 重点联系企业名录 up to and including the quarter."""
    with_, params = latest(as_of, "key_enterprise", approved_only=approved_only)
    return wh.query_df(
        f"""{with_}, list_quarter AS (
               SELECT region_code, max(period_seq) AS seq FROM key_enterprise
               WHERE period_seq <= (SELECT seq FROM dim_quarter WHERE period = $period) GROUP BY region_code)
            SELECT DISTINCT k.region_code, k.credit_code FROM key_enterprise k
            JOIN list_quarter l ON l.region_code = k.region_code AND l.seq = k.period_seq""",
        params | {"period": period},
    )


def enterprise_trade(wh, period: str, as_of: AsOf = None, approved_only: bool = False) -> pd.DataFrame:
    """Enterprise direct reports of the quarter, summed per region, enterprise, category and partner (万美元)."""
    with_, params = latest(as_of, "enterprise_trade", approved_only=approved_only)
    return wh.query_df(
        f"""{with_}SELECT region_code, credit_code, any_value(name) AS name, category_code, partner,
                   sum(exports_usd) AS exports_usd, sum(imports_usd) AS imports_usd
            FROM enterprise_trade WHERE period = $period GROUP BY ALL
            ORDER BY region_code, credit_code, category_code, partner""",  # one order, whatever the threads did
        params | {"period": period},
    )


def enterprise_by_category(wh, period: str, as_of: AsOf = None, approved_only: bool = False) -> pd.DataFrame:
    """Enterprise exports per region and category of the quarter (万美元), and how many enterprises reported."""
    with_, params = latest(as_of, "enterprise_trade", approved_only=approved_only)
    return wh.query_df(
        f"""{with_}SELECT region_code, category_code, sum(exports_usd) AS exports_usd,
                   sum(imports_usd) AS imports_usd
            FROM enterprise_trade WHERE period = $period GROUP BY ALL ORDER BY region_code, category_code""",
        params | {"period": period},
    )


def reporting_enterprises(wh, period: str, as_of: AsOf = None, approved_only: bool = False) -> pd.DataFrame:
    with_, params = latest(as_of, "enterprise_trade", approved_only=approved_only)
    return wh.query_df(
        f"{with_}SELECT DISTINCT region_code, credit_code FROM enterprise_trade WHERE period = $period "
        "ORDER BY region_code, credit_code",
        params | {"period": period},
    )


def experience_items(wh, period: str, as_of: AsOf = None, approved_only: bool = False) -> pd.DataFrame:
    """Every experience item submitted up to and including the quarter, with when it came."""
    with_, params = latest(as_of, "experience", approved_only=approved_only)
    return wh.query_df(
        f"""{with_}SELECT e.region_code, e.period, e.period_seq, e.title, e.area, e.case_type, e.practice,
                   e.effect, s.received_at
            FROM experience e JOIN latest_submission s ON s.id = e.submission_id
            WHERE e.period_seq <= (SELECT seq FROM dim_quarter WHERE period = $period)""",
        params | {"period": period},
    )


def first_receipts(wh, as_of: AsOf = None, approved_only: bool = False) -> pd.DataFrame:
    """When each region's workbook for each quarter first arrived (a later correction does not make it late).

    Only accepted workbooks are submissions: a rejected file is not a receipt here. With `as_of`, only what had
    arrived by then; with `approved_only`, only the approved region-quarters (the others as if nothing came)."""
    received = "" if as_of is None else "AND received_at <= $as_of"
    with_, approved = "", ""
    if approved_only:
        with_, approved = f"WITH {approved_quarter(as_of)}\n", f"AND {is_approved('s')}"
    return wh.query_df(
        f"""{with_}SELECT region_code, period, min(received_at) AS received_at
            FROM submission s WHERE kind = 'region' {received} {approved} GROUP BY region_code, period
            ORDER BY region_code, period""",
        received_by(as_of),
    )


def submitted_regions(wh, period: str, as_of: AsOf = None, approved_only: bool = False) -> pd.DataFrame:
    """The regions whose region workbook for the quarter counts: its submission, when it came, and the deadline in
    force."""
    with_, params = latest(as_of, approved_only=approved_only)
    return wh.query_df(
        f"""{with_}, {in_force(as_of)}
            SELECT s.region_code, s.id AS submission_id, s.received_at, f.deadline FROM latest_submission s
            JOIN quarter_in_force f ON f.period = s.period
            WHERE s.kind = 'region' AND s.period = $period""",
        params | {"period": period},
    )


def periods_with_data(wh) -> list[str]:
    frame = wh.query_df(
        "SELECT DISTINCT s.period, q.seq FROM submission s JOIN dim_quarter q USING (period) WHERE s.status "
        "= 'accepted' ORDER BY q.seq"
    )
    return frame["period"].tolist()
