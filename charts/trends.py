"""Charts over the pilot's quarters: the pilot's exports against the national figure, growth and rank over time."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from indicators.trade import convert
from reference import Quarter, load_catalog

from .registry import TREND, YEAR_TO_DATE, View, chart
from .style import BLUE, GREY, amount, region_colours, styled
from .units import amount_axis, in_unit, years_of


def _quarter_axis(fig: go.Figure, periods: list[str]) -> None:
    fig.update_xaxes(
        categoryorder="array", categoryarray=[Quarter.parse(p).label for p in periods], tickangle=-30
    )


def _national_quarter(period: str, unit: str) -> float | None:
    """The national exports of the quarter's year ÷ 4, in `unit`; None for a year the reference data lacks."""
    catalog = load_catalog()
    year = Quarter.parse(period).year
    if year not in catalog.national_trade:
        return None
    return convert(catalog.national_trade[year][0] * 10_000 / 4, unit, year, catalog.exchange_rates)


@chart("pilot_exports_trend", "试点地区服务出口走势", needs=(TREND,))
def pilot_exports_trend(view: View) -> go.Figure:
    """The pilot's exports each quarter, and the national quarterly average (the year's published total ÷ 4)."""
    trend = view.regions(view.trend)
    per = (
        trend.groupby("period", sort=False)
        .agg(exports=("exports", "sum"), reported=("exports", "count"))
        .reset_index()
    )
    per["shown"] = in_unit(per["exports"], view.unit, years_of(per["period"]))
    per["national"] = [_national_quarter(p, view.unit) for p in per["period"]]
    labels = [Quarter.parse(p).label for p in per["period"]]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=labels,
            y=per["shown"],
            name=f"试点地区服务出口（{view.unit}）",
            marker_color=BLUE,
            customdata=per["reported"],
            hovertemplate="%{x}<br>试点地区合计 %{y:,.1f} "
            + view.unit
            + "（%{customdata} 个地区报送）<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=per["national"],
            name="全国服务出口季度平均（年度数÷4）",
            mode="lines+markers",
            line={"color": GREY, "dash": "dash"},
            hovertemplate="%{x}<br>全国季度平均 %{y:,.1f} " + view.unit + "<extra></extra>",
        )
    )
    _quarter_axis(fig, list(per["period"]))
    fig.update_yaxes(
        title_text=f"服务出口（{view.unit}）",
        rangemode="tozero",
        **amount_axis(per["national"].astype(float)),
    )
    return styled(
        fig, "试点地区服务出口走势", f"截至{view.period.label}", note="全国数为商务部公布的年度服务出口÷4"
    )


@chart("growth_trend", "各地区服务出口同比走势", needs=(TREND,))
def growth_trend(view: View) -> go.Figure:
    trend = view.regions(view.trend)
    colours = region_colours()
    fig = go.Figure()
    for code, rows in trend.groupby("region_code", sort=False):
        labels = [Quarter.parse(p).label for p in rows["period"]]
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=rows["export_yoy"].astype(float) * 100,
                name=rows["region"].iloc[0],
                mode="lines+markers",
                line={"color": colours[code]},
                connectgaps=False,
                hovertemplate="%{x}<br>" + rows["region"].iloc[0] + " 出口同比 %{y:+.1f}%<extra></extra>",
            )
        )
    _quarter_axis(fig, list(dict.fromkeys(trend["period"])))
    fig.update_yaxes(title_text="出口同比增长（%）", ticksuffix="%", zeroline=True, zerolinewidth=2)
    fig.update_layout(legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1})
    return styled(fig, "各地区服务出口同比走势", f"截至{view.period.label}")


@chart("rank_movement", "综合评价排名变化", needs=(TREND,))
def rank_movement(view: View) -> go.Figure:
    trend = view.regions(view.trend)
    colours = region_colours()
    fig = go.Figure()
    for code, rows in trend.groupby("region_code", sort=False):
        fig.add_trace(
            go.Scatter(
                x=[Quarter.parse(p).label for p in rows["period"]],
                y=rows["rank"].astype(float),
                name=rows["region"].iloc[0],
                mode="lines+markers",
                line={"color": colours[code]},
                hovertemplate="%{x}<br>" + rows["region"].iloc[0] + " 第 %{y:.0f} 名<extra></extra>",
            )
        )
    _quarter_axis(fig, list(dict.fromkeys(trend["period"])))
    fig.update_yaxes(title_text="排名（第几名）", autorange="reversed", dtick=1, tick0=1)
    fig.update_layout(legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1})
    return styled(
        fig,
        "综合评价排名变化",
        f"截至{view.period.label}",
        note="综合评价为本平台自行设计的方法，并非官方评价",
    )


def _grid(view: View, key: str, label: str, title: str) -> go.Figure:
    """Regions × quarters: each cell the amount in the unit (a quarter's, or on the year-to-date basis the year's up
    to it), coloured on a log scale so that small regions' changes show beside Beijing's and Shanghai's."""
    trend = view.regions(view.trend)
    column = f"ytd_{key}" if view.basis == YEAR_TO_DATE else key
    periods = list(dict.fromkeys(trend["period"]))
    grid = trend.pivot(index="region_code", columns="period", values=column).reindex(columns=periods)
    grid = grid.reindex(list(dict.fromkeys(trend["region_code"])))
    years = [Quarter.parse(p).year for p in periods]
    shown = grid.astype("Float64").copy()
    for p, year in zip(periods, years):
        shown[p] = in_unit(grid[p], view.unit, year)
    values = shown.astype(float).to_numpy()
    submitted = trend.pivot(index="region_code", columns="period", values="submitted").reindex_like(grid)
    digits = 0 if view.unit == "万元" else 1
    text = [
        [amount(v, digits) if not math.isnan(v) else ("未报送" if not s else "—") for v, s in zip(row, subs)]
        for row, subs in zip(values, submitted.fillna(False).to_numpy())
    ]
    if view.basis == YEAR_TO_DATE:  # a sum that misses a quarter of its year is marked *
        reported = trend.pivot(index="region_code", columns="period", values=key).reindex_like(grid).notna()
        for j, p in enumerate(periods):
            year = [c for c in periods[: j + 1] if Quarter.parse(c).year == years[j]]
            short = reported[year].sum(axis=1) < len(year)
            for i, flag in enumerate(short):
                if flag and not math.isnan(values[i][j]):
                    text[i][j] += "*"
    starred = any(t.endswith("*") for row in text for t in row)
    positive = values[values > 0]
    low, high = (np.log10(positive.min()), np.log10(positive.max())) if positive.size else (0.0, 1.0)
    ticks = [10.0**k for k in range(math.floor(low), math.ceil(high) + 1)]
    names = {r.code: r.name for r in load_catalog().regions}
    fig = go.Figure(
        go.Heatmap(
            z=np.log10(np.where(values > 0, values, np.nan)),
            x=[Quarter.parse(p).label for p in periods],
            y=[names[c] for c in grid.index],
            text=text,
            texttemplate="%{text}",
            zmin=low,
            zmax=high,
            xgap=2,
            ygap=2,
            colorscale=[[0, "#EAF1F8"], [1, BLUE]],
            textfont={"size": 12},
            colorbar={
                "title": {"text": f"{label}（{view.unit}，对数刻度）", "side": "right"},
                "tickvals": [math.log10(t) for t in ticks],
                "ticktext": [amount(t, 0 if t >= 1 else 2) for t in ticks],
            },
            customdata=[
                [t if t in ("未报送", "—") else f"{t.rstrip('*')} {view.unit}" for t in row] for row in text
            ],
            hovertemplate="%{y} %{x}<br>" + label + " %{customdata}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="top", showgrid=False, showline=False, tickangle=0)
    basis = "本年累计，" if view.basis == YEAR_TO_DATE else ""
    note = "颜色深浅按对数刻度"
    if view.basis == YEAR_TO_DATE:
        note += "；本年累计为当年第一季度（2018年自第三季度试点开始）至该季度的合计"
    if starred:
        note += "；带 * 的累计数缺少本年未报送季度"
    styled(fig, title, f"{basis}截至{view.period.label}", note=note)
    fig.update_layout(height=640, margin={"l": 120, "r": 30, "t": 110, "b": 110})
    return fig


@chart("exports_grid", "各地区各季度服务出口额", needs=(TREND,))
def exports_grid(view: View) -> go.Figure:
    return _grid(view, "exports", "出口额", "各地区各季度服务出口额")


@chart("imports_grid", "各地区各季度服务进口额", needs=(TREND,))
def imports_grid(view: View) -> go.Figure:
    return _grid(view, "imports", "进口额", "各地区各季度服务进口额")
