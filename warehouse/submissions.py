"""Submissions and receipts: the writes of a load (inside the caller's transaction) and the reads about them.

A submission is an accepted workbook; a receipt is every file received, whatever became of it.
Writes take the cursor of an open `Warehouse.transaction()`; reads take the Warehouse.
"""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd

from .latest import FACTS

SUBMISSION_COLUMNS = (
    "kind",
    "region_code",
    "period",
    "file_name",
    "sha256",
    "received_at",
    "received_from",
    "backfilled",
    "supersedes",
    "template_version",
    "filler",
    "contact",
    "phone",
    "filled_date",
    "unit",
)


def accepted_sha256(cur, sha256: str) -> bool:
    """True when a file with these bytes was accepted before (a duplicate changes nothing)."""
    return cur.execute("SELECT 1 FROM submission WHERE sha256 = ?", [sha256]).fetchone() is not None


def supersede_current(cur, kind: str, region_code: str, period: str, unit: str | None) -> int | None:
    """Mark the current accepted submission of the same kind, region, quarter and unit superseded; returns its id."""
    row = cur.execute(
        """SELECT id FROM submission WHERE kind = ? AND region_code = ? AND period = ? AND status = 'accepted'
           AND unit IS NOT DISTINCT FROM ?""",
        [kind, region_code, period, unit],
    ).fetchone()
    if row is None:
        return None
    cur.execute("UPDATE submission SET status = 'superseded' WHERE id = ?", [row[0]])
    return row[0]


def insert_submission(cur, **values) -> int:
    """A new accepted submission; `values` are SUBMISSION_COLUMNS. Returns its id."""
    columns = ", ".join(SUBMISSION_COLUMNS)
    marks = ", ".join("?" for _ in SUBMISSION_COLUMNS)
    (submission_id,) = cur.execute(
        f"INSERT INTO submission ({columns}, status) VALUES ({marks}, 'accepted') RETURNING id",
        [values.get(c) for c in SUBMISSION_COLUMNS],
    ).fetchone()
    return submission_id


def insert_facts(cur, table: str, frame: pd.DataFrame, submission_id: int) -> None:
    """The rows of one sheet into its fact table, matched by column name."""
    cur.register("_rows", frame.assign(submission_id=submission_id))
    try:
        cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows")
    finally:
        cur.unregister("_rows")


def log_receipt(
    cur,
    *,
    sha256: str,
    file_name: str,
    size_bytes: int,
    received_at: datetime,
    received_from: str | None,
    kind: str | None,
    region_code: str | None,
    period: str | None,
    status: str,
    submission_id: int | None,
    errors: list[dict],
    warnings: list[dict],
) -> int:
    """One received file and what became of it; problems are kept as JSON for the history page."""
    problems = [dict(p, level="error") for p in errors] + [dict(p, level="warning") for p in warnings]
    (receipt_id,) = cur.execute(
        """INSERT INTO receipt (sha256, file_name, size_bytes, received_at, received_from, kind, region_code,
        period, status,
                                submission_id, errors, warnings, problems)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
        [
            sha256,
            file_name,
            size_bytes,
            received_at,
            received_from,
            kind,
            region_code,
            period,
            status,
            submission_id,
            len(errors),
            len(warnings),
            json.dumps(problems, ensure_ascii=False),
        ],
    ).fetchone()
    return receipt_id


def receipts(
    wh,
    region_code: str | None,
    limit: int = 200,
    *,
    kind: str | None = None,
    status: str | None = None,
    sender: str | None = None,
) -> pd.DataFrame:
    """The files received, newest first: a region's (of one `kind` and one `status`, if given), and with `sender`
    also every file that account sent, whatever became of it and whichever region it named (`region_code` None:
    only those)."""
    mine = ["r.region_code = ?"] if region_code is not None else []
    params: list = [region_code] if region_code is not None else []
    for column, value in (("kind", kind), ("status", status)):
        if value is not None and mine:
            mine.append(f"r.{column} = ?")
            params.append(value)
    where = [f"({' AND '.join(mine)})"] if mine else []
    if sender is not None:
        where.append("r.received_from = ?")
        params.append(sender)
    return wh.query_df(
        f"""SELECT r.id, r.received_at, r.file_name, r.kind, r.region_code, r.period, r.status, r.received_from,
                  r.submission_id, r.errors, r.warnings, s.status AS submission_status
           FROM receipt r LEFT JOIN submission s ON s.id = r.submission_id
           WHERE {" OR ".join(where) or "FALSE"} ORDER BY r.received_at DESC, r.id DESC LIMIT ?""",
        [*params, limit],
    )


def receipt(wh, receipt_id: int) -> dict | None:
    """One receipt: sha256, file_name, status and its problems (a list of dicts with `level`)."""
    rows = wh.query_df("SELECT sha256, file_name, status, problems FROM receipt WHERE id = ?", [receipt_id])
    if rows.empty:
        return None
    row = rows.iloc[0].to_dict()
    row["problems"] = json.loads(row["problems"] or "[]")
    return row


def latest_receipt(wh) -> dict | None:
    """The last file received, for the sidebar: region name, period, kind, status and when."""
    rows = wh.query_df(
        """SELECT r.received_at, r.kind, r.period, r.status, d.name AS region FROM receipt r
           LEFT JOIN dim_region d ON d.code = r.region_code ORDER BY r.id DESC LIMIT 1"""
    )
    return None if rows.empty else rows.iloc[0].to_dict()


def key_enterprise_codes(cur, region_code: str, period: str) -> set[str]:
    """The credit codes of the region's latest 重点联系企业名录 up to the quarter (empty if it sent none)."""
    rows = cur.execute(
        """SELECT credit_code FROM v_key_enterprise
           WHERE region_code = ? AND period_seq = (
               SELECT max(period_seq) FROM v_key_enterprise k JOIN dim_quarter q ON q.period = ?
               WHERE k.region_code = ? AND k.period_seq <= q.seq)""",
        [region_code, period, region_code],
    ).fetchall()
    return {code for (code,) in rows}


def category_history(cur, region_code: str, last: str, year_earlier: str) -> pd.DataFrame:
    """Per category: the exports and imports (万元) of the quarter `last` and of `year_earlier`."""
    return cur.execute(
        """SELECT category_code,
                  max(exports) FILTER (WHERE period = $last) AS exports_last,
                  max(imports) FILTER (WHERE period = $last) AS imports_last,
                  max(exports) FILTER (WHERE period = $earlier) AS exports_year_earlier,
                  max(imports) FILTER (WHERE period = $earlier) AS imports_year_earlier
           FROM v_trade WHERE region_code = $region AND period IN ($last, $earlier)
           GROUP BY category_code ORDER BY category_code""",
        {"region": region_code, "last": last, "earlier": year_earlier},
    ).df()


def submission_receipt(wh, submission_id: int) -> dict | None:
    """One accepted submission as its receipt states it, None if there is no such submission.

    The submission's own columns (kind, region_code, period, unit, file_name, sha256, received_at, received_from,
    backfilled, status, supersedes, filler, contact, phone, filled_date) with: `region` (its name), `period_label`
    (2019年第四季度), the file's `receipt_id`, `size_bytes` and `warnings` from the receipt that logged it, the
    replaced submission's `supersedes_file_name` and `supersedes_received_at`, and `current_id`: the submission of
    the same kind, region, quarter and unit whose figures count now (itself while it is not superseded).
    """
    with wh.session() as cur:
        found = cur.execute(
            """SELECT s.id, s.kind, s.region_code, d.name AS region, s.period, q.label AS period_label, s.unit,
                      s.file_name, s.sha256, s.received_at, s.received_from, s.backfilled, s.status, s.supersedes,
                      s.filler, s.contact, s.phone, s.filled_date,
                      r.id AS receipt_id, r.size_bytes, r.warnings,
                      p.file_name AS supersedes_file_name, p.received_at AS supersedes_received_at,
                      (SELECT max(c.id) FROM submission c
                       WHERE c.kind = s.kind AND c.region_code = s.region_code AND c.period = s.period
                         AND c.unit IS NOT DISTINCT FROM s.unit AND c.status = 'accepted') AS current_id
               FROM submission s
               LEFT JOIN dim_region d ON d.code = s.region_code
               LEFT JOIN dim_quarter q ON q.period = s.period
               LEFT JOIN submission p ON p.id = s.supersedes
               LEFT JOIN receipt r ON r.submission_id = s.id AND r.status = 'accepted'
               WHERE s.id = ? ORDER BY r.id LIMIT 1""",
            [submission_id],
        )
        row = found.fetchone()
        names = [d[0] for d in found.description]
    return None if row is None else dict(zip(names, row))


_FACT_TABLES = frozenset(FACTS.values())


def submission_sheet_figures(
    wh, submission_id: int, fact_table: str, amounts: tuple[str, ...] = ()
) -> tuple[int, dict[str, float]]:
    """The rows a submission loaded into one fact table and the sum of each of `amounts` (rounded to two decimals;
    no sums when it loaded no rows)."""
    if fact_table not in _FACT_TABLES:
        raise ValueError(f"not a fact table: {fact_table}")
    with wh.session() as cur:
        known = {
            name
            for (name,) in cur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [fact_table]
            ).fetchall()
        }
        unknown = [a for a in amounts if a not in known]
        if unknown:
            raise ValueError(f"{fact_table} has no column {unknown}")
        sums = "".join(f", round(sum({a}), 2)" for a in amounts)
        count, *totals = cur.execute(
            f"SELECT count(*){sums} FROM {fact_table} WHERE submission_id = ?", [submission_id]
        ).fetchone()
    if not count:
        return 0, {}
    return count, {a: float(t) for a, t in zip(amounts, totals)}
