"""综合评价: the composite score, its parts, the rank and its change, early warnings and reporting."""

import os

import streamlit as st

import ui
from charts import evaluation as charts
from indicators.composite import DISCLAIMER

wh = ui.warehouse()
st.title("综合评价")
st.info(DISCLAIMER)
quarter = ui.pick_quarter(wh, key="eval_period")
config = ui.config()
table = ui.scores(wh, quarter.code)

tab1, tab2, tab3 = st.tabs(["得分与排名", "预警", "报送情况"])
with tab1:
    tab1.plotly_chart(charts.score_contributions(table, config.items, quarter.label), key="chart_score")
    shown = table.sort_values("rank")
    columns = ["rank", "region", "score", "rank_change"] + [
        f"contribution_{i.indicator}" for i in config.items
    ]
    st.dataframe(
        shown[columns].rename(columns=charts.labelled(shown[columns])),
        hide_index=True,
        column_config={
            "综合得分": st.column_config.NumberColumn(format="%.1f"),
            "排名变化": st.column_config.NumberColumn(format="%+d"),
            **{
                charts.labelled(shown)[f"contribution_{i.indicator}"]: st.column_config.NumberColumn(
                    format="%.1f"
                )
                for i in config.items
            },
        },
        key="score_table",
    )
    st.caption(
        "排名变化：与上一季度相比上升为正、下降为负。权重："
        + "，".join(f"{i.label} {i.weight:g}" for i in config.items)
        + f"。配置文件：{os.path.basename(config.source)}。"
    )
with tab2:
    alerts = ui.warnings(wh, quarter.code)
    if not alerts:
        st.success(f"{quarter.label}没有预警。")
    else:
        st.warning(f"{quarter.label}共有 {len(alerts)} 条预警。")
        st.dataframe(
            [{"试点地区": a["region"], "预警规则": a["rule_label"], "说明": a["message"]} for a in alerts],
            hide_index=True,
            key="alerts_table",
        )
with tab3:
    detail = ui.details(wh, quarter.code)
    st.plotly_chart(
        charts.reporting_grid(detail["reporting"], table[["region_code", "region"]]), key="chart_reporting"
    )
    rates = table[
        [
            "region",
            "expected_reports",
            "submitted_reports",
            "on_time_reports",
            "completeness_rate",
            "timeliness_rate",
        ]
    ]
    st.dataframe(
        rates.rename(columns=charts.labelled(rates)),
        hide_index=True,
        column_config={
            "报送完整率": st.column_config.NumberColumn(format="percent"),
            "报送及时率": st.column_config.NumberColumn(format="percent"),
        },
        key="rates_table",
    )
