"""The audit log: every sign-in, upload, approval, unlock, weight change, adoption mark, account change and export,
with who, when, what and from which address. Append-only: this module only inserts and reads."""

from __future__ import annotations

import json

import pandas as pd

ACTIONS = {
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出",
    "upload": "上报",
    "approve": "审核通过",
    "unlock": "解锁",
    "weights": "调整评价权重",
    "quarter": "调整报告期",
    "adoption": "标记复制推广",
    "account": "账号变更",
    "export": "导出",
    "refused": "越权访问被拒绝",
    "rollback": "回退提交",
    "backup": "备份",
    "restore": "恢复备份",
    "migrate": "升级数据仓库",
}
# what the office reads for the detail's keys and coded values (the log stores them as written)
DETAIL_LABELS = {
    "file": "文件",
    "status": "结果",
    "submission": "提交编号",
    "supersedes": "替代的提交",
    "superseded": "改为已被替代的提交",
    "kind": "报表类型",
    "errors": "问题数",
    "reason": "原因",
    "adopted": "已复制推广",
    "limited": "因多次失败被暂停",
    "change": "变更",
    "role": "角色",
    "region": "地区",
    "unit": "报送单位",
    "period": "报告期",
    "old": "原为",
    "new": "改为",
    "approved_only": "仅用已审核数据",
}
VALUE_LABELS = {
    "accepted": "已接收",
    "rejected": "未通过",
    "create": "新建账号",
    "disable": "停用",
    "enable": "启用",
    "reset_password": "重设密码",
    True: "是",
    False: "否",
}


def record(
    wh,
    *,
    username: str,
    role: str | None,
    address: str | None,
    action: str,
    target: str | None = None,
    **detail,
) -> None:
    """One entry, in its own transaction (an entry is never lost with the work it describes being refused)."""
    with wh.transaction() as cur:
        log(cur, username=username, role=role, address=address, action=action, target=target, **detail)


def log(
    cur,
    *,
    username: str,
    role: str | None,
    address: str | None,
    action: str,
    target: str | None = None,
    **detail,
) -> None:
    """One entry inside the caller's transaction (with the write it describes: both land or neither)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action}")
    cur.execute(
        "INSERT INTO audit_log (username, role, address, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)",
        [username, role, address, action, target, json.dumps(detail, ensure_ascii=False, default=str)],
    )


def entries(
    wh, *, username: str | None = None, action: str | None = None, since=None, until=None, limit: int = 1000
) -> pd.DataFrame:
    """The log, newest first, filtered by account, action and time."""
    where, params = [], []
    for clause, value in (
        ("username = ?", username),
        ("action = ?", action),
        ("logged_at >= ?", since),
        ("logged_at < ?", until),
    ):
        if value is not None:
            where.append(clause)
            params.append(value)
    sql = "SELECT id, logged_at, username, role, address, action, target, detail FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return wh.query_df(sql + " ORDER BY id DESC LIMIT ?", [*params, limit])
