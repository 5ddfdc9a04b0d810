"""总览: every region's tasks, exports and experience items for one quarter."""

import streamlit as st

import ui
from charts import overview as charts
from indicators import pilot_export_total
from indicators.trade import UNITS, convert
from reference import load_catalog

wh = ui.warehouse()
st.title("总览")
c0, cu = st.columns([3, 2])
with c0:
    quarter = ui.pick_quarter(wh)
with cu:
    unit = st.radio(
        "金额单位",
        UNITS,
        index=UNITS.index("亿元"),
        horizontal=True,
        key="unit",
        help="亿美元按该年度人民币对美元年平均汇率折算（见参考数据）",
    )
rates = load_catalog().exchange_rates
table = ui.scores(wh, quarter.code)
in_unit = table.assign(**{c: convert(table[c], unit, quarter.year, rates) for c in ("exports", "imports")})

submitted = int(table["submitted"].sum())
total, growth = pilot_export_total(table)
c1, c2, c3, c4 = st.columns(4)
c1.metric("已报送地区", f"{submitted} / {len(table)}")
c2.metric("试点地区服务出口额", f"{convert(total, unit, quarter.year, rates):,.1f} {unit}")
c3.metric("出口同比（可比地区）", "—" if growth is None else f"{growth:+.1%}")
c4.metric("累计经验案例", f"{int(table['experience_items'].sum())} 个")
missing = table.loc[~table["submitted"], "region"].tolist()
if missing:
    st.warning(f"{quarter.label}尚未报送：{'、'.join(missing)}")

tab1, tab2, tab3 = st.tabs(["任务完成", "服务出口", "经验案例"])
tab1.plotly_chart(charts.task_completion(table, quarter.label), key="chart_tasks")
tab2.plotly_chart(charts.exports_and_growth(in_unit, quarter.label, unit), key="chart_exports")
tab3.plotly_chart(charts.experience_items(table, quarter.label), key="chart_experience")

st.subheader("各试点地区指标")
shown = in_unit.assign(
    task_completion_rate=table["task_completion_rate"] * 100,
    export_yoy=table["export_yoy"] * 100,
    submitted=table["submitted"].map({True: "已报送", False: "未报送"}),
)
st.dataframe(
    shown,
    hide_index=True,
    column_order=[
        "region",
        "submitted",
        "tasks_total",
        "tasks_completed",
        "task_completion_rate",
        "exports",
        "imports",
        "export_yoy",
        "export_yoy_basis",
        "experience_items",
    ],
    column_config={
        "region": "试点地区",
        "submitted": "报送情况",
        "tasks_total": st.column_config.NumberColumn("承担任务（项）"),
        "tasks_completed": st.column_config.NumberColumn("已完成任务（项）"),
        "task_completion_rate": st.column_config.NumberColumn("任务完成率", format="%.1f%%"),
        "exports": st.column_config.NumberColumn(f"出口额（{unit}）", format="%,.2f"),
        "imports": st.column_config.NumberColumn(f"进口额（{unit}）", format="%,.2f"),
        "export_yoy": st.column_config.NumberColumn("出口同比", format="%+.1f%%"),
        "export_yoy_basis": "同比基数来源",
        "experience_items": st.column_config.NumberColumn("累计经验案例（个）"),
    },
)
st.caption(
    "任务完成：承担的试点任务中，本季度报表所列具体举措全部“已完成”的任务数。出口同比：与仓库中上年同季度数据比较，"
    "无上年数据时用报表“上年同期”列。经验案例：截至本季度累计报送的不重复案例数。报表按万元人民币填报，此处按所选单位显示。"
)
