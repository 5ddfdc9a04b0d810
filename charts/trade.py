"""Charts of trade in services across the regions: composition over the 12 categories, knowledge-intensive share,
balance, and the key enterprises' direct-report coverage."""

from __future__ import annotations

import plotly.graph_objects as go

from reference import load_catalog

from .registry import DETAILS, SCORES, View, chart
from .style import BLUE, GREEN, ORANGE, RED, amount, apply_layout, pct, styled
from .units import amount_axis, in_unit

# knowledge-intensive categories (6–11) in blues and greens, the others in warm greys and browns
CATEGORY_COLOURS = {
    1: "#BCAAA4",
    2: "#A1887F",
    3: "#8D6E63",
    4: "#E07B24",
    5: "#D4AC0D",
    6: "#AED6F1",
    7: "#5DADE2",
    8: "#2E86C1",
    9: "#1F4E79",
    10: "#3A7D44",
    11: "#82E0AA",
    12: "#B0B0B0",
}


@chart("composition", "服务出口构成（十二类）", needs=(SCORES, DETAILS))
def composition(view: View) -> go.Figure:
    """Each region's exports split over the 12 categories, as shares of its total."""
    comp = view.regions(view.details["composition"])
    names = {r.code: r.name for r in load_catalog().regions}
    order = [names[c] for c in view.regions(view.scores)["region_code"] if c in set(comp["region_code"])]
    fig = go.Figure()
    for category in load_catalog().categories:
        part = comp[comp["category_code"] == category.code]
        fig.add_trace(
            go.Bar(
                y=part["region_code"].map(names),
                x=part["export_share"].astype(float) * 100,
                orientation="h",
                name=f"{category.code} {category.name_zh}",
                marker_color=CATEGORY_COLOURS[category.code],
                hovertemplate="%{y}<br>" + category.name_zh + " 占 %{x:.1f}%<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
    fig.update_xaxes(title_text="占本地区服务出口的比重（%）", range=[0, 100], ticksuffix="%")
    styled(fig, "服务出口构成（十二类）", view.period.label, note="6–11 类为知识密集型服务")
    fig.update_layout(
        height=640,
        margin={"l": 120, "r": 30, "t": 150, "b": 110},
        legend={
            "orientation": "h",
            "y": 1.01,
            "yanchor": "bottom",
            "x": 0,
            "xanchor": "left",
            "font": {"size": 11},
            "traceorder": "normal",
        },
    )
    return fig


@chart("ki_share", "知识密集型服务出口占比")
def ki_share(view: View) -> go.Figure:
    scores = view.regions(view.scores)
    share = scores["ki_export_share"].astype("Float64")
    has = share.notna()
    fig = go.Figure(
        go.Bar(
            x=scores.loc[has, "region"],
            y=share[has] * 100,
            marker_color=GREEN,
            name="知识密集型服务出口占比",
            text=[pct(v, signed=False) for v in share[has]],
            textposition="outside",
            hovertemplate="%{x}<br>知识密集型服务出口占比 %{y:.1f}%<extra></extra>",
        )
    )
    fig.update_xaxes(categoryorder="array", categoryarray=list(scores["region"]))
    fig.update_yaxes(title_text="占本地区服务出口的比重（%）", range=[0, 100], ticksuffix="%")
    return apply_layout(fig, "知识密集型服务出口占比", view.period.label)


@chart("trade_balance", "服务贸易差额")
def trade_balance(view: View) -> go.Figure:
    scores = view.regions(view.scores)
    balance = in_unit(scores["balance"], view.unit, view.period.year)
    has = balance.notna()
    values = balance[has]
    fig = go.Figure(
        go.Bar(
            x=scores.loc[has, "region"],
            y=values,
            name=f"差额（{view.unit}）",
            marker_color=[BLUE if v >= 0 else RED for v in values],
            text=[amount(v) for v in values],
            textposition="outside",
            hovertemplate="%{x}<br>出口减进口 %{y:,.2f} " + view.unit + "<extra></extra>",
        )
    )
    fig.update_xaxes(categoryorder="array", categoryarray=list(scores["region"]))
    fig.update_yaxes(
        title_text=f"服务贸易差额（{view.unit}，出口减进口）",
        zeroline=True,
        zerolinewidth=2,
        **amount_axis(values),
    )
    return apply_layout(fig, "服务贸易差额", view.period.label)


@chart("enterprise_coverage", "重点联系企业直报覆盖率")
def enterprise_coverage(view: View) -> go.Figure:
    scores = view.regions(view.scores)
    coverage = scores["direct_report_coverage"].astype("Float64")
    has = coverage.notna()
    fig = go.Figure(
        go.Bar(
            x=scores.loc[has, "region"],
            y=coverage[has] * 100,
            marker_color=ORANGE,
            name="直报覆盖率",
            text=[pct(v, signed=False, digits=0) for v in coverage[has]],
            textposition="outside",
            customdata=scores.loc[has, ["reporting_enterprises", "listed_enterprises"]].astype(float),
            hovertemplate="%{x}<br>直报覆盖率 %{y:.1f}%<br>名录 %{customdata[1]:.0f} 家中直报 %{customdata[0]:.0f} 家"
            "<extra></extra>",
        )
    )
    fig.update_xaxes(categoryorder="array", categoryarray=list(scores["region"]))
    fig.update_yaxes(title_text="名录企业中本季度直报的比重（%）", range=[0, 110], ticksuffix="%")
    return apply_layout(fig, "重点联系企业直报覆盖率", view.period.label)
