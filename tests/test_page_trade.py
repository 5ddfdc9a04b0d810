"""The 服务贸易 page under AppTest: cards and table against the indicators on the quarter and on the year to date,
the unit, the focus, every quarter; and the trade charts on the year-to-date basis against sums made here."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import indicators
from charts import registry
from charts.registry import YEAR_TO_DATE, View
from charts.style import amount, pct
from indicators.year_to_date import composition_over, quarters_so_far
from reference import Quarter
from warehouse import Warehouse, figures

from .conftest import ROOT

RATE_2019 = 6.8985


@pytest.fixture
def open_trade(sample_warehouse_copy, monkeypatch):
    monkeypatch.setenv("PILOT_WAREHOUSE", str(sample_warehouse_copy))

    def run(**params):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
        at.switch_page("pages/trade.py")
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        assert not at.exception
        return at

    return run


@pytest.fixture(scope="module")
def q3(sample_warehouse_file):
    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        return indicators.scores(wh, "2019Q3")


def row(table, name):
    return table[table["试点地区"].str.endswith(f"name={name}")].iloc[0]


def test_the_quarter_in_the_unit_chosen(open_trade, q3):
    at = open_trade(period="2019Q3", unit="亿美元")
    assert [t.value for t in at.title] == ["服务贸易"]
    assert [s.value for s in at.subheader] == [
        "各地区各季度服务进出口",
        "服务进出口构成",
        "知识密集型服务与贸易差额",
        "各试点地区服务贸易",
    ]
    cards = {m.label: m.value for m in at.metric}
    usd = RATE_2019 * 10_000
    assert cards["服务出口额（亿美元）"] == amount(q3["exports"].sum() / usd)
    assert cards["服务进口额（亿美元）"] == amount(q3["imports"].sum() / usd)
    assert cards["服务贸易差额（亿美元）"] == amount((q3["exports"].sum() - q3["imports"].sum()) / usd)
    assert cards["知识密集型服务出口占比"] == pct(q3["ki_exports"].sum() / q3["exports"].sum(), signed=False)
    table = at.dataframe[0].value
    assert len(table) == 17
    beijing = q3.set_index("region").loc["北京"]
    assert row(table, "北京")["出口额（亿美元）"] == pytest.approx(beijing["exports"] / usd)
    assert row(table, "北京")["差额（亿美元）"] == pytest.approx(beijing["balance"] / usd)
    assert row(table, "北京")["出口同比"] == pytest.approx(beijing["exports"] / beijing["export_base"] - 1)
    assert row(table, "北京")["试点地区"] == "region?region=beijing&period=2019Q3&name=北京"


def test_the_year_to_date_from_the_url(open_trade, q3):
    at = open_trade(period="2019Q3", basis="本年累计")
    assert at.button_group(key="basis").value == "本年累计"
    cards = {m.label: m.value for m in at.metric}
    assert cards["本年累计服务出口额（亿元）"] == amount(q3["ytd_exports"].sum() / 10_000)
    assert cards["本年累计服务贸易差额（亿元）"] == amount(q3["ytd_balance"].sum() / 10_000)
    table = at.dataframe[0].value
    by_name = q3.set_index("region")
    for name in ("北京", "贵州贵安新区"):
        assert row(table, name)["本年累计出口额（亿元）"] == pytest.approx(
            by_name.loc[name, "ytd_exports"] / 10_000
        )
    assert row(table, "贵州贵安新区")["已报季度数"] == 2  # 2019Q2 missing
    assert pd.isna(
        row(table, "贵州贵安新区")["出口同比"]
    )  # no year-to-date growth on an incomplete year: shown "—"
    assert [i.value for i in at.info] == ["本年有季度未报送、累计数不完整的地区：贵州贵安新区"]
    assert at.caption[0].value == "2019年第一至第三季度累计，全部试点地区"


def test_focus_limits_cards_and_table(open_trade, q3):
    at = open_trade(period="2019Q3")
    at.multiselect(key="trade_regions").select("beijing").select("shanghai").run()
    assert not at.exception
    two = q3[q3["region_code"].isin(["beijing", "shanghai"])]
    assert {m.label: m.value for m in at.metric}["服务出口额（亿元）"] == amount(
        two["exports"].sum() / 10_000
    )
    assert len(at.dataframe[0].value) == 2


def test_every_quarter_on_both_bases(open_trade, catalog):
    at = open_trade()
    for q in catalog.quarters:
        at.selectbox(key="period").select(q.code).run()
        for basis in ("本年累计", "本季度"):
            at.button_group(key="basis").set_value(basis).run()
            assert not at.exception, (q.code, basis)
    at.selectbox(key="period").select("2019Q2").run()
    assert "贵州贵安新区" in at.warning[0].value


@pytest.fixture(scope="module")
def ytd_view(sample_warehouse_file):
    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        periods = quarters_so_far("2019Q3", wh.catalog.quarters)
        trade = figures.trade_by_category(wh, periods)
        view = View(
            Quarter.parse("2019Q3"),
            scores=indicators.scores(wh, "2019Q3"),
            details={
                **indicators.detail_tables(wh, "2019Q3"),
                "composition_ytd": composition_over(trade, periods),
            },
            trend=indicators.scores_by_quarter(wh, "2019Q3"),
            basis=YEAR_TO_DATE,
        )
    return view, trade


def test_charts_on_the_year_to_date_sum_the_quarters(ytd_view):
    view, trade = ytd_view
    assert sorted(set(trade["period"])) == ["2019Q1", "2019Q2", "2019Q3"]
    pilot = registry.figure("pilot_composition", view)
    assert "2019年第一至第三季度累计" in pilot.layout.title.text
    per_category = trade.groupby("category_code")["exports"].sum() / 10_000  # 亿元
    assert list(pilot.data[0].x) == pytest.approx(per_category.tolist())
    ki = registry.figure("ki_share", view)
    beijing = trade[trade["region_code"] == "beijing"]
    share = beijing[beijing["category_code"].between(6, 11)]["exports"].sum() / beijing["exports"].sum()
    assert dict(zip(ki.data[0].x, ki.data[0].y))["北京"] == pytest.approx(share * 100)
    assert "6" in str(ki.data[0].text) and any(
        t.endswith("*") for t in ki.data[0].text
    )  # 贵安's incomplete year
    grid = registry.figure("exports_grid", view)
    beijing_q3 = grid.data[0].text[0][-1]
    assert beijing_q3 == amount(beijing["exports"].sum() / 10_000)
    assert "本年累计" in grid.layout.title.text
