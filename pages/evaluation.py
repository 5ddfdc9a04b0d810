"""综合评价: the composite score and what it is made of, a what-if ranking with weights of one's own beside the
configured one, the rank over the quarters, and the early warnings."""

import pandas as pd
import streamlit as st

import ui
from charts.registry import get
from indicators.composite import DISCLAIMER
from ui import evaluation

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
    labels=evaluation.score_labels(config),
    column_config={
        "score": st.column_config.NumberColumn(format="%.1f"),
        "rank_change": st.column_config.NumberColumn(format="%+d"),
        **{p: st.column_config.NumberColumn(format="%.1f") for p in parts},
    },
)
st.caption(
    "单位：分。排名变化：与上一季度相比上升为正、下降为负。各项得分之和为综合得分。权重："
    + "，".join(f"{i.label} {i.weight:g}" for i in config.items)
    + "。"
)

st.subheader("调整权重看排名", anchor=False)
st.caption(
    "拖动滑块试用另一组权重：下表用同一组指标重新计算得分和排名，与按配置权重的排名并列比较。"
    "这里的调整只用于比较，不改变配置文件，也不改变上面的得分。"
)


def reset_weights() -> None:
    for item in config.items:
        st.session_state[f"weight_{item.indicator}"] = float(item.weight)


whole = all(float(i.weight).is_integer() for i in config.items)
top = max(100.0, *(float(i.weight) for i in config.items))
for item in config.items:  # start from the configured weights (a value= would clash with the reset)
    st.session_state.setdefault(f"weight_{item.indicator}", float(item.weight))
weights = {}
for row in range(0, len(config.items), 3):
    for column, item in zip(st.columns(3, gap="large"), config.items[row : row + 3]):
        weights[item.indicator] = column.slider(
            item.label,
            min_value=0.0,
            max_value=top,
            step=1.0 if whole else 0.5,
            format="%.0f" if whole else "%.1f",
            key=f"weight_{item.indicator}",
            help=f"配置权重 {item.weight:g}",
        )
total = sum(weights.values())
changed = any(weights[i.indicator] != float(i.weight) for i in config.items)
left, right = st.columns([1, 4], vertical_alignment="center")
left.button(
    "恢复配置权重",
    key="reset_weights",
    on_click=reset_weights,
    disabled=not changed,
    icon=":material/restart_alt:",
)
right.caption(
    f"权重合计 {total:g}，各项按权重占合计的比例计分。"
    + (
        "当前权重与配置相同。"
        if not changed
        else "已调整："
        + "，".join(
            f"{i.label} {i.weight:g}→{weights[i.indicator]:g}"
            for i in config.items
            if weights[i.indicator] != float(i.weight)
        )
        + "。"
    )
)
if total <= 0:
    st.warning("至少要有一项权重大于 0，才能计算得分。")
else:
    moved = evaluation.what_if(view.scores, config, weights)
    ui.table(
        moved[["region_code", "region", "rank", "what_if_rank", "rank_shift", "score", "what_if_score"]],
        "调整权重后的排名",
        "what_if_table",
        period_label=quarter.label,
        link_period=quarter.code,
        labels=evaluation.WHAT_IF_LABELS,
        column_config={
            "rank_shift": st.column_config.NumberColumn(format="%+d"),
            "what_if_score": st.column_config.NumberColumn(format="%.1f"),
            "score": st.column_config.NumberColumn(format="%.1f"),
        },
    )
    up, down = int((moved["rank_shift"] > 0).sum()), int((moved["rank_shift"] < 0).sum())
    st.caption(
        "按调整后的排名排列。名次变化 = 按配置权重的排名 − 调整后的排名，上升为正、下降为负"
        + (f"；{up} 个地区上升，{down} 个下降。" if changed else "。")
    )

st.subheader("各季度排名变化", anchor=False)
names = {code: name for code, name in zip(view.scores["region_code"], view.scores["region"])}
focus = st.multiselect(
    "突出显示的地区",
    list(names),
    format_func=names.get,
    key="rank_focus",
    placeholder="选择几个地区突出显示，其余显示为灰色",
    select_all=False,
)
movement = get("rank_history")
ui.chart(movement, ui.view(wh, quarter, [movement], focus=tuple(focus)))

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
st.caption("各地区各季度的报送情况见“报送情况”页。")
