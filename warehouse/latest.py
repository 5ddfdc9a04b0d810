"""The latest accepted submissions, today or as of a past moment: the one SQL fragment the figure reads start from.

`latest(as_of, "trade", ...)` gives a WITH clause and its parameters. It names `latest_submission` (the columns of
the view v_latest_submission) and, for each fact asked for, a relation of that fact's rows in those submissions with
the submission's region_code, period, period_seq and unit in front (what the v_* views give):

    task_progress · measure_status · trade · experience · key_enterprise · enterprise_trade

Without `as_of`, `latest_submission` is v_latest_submission: the submissions whose status is accepted, the figures of
today. With `as_of` (a date: the end of that day; a datetime: that instant, see base.as_of) it is what the warehouse
held then: among the submissions received up to that moment, for each kind, region, quarter and reporting unit, the
last one loaded — the one that superseded the others, as the loader does it — unless the office rolled back to an
earlier one by then (submission_rollback): a rollback made by the moment counts after the loads that came before
it, one made later does not exist yet. A submission superseded later by one received after the moment is still the
current one in that view; one received after the moment does not exist.
The query's own parameters must be named ($period, ...): the clause binds `$as_of`.

With `approved_only`, a region's quarter counts only while its latest approval event (approval_event, up to `as_of`
when given) is an approval (审核确认): the submissions of every other region and quarter, of either kind, are left
out, as if they had not been sent. The clause then also names `approved_quarter` (region_code, period).
"""

from __future__ import annotations

from datetime import date, datetime

from base.as_of import moment

FACTS = {
    "task_progress": "fact_task_progress",
    "measure_status": "fact_measure_status",
    "trade": "fact_trade",
    "experience": "fact_experience",
    "key_enterprise": "fact_key_enterprise",
    "enterprise_trade": "fact_enterprise_trade",
}

_TODAY = "SELECT * FROM v_latest_submission"
# Each load makes its submission current, in the order of the ids; each rollback makes its submission current, after
# the loads it followed (after_submission) and before the next one. The last such event up to the moment wins.
_AS_OF = """SELECT s.*, q.seq AS period_seq, q.end_date AS period_end, q.deadline
        FROM submission s JOIN dim_quarter q ON q.period = s.period
        WHERE s.received_at <= $as_of AND s.id IN (
            SELECT current_id FROM (
                SELECT id AS current_id, kind, region_code, period, unit, id AS after_submission, 0 AS rollback_id
                FROM submission WHERE received_at <= $as_of
                UNION ALL
                SELECT submission_id, kind, region_code, period, unit, after_submission, id
                FROM submission_rollback WHERE rolled_back_at <= $as_of)
            QUALIFY row_number() OVER (
                PARTITION BY kind, region_code, period, unit ORDER BY after_submission DESC, rollback_id DESC) = 1)"""


def approved_quarter(as_of: date | datetime | None) -> str:
    """`approved_quarter AS (…)`: the region-quarters whose latest approval event (up to `$as_of` when given) is an
    approval, for a WITH clause."""
    until = "" if as_of is None else "WHERE event_at <= $as_of"
    return f"""approved_quarter AS (
        SELECT region_code, period FROM approval_event {until}
        QUALIFY row_number() OVER (PARTITION BY region_code, period ORDER BY event_at DESC, id DESC) = 1
            AND action = 'approve')"""


def is_approved(alias: str) -> str:
    """The condition that the row `alias` (with region_code and period) is of an approved region-quarter; needs
    approved_quarter in the WITH clause."""
    return (
        f"EXISTS (SELECT 1 FROM approved_quarter a WHERE a.region_code = {alias}.region_code "
        f"AND a.period = {alias}.period)"
    )


def latest(as_of: date | datetime | None, *facts: str, approved_only: bool = False) -> tuple[str, dict]:
    """`WITH latest_submission AS (…), <fact> AS (…), …` and its parameters ({"as_of": moment} or {})."""
    current = _TODAY if as_of is None else _AS_OF
    parts = []
    if approved_only:
        parts.append(approved_quarter(as_of))
        current = f"SELECT * FROM ({current}) s WHERE {is_approved('s')}"
    parts.append(f"latest_submission AS (\n        {current})")
    parts += [
        f"""{name} AS (
        SELECT s.region_code, s.period, s.period_seq, s.unit, f.*
        FROM {FACTS[name]} f JOIN latest_submission s ON s.id = f.submission_id)"""
        for name in facts
    ]
    return "WITH " + ",\n".join(parts) + "\n", received_by(as_of)


def received_by(as_of: date | datetime | None) -> dict:
    """The parameters of a read that keeps what was received up to `as_of`: {"as_of": moment} or {} without it."""
    return {} if as_of is None else {"as_of": moment(as_of)}
