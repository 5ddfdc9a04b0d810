"""Figures of the 总览 page: one per indicator family, regions in the catalog's order."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .style import BLUE, GREEN, GREY, ORANGE, apply_layout


def task_completion(scores: pd.DataFrame, period_label: str) -> go.Figure:
    rate = scores["task_completion_rate"].astype("Float64") * 100
    fig = go.Figure(
        go.Bar(
            x=scores["region"],
            y=rate.fillna(0),
            marker_color=[BLUE if s else GREY for s in scores["submitted"]],
            text=[f"{v:.0f}%" if pd.notna(v) else "未报送" for v in rate],
            textposition="outside",
            customdata=scores[["tasks_completed", "tasks_total"]].astype("float").fillna(-1),
            hovertemplate="%{x}<br>任务完成率 %{y:.1f}%<br>"
            "已完成 %{customdata[0]} / 承担 %{customdata[1]} 项<extra></extra>",
            name="任务完成率",
        )
    )
    fig.update_yaxes(title_text="任务完成率（%）", range=[0, 110])
    return apply_layout(fig, "试点任务完成率", period_label)


def exports_and_growth(scores: pd.DataFrame, period_label: str, unit: str = "亿元") -> go.Figure:
    """Exports (already in `unit`) as bars, their growth as a line on a second axis."""
    exports = scores["exports"].astype("Float64")
    growth = scores["export_yoy"].astype("Float64") * 100
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(
            x=scores["region"],
            y=exports.fillna(0),
            name=f"出口额（{unit}）",
            marker_color=BLUE,
            hovertemplate="%{x}<br>出口额 %{y:,.2f} " + unit + "<extra></extra>",
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            x=scores["region"],
            y=growth,
            name="同比增长（%）",
            mode="markers+lines",
            line={"color": ORANGE},
            connectgaps=False,
            hovertemplate="%{x}<br>同比 %{y:+.1f}%<extra></extra>",
        ),
        secondary_y=True,
    )
    fig.update_yaxes(title_text=f"出口额（{unit}）", secondary_y=False)
    fig.update_yaxes(title_text="同比增长（%）", secondary_y=True, showgrid=False, zeroline=True)
    return apply_layout(fig, "服务出口额及同比增长", period_label)


def experience_items(scores: pd.DataFrame, period_label: str) -> go.Figure:
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
    fig.update_yaxes(title_text="经验案例（个，累计）", rangemode="tozero")
    return apply_layout(fig, "累计报送经验案例", period_label)
