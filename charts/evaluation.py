"""Charts of the evaluation: the score and what it is made of, and the reporting grid."""

from __future__ import annotations

import plotly.graph_objects as go

from indicators.labels import label
from indicators.reporting import LATE, MISSING, ON_TIME, PENDING, REJECTED, STATUS_LABELS
from reference import Quarter

from .registry import DETAILS, SCORES, TREND, View, chart
from .style import PALETTE, region_colours, styled

STATUS_COLOURS = {
    ON_TIME: "#3A7D44",
    LATE: "#E07B24",
    REJECTED: "#8E5EA2",
    MISSING: "#C0392B",
    PENDING: "#B0B0B0",
}


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
    """Regions × quarters, coloured by on time / late / not passed (only rejected files) / missing / not yet due."""
    regions = view.regions(view.scores)
    status = view.details["reporting"]
    codes = {s: i for i, s in enumerate(STATUS_COLOURS)}
    grid = status.pivot(index="region_code", columns="period", values="status").reindex(
        regions["region_code"]
    )
    z = grid.map(lambda s: codes.get(s, codes[PENDING])).to_numpy()
    text = grid.map(lambda s: STATUS_LABELS.get(s, "")).to_numpy()
    n = len(STATUS_COLOURS)
    scale = []
    for i, colour in enumerate(STATUS_COLOURS.values()):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[Quarter.parse(p).label for p in grid.columns],
            y=regions["region"],
            text=text,
            texttemplate="%{text}",
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{y} %{x}：%{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="top", showgrid=False, showline=False)
    styled(
        fig,
        "各季度报送情况",
        view.period.label,
        note="是否按时以平台首次收到报表的时间判断；“未通过”指该季度只收到未通过检查的报表",
    )
    fig.update_layout(height=600, margin={"l": 120, "r": 20, "t": 110, "b": 110})
    return fig


@chart("rank_history", "各季度综合评价排名", needs=(TREND,))
def rank_history(view: View) -> go.Figure:
    """Each region's rank quarter by quarter, first at the top, each line named at its end (no legend to search).

    With regions in focus, those are drawn in their colours and the others in light grey behind them, so a
    region's place stays readable among all 17.
    """
    trend = view.trend
    colours = region_colours()
    quarters = list(dict.fromkeys(trend["period"]))
    labels = [Quarter.parse(p).label for p in quarters]
    fig = go.Figure()
    ordered = sorted(
        trend.groupby("region_code", sort=False), key=lambda g: bool(view.focus) and g[0] in view.focus
    )
    for code, rows in ordered:  # the regions in focus last, so drawn on top
        lit = not view.focus or code in view.focus
        name = rows["region"].iloc[0]
        rows = rows.set_index("period").reindex(quarters)
        colour = colours[code] if lit else "#D5D5D5"
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=rows["rank"].astype(float),
                name=name,
                mode="lines+markers",
                line={"color": colour, "width": 2.5 if lit else 1.5},
                marker={"size": 7 if lit else 5},
                showlegend=False,
                hovertemplate="%{x}<br>" + name + " 第 %{y:.0f} 名<extra></extra>",
            )
        )
        last = rows["rank"].dropna()
        if not last.empty:
            fig.add_annotation(
                x=labels[quarters.index(last.index[-1])],
                y=float(last.iloc[-1]),
                text=f"{name} {int(last.iloc[-1])}",
                showarrow=False,
                xanchor="left",
                xshift=8,
                font={"size": 12, "color": colours[code] if lit else "#999999"},
            )
    count = trend["region_code"].nunique()
    fig.update_xaxes(categoryorder="array", categoryarray=labels, showgrid=False)
    fig.update_yaxes(
        title_text="排名（第几名）",
        range=[count + 0.6, 0.4],
        tickmode="array",
        tickvals=list(range(1, count + 1)),
    )
    styled(
        fig,
        "各季度综合评价排名",
        f"截至{view.period.label}",
        note="综合评价为本平台自行设计的方法，并非官方评价",
    )
    fig.update_layout(height=620, margin={"l": 70, "r": 150, "t": 70, "b": 110})
    return fig


def labelled(frame) -> dict[str, str]:
    return {c: label(c) for c in frame.columns}
