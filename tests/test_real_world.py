"""Workbooks as offices really send them: altered templates, .xls, enterprise workbooks, warnings, refusals."""

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from base.settings import archive_dir
from ingest.archive import archive_path
from ingest.loader import check_bytes, check_file, load_bytes, load_file

from .conftest import ENTERPRISE_ROW as ROW
from .conftest import filled_content, write_enterprise, write_filled


def _edit(path, change):
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def test_messy_but_valid_region_workbook(tmp_path, catalog, warehouse):
    path = write_filled(catalog, tmp_path / "messy.xlsx", "weihai", "2019Q4")

    def mess(wb):
        form = wb["基本信息"]
        form["B1"], form["B2"] = "威海市", "2019年第四季度"
        trade = wb["服务贸易数据"]
        trade["C2"], trade["D2"], trade["C3"] = "1,234.50", "１２３", " 200 "  # text, 全角, spaces
        trade.insert_rows(5)  # an empty row in the middle of the table
        tasks = wb["任务进展"]
        for row in tasks.iter_rows(
            min_row=1, max_row=tasks.max_row
        ):  # swap 具体举措 (D) and 计划完成时间 (E)
            row[3].value, row[4].value = row[4].value, row[3].value
        tasks["J1"] = "备注"  # a column the template lacks
        tasks["J2"] = "自加的说明"
        tasks.insert_rows(3, amount=2)  # rows inserted between the pre-filled ones, left empty

    _edit(path, mess)
    result = load_file(warehouse, path)
    assert result.status == "accepted", [str(p) for p in result.errors]
    assert [(p.cell, p.code) for p in result.warnings] == [("任务进展!J1", "unknown_column")]
    trade = warehouse.query_df("SELECT category_code, exports, imports FROM v_trade ORDER BY 1")
    assert trade.iloc[0].tolist() == [1, 1234.5, 123.0]
    assert trade.iloc[1].tolist() == [2, 200.0, 50.0]
    assert len(trade) == 12
    tasks = warehouse.query_df("SELECT task_code, measure, planned_date FROM v_task_progress ORDER BY row_no")
    assert len(tasks) == 38 and tasks.iloc[0]["measure"] == "落实T1.2的措施"
    assert tasks.iloc[0]["planned_date"].date() == date(2019, 12, 31)


@pytest.mark.parametrize("written", ["2019Q4", "2019年第四季度", "2019年第4季度", "2019-Q4"])
def test_period_forms(tmp_path, catalog, written):
    path = _edit(
        write_filled(catalog, tmp_path / "p.xlsx", "nanjing", "2019Q4"),
        lambda wb: wb["基本信息"].__setitem__("B2", written),
    )
    result = check_file(path, expected_period="2019Q4")
    assert result.status == "accepted" and result.period == "2019Q4"


def test_xls_workbook(tmp_path, catalog, warehouse):
    xlwt = pytest.importorskip("xlwt")
    content = filled_content(catalog, "harbin", "2019Q2")
    content.tables["任务进展"][0].update(status="已完成", completed_date=date(2019, 5, 20))
    from ingest.spec import region_spec

    spec = region_spec(catalog, "harbin")
    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    form = book.add_sheet(spec.form.name)
    for i, f in enumerate(spec.form.fields):
        form.write(i, 0, f.header)
        value = content.form.get(f.key)
        form.write(i, 1, value, date_style) if isinstance(value, date) else form.write(i, 1, value)
    for table in spec.tables:
        ws = book.add_sheet(table.name)
        for j, c in enumerate(table.columns):
            ws.write(0, j, c.header)
        for i, row in enumerate(content.tables.get(table.name, []), start=1):
            for j, c in enumerate(table.columns):
                value = row.get(c.key)
                if isinstance(value, date):
                    ws.write(i, j, datetime(value.year, value.month, value.day), date_style)
                elif value is not None:
                    ws.write(i, j, value)
    buffer = io.BytesIO()
    book.save(buffer)
    result = load_bytes(warehouse, buffer.getvalue(), "哈尔滨_2019Q2.xls")
    assert result.status == "accepted", [str(p) for p in result.errors]
    assert warehouse.query_df("SELECT sum(exports) AS e FROM v_trade")["e"][0] == 7800.0
    done = warehouse.query_df("SELECT task_code, completed_date FROM v_task_progress WHERE status = '已完成'")
    assert done.values.tolist()[0][0] == "T1.2" and done.iloc[0]["completed_date"].date() == date(2019, 5, 20)


def test_missing_sheet_and_column(tmp_path, catalog):
    def damage(wb):
        del wb["经验案例"]

    result = check_file(_edit(write_filled(catalog, tmp_path / "a.xlsx", "suzhou", "2019Q4"), damage))
    assert [(p.cell, p.code) for p in result.errors] == [("经验案例", "missing_sheet")]
    assert f"模板版本 {catalog.template_version}" in result.errors[0].message

    def drop_column(wb):
        wb["服务贸易数据"].delete_cols(4)  # 进口额（万元）

    result = check_file(_edit(write_filled(catalog, tmp_path / "b.xlsx", "suzhou", "2019Q4"), drop_column))
    assert [(p.cell, p.code) for p in result.errors] == [("服务贸易数据!1", "missing_column")]
    assert "缺少“进口额（万元）”列" in result.errors[0].message


def test_enterprise_workbook_loads(tmp_path, catalog, warehouse):
    rows = [
        ROW,
        dict(ROW, partner="大韩民国", exports_usd="1,000"),
        dict(ROW, category_code=10, partner="中国香港"),
    ]
    result = load_file(warehouse, write_enterprise(catalog, tmp_path / "e.xlsx", "shenzhen", "2019Q4", rows))
    assert (result.status, result.kind, result.rows) == ("accepted", "enterprise", {"服务进出口": 3})
    assert result.totals == {"exports_usd": 1200.0, "imports_usd": 60.0}
    loaded = warehouse.query_df(
        "SELECT category_code, partner, exports_usd FROM v_enterprise_trade ORDER BY row_no"
    )
    assert loaded.values.tolist() == [[9, "USA", 100.0], [9, "KOR", 1000.0], [10, "HKG", 100.0]]


def test_enterprise_mistakes(tmp_path, catalog):
    rows = [
        ROW,
        dict(ROW, name="厦门某信息公司", category_code=10),  # same code, another name → B3
        dict(ROW),
        dict(ROW, partner="火星", category_code=11),
        dict(ROW, category_code=12, exports_usd=-1),
    ]
    result = check_file(write_enterprise(catalog, tmp_path / "e.xlsx", "shenzhen", "2019Q4", rows))
    assert [(p.cell, p.code) for p in result.errors] == [
        ("服务进出口!D5", "bad_value"),
        ("服务进出口!E6", "bad_value"),
        ("服务进出口!A4", "duplicate_row"),
        ("服务进出口!B3", "name_conflict"),
    ]
    assert "中国香港、美国、日本" in result.errors[0].message  # the allowed values, main partners first
    assert "与第 2 行重复" in result.errors[2].message


def test_enterprise_not_on_the_regions_list_is_a_warning(tmp_path, catalog, warehouse):
    load_file(
        warehouse, write_filled(catalog, tmp_path / "r.xlsx", "shenzhen", "2019Q3")
    )  # lists VALID_CODE only
    other = "91440101MA5CJQ4N59"
    rows = [ROW, dict(ROW, credit_code=other, name="广州某公司")]
    result = load_file(warehouse, write_enterprise(catalog, tmp_path / "e.xlsx", "shenzhen", "2019Q4", rows))
    assert result.status == "accepted"
    assert [(p.cell, p.code) for p in result.warnings] == [("服务进出口!A3", "not_listed")]
    assert "广州某公司（91440101MA5CJQ4N59）不在深圳报送的重点联系企业名录中" in result.warnings[0].message


def test_tenfold_and_revision_warnings(tmp_path, catalog, warehouse):
    load_file(
        warehouse,
        write_filled(
            catalog,
            tmp_path / "a.xlsx",
            "wuhan",
            "2018Q4",
            filled_content(catalog, "wuhan", "2018Q4", exports=80.0),
        ),
    )
    content = filled_content(catalog, "wuhan", "2019Q1")
    content.tables["服务贸易数据"][1]["exports"] = 1700.0  # category 2: 160 last quarter → more than 10×
    result = load_file(warehouse, write_filled(catalog, tmp_path / "b.xlsx", "wuhan", "2019Q1", content))
    assert [(p.cell, p.code) for p in result.warnings] == [("服务贸易数据!C3", "tenfold")]
    assert "是上季度（160.00 万元）的 11 倍" in result.warnings[0].message

    content = filled_content(catalog, "wuhan", "2019Q4")
    for row in content.tables["服务贸易数据"]:
        row["exports_prev"] = row["category_code"] * 80.0  # as held for 2018Q4
    content.tables["服务贸易数据"][0]["exports_prev"] = 81.0  # +1.25% against 80 → a revision
    result = load_file(warehouse, write_filled(catalog, tmp_path / "c.xlsx", "wuhan", "2019Q4", content))
    assert [(p.cell, p.code) for p in result.warnings] == [("服务贸易数据!E2", "revision")]
    assert result.status == "accepted"


def test_a_refused_file_is_archived_and_logged(tmp_path, catalog, warehouse):
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
    result = load_bytes(warehouse, pdf, "报表.xlsx", received_from="王伟")
    assert (
        result.status == "refused"
        and result.errors[0].code == "not_a_workbook"
        and "PDF" in result.errors[0].message
    )
    assert archive_path(archive_dir(warehouse.path), result.sha256, "报表.xlsx").read_bytes() == pdf
    assert warehouse.query_df(
        "SELECT status, file_name, received_from, errors FROM receipt"
    ).values.tolist() == [["refused", "报表.xlsx", "王伟", 1]]
    assert warehouse.query_df("SELECT count(*) AS n FROM submission")["n"][0] == 0


def test_check_needs_no_warehouse_for_an_enterprise_workbook(tmp_path, catalog):
    data = write_enterprise(catalog, tmp_path / "e.xlsx", "beijing", "2020Q1", [ROW]).read_bytes()
    result, checked = check_bytes(data, "e.xlsx")
    assert result.status == "accepted" and checked.tables["服务进出口"]["partner"].tolist() == ["USA"]


def _with_formula(data: bytes, sheet_xml: str, cell: str, formula: str, cached: str) -> bytes:
    """Put a formula with its cached value into a cell, as Excel saves it (openpyxl cannot write cached values)."""
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == sheet_xml:
                body, n = re.subn(
                    rf'<c r="{cell}"([^>]*)>.*?</c>'.encode(),
                    f'<c r="{cell}"\\1><f>{formula}</f><v>{cached}</v></c>'.encode(),
                    body,
                )
                assert n == 1
            dst.writestr(info, body)
    return out.getvalue()


def test_formulas_are_read_as_their_values_and_text_stays_text(tmp_path, catalog, warehouse):
    content = filled_content(catalog, "tianjin", "2019Q4")
    content.tables["任务进展"][0]["measure"] = '=HYPERLINK("http://example.com","点击")'
    path = write_filled(catalog, tmp_path / "f.xlsx", "tianjin", "2019Q4", content)
    wb = load_workbook(path)
    index = wb.sheetnames.index("服务贸易数据") + 1
    data = _with_formula(path.read_bytes(), f"xl/worksheets/sheet{index}.xml", "C2", "SUM(40,2)", "42")
    result = load_bytes(warehouse, data, "f.xlsx")
    assert result.status == "accepted", [str(p) for p in result.errors]
    assert (
        warehouse.query_df("SELECT exports FROM v_trade WHERE category_code = 1")["exports"][0] == 42.0
    )  # the cached value
    assert (
        warehouse.query_df("SELECT measure FROM v_task_progress WHERE row_no = 2")["measure"][0]
        == '=HYPERLINK("http://example.com","点击")'
    )


def test_the_marked_workbook_of_an_earlier_rejection(tmp_path, catalog, warehouse):
    from ingest.receipts import ReceiptNotFound, marked_workbook

    content = filled_content(catalog, "guangzhou", "2019Q1")
    content.tables["服务贸易数据"][5]["imports"] = "n/a"  # D7
    load_file(warehouse, write_filled(catalog, tmp_path / "广州.xlsx", "guangzhou", "2019Q1", content))
    (receipt_id,) = warehouse.cursor().execute("SELECT id FROM receipt WHERE status = 'rejected'").fetchone()
    name, data = marked_workbook(warehouse, receipt_id)
    wb = load_workbook(io.BytesIO(data))
    assert name == "问题标注_广州.xlsx" and wb.sheetnames[0] == "错误清单"
    assert "不是数字" in wb["服务贸易数据"]["D7"].comment.text
    with pytest.raises(ReceiptNotFound):
        marked_workbook(warehouse, 999)


def test_an_enterprise_amount_beyond_its_ceiling_in_usd(tmp_path, catalog, warehouse):
    rows = [
        dict(ROW, exports_usd=10_000_000),  # 1,000 亿美元: at the ceiling, accepted
        dict(ROW, category_code=10, exports_usd=1e308),  # E3
        dict(ROW, category_code=11, imports_usd="12,000,000"),  # F4
        dict(ROW, category_code=12, imports_usd=12.345),  # F5: rounded, a warning
    ]
    result = load_file(warehouse, write_enterprise(catalog, tmp_path / "e.xlsx", "shenzhen", "2019Q4", rows))
    assert [(p.cell, p.code) for p in result.errors] == [
        ("服务进出口!E3", "bad_value"),
        ("服务进出口!F4", "bad_value"),
    ]
    assert result.errors[0].message == (
        "“出口额（万美元）”的值“1e+308”超过合理上限 10,000,000 万美元，请核对单位：本列金额以万美元计"
    )
    assert [(p.cell, p.code) for p in result.warnings] == [("服务进出口!F5", "rounded")]
    assert warehouse.query_df("SELECT count(*) AS n FROM fact_enterprise_trade")["n"][0] == 0
