"""Cases a review found: each was a crash, a wrong cell or a wrong number before."""
import json
import subprocess
import sys

import pandas as pd
from openpyxl import load_workbook

from indicators.composite import normalise
from ingest.loader import check_file, load_file

from .conftest import ROOT, VALID_CODE, filled_content, write_filled


def _edit(path, change):
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    return path


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
    assert [(p.cell, p.code) for p in result.errors] == [("开放便利举措!H2", "bad_value"), ("开放便利举措!H3", "bad_value")]
    assert "数值过大" in result.errors[0].message and "应为整数" in result.errors[1].message
    assert warehouse.query_df("SELECT status FROM receipt")["status"].tolist() == ["rejected"]


def test_true_is_no_amount_and_nan_is_a_title(tmp_path, catalog):
    content = filled_content(catalog, "beijing", "2019Q4")
    content.tables["服务贸易数据"][0]["exports"] = True  # C2
    content.tables["经验案例"] = [{"title": "nan", "area": "进一步扩大对外开放", "case_type": "制度创新", "practice": "做法"}]
    result = check_file(write_filled(catalog, tmp_path / "c.xlsx", "beijing", "2019Q4", content))
    assert [(p.cell, p.code) for p in result.errors] == [("服务贸易数据!C2", "bad_value")]


def test_pasted_credit_codes_with_odd_spaces(tmp_path, catalog):
    content = filled_content(catalog, "beijing", "2019Q4")
    content.tables["重点联系企业名录"] = [
        {"credit_code": f"\t{VALID_CODE[:9]}\u00a0{VALID_CODE[9:]}", "name": "甲", "main_category": "运输", "nature": "内资"},
        {"credit_code": "９１４４０１０１ＭＡ５ＣＪＱ４Ｎ５９　", "name": "乙", "main_category": "运输", "nature": "外资"},
    ]
    result, = [check_file(write_filled(catalog, tmp_path / "d.xlsx", "beijing", "2019Q4", content))]
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


def test_nobody_scores_for_having_nothing():
    assert normalise(pd.Series([0, 0, 0], dtype="Float64"), "minmax").tolist() == [0.0, 0.0, 0.0]
    assert normalise(pd.Series([0.6, 0.6, None], dtype="Float64"), "minmax").tolist() == [1.0, 1.0, 0.0]


def test_a_refused_file_exits_1(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("地区,金额\n北京,1\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "ingest", "check", str(fake), "--json"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1 and json.loads(out.stdout)["status"] == "rejected"


def test_a_rejection_is_logged_under_the_region_the_uploader_chose(tmp_path, catalog, warehouse):
    load_file(warehouse, write_filled(catalog, tmp_path / "f.xlsx", "weihai", "2019Q4"), expected_region="tianjin")
    assert warehouse.query_df("SELECT region_code, status FROM receipt").values.tolist() == [["tianjin", "rejected"]]
