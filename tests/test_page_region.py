"""The 地区画像 page under AppTest: opened from its URL, its cards against the pilot computed here from the indicators,
its tables against the warehouse, a quarter the region did not report, every quarter of the round."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import indicators
from charts.style import amount, pct
from warehouse import Warehouse

from .conftest import ROOT

RATE_2019 = 6.8985  # CNY per USD, 2019's average in reference/exchange_rates.csv


@pytest.fixture
def open_region(sample_warehouse_copy, monkeypatch):
    monkeypatch.setenv("PILOT_WAREHOUSE", str(sample_warehouse_copy))

    def run(**params):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
        at.switch_page("pages/region.py")
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        assert not at.exception
        return at

    return run


@pytest.fixture(scope="module")
def q3(sample_warehouse_file):
    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        return indicators.scores(wh, "2019Q3"), indicators.warnings(wh, "2019Q3")


def sql(path, query, params=()):
    with Warehouse(path, read_only=True) as wh:
        return wh.query_df(query, list(params))


def cards(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_opens_from_its_url_with_cards_against_the_pilot(open_region, q3):
    at = open_region(region="shanghai", period="2019Q3", unit="亿美元")
    assert [t.value for t in at.title] == ["地区画像"]
    assert [h.value for h in at.header] == ["上海 · 2019年第三季度"]
    assert [s.value for s in at.subheader] == [
        "服务进出口",
        "试点任务",
        "开放便利举措",
        "经验案例",
        "重点联系企业",
        "报送记录",
        "预警",
    ]
    assert (at.selectbox(key="region").value, at.selectbox(key="period").value) == ("shanghai", "2019Q3")
    assert at.button_group(key="unit").value == "亿美元"
    scores, _ = q3
    me = scores.set_index("region_code").loc["shanghai"]
    exports = scores["exports"].astype(float)
    shown = cards(at)
    assert shown["服务出口额（亿美元）"] == amount(me["exports"] / RATE_2019 / 10_000)
    rank = 1 + int((exports > me["exports"]).sum())
    notes = [c.value for c in at.caption]
    assert f"试点地区平均 {amount(exports.mean() / RATE_2019 / 10_000)}  \n第 {rank} 名 / 17" in notes
    assert rank == 2  # Beijing first, Shanghai second in the sample
    assert shown["任务完成率"] == pct(me["tasks_completed"] / me["tasks_total"], signed=False)
    rates = scores["tasks_completed"].astype(float) / scores["tasks_total"].astype(float)
    assert any(f"试点地区平均 {pct(rates.mean(), signed=False)}" in n for n in notes)
    assert shown["出口同比"] == pct(me["exports"] / me["export_base"] - 1)
    comparable = scores[scores["export_base"].notna()]
    growth = comparable["exports"].sum() / comparable["export_base"].sum() - 1
    assert any(n.startswith(f"试点地区可比增长 {pct(growth)}") for n in notes)
    assert shown["累计经验案例"] == f"{int(me['experience_items'])} 个"
    assert shown["综合得分"] == f"{me['score']:.1f}"
    assert f"第 {int(me['rank'])} 名 / 17  \n本平台自行设计的评价方法" in notes
    assert shown["名录企业"] == f"{int(me['listed_enterprises'])} 家"
    assert shown["本季度直报企业"] == f"{int(me['reporting_enterprises'])} 家"
    at.selectbox(key="period").select("2019Q4").run()  # the code in the URL was taken once: a choice stands
    assert [h.value for h in at.header] == ["上海 · 2019年第四季度"]


def test_tables_follow_the_warehouse(open_region, sample_warehouse_file, q3):
    at = open_region(region="shanghai", period="2019Q3")
    measures, experience, history = (d.value for d in at.dataframe[:3])
    rows = sql(
        sample_warehouse_file,
        "SELECT measure_code, status, beneficiaries FROM v_measure_status "
        "WHERE region_code = 'shanghai' AND period = '2019Q3' ORDER BY row_no",
    )
    assert measures["举措编号"].tolist() == rows["measure_code"].tolist()
    assert measures["落地状态"].tolist() == rows["status"].tolist()
    shown = [None if pd.isna(v) else int(v) for v in measures["受益企业数（家）"]]
    assert shown == [
        None if pd.isna(v) else int(v) for v in rows["beneficiaries"]
    ]  # none yet: the table shows "—"
    assert list(measures.columns[:5]) == ["举措编号", "领域", "具体行业或事项", "举措内容", "落地状态"]
    scores, alerts = q3
    assert len(experience) == scores.set_index("region_code").loc["shanghai", "experience_items"]
    received = sql(sample_warehouse_file, "SELECT count(*) AS n FROM receipt WHERE region_code = 'shanghai'")
    assert len(history) == received["n"].iloc[0]
    assert set(history["处理结果"]) <= {"已接收", "未通过", "重复报送", "拒收"}
    mine = [a["message"] for a in alerts if a["region_code"] == "shanghai"]
    if mine:
        assert at.dataframe[3].value["说明"].tolist() == mine
    else:
        assert [s.value for s in at.success] == ["上海2019年第三季度没有预警。"]


def test_flagged_enterprise_categories_are_named_without_enterprises(open_region):
    at = open_region(region="hangzhou", period="2019Q3")
    warning = [w.value for w in at.warning]
    assert warning == ["企业直报出口超过地区报送数的服务类别：9 电信、计算机和信息服务。请核对。"]
    assert not any("企业名称" in d.value.columns for d in at.dataframe)


def test_a_quarter_the_region_did_not_report(open_region):
    at = open_region(region="guian", period="2019Q2")
    assert at.warning[0].value == "贵州贵安新区2019年第二季度未报送季度报表：本季度的数字显示为“—”。"
    shown = cards(at)
    assert shown["服务出口额（亿元）"] == shown["任务完成率"] == shown["出口同比"] == "—"
    assert "试点地区平均" in at.caption[0].value and "本季度无数据，未参与排名" in at.caption[0].value


def test_labels_in_the_url_work_too_and_every_quarter_opens(open_region, catalog):
    at = open_region(region="上海", period="2019年第四季度")
    assert [h.value for h in at.header] == ["上海 · 2019年第四季度"]
    for q in catalog.quarters:
        at.selectbox(key="period").select(q.code).run()
        assert not at.exception, q.code
        assert at.header[0].value == f"上海 · {q.label}"
