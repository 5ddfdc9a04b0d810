"""The template writer: sheets, dropdowns, formats, protection, instructions and version, all from the spec."""

from openpyxl import load_workbook

from ingest.__main__ import main as ingest_main
from ingest.docs import render_docs
from ingest.reader import read_workbook
from ingest.spec import INSTRUCTIONS_SHEET, SPECS, region_spec

from .conftest import ROOT


def test_template_layout(tmp_path, catalog):
    out = tmp_path / "bj.xlsx"
    assert (
        ingest_main(
            ["template", "--kind", "region", "--region", "北京", "--period", "2019Q4", "--out", str(out)]
        )
        == 0
    )
    wb = load_workbook(out)
    assert wb.sheetnames == [
        INSTRUCTIONS_SHEET,
        "基本信息",
        "任务进展",
        "开放便利举措",
        "服务贸易数据",
        "经验案例",
        "重点联系企业名录",
        "代码表",
    ]
    assert wb["代码表"].sheet_state == "hidden"
    assert wb.properties.version == catalog.template_version
    assert "region=beijing" in wb.properties.keywords

    form = wb["基本信息"]
    assert [form.cell(r, 1).value for r in range(1, 7)] == [
        "试点地区",
        "报告期",
        "填报单位",
        "联系人",
        "联系电话",
        "填报日期",
    ]
    assert (form["B1"].value, form["B2"].value) == ("北京", "2019Q4")
    assert form.protection.sheet and form["A3"].protection.locked and not form["B3"].protection.locked
    assert form["B6"].number_format == "yyyy-mm-dd"

    tasks = wb["任务进展"]
    assert [c.value for c in tasks[1]] == [
        "任务编号",
        "任务领域",
        "试点任务",
        "具体举措",
        "计划完成时间",
        "进展状态",
        "实际完成时间",
        "进展情况说明",
        "佐证材料",
    ]
    assert (
        tasks["A2"].value == "T1.2" and tasks["A2"].protection.locked
    )  # T1.1 is central; pre-filled codes are locked
    assert not tasks["D2"].protection.locked and not tasks["A41"].protection.locked  # spare rows are open
    assert tasks.max_row >= 40 + 200
    lists = {str(dv.sqref): dv.formula1 for dv in tasks.data_validations.dataValidation}
    assert lists["F2:F240"] == "'代码表'!$D$2:$D$4"  # 未启动, 推进中, 已完成
    assert [wb["代码表"].cell(r, 4).value for r in (2, 3, 4)] == ["未启动", "推进中", "已完成"]
    assert tasks["E2"].number_format == "yyyy-mm-dd"

    trade = wb["服务贸易数据"]
    assert [trade.cell(r, 1).value for r in range(2, 14)] == list(range(1, 13))
    assert trade["C2"].number_format == "#,##0.00"
    measures = [r[0].value for r in wb["开放便利举措"].iter_rows(min_row=2) if r[0].value]
    assert measures == ["M1", "M2", "M3", "M5", "M6", "M7", "M8"]  # M4 (144 小时过境免签) is 广东 only

    instructions = [c.value for c in wb[INSTRUCTIONS_SHEET]["B"] if c.value]
    for column in region_spec(catalog).tables[0].columns:
        assert column.header in instructions


def test_template_reads_back_with_calamine(tmp_path, catalog):
    out = tmp_path / "sz.xlsx"
    ingest_main(["template", "--region", "shenzhen", "--period", "2020Q1", "--out", str(out)])
    raw = read_workbook(out)
    assert raw.sheets["基本信息"][0] == ["试点地区", "深圳"]
    assert [r[0] for r in raw.sheets["开放便利举措"][1:]][:8] == [f"M{i}" for i in range(1, 9)]


def test_docs_are_generated_from_the_spec(catalog):
    committed = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    assert committed == render_docs(make(catalog) for make in SPECS.values()), (
        "docs/templates.md is stale: run python -m ingest docs"
    )


def test_indicator_docs_are_generated_from_the_docstrings():
    from indicators.docs import render_docs

    committed = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert committed == render_docs(), "docs/indicators.md is stale: run python -m indicators docs"
    assert "score = 100 × Σ weight_i × normalised_i / Σ weight_i" in committed
