"""The 重点企业 page under AppTest on the sample warehouse: every quarter opens, cards and tables equal the indicators
or the enterprises' own rows summed by hand, amounts follow the unit, and 杭州 2019Q3's over-reporting is flagged."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import indicators
from reference import load_catalog
from warehouse import Warehouse

from .conftest import ROOT

SECTIONS = [
    "直报覆盖率",
    "出口构成（按服务类别）",
    "出口市场（按国家和地区）",
    "出口额居前的企业",
    "企业直报与地区数据核对",
]
RATE_2019 = 6.8985  # reference/exchange_rates.csv


@pytest.fixture
def warehouse_file(sample_warehouse_copy, monkeypatch):
    monkeypatch.setenv("PILOT_WAREHOUSE", str(sample_warehouse_copy))
    return sample_warehouse_copy


def open_page(period: str | None = None, unit: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/enterprises.py").run()
    if period:
        at.selectbox(key="period").select(period).run()
    if unit:
        at.button_group(key="unit").set_value(unit).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    (found,) = [d.value for d in at.dataframe if column in d.value.columns]
    return found


def by_name(frame: pd.DataFrame, column: str = "试点地区") -> pd.DataFrame:
    """The table indexed by region name (linked names end in name=北京)."""
    return frame.set_index(frame[column].map(lambda v: v.rsplit("name=", 1)[-1]))


def test_every_quarter_opens_with_cards_equal_to_the_indicators(warehouse_file):
    at = open_page()
    assert [t.value for t in at.title] == ["重点企业"]
    for quarter in load_catalog().quarters:
        at.selectbox(key="period").select(quarter.code).run()
        assert not at.exception, (quarter.code, [e.value for e in at.exception])
        assert [s.value for s in at.subheader] == SECTIONS
        with Warehouse(warehouse_file) as wh:
            table = indicators.scores(wh, quarter.code)
        cards = {m.label: m.value for m in at.metric}
        total = float(table["enterprise_exports"].sum()) / 10_000  # 亿元, the default unit
        assert cards == {
            "名录企业": f"{int(table['listed_enterprises'].sum())} 家",
            "本季度直报企业": f"{int(table['reporting_enterprises'].sum())} 家",
            "企业直报出口（亿元）": f"{total:,.2f}",
            "企业直报超过地区数据": f"{int(table['enterprise_excess_categories'].sum())} 个类别",
        }, quarter.code
        coverage = by_name(table_with(at, "直报覆盖率"))
        expected = table.set_index("region")
        assert coverage["名录企业（家）"].tolist() == expected["listed_enterprises"].tolist()
        assert coverage["直报企业（家）"].tolist() == expected["reporting_enterprises"].tolist()
        assert coverage["直报覆盖率"].tolist() == pytest.approx(
            expected["direct_report_coverage"].astype(float).tolist(), nan_ok=True
        )


def test_exports_by_category_and_partner_summed_by_hand_in_the_chosen_unit(warehouse_file):
    at = open_page("2019Q3", "万元")
    with Warehouse(warehouse_file) as wh:
        cells = wh.query_df(
            """SELECT region_code, category_code, sum(exports_usd) AS usd FROM v_enterprise_trade
               WHERE period = '2019Q3' GROUP BY ALL"""
        )
        partners = wh.query_df(
            """SELECT partner, sum(exports_usd) AS usd, count(DISTINCT credit_code) AS firms
               FROM v_enterprise_trade WHERE period = '2019Q3' GROUP BY partner ORDER BY usd DESC"""
        )
    names = {r.code: r.name for r in load_catalog().regions}
    shown = table_with(at, "9 电信、计算机和信息服务").set_index("试点地区")
    assert len(shown) == 18 and shown.index[-1] == "试点地区合计"
    for row in cells.itertuples():
        category = load_catalog().category(row.category_code)
        cell = shown.loc[names[row.region_code], f"{category.code} {category.name_zh}"]
        assert cell == pytest.approx(row.usd * RATE_2019)  # 万美元 × 2019's rate = 万元
    assert shown.loc["试点地区合计", "合计（万元）"] == pytest.approx(cells["usd"].sum() * RATE_2019)
    absent = set(names) - set(cells.loc[cells["category_code"] == 1, "region_code"])
    assert all(pd.isna(shown.loc[names[c], "1 加工服务"]) for c in absent)  # "—", not 0

    market = table_with(at, "国家（地区）")
    countries = {c.code: c.name_zh for c in load_catalog().countries}
    assert market["国家（地区）"].tolist() == [countries[p] for p in partners["partner"]]
    assert "中国香港" in market["国家（地区）"].tolist() and market["国家（地区）"].iloc[0] == "美国"
    assert market["出口额（万美元）"].tolist() == pytest.approx(partners["usd"].tolist())
    assert market["出口额（万元）"].tolist() == pytest.approx((partners["usd"] * RATE_2019).tolist())
    assert market["出口企业（家）"].tolist() == partners["firms"].tolist()
    assert market["占企业直报出口比重"].sum() == pytest.approx(1.0)

    at.button_group(key="unit").set_value("亿美元").run()
    market = table_with(at, "国家（地区）")
    assert market["出口额（亿美元）"].tolist() == pytest.approx((partners["usd"] / 10_000).tolist())


def test_the_top_enterprises_are_named_behind_a_confidentiality_note(warehouse_file):
    at = open_page("2019Q3")
    assert any("保密信息" in c.value and "仅对协调办公室可见" in c.value for c in at.caption)
    with Warehouse(warehouse_file) as wh:
        firms = wh.query_df(
            """SELECT region_code, credit_code, any_value(name) AS name, sum(exports_usd) AS usd
               FROM v_enterprise_trade WHERE period = '2019Q3' GROUP BY ALL ORDER BY usd DESC, credit_code"""
        )
    top = table_with(at, "统一社会信用代码")
    assert list(top.columns) == [
        "出口排名",
        "企业名称",
        "统一社会信用代码",
        "试点地区",
        "出口额（万美元）",
        "出口额（亿元）",
    ]
    assert len(top) == 20 and top["出口排名"].tolist() == list(range(1, 21))
    assert top["统一社会信用代码"].tolist() == firms["credit_code"].head(20).tolist()
    assert top["企业名称"].tolist() == firms["name"].head(20).tolist()
    assert top["出口额（万美元）"].tolist() == pytest.approx(firms["usd"].head(20).tolist())
    assert top["出口额（亿元）"].tolist() == pytest.approx(
        (firms["usd"].head(20) * RATE_2019 / 10_000).tolist()
    )
    first = firms.iloc[0]
    name = load_catalog().region(first["region_code"]).name
    assert top["试点地区"].iloc[0] == f"region?region={first['region_code']}&period=2019Q3&name={name}"
    at.button_group(key="top_n").set_value(10).run()
    assert len(table_with(at, "统一社会信用代码")) == 10


def test_the_cross_check_flags_hangzhou_2019q3(warehouse_file):
    at = open_page("2019Q3", "万元")
    assert [w.value for w in at.warning] == [
        "2019年第三季度企业直报出口超过地区报送数据：杭州（9 电信、计算机和信息服务）。请核实地区数据或企业直报数据。"
    ]
    with Warehouse(warehouse_file) as wh:
        enterprise = wh.query_df(
            """SELECT sum(exports_usd) FROM v_enterprise_trade
               WHERE period = '2019Q3' AND region_code = 'hangzhou' AND category_code = 9"""
        ).iloc[0, 0]
        region = wh.query_df(
            """SELECT exports FROM v_trade
               WHERE period = '2019Q3' AND region_code = 'hangzhou' AND category_code = 9"""
        ).iloc[0, 0]
        pairs = wh.query_df(
            """SELECT count(*) FROM (SELECT DISTINCT region_code, category_code FROM v_enterprise_trade
               WHERE period = '2019Q3')"""
        ).iloc[0, 0]
    flagged = table_with(at, "企业直报与地区数据之比")
    assert len(flagged) == 1  # only what exceeds the region's figure, until all are asked for
    row = by_name(flagged).loc["杭州"]
    assert row["服务类别"] == "9 电信、计算机和信息服务"
    assert row["企业直报出口（万美元）"] == pytest.approx(enterprise)
    assert row["企业直报出口（万元）"] == pytest.approx(enterprise * RATE_2019)
    assert row["地区报送出口（万元）"] == pytest.approx(region)
    assert row["企业直报与地区数据之比"] == pytest.approx(enterprise * RATE_2019 / region)
    assert row["企业直报超过地区数据"] == "是" and row["企业直报与地区数据之比"] > 1
    at.toggle(key="cross_all").set_value(True).run()
    every = table_with(at, "企业直报与地区数据之比")
    assert len(every) == pairs and every["企业直报超过地区数据"].tolist().count("是") == 1


def test_a_quarter_without_a_flag_and_with_a_missing_region(warehouse_file):
    at = open_page("2019Q2")
    assert [s.value for s in at.success] == ["2019年第二季度各地区企业直报出口均未超过地区报送的同类出口。"]
    assert not [d for d in at.dataframe if "企业直报与地区数据之比" in d.value.columns]  # nothing to list


@pytest.mark.parametrize(
    "period",
    [
        "2019年第三季度",  # what Streamlit's own binding writes into the URL
        "2019Q3",
    ],
)
def test_a_link_with_the_quarter_and_unit_opens_on_them(warehouse_file, period):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["period"] = period
    at.query_params["unit"] = "亿美元"
    at.run()
    at.switch_page("pages/enterprises.py").run()
    at.run()  # AppTest's first run of a switched-to page draws its widgets at their defaults; a browser does not
    assert not at.exception
    assert at.selectbox(key="period").value == "2019Q3" and at.button_group(key="unit").value == "亿美元"
    assert "企业直报出口（亿美元）" in {m.label for m in at.metric}
    assert at.warning[0].value.startswith("2019年第三季度企业直报出口超过地区报送数据：杭州")
