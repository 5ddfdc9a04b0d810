"""The 总览 page under Streamlit's AppTest, on the warehouse the first start builds from sample_data/."""

import pytest
from streamlit.testing.v1 import AppTest

from ingest.reader import read_workbook

from .conftest import ROOT


@pytest.fixture
def app(sample_warehouse_copy, monkeypatch):
    monkeypatch.setenv("PILOT_WAREHOUSE", str(sample_warehouse_copy))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def region_row(table, name: str):
    """The row of a region in a table whose names link to its profile (…&name=北京)."""
    return table[table["试点地区"].str.endswith(f"name={name}")].iloc[0]


def test_overview_shows_every_region(app):
    app.run()
    assert not app.exception
    assert [t.value for t in app.title] == ["总览"]
    table = app.dataframe[0].value
    assert len(table) == 17 and table["排名"].tolist() == sorted(table["排名"].tolist())
    assert (
        region_row(table, "陕西西咸新区")["试点地区"]
        == "region?region=xixian&period=2020Q2&name=陕西西咸新区"
    )
    assert app.selectbox(key="period").value == "2020Q2"  # the latest quarter with data
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["已报送地区"] == "17 / 17"
    assert metrics["累计经验案例"] == "74 个"
    # the table shows what the workbook says: Beijing's 2020Q2 exports, summed from the file itself
    raw = read_workbook(ROOT / "sample_data" / "region" / "beijing_2020Q2.xlsx")
    beijing = sum(r[2] for r in raw.sheets["服务贸易数据"][1:])  # 万元
    assert region_row(table, "北京")["出口额（亿元）"] == pytest.approx(beijing / 10_000)  # shown in 亿元
    app.button_group(key="unit").set_value("亿美元").run()
    table = app.dataframe[0].value
    assert region_row(table, "北京")["出口额（亿美元）"] == pytest.approx(
        beijing / 6.8974 / 10_000
    )  # 2020's rate
    app.button_group(key="unit").set_value("万元").run()
    assert region_row(app.dataframe[0].value, "北京")["出口额（万元）"] == pytest.approx(beijing)


def test_quarter_with_a_missing_region(app):
    app.run()
    app.selectbox(key="period").select("2019Q2").run()
    assert not app.exception
    assert {m.label: m.value for m in app.metric}["已报送地区"] == "16 / 17"
    assert [w.value for w in app.warning] == ["2019年第二季度尚未报送：贵州贵安新区"]
    # 2019Q2 against 2018Q2 (上年同期 columns): the national 2019 export growth, 10.8%
    assert {m.label: m.value for m in app.metric}["出口同比（可比地区）"] == "+10.8%"


def test_first_start_builds_the_warehouse(tmp_path, monkeypatch):
    target = tmp_path / "fresh" / "warehouse.duckdb"
    monkeypatch.setenv("PILOT_WAREHOUSE", str(target))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception and target.exists()
    assert len(at.dataframe[0].value) == 17
