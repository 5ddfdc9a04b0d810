"""Charts of trade in services across the regions: composition over the 12 categories (each region's, and the
pilot's), knowledge-intensive share, balance, and the key enterprises' direct-report coverage.

The trade charts follow `View.basis`: the quarter alone, or the year to date (本年累计), read from the same columns.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.year_to_date import category_totals, year_to_date
from reference import load_catalog

from .registry import DETAILS, SCORES, YEAR_TO_DATE, View, chart
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


def trade_frame(view: View) -> pd.DataFrame:
    """The regions' trade on the view's basis: the quarter's scores, or the year to date under the same column names
    (the details' "year_to_date", else computed from the trend)."""
    if view.basis != YEAR_TO_DATE:
        return view.scores
    if "year_to_date" in view.details:
        return view.details["year_to_date"]
    if view.trend is None:
        raise ValueError("本年累计需要各季度数据（View.trend 或 details['year_to_date']）")
    return year_to_date(view.trend, view.period.code)


INCOMPLETE_NOTE = "带 * 的地区本年有季度未报送，累计数不完整"


def incomplete(frame: pd.DataFrame) -> pd.Series:
    """On the year-to-date basis, the regions whose sum misses a quarter of the year (False on a quarter's)."""
    if "ytd_expected" not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame["ytd_quarters"].fillna(0).lt(frame["ytd_expected"]).astype(bool)


def composition_table(view: View) -> pd.DataFrame:
    """The regions' composition over the 12 categories on the view's basis (the details' "composition_ytd" for the
    year to date)."""
    if view.basis == YEAR_TO_DATE:
        if "composition_ytd" not in view.details:
            raise ValueError("本年累计的构成需要 details['composition_ytd']")
        return view.details["composition_ytd"]
    return view.details["composition"]


@chart("composition", "服务出口构成（十二类）", needs=(SCORES, DETAILS))
def composition(view: View) -> go.Figure:
    """Each region's exports split over the 12 categories, as shares of its total."""
    comp = view.regions(composition_table(view))
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
    styled(fig, "服务出口构成（十二类）", view.period_text, note="6–11 类为知识密集型服务")
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
    scores = view.regions(trade_frame(view))
    share = scores["ki_export_share"].astype("Float64")
    has = share.notna()
    star = incomplete(scores)[has]
    fig = go.Figure(
        go.Bar(
            x=scores.loc[has, "region"],
            y=share[has] * 100,
            marker_color=GREEN,
            name="知识密集型服务出口占比",
            text=[pct(v, signed=False) + ("*" if f else "") for v, f in zip(share[has], star)],
            textposition="outside",
            hovertemplate="%{x}<br>知识密集型服务出口占比 %{y:.1f}%<extra></extra>",
        )
    )
    fig.update_xaxes(categoryorder="array", categoryarray=list(scores["region"]))
    fig.update_yaxes(title_text="占本地区服务出口的比重（%）", range=[0, 100], ticksuffix="%")
    apply_layout(fig, "知识密集型服务出口占比", view.period_text)
    return _noted(fig, star)


@chart("trade_balance", "服务贸易差额")
def trade_balance(view: View) -> go.Figure:
    scores = view.regions(trade_frame(view))
    balance = in_unit(scores["balance"], view.unit, view.period.year)
    has = balance.notna()
    values = balance[has]
    star = incomplete(scores)[has]
    fig = go.Figure(
        go.Bar(
            x=scores.loc[has, "region"],
            y=values,
            name=f"差额（{view.unit}）",
            marker_color=[BLUE if v >= 0 else RED for v in values],
            text=[amount(v) + ("*" if f else "") for v, f in zip(values, star)],
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
    apply_layout(fig, "服务贸易差额", view.period_text)
    return _noted(fig, star)


def _noted(fig: go.Figure, star: pd.Series) -> go.Figure:
    """The source line says what a * means, when a bar has one."""
    if star.any():
        source = next(a for a in fig.layout.annotations if str(a.text).startswith("数据来源"))
        source.text = f"{source.text}。{INCOMPLETE_NOTE}"
    return fig


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


@chart("pilot_composition", "试点地区服务进出口分类构成", needs=(SCORES, DETAILS))
def pilot_composition(view: View) -> go.Figure:
    """The pilot's exports and imports per category (the regions in focus summed), in the unit, with each category's
    share of the total."""
    totals = category_totals(view.regions(composition_table(view)))
    names = {c.code: f"{c.code} {c.name_zh}" for c in load_catalog().categories}
    labels = totals["category_code"].map(names)
    fig = go.Figure()
    for key, label, colour in (("export", "出口", BLUE), ("import", "进口", ORANGE)):
        values = in_unit(totals[f"{key}s"], view.unit, view.period.year)
        shares = totals[f"{key}_share"]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=values,
                orientation="h",
                name=f"{label}（{view.unit}）",
                marker_color=colour,
                text=[f"{amount(v)}（{pct(s, signed=False)}）" for v, s in zip(values, shares)],
                textposition="outside",
                cliponaxis=False,
                customdata=shares.astype(float) * 100,
                hovertemplate="%{y}<br>"
                + label
                + " %{x:,.2f} "
                + view.unit
                + "，占试点地区"
                + label
                + " %{customdata:.1f}%<extra></extra>",
            )
        )
    top = max(
        float(in_unit(totals[c], view.unit, view.period.year).max() or 0) for c in ("exports", "imports")
    )
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(labels)[::-1], title_text="服务类别（代码 名称）"
    )
    fig.update_xaxes(title_text=f"金额（{view.unit}）", range=[0, top * 1.3], **amount_axis(pd.Series([top])))
    styled(
        fig,
        "试点地区服务进出口分类构成",
        view.period_text,
        note="括号内为占试点地区出口或进口的比重；6–11 类为知识密集型服务",
    )
    fig.update_layout(height=640, margin={"l": 200, "r": 40, "t": 90, "b": 110})
    return fig
