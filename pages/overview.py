"""总览: one quarter across the regions — cards with the change on the quarter before, the summary in words, the
pilot's exports over the quarters against the national figure, the regions' exports, growth, tasks and experience
items, and the ranking."""

import streamlit as st

import ui
from briefing.narrative import narrative
from charts.registry import get
from charts.style import amount, pct
from indicators import pilot_export_total
from indicators.trade import convert
from reference import load_catalog

CHARTS = ["pilot_exports_trend", "exports_by_region", "export_growth", "task_completion", "experience_items"]

wh = ui.warehouse()
st.title("总览", anchor=False)
left, right = st.columns([2, 3])
with left:
    quarter = ui.period(wh)
with right:
    unit = ui.unit()
catalog = load_catalog()
charts = [get(name) for name in CHARTS]
view = ui.view(wh, quarter, charts, unit=unit)
table = view.scores
before = ui.scores(wh, quarter.previous().code) if quarter.previous() in catalog.quarters else None


def in_unit(amount_wan: float, year: int) -> float:
    return convert(amount_wan, unit, year, catalog.exchange_rates)


total, growth = pilot_export_total(table)
reported = int(table["submitted"].sum())
c1, c2, c3, c4 = st.columns(4)
if before is not None:
    total_before, growth_before = pilot_export_total(before)
    c1.metric(
        "已报送地区",
        f"{reported} / {len(table)}",
        f"{reported - int(before['submitted'].sum()):+d} 个（较上季度）",
    )
    change = total / total_before - 1 if total_before else None
    c2.metric(
        f"试点地区服务出口额（{unit}）",
        amount(in_unit(total, quarter.year), 1),
        f"{pct(change)}（较上季度）" if change is not None else None,
    )
    c3.metric(
        "出口同比（可比地区）",
        pct(growth),
        f"{(growth - growth_before) * 100:+.1f} 个百分点"
        if growth is not None and growth_before is not None
        else None,
    )
    new = int(table["experience_new"].sum())
    c4.metric("累计经验案例", f"{int(table['experience_items'].sum())} 个", f"本季度新增 {new} 个")
else:
    c1.metric("已报送地区", f"{reported} / {len(table)}")
    c2.metric(f"试点地区服务出口额（{unit}）", amount(in_unit(total, quarter.year), 1))
    c3.metric("出口同比（可比地区）", pct(growth))
    c4.metric("累计经验案例", f"{int(table['experience_items'].sum())} 个")
missing = table.loc[~table["submitted"], "region"].tolist()
if missing:
    st.warning(f"{quarter.label}尚未报送：{'、'.join(missing)}")

told = narrative(quarter, table, ui.details(wh, quarter.code)["reporting"])
st.subheader("本季度概况", anchor=False)
st.text_area(
    "可复制到简报中的文字（数字均由平台根据报表计算）", told.text, height=110, key=f"narrative_{quarter.code}"
)

for chart in charts:
    ui.chart(chart, view)

st.subheader("各试点地区指标", anchor=False)
ranked = table.sort_values(["rank", "region_code"])
shown = ranked[
    [
        "rank",
        "region_code",
        "submitted",
        "score",
        "tasks_completed",
        "tasks_total",
        "task_completion_rate",
        "exports",
        "export_yoy",
        "experience_items",
    ]
].assign(exports=in_unit(ranked["exports"], quarter.year))
ui.table(
    shown,
    "各试点地区指标",
    "overview_table",
    period_label=quarter.label,
    unit=unit,
    link_period=quarter.code,
    labels={"exports": f"出口额（{unit}）", "submitted": "本季度已报送"},
    column_config={
        "score": st.column_config.NumberColumn(format="%.1f"),
        "task_completion_rate": st.column_config.NumberColumn(format="percent"),
        "export_yoy": st.column_config.NumberColumn(format="percent"),
        "exports": st.column_config.NumberColumn(format="%,.2f"),
    },
)
st.caption(
    "任务完成：承担的试点任务中，本季度报表所列具体举措全部“已完成”的任务数。出口同比：与平台中上年同季度数据比较，"
    "无上年数据时用报表“上年同期”列；“—”表示无可比数据。综合得分为本平台自行设计的评价方法。"
)
