"""任务进展: one quarter's task progress across the regions — completion per task area, the overdue measures one by
one, each task across the regions that carry it, and the 附件2 opening measures region by region."""

import pandas as pd
import streamlit as st

import ui
from charts.registry import get
from charts.style import pct
from reference import load_catalog
from ui import progress

CHARTS = ["area_heatmap", "task_status", "opening_matrix"]

wh = ui.warehouse()
st.title("任务进展", anchor=False)
left, _ = st.columns([2, 3])
with left:
    quarter = ui.period(wh)
catalog = load_catalog()
charts = {name: get(name) for name in CHARTS}
view = ui.view(wh, quarter, list(charts.values()))
table = view.scores
before = ui.scores(wh, quarter.previous().code) if quarter.previous() in catalog.quarters else None


def ratio(frame: pd.DataFrame, num: str, den: str) -> float | None:
    """Σ num / Σ den over the regions that reported the quarter."""
    sent = frame[frame["submitted"]]
    total = float(sent[den].sum())
    return float(sent[num].sum()) / total if total else None


def points(now: float | None, then: float | None) -> str | None:
    if now is None or then is None:
        return None
    return f"{(now - then) * 100:+.1f} 个百分点（较上季度）"


cards = [  # label, numerator, denominator, what it is
    ("任务完成率", "tasks_completed", "tasks_total", "全部举措已完成的任务数 / 承担的任务数"),
    ("举措完成率", "measures_completed", "measures_listed", "已完成举措数 / 所列举措数"),
    ("开放便利举措落地率", "opening_landed", "opening_applicable", "已落地举措数 / 适用举措数（不含不适用）"),
]
columns = st.columns(4)
for column, (label, num, den, what) in zip(columns, cards):
    now = ratio(table, num, den)
    column.metric(
        label,
        pct(now, signed=False),
        points(now, ratio(before, num, den)) if before is not None else None,
        help=f"已报送地区合计：{what}",
    )
late = int(table["overdue_measures"].sum())
change = late - int(before["overdue_measures"].sum()) if before is not None else None
columns[3].metric(
    "逾期未完成举措",
    f"{late} 项",
    None if change is None else f"{change:+d} 项（较上季度）" if change else "与上季度持平",
    delta_color="inverse" if change else "off",
    delta_arrow="auto" if change else "off",
    help="计划完成时间早于本季度末、尚未完成的具体举措",
)
missing = table.loc[~table["submitted"], "region"].tolist()
if missing:
    st.warning(f"{quarter.label}尚未报送：{'、'.join(missing)}（以下图表中显示为“未报送”或“—”）")

st.subheader("各任务领域举措完成率", anchor=False)
ui.chart(charts["area_heatmap"], view)

st.subheader("逾期未完成举措", anchor=False)
overdue = progress.overdue(wh, quarter.code)
if overdue.empty:
    st.success(f"{quarter.label}没有逾期未完成的举措。")
else:
    names = dict(zip(table["region_code"], table["region"]))
    per_region = overdue["region_code"].value_counts(sort=False)
    listed = "、".join(f"{names[c]} {n} 项" for c, n in per_region.items())
    st.warning(
        f"{quarter.label}共有 {len(overdue)} 项举措逾期未完成，涉及 {len(per_region)} 个地区：{listed}。"
    )
    ui.table(
        overdue,
        "逾期未完成举措",
        "overdue_table",
        period_label=quarter.label,
        link_period=quarter.code,
        labels={"task_text": "任务内容（节选）"},
        column_config={
            "planned_date": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "measure": st.column_config.TextColumn(width="large"),
        },
    )
st.caption(
    "逾期：计划完成时间早于本季度末（不含当日）且进展状态不是“已完成”的具体举措，与综合评价中的逾期举措数口径一致。"
)

st.subheader("各项试点任务推进情况", anchor=False)
ui.chart(charts["task_status"], view)
ui.table(
    progress.national_tasks(wh, quarter.code),
    "各项试点任务推进情况",
    "national_tasks_table",
    period_label=quarter.label,
    column_config={
        "task_text": st.column_config.TextColumn(width="medium"),
        "completed_in": st.column_config.TextColumn(width="large"),
        **{
            c: st.column_config.NumberColumn(width="small")
            for c in (
                "regions_completed",
                "regions_in_progress",
                "regions_not_started",
                "regions_not_reported",
            )
        },
    },
)
st.caption(
    f"试点任务为{catalog.document}附件3《深化服务贸易创新发展试点任务及政策保障措施》中由试点地区承担的任务"
    "（不含仅由国务院有关部门推进的任务）。"
    "某地区某项任务的全部具体举措均已完成为“已完成”，均未启动（或未列举措）为“未启动”，其余为“推进中”。"
)

st.subheader("开放便利举措落地情况（附件2）", anchor=False)
ui.chart(charts["opening_matrix"], view)
matrix = progress.opening_matrix(wh, quarter.code)
ui.table(
    matrix,
    "开放便利举措落地情况",
    "opening_matrix_table",
    period_label=quarter.label,
    link_period=quarter.code,
    labels={
        "opening_landed": "已落地（项）",
        "opening_applicable": "适用（项）",
        "opening_landing_rate": "落地率",
    },
    column_config={
        **{
            f"measure_{m.code}": st.column_config.TextColumn(width="small", help=m.text)
            for m in catalog.measures
        },
        "opening_landed": st.column_config.NumberColumn(width="small"),
        "opening_applicable": st.column_config.NumberColumn(width="small"),
        "opening_landing_rate": st.column_config.NumberColumn(format="percent", width="small"),
    },
)
st.caption(
    "“不适用”含试点方案未对该地区安排的举措（如 M4 仅适用于广东的深圳、广州）；“—”表示该地区本季度未报送。"
)
with st.expander(f"{catalog.document}附件2《深化服务贸易创新发展试点开放便利举措》"):
    st.markdown("\n".join(f"- **{m.code}** {m.field} · {m.industry}：{m.text}" for m in catalog.measures))
