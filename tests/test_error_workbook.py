"""The error workbook: the clerk's own file with problems painted and listed on a first sheet 错误清单."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from datetime import date
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.comments import Comment

import ingest.error_workbook as ew
from base.excel import OLE2_MAGIC, is_formula_like, safe_text
from ingest.error_workbook import (
    ERROR_FILL,
    FIRST_DATA_ROW,
    HEADER_ROW,
    LIST_SHEET,
    WARNING_FILL,
    error_workbook,
)
from ingest.loader import check_bytes
from ingest.problems import Problem

from .conftest import filled_content, write_filled

RED, YELLOW = "FFC7CE", "FFEB9C"
ERROR_CELLS = ["任务进展!F5", "服务贸易数据!C4", "重点联系企业名录!A2"]
# each error's message as the list and the comment give it: after what its row is about
ERROR_DETAILS = [
    "任务 T2.1 在试点地区分阶段推出开放便利举措："
    "“进展状态”的值“完成”不是允许的值，请从下拉列表中选择：未启动、推进中、已完成",
    "服务类别 3 运输：“出口额（万元）”的值“-5”不能为负数，请填写不小于 0 的数字（单位见列名）",
    "厦门某信息技术有限公司：“统一社会信用代码”的值“91350203M0001QAY9B”不是有效的统一社会信用代码："
    "校验位不符（第 18 位应为 9），请核对是否抄错。",
]
HEADERS = ["序号", "类别", "工作表", "单元格", "填写的值", "问题及修改方法"]
UNKNOWN_COLUMN = Problem(
    "任务进展", 1, "J", "unknown_column", "第 J 列“备注”不是模板中的列，将被忽略。", "备注"
)


@pytest.fixture(scope="module")
def bad(tmp_path_factory, catalog):
    """(bytes, errors) of a real workbook with three known mistakes, checked by the real validator."""
    content = filled_content(catalog, "weihai", "2019Q4")
    content.tables["任务进展"][3]["status"] = "完成"  # F5
    content.tables["服务贸易数据"][2]["exports"] = -5  # C4
    content.tables["重点联系企业名录"][0]["credit_code"] = "91350203M0001QAY9B"  # A2
    path = write_filled(catalog, tmp_path_factory.mktemp("ew") / "bad.xlsx", "weihai", "2019Q4", content)
    data = path.read_bytes()
    result, _ = check_bytes(data, "bad.xlsx")
    assert [p.cell for p in result.errors] == ERROR_CELLS
    return data, result.errors


@pytest.fixture(scope="module")
def annotated(bad):
    data, errors = bad
    return error_workbook(data, errors, [UNKNOWN_COLUMN])


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _rgb(cell) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    return str(fill.fgColor.rgb)[-6:].upper()


def _painted(wb, colour: str) -> set[str]:
    return {
        f"{ws.title}!{c.coordinate}"
        for ws in wb.worksheets
        if ws.title != LIST_SHEET
        for row in ws.iter_rows()
        for c in row
        if _rgb(c) == colour
    }


def _list_rows(wb) -> list[tuple]:
    ws = wb[LIST_SHEET]
    return [
        tuple("" if v is None else v for v in row)
        for row in ws.iter_rows(min_row=FIRST_DATA_ROW, max_col=6, values_only=True)
    ]


def _sheet_xml(data: bytes, name: str) -> str:
    """The XML of the worksheet called `name`, found through workbook.xml and its relationships."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        rid = next(
            s.get(f"{{{ns['r']}}}id") for s in book.iterfind("m:sheets/m:sheet", ns) if s.get("name") == name
        )
        target = next(r.get("Target") for r in rels.iterfind("p:Relationship", ns) if r.get("Id") == rid)
        path = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        )
        return z.read(path).decode("utf-8")


def test_list_sheet_comes_first_and_the_original_sheets_follow_in_order(bad, annotated):
    original, result = _open(bad[0]), _open(annotated)
    assert result.sheetnames == [LIST_SHEET] + original.sheetnames
    assert result.active.title == LIST_SHEET
    assert [ws.sheet_view.tabSelected for ws in result.worksheets][:2] == [True, False]
    for ws in original.worksheets:  # same visibility, protection and values
        copy = result[ws.title]
        assert copy.sheet_state == ws.sheet_state
        assert copy.protection.sheet == ws.protection.sheet
        size = dict(
            max_row=ws.max_row, max_col=ws.max_column
        )  # the J1 warning adds a cell beyond the original's
        assert list(copy.iter_rows(values_only=True, **size)) == list(ws.iter_rows(values_only=True, **size))


def test_workbook_structure_protection_is_removed_sheet_protection_kept(bad, annotated):
    assert _open(bad[0]).security.lockStructure
    result = _open(annotated)
    assert result.security is None or not result.security.lockStructure
    assert result["任务进展"].protection.sheet and result["服务贸易数据"].protection.sheet


def test_exactly_the_error_cells_are_red_with_their_message(bad, annotated):
    _, errors = bad
    wb = _open(annotated)
    assert _painted(wb, RED) == set(ERROR_CELLS)
    for p, detail in zip(errors, ERROR_DETAILS):
        cell = wb[p.sheet][f"{p.column}{p.row}"]
        assert cell.comment is not None and cell.comment.text == f"【错误】{detail}"
        assert cell.comment.author == "试点监测平台"
    ws = wb["任务进展"]
    for neighbour in ("E5", "G5", "F4", "F6"):
        assert _rgb(ws[neighbour]) != RED and ws[neighbour].comment is None
    assert wb["任务进展"]["F5"].value == "完成"  # values untouched


def test_fill_colours():
    assert ERROR_FILL.fill_type == WARNING_FILL.fill_type == "solid"
    assert ERROR_FILL.fgColor.rgb.endswith(RED) and WARNING_FILL.fgColor.rgb.endswith(YELLOW)


def test_warning_cell_is_yellow(annotated):
    wb = _open(annotated)
    assert _painted(wb, YELLOW) == {"任务进展!J1"}
    assert UNKNOWN_COLUMN.message in wb["任务进展"]["J1"].comment.text


def test_list_sheet_rows_are_the_problems_in_order(bad, annotated):
    _, errors = bad
    wb = _open(annotated)
    ws = wb[LIST_SHEET]
    assert ws.cell(1, 1).value.startswith("共 3 个错误、1 个提示。请按下表逐项修改后重新上传。")
    assert [c.value for c in ws[HEADER_ROW]] == HEADERS
    assert all(c.font.b for c in ws[HEADER_ROW])
    assert ws.freeze_panes == f"A{FIRST_DATA_ROW}"
    assert all(ws.column_dimensions[col].width >= 6 for col in "ABCDEF")
    assert ws.column_dimensions["F"].width >= 40
    assert ws.cell(FIRST_DATA_ROW, 6).alignment.wrap_text
    expected = [
        (1, "错误", "任务进展", "F5", "完成", ERROR_DETAILS[0]),
        (
            2,
            "错误",
            "服务贸易数据",
            "C4",
            "'-5",
            ERROR_DETAILS[1],
        ),  # "-5" starts with "-": quoted like a formula
        (3, "错误", "重点联系企业名录", "A2", "91350203M0001QAY9B", ERROR_DETAILS[2]),
        (4, "提示", "任务进展", "J1", "备注", UNKNOWN_COLUMN.message),  # the header row names no subject
    ]
    assert _list_rows(wb) == expected
    assert _rgb(ws.cell(FIRST_DATA_ROW, 2)) == RED and _rgb(ws.cell(FIRST_DATA_ROW + 3, 2)) == YELLOW


FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "@SUM(A1)",
    "-2+3",
    "  =1+1",
    "\t=cmd|' /C calc'!A0",
    "\r=1",
    "＝1+1",
]


def test_formula_like_text_in_the_list_is_neutralised(bad):
    data, _ = bad
    problems = [
        Problem("任务进展", 2 + i, "D", "bad_value", f"第 {i} 个", value) for i, value in enumerate(FORMULAS)
    ]
    problems.append(Problem("任务进展", 20, "D", "bad_value", "=1+2 开头的说明", "正常的值"))
    problems.append(Problem("=SUM(1)", None, None, "unknown_sheet", "多余的工作表"))
    out = error_workbook(data, problems, [])

    xml = _sheet_xml(out, LIST_SHEET)
    assert "<f>" not in xml and "<f " not in xml and not re.search(r"<f\b", xml)
    ws = _open(out)[LIST_SHEET]
    for i, value in enumerate(FORMULAS):
        cell = ws.cell(FIRST_DATA_ROW + i, 5)
        assert cell.data_type == "s" and cell.value == "'" + value
        assert not cell.value.lstrip().startswith(("=", "+", "-", "@"))
    message = ws.cell(FIRST_DATA_ROW + len(FORMULAS), 6)
    assert message.data_type == "s" and message.value == "'=1+2 开头的说明"
    assert ws.cell(FIRST_DATA_ROW + len(FORMULAS), 5).value == "正常的值"  # ordinary text is left alone
    assert ws.cell(FIRST_DATA_ROW + len(FORMULAS) + 1, 3).value == "'=SUM(1)"


def test_neutralising_rules():
    for text in FORMULAS + ["=", "@", " -x", "\u3000=1"]:
        assert is_formula_like(text), text
        assert safe_text(text).startswith("'")
    for text in ["完成", "91350203M0001QAY9B", "1-2", "a=b", "", "'=already quoted"]:
        assert not is_formula_like(text), text
        assert safe_text(text) == text
    assert safe_text("a\x00b\x07c") == "abc"  # characters an .xlsx cannot hold


def test_problems_without_a_cell_are_listed_not_painted(bad):
    data, errors = bad
    others = [
        Problem("任务进展", None, None, "task_missing", "整张表的问题"),
        Problem("服务贸易数据", None, "A", "missing_category", "缺少类别"),
        Problem("任务进展", 1, None, "missing_column", "缺少一列"),
        Problem("不存在的表", 3, "B", "missing_sheet", "没有这张表"),
        Problem("工作簿", None, None, "unknown_kind", "整个工作簿的问题"),
    ]
    wb = _open(error_workbook(data, errors + others, []))
    assert _painted(wb, RED) == set(ERROR_CELLS)
    assert _painted(wb, YELLOW) == set()
    assert "不存在的表" not in wb.sheetnames
    rows = _list_rows(wb)[len(errors) :]
    assert [(r[2], r[3], r[5]) for r in rows] == [
        ("任务进展", "", "整张表的问题"),
        ("服务贸易数据", "A 列", "缺少类别"),
        ("任务进展", "第 1 行", "缺少一列"),
        ("不存在的表", "B3", "没有这张表"),
        ("工作簿", "", "整个工作簿的问题"),
    ]


def test_existing_comment_is_kept_and_an_error_outranks_a_warning(bad):
    data, _ = bad
    help_text = _open(data)["基本信息"]["A1"].comment.text
    errors = [Problem("基本信息", 1, "A", "bad_value", "错误说明")]
    warnings = [Problem("基本信息", 1, "A", "unknown_column", "提示说明")]
    cell = _open(error_workbook(data, errors, warnings))["基本信息"]["A1"]
    assert _rgb(cell) == RED
    assert (
        cell.comment.text.startswith(help_text)
        and "错误说明" in cell.comment.text
        and "提示说明" in cell.comment.text
    )


def test_merged_cell_is_marked_on_its_top_left_and_hidden_sheet_is_shown():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表一"
    ws.merge_cells("B2:C3")
    ws["B2"] = "合并"
    wb.create_sheet("隐藏").sheet_state = "hidden"
    ws["D4"].comment = Comment("原有批注", "某人")
    buffer = io.BytesIO()
    wb.save(buffer)
    problems = [
        Problem("表一", 3, "C", "bad_value", "合并单元格里的错"),
        Problem("隐藏", 1, "A", "bad_value", "隐藏表里的错"),
    ]
    out = _open(error_workbook(buffer.getvalue(), problems, []))
    assert _rgb(out["表一"]["B2"]) == RED and "合并单元格里的错" in out["表一"]["B2"].comment.text
    assert out["隐藏"].sheet_state == "visible" and _rgb(out["隐藏"]["A1"]) == RED
    assert out["表一"]["D4"].comment.text == "原有批注"


def test_an_error_workbook_uploaded_again_gets_one_fresh_list(bad, annotated):
    data, errors = bad
    again = _open(error_workbook(annotated, errors[:1], []))
    assert again.sheetnames == [LIST_SHEET] + _open(data).sheetnames
    assert again[LIST_SHEET].cell(1, 1).value.startswith("共 1 个错误、0 个提示")


def test_no_problems_gives_an_empty_list():
    wb = openpyxl.Workbook()
    buffer = io.BytesIO()
    wb.save(buffer)
    out = _open(error_workbook(buffer.getvalue(), [], []))
    assert out.sheetnames == [LIST_SHEET, "Sheet"]
    assert _list_rows(out) == []


def test_fallback_rebuilds_from_calamine_values_when_openpyxl_fails(bad, monkeypatch):
    data, errors = bad

    def refuse(*args, **kwargs):
        raise ValueError("openpyxl cannot read this")

    monkeypatch.setattr(ew, "load_workbook", refuse)
    out = _open(error_workbook(data, errors, [UNKNOWN_COLUMN]))
    original = openpyxl.load_workbook(io.BytesIO(data))
    assert out.sheetnames == [LIST_SHEET] + original.sheetnames
    assert out["代码表"].sheet_state == "hidden"
    assert out["任务进展"]["F5"].value == "完成" and out["服务贸易数据"]["C4"].value == -5
    assert out["任务进展"]["A1"].value == original["任务进展"]["A1"].value
    assert _painted(out, RED) == set(ERROR_CELLS)
    assert _painted(out, YELLOW) == {"任务进展!J1"}
    assert [r[3] for r in _list_rows(out)] == ["F5", "C4", "A2", "J1"]


def test_a_real_xls_is_rebuilt_and_annotated(monkeypatch):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    first = book.add_sheet("任务进展")
    for col, header in enumerate(["任务编号", "进展状态", "备注"]):
        first.write(0, col, header)
    first.write(1, 0, "T1")
    first.write(1, 1, "完成")
    first.write(1, 2, "=1+1")  # text that looks like a formula
    first.write(2, 0, "T2")
    first.write(2, 1, 3.5)
    first.write(2, 2, date(2019, 6, 30), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    book.add_sheet("服务贸易数据").write(3, 2, -5)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    assert data[:8] == OLE2_MAGIC

    def must_not_be_called(*args, **kwargs):
        raise AssertionError("an .xls goes straight to calamine")

    monkeypatch.setattr(ew, "load_workbook", must_not_be_called)
    errors = [
        Problem("任务进展", 2, "B", "bad_value", "状态不对", "完成"),
        Problem("服务贸易数据", 4, "C", "bad_value", "不能为负数", "-5"),
    ]
    out = error_workbook(data, errors, [])
    wb = _open(out)
    assert wb.sheetnames == [LIST_SHEET, "任务进展", "服务贸易数据"]
    ws = wb["任务进展"]
    assert [c.value for c in ws[1]] == ["任务编号", "进展状态", "备注"]
    assert ws["B2"].value == "完成" and ws["B3"].value == 3.5
    assert ws["C2"].value == "=1+1" and ws["C2"].data_type == "s"  # still text, not a formula
    assert not re.search(r"<f\b", _sheet_xml(out, "任务进展"))
    assert ws["C3"].value.date() == date(2019, 6, 30)
    assert _painted(wb, RED) == {"任务进展!B2", "服务贸易数据!C4"}
    assert "状态不对" in ws["B2"].comment.text
    assert [r[3] for r in _list_rows(wb)] == ["B2", "C4"]


def test_unreadable_file_gives_only_the_list():
    problem = Problem("工作簿", None, None, "unreadable", "无法打开该文件")
    wb = _open(error_workbook(b"not a workbook at all", [problem], []))
    assert wb.sheetnames == [LIST_SHEET]
    assert _list_rows(wb) == [(1, "错误", "工作簿", "", "", "无法打开该文件")]


CMD, LINK, ARRAY = "=cmd|' /C calc'!A0", '=HYPERLINK("http://example.com","点击")', "=SUM(1,2)"


def _sheet_xmls(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {
            n: z.read(n).decode("utf-8")
            for n in z.namelist()
            if n.startswith("xl/worksheets/") and n.endswith(".xml")
        }


def test_live_formulas_of_the_upload_come_back_as_neutralised_text(tmp_path, catalog, warehouse):
    """Issue 10.4: the marked workbook carried the upload's live formulas, from the upload page and from the
    history download."""
    from openpyxl.worksheet.formula import ArrayFormula

    from ingest.loader import load_bytes
    from ingest.receipts import marked_workbook

    path = write_filled(catalog, tmp_path / "天津.xlsx", "tianjin", "2019Q4")
    wb = openpyxl.load_workbook(path)
    ws = wb["任务进展"]
    ws["D2"] = CMD  # 具体举措: a formula without a saved value is read as empty → 未填写
    ws["H3"] = LINK  # 进展情况说明
    ws["I4"] = ArrayFormula("I4", ARRAY)  # 佐证材料
    wb.save(path)
    data = path.read_bytes()
    assert re.search(r"<f\b", _sheet_xml(data, "任务进展"))  # real formulas in the upload

    result, _ = check_bytes(data, path.name)
    assert [(p.cell, p.code) for p in result.errors] == [("任务进展!D2", "required")]
    from_upload = error_workbook(data, result.errors, result.warnings)  # the upload page's download
    load_bytes(warehouse, data, path.name)
    (receipt_id,) = warehouse.cursor().execute("SELECT id FROM receipt").fetchone()
    _, from_history = marked_workbook(warehouse, receipt_id)  # the submission history's download

    for out in (from_upload, from_history):
        for name, xml in _sheet_xmls(out).items():
            assert not re.search(r"<f\b", xml), name
        ws = _open(out)["任务进展"]
        for cell, formula in (("D2", CMD), ("H3", LINK), ("I4", ARRAY)):
            assert ws[cell].value == "'" + formula and ws[cell].data_type == "s", cell
        assert _rgb(ws["D2"]) == RED and "未填写" in ws["D2"].comment.text
        assert ws["D3"].value == _open(data)["任务进展"]["D3"].value  # other cells untouched
