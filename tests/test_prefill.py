"""Pre-filled templates (issue 12): the clerk's second quarter carries the last accepted quarter's answers."""

import io
from datetime import date, datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

import indicators
from accounts import ENTERPRISE, REGION, User
from ingest.__main__ import main as ingest_main
from ingest.carry import carried_content
from ingest.loader import load_file
from ingest.spec import SPECS, enterprise_spec, region_spec
from ingest.template import CARRIED_FILL, PREFILLED_FILL, prefilled_content, write_workbook
from reference import Quarter
from warehouse import Warehouse

from .app_session import open_app
from .conftest import sign_in_as

BEIJING_UNIT = "北京市商务局"


@pytest.fixture(scope="module")
def sample(sample_warehouse_file):
    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        yield wh


def _template(wh, catalog, kind, region_code, period, unit=None):
    """The carried template as a clerk downloads it, opened with openpyxl; and what carried_content said."""
    spec, quarter = SPECS[kind](catalog, region_code), Quarter.parse(period)
    made = carried_content(wh, spec, catalog, region_code, quarter, unit)
    buffer = io.BytesIO()
    write_workbook(buffer, spec, catalog, region_code, quarter, made.content)
    return load_workbook(io.BytesIO(buffer.getvalue())), made


def _rows(ws, columns: str, first: int = 2):
    """The values of `columns` (letters) of every row that has any, as tuples; dates as dates."""
    out = []
    for r in range(first, ws.max_row + 1):
        values = tuple(_plain(ws[f"{c}{r}"].value) for c in columns)
        if any(v is not None for v in values):
            out.append(values)
    return out


def _plain(value):
    return value.date() if isinstance(value, datetime) else value


def _current(wh, kind, region_code, period, unit=None) -> dict:
    frame = wh.query_df(
        """SELECT id, received_at, filler, contact, phone FROM submission WHERE kind = ? AND region_code = ?
           AND period = ? AND status = 'accepted' AND unit IS NOT DISTINCT FROM ?""",
        [kind, region_code, period, unit],
    )
    assert len(frame) == 1
    return frame.iloc[0].to_dict()


def _records(frame) -> list[tuple]:
    """A warehouse read as the template writes it: missing values None, dates as dates, plain numbers."""

    def plain(v):
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return None
        if isinstance(v, pd.Timestamp):
            return v.date()
        return v.item() if hasattr(v, "item") else v

    return [tuple(plain(v) for v in row) for row in frame.astype(object).itertuples(index=False)]


def test_region_template_carries_the_last_accepted_quarter(sample, catalog):
    wb, made = _template(sample, catalog, "region", "beijing", "2020Q2")
    source = _current(sample, "region", "beijing", "2020Q1")

    tasks = sample.query_df(
        """SELECT task_code, measure, planned_date, status, completed_date, progress_note FROM v_task_progress
           WHERE region_code = 'beijing' AND period = '2020Q1' ORDER BY row_no"""
    )
    expected = _records(tasks)
    assert len(expected) == 49 and tasks["task_code"].nunique() == 39  # several measures under some tasks
    ws = wb["任务进展"]
    assert _rows(ws, "ADEFGH") == expected  # every measure row, under its task, in the catalog's order
    assert _rows(ws, "I") == []  # 佐证材料 is the quarter's own
    assert [ws[f"A{r}"].value for r in range(2, 51)] == [t for t, *_ in expected]
    assert ws["A2"].fill == PREFILLED_FILL and ws["A2"].protection.locked  # the catalog's text stays locked
    for cell in ("D2", "E2", "F2", "G2", "H2", "D50", "H50"):  # carried: tinted, editable
        assert ws[cell].fill == CARRIED_FILL and not ws[cell].protection.locked, cell
    assert (
        ws["I2"].fill != CARRIED_FILL and ws["D51"].fill != CARRIED_FILL and not ws["D51"].protection.locked
    )

    expected = _records(
        sample.query_df(
            """SELECT measure_code, status, landed_date, beneficiaries FROM v_measure_status
               WHERE region_code = 'beijing' AND period = '2020Q1' ORDER BY row_no"""
        )
    )
    assert _rows(wb["开放便利举措"], "AEFH") == expected
    assert ("M6", "已落地", date(2019, 4, 18), 50) in expected  # a landed measure with its date and firms
    assert _rows(wb["开放便利举措"], "G") == []  # 典型案例 is not carried

    roster = sample.query_df(
        """SELECT k.credit_code, k.name, c.name_zh, k.nature FROM v_key_enterprise k
           JOIN dim_service_category c ON c.code = k.main_category
           WHERE k.region_code = 'beijing' AND k.period = '2020Q1' ORDER BY k.row_no"""
    )
    assert len(roster) == 30
    assert _rows(wb["重点联系企业名录"], "ABCD") == _records(roster)

    earlier = sample.query_df(
        """SELECT category_code, exports, imports FROM v_trade WHERE region_code = 'beijing'
           AND period = '2019Q2' ORDER BY category_code"""
    )
    trade = wb["服务贸易数据"]
    assert _rows(trade, "AEF") == _records(earlier)  # exactly
    assert _rows(trade, "CD") == []  # this quarter's amounts are the clerk's
    assert trade["E2"].fill == CARRIED_FILL and trade["E2"].comment is None

    form = wb["基本信息"]
    assert [form[f"B{r}"].value for r in range(1, 7)] == [
        "北京",
        "2020Q2",
        source["filler"],
        source["contact"],
        source["phone"],
        None,
    ]
    assert form["B3"].fill == CARRIED_FILL and not form["B3"].protection.locked
    lines = [r[0] for r in wb["填报说明"].iter_rows(max_row=8, values_only=True) if r[0]]
    where = f"提交编号 {source['id']}，{source['received_at']:%Y-%m-%d} 收到"
    assert where in lines[3] and "2020年第一季度" in lines[3]
    assert lines[4] == "上年同期数取自平台已收的本地区2019年第二季度数据。"
    assert made.summary == (
        f"已沿用2020年第一季度已接收的报送（{where}）预填，上年同期数取自平台已收的2019年第二季度数据。"
    )


def test_carries_from_the_current_submission_before_the_quarter(sample, catalog):
    """武汉 2019Q3 was sent twice: the correction is carried. 贵安 missed 2019Q2: its 2019Q3 carries 2019Q1. A
    quarter's own submission and later ones are never carried."""

    def carried(region_code, period):
        spec = region_spec(catalog, region_code)
        return carried_content(sample, spec, catalog, region_code, Quarter.parse(period))

    wuhan = carried("wuhan", "2019Q4")
    assert wuhan.source["id"] == _current(sample, "region", "wuhan", "2019Q3")["id"]
    assert (
        sample.query_df(
            "SELECT count(*) AS n FROM submission WHERE kind = 'region' AND region_code = 'wuhan' AND period = '2019Q3'"
        )["n"][0]
        == 2
    )
    guian = carried("guian", "2019Q3")
    assert guian.source["period"] == "2019Q1"
    beijing = carried("beijing", "2019Q4")
    assert beijing.source["period"] == "2019Q3"


def test_no_year_earlier_figures_leave_the_columns_blank_with_a_note(sample, catalog):
    wb, made = _template(sample, catalog, "region", "beijing", "2018Q4")  # 2017Q4 is before the pilot
    trade = wb["服务贸易数据"]
    assert _rows(trade, "EF") == []
    assert (
        trade["E2"].comment.text
        == "平台未收到本地区2017年第四季度的数据，请按统计数据填写上年同期出口额（万元）。"
    )
    assert trade["F13"].comment.text.endswith("上年同期进口额（万元）。")
    assert made.source["period"] == "2018Q3" and made.summary.endswith(
        "；平台未收到2017年第四季度的数据，上年同期数留空。"
    )


def test_a_region_without_history_gets_the_blank_template(sample, warehouse, catalog, tmp_path):
    for wh, region_code, period in ((sample, "beijing", "2018Q3"), (warehouse, "chengdu", "2019Q4")):
        spec, quarter = region_spec(catalog, region_code), Quarter.parse(period)
        made = carried_content(wh, spec, catalog, region_code, quarter)
        assert made.source is None and made.summary == "本地区此前没有已接收的报送，为空白模板。"
        assert made.content == prefilled_content(spec, catalog, region_code, quarter)
        carried, blank = tmp_path / "carried.xlsx", tmp_path / "blank.xlsx"
        write_workbook(carried, spec, catalog, region_code, quarter, made.content, deterministic=True)
        write_workbook(blank, spec, catalog, region_code, quarter, deterministic=True)
        assert carried.read_bytes() == blank.read_bytes()


def test_loading_the_carried_template_unchanged_gives_the_same_task_figures(
    sample_warehouse_copy, catalog, tmp_path
):
    with Warehouse(sample_warehouse_copy, catalog) as wh:
        before = indicators.scores(wh, "2020Q1").set_index("region_code").loc["beijing"]
        spec, quarter = region_spec(catalog, "beijing"), Quarter.parse("2020Q2")
        content = carried_content(wh, spec, catalog, "beijing", quarter).content
        content.form["filled_date"] = date(2020, 7, 6)  # what the validator requires and nothing carries
        for row in content.tables["服务贸易数据"]:  # this quarter's amounts: last year's will do
            row.update(exports=row["exports_prev"], imports=row["imports_prev"])
        path = tmp_path / "beijing_2020Q2.xlsx"
        write_workbook(path, spec, catalog, "beijing", quarter, content)
        result = load_file(wh, path, expected_region="beijing", expected_period="2020Q2")
        assert result.status == "accepted" and result.rows["任务进展"] == 49, result.errors
        assert not result.warnings  # 上年同期 agrees with the warehouse, every enterprise is on the roster
        after = indicators.scores(wh, "2020Q2").set_index("region_code").loc["beijing"]
    same = [
        "tasks_total",
        "tasks_completed",
        "tasks_with_completed_measure",
        "measures_listed",
        "measures_completed",
        "measures_in_progress",
        "measures_not_started",
        "on_time_completed",
        "opening_applicable",
        "opening_landed",
        "listed_enterprises",
    ]
    assert after[same].tolist() == before[same].tolist()
    assert (after["tasks_total"], after["measures_listed"]) == (39, 49)


def test_enterprise_template_carries_the_units_roster_with_amounts_blank(sample, catalog):
    wb, made = _template(sample, catalog, "enterprise", "beijing", "2020Q2", BEIJING_UNIT)
    source = _current(sample, "enterprise", "beijing", "2020Q1", BEIJING_UNIT)
    assert made.source["id"] == source["id"]
    rows = sample.query_df(
        """SELECT credit_code, name, category_code, partner FROM fact_enterprise_trade WHERE submission_id = ?
           ORDER BY row_no""",
        [source["id"]],
    )
    assert len(rows) == 90 and rows["credit_code"].nunique() == 28
    categories = {c.code: f"{c.code} {c.name_zh}" for c in catalog.categories}  # as the dropdown writes them
    countries = {c.code: c.name_zh for c in catalog.countries}
    ws = wb["服务进出口"]
    assert _rows(ws, "ABCD") == [
        (code, name, categories[category], countries[partner])
        for code, name, category, partner in _records(rows)
    ]
    assert _rows(ws, "EF") == []  # the amounts are this quarter's
    assert ws["A2"].fill == CARRIED_FILL and not ws["A2"].protection.locked
    assert wb["基本信息"]["B3"].value == BEIJING_UNIT
    assert f"填报单位“{BEIJING_UNIT}”" in wb["填报说明"]["A4"].value

    spec, quarter = enterprise_spec(catalog, "beijing"), Quarter.parse("2020Q2")
    no_unit = carried_content(sample, spec, catalog, "beijing", quarter)
    assert no_unit.content == prefilled_content(spec, catalog, "beijing", quarter)
    new_unit = carried_content(sample, spec, catalog, "beijing", quarter, "北京某新单位")
    assert new_unit.source is None and new_unit.content.form["filler"] == "北京某新单位"
    assert new_unit.content.tables == {} and not new_unit.content.carried


def test_cli_prefills_from_the_warehouse_unless_blank(sample_warehouse_file, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PILOT_WAREHOUSE", str(sample_warehouse_file))

    def template(*args):
        out = tmp_path / "t.xlsx"
        code = ingest_main(["template", "--region", "北京", "--period", "2020Q2", "--out", str(out), *args])
        return code, capsys.readouterr(), out

    code, said, out = template()
    assert code == 0 and "已沿用2020年第一季度已接收的报送" in said.out
    assert load_workbook(out)["任务进展"]["D2"].value is not None
    code, said, out = template("--blank")
    assert code == 0 and "按要求生成空白模板。" in said.out
    assert _rows(load_workbook(out)["任务进展"], "DEFGH") == []
    code, said, out = template("--kind", "enterprise", "--unit", BEIJING_UNIT)
    assert code == 0 and _rows(load_workbook(out)["服务进出口"], "A")
    code, said, _ = template("--kind", "enterprise")
    assert code == 0 and f"本地区已有报送的填报单位：{BEIJING_UNIT}" in said.out
    code, said, _ = template("--unit", BEIJING_UNIT)
    assert code == 2 and "--unit 仅用于企业直报表" in said.err


def test_page_offers_the_clerks_own_kind_region_and_unit(sample_warehouse_copy, monkeypatch):
    """A region clerk: the region workbook of their region only. An enterprise clerk: their unit, never a choice."""
    at = open_app(monkeypatch, sample_warehouse_copy, "pages/templates.py")
    sign_in_as(at, User("bj", "北京填报员", REGION, "beijing"))
    at.run()
    assert not at.exception and not at.radio
    assert at.selectbox(key="region").options == ["北京"]
    at.selectbox(key="period").select("2020Q2").run()
    assert any("已沿用2020年第一季度已接收的报送" in c.value for c in at.caption)

    at = open_app(  # another person: a session of their own
        monkeypatch,
        sample_warehouse_copy,
        "pages/templates.py",
        user=User("sz", "深圳企业填报员", ENTERPRISE, "shenzhen", "深圳市商务局"),
    )
    assert not at.exception and not at.radio
    assert at.selectbox(key="region").options == ["深圳"]
    assert not [s for s in at.selectbox if s.key.startswith("template_unit")]
    assert any("已沿用" in c.value for c in at.caption)


def test_page_lets_the_office_choose_the_unit(sample_warehouse_copy, monkeypatch):
    at = open_app(monkeypatch, sample_warehouse_copy, "pages/templates.py")
    at.radio(key="template_kind").set_value("enterprise").run()
    at.selectbox(key="region").select("beijing").run()
    at.selectbox(key="period").select("2020Q2").run()
    unit = at.selectbox(key="template_unit_beijing")
    assert unit.options == [BEIJING_UNIT, "不沿用（空白模板）"] and unit.value == BEIJING_UNIT
    assert any("已沿用2020年第一季度已接收的报送" in c.value for c in at.caption)
    unit.select("").run()
    assert any(c.value == "未指定填报单位，为空白模板。" for c in at.caption)
