"""Approval (审核确认) and unlocking of a region's quarter on the 管理 page, the approved-data-only switch the pages
and the briefing pack follow, and the 简报 pack built on the session's choice.

Every write here is the administrator's alone (ui.auth.require: anyone else is refused, the refusal logged) and is
recorded in the audit log in the same transaction as the change.
"""

from __future__ import annotations

import pandas as pd

from accounts import ADMIN, ROLE_LABELS
from briefing.pack import data_note, make_pack
from charts.registry import Chart
from reference import load_catalog
from warehouse import Warehouse, approvals, audit
from warehouse.approvals import (
    APPROVED,
    EVENT_LABELS,
    NOT_APPROVED,
    STATE_LABELS,
    UNLOCKED,
    ApprovalProblem,
    Event,
)

from .auth import address, require
from .data import config, get_warehouse, warehouse
from .scope import APPROVED_ONLY, approved_only, flag

__all__ = [
    "APPROVED",
    "APPROVED_ONLY",
    "ApprovalProblem",
    "NOT_APPROVED",
    "STATE_LABELS",
    "UNLOCKED",
    "approve",
    "approved_only",
    "briefing_pack",
    "grid",
    "history",
    "pack_note",
    "state",
    "unlock",
]


def _where(region_code: str, period: str) -> tuple[str, str]:
    names = {r.code: r.name for r in load_catalog().regions}
    return names[region_code], load_catalog().quarter(period).label


def approve(region_code: str, period: str) -> Event:
    """Approve and lock a region's quarter (administrators only); ApprovalProblem when it cannot be (already
    approved, nothing accepted yet)."""
    return _change("审核确认数据", "approve", approvals.approve, region_code, period)


def unlock(region_code: str, period: str, reason: str) -> Event:
    """Unlock an approved region's quarter with the reason (required; administrators only)."""
    return _change("解锁已审核的数据", "unlock", approvals.unlock, region_code, period, reason)


def _change(what: str, action: str, write, region_code: str, period: str, *reason: str) -> Event:
    """`write` (warehouse.approvals.approve or unlock) as the signed-in administrator, with its audit entry in the
    same transaction."""
    who = require((ADMIN,), what)
    region_name, label = _where(region_code, period)
    with warehouse().transaction() as cur:
        event = write(
            cur,
            region_code,
            period,
            *reason,
            region_name=region_name,
            period_label=label,
            username=who.username,
            display_name=who.display_name,
            role=who.role,
            address=address(),
        )
        audit.log(
            cur,
            username=who.username,
            role=who.role,
            address=address(),
            action=action,
            target=f"{region_name} {label}",
            region=region_code,
            period=period,
            **({"reason": event.reason} if reason else {}),
        )
    return event


def grid(wh: Warehouse) -> pd.DataFrame:
    """Regions × quarters: each region's row (region_code, region) and one column per quarter (its code) holding
    the state: 已审核, 已解锁 or 未审核."""
    catalog = load_catalog()
    states = approvals.states(wh)
    known = {(r.region_code, r.period): STATE_LABELS[r.state] for r in states.itertuples()}
    rows = []
    for region in catalog.regions:
        row = {"region_code": region.code, "region": region.name}
        for q in catalog.quarters:
            row[q.code] = known.get((region.code, q.code), STATE_LABELS[NOT_APPROVED])
        rows.append(row)
    return pd.DataFrame(rows)


def state(wh: Warehouse, region_code: str, period: str) -> str:
    """approved, unlocked or not_approved."""
    found = grid(wh).set_index("region_code").loc[region_code, period]
    return {label: key for key, label in STATE_LABELS.items()}[found]


def history(wh: Warehouse, region_code: str | None = None, period: str | None = None) -> pd.DataFrame:
    """The approval events, newest first, in Chinese: when, region, quarter (its code), action, who, role, address,
    reason."""
    names = {r.code: r.name for r in load_catalog().regions}
    found = approvals.events(wh, region_code, period)
    return pd.DataFrame(
        {
            "event_at": found["event_at"],
            "region": found["region_code"].map(names),
            "period": found["period"],
            "action": found["action"].map(EVENT_LABELS),
            "by": found["display_name"] + "（" + found["username"] + "）",
            "role": found["role"].map(ROLE_LABELS).fillna("—"),
            "address": found["address"].fillna("—"),
            "reason": found["reason"].fillna("—"),
        }
    )


def pack_note(approved: bool | None = None) -> str:
    """The pack's title-slide line on which data it counts (the session's switch when not told)."""
    return data_note(flag(approved))


def briefing_pack(
    wh: Warehouse,
    period: str,
    chosen: list[Chart],
    *,
    focus: tuple[str, ...] = (),
    unit: str = "亿元",
    approved: bool | None = None,
) -> bytes:
    """The 简报 page's pack (briefing.pack.make_pack) with the configuration in force, on the data the session's
    switch chooses (approved data only, or every region's latest), its title slide saying which."""
    server = get_warehouse(str(wh.path))
    return make_pack(
        server, period, chosen, focus=focus, unit=unit, config=config(server), approved_only=flag(approved)
    )
