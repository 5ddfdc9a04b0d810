"""Charts of the evaluation: the score and what it is made of, and the reporting grid."""

from __future__ import annotations

import plotly.graph_objects as go

from indicators.labels import label
from indicators.reporting import STATUS_LABELS
from reference import Quarter

from .registry import DETAILS, SCORES, View, chart
from .style import PALETTE, styled

STATUS_COLOURS = {"on_time": "#3A7D44", "late": "#E07B24", "missing": "#C0392B", "pending": "#B0B0B0"}


@chart("score_ranking", "综合评价得分及构成")
def score_ranking(view: View) -> go.Figure:
    """Stacked bars: each region's score split into its indicators' contributions, best first."""
    items = view.config.items
    ranked = view.regions(view.scores).sort_values("score", ascending=True)
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
    fig.update_xaxes(title_text="综合得分（分，0–100）", range=[0, 108])
    styled(fig, "综合评价得分及构成", view.period.label, note="综合评价为本平台自行设计的方法，并非官方评价")
    fig.update_layout(
        height=680,
        margin={"l": 120, "r": 30, "t": 110, "b": 110},
        legend={
            "orientation": "h",
            "y": 1.01,
            "yanchor": "bottom",
            "x": 0,
            "xanchor": "left",
            "traceorder": "normal",
        },
    )
    return fig


@chart("reporting_grid", "各季度报送情况", needs=(SCORES, DETAILS))
def reporting_grid(view: View) -> go.Figure:
    """Regions × quarters, coloured by on time / late / missing."""
    regions = view.regions(view.scores)
    status = view.details["reporting"]
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
            x=[Quarter.parse(p).label for p in grid.columns],
            y=regions["region"],
            text=text,
            texttemplate="%{text}",
            zmin=-0.5,
            zmax=3.5,
            colorscale=scale,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{y} %{x}：%{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="top", showgrid=False, showline=False)
    styled(fig, "各季度报送情况", view.period.label, note="是否按时以平台收到报表的时间判断")
    fig.update_layout(height=600, margin={"l": 120, "r": 20, "t": 110, "b": 110})
    return fig


def labelled(frame) -> dict[str, str]:
    return {c: label(c) for c in frame.columns}
