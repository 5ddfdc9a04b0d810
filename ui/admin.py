"""The 管理 page's reads and writes: accounts and the audit log; every change is recorded in the audit log."""

from __future__ import annotations

import json

import pandas as pd

from accounts import ADMIN, ROLE_LABELS, User, store
from reference import load_catalog
from warehouse import audit

from .auth import address, require
from .data import warehouse


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


def _detail(text: str | None) -> str:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return text or ""
    return "；".join(
        f"{audit.DETAIL_LABELS.get(k, k)}：{_value(k, v)}" for k, v in data.items() if v not in (None, "")
    )


def _value(key: str, value) -> str:
    if key == "role":
        return ROLE_LABELS.get(value, value)
    if isinstance(value, bool) or value in audit.VALUE_LABELS:
        return audit.VALUE_LABELS[value]
    return str(value)
