"""综合评价: the composite score and what it is made of, the rank and its change, the early warnings."""

import pandas as pd
import streamlit as st

import ui
from charts.registry import get
from indicators.composite import DISCLAIMER

wh = ui.warehouse()
st.title("综合评价", anchor=False)
st.info(DISCLAIMER)
quarter = ui.period(wh)
config = ui.config()
view = ui.view(wh, quarter, [get("score_ranking")])
ui.chart(get("score_ranking"), view)

ranked = view.scores.sort_values(["rank", "region_code"])
parts = [f"contribution_{i.indicator}" for i in config.items]
ui.table(
    ranked[["rank", "region_code", "score", "rank_change", *parts]],
    "综合评价得分",
    "score_table",
    period_label=quarter.label,
    link_period=quarter.code,
    labels={f"contribution_{i.indicator}": f"{i.label}（分）" for i in config.items}
    | {"score": "综合得分（分）"},
    column_config={
        "score": st.column_config.NumberColumn(format="%.1f"),
        "rank_change": st.column_config.NumberColumn(format="%+d"),
        **{p: st.column_config.NumberColumn(format="%.1f") for p in parts},
    },
)
st.caption(
    "排名变化：与上一季度相比上升为正、下降为负。各项得分之和为综合得分。权重："
    + "，".join(f"{i.label} {i.weight:g}" for i in config.items)
    + "。"
)

st.subheader("预警", anchor=False)
alerts = ui.warnings(wh, quarter.code)
if not alerts:
    st.success(f"{quarter.label}没有预警。")
else:
    st.warning(f"{quarter.label}共有 {len(alerts)} 条预警。")
    frame = pd.DataFrame(
        [
            {"region_code": a["region_code"], "rule_label": a["rule_label"], "message": a["message"]}
            for a in alerts
        ]
    )
    ui.table(frame, "预警", "alerts_table", period_label=quarter.label, link_period=quarter.code)

st.subheader("报送情况", anchor=False)
ui.chart(get("reporting_grid"), ui.view(wh, quarter, [get("reporting_grid")]))
