"""Charts of the pilot tasks: completion per task area across the regions, each task across the regions that carry
it, and the opening measures (附件2) landed region by region."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from base.text import shorten
from indicators.progress import NOT_REPORTED, national_tasks
from reference import load_catalog
from reference.vocabulary import COMPLETED, IN_PROGRESS, LANDED, NOT_APPLICABLE, NOT_STARTED

from .registry import DETAILS, SCORES, View, chart
from .style import BLUE, apply_layout, pct, styled

# one scale of blues for how far a task or measure got; grey for not started, near white where nothing is known
PROGRESS_COLOURS = {COMPLETED: BLUE, IN_PROGRESS: "#8FB3D9", NOT_STARTED: "#D5D8DC", NOT_REPORTED: "#F2F3F4"}
LANDING_COLOURS = {
    LANDED: BLUE,
    IN_PROGRESS: "#8FB3D9",
    NOT_STARTED: "#D5D8DC",
    NOT_APPLICABLE: "#FFFFFF",
    NOT_REPORTED: "#F2F3F4",
}


@chart("area_heatmap", "各任务领域举措完成率")
def area_heatmap(view: View) -> go.Figure:
    """Regions × the eight task areas: the share of the area's measures completed; blank where none is reported."""
    scores = view.regions(view.scores)
    areas = load_catalog().areas
    columns = [f"area_completion_rate_{k}" for k in areas]
    grid = scores[columns].astype("Float64").astype(float)
    text = [
        [pct(v, signed=False, digits=0) if sent else NOT_REPORTED for v in row]
        for row, sent in zip(grid.to_numpy(), scores["submitted"])
    ]
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy() * 100,
            x=[f"{k} {name.removeprefix('进一步')}" for k, name in areas.items()],
            y=scores["region"],
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=100,
            xgap=2,
            ygap=2,
            colorscale=[[0, "#F2F4F7"], [1, BLUE]],
            colorbar={"title": {"text": "完成率（%）"}, "ticksuffix": "%"},
            hovertemplate="%{y}<br>%{x}：举措完成率 %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="top", showgrid=False, showline=False, tickangle=0)
    styled(
        fig,
        "各任务领域举措完成率",
        view.period.label,
        note="完成率为该领域已完成举措数占所列举措数的比重；“—”表示该领域未列举措",
    )
    fig.update_layout(height=620, margin={"l": 120, "r": 30, "t": 130, "b": 110})
    return fig


@chart("opening_landing", "开放便利举措落地率")
def opening_landing(view: View) -> go.Figure:
    scores = view.regions(view.scores)
    rate = scores["opening_landing_rate"].astype("Float64")
    has = rate.notna()
    fig = go.Figure(
        go.Bar(
            x=scores.loc[has, "region"],
            y=rate[has] * 100,
            marker_color=BLUE,
            name="落地率",
            text=[pct(v, signed=False, digits=0) for v in rate[has]],
            textposition="outside",
            customdata=scores.loc[has, ["opening_landed", "opening_applicable"]].astype(float),
            hovertemplate="%{x}<br>已落地 %{customdata[0]:.0f} / 适用 %{customdata[1]:.0f} 项<extra></extra>",
        )
    )
    fig.update_xaxes(categoryorder="array", categoryarray=list(scores["region"]))
    fig.update_yaxes(title_text="已落地举措占适用举措的比重（%）", range=[0, 110], ticksuffix="%")
    return apply_layout(fig, "开放便利举措落地率", view.period.label)


@chart("task_status", "各项试点任务推进情况", needs=(SCORES, DETAILS))
def task_status(view: View) -> go.Figure:
    """Each task the pilot regions carry: how many of its regions completed it, are under way, have not started,
    or did not report the quarter, in the catalog's order."""
    catalog = load_catalog()
    names = {r.code: r.name for r in catalog.regions}
    texts = view.details["national_tasks"][["task_code", "task_text"]]
    tasks = national_tasks(view.regions(view.details["task_status"]), texts, names)  # the regions in focus
    labels = [f"{c} {shorten(t, 16)}" for c, t in zip(tasks["task_code"], tasks["task_text"])]
    areas = catalog.areas
    hover_area = [f"{k} {areas[k]}" for k in tasks["area"]]
    fig = go.Figure()
    for column, status in (
        ("regions_completed", COMPLETED),
        ("regions_in_progress", IN_PROGRESS),
        ("regions_not_started", NOT_STARTED),
        ("regions_not_reported", NOT_REPORTED),
    ):
        values = tasks[column].astype(float)
        fig.add_trace(
            go.Bar(
                y=labels,
                x=values,
                orientation="h",
                name=status,
                marker={
                    "color": PROGRESS_COLOURS[status],
                    "line": {"color": "#BFC5CA" if status == NOT_REPORTED else "#FFFFFF", "width": 1},
                },
                text=[f"{v:.0f}" if v > 0 else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                constraintext="none",
                textfont={"size": 11},
                customdata=list(zip(hover_area, tasks["task_text"].map(lambda t: shorten(t, 40)))),
                hovertemplate="%{y}<br>%{customdata[0]}<br>" + status + " %{x:.0f} 个地区<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", bargap=0.25)
    # every task named, also on a 16:9 slide where plotly would otherwise skip every other label
    fig.update_yaxes(
        autorange="reversed", showgrid=False, tickfont={"size": 11}, tickmode="array", tickvals=labels
    )
    top = float(tasks["regions_carrying"].max()) if len(tasks) else 0.0
    fig.update_xaxes(
        title_text="承担该任务的试点地区（个）", range=[0, top + 0.5], dtick=1 if top <= 10 else 2
    )
    styled(
        fig,
        "各项试点任务推进情况",
        view.period.label,
        note="任务的全部举措均已完成为“已完成”，均未启动为“未启动”，其余为“推进中”",
    )
    fig.update_layout(
        height=max(480, 24 * len(tasks) + 200),
        margin={"l": 260, "r": 30, "t": 100, "b": 110},
        legend={
            "orientation": "h",
            "y": 1.0,
            "yanchor": "bottom",
            "x": 0,
            "xanchor": "left",
            "traceorder": "normal",
        },
    )
    return fig


@chart("opening_matrix", "开放便利举措落地情况", needs=(SCORES, DETAILS))
def opening_matrix(view: View) -> go.Figure:
    """Regions × the catalog's opening measures (附件2): 已落地 / 推进中 / 未启动 / 不适用; "—" where the region did not
    report the quarter."""
    regions = view.regions(view.scores)
    catalog = load_catalog()
    status = view.details["opening_status"]
    grid = status.pivot(index="region_code", columns="measure_code", values="landing_status").reindex(
        index=regions["region_code"], columns=[m.code for m in catalog.measures]
    )
    landed = status.pivot(index="region_code", columns="measure_code", values="landed_date").reindex(
        index=grid.index, columns=grid.columns
    )
    order = list(LANDING_COLOURS)
    z = grid.map(lambda s: order.index(s) if isinstance(s, str) else order.index(NOT_REPORTED)).to_numpy()
    text = grid.map(lambda s: s if isinstance(s, str) else "—").to_numpy()
    when = landed.map(lambda d: f"<br>落地时间 {d:%Y-%m-%d}" if pd.notna(d) else "").to_numpy()
    scale = []
    for i, colour in enumerate(LANDING_COLOURS.values()):
        scale += [[i / len(order), colour], [(i + 1) / len(order), colour]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[f"{m.code}<br>{m.industry}" for m in catalog.measures],
            y=regions["region"],
            text=text,
            customdata=when,
            texttemplate="%{text}",
            zmin=-0.5,
            zmax=len(order) - 0.5,
            colorscale=scale,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{y} %{x}：%{text}%{customdata}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="top", showgrid=False, showline=False, tickangle=0)
    styled(
        fig,
        "开放便利举措落地情况",
        view.period.label,
        note="“不适用”含试点方案未对该地区安排的举措；“—”表示该地区本季度未报送",
    )
    fig.update_layout(height=620, margin={"l": 120, "r": 30, "t": 120, "b": 110})
    return fig
