"""The 报送情况 page and the sidebar's last-receipt line under AppTest, on the sample warehouse with rejected
workbooks added: the rejected state in the grid, who has not yet sent, the rates, the problems of rejected files."""

import io
import json
from datetime import date, datetime

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

import indicators
from indicators.reporting import (
    LATE,
    MISSING,
    ON_TIME,
    PENDING,
    REJECTED,
    not_yet_sent,
    rejected_reports,
    reporting_rates,
    with_rejections,
)
from ingest.loader import load_file
from warehouse import Warehouse

from .app_session import open_app
from .conftest import filled_content, write_filled
from .test_pages import XLSX, downloads  # noqa: F401  (the fixture)

GUIAN_FIRST = datetime(2019, 7, 20, 9, 30)
GUIAN_SECOND = datetime(2019, 7, 25, 16, 0)


@pytest.fixture
def rejected_warehouse(sample_warehouse_copy, catalog, tmp_path, monkeypatch):
    """The sample warehouse, plus: 贵州贵安新区 2019Q2 (which it never sent) twice rejected, and 天津 2019Q4 (sent and
    accepted long ago) rejected today."""
    monkeypatch.setenv("PILOT_ARCHIVE", str(tmp_path / "archive"))
    with Warehouse(sample_warehouse_copy) as wh:
        content = filled_content(catalog, "guian", "2019Q2")
        content.tables["任务进展"][0]["status"] = "完成"  # F2
        content.tables["服务贸易数据"][0]["exports"] = "一百"  # C2
        content.tables["服务贸易数据"][3]["imports"] = -1  # D5
        content.tables["服务贸易数据"][5]["imports"] = -1  # D7
        first = write_filled(catalog, tmp_path / "贵安_2019Q2.xlsx", "guian", "2019Q2", content)
        assert load_file(wh, first, expected_region="guian", received_at=GUIAN_FIRST).status == "rejected"
        content.tables["任务进展"][0]["status"] = "推进中"
        second = write_filled(catalog, tmp_path / "贵安_2019Q2_修改.xlsx", "guian", "2019Q2", content)
        assert load_file(wh, second, expected_region="guian", received_at=GUIAN_SECOND).status == "rejected"
        content = filled_content(catalog, "tianjin", "2019Q4")
        content.tables["服务贸易数据"][0]["exports"] = "一百"
        tianjin = write_filled(catalog, tmp_path / "天津_2019Q4.xlsx", "tianjin", "2019Q4", content)
        result = load_file(wh, tianjin, expected_region="tianjin", received_from="王伟")
        assert result.status == "rejected"
    return sample_warehouse_copy


def open_page(path, monkeypatch, page="pages/reporting.py", **query) -> AppTest:
    """…/reporting?period=2019Q2 (or another page) opened in a new session."""
    return open_app(monkeypatch, path, page, **query)


def grid(at) -> dict[tuple[str, str], str]:
    """The reporting grid's cells as drawn: (region, quarter) -> the word in the cell."""
    spec = next(
        json.loads(c.proto.spec)
        for c in at.get("plotly_chart")
        if json.loads(c.proto.spec)["layout"]["title"]["text"].startswith("各季度报送情况")
    )
    heat = spec["data"][0]
    return {(y, x): heat["text"][i][j] for i, y in enumerate(heat["y"]) for j, x in enumerate(heat["x"])}


def names(links) -> list[str]:
    return [link.rsplit("name=", 1)[1] for link in links]


def test_a_quarter_with_only_rejected_files(rejected_warehouse, monkeypatch):
    with Warehouse(rejected_warehouse, read_only=True) as wh:
        status = indicators.detail_tables(wh, "2019Q2")["reporting"]
        table = indicators.scores(wh, "2019Q2")
    at = open_page(rejected_warehouse, monkeypatch, period="2019Q2")
    assert at.selectbox(key="period").value == "2019Q2"
    assert [t.value for t in at.title] == ["报送情况"]
    assert [s.value for s in at.subheader] == [
        "尚未报送2019年第二季度报表的地区",
        "各地区报送率",
        "最近未通过的报表",
    ]
    now = status[status["period"] == "2019Q2"]["status"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "已报送地区": f"{int(table['submitted'].sum())} / 17",
        "按时报送": f"{(now == ON_TIME).sum()} 个",
        "逾期报送": f"{(now == LATE).sum()} 个",
        "尚未报送": "1 个",
    }
    assert metrics["已报送地区"] == "16 / 17"
    assert [m.delta for m in at.metric][-1] == "其中报表未通过 1 个"

    outstanding = at.dataframe[0].value
    assert list(outstanding.columns) == ["试点地区", "情况", "报送截止日", "距截止日"]
    assert names(outstanding["试点地区"]) == ["贵州贵安新区"]
    assert outstanding.iloc[0]["情况"] == "已提交 2 份报表，均未通过检查"
    assert outstanding.iloc[0]["报送截止日"] == "2019年7月10日"
    assert outstanding.iloc[0]["距截止日"] == f"已逾期 {(date.today() - date(2019, 7, 10)).days:,} 天"

    cells = grid(at)
    assert cells[("贵州贵安新区", "2019年第二季度")] == "未通过"
    assert cells[("天津", "2019年第二季度")] == "按时"
    assert cells[("哈尔滨", "2019年第一季度")] == "逾期"  # one of the sample's late quarters
    assert len(cells) == 17 * 4

    # the rates keep their rules (a rejected quarter is not a sent one) and count the rejected quarter
    rates = at.dataframe[1].value
    assert names(rates["试点地区"]) == table["region"].tolist()
    guian = rates[rates["试点地区"].str.endswith("贵州贵安新区")].iloc[0]
    expected = table.set_index("region_code").loc["guian"]
    assert (guian["应报季度数"], guian["已报季度数"], guian["未报送季度数"], guian["报表未通过季度数"]) == (
        4,
        3,
        1,
        1,
    )
    assert guian["报送完整率"] == pytest.approx(expected["completeness_rate"]) == pytest.approx(0.75)
    assert guian["报送及时率"] == pytest.approx(expected["timeliness_rate"])
    assert rates["报表未通过季度数"].sum() == 1
    assert rates["已报季度数"].tolist() == table["submitted_reports"].tolist()
    assert rates["按时报送季度数"].tolist() == table["on_time_reports"].tolist()


def test_the_latest_rejected_files_and_their_first_problems(rejected_warehouse, monkeypatch, downloads):  # noqa: F811
    at = open_page(rejected_warehouse, monkeypatch, period="2020Q2")
    blocks = [m.value for m in at.markdown]
    headings = [b for b in blocks if b.startswith("**") and "季度" in b and ".xlsx" in b]
    assert headings == [  # newest first
        "**天津 · 2019年第四季度 · 试点地区季度报表**　天津\\_2019Q4\\.xlsx",
        "**贵州贵安新区 · 2019年第二季度 · 试点地区季度报表**　贵安\\_2019Q2\\_修改\\.xlsx",
        "**贵州贵安新区 · 2019年第二季度 · 试点地区季度报表**　贵安\\_2019Q2\\.xlsx",
    ]
    captions = [c.value for c in at.caption]
    assert any(
        c.startswith("2019-07-20 09:30 收到；共 4 个问题，以下为前 3 个。尚未收到通过检查的报表。")
        for c in captions
    )
    assert any("报送人 王伟；共 1 个问题。此前已有通过检查的报表，数据仍以其为准。" in c for c in captions)
    first = next(b for b in blocks if b.startswith("- **任务进展 F2**"))
    # each after the cell and what its row is about (markdown: the . of T1.2 escaped)
    assert first.splitlines() == [
        "- **任务进展 F2**（任务 T1\\.2 强化地方服务贸易跨部门统筹协调决策机制）："
        "“进展状态”的值“完成”不是允许的值，请从下拉列表中选择：未启动、推进中、已完成",
        "- **服务贸易数据 C2**（服务类别 1 加工服务）："
        "“出口额（万元）”的值“一百”不是数字，请填写不小于 0 的数字（单位见列名）",
        "- **服务贸易数据 D5**（服务类别 4 旅行）："
        "“进口额（万元）”的值“\\-1”不能为负数，请填写不小于 0 的数字（单位见列名）",
    ]
    # the marked workbook of a chosen file
    picked = at.selectbox(key="problem_receipt")
    label = next(o for o in picked.options if o.endswith("贵安_2019Q2.xlsx"))
    assert label == "2019-07-20 09:30 贵州贵安新区 2019年第二季度 贵安_2019Q2.xlsx"
    picked.select_index(picked.options.index(label)).run()
    assert not at.exception
    name, data = downloads[-1]
    assert name == "问题标注_贵安_2019Q2.xlsx"
    marked = load_workbook(io.BytesIO(data))
    assert marked.sheetnames[0] == "错误清单" and marked["任务进展"]["F2"].fill.fgColor.rgb.endswith("FFC7CE")


def test_a_quarter_everyone_sent_and_no_rejected_file(sample_warehouse_copy, monkeypatch):
    at = open_page(sample_warehouse_copy, monkeypatch, period="2019Q4")
    assert [s.value for s in at.success] == [
        "2019年第四季度的报表 17 个地区均已报送。",
        "目前没有未通过检查的报表。",
    ]
    assert {m.label: m.value for m in at.metric}["尚未报送"] == "0 个"
    assert len(at.dataframe) == 1  # the rates alone
    assert "未通过" not in set(grid(at).values())


@pytest.mark.parametrize("period", ["2018Q3", "2019Q2", "2020Q2"])
def test_every_kind_of_quarter_opens(sample_warehouse_copy, monkeypatch, period):
    at = open_page(sample_warehouse_copy, monkeypatch, period=period)
    missing = {("2019Q2", "贵州贵安新区")}
    expected = sorted(r for p, r in missing if p == period)
    shown = names(at.dataframe[0].value["试点地区"]) if expected else []
    assert shown == expected
    assert {m.label: m.value for m in at.metric}["已报送地区"] == f"{17 - len(expected)} / 17"


def test_the_sidebar_names_the_last_file_and_follows_an_upload(
    sample_warehouse_copy, monkeypatch, catalog, tmp_path
):
    monkeypatch.setenv("PILOT_ARCHIVE", str(tmp_path / "archive"))
    # …/upload?region=chengdu&period=2019Q3: the codes in the URL choose region and quarter
    at = open_page(
        sample_warehouse_copy, monkeypatch, page="pages/upload.py", region="chengdu", period="2019Q3"
    )
    assert (at.selectbox(key="region").value, at.selectbox(key="period").value) == ("chengdu", "2019Q3")
    last = [c.value for c in at.sidebar.caption if c.value.startswith("最近收到")]
    assert last == ["最近收到：陕西西咸新区 2020年第二季度 试点地区季度报表（已接收），2020年7月19日 10:00"]

    data = write_filled(catalog, tmp_path / "cd.xlsx", "chengdu", "2019Q3").read_bytes()
    at.file_uploader(key="upload_files").set_value([("成都_2019Q3.xlsx", data, XLSX)])
    at.run()
    at.button(key="upload_submit").click().run()
    assert not at.exception and at.success[0].value.startswith("已接收：成都\\_2019Q3\\.xlsx")
    last = [c.value for c in at.sidebar.caption if c.value.startswith("最近收到")]
    assert len(last) == 1 and last[0].startswith("最近收到：成都 2019年第三季度 试点地区季度报表（已接收），")
    assert "2019Q3" not in last[0] and "region" not in last[0]

    content = filled_content(catalog, "shenzhen", "2020Q1")
    content.tables["服务贸易数据"][0]["exports"] = "一百"
    bad = write_filled(catalog, tmp_path / "sz.xlsx", "shenzhen", "2020Q1", content).read_bytes()
    at.selectbox(key="region").select("shenzhen")
    at.selectbox(key="period").select("2020Q1")
    at.file_uploader(key="upload_files").set_value([("深圳_2020Q1.xlsx", bad, XLSX)])
    at.run()
    at.button(key="upload_submit").click().run()
    last = [c.value for c in at.sidebar.caption if c.value.startswith("最近收到")]
    assert len(last) == 1 and last[0].startswith("最近收到：深圳 2020年第一季度 试点地区季度报表（未通过），")


def test_the_rejected_state_keeps_the_reporting_rules():
    regions = pd.DataFrame({"region_code": ["a", "b", "c"], "region": ["甲", "乙", "丙"]})
    status = pd.DataFrame(
        {
            "region_code": ["a", "a", "b", "b", "c", "c"],
            "period": ["2019Q1", "2019Q2"] * 3,
            "seq": [3, 4] * 3,
            "deadline": [date(2019, 4, 10), date(2019, 7, 10)] * 3,
            "status": [ON_TIME, MISSING, LATE, PENDING, MISSING, ON_TIME],
        }
    )
    rejected = pd.DataFrame(
        {
            "region_code": ["a", "a", "b", "c"],
            "period": ["2019Q2", "2019Q1", "2019Q2", "2018Q4"],
            "rejected_files": [2, 1, 1, 3],
            "last_rejected_at": [datetime(2019, 7, 20)] * 4,
        }
    )
    out = with_rejections(status, rejected)
    # rejected only where nothing was accepted; a rejected file beside an accepted one changes nothing
    assert out["status"].tolist() == [ON_TIME, REJECTED, LATE, REJECTED, MISSING, ON_TIME]
    assert out["rejected_files"].tolist() == [1, 2, 0, 1, 0, 0]
    assert rejected_reports(out).set_index("region_code")["rejected_reports"].to_dict() == {
        "a": 1,
        "b": 1,
        "c": 0,
    }
    # the rates are those of the grid without the rejected state: a rejected quarter is not sent
    rates = reporting_rates(status).set_index("region_code")
    assert rates.loc["a", "completeness_rate"] == 0.5 and rates.loc["b", "timeliness_rate"] == 0

    left = not_yet_sent(regions, {"b"}, rejected, "2019Q2", date(2019, 7, 10), date(2019, 7, 4))
    assert left["region_code"].tolist() == ["a", "c"]
    assert left["rejected_files"].tolist() == [2, 0]
    assert left["days_left"].tolist() == [6, 6]
    late = not_yet_sent(regions, set(), rejected, "2019Q2", date(2019, 7, 10), date(2019, 7, 15))
    assert late["days_left"].tolist() == [-5, -5, -5]
