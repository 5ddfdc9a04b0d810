"""The one style of every figure: Chinese fonts that render in the browser and in exported images, colours, layout."""

from __future__ import annotations

import plotly.graph_objects as go

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
BLUE, ORANGE, GREEN, GREY = "#1F4E79", "#E07B24", "#3A7D44", "#B0B0B0"
PALETTE = ["#1F4E79", "#E07B24", "#3A7D44", "#8E5EA2", "#C0392B", "#7F8C8D", "#16A085", "#D4AC0D"]


def apply_layout(fig: go.Figure, title: str, period_label: str) -> go.Figure:
    fig.update_layout(
        title={"text": f"{title}（{period_label}）", "x": 0.01},
        font={"family": FONT, "size": 13},
        margin={"l": 40, "r": 40, "t": 60, "b": 100},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": 1.08, "x": 1, "xanchor": "right"},
        height=460,
    )
    fig.update_xaxes(tickangle=-40)
    fig.update_yaxes(gridcolor="#E5E5E5")
    return fig
