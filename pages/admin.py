"""管理 (administrators only): accounts with their roles, regions and units; approving and unlocking regions'
quarters; the reporting quarters (open or closed, deadlines); the composite score's weights; the audit log."""

from datetime import date, datetime, time, timedelta

import streamlit as st

import ui
from accounts import ADMIN, ENTERPRISE, OBSERVER, REGION, ROLE_LABELS, AccountsProblem
from accounts.store import MIN_PASSWORD, new_password
from reference import load_catalog
from ui import admin, approvals, auth, rollback
from warehouse.audit import ACTIONS

auth.require((ADMIN,), "打开“管理”页面")
st.title("管理", anchor=False)
catalog = load_catalog()
names = {r.code: r.name for r in catalog.regions}
wh = ui.warehouse()
labels = {q.code: q.label for q in catalog.quarters}


def done(tab: str, text: str) -> None:
    """Say what was done in the tab after the rerun that shows the change."""
    st.session_state[f"_admin_done_{tab}"] = text
    st.rerun()


def say_done(tab: str) -> None:
    text = st.session_state.pop(f"_admin_done_{tab}", None)
    if text:
        st.success(text)


accounts_tab, approval_tab, rollback_tab, quarter_tab, weights_tab, log_tab = st.tabs(
    ["账号", "审核", "回退", "报告期", "评价权重", "审计日志"]
)

with accounts_tab:
    ui.table(
        admin.accounts(),
        "账号",
        "accounts",
        labels={
            "username": "账号",
            "display_name": "姓名或单位",
            "role": "角色",
            "region": "试点地区",
            "unit": "填报单位",
            "disabled": "状态",
            "created_at": "创建时间",
        },
    )
    with st.form("new_account", clear_on_submit=True):
        st.subheader("新建账号", anchor=False)
        c1, c2, c3 = st.columns(3)
        username = c1.text_input("账号（登录名）", key="new_username")
        display_name = c2.text_input("姓名或单位", key="new_display_name")
        role = c3.selectbox(
            "角色", [ADMIN, OBSERVER, REGION, ENTERPRISE], format_func=ROLE_LABELS.get, key="new_role"
        )
        c4, c5 = st.columns(2)
        region = c4.selectbox(
            "试点地区（地区或企业填报员）",
            [None, *names],
            key="new_region",
            placeholder="请选择",
            format_func=lambda c: "—" if c is None else names[c],
        )
        unit = c5.text_input("填报单位（企业填报员，与企业直报表“基本信息”一致）", key="new_unit")
        created = st.form_submit_button("创建账号", type="primary")
    if created:
        password = new_password()
        try:
            admin.create(username, display_name, role, password, region, unit or None)
        except AccountsProblem as exc:
            st.error(str(exc))
        else:
            st.success(
                f"已创建账号 {username}。初始密码（只显示这一次，请当面或通过安全渠道交给本人）：{password}"
            )
    st.subheader("停用、启用或重置密码", anchor=False)
    found = admin.accounts()
    pick = st.selectbox(
        "账号", found["username"].tolist(), key="manage_account", index=None, placeholder="请选择账号"
    )
    if pick:
        c1, c2, c3 = st.columns(3)
        if c1.button("停用", key="disable_account"):
            admin.set_disabled(pick, True)
            st.success(f"已停用账号 {pick}。")
        if c2.button("启用", key="enable_account"):
            admin.set_disabled(pick, False)
            st.success(f"已启用账号 {pick}。")
        if c3.button("重置密码", key="reset_account"):
            st.success(f"账号 {pick} 的新密码（只显示这一次）：{admin.reset_password(pick)}")
    st.caption(f"密码至少 {MIN_PASSWORD} 个字符，只以散列值保存在账号文件中，平台不保存也不记录明文密码。")

with approval_tab:
    say_done("approval")
    st.caption(
        "协调办公室审核确认某地区某季度的数据后，该地区该季度的报表（地区季度报表和企业直报表）即被锁定，"
        "看板和命令行都不再接收，直至解锁（须填写原因）。"
        f"打开侧栏的“{ui.APPROVED_ONLY_LABEL}”时，各页面只计入已审核确认的地区季度。"
    )
    ui.table(
        approvals.grid(wh),
        "审核状态",
        "approval_grid",
        labels={"region": "试点地区", **labels},
    )
    c1, c2 = st.columns(2)
    approve_region = c1.selectbox("试点地区", list(names), format_func=names.get, key="approve_region")
    approve_period = c2.selectbox(
        "报告期", list(labels), index=len(labels) - 1, format_func=labels.get, key="approve_period"
    )
    where = f"{names[approve_region]} {labels[approve_period]}"
    current = approvals.state(wh, approve_region, approve_period)
    st.markdown(f"**{where}**：{approvals.STATE_LABELS[current]}")
    if current == approvals.APPROVED:
        reason = st.text_input(
            "解锁原因（必填）", key="unlock_reason", placeholder="如：地区申请更正出口数据"
        )
        if st.button("解锁", key="unlock", icon=":material/lock_open:"):
            try:
                approvals.unlock(approve_region, approve_period, reason)
            except admin.PROBLEMS as exc:
                st.error(str(exc))
            else:
                done("approval", f"已解锁{where}，该地区该季度可重新上报。")
    elif st.button("审核确认并锁定", key="approve", type="primary", icon=":material/lock:"):
        try:
            approvals.approve(approve_region, approve_period)
        except admin.PROBLEMS as exc:
            st.error(str(exc))
        else:
            done("approval", f"已审核确认{where}的数据并锁定。")
    st.subheader("审核记录", anchor=False)
    ui.table(
        approvals.history(wh),
        "审核记录",
        "approval_history",
        labels={
            "event_at": "时间",
            "region": "试点地区",
            "period": "报告期",
            "action": "操作",
            "by": "操作人",
            "role": "角色",
            "address": "来源地址",
            "reason": "原因",
        },
    )

with quarter_tab:
    say_done("quarter")
    st.caption(
        "关闭某季度后，看板和命令行都不再接收该季度的报表。报送是否按时按现行截止日期判断；"
        f"未调整的季度使用默认截止日期（季度结束后次月 {catalog.deadline_day} 日）。"
    )
    quarter_labels = {
        "period": "报告期",
        "is_open": "状态",
        "deadline": "现行截止日期",
        "default_deadline": "默认截止日期",
        "changed_at": "最近调整时间",
        "changed_by": "调整人",
        "reason": "原因",
        "address": "来源地址",
    }
    ui.table(admin.reporting_quarters(wh), "报告期", "reporting_quarters", labels=quarter_labels)
    c1, c2 = st.columns(2)
    setting_period = c1.selectbox(
        "报告期", list(labels), index=len(labels) - 1, format_func=labels.get, key="setting_period"
    )
    setting_reason = c2.text_input("原因", key="setting_reason", placeholder="如：年度数据已汇总上报")
    now = admin.reporting_quarters(wh).set_index("period").loc[setting_period]
    b1, b2 = st.columns(2)
    try:
        if now["is_open"] == "已关闭":
            if b1.button("重新开放", key="reopen_quarter", icon=":material/lock_open:"):
                admin.reopen_quarter(setting_period, setting_reason)
                done("quarter", f"已重新开放{labels[setting_period]}，该季度的报表可以上报。")
        elif b1.button("关闭报告期", key="close_quarter", icon=":material/block:"):
            admin.close_quarter(setting_period, setting_reason)
            done("quarter", f"已关闭{labels[setting_period]}，不再接收该季度的报表。")
        new_deadline = st.date_input(
            "截止日期",
            value=now["deadline"].date(),
            key=f"setting_deadline_{setting_period}",
            format="YYYY-MM-DD",
        )
        d1, d2 = st.columns(2)
        if d1.button("调整截止日期", key="move_deadline", icon=":material/event:"):
            admin.move_deadline(setting_period, new_deadline, setting_reason)
            done("quarter", f"{labels[setting_period]}的截止日期已调整为 {new_deadline:%Y-%m-%d}。")
        if d2.button("恢复默认截止日期", key="default_deadline", icon=":material/restart_alt:"):
            admin.move_deadline(setting_period, None, setting_reason)
            done("quarter", f"{labels[setting_period]}的截止日期已恢复为默认。")
    except admin.PROBLEMS as exc:
        st.error(str(exc))
    st.subheader("调整记录", anchor=False)
    ui.table(admin.quarter_history(wh), "报告期调整记录", "quarter_history", labels=quarter_labels)

with weights_tab:
    say_done("weights")
    st.caption(
        "综合评价按各项指标的权重加权计分（本平台自行设计的方法）。这里保存的权重用于看板各页、简报包和命令行"
        "（python -m indicators），取代配置文件中的权重；指标、标准化方法和预警阈值仍以配置文件为准。"
    )
    table = admin.weights_table(wh)
    weight_labels = {
        "label": "指标",
        "normalisation": "标准化方法",
        "file_weight": "配置文件权重",
        "weight": "现行权重",
        "changed_at": "调整时间",
        "changed_by": "调整人",
        "address": "来源地址",
        "weights": "权重",
    }
    ui.table(table.drop(columns="indicator"), "综合评价权重", "score_weights", labels=weight_labels)
    with st.form("weights_form"):
        columns = st.columns(3)
        chosen = {}
        for i, row in enumerate(table.itertuples()):
            chosen[row.indicator] = columns[i % 3].number_input(
                row.label,
                min_value=0.0,
                max_value=1000.0,
                value=float(row.weight),
                step=1.0,
                key=f"admin_weight_{row.indicator}",
            )
        saved = st.form_submit_button("保存权重", type="primary")
    restore = st.button("恢复配置文件权重", key="restore_weights", icon=":material/restart_alt:")
    try:
        if saved:
            admin.set_weights(chosen)
            done("weights", "已保存新的权重，各页的综合评价得分随之更新。")
        if restore:
            admin.set_weights(dict(zip(table["indicator"], table["file_weight"])))
            for key in [k for k in st.session_state if str(k).startswith("admin_weight_")]:
                del st.session_state[key]
            done("weights", "已恢复配置文件中的权重。")
    except admin.PROBLEMS as exc:
        st.error(str(exc))
    st.subheader("调整记录", anchor=False)
    ui.table(admin.weights_history(wh), "评价权重调整记录", "weights_history", labels=weight_labels)

with rollback_tab:
    rollback.render(wh, auth.user())

with log_tab:
    c1, c2, c3, c4 = st.columns(4)
    who = c1.text_input("账号", key="log_user", placeholder="全部账号")
    what = c2.selectbox(
        "操作",
        [None, *ACTIONS],
        format_func=lambda a: "全部操作" if a is None else ACTIONS[a],
        key="log_action",
    )
    since = c3.date_input(
        "起始日期", value=date.today() - timedelta(days=30), key="log_since", format="YYYY-MM-DD"
    )
    until = c4.date_input("截止日期", value=date.today(), key="log_until", format="YYYY-MM-DD")
    log = admin.audit_log(
        who.strip(), what, datetime.combine(since, time.min), datetime.combine(until, time.max)
    )
    ui.table(
        log,
        "审计日志",
        "audit_log",
        labels={
            "id": "序号",
            "logged_at": "时间",
            "username": "账号",
            "role": "角色",
            "address": "来源地址",
            "action": "操作",
            "target": "对象",
            "detail": "详情",
        },
    )
    st.caption("审计日志只增不改：平台的任何操作都不会修改或删除其中的记录。")
