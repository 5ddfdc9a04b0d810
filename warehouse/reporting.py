"""The reads behind the 报送情况 page that the accepted submissions cannot answer: files that were received and
rejected (the `receipt` table), and the problems stored with them."""

from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd

from .latest import received_by

# a receipt of a region workbook; a workbook so broken that its kind is unknown counts as one when it names a quarter
_REGION_FILE = "coalesce(r.kind, 'region') = 'region' AND r.region_code IS NOT NULL AND r.period IS NOT NULL"


def rejected_region_files(wh, as_of: date | datetime | None = None) -> pd.DataFrame:
    """Per region and quarter that received at least one rejected region workbook: how many and the last one's time.
    With `as_of`, only the files received by then (a date: the end of that day)."""
    received = "" if as_of is None else "AND r.received_at <= $as_of"
    return wh.query_df(
        f"""SELECT r.region_code, r.period, count(*) AS rejected_files, max(r.received_at) AS last_rejected_at
            FROM receipt r WHERE r.status = 'rejected' AND {_REGION_FILE} {received}
            GROUP BY r.region_code, r.period ORDER BY r.region_code, r.period""",
        received_by(as_of),
    )


def recent_rejections(wh, limit: int = 10) -> pd.DataFrame:
    """The latest rejected files (either kind), newest first: region, quarter, kind, file, when, from whom, how many
    errors, `problems` (the stored list of dicts: sheet, row, column, cell, code, message, value, level),
    `resubmitted` (an accepted workbook of the same kind, region and quarter arrived at or after it) and
    `accepted_before` (one had been accepted before it)."""
    frame = wh.query_df(
        """SELECT r.id, r.received_at, r.region_code, r.period, r.kind, r.file_name, r.received_from, r.errors,
                  r.problems,
                  EXISTS (SELECT 1 FROM submission s WHERE s.kind = r.kind AND s.region_code = r.region_code
                          AND s.period = r.period AND s.received_at >= r.received_at) AS resubmitted,
                  EXISTS (SELECT 1 FROM submission s WHERE s.kind = r.kind AND s.region_code = r.region_code
                          AND s.period = r.period AND s.received_at < r.received_at) AS accepted_before
           FROM receipt r WHERE r.status = 'rejected'
           ORDER BY r.received_at DESC, r.id DESC LIMIT ?""",
        [limit],
    )
    frame["problems"] = [json.loads(p or "[]") for p in frame["problems"]]
    return frame
