"""服务贸易: the regions' exports and imports over the quarters, composition over the 12 categories (the pilot's
and each region's), knowledge-intensive share and balance — on the quarter or the year to date, in the unit chosen —
and every region's figures as a table."""

import streamlit as st

import ui
from charts.registry import YEAR_TO_DATE, get
from charts.style import amount, pct
from indicators import pilot_export_total
from indicators.trade import convert
from reference import load_catalog
from ui import trade

GRIDS = ["exports_grid", "imports_grid"]
COMPOSITION = ["pilot_composition", "composition"]
SHARES = ["ki_share", "trade_balance"]

wh = ui.warehouse()
catalog = load_catalog()
st.title("服务贸易", anchor=False)
c1, c2, c3 = st.columns([2, 2, 2])
with c1:
    quarter = ui.period(wh)
with c2:
    unit = ui.unit()
with c3:
    basis = trade.basis()
names = {r.code: r.name for r in catalog.regions}
focus = st.multiselect(
    "重点关注的试点地区（不选为全部）",
    list(names),
    format_func=names.get,
    key="trade_regions",
    placeholder="全部试点地区",
    select_all=False,
)
charts = [get(n) for n in GRIDS + COMPOSITION + SHARES]
view = trade.view(wh, quarter, charts, unit=unit, basis=basis, focus=tuple(focus))
frame = view.regions(trade.trade_table(view))
ytd = basis == YEAR_TO_DATE
when = view.period_text


def shown(amount_wan):
    return convert(amount_wan, unit, quarter.year, catalog.exchange_rates)


exports, growth = pilot_export_total(frame)
imports = float(frame["imports"].fillna(0).sum())
ki = float(frame["ki_exports"].fillna(0).sum())
prefix = "本年累计" if ytd else ""
st.caption(f"{when}，{'全部试点地区' if not focus else '、'.join(names[c] for c in focus)}")
m1, m2, m3, m4, m5 = st.columns(5)
m1.metric(f"{prefix}服务出口额（{unit}）", amount(shown(exports)))
m2.metric(f"{prefix}服务进口额（{unit}）", amount(shown(imports)))
m3.metric(f"{prefix}服务贸易差额（{unit}）", amount(shown(exports - imports)))
m4.metric("出口同比（可比地区）", pct(growth))
m5.metric("知识密集型服务出口占比", pct(ki / exports if exports else None, signed=False))
missing = frame.loc[~frame["submitted"], "region"].tolist()
if missing:
    st.warning(f"{quarter.label}尚未报送：{'、'.join(missing)}（以“—”表示，不计入合计）")
if ytd and "ytd_expected" in frame.columns:
    short = frame[frame["submitted"] & frame["ytd_quarters"].lt(frame["ytd_expected"])]["region"].tolist()
    if short:
        st.info(f"本年有季度未报送、累计数不完整的地区：{'、'.join(short)}")

st.subheader("各地区各季度服务进出口", anchor=False)
for chart in GRIDS:
    ui.chart(get(chart), view)

st.subheader("服务进出口构成", anchor=False)
for chart in COMPOSITION:
    ui.chart(get(chart), view)

st.subheader("知识密集型服务与贸易差额", anchor=False)
for chart in SHARES:
    ui.chart(get(chart), view)

st.subheader("各试点地区服务贸易", anchor=False)
columns = ["region_code", "exports", "imports", "balance", "export_yoy", "import_yoy", "ki_export_share"]
columns += ["export_share"] + (["ytd_quarters"] if ytd else [])
table = frame[columns].copy()
for c in ("exports", "imports", "balance"):
    table[c] = shown(table[c])
word = "本年累计" if ytd else ""
ui.table(
    table,
    f"各试点地区服务贸易{'（本年累计）' if ytd else ''}",
    "trade_table",
    period_label=when,
    unit=unit,
    link_period=quarter.code,
    labels={
        "exports": f"{word}出口额（{unit}）",
        "imports": f"{word}进口额（{unit}）",
        "balance": f"{word}差额（{unit}）",
        "ki_export_share": "知识密集型服务出口占比",
        "ytd_quarters": "已报季度数",
    },
    column_config={
        "exports": st.column_config.NumberColumn(format="%,.2f"),
        "imports": st.column_config.NumberColumn(format="%,.2f"),
        "balance": st.column_config.NumberColumn(format="%,.2f"),
        "export_yoy": st.column_config.NumberColumn(format="percent"),
        "import_yoy": st.column_config.NumberColumn(format="percent"),
        "ki_export_share": st.column_config.NumberColumn(format="percent"),
        "export_share": st.column_config.NumberColumn(format="percent"),
    },
)
st.caption(
    "差额为出口减进口。同比：与上年同期比较（平台中无上年数据时用报表“上年同期”列）；本年累计的同比只计本年各季度均已报送"
    "且均有上年同期数据的地区。“—”表示无数据。亿美元按当年人民币对美元年平均汇率折算。"
)
