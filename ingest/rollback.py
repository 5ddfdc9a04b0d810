"""The office's rollback: make an earlier accepted submission of a region and quarter (for enterprise workbooks, of
the same reporting unit) current again.

Only an administrator may, and only with a reason. The submission current until then becomes superseded; nothing
is deleted. The change, its record in submission_rollback and the audit entry are one transaction, whose commit
writes a new data version, so every cached figure follows at once. A refusal writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from accounts import ADMIN, User
from reference import Quarter
from warehouse import approvals, audit
from warehouse import rollback as reads

from .spec import KIND_LABELS

NOT_ADMIN, NOT_FOUND, ALREADY_CURRENT, NO_REASON = "not_admin", "not_found", "already_current", "no_reason"
LOCKED = "locked"
MAX_REASON = 500  # characters of the reason kept


class RollbackRefused(Exception):
    """A rollback that was not made; `code` says which check refused it, the text says why in Chinese."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class RollbackResult:
    submission_id: int  # current again
    superseded: int | None  # current until then
    kind: str
    region_code: str
    region: str
    period: str
    unit: str | None
    file_name: str
    reason: str
    at: datetime

    @property
    def message(self) -> str:
        """What the office is told, in Chinese, naming both submissions."""
        where = f"{self.region}{Quarter.parse(self.period).label}的{KIND_LABELS[self.kind]}"
        if self.unit:
            where += f"（{self.unit}）"
        replaced = f"，提交 {self.superseded} 改为已被替代（数据仍保留）" if self.superseded else ""
        return f"已回退：{where}恢复为提交 {self.submission_id}（{self.file_name}）{replaced}。各项指标已按此重新计算。"


def roll_back(wh, submission_id: int, reason: str, user: User, address: str | None = None) -> RollbackResult:
    """Make submission `submission_id` current again, as `user` (an administrator), for `reason`; see the module."""
    if user.role != ADMIN:
        raise RollbackRefused(
            NOT_ADMIN,
            f"您的账号（{user.label}）无权回退提交。只有协调办公室的管理员可以把较早的提交恢复为有效。",
        )
    reason = (reason or "").strip()[:MAX_REASON]
    with wh.transaction() as cur:
        found = reads.submission(cur, submission_id)
        if found is None:
            raise RollbackRefused(NOT_FOUND, f"找不到提交 {submission_id}，请核对提交编号。")
        if found["status"] == "accepted":
            raise RollbackRefused(
                ALREADY_CURRENT, f"提交 {submission_id} 已是当前有效的提交，无需回退。请选择一份较早的提交。"
            )
        if not reason:
            raise RollbackRefused(NO_REASON, "请填写回退原因。回退原因将记入审计日志。")
        lock = approvals.lock(cur, found["region_code"], found["period"])
        if lock is not None:  # approved figures change only after an unlock, which has its own reason
            raise RollbackRefused(
                LOCKED,
                f"{wh.catalog.region(found['region_code']).name} {Quarter.parse(found['period']).label}的数据已由 "
                f"{lock.by}于 {lock.event_at:%Y-%m-%d %H:%M} 审核确认并锁定。请先在“审核”中解锁（填写原因），再回退。",
            )
        at = datetime.now().replace(microsecond=0)
        superseded = reads.make_current(cur, submission_id, at=at, reason=reason, username=user.username)
        region = wh.catalog.region(found["region_code"]).name
        audit.log(
            cur,
            username=user.username,
            role=user.role,
            address=address,
            action="rollback",
            target=f"{region} {found['period']}",
            kind=KIND_LABELS[found["kind"]],  # as the office reads it; the submission number says the rest
            unit=found["unit"],
            submission=submission_id,
            superseded=superseded,
            file=found["file_name"],
            reason=reason,
        )
    return RollbackResult(
        submission_id=submission_id,
        superseded=superseded,
        kind=found["kind"],
        region_code=found["region_code"],
        region=region,
        period=found["period"],
        unit=found["unit"],
        file_name=found["file_name"],
        reason=reason,
        at=at,
    )
