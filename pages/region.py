"""地区画像: one region in depth for the quarter and unit chosen (?region=shanghai&period=2019Q3&unit=亿美元) — its
cards against the pilot, its trade over the quarters and by category, its tasks per area, opening measures,
experience items, key enterprises, submissions and warnings."""

import streamlit as st

import ui
from charts.registry import get
from charts.style import amount, pct
from indicators import pilot_export_total
from indicators.trade import convert
from reference import load_catalog
from ui import auth
from ui import region_profile as profile

CHARTS = ["region_trade_trend", "region_composition", "region_task_areas"]
BREAK = "  \n"  # a line break in a caption

wh = ui.warehouse()
catalog = load_catalog()
st.title("地区画像", anchor=False)
c1, c2, c3 = st.columns([2, 2, 3])
with c1:
    code = ui.region()
with c2:
    quarter = ui.period(wh)
with c3:
    unit = ui.unit()
name = catalog.region(code).name
charts = [get(n) for n in CHARTS]
view = ui.view(wh, quarter, charts, unit=unit, region=code)
scores = view.scores
row = scores.set_index("region_code").loc[code]
reported = bool(row["submitted"])
count = len(scores)

st.header(f"{name} · {quarter.label}", anchor=False)
if not reported:
    st.warning(f"{name}{quarter.label}未报送季度报表：本季度的数字显示为“—”。")


def shown(amount_wan):
    return None if amount_wan is None else convert(amount_wan, unit, quarter.year, catalog.exchange_rates)


def place(s: dict) -> str:
    if s["rank"] is None:
        return "本季度无数据，未参与排名"
    return f"第 {s['rank']} 名 / {s['ranked']}"


who = auth.user()
exports = profile.standing(wh, code, quarter.code, "exports", who)
tasks = profile.standing(wh, code, quarter.code, "task_completion_rate", who)
growth = profile.standing(wh, code, quarter.code, "export_yoy", who)
items = profile.standing(wh, code, quarter.code, "experience_items", who)
_, pilot_growth = pilot_export_total(scores)
if exports["pilot_average"] is None and not who.office:  # as the averages: too few others to show it
    pilot_growth = None
cards = st.columns(5)
with cards[0].container(border=True):
    st.metric(f"服务出口额（{unit}）", amount(shown(exports["value"])))
    st.caption(f"试点地区平均 {amount(shown(exports['pilot_average']))}{BREAK}{place(exports)}")
with cards[1].container(border=True):
    st.metric(
        "任务完成率",
        pct(tasks["value"], signed=False),
        help=f"已完成 {int(row['tasks_completed'])} / 承担 {int(row['tasks_total'])} 项任务"
        if reported
        else None,
    )
    st.caption(f"试点地区平均 {pct(tasks['pilot_average'], signed=False)}{BREAK}{place(tasks)}")
with cards[2].container(border=True):
    st.metric("出口同比", pct(growth["value"]))
    st.caption(f"试点地区可比增长 {pct(pilot_growth)}{BREAK}{place(growth)}")
with cards[3].container(border=True):
    st.metric("累计经验案例", f"{int(row['experience_items'])} 个")
    st.caption(
        f"试点地区平均 {'—' if items['pilot_average'] is None else format(items['pilot_average'], '.1f') + ' 个'}"
        f"{BREAK}本季度新增 {int(row['experience_new'])} 个"
    )
with cards[4].container(border=True):
    score = row["score"]
    st.metric("综合得分", "—" if score != score or score is None else f"{float(score):.1f}")
    rank = row["rank"]
    st.caption(
        f"第 {int(rank)} 名 / {count}{BREAK}本平台自行设计的评价方法" if rank == rank else "未参与排名"
    )

st.subheader("服务进出口", anchor=False)
for chart in charts[:2]:
    ui.chart(chart, view)

st.subheader("试点任务", anchor=False)
ui.chart(charts[2], view)

st.subheader("开放便利举措", anchor=False)
measures = profile.opening_measures(wh, code, quarter.code)
if measures.empty:
    st.caption(f"{name}{quarter.label}没有开放便利举措数据（未报送）。")
else:
    landed = int((measures["status"] == "已落地").sum())
    applicable = int((measures["status"] != "不适用").sum())
    st.caption(f"适用 {applicable} 项，已落地 {landed} 项（{name}{quarter.label}报表所填）。")
    ui.table(
        measures,
        f"{name}开放便利举措",
        "region_measures",
        period_label=quarter.label,
        labels={"status": "落地状态"},
        column_config={
            "landed_date": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "text": st.column_config.TextColumn(width="large"),
        },
    )

st.subheader("经验案例", anchor=False)
experience = profile.experience(wh, code, quarter.code)
if experience.empty:
    st.caption(f"{name}截至{quarter.label}尚未报送经验案例。")
else:
    ui.table(
        experience,
        f"{name}经验案例",
        "region_experience",
        period_label=f"截至{quarter.label}",
        labels={"area": "任务领域"},
    )

st.subheader("重点联系企业", anchor=False)
firms = profile.enterprises(wh, code, quarter.code)
e1, e2, e3, e4 = st.columns(4)
e1.metric("名录企业", f"{firms['listed_enterprises']} 家")
e2.metric("本季度直报企业", f"{firms['reporting_enterprises']} 家")
e3.metric("直报覆盖率", pct(firms["direct_report_coverage"], signed=False))
e4.metric(
    f"企业直报出口（{unit}）",
    amount(shown(firms["enterprise_exports"])),
    help="重点联系企业直报的出口额（万美元）按当年汇率折算",
)
share = pct(firms["enterprise_export_share"], signed=False)
st.caption(
    f"企业直报出口占{name}报送出口（{amount(shown(firms['exports']))} {unit}）的 {share}。"
    if firms["exports"] is not None
    else f"{name}{quarter.label}未报送地区数据，无法比较。"
)
if firms["flagged_categories"]:
    categories = "、".join(f"{c} {catalog.category(c).name_zh}" for c in firms["flagged_categories"])
    st.warning(f"企业直报出口超过地区报送数的服务类别：{categories}。请核对。")

st.subheader("报送记录", anchor=False)
history = profile.submissions(wh, code, auth.user())
if history.empty:
    st.caption(f"{name}暂无报送记录。")
else:
    ui.table(
        history,
        f"{name}报送记录",
        "region_history",
        labels={
            "received_at": "收到时间",
            "file_name": "文件",
            "kind": "报表类型",
            "result": "处理结果",
            "data_status": "数据状态",
            "received_from": "报送人",
            "errors": "问题数",
        },
        column_config={"received_at": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")},
    )

st.subheader("预警", anchor=False)
alerts = profile.region_warnings(wh, code, quarter.code)
if alerts.empty:
    st.success(f"{name}{quarter.label}没有预警。")
else:
    ui.table(alerts, f"{name}预警", "region_alerts", period_label=quarter.label)
