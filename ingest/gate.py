"""Whether the office still takes a workbook for its region and quarter: not when the region's quarter has been
approved (审核确认, warehouse.approvals) until it is unlocked, nor when the reporting quarter has been closed
(warehouse.quarters). Asked by the loader inside its write transaction, for either workbook kind, from the
dashboard and the command line alike."""

from __future__ import annotations

from reference import Quarter, load_catalog
from warehouse import approvals, quarters

from .problems import Problem

LOCKED, CLOSED = "quarter_locked", "quarter_closed"


def refusal(cur, region_code: str | None, period: str | None) -> Problem | None:
    """The problem that refuses the workbook (in Chinese: who approved or closed it, and when), or None."""
    if not region_code or not period:
        return None
    label = Quarter.parse(period).label
    closed = quarters.closed(cur, period)
    if closed is not None:
        return Problem(
            "基本信息",
            None,
            None,
            CLOSED,
            f"{label}的报告期已由 {closed.by}于 {closed.changed_at:%Y-%m-%d %H:%M} 关闭，不再接收该季度的报表。"
            "如需补报或更正，请联系协调办公室重新开放。",
        )
    lock = approvals.lock(cur, region_code, period)
    if lock is not None:
        names = {r.code: r.name for r in load_catalog().regions}
        return Problem(
            "基本信息",
            None,
            None,
            LOCKED,
            f"{names.get(region_code, region_code)} {label}的数据已由 {lock.by}于 {lock.event_at:%Y-%m-%d %H:%M} "
            "审核确认并锁定，不能再上报。如需更正，请联系协调办公室解锁。",
        )
    return None
