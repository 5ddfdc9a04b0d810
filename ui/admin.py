"""The 管理 page's reads and writes: accounts, the reporting quarters (open or closed, deadlines), the composite
score's weights and the audit log (approvals: ui.approvals). Every change is the administrator's alone
(ui.auth.require) and is recorded in the audit log — a change in the warehouse in the same transaction."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from accounts import ADMIN, ROLE_LABELS, User, store
from ingest.loader import RECEIPT_LABELS
from reference import load_catalog
from reference.evaluation import ConfigError, check_weights, load_config, with_weights
from warehouse import Warehouse, audit, quarters, weights
from warehouse.approvals import ApprovalProblem

from .auth import address, require
from .data import warehouse
from .scope import APPROVED_ONLY_LABEL


class AdminProblem(ValueError):
    """A change on the 管理 page that cannot be made as asked; the text says why in Chinese."""


PROBLEMS = (AdminProblem, ApprovalProblem, ConfigError)  # what the page shows as an error message


def accounts() -> pd.DataFrame:
    """Every account, without its password hash."""
    found, _ = store.load()
    names = {r.code: r.name for r in load_catalog().regions}
    return pd.DataFrame(
        [
            {
                "username": a.username,
                "display_name": a.display_name,
                "role": ROLE_LABELS[a.role],
                "region": names.get(a.region, "—") if a.region else "—",
                "unit": a.unit or "—",
                "disabled": "已停用" if a.disabled else "启用",
                "created_at": a.created_at,
            }
            for a in found.values()
        ]
    )


def _log(who: User, target: str, **detail) -> None:
    audit.record(
        warehouse(),
        username=who.username,
        role=who.role,
        address=address(),
        action="account",
        target=target,
        **detail,
    )


def create(
    username: str, display_name: str, role: str, password: str, region: str | None, unit: str | None
) -> None:
    who = require((ADMIN,), "管理账号")
    store.create(username, display_name, role, password, region=region, unit=unit)
    _log(who, username, change="create", role=role, region=region, unit=unit)


def set_disabled(username: str, disabled: bool) -> None:
    who = require((ADMIN,), "管理账号")
    store.set_disabled(username, disabled)
    _log(who, username, change="disable" if disabled else "enable")


def reset_password(username: str) -> str:
    who = require((ADMIN,), "管理账号")
    password = store.reset_password(username)
    _log(who, username, change="reset_password")  # the new password itself is never logged
    return password


def audit_log(username: str | None, action: str | None, since, until) -> pd.DataFrame:
    require((ADMIN,), "查看审计日志")
    found = audit.entries(
        warehouse(), username=username or None, action=action or None, since=since, until=until
    )
    found["action"] = found["action"].map(audit.ACTIONS)
    found["role"] = found["role"].map(ROLE_LABELS).fillna("—")
    found["detail"] = found["detail"].map(_detail)
    return found


DETAIL_LABELS = {
    "file": "文件",
    "status": "结果",
    "submission": "提交编号",
    "supersedes": "替代的提交",
    "superseded": "改为已被替代的提交",
    "kind": "报表类型",
    "errors": "问题数",
    "adopted": "已复制推广",
    "approved_only": APPROVED_ONLY_LABEL,
    "change": "变更",
    "role": "角色",
    "region": "试点地区",
    "unit": "填报单位",
    "period": "报告期",
    "reason": "原因",
    "old": "调整前",
    "new": "调整后",
    "open": "接收报表",
    "deadline": "截止日期",
    "limited": "因失败次数过多被限制",
}
CHANGE_LABELS = {
    "create": "新建",
    "disable": "停用",
    "enable": "启用",
    "reset_password": "重置密码",
    "close": "关闭报告期",
    "reopen": "重新开放报告期",
    "deadline": "调整截止日期",
    **RECEIPT_LABELS,  # an upload's status
}


def _value(key: str, value, names: dict[str, str]) -> str:
    if isinstance(value, dict):
        return "，".join(
            f"{names.get(k, DETAIL_LABELS.get(k, k))} {_value(k, v, names)}" for k, v in value.items()
        )
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:g}"
    if value is None:
        return "—"
    return str(
        names.get(value, CHANGE_LABELS.get(value, value))
        if key in ("region", "role", "change", "status")
        else value
    )


def _detail(text: str | None) -> str:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return text or ""
    names = {r.code: r.name for r in load_catalog().regions} | ROLE_LABELS
    try:
        names |= {i.indicator: i.label for i in load_config().items}
    except ConfigError:
        pass
    return "；".join(f"{DETAIL_LABELS.get(k, k)}：{_value(k, v, names)}" for k, v in data.items())


# ---------------------------------------------------------------- reporting quarters (报告期)


def reporting_quarters(wh: Warehouse) -> pd.DataFrame:
    """Every quarter of the round: open to uploads or closed, the deadline in force and the catalog's, and the
    latest change (who, when, why)."""
    found = quarters.quarters(wh)
    return pd.DataFrame(
        {
            "period": found["period"],
            "is_open": found["is_open"].map({True: "接收报表", False: "已关闭"}),
            "deadline": pd.to_datetime(found["deadline"]),
            "default_deadline": pd.to_datetime(found["default_deadline"]),
            "changed_at": found["changed_at"],
            "changed_by": [
                f"{n}（{u}）" if isinstance(u, str) else "—"
                for n, u in zip(found["display_name"], found["username"])
            ],
            "reason": found["reason"],
        }
    )


def quarter_history(wh: Warehouse) -> pd.DataFrame:
    """Every change of the reporting quarters, newest first."""
    found = quarters.history(wh)
    return pd.DataFrame(
        {
            "changed_at": found["changed_at"],
            "period": found["period"],
            "is_open": found["is_open"].map({True: "接收报表", False: "已关闭"}),
            "deadline": pd.to_datetime(found["deadline"]),
            "changed_by": found["display_name"] + "（" + found["username"] + "）",
            "address": found["address"].fillna("—"),
            "reason": found["reason"],
        }
    )


def _state(setting) -> dict:
    """A quarter's state for the audit log: open or not, and the deadline in force (None: the catalog's)."""
    if setting is None:
        return {"open": True, "deadline": None}
    return {"open": setting.is_open, "deadline": setting.deadline.isoformat() if setting.deadline else None}


def _change_quarter(period: str, change: str, reason: str | None, **state) -> None:
    who = require((ADMIN,), "调整报告期")
    catalog = load_catalog()
    label = catalog.quarter(period).label
    reason = (reason or "").strip() or None
    with warehouse().transaction() as cur:
        before = quarters.current(cur, period)
        was_open = before.is_open if before else True
        if change == "close" and not was_open:
            raise AdminProblem(f"{label}的报告期已关闭。")
        if change == "reopen" and was_open:
            raise AdminProblem(f"{label}的报告期正在接收报表，无需重新开放。")
        _, after = quarters.change(
            cur,
            period,
            **state,
            username=who.username,
            display_name=who.display_name,
            role=who.role,
            address=address(),
            reason=reason,
        )
        audit.log(
            cur,
            username=who.username,
            role=who.role,
            address=address(),
            action="quarter",
            target=label,
            change=change,
            period=period,
            old=_state(before),
            new=_state(after),
            reason=reason,
        )


def close_quarter(period: str, reason: str | None = None) -> None:
    """Close a reporting quarter to uploads: the loader refuses its workbooks, naming the quarter."""
    _change_quarter(period, "close", reason, is_open=False)


def reopen_quarter(period: str, reason: str | None = None) -> None:
    """Open a closed reporting quarter to uploads again."""
    _change_quarter(period, "reopen", reason, is_open=True)


def move_deadline(period: str, deadline: date | None, reason: str | None = None) -> None:
    """Move a quarter's reporting deadline (None: back to the catalog's); reporting status is judged against it.
    The deadline must fall after the quarter's last day."""
    quarter = load_catalog().quarter(period)
    if deadline is not None and deadline <= quarter.end:
        raise AdminProblem(
            f"{quarter.label}的截止日期应晚于该季度最后一天（{quarter.end:%Y-%m-%d}），实为 {deadline:%Y-%m-%d}。"
        )
    _change_quarter(period, "deadline", reason, deadline=deadline)


# ---------------------------------------------------------------- the composite score's weights (评价权重)


def weights_table(wh: Warehouse) -> pd.DataFrame:
    """Each scored indicator: its label, normalisation, the configuration file's weight and the weight in force."""
    config = load_config()
    now = with_weights(config, weights.current(wh))
    return pd.DataFrame(
        {
            "indicator": [i.indicator for i in config.items],
            "label": [i.label for i in config.items],
            "normalisation": [
                "按目标值" if i.normalisation == "target" else "地区间最小—最大" for i in config.items
            ],
            "file_weight": [i.weight for i in config.items],
            "weight": [i.weight for i in now.items],
        }
    )


def set_weights(new: dict[str, float]) -> dict[str, float]:
    """Set the composite score's weights (by indicator; checked: 0–1000, at least one above 0); returns them.
    The dashboard's scores and `python -m indicators` use them from the next computation."""
    who = require((ADMIN,), "调整综合评价权重")
    config = load_config()
    new = check_weights(config, {**{i.indicator: i.weight for i in config.items}, **new})
    with warehouse().transaction() as cur:
        old = {i.indicator: i.weight for i in with_weights(config, weights.current_in(cur)).items}
        if old == new:
            raise AdminProblem("权重没有变化，未保存。")
        weights.record(
            cur, new, username=who.username, display_name=who.display_name, role=who.role, address=address()
        )
        audit.log(
            cur,
            username=who.username,
            role=who.role,
            address=address(),
            action="weights",
            target="综合评价权重",
            old=old,
            new=new,
        )
    return new


def weights_history(wh: Warehouse) -> pd.DataFrame:
    """Every change of the weights, newest first: when, who, and the weights set (in words)."""
    found = weights.history(wh)
    labels = {i.indicator: i.label for i in load_config().items}
    return pd.DataFrame(
        {
            "changed_at": found["changed_at"],
            "changed_by": found["display_name"] + "（" + found["username"] + "）",
            "address": found["address"].fillna("—"),
            "weights": [
                "，".join(f"{labels.get(k, k)} {v:g}" for k, v in w.items()) for w in found["weights"]
            ],
        }
    )
