"""Charts of one region: its exports and imports over the quarters, and its composition over the 12 categories."""

from __future__ import annotations

import plotly.graph_objects as go

from reference import Quarter, load_catalog

from .registry import DETAILS, TREND, View, chart
from .style import BLUE, ORANGE, styled
from .trade import CATEGORY_COLOURS
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
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickangle=-30)
    fig.update_yaxes(title_text=f"金额（{view.unit}）", **amount_axis(exports.astype(float)))
    return styled(fig, f"{name}服务进出口走势", f"截至{view.period.label}")


@chart("region_composition", "服务进出口构成", needs=(DETAILS,), region_chart=True)
def region_composition(view: View) -> go.Figure:
    comp = view.details["composition"]
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
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="占本地区出口或进口的比重（%）", range=[0, 100], ticksuffix="%")
    styled(
        fig,
        f"{catalog.region(view.region).name}服务进出口构成",
        view.period.label,
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
        },
    )
    return fig
