"""The reporting quarters as the office runs them: open to uploads or closed, and the deadline in force.

Every change appends the quarter's whole state (quarter_setting: open or closed, the deadline or NULL for the
catalog's); the latest row of a quarter wins. A quarter without a row is open, with the catalog's deadline (the
dim_quarter column, from reference/round.toml's deadline_day). Closing a quarter makes the loader refuse its
workbooks; the deadline in force is what reporting status (on time / late) is judged against.

Writes take the cursor of an open `Warehouse.transaction()` (the caller logs the audit entry in it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from .latest import received_by

KEEP = object()  # change(): leave this part of the quarter's state as it is


@dataclass(frozen=True)
class Setting:
    period: str
    is_open: bool
    deadline: date | None  # None: the catalog's
    changed_at: datetime
    username: str
    display_name: str
    reason: str | None = None

    @property
    def by(self) -> str:
        return self.display_name  # as a refusal names them; the audit log has the login


def in_force(as_of: date | datetime | None = None) -> str:
    """`quarter_in_force AS (…)` for a WITH clause: per quarter of dim_quarter, `is_open`, `deadline` (in force),
    `default_deadline` (the catalog's) and the latest change's `changed_at`, `username`, `display_name`, `reason`.
    With `as_of` (binds `$as_of`), the changes made by then."""
    until = "" if as_of is None else "WHERE changed_at <= $as_of"
    return f"""quarter_in_force AS (
        SELECT q.period, coalesce(s.is_open, TRUE) AS is_open, coalesce(s.deadline, q.deadline) AS deadline,
               q.deadline AS default_deadline, s.changed_at, s.username, s.display_name, s.reason
        FROM dim_quarter q LEFT JOIN (
            SELECT * FROM quarter_setting {until}
            QUALIFY row_number() OVER (PARTITION BY period ORDER BY changed_at DESC, id DESC) = 1) s
        ON s.period = q.period)"""


def current(cur, period: str) -> Setting | None:
    """The latest change of a quarter (None: never changed: open, the catalog's deadline)."""
    row = cur.execute(
        """SELECT period, is_open, deadline, changed_at, username, display_name, reason FROM quarter_setting
           WHERE period = ? ORDER BY changed_at DESC, id DESC LIMIT 1""",
        [period],
    ).fetchone()
    return None if row is None else Setting(*row)


def closed(cur, period: str) -> Setting | None:
    """The change that closed the quarter to uploads, or None while it is open."""
    setting = current(cur, period)
    return setting if setting is not None and not setting.is_open else None


def change(
    cur,
    period: str,
    *,
    is_open=KEEP,
    deadline=KEEP,
    username: str,
    display_name: str,
    role: str | None = None,
    address: str | None = None,
    reason: str | None = None,
    at: datetime | None = None,
) -> tuple[Setting | None, Setting]:
    """Append the quarter's new state: `is_open` (True/False; KEEP: as it is), `deadline` (a date; None: back to the
    catalog's; KEEP: as it is). Returns (the state before, None if never changed; the state now)."""
    before = current(cur, period)
    now_open = (before.is_open if before else True) if is_open is KEEP else bool(is_open)
    now_deadline = (before.deadline if before else None) if deadline is KEEP else deadline
    at = at or datetime.now().replace(microsecond=0)
    cur.execute(
        """INSERT INTO quarter_setting (period, is_open, deadline, changed_at, username, display_name, role,
                                        address, reason)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [period, now_open, now_deadline, at, username, display_name, role, address, reason],
    )
    return before, Setting(period, now_open, now_deadline, at, username, display_name, reason)


def quarters(wh, as_of: date | datetime | None = None) -> pd.DataFrame:
    """Every quarter of the round in order: label, end date, open or not, the deadline in force and the catalog's,
    and who changed it last, when and why."""
    return wh.query_df(
        f"""WITH {in_force(as_of)}
            SELECT q.period, q.label, q.seq, q.end_date, f.is_open, f.deadline, f.default_deadline, f.changed_at,
                   f.username, f.display_name, f.reason
            FROM dim_quarter q JOIN quarter_in_force f USING (period) ORDER BY q.seq""",
        received_by(as_of),
    )


def history(wh, period: str | None = None, limit: int = 1000) -> pd.DataFrame:
    """The changes, newest first (optionally of one quarter)."""
    where, params = ("WHERE period = ?", [period]) if period else ("", [])
    return wh.query_df(
        f"""SELECT id, changed_at, period, is_open, deadline, username, display_name, role, address, reason
            FROM quarter_setting {where} ORDER BY changed_at DESC, id DESC LIMIT ?""",
        [*params, limit],
    )
