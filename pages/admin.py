"""管理 (administrators only): accounts with their roles, regions and units, and the audit log."""

from datetime import date, datetime, time, timedelta

import streamlit as st

import ui
from accounts import ADMIN, ENTERPRISE, OBSERVER, REGION, ROLE_LABELS, AccountsProblem
from accounts.store import MIN_PASSWORD, new_password
from reference import load_catalog
from ui import admin, auth
from warehouse.audit import ACTIONS

auth.require((ADMIN,), "打开“管理”页面")
st.title("管理", anchor=False)
catalog = load_catalog()
names = {r.code: r.name for r in catalog.regions}
accounts_tab, log_tab = st.tabs(["账号", "审计日志"])

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
