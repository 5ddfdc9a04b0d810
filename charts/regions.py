"""Charts of one region (地区画像): its exports and imports over the quarters, its composition over the 12
categories, and its completion per task area against the pilot's."""

from __future__ import annotations

import plotly.graph_objects as go

from indicators.region_profile import area_completion
from reference import Quarter, load_catalog

from .registry import DETAILS, SCORES, TREND, View, chart
from .style import BLUE, GREY, ORANGE, pct, styled
from .trade import CATEGORY_COLOURS, composition_table
from .units import amount_axis, in_unit, years_of


@chart("region_trade_trend", "服务进出口走势", needs=(TREND,), region_chart=True)
def region_trade_trend(view: View) -> go.Figure:
    rows = view.trend[view.trend["region_code"] == view.region]
    name = load_catalog().region(view.region).name
    labels = [Quarter.parse(p).label for p in rows["period"]]
    years = years_of(rows["period"])
    exports, imports = in_unit(rows["exports"], view.unit, years), in_unit(rows["imports"], view.unit, years)
    fig = go.Figure()
    for values, label, colour in ((exports, "出口", BLUE), (imports, "进口", ORANGE)):
        fig.add_trace(
            go.Bar(
                x=labels,
                y=values,
                name=f"{label}（{view.unit}）",
                marker_color=colour,
                hovertemplate="%{x}<br>" + label + " %{y:,.2f} " + view.unit + "<extra></extra>",
            )
        )
    for label in [q for q, has in zip(labels, rows["exports"].notna()) if not has]:
        fig.add_annotation(  # a quarter not reported is said so, never drawn as zero
            x=label,
            y=0,
            text="未报送",
            showarrow=False,
            yanchor="bottom",
            textangle=-90,
            font={"size": 12, "color": "#888888"},
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickangle=-30, categoryorder="array", categoryarray=labels)
    fig.update_yaxes(
        title_text=f"金额（{view.unit}）",
        rangemode="tozero",
        **amount_axis(imports.astype(float).combine(exports.astype(float), max)),
    )
    return styled(fig, f"{name}服务进出口走势", f"截至{view.period.label}")


@chart("region_composition", "服务进出口构成", needs=(DETAILS,), region_chart=True)
def region_composition(view: View) -> go.Figure:
    comp = composition_table(view)
    rows = comp[comp["region_code"] == view.region]
    catalog = load_catalog()
    names = {c.code: f"{c.code} {c.name_zh}" for c in catalog.categories}
    fig = go.Figure()
    for column, label in (("export_share", "出口"), ("import_share", "进口")):
        fig.add_trace(
            go.Bar(
                y=[label] * len(rows),
                x=rows[column].astype(float) * 100,
                orientation="h",
                customdata=rows["category_code"].map(names),
                showlegend=False,
                marker_color=rows["category_code"].map(CATEGORY_COLOURS),
                hovertemplate="%{customdata}<br>占" + label + " %{x:.1f}%<extra></extra>",
            )
        )
    for code, name in names.items():  # one legend entry per category
        fig.add_trace(
            go.Bar(y=[None], x=[None], orientation="h", name=name, marker_color=CATEGORY_COLOURS[code])
        )
    if rows.empty:
        fig.add_annotation(
            text=f"{catalog.region(view.region).name}{view.period.label}未报送",
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 16, "color": "#888888"},
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="占本地区出口或进口的比重（%）", range=[0, 100], ticksuffix="%")
    styled(
        fig,
        f"{catalog.region(view.region).name}服务进出口构成",
        view.period_text,
        note="6–11 类为知识密集型服务",
    )
    fig.update_layout(
        height=420,
        margin={"l": 60, "r": 30, "t": 150, "b": 110},
        legend={
            "orientation": "h",
            "y": 1.02,
            "yanchor": "bottom",
            "x": 0,
            "xanchor": "left",
            "font": {"size": 11},
            "traceorder": "normal",
        },
    )
    return fig


@chart("region_task_areas", "分领域举措完成率", needs=(SCORES,), region_chart=True)
def region_task_areas(view: View) -> go.Figure:
    """The region's measure completion rate in each of the eight task areas, against the pilot's average per area."""
    catalog = load_catalog()
    name = catalog.region(view.region).name
    rates = area_completion(view.scores, view.region, catalog.areas)
    labels = [f"{k} {catalog.areas[k].removeprefix('进一步')}" for k in rates["area"]]
    mine = rates["area_rate"].astype(float) * 100
    average = rates["pilot_area_rate"].astype(float) * 100
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=labels,
            x=mine,
            orientation="h",
            name=f"{name}（%）",
            marker_color=BLUE,
            text=[pct(v, signed=False, digits=0) for v in rates["area_rate"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}<br>" + name + " 举措完成率 %{x:.1f}%<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            y=labels,
            x=average,
            orientation="h",
            name="试点地区平均（%）",
            marker_color=GREY,
            text=[pct(v, signed=False, digits=0) for v in rates["pilot_area_rate"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}<br>试点地区平均 %{x:.1f}%<extra></extra>",
        )
    )
    fig.update_layout(barmode="group", bargap=0.3, legend={"traceorder": "normal"})
    if rates["area_rate"].isna().all():
        fig.add_annotation(
            text=f"{name}{view.period.label}未报送",
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 16, "color": "#888888"},
        )
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1])
    fig.update_xaxes(title_text="已完成举措占所列举措的比重（%）", range=[0, 110], ticksuffix="%")
    styled(
        fig,
        f"{name}分领域举措完成率",
        view.period.label,
        note="试点地区平均为各地区该领域完成率的平均值",
    )
    fig.update_layout(height=460, margin={"l": 170, "r": 40, "t": 90, "b": 110})
    return fig
