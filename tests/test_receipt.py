"""The 回执 of an accepted submission: XLSX and PDF, one printable page, its figures those the warehouse holds."""

import hashlib
import io
import os
import shutil
import subprocess
from datetime import datetime

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

import ingest.__main__
from ingest import receipt_document
from ingest.loader import load_bytes, load_file
from ingest.receipt_document import (
    ReceiptFontMissing,
    SubmissionNotFound,
    pdf_unavailable,
    receipt,
    receipt_pdf,
    receipt_xlsx,
)

from .conftest import ROOT, write_filled

SAMPLES = ROOT / "sample_data"
# 武汉 2019Q3 as sample_data/manifest.csv has it: the first with transport in 元, corrected two days later
WUHAN_FIRST = ("region/wuhan_2019Q3_v1.xlsx", datetime(2019, 10, 2, 12, 45))
WUHAN_CORRECTED = ("region/wuhan_2019Q3.xlsx", datetime(2019, 10, 4, 12, 45))


def read_xlsx(data: bytes) -> tuple[dict, dict, dict, object]:
    """(fields by label, rows by sheet, amounts by their header, the worksheet) of an XLSX receipt."""
    ws = load_workbook(io.BytesIO(data)).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[:2] == ["工作表", "导入行数"])
    fields = {r[0]: r[1] for r in rows[3:header] if r[0] and r[1] is not None}
    sheets, amounts, sheet = {}, {}, None
    for r in rows[header + 1 :]:
        if r[0] is None and r[2] is None:
            break
        if r[0] is not None:
            sheet = r[0]
            sheets[sheet] = r[1]
        if r[2] is not None:
            amounts[r[2]] = r[3]
    return fields, sheets, amounts, ws


def pdf_text(data: bytes, tmp_path, tool: str = "pdftotext", layout: bool = True) -> str:
    """The text of a PDF as poppler reads it (`layout`: in its columns), or with "pdffonts" its fonts."""
    if shutil.which(tool) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no {tool}: test.sh must install poppler-utils")
        pytest.skip(f"no {tool} (poppler-utils) to read the PDF back")
    path = tmp_path / "receipt.pdf"
    path.write_bytes(data)
    args = (
        [tool, *(["-layout"] if layout else []), str(path), "-"] if tool == "pdftotext" else [tool, str(path)]
    )
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def ocr_page(data: bytes, tmp_path) -> str:
    """What tesseract (chi_sim) reads on the PDF's page drawn at 150 dpi by pdftoppm."""
    tools = shutil.which("pdftoppm") and shutil.which("tesseract")
    langs = (
        subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
        if tools
        else []
    )
    if "chi_sim" not in langs:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no pdftoppm or tesseract chi_sim: .ci/run must install them")
        pytest.skip("no pdftoppm or tesseract with chi_sim to read the printed page")
    (tmp_path / "page.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(tmp_path / "page.pdf"), str(tmp_path / "page")],
        check=True,
    )
    return subprocess.run(
        ["tesseract", str(tmp_path / "page.png"), "-", "-l", "chi_sim"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def needs_font():
    if pdf_unavailable():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no Noto Sans CJK: .ci/run must apt-get install fonts-noto-cjk")
        pytest.skip(pdf_unavailable())


@pytest.fixture
def wuhan(warehouse):
    """武汉 2019Q3 as the sample data has it: sent on 10-02 with transport in 元, corrected on 10-04."""
    return [
        load_file(warehouse, SAMPLES / name, received_at=at, received_from="周霞")
        for name, at in (WUHAN_FIRST, WUHAN_CORRECTED)
    ]


def test_xlsx_receipt_states_the_submission(tmp_path, catalog, warehouse):
    """A workbook whose figures are known: 38 task rows, the region's opening measures, 12 categories with exports
    c × 100 (7,800 万元) and imports 50 each (600 万元), one key enterprise; sent by 王芳."""
    path = write_filled(catalog, tmp_path / "威海_2019Q4.xlsx", "weihai", "2019Q4")
    result = load_file(warehouse, path, received_from="王芳", received_at=datetime(2020, 1, 8, 9, 30))
    assert result.status == "accepted"

    name, data = receipt_xlsx(warehouse, result.submission_id)
    assert name == f"报送回执_威海_2019Q4_提交{result.submission_id}.xlsx"
    fields, sheets, amounts, ws = read_xlsx(data)
    assert ws["A1"].value == "报送回执"
    assert fields["提交编号"] == result.submission_id
    assert fields["试点地区"] == "威海"
    assert fields["报告期"] == "2019年第四季度（2019Q4）"
    assert fields["报表类型"] == "试点地区季度报表"
    assert fields["填报单位"] == "某市商务局"
    assert fields["联系人"] == "王伟（010-88886666）"
    assert fields["文件名"] == "威海_2019Q4.xlsx"
    assert fields["文件大小"] == f"{path.stat().st_size:,} 字节"
    assert fields["文件校验码（SHA-256）"] == hashlib.sha256(path.read_bytes()).hexdigest() == result.sha256
    assert fields["收到时间"] == "2020-01-08 09:30:00（补录的历史报送，按实际收到时间登记）"
    assert fields["报送人"] == "王芳"
    assert fields["替代的提交"] == "无（此前没有已接收的同期报送）"
    assert fields["数据状态"] == "有效，为当前采用的数据"
    measures = len(catalog.measures_for("weihai"))
    assert sheets == {
        "任务进展": 38,
        "开放便利举措": measures,
        "服务贸易数据": 12,
        "经验案例": 0,
        "重点联系企业名录": 1,
    }
    assert sheets == result.rows
    assert amounts == {"出口额（万元）": 7800.0, "进口额（万元）": 600.0}
    assert (result.totals["exports"], result.totals["imports"]) == (7800.0, 600.0)
    amount_cell = next(c for c in ws["D"] if c.value == 7800.0)
    assert amount_cell.number_format == "#,##0.00"

    # printable: one A4 page (paper size 9), portrait, everything in the print area, the tables boxed
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
    assert ws.print_area == f"'回执'!$A$1:$D${ws.max_row}"
    label = next(c for c in ws["A"] if c.value == "文件校验码（SHA-256）")
    assert label.border.left.style == "thin" and ws.cell(label.row, 4).border.right.style == "thin"


def test_receipts_of_a_sample_resubmission(wuhan, warehouse):
    """The sample data's 武汉 2019Q3: the corrected workbook's receipt names the one it replaced, and the first one's
    receipt, downloaded later, keeps its own figures and says it has been replaced."""
    first, second = wuhan
    assert (first.status, second.status, second.supersedes) == ("accepted", "accepted", first.submission_id)
    assert first.totals["exports"] != second.totals["exports"]  # transport in 元 in the first

    fields, sheets, amounts, _ = read_xlsx(receipt_xlsx(warehouse, second.submission_id)[1])
    assert fields["提交编号"] == second.submission_id
    assert fields["替代的提交"] == (
        f"提交编号 {first.submission_id}（wuhan_2019Q3_v1.xlsx，2019-10-02 12:45:00 收到），原数据保留备查"
    )
    assert fields["数据状态"] == "有效，为当前采用的数据"
    assert fields["文件校验码（SHA-256）"] == second.sha256
    assert fields["报送人"] == "周霞"
    assert sheets == second.rows
    assert amounts == {"出口额（万元）": second.totals["exports"], "进口额（万元）": second.totals["imports"]}

    fields, sheets, amounts, _ = read_xlsx(receipt_xlsx(warehouse, first.submission_id)[1])
    assert fields["数据状态"] == f"已被提交编号 {second.submission_id} 替代，原数据保留备查"
    assert fields["替代的提交"] == "无（此前没有已接收的同期报送）"
    assert fields["文件校验码（SHA-256）"] == first.sha256
    assert sheets == first.rows
    assert amounts == {"出口额（万元）": first.totals["exports"], "进口额（万元）": first.totals["imports"]}


def test_enterprise_receipt_has_its_amounts_in_dollars(warehouse):
    result = load_file(warehouse, SAMPLES / "enterprise/hangzhou_2019Q3.xlsx", received_from="李芳")
    assert result.status == "accepted" and result.kind == "enterprise"
    r = receipt(warehouse, result.submission_id)
    assert r.rows == result.rows and r.totals == result.totals
    fields, sheets, amounts, _ = read_xlsx(receipt_xlsx(warehouse, result.submission_id)[1])
    assert fields["报表类型"] == "重点联系企业服务贸易直报表"
    assert fields["试点地区"] == "杭州"
    assert sheets == result.rows and list(sheets) == ["服务进出口"]
    assert amounts == {
        "出口额（万美元）": result.totals["exports_usd"],
        "进口额（万美元）": result.totals["imports_usd"],
    }


def test_pdf_receipt_is_one_page_in_chinese_with_its_font(wuhan, warehouse, tmp_path):
    needs_font()
    first, second = wuhan
    name, data = receipt_pdf(warehouse, second.submission_id)
    assert name == f"报送回执_武汉_2019Q3_提交{second.submission_id}.pdf"
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    assert text.count("\f") == 1  # one page
    assert "报送回执" in text and "武汉" in text and "2019年第三季度" in text
    words = " ".join(text.split())
    assert f"提交编号 {second.submission_id} 试点地区 武汉" in words
    assert second.sha256 in words
    assert f"提交编号 {first.submission_id}（wuhan_2019Q3_v1.xlsx" in words
    assert f"{second.totals['exports']:,.2f}" in words and f"任务进展 {second.rows['任务进展']}" in words
    fonts = pdf_text(data, tmp_path, "pdffonts")
    assert "NotoSansCJKSC" in fonts and " yes yes yes " in fonts  # embedded, subset, with its Unicode map
    # the text layer could be right over empty boxes: read the printed page back by OCR
    seen = "".join(ocr_page(data, tmp_path).split())
    for words in ("报送回执", "试点地区武汉", "2019年第三季度", "试点地区季度报表", "数据状态有效"):
        assert words in seen, seen


def test_the_longest_file_name_still_fits_one_page(tmp_path, catalog, warehouse):
    """A file name of 255 characters, the most an upload may have, wraps within its cell."""
    needs_font()
    data = write_filled(catalog, tmp_path / "sz.xlsx", "shenzhen", "2019Q4").read_bytes()
    name = ("深圳市前海深港现代服务业合作区管理局报送第四季度试点工作进展情况及数据的报表修改稿" * 7)[
        :250
    ] + ".xlsx"
    result = load_bytes(warehouse, data, name)
    assert result.status == "accepted" and len(name) == 255
    text = pdf_text(receipt_pdf(warehouse, result.submission_id)[1], tmp_path, layout=False)
    assert text.count("\f") == 1
    assert name in "".join(text.split()).replace(
        "文件名", ""
    )  # whole, over its lines (its label read among them)
    fields, _, _, ws = read_xlsx(receipt_xlsx(warehouse, result.submission_id)[1])
    assert fields["文件名"] == name
    row = next(c.row for c in ws["A"] if c.value == "文件名")
    assert ws.row_dimensions[row].height >= 15 * 8  # room for its eight lines


def test_an_unknown_submission_is_said_in_chinese(warehouse, wuhan):
    for make in (receipt_xlsx, receipt_pdf, receipt):
        with pytest.raises(SubmissionNotFound, match="^没有提交编号为 999 的已接收报送，无法生成回执。$"):
            make(warehouse, 999)


def test_without_the_chinese_font_the_pdf_says_what_to_install(monkeypatch, wuhan, warehouse):
    monkeypatch.setattr(
        receipt_document, "FONT_FAMILY", "不存在的字体"
    )  # neither Debian's file nor fontconfig has it
    receipt_document._font.cache_clear()
    try:
        assert "fonts-noto-cjk" in pdf_unavailable() and "XLSX 回执" in pdf_unavailable()
        with pytest.raises(ReceiptFontMissing, match="^无法生成 PDF 回执：本机没有中文字体 Noto Sans CJK"):
            receipt_pdf(warehouse, wuhan[1].submission_id)
        assert read_xlsx(receipt_xlsx(warehouse, wuhan[1].submission_id)[1])[0]["试点地区"] == "武汉"
    finally:
        receipt_document._font.cache_clear()


def test_cli_writes_the_receipt(wuhan, warehouse, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PILOT_WAREHOUSE", str(warehouse.path))
    sid = wuhan[1].submission_id
    warehouse.close()  # the command opens the file itself
    out = tmp_path / "回执.xlsx"
    assert ingest.__main__.main(["receipt", str(sid), "--out", str(out)]) == 0
    assert f"已写入 {out}" in capsys.readouterr().out
    assert read_xlsx(out.read_bytes())[0]["提交编号"] == sid
    assert ingest.__main__.main(["receipt", "999", "--out", str(out)]) == 2
    assert "错误：没有提交编号为 999 的已接收报送" in capsys.readouterr().err
    assert ingest.__main__.main(["receipt", str(sid), "--out", str(tmp_path / "回执.docx")]) == 2
    assert "--out 的扩展名须为 .xlsx 或 .pdf" in capsys.readouterr().err
    if pdf_unavailable() is None:
        assert ingest.__main__.main(["receipt", str(sid), "--out", str(tmp_path / "回执.pdf")]) == 0
        assert (tmp_path / "回执.pdf").read_bytes().startswith(b"%PDF-")


def _buttons(path: str, submission_id: int, region: str = "wuhan") -> None:
    import streamlit as st

    from accounts import REGION, Refused, User
    from ui.receipt_download import receipt_buttons
    from warehouse import Warehouse

    clerk = User(region, f"{region}填报员", REGION, region)
    with Warehouse(path) as wh:  # closed with the script: no connection left to the interpreter's exit
        try:
            receipt_buttons(wh, submission_id, "receipt", clerk, region)
        except Refused as refusal:
            st.error(str(refusal))


def test_ui_buttons(wuhan, warehouse):
    path, sid = str(warehouse.path), wuhan[1].submission_id
    warehouse.close()
    at = AppTest.from_function(_buttons, args=(path, sid)).run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["下载回执（XLSX）"] + (["下载回执（PDF）"] if pdf_unavailable() is None else [])
    # another region's clerk gets a refusal, whichever number they ask for
    at = AppTest.from_function(_buttons, args=(path, sid, "beijing")).run()
    assert not at.exception and not at.get("download_button")
    assert at.error[0].value == "您的账号（beijing填报员（地区填报员））无权下载这份报送的回执。"
    at = AppTest.from_function(_buttons, args=(path, 999)).run()
    assert not at.exception and not at.get("download_button")
    assert at.error[0].value == "您的账号（wuhan填报员（地区填报员））无权下载这份报送的回执。"
