"""Validation: each problem located as Excel shows it, in Chinese, and nothing loaded."""

from datetime import date

from openpyxl import load_workbook

from ingest.loader import check_file, load_file

from .conftest import VALID_CODE, filled_content, write_filled


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
