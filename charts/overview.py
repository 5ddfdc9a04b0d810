"""Charts of one quarter across the regions: tasks completed, exports, their growth, experience items."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from .registry import View, chart
from .style import BLUE, GREEN, ORANGE, RED, amount, apply_layout, pct
from .units import amount_axis, in_unit


def _missing_marks(fig: go.Figure, frame: pd.DataFrame, text: str = "未报送") -> None:
    """A grey word at the baseline where a region has no figure, so a gap never reads as zero."""
    for name in frame["region"]:
        fig.add_annotation(
            x=name,
            y=0,
            text=text,
            showarrow=False,
            yanchor="bottom",
            textangle=-90,
            font={"size": 11, "color": "#888888"},
        )


@chart("task_completion", "试点任务完成率")
def task_completion(view: View) -> go.Figure:
    scores = view.regions(view.scores)
    rate = scores["task_completion_rate"].astype("Float64") * 100
    shown = scores[rate.notna()]
    fig = go.Figure(
        go.Bar(
            x=shown["region"],
            y=rate[rate.notna()],
            marker_color=BLUE,
            name="任务完成率",
            text=[f"{v:.0f}%" for v in rate[rate.notna()]],
            textposition="outside",
            customdata=shown[["tasks_completed", "tasks_total"]].astype("float"),
            hovertemplate="%{x}<br>任务完成率 %{y:.1f}%<br>已完成 %{customdata[0]:.0f} / 承担 %{customdata[1]:.0f} 项"
            "<extra></extra>",
        )
    )
    fig.update_xaxes(categoryorder="array", categoryarray=list(scores["region"]))
    _missing_marks(fig, scores[rate.isna()])
    fig.update_yaxes(title_text="任务完成率（%）", range=[0, 110], ticksuffix="%")
    return apply_layout(fig, "试点任务完成率", view.period.label)


@chart("exports_by_region", "各试点地区服务出口额")
def exports_by_region(view: View) -> go.Figure:
    scores = view.regions(view.scores)
    exports = in_unit(scores["exports"], view.unit, view.period.year)
    has = exports.notna()
    fig = go.Figure(
        go.Bar(
            x=scores.loc[has, "region"],
            y=exports[has],
            marker_color=BLUE,
            name=f"出口额（{view.unit}）",
            text=[amount(v, 1 if view.unit != "万元" else 0) for v in exports[has]],
            textposition="outside",
            hovertemplate="%{x}<br>出口额 %{y:,.2f} " + view.unit + "<extra></extra>",
        )
    )
    fig.update_xaxes(categoryorder="array", categoryarray=list(scores["region"]))
    _missing_marks(fig, scores[~has])
    fig.update_yaxes(title_text=f"出口额（{view.unit}）", **amount_axis(exports[has]))
    return apply_layout(fig, "各试点地区服务出口额", view.period.label)


@chart("export_growth", "服务出口同比增长")
def export_growth(view: View) -> go.Figure:
    """Growth on its own axis: bars from a zero line, red below; "—" where there is no year-earlier base."""
    scores = view.regions(view.scores)
    growth = scores["export_yoy"].astype("Float64")
    has = growth.notna()
    values = growth[has] * 100
    fig = go.Figure(
        go.Bar(
            x=scores.loc[has, "region"],
            y=values,
            name="出口同比（%）",
            marker_color=[ORANGE if v >= 0 else RED for v in values],
            text=[pct(v) for v in growth[has]],
            textposition="outside",
            hovertemplate="%{x}<br>出口同比 %{y:+.1f}%<extra></extra>",
        )
    )
    fig.update_xaxes(categoryorder="array", categoryarray=list(scores["region"]))
    _missing_marks(fig, scores[~has], "无上年同期数据")
    top = max(float(values.max()), 0.0) if has.any() else 0.0
    bottom = min(float(values.min()), 0.0) if has.any() else 0.0
    step = _round_step(max(top - bottom, 10.0))
    fig.update_yaxes(
        title_text="出口同比增长（%）",
        ticksuffix="%",
        zeroline=True,
        zerolinewidth=2,
        tick0=0,
        dtick=step,
        range=[(math.floor(bottom / step) - 0.5) * step, (math.ceil(top / step) + 1) * step],
    )
    return apply_layout(fig, "服务出口同比增长", view.period.label)


def _round_step(span: float) -> float:
    """A round tick step (1, 2, 5, 10, 20, …) giving at most six ticks over `span`."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500):
        if span / step <= 6:
            return step
    return 1000


@chart("experience_items", "累计报送经验案例")
def experience_items(view: View) -> go.Figure:
    scores = view.regions(view.scores)
    fig = go.Figure(
        go.Bar(
            x=scores["region"],
            y=scores["experience_items"],
            marker_color=GREEN,
            text=scores["experience_items"],
            textposition="outside",
            name="经验案例",
            hovertemplate="%{x}<br>累计报送经验案例 %{y} 个<extra></extra>",
        )
    )
    fig.update_yaxes(title_text="经验案例（个，累计）", rangemode="tozero", tickformat=",d")
    return apply_layout(fig, "累计报送经验案例", view.period.label)
