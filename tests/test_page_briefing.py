"""The 简报 page and the narrative on 总览, under AppTest on the sample warehouse."""

import pytest
from streamlit.testing.v1 import AppTest

import indicators
from briefing.narrative import narrative
from reference import Quarter
from warehouse import Warehouse

from .conftest import ROOT


@pytest.fixture
def app(sample_warehouse_copy, monkeypatch):
    monkeypatch.setenv("PILOT_WAREHOUSE", str(sample_warehouse_copy))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)


def test_the_overview_tells_the_quarter_in_words_computed_from_the_indicators(app, sample_warehouse_copy):
    app.run()
    app.selectbox(key="period").select("2019Q4").run()
    assert not app.exception
    with Warehouse(sample_warehouse_copy) as wh:  # the app holds it read-write in this process
        scores = indicators.scores(wh, "2019Q4")
        reporting = indicators.detail_tables(wh, "2019Q4")["reporting"]
    expected = narrative(Quarter.parse("2019Q4"), scores, reporting).text
    assert app.text_area(key="narrative_2019Q4").value == expected
    assert f"服务出口合计{scores['exports'].sum() / 10_000:,.1f}亿元" in expected


def test_the_briefing_page_offers_the_pack_of_the_chosen_quarter_and_charts(app):
    app.run()
    app.switch_page("pages/briefing.py").run()
    assert not app.exception
    assert [t.value for t in app.title] == ["简报"]
    charts = app.multiselect(key="pack_charts")
    assert len(charts.value) == 12  # the default pack
    app.selectbox(key="period").select("2019Q3").run()
    charts.set_value(["export_growth", "ki_share"]).run()
    app.multiselect(key="pack_regions").set_value(["beijing", "shanghai"]).run()
    assert not app.exception
    captions = " ".join(c.value for c in app.caption)
    assert "共 6 页：标题、概况、2 张图表、预警、附表" in captions
    assert "数据范围：各地区报送并通过检查的最新报表（含未审核）" in captions
    app.session_state["approved_only"] = (
        True  # the sidebar's switch (app.py): the pack counts approved data only
    )
    app.run()
    assert "数据范围：仅已审核确认的数据（侧栏“仅用已审核数据”可切换）" in " ".join(
        c.value for c in app.caption
    )
    assert [b.label for b in app.get("download_button")] == ["生成并下载 2019年第三季度简报包（PPTX）"]
    charts.set_value([]).run()
    assert "请至少选择一张图表。" in [i.value for i in app.info]
