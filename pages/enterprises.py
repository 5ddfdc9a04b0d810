"""重点企业: one quarter of the key enterprises' direct reports — coverage per region, exports by category and by
partner, the largest exporters (confidential), and the cross-check against the regions' own figures."""

import pandas as pd
import streamlit as st

import ui
from charts.registry import get
from charts.style import amount
from indicators.trade import convert
from reference import load_catalog
from ui import enterprises

CHARTS = [
    "enterprise_coverage",
    "enterprise_categories",
    "enterprise_category_regions",
    "enterprise_partners",
    "enterprise_cross_check",
]
USD = st.column_config.NumberColumn(format="%,.2f")  # 万美元 as reported

wh = ui.warehouse()
st.title("重点企业", anchor=False)
left, right = st.columns([2, 3])
with left:
    quarter = ui.period(wh)
with right:
    unit = ui.unit()
catalog = load_catalog()
charts = {name: get(name) for name in CHARTS}
view = ui.view(wh, quarter, list(charts.values()), unit=unit)
table = view.scores
rate = catalog.exchange_rates[quarter.year]
digits = "%,.0f" if unit == "万元" else "%,.2f"
AMOUNT = st.column_config.NumberColumn(format=digits)  # in the chosen unit


def in_unit(amount_wan):
    """万元 in the chosen unit (亿美元 at the year's rate)."""
    return convert(amount_wan, unit, quarter.year, catalog.exchange_rates)


c1, c2, c3, c4 = st.columns(4)
c1.metric(
    "名录企业", f"{int(table['listed_enterprises'].sum())} 家", help="各地区截至本季度最新的重点联系企业名录"
)
c2.metric("本季度直报企业", f"{int(table['reporting_enterprises'].sum())} 家")
c3.metric(
    f"企业直报出口（{unit}）",
    amount(in_unit(float(table["enterprise_exports"].sum())), 2),
    help="企业按万美元直报，按当年人民币对美元年平均汇率折算",
)
c4.metric(
    "企业直报超过地区数据",
    f"{int(table['enterprise_excess_categories'].sum())} 个类别",
    help="某地区某类服务的企业直报出口超过该地区报送的该类出口，需核实",
)

st.subheader("直报覆盖率", anchor=False)
ui.chart(charts["enterprise_coverage"], view)
coverage = table[
    [
        "region_code",
        "region",
        "listed_enterprises",
        "reporting_enterprises",
        "direct_report_coverage",
        "enterprise_exports",
        "enterprise_excess_categories",
    ]
].assign(enterprise_exports=in_unit(table["enterprise_exports"]))
ui.table(
    coverage,
    "重点联系企业直报覆盖率",
    "coverage_table",
    period_label=quarter.label,
    unit=unit,
    link_period=quarter.code,
    labels={"enterprise_exports": f"企业直报出口（{unit}）"},
    column_config={
        "direct_report_coverage": st.column_config.NumberColumn(format="percent"),
        "enterprise_exports": AMOUNT,
    },
)
st.caption("直报覆盖率：名录企业中本季度报送了直报表的企业所占比重。")

st.subheader("出口构成（按服务类别）", anchor=False)
ui.chart(charts["enterprise_categories"], view)
ui.chart(charts["enterprise_category_regions"], view)
by_category = enterprises.by_category(wh, quarter.code)
wide = (
    by_category.pivot(index="region_code", columns="category_code", values="enterprise_exports")
    .reindex(index=table["region_code"], columns=[c.code for c in catalog.categories])
    .map(in_unit)
)
wide.columns = [f"category_{c}" for c in wide.columns]
wide["enterprise_exports"] = wide.sum(axis=1, min_count=1)
wide.insert(0, "region", table.set_index("region_code")["region"])
total = wide.drop(columns="region").sum(min_count=1).to_frame().T.assign(region="试点地区合计")
categories = pd.concat([wide.reset_index(drop=True), total[wide.columns]], ignore_index=True)
ui.table(
    categories,
    "重点联系企业服务出口（按类别）",
    "category_table",
    period_label=quarter.label,
    unit=unit,
    labels={"enterprise_exports": f"合计（{unit}）"},
    column_config={  # narrow columns so that all twelve fit; the heading's tooltip names the category in full
        **{
            f"category_{c.code}": st.column_config.NumberColumn(
                format=digits, width="small", help=f"{c.code} {c.name_zh}（{unit}）"
            )
            for c in catalog.categories
        },
        "enterprise_exports": st.column_config.NumberColumn(format=digits, width="small"),
    },
)
st.caption(f"单位：{unit}。“—”表示该地区该类服务无企业直报。")

st.subheader("出口市场（按国家和地区）", anchor=False)
ui.chart(charts["enterprise_partners"], view)
partners = enterprises.by_partner(wh, quarter.code)
ui.table(
    partners.assign(enterprise_exports=in_unit(partners["enterprise_exports"])),
    "重点联系企业服务出口市场",
    "partner_table",
    period_label=quarter.label,
    unit=unit,
    labels={"enterprise_exports": f"出口额（{unit}）"},
    column_config={
        "exports_usd": USD,
        "enterprise_exports": AMOUNT,
        "partner_share": st.column_config.NumberColumn(format="percent"),
    },
)

st.subheader("出口额居前的企业", anchor=False)
st.caption(
    "企业名称及其直报数据属于企业报送的保密信息，仅供协调办公室内部工作使用，不得对外公开或写入简报；"
    "账户和权限启用后，本表仅对协调办公室可见。"
)
n = st.segmented_control(
    "显示企业数", [10, 20, 50], default=20, key="top_n", required=True, format_func=lambda k: f"前 {k} 家"
)
top = enterprises.top_enterprises(wh, quarter.code, n)
ui.table(
    top.assign(enterprise_exports=in_unit(top["enterprise_exports"]))[
        ["export_rank", "name", "credit_code", "region_code", "exports_usd", "enterprise_exports"]
    ],
    "出口额居前的重点联系企业",
    "top_table",
    period_label=quarter.label,
    unit=unit,
    link_period=quarter.code,
    labels={"enterprise_exports": f"出口额（{unit}）"},
    column_config={"exports_usd": USD, "enterprise_exports": AMOUNT},
)

st.subheader("企业直报与地区数据核对", anchor=False)
ui.chart(charts["enterprise_cross_check"], view)
cross = enterprises.cross_check(wh, quarter.code)
flagged = cross[cross["excess"]]
names = dict(zip(table["region_code"], table["region"]))
labels = {c.code: f"{c.code} {c.name_zh}" for c in catalog.categories}
if flagged.empty:
    st.success(f"{quarter.label}各地区企业直报出口均未超过地区报送的同类出口。")
else:
    listed = "、".join(
        f"{names[r]}（{labels[c]}）" for r, c in zip(flagged["region_code"], flagged["category_code"])
    )
    st.warning(f"{quarter.label}企业直报出口超过地区报送数据：{listed}。请核实地区数据或企业直报数据。")
every = st.toggle("显示全部类别（默认只显示企业直报超过地区数据的类别）", key="cross_all")
shown = cross if every else flagged
if not shown.empty:
    ui.table(
        shown.assign(
            exports_usd=shown["enterprise_exports"] / rate,
            enterprise_exports=in_unit(shown["enterprise_exports"]),
            region_exports=in_unit(shown["region_exports"]),
        )[
            [
                "region_code",
                "category_code",
                "exports_usd",
                "enterprise_exports",
                "region_exports",
                "ratio",
                "excess",
            ]
        ],
        "企业直报与地区数据核对",
        "cross_table",
        period_label=quarter.label,
        unit=unit,
        link_period=quarter.code,
        labels={
            "exports_usd": "企业直报出口（万美元）",
            "enterprise_exports": f"企业直报出口（{unit}）",
            "region_exports": f"地区报送出口（{unit}）",
        },
        column_config={
            "exports_usd": USD,
            "enterprise_exports": AMOUNT,
            "region_exports": AMOUNT,
            "ratio": st.column_config.NumberColumn(format="percent"),
        },
    )
st.caption(
    f"企业直报出口按 {quarter.year} 年人民币对美元年平均汇率 {rate:g} 折算后，与地区报送的同类服务出口比较；"
    "比值超过 100% 即企业直报超过地区数据。“—”表示地区未报送该类数据。"
)
