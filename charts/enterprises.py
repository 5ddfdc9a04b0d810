"""Charts of the key enterprises' direct reports (重点联系企业直报): their exports by category, for the pilot and
region by region, by partner country or region, and checked against the regions' own figures.

No chart names an enterprise: images go into briefing packs, and enterprise names are confidential.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.enterprise_trade import exports_by_category, exports_by_partner
from reference import load_catalog

from .registry import DETAILS, SCORES, View, chart
from .style import BLUE, RED, amount, pct, styled
from .trade import CATEGORY_COLOURS
from .units import amount_axis, in_unit

TOP_PARTNERS = 15


def _rate(view: View) -> float:
    return load_catalog().exchange_rates[view.period.year]


def _wrapped(code: int, name: str, width: int = 6) -> str:
    """A category's code over its name, the name in two lines when longer than `width`, broken after 、, 和 or 的
    nearest the middle (else in the middle), for a column heading."""
    if len(name) <= width:
        return f"{code}<br>{name}"
    breaks = [i + 1 for i, ch in enumerate(name[:-1]) if ch in "、和的"]
    cut = min(breaks, key=lambda i: abs(i - len(name) / 2)) if breaks else (len(name) + 1) // 2
    return f"{code}<br>{name[:cut]}<br>{name[cut:]}"


def _digits(unit: str) -> int:
    return 0 if unit == "万元" else 2


@chart("enterprise_categories", "重点联系企业服务出口（按类别）", needs=(SCORES, DETAILS))
def enterprise_categories(view: View) -> go.Figure:
    """The pilot's key enterprises' exports over the 12 categories (the regions in focus), with each one's share."""
    trade = view.regions(view.details["enterprise_trade"])
    by = exports_by_category(trade, _rate(view)).groupby("category_code")["enterprise_exports"].sum()
    categories = load_catalog().categories
    values = in_unit(by.reindex([c.code for c in categories]).fillna(0.0), view.unit, view.period.year)
    total = float(values.sum())
    labels = [f"{c.code} {c.name_zh}" for c in categories]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=values,
            orientation="h",
            marker_color=[CATEGORY_COLOURS[c.code] for c in categories],
            name=f"出口额（{view.unit}）",
            text=[
                f"{amount(v, _digits(view.unit))}（{pct(v / total if total else None, signed=False)}）"
                for v in values
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}<br>企业直报出口 %{x:,.2f} " + view.unit + "<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    top = float(values.max()) if len(values) else 0.0
    fig.update_xaxes(
        title_text=f"企业直报出口额（{view.unit}）", range=[0, top * 1.25 or 1], **amount_axis(values)
    )
    styled(
        fig,
        "重点联系企业服务出口（按类别）",
        view.period.label,
        note="企业按万美元直报，按当年人民币对美元年平均汇率折算；括号内为占全部企业直报出口的比重",
    )
    fig.update_layout(showlegend=False, margin={"l": 200, "r": 40, "t": 70, "b": 110})
    return fig


@chart("enterprise_category_regions", "各地区重点联系企业服务出口构成", needs=(SCORES, DETAILS))
def enterprise_category_regions(view: View) -> go.Figure:
    """Each region's key enterprises' exports, stacked over the 12 categories, in the chosen unit."""
    regions = view.regions(view.scores)
    by = exports_by_category(view.regions(view.details["enterprise_trade"]), _rate(view))
    by["value"] = in_unit(by["enterprise_exports"], view.unit, view.period.year)
    names = dict(zip(regions["region_code"], regions["region"]))
    order = [names[c] for c in regions["region_code"]]
    fig = go.Figure()
    for category in load_catalog().categories:
        part = by[by["category_code"] == category.code]
        fig.add_trace(
            go.Bar(
                x=part["region_code"].map(names),
                y=part["value"],
                name=f"{category.code} {category.name_zh}",
                marker_color=CATEGORY_COLOURS[category.code],
                customdata=part["category_share"].astype(float) * 100,
                hovertemplate="%{x}<br>"
                + category.name_zh
                + " %{y:,.2f} "
                + view.unit
                + "（占 %{customdata:.1f}%）<extra></extra>",
            )
        )
    totals = by.groupby("region_code")["value"].sum()
    missing = [names[c] for c in regions["region_code"] if c not in totals.index]
    for name in missing:  # no direct report: say so rather than draw nothing
        fig.add_annotation(
            x=name,
            y=0,
            text="无企业直报",
            showarrow=False,
            yanchor="bottom",
            textangle=-90,
            font={"size": 11, "color": "#888888"},
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(categoryorder="array", categoryarray=order, tickangle=-40)
    fig.update_yaxes(title_text=f"企业直报出口额（{view.unit}）", **amount_axis(totals.astype(float)))
    styled(fig, "各地区重点联系企业服务出口构成", view.period.label, note="6–11 类为知识密集型服务")
    fig.update_layout(
        height=560,
        margin={"l": 80, "r": 30, "t": 150, "b": 110},
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


@chart("enterprise_partners", "重点联系企业服务出口主要市场", needs=(SCORES, DETAILS))
def enterprise_partners(view: View) -> go.Figure:
    """The partner countries and regions the key enterprises export to most, largest first (named as China's
    statistics name them: 中国香港, 美国 …)."""
    partners = exports_by_partner(view.regions(view.details["enterprise_trade"]), _rate(view))
    names = {c.code: c.name_zh for c in load_catalog().countries}
    shown = partners.head(TOP_PARTNERS)
    values = in_unit(shown["enterprise_exports"], view.unit, view.period.year)
    fig = go.Figure(
        go.Bar(
            y=shown["partner"].map(lambda p: names.get(p, p)),
            x=values,
            orientation="h",
            marker_color=BLUE,
            name=f"出口额（{view.unit}）",
            text=[
                f"{amount(v, _digits(view.unit))}（{pct(s, signed=False)}）"
                for v, s in zip(values, shown["partner_share"])
            ],
            textposition="outside",
            cliponaxis=False,
            customdata=shown[["enterprises"]].astype(float),
            hovertemplate="%{y}<br>企业直报出口 %{x:,.2f} "
            + view.unit
            + "<br>出口企业 %{customdata[0]:.0f} 家<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    top = float(values.max()) if len(values) else 0.0
    fig.update_xaxes(
        title_text=f"企业直报出口额（{view.unit}）", range=[0, top * 1.25 or 1], **amount_axis(values)
    )
    rest = len(partners) - len(shown)
    note = "括号内为占全部企业直报出口的比重" + (f"；另有 {rest} 个国家（地区）未列出" if rest > 0 else "")
    styled(fig, "重点联系企业服务出口主要市场", view.period.label, note=note)
    fig.update_layout(
        showlegend=False,
        height=max(480, 28 * len(shown) + 200),
        margin={"l": 120, "r": 40, "t": 70, "b": 110},
    )
    return fig


@chart("enterprise_cross_check", "企业直报与地区数据核对", needs=(SCORES, DETAILS))
def enterprise_cross_check(view: View) -> go.Figure:
    """Regions × the 12 categories: the enterprises' exports as a share of the region's own figure; red where they
    exceed it (a data-quality signal), blank where no enterprise reported the category."""
    regions = view.regions(view.scores)
    categories = load_catalog().categories
    cross = view.details["cross_check"]
    ratio = (
        cross.pivot(index="region_code", columns="category_code", values="ratio")
        .reindex(index=regions["region_code"], columns=[c.code for c in categories])
        .astype(float)
    )
    excess = (
        cross.pivot(index="region_code", columns="category_code", values="excess")
        .reindex(index=ratio.index, columns=ratio.columns)
        .fillna(False)
        .astype(bool)
    )
    reported = (
        cross.assign(one=1)
        .pivot(index="region_code", columns="category_code", values="one")
        .reindex(index=ratio.index, columns=ratio.columns)
        .notna()
    )
    # below 100%: shades of blue by the share; above: one red, whatever the excess
    z = ratio.clip(upper=1.0).where(~excess, 1.5).fillna(0.0).where(reported)
    text = [
        [
            (pct(r, signed=False, digits=0) if pd.notna(r) else "无地区数据") if rep else ""
            for r, rep in zip(row_r, row_rep)
        ]
        for row_r, row_rep in zip(ratio.to_numpy(), reported.to_numpy())
    ]
    ent = cross.pivot(index="region_code", columns="category_code", values="enterprise_exports").reindex(
        index=ratio.index, columns=ratio.columns
    )
    own = cross.pivot(index="region_code", columns="category_code", values="region_exports").reindex(
        index=ratio.index, columns=ratio.columns
    )
    year = view.period.year
    shown_ent = ent.apply(lambda col: in_unit(col, view.unit, year))
    shown_own = own.apply(lambda col: in_unit(col, view.unit, year))
    digits = _digits(view.unit)
    hover = [
        [
            f"{c.code} {c.name_zh}<br>企业直报 {amount(e, digits)} {view.unit}"
            f"<br>地区报送 {amount(o, digits)} {view.unit}"
            for c, e, o in zip(categories, row_e, row_o)
        ]
        for row_e, row_o in zip(shown_ent.to_numpy(dtype=object), shown_own.to_numpy(dtype=object))
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(),
            x=[_wrapped(c.code, c.name_zh) for c in categories],
            y=regions["region"],
            text=text,
            customdata=hover,
            texttemplate="%{text}",
            zmin=0,
            zmax=1.5,
            colorscale=[[0, "#F2F4F7"], [2 / 3, BLUE], [2 / 3 + 1e-6, RED], [1, RED]],
            showscale=False,
            xgap=2,
            ygap=2,
            hoverongaps=False,
            hovertemplate="%{y}<br>%{customdata}<br>企业直报占地区数据 %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="top", showgrid=False, showline=False, tickangle=0, tickfont={"size": 12})
    styled(
        fig,
        "企业直报与地区数据核对",
        view.period.label,
        note="格中为企业直报出口（折人民币）占地区报送该类出口的比重；红色为企业直报超过地区数据，需核实",
    )
    fig.update_layout(height=720, margin={"l": 120, "r": 30, "t": 170, "b": 110})
    return fig
