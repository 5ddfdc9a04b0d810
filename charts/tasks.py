"""Charts of the pilot tasks: completion per task area across the regions, and the opening measures landed."""

from __future__ import annotations

import plotly.graph_objects as go

from reference import load_catalog

from .registry import View, chart
from .style import BLUE, apply_layout, pct, styled


@chart("area_heatmap", "各任务领域举措完成率")
def area_heatmap(view: View) -> go.Figure:
    """Regions × the eight task areas: the share of the area's measures completed; blank where none is reported."""
    scores = view.regions(view.scores)
    areas = load_catalog().areas
    columns = [f"area_completion_rate_{k}" for k in areas]
    grid = scores[columns].astype("Float64").astype(float)
    text = [[pct(v, signed=False, digits=0) for v in row] for row in grid.to_numpy()]
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
        fig, "各任务领域举措完成率", view.period.label, note="完成率为该领域已完成举措数占所列举措数的比重"
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
