"""The office's rollback: an earlier accepted submission of a kind, region, quarter (and reporting unit) made current
again, the one current until then marked superseded, nothing deleted.

Each rollback is also one row of `submission_rollback` (who, when, why, which two submissions), so a view as of a
moment (warehouse.latest) counts it only from then on. The write takes the cursor of an open
`Warehouse.transaction()` (the caller logs the audit entry in it); reads take the Warehouse, or a cursor.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from .latest import FACTS

_KEY = "kind = ? AND region_code = ? AND period = ? AND unit IS NOT DISTINCT FROM ?"
_ROWS = " UNION ALL ".join(f"SELECT submission_id FROM {table}" for table in FACTS.values())


def submission_counts(wh) -> pd.DataFrame:
    """Per kind, region, quarter and reporting unit with an accepted workbook: how many were accepted
    (`submissions`) and the current one's id (`current_id`)."""
    return wh.query_df(
        """SELECT kind, region_code, period, unit, count(*) AS submissions,
                  max(id) FILTER (WHERE status = 'accepted') AS current_id
           FROM submission GROUP BY ALL ORDER BY kind, region_code, period, unit NULLS FIRST"""
    )


def earlier_submissions(
    wh, kind: str, region_code: str, period: str, unit: str | None = None
) -> pd.DataFrame:
    """Every accepted workbook of the kind, region, quarter and unit, newest first: id, received_at, received_from,
    file_name, backfilled, status (accepted: the current one; superseded), supersedes and `rows` (its fact rows,
    all sheets together)."""
    return wh.query_df(
        f"""WITH fact_rows AS (SELECT submission_id, count(*) AS rows FROM ({_ROWS}) GROUP BY submission_id)
            SELECT s.id, s.received_at, s.received_from, s.file_name, s.backfilled, s.status, s.supersedes,
                   coalesce(f.rows, 0) AS rows
            FROM submission s LEFT JOIN fact_rows f ON f.submission_id = s.id
            WHERE s.kind = ? AND s.region_code = ? AND s.period = ? AND s.unit IS NOT DISTINCT FROM ?
            ORDER BY s.id DESC""",
        [kind, region_code, period, unit],
    )


def submission(cur, submission_id: int) -> dict | None:
    """One submission's kind, region_code, period, unit, status and file_name (None: no such submission)."""
    row = cur.execute(
        "SELECT id, kind, region_code, period, unit, status, file_name FROM submission WHERE id = ?",
        [submission_id],
    ).fetchone()
    keys = ("id", "kind", "region_code", "period", "unit", "status", "file_name")
    return None if row is None else dict(zip(keys, row))


def make_current(cur, submission_id: int, *, at: datetime, reason: str, username: str) -> int | None:
    """Make the submission current: the accepted one of its kind, region, quarter and unit becomes superseded, this
    one accepted, and the rollback is recorded. Returns the id it superseded (None when none was current).
    The caller has checked that the submission exists and is not the current one."""
    found = submission(cur, submission_id)
    if found is None or found["status"] == "accepted":
        raise ValueError(f"submission {submission_id} is missing or already current")
    key = [found["kind"], found["region_code"], found["period"], found["unit"]]
    row = cur.execute(f"SELECT id FROM submission WHERE {_KEY} AND status = 'accepted'", key).fetchone()
    superseded = None if row is None else row[0]
    if superseded is not None:
        cur.execute("UPDATE submission SET status = 'superseded' WHERE id = ?", [superseded])
    cur.execute("UPDATE submission SET status = 'accepted' WHERE id = ?", [submission_id])
    cur.execute(
        """INSERT INTO submission_rollback (rolled_back_at, kind, region_code, period, unit, submission_id,
                                            superseded_id, after_submission, reason, username)
           SELECT ?, ?, ?, ?, ?, ?, ?, max(id), ?, ? FROM submission""",
        [at, *key, submission_id, superseded, reason, username],
    )
    return superseded


def rollbacks(wh, kind: str, region_code: str, period: str, unit: str | None = None) -> pd.DataFrame:
    """The rollbacks of the kind, region, quarter and unit, newest first: when, to which submission, which one it
    superseded, why and by whom."""
    return wh.query_df(
        f"""SELECT id, rolled_back_at, submission_id, superseded_id, reason, username FROM submission_rollback
            WHERE {_KEY} ORDER BY id DESC""",
        [kind, region_code, period, unit],
    )
