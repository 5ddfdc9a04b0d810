"""Figures of the 综合评价 page: the score and what it is made of; the reporting grid."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.labels import label
from indicators.reporting import STATUS_LABELS

from .style import FONT, PALETTE, apply_layout

STATUS_COLOURS = {"on_time": "#3A7D44", "late": "#E07B24", "missing": "#C0392B", "pending": "#B0B0B0"}


def score_contributions(scores: pd.DataFrame, items, period_label: str) -> go.Figure:
    """Stacked bars: each region's score split into its indicators' contributions, best first."""
    ranked = scores.sort_values("score", ascending=True)
    fig = go.Figure()
    for colour, item in zip(PALETTE * 2, items):
        column = f"contribution_{item.indicator}"
        fig.add_trace(
            go.Bar(
                y=ranked["region"],
                x=ranked[column],
                name=f"{item.label}（权重 {item.weight:g}）",
                orientation="h",
                marker_color=colour,
                hovertemplate="%{y}<br>" + item.label + " %{x:.1f} 分<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            y=ranked["region"],
            x=ranked["score"],
            mode="text",
            text=[f"{s:.1f}" for s in ranked["score"]],
            textposition="middle right",
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="综合得分（0–100）", range=[0, 105], tickangle=0)
    fig = apply_layout(fig, "综合评价得分及构成", period_label)
    fig.update_layout(
        height=680,
        margin={"l": 110, "r": 30, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.12, "x": 0, "xanchor": "left"},
    )
    return fig


def reporting_grid(status: pd.DataFrame, regions: pd.DataFrame) -> go.Figure:
    """Regions × quarters, coloured by on time / late / missing."""
    codes = {s: i for i, s in enumerate(STATUS_COLOURS)}
    grid = status.pivot(index="region_code", columns="period", values="status").reindex(
        regions["region_code"]
    )
    z = grid.map(lambda s: codes.get(s, 3)).to_numpy()
    text = grid.map(lambda s: STATUS_LABELS.get(s, "")).to_numpy()
    scale = []
    for i, colour in enumerate(STATUS_COLOURS.values()):
        scale += [[i / 4, colour], [(i + 1) / 4, colour]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(grid.columns),
            y=regions["region"],
            text=text,
            texttemplate="%{text}",
            zmin=-0.5,
            zmax=3.5,
            colorscale=scale,
            showscale=False,
            hovertemplate="%{y} %{x}：%{text}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(
        font={"family": FONT, "size": 12},
        height=560,
        margin={"l": 110, "r": 20, "t": 50, "b": 40},
        title={"text": "各季度报送情况（以平台收到时间判断）", "x": 0.01},
        plot_bgcolor="white",
    )
    return fig


def labelled(frame: pd.DataFrame) -> dict[str, str]:
    return {c: label(c) for c in frame.columns}
