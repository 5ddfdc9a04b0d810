"""回退提交 (for the 管理 page): the office chooses a region, quarter and kind (and, for enterprise workbooks, the
reporting unit), sees every accepted workbook of it with the current one marked, picks an earlier one, gives a reason
and confirms; ingest.rollback makes it current again, in one transaction with its audit entry."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from accounts import User, display_names
from ingest.loader import SUBMISSION_LABELS
from ingest.rollback import RollbackRefused, roll_back
from ingest.spec import KIND_LABELS
from reference import Quarter
from warehouse import Warehouse
from warehouse import rollback as reads

from .auth import address
from .exports import table
from .text import plain

STATUS = {**SUBMISSION_LABELS, "accepted": "当前有效"}  # beside an earlier one: which counts now
LABELS = {
    "id": "提交编号",
    "status": "状态",
    "received_at": "收到时间",
    "received_from": "报送人",
    "file_name": "文件名",
    "rows": "数据行数",
    "backfilled": "补录",
}
_DONE, _FAILED = "rollback_done", "rollback_failed"  # the last confirmation's outcome, shown on the next run


def _confirm(wh: Warehouse, user: User) -> None:
    """The confirm button's callback: it runs before the script, so the table below already shows the change."""
    submission_id = int(st.session_state["rollback_pick"])
    try:
        result = roll_back(wh, submission_id, st.session_state.get("rollback_reason", ""), user, address())
    except RollbackRefused as exc:
        st.session_state[_FAILED] = exc.message
    else:
        st.session_state[_DONE] = result.message
        st.session_state["rollback_reason"] = ""


def _choose_unit(keys: pd.DataFrame) -> tuple[bool, str | None]:
    units = sorted(u for u in keys["unit"].dropna().unique())
    if not units:
        return False, None
    unit = st.selectbox("填报单位", units, key="rollback_unit", index=None, placeholder="请选择填报单位")
    return unit is not None, unit


def render(wh: Warehouse, user: User) -> None:
    """The rollback form; everything the office sees is Chinese."""
    st.caption(
        "把某地区某季度较早接收的一份报表恢复为当前有效：现有效的报表改为“已被替代”，数据不删除；"
        "各项指标随即按恢复的报表重新计算。须填写原因，操作记入审计日志。"
    )
    names = {r.code: r.name for r in wh.catalog.regions}
    counts = reads.submission_counts(wh)
    c1, c2, c3 = st.columns(3)
    kind = c1.radio("报表类型", list(KIND_LABELS), format_func=KIND_LABELS.get, key="rollback_kind")
    mine = counts[counts["kind"] == kind]
    region = c2.selectbox(
        "试点地区",
        [c for c in names if c in set(mine["region_code"])],
        format_func=names.get,
        key="rollback_region",
        index=None,
        placeholder="请选择试点地区",
    )
    if region is None:
        st.info("请选择报表类型、试点地区和报告期。")
        return
    mine = mine[mine["region_code"] == region]
    sent = mine.groupby("period")["submissions"].sum()
    order = {q.code: i for i, q in enumerate(wh.catalog.quarters)}
    period = c3.selectbox(
        "报告期",
        sorted(sent.index, key=lambda p: order.get(p, len(order))),
        format_func=lambda p: f"{Quarter.parse(p).label}（{sent[p]} 份）",
        key="rollback_period",
        index=None,
        placeholder="请选择报告期",
    )
    if period is None:
        st.info("请选择报告期。")
        return
    mine = mine[mine["period"] == period]
    unit = None
    if kind == "enterprise":
        chosen, unit = _choose_unit(mine)
        if not chosen:
            st.info("请选择填报单位。")
            return
    done, failed = st.session_state.pop(_DONE, None), st.session_state.pop(_FAILED, None)
    if done:
        st.success(plain(done))  # it names the clerk's file and unit: their text, never Markdown
    if failed:
        st.error(plain(failed))
    found = reads.earlier_submissions(wh, kind, region, period, unit)
    shown = found[["id", "status", "received_at", "received_from", "file_name", "rows", "backfilled"]].assign(
        status=found["status"].map(STATUS),
        received_from=found["received_from"].replace(display_names()).fillna("—"),
    )
    title = f"{names[region]}{Quarter.parse(period).label}{KIND_LABELS[kind]}的已接收报表"
    st.subheader(title, anchor=False)
    table(shown, title, "rollback_submissions", labels=LABELS)
    current = found.loc[found["status"] == "accepted", "id"].tolist()
    earlier = found.loc[found["status"] != "accepted", "id"].tolist()
    st.markdown(f"当前有效：提交 {current[0]}" if current else "当前没有有效的提交。")
    if not earlier:
        st.info("该季度只接收过这一份报表，没有可以回退的较早提交。")
        return
    files = dict(zip(found["id"], found["file_name"]))
    times = dict(zip(found["id"], found["received_at"]))
    st.selectbox(
        "恢复为当前有效的提交",
        earlier,
        format_func=lambda i: f"提交 {i} · {pd.Timestamp(times[i]):%Y-%m-%d %H:%M} · {files[i]}",
        key="rollback_pick",
    )
    st.text_area("回退原因（必填，记入审计日志）", key="rollback_reason", max_chars=500)
    st.button(
        "确认回退",
        type="primary",
        key="rollback_confirm",
        on_click=_confirm,
        args=(wh, user),
    )
