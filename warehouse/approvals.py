"""Approval (审核确认) of a region's quarter by the office, and unlocking it (解锁), as DHIS2 approves a data set.

The events are only ever appended (approval_event): the state of a region's quarter is its latest event — approved,
unlocked, or never approved. While it is approved, uploads of either workbook kind for that region and quarter are
refused (ingest/loader.py asks `lock`), and the "approved data only" view (warehouse.latest) counts it.

Writes take the cursor of an open `Warehouse.transaction()` (the caller logs the audit entry in it); reads take the
Warehouse, or a cursor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

APPROVE, UNLOCK = "approve", "unlock"
APPROVED, UNLOCKED, NOT_APPROVED = "approved", "unlocked", "not_approved"
STATE_LABELS = {APPROVED: "已审核", NOT_APPROVED: "未审核", UNLOCKED: "已解锁"}
EVENT_LABELS = {APPROVE: "审核确认", UNLOCK: "解锁"}


class ApprovalProblem(ValueError):
    """An approval or unlock that cannot be made as asked; the text says why in Chinese."""


@dataclass(frozen=True)
class Event:
    region_code: str
    period: str
    action: str
    event_at: datetime
    username: str
    display_name: str
    reason: str | None = None

    @property
    def by(self) -> str:
        """Who, as the refusal names them: 协调办公室管理员 (the account's name; the audit log has the login)."""
        return self.display_name


def latest_event(cur, region_code: str, period: str) -> Event | None:
    """The latest approval event of a region's quarter (None: never approved)."""
    row = cur.execute(
        """SELECT region_code, period, action, event_at, username, display_name, reason FROM approval_event
           WHERE region_code = ? AND period = ? ORDER BY event_at DESC, id DESC LIMIT 1""",
        [region_code, period],
    ).fetchone()
    return None if row is None else Event(*row)


def lock(cur, region_code: str, period: str) -> Event | None:
    """The approval that locks a region's quarter against uploads, or None when it is open."""
    event = latest_event(cur, region_code, period)
    return event if event is not None and event.action == APPROVE else None


def _record(
    cur,
    action: str,
    region_code: str,
    period: str,
    *,
    username: str,
    display_name: str,
    role: str | None,
    address: str | None,
    reason: str | None,
    at: datetime | None,
) -> Event:
    at = at or datetime.now().replace(microsecond=0)
    cur.execute(
        """INSERT INTO approval_event (region_code, period, action, event_at, username, display_name, role,
                                       address, reason)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [region_code, period, action, at, username, display_name, role, address, reason],
    )
    return Event(region_code, period, action, at, username, display_name, reason)


def approve(
    cur,
    region_code: str,
    period: str,
    *,
    region_name: str,
    period_label: str,
    username: str,
    display_name: str,
    role: str | None = None,
    address: str | None = None,
    at: datetime | None = None,
) -> Event:
    """Approve and lock a region's quarter. Refused (ApprovalProblem) when it is approved already, or when no region
    workbook of it has been accepted (there is nothing to approve)."""
    current = lock(cur, region_code, period)
    if current is not None:
        raise ApprovalProblem(
            f"{region_name} {period_label}的数据已由 {current.by}于 {current.event_at:%Y-%m-%d %H:%M} "
            "审核确认，无需再次审核。"
        )
    sent = cur.execute(
        "SELECT 1 FROM submission WHERE kind = 'region' AND region_code = ? AND period = ? AND status = 'accepted'",
        [region_code, period],
    ).fetchone()
    if sent is None:
        raise ApprovalProblem(f"{region_name} {period_label}尚无通过检查的地区季度报表，不能审核确认。")
    return _record(
        cur,
        APPROVE,
        region_code,
        period,
        username=username,
        display_name=display_name,
        role=role,
        address=address,
        reason=None,
        at=at,
    )


def unlock(
    cur,
    region_code: str,
    period: str,
    reason: str,
    *,
    region_name: str,
    period_label: str,
    username: str,
    display_name: str,
    role: str | None = None,
    address: str | None = None,
    at: datetime | None = None,
) -> Event:
    """Unlock an approved region's quarter, with the reason (required): uploads for it are accepted again, and it
    no longer counts as approved."""
    reason = (reason or "").strip()
    if not reason:
        raise ApprovalProblem("解锁须填写原因。")
    if lock(cur, region_code, period) is None:
        raise ApprovalProblem(f"{region_name} {period_label}的数据未处于审核确认状态，无需解锁。")
    return _record(
        cur,
        UNLOCK,
        region_code,
        period,
        username=username,
        display_name=display_name,
        role=role,
        address=address,
        reason=reason,
        at=at,
    )


def states(wh) -> pd.DataFrame:
    """Every region and quarter that has an approval event: its state (approved, unlocked) and its latest event
    (action, when, by whom, reason). A region's quarter without a row has never been approved."""
    frame = wh.query_df(
        """SELECT region_code, period, action, event_at, username, display_name, reason FROM approval_event
           QUALIFY row_number() OVER (PARTITION BY region_code, period ORDER BY event_at DESC, id DESC) = 1"""
    )
    frame.insert(2, "state", frame["action"].map({APPROVE: APPROVED, UNLOCK: UNLOCKED}))
    return frame


def events(wh, region_code: str | None = None, period: str | None = None, limit: int = 1000) -> pd.DataFrame:
    """The approval events, newest first, optionally of one region and/or quarter."""
    where, params = [], []
    for clause, value in (("region_code = ?", region_code), ("period = ?", period)):
        if value is not None:
            where.append(clause)
            params.append(value)
    sql = (
        "SELECT id, event_at, region_code, period, action, username, display_name, role, address, reason "
        "FROM approval_event"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    return wh.query_df(sql + " ORDER BY event_at DESC, id DESC LIMIT ?", [*params, limit])
