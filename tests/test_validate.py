"""Validation: each problem located as Excel shows it, in Chinese, and nothing loaded."""

import math
from datetime import date

from openpyxl import load_workbook

from ingest.loader import check_file, load_file

from .conftest import ROOT, VALID_CODE, filled_content, write_filled


def _edit(path, change):
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def test_three_known_mistakes_report_exactly_those_cells(tmp_path, catalog, warehouse):
    content = filled_content(catalog, "weihai", "2019Q4")
    content.tables["任务进展"][3]["status"] = "完成"  # row 5, column F
    content.tables["服务贸易数据"][2]["exports"] = -5  # category 3 → row 4, column C
    content.tables["重点联系企业名录"][0]["credit_code"] = "91350203M0001QAY9B"  # bad check digit → A2
    path = write_filled(catalog, tmp_path / "bad.xlsx", "weihai", "2019Q4", content)

    result = load_file(warehouse, path)
    assert result.status == "rejected"
    assert sorted(p.cell for p in result.errors) == ["任务进展!F5", "服务贸易数据!C4", "重点联系企业名录!A2"]
    by_cell = {p.cell: p for p in result.errors}
    assert (
        "未启动、推进中、已完成" in by_cell["任务进展!F5"].message and by_cell["任务进展!F5"].value == "完成"
    )
    assert "不能为负数" in by_cell["服务贸易数据!C4"].message
    assert "校验位" in by_cell["重点联系企业名录!A2"].message
    assert warehouse.cursor().execute("SELECT count(*) FROM submission").fetchone()[0] == 0
    assert warehouse.cursor().execute("SELECT count(*) FROM fact_trade").fetchone()[0] == 0


def test_completed_needs_a_date_within_the_quarter(tmp_path, catalog):
    content = filled_content(catalog, "nanjing", "2019Q2")
    content.tables["任务进展"][0].update(status="已完成")  # no date → G2
    content.tables["任务进展"][1].update(
        status="已完成", completed_date=date(2019, 7, 1)
    )  # after 2019-06-30 → G3
    content.tables["任务进展"][2].update(status="已完成", completed_date="2019年6月30日")  # fine
    content.tables["开放便利举措"][0].update(status="已落地")  # no 落地时间 → F2
    result = check_file(write_filled(catalog, tmp_path / "n.xlsx", "nanjing", "2019Q2", content))
    assert [(p.cell, p.code) for p in result.errors] == [
        ("任务进展!G2", "done_without_date"),
        ("任务进展!G3", "date_after_period"),
        ("开放便利举措!F2", "done_without_date"),
    ]
    assert "晚于报告期末 2019-06-30" in result.errors[1].message


def test_region_and_period_must_match_the_request(tmp_path, catalog):
    path = write_filled(catalog, tmp_path / "w.xlsx", "weihai", "2019Q4")
    result = check_file(path, expected_region="beijing", expected_period="2019Q3")
    assert [(p.cell, p.code) for p in result.errors] == [
        ("基本信息!B1", "region_mismatch"),
        ("基本信息!B2", "period_mismatch"),
    ]
    assert "威海" in result.errors[0].message and "北京" in result.errors[0].message


def test_required_cells_codes_dates_and_duplicates(tmp_path, catalog):
    content = filled_content(catalog, "chengdu", "2019Q1")
    content.form["contact"] = None  # B4
    content.form["filled_date"] = "上周五"  # B6
    content.tables["任务进展"][0]["measure"] = None  # D2
    content.tables["任务进展"][1]["planned_date"] = "明年"  # E3
    content.tables["任务进展"].append(dict(content.tables["任务进展"][4]))  # duplicate of row 6 → row 40
    content.tables["经验案例"] = [
        {"title": "案例", "area": "进一步扩大开放", "case_type": "制度创新", "practice": "做法"}
    ]  # B2
    content.tables["重点联系企业名录"][0]["nature"] = "合资"  # D2
    result = check_file(write_filled(catalog, tmp_path / "c.xlsx", "chengdu", "2019Q1", content))
    cells = [(p.cell, p.code) for p in result.errors]
    assert cells == [
        ("基本信息!B4", "required"),
        ("基本信息!B6", "bad_value"),
        ("任务进展!D2", "required"),
        ("任务进展!E3", "bad_value"),
        ("任务进展!A40", "duplicate_row"),
        ("经验案例!B2", "bad_value"),
        ("重点联系企业名录!D2", "bad_value"),
    ]
    assert "与第 6 行重复" in result.errors[4].message


def test_not_a_workbook(tmp_path, catalog):
    path = tmp_path / "x.xlsx"
    path.write_text("名称,金额\n甲,1\n", encoding="utf-8")
    result = check_file(path)
    assert result.status == "refused" and result.as_json()["status"] == "rejected"
    assert [(p.code, p.cell) for p in result.errors] == [("not_a_workbook", "文件")]
    assert "CSV" in result.errors[0].message


def test_a_deleted_optional_column_is_reported_not_a_crash(tmp_path, catalog):
    content = filled_content(catalog, "beijing", "2019Q4")
    content.tables["任务进展"][0].update(status="已完成", completed_date="2019-10-01")
    path = write_filled(catalog, tmp_path / "a.xlsx", "beijing", "2019Q4", content)
    result = check_file(_edit(path, lambda wb: wb["任务进展"].delete_cols(7)))  # 实际完成时间
    assert [(p.cell, p.code) for p in result.errors] == [("任务进展!1", "missing_column")]


def test_counts_beyond_32_bits_and_fractions_written_as_text(tmp_path, catalog, warehouse):
    content = filled_content(catalog, "beijing", "2019Q4")
    content.tables["开放便利举措"][0]["beneficiaries"] = 3_000_000_000  # H2
    content.tables["开放便利举措"][1]["beneficiaries"] = "3.001"  # H3
    result = load_file(warehouse, write_filled(catalog, tmp_path / "b.xlsx", "beijing", "2019Q4", content))
    assert [(p.cell, p.code) for p in result.errors] == [
        ("开放便利举措!H2", "bad_value"),
        ("开放便利举措!H3", "bad_value"),
    ]
    assert "数值过大" in result.errors[0].message and "应为整数" in result.errors[1].message
    assert warehouse.query_df("SELECT status FROM receipt")["status"].tolist() == ["rejected"]


def test_true_is_no_amount_and_nan_is_a_title(tmp_path, catalog):
    content = filled_content(catalog, "beijing", "2019Q4")
    content.tables["服务贸易数据"][0]["exports"] = True  # C2
    content.tables["经验案例"] = [
        {"title": "nan", "area": "进一步扩大对外开放", "case_type": "制度创新", "practice": "做法"}
    ]
    result = check_file(write_filled(catalog, tmp_path / "c.xlsx", "beijing", "2019Q4", content))
    assert [(p.cell, p.code) for p in result.errors] == [("服务贸易数据!C2", "bad_value")]


def test_pasted_credit_codes_with_odd_spaces(tmp_path, catalog):
    content = filled_content(catalog, "beijing", "2019Q4")
    content.tables["重点联系企业名录"] = [
        {
            "credit_code": f"\t{VALID_CODE[:9]}\u00a0{VALID_CODE[9:]}",
            "name": "甲",
            "main_category": "运输",
            "nature": "内资",
        },
        {
            "credit_code": "９１４４０１０１ＭＡ５ＣＪＱ４Ｎ５９　",
            "name": "乙",
            "main_category": "运输",
            "nature": "外资",
        },
    ]
    (result,) = [check_file(write_filled(catalog, tmp_path / "d.xlsx", "beijing", "2019Q4", content))]
    assert result.status == "accepted", [str(p) for p in result.errors]


def test_cells_are_named_where_the_column_really_is(tmp_path, catalog):
    content = filled_content(catalog, "nanjing", "2019Q2")
    content.tables["任务进展"][1].update(status="已完成", completed_date="2019-07-01")  # after the quarter
    path = write_filled(catalog, tmp_path / "e.xlsx", "nanjing", "2019Q2", content)

    def move(wb):
        ws = wb["任务进展"]
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row):  # swap 实际完成时间 (G) and 佐证材料 (I)
            row[6].value, row[8].value = row[8].value, row[6].value

    result = check_file(_edit(path, move))
    assert [(p.cell, p.code) for p in result.errors] == [("任务进展!I3", "date_after_period")]


def _strip_format(*cells):
    """Write each (sheet, cell, value) as a plain number, the cell's date format removed."""

    def change(wb):
        for sheet, cell, value in cells:
            wb[sheet][cell].value = value
            wb[sheet][cell].number_format = "General"

    return change


def test_an_absurd_amount_is_refused_naming_the_cell(tmp_path, catalog, warehouse):
    """Issue 10.3: 1e308 was stored as +Infinity (总览 'inf 亿元', scores printing Infinity)."""
    content = filled_content(catalog, "beijing", "2019Q4")
    content.tables["服务贸易数据"][0]["exports"] = 1e308  # C2
    content.tables["服务贸易数据"][1]["imports_prev"] = 10_000_000_000.01  # F3: just above 100 万亿元
    content.tables["服务贸易数据"][2]["exports"] = 10_000_000_000  # C4: at the ceiling, accepted
    content.tables["服务贸易数据"][3]["imports"] = "100,000,000,000"  # D5: text, read, then refused
    result = load_file(warehouse, write_filled(catalog, tmp_path / "b.xlsx", "beijing", "2019Q4", content))
    assert [(p.cell, p.code) for p in result.errors] == [
        ("服务贸易数据!C2", "bad_value"),
        ("服务贸易数据!F3", "bad_value"),
        ("服务贸易数据!D5", "bad_value"),
    ]
    assert result.errors[0].message == (
        "“出口额（万元）”的值“1e+308”超过合理上限 10,000,000,000 万元，请核对单位：本列金额以万元计"
    )
    assert result.errors[0].value == "1e+308"
    assert "“上年同期进口额（万元）”的值“10000000000.01”超过合理上限" in result.errors[1].message
    assert warehouse.query_df("SELECT count(*) AS n FROM fact_trade")["n"][0] == 0


def test_the_ceiling_is_read_from_the_configuration(tmp_path, catalog, warehouse, monkeypatch):
    config = tmp_path / "evaluation.toml"
    text = (ROOT / "reference" / "evaluation.toml").read_text(encoding="utf-8")
    config.write_text(
        text.replace("max_amount_cny = 10_000_000_000", "max_amount_cny = 1_000"), encoding="utf-8"
    )
    monkeypatch.setenv("PILOT_INDICATOR_CONFIG", str(config))
    path = write_filled(catalog, tmp_path / "b.xlsx", "beijing", "2019Q4")  # exports 100 … 1,200
    for result in (check_file(path), load_file(warehouse, path)):  # offline, and through the loader
        assert [p.cell for p in result.errors] == ["服务贸易数据!C12", "服务贸易数据!C13"]
        assert "超过合理上限 1,000 万元" in result.errors[0].message


def test_implausible_dates_are_refused_naming_the_cell(tmp_path, catalog, warehouse):
    """Issue 10.9: planned 9999-12-31, landed 1900-01-01, 填报日期 9999-12-31 and planned 0001-01-01 were
    accepted (北京 opening_days_to_land = -43280, on_time_rate = 1.0)."""
    content = filled_content(catalog, "beijing", "2019Q4")
    content.form["filled_date"] = date(9999, 12, 31)  # 基本信息!B6
    content.tables["任务进展"][0]["planned_date"] = date(9999, 12, 31)  # E2, a date cell
    content.tables["任务进展"][1]["planned_date"] = "0001-01-01"  # E3, text
    content.tables["开放便利举措"][0].update(status="已落地", landed_date=date(1900, 1, 1))  # F2
    content.tables["开放便利举措"][1].update(status="已落地", landed_date=date(2019, 11, 30))  # fine
    path = write_filled(catalog, tmp_path / "d.xlsx", "beijing", "2019Q4", content)
    _edit(path, _strip_format(("任务进展", "E4", 30000), ("任务进展", "E5", 43830)))  # serials: 1982, 2020

    result = load_file(warehouse, path)
    assert [(p.cell, p.code) for p in result.errors] == [
        ("基本信息!B6", "bad_value"),
        ("任务进展!E2", "bad_value"),
        ("任务进展!E3", "bad_value"),
        ("任务进展!E4", "bad_value"),
        ("开放便利举措!F2", "bad_value"),  # refused, and not also "必须填写落地时间"
    ]
    window = "不在合理的日期范围（2000-01-01 至 2030-12-31）内，请核对年份"
    messages = [p.message for p in result.errors]
    assert messages[0] == f"“填报日期”的值“9999-12-31”{window}"
    assert messages[1] == f"“计划完成时间”的值“9999-12-31”{window}"
    assert messages[2] == f"“计划完成时间”的值“0001-01-01”{window}"
    assert messages[3] == f"“计划完成时间”的值“30000”（即 1982-02-18）{window}"
    assert messages[4] == f"“落地时间”的值“1900-01-01”{window}"
    assert warehouse.query_df("SELECT count(*) AS n FROM submission")["n"][0] == 0


def test_numbers_in_forms_no_clerk_types_are_refused(tmp_path, catalog):
    """Issue 10: '1_000' and '５e３' were accepted as numbers (Python's float() reads them)."""
    content = filled_content(catalog, "beijing", "2019Q4")
    written = ["1_000", "５e３", "1e3", "inf", "1,23,4", "0x10", "1,234.56", "１２３４", " 12 "]
    for row, text in zip(content.tables["服务贸易数据"], written):
        row["exports"] = text
    content.tables["开放便利举措"][0]["beneficiaries"] = "1_0"  # H2
    result = check_file(write_filled(catalog, tmp_path / "n.xlsx", "beijing", "2019Q4", content))
    assert [(p.cell, p.code) for p in result.errors] == [("开放便利举措!H2", "bad_value")] + [
        (f"服务贸易数据!C{r}", "bad_value") for r in range(2, 8)
    ]
    assert (
        result.errors[1].message == "“出口额（万元）”的值“1_000”不是数字，请填写不小于 0 的数字（单位见列名）"
    )
    assert result.errors[2].value == "５e３"


def _replace_in_parts(path, marker: bytes, text: bytes) -> None:
    """Replace a marker inside the workbook's XML: how a text longer than 32,767 characters gets into a cell
    (openpyxl, like Excel, cuts it when writing; other programs do not, and calamine reads it whole)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename).replace(marker, text))
    path.write_bytes(out.getvalue())


def test_rounded_amounts_minus_zero_and_long_text_load_with_a_warning(tmp_path, catalog, warehouse):
    """Issue 10: more decimals than two were rounded silently, −0 was stored, 100k-character text was cut at
    32,767 in exports without notice."""
    content = filled_content(catalog, "beijing", "2019Q4")
    content.tables["服务贸易数据"][0]["exports"] = 1234.567  # C2 → 1234.57, a warning
    content.tables["服务贸易数据"][1]["imports"] = "45.678"  # D3, text → 45.68, a warning
    content.tables["服务贸易数据"][2]["exports"] = 0.1 + 0.2  # C4: 0.30000000000000004 is 0.3, no warning
    content.tables["服务贸易数据"][3]["exports"] = -0.0  # C5
    content.tables["服务贸易数据"][4]["imports"] = "-0"  # D6
    content.tables["开放便利举措"][0]["beneficiaries"] = -0.0  # H2
    path = write_filled(catalog, tmp_path / "r.xlsx", "beijing", "2019Q4", content)

    def mark(wb):
        wb["任务进展"]["H2"], wb["基本信息"]["B3"] = "LONG-NOTE", "LONG-FILLER"

    _edit(path, mark)
    _replace_in_parts(path, b"LONG-NOTE", "进展".encode() * 50_000)  # H2: 100,000 characters
    _replace_in_parts(path, b"LONG-FILLER", "某".encode() * 40_000)  # 基本信息!B3, 填报单位
    result = load_file(warehouse, path)
    assert result.status == "accepted", [str(p) for p in result.errors]
    assert [(p.cell, p.code) for p in result.warnings] == [
        ("基本信息!B3", "long_text"),
        ("任务进展!H2", "long_text"),
        ("服务贸易数据!C2", "rounded"),
        ("服务贸易数据!D3", "rounded"),
    ]
    long_filler, long, rounded, text_rounded = result.warnings
    assert long_filler.message.startswith("“填报单位”的内容有 40,000 个字符")
    assert long.message.startswith(
        "“进展情况说明”的内容有 100,000 个字符，超过 Excel 单元格能容纳的 32,767 个字符；数据照常导入，"
        "但导出的工作簿中该单元格将被截断。"
    )
    assert long.value == "进展" * 30 + "…"
    assert rounded.message == (
        "“出口额（万元）”的值“1234.567”超过两位小数，已四舍五入为 1,234.57 导入；如有误，请更正后重新上传。"
    )
    assert "已四舍五入为 45.68 导入" in text_rounded.message
    trade = warehouse.query_df("SELECT category_code, exports, imports FROM v_trade ORDER BY 1")
    assert trade["exports"][:3].tolist() == [1234.57, 200.0, 0.3]
    assert trade["imports"][1] == 45.68
    for zero in (trade["exports"][3], trade["imports"][4]):
        assert zero == 0 and math.copysign(1, zero) == 1.0  # stored as 0, not −0
    assert (
        warehouse.query_df("SELECT beneficiaries FROM v_measure_status ORDER BY row_no")["beneficiaries"][0]
        == 0
    )
    note = warehouse.query_df("SELECT length(progress_note) AS n FROM v_task_progress ORDER BY row_no")["n"][
        0
    ]
    assert note == 100_000  # kept whole in the warehouse
