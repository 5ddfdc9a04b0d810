"""Charts over the pilot's quarters: the pilot's exports against the national figure, growth and rank over time."""

from __future__ import annotations

import plotly.graph_objects as go

from indicators.trade import convert
from reference import Quarter, load_catalog

from .registry import TREND, View, chart
from .style import BLUE, GREY, region_colours, styled
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
