"""The 回执 of an accepted submission: one printable A4 page, as XLSX (openpyxl) or PDF (fpdf2).

Built from what the warehouse holds for the submission — its row in `submission`, the receipt that logged the file,
and the rows and amounts its fact tables hold — never from the upload's in-memory result, so the receipt given
right after an upload and the one downloaded later from the submission history are the same document (its
数据状态 says whether a later upload has replaced the submission since).

The PDF embeds (a subset of) Noto Sans CJK SC from the system's fonts-noto-cjk; without it `receipt_pdf` raises
ReceiptFontMissing saying so in Chinese, and the XLSX receipt still works.
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTLibError
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from accounts import sender_label
from base.excel import clean_text, safe_text
from warehouse import submissions

from .spec import KIND_LABELS, SPECS

TITLE = "报送回执"
PLATFORM = "深化服务贸易创新发展试点 · 试点监测平台"
ROWS_LABEL = "导入行数"
XLSX_SHEET = "回执"
NOTHING_REPLACED = "无（此前没有已接收的同期报送）"
FONT_FAMILY = "Noto Sans CJK SC"  # the face of the fonts-noto-cjk collections the PDF embeds
# where Debian's fonts-noto-cjk puts it; elsewhere fontconfig is asked
FONT_FILE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NO_FONT = (
    "无法生成 PDF 回执：本机没有中文字体 Noto Sans CJK（Debian 软件包 fonts-noto-cjk）。"
    "请管理员以 root 身份执行 apt-get install -y fonts-noto-cjk；在此之前请下载 XLSX 回执。"
)


class SubmissionNotFound(LookupError):
    """No accepted submission has this number; the message says so in Chinese."""


class ReceiptFontMissing(RuntimeError):
    """The Chinese font the PDF receipt embeds is not installed; the message says what to install."""


@dataclass(frozen=True)
class SheetFigures:
    """What one sheet of the workbook put into the warehouse: its rows and its totalled amounts."""

    sheet: str
    rows: int
    totals: tuple[tuple[str, str, float], ...]  # (column key, Chinese header with its unit, amount)


@dataclass(frozen=True)
class Receipt:
    """The receipt's content, in print order; `fields` are (label, value) pairs, every word Chinese."""

    submission_id: int
    region: str
    period: str
    sha256: str
    fields: tuple[tuple[str, str], ...]
    sheets: tuple[SheetFigures, ...]
    notes: tuple[str, ...]

    @property
    def rows(self) -> dict[str, int]:
        """Rows per sheet, as LoadResult.rows gives them."""
        return {s.sheet: s.rows for s in self.sheets}

    @property
    def totals(self) -> dict[str, float]:
        """Amounts by column key, as LoadResult.totals gives them."""
        return {key: amount for s in self.sheets for key, _, amount in s.totals}

    def file_name(self, suffix: str) -> str:
        """The name to offer for the download, e.g. 报送回执_北京_2019Q4_提交12.pdf."""
        return f"{TITLE}_{self.region}_{self.period}_提交{self.submission_id}.{suffix}"


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M:%S}" if value else "—"


def _or_dash(value) -> str:
    text = clean_text(value).strip()
    return text or "—"


def receipt(wh, submission_id: int) -> Receipt:
    """The receipt of submission `submission_id` as the warehouse holds it now; SubmissionNotFound if none."""
    s = submissions.submission_receipt(wh, int(submission_id))
    if s is None:
        raise SubmissionNotFound(f"没有提交编号为 {submission_id} 的已接收报送，无法生成回执。")
    received = _when(s["received_at"]) + ("（补录的历史报送，按实际收到时间登记）" if s["backfilled"] else "")
    contact = _or_dash(s["contact"]) + (f"（{clean_text(s['phone'])}）" if s["phone"] else "")
    checked = "通过" + (f"，另有 {s['warnings']} 条提示（不影响导入）" if s["warnings"] else "")
    if s["supersedes"]:
        replaced = (
            f"提交编号 {s['supersedes']}（{_or_dash(s['supersedes_file_name'])}，"
            f"{_when(s['supersedes_received_at'])} 收到），原数据保留备查"
        )
    else:
        replaced = NOTHING_REPLACED
    if s["status"] == "accepted":
        state = "有效，为当前采用的数据"
    elif s["current_id"]:
        state = f"已被提交编号 {s['current_id']} 替代，原数据保留备查"
    else:
        state = "已被替代，原数据保留备查"
    fields = (
        ("提交编号", str(s["id"])),
        ("试点地区", _or_dash(s["region"] or s["region_code"])),
        ("报告期", f"{s['period_label'] or s['period']}（{s['period']}）"),
        ("报表类型", KIND_LABELS.get(s["kind"], s["kind"])),
        ("填报单位", _or_dash(s["unit"] or s["filler"])),
        ("联系人", contact),
        ("文件名", _or_dash(s["file_name"])),
        ("文件大小", f"{s['size_bytes']:,} 字节" if s["size_bytes"] is not None else "—"),
        ("文件校验码（SHA-256）", s["sha256"]),
        ("收到时间", received),
        ("报送人", _or_dash(sender_label(s["received_from"]))),
        ("检查结果", checked),
        ("替代的提交", replaced),
        ("数据状态", state),
    )
    sheets = []
    for table in SPECS[s["kind"]].tables:
        amounts = [c for c in table.columns if c.total]
        rows, sums = submissions.submission_sheet_figures(
            wh, s["id"], table.fact_table, tuple(c.key for c in amounts)
        )
        sheets.append(
            SheetFigures(table.name, rows, tuple((c.key, c.header, sums[c.key]) for c in amounts if sums))
        )
    notes = (
        "本回执由试点监测平台根据数据仓库中该次提交的记录生成，所列行数和合计金额为已导入的数据。",
        "文件校验码由所报送文件的全部内容计算得出，可用于核对平台存档文件与报送原件是否一致。",
        f"回执生成时间：{datetime.now():%Y-%m-%d %H:%M:%S}",
    )
    return Receipt(
        s["id"],
        _or_dash(s["region"] or s["region_code"]),
        s["period"],
        s["sha256"],
        fields,
        tuple(sheets),
        notes,
    )


# --- XLSX ---------------------------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LABEL_FILL = PatternFill("solid", fgColor="EDF2F7")
_WRAP = Alignment(wrap_text=True, vertical="center")
_WIDTHS = {"A": 24, "B": 14, "C": 24, "D": 30}


# what the merged value cell B:D holds per line, in Excel's units
_VALUE_WIDTH = sum(_WIDTHS[c] for c in "BCD") - 2
_LINE_HEIGHT = 15  # points per line of 11-point text


def _lines(text: str, width: int) -> int:
    """The lines `text` takes in a cell `width` units wide (a Chinese character is two units)."""
    units = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return max(1, math.ceil(units / width))


def _boxed(ws: Worksheet, cells: str) -> None:
    for row in ws[cells]:
        for cell in row:
            cell.border = _BORDER


def xlsx_bytes(r: Receipt) -> bytes:
    """The receipt as a one-sheet workbook set up to print on one A4 page, portrait."""
    wb = Workbook()
    ws = wb.active
    ws.title = XLSX_SHEET
    ws.sheet_view.showGridLines = False
    for column, width in _WIDTHS.items():
        ws.column_dimensions[column].width = width
    ws.append([TITLE])
    ws.merge_cells("A1:D1")
    ws["A1"].font, ws["A1"].alignment = Font(bold=True, size=18), Alignment(horizontal="center")
    ws.row_dimensions[1].height = 30
    ws.append([PLATFORM])
    ws.merge_cells("A2:D2")
    ws["A2"].font, ws["A2"].alignment = Font(size=10, color="595959"), Alignment(horizontal="center")
    ws.append([])
    for label, value in r.fields:
        ws.append([label, safe_text(value)])
        row = ws.max_row
        ws.merge_cells(f"B{row}:D{row}")
        ws[f"A{row}"].font, ws[f"A{row}"].fill = Font(bold=True), _LABEL_FILL
        ws[f"A{row}"].alignment = ws[f"B{row}"].alignment = _WRAP
        if label == "提交编号":
            ws[f"B{row}"].value, ws[f"B{row}"].font = r.submission_id, Font(bold=True, size=12)
            ws[f"B{row}"].alignment = Alignment(horizontal="left", vertical="center")
        lines = _lines(value, _VALUE_WIDTH)
        if lines > 1:  # a long file name or note wraps: room for every line
            ws.row_dimensions[row].height = _LINE_HEIGHT * lines
        _boxed(ws, f"A{row}:D{row}")
    ws.append([])
    ws.append(["导入内容"])
    ws[f"A{ws.max_row}"].font = Font(bold=True, size=12)
    ws.append(["工作表", ROWS_LABEL, "合计项目", "合计金额"])
    header = ws.max_row
    for cell in ws[header]:
        cell.font, cell.fill, cell.alignment = Font(bold=True), _LABEL_FILL, Alignment(horizontal="center")
    for sheet in r.sheets:
        first = ws.max_row + 1
        for _, label, amount in sheet.totals or ((None, None, None),):
            ws.append([sheet.sheet, sheet.rows, label, amount])
            ws.cell(ws.max_row, 4).number_format = "#,##0.00"
        if ws.max_row > first:  # a sheet with two amounts: its name and rows once
            ws.merge_cells(f"A{first}:A{ws.max_row}")
            ws.merge_cells(f"B{first}:B{ws.max_row}")
        ws[f"A{first}"].alignment = _WRAP
        ws[f"B{first}"].alignment = Alignment(horizontal="right", vertical="center")
    _boxed(ws, f"A{header}:D{ws.max_row}")
    ws.append([])
    for note in r.notes:
        ws.append([note])
        ws.merge_cells(f"A{ws.max_row}:D{ws.max_row}")
        ws[f"A{ws.max_row}"].font = Font(size=9, color="595959")
        ws[f"A{ws.max_row}"].alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[ws.max_row].height = 13 * _lines(note, sum(_WIDTHS.values()) * 10 // 9)  # 9-point
    ws.print_area = f"A1:D{ws.max_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.oddFooter.center.text = f"{PLATFORM} · 提交编号 {r.submission_id}"
    wb.properties.title = f"{TITLE} 提交编号 {r.submission_id}"
    wb.properties.creator = "试点监测平台"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def receipt_xlsx(wh, submission_id: int) -> tuple[str, bytes]:
    """(file name to offer, XLSX bytes) of a submission's receipt; SubmissionNotFound if there is none."""
    r = receipt(wh, submission_id)
    return r.file_name("xlsx"), xlsx_bytes(r)


# --- PDF ---------------------------------------------------------------------------------------------------------
# One face only, the regular: each face added costs fpdf2 about half a second of parsing and subsetting the CJK
# font; the title stands out by its size and a stroked outline, the labels by their shading.


def _fontconfig() -> tuple[Path, int] | None:
    """The file and face index of Noto Sans CJK SC Regular as fontconfig knows it, if it does."""
    if shutil.which("fc-list") is None:
        return None
    try:
        out = subprocess.run(
            ["fc-list", f"{FONT_FAMILY}:style=Regular", "file", "index"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in sorted(out.splitlines()):
        path, _, index = line.partition(":")
        index = index.strip().removeprefix("index=")
        if Path(path).suffix.lower() in (".ttc", ".otc", ".otf", ".ttf") and index.isdigit():
            return Path(path), int(index)
    return None


def _face_index(path: Path) -> int | None:
    """The index of Noto Sans CJK SC in a font collection file (.ttc), None if it is not there."""
    try:
        with TTCollection(path, lazy=True) as collection:
            names = [font["name"].getDebugName(1) for font in collection.fonts]
    except (OSError, KeyError, TTLibError):
        return None
    return names.index(FONT_FAMILY) if FONT_FAMILY in names else None


@lru_cache(maxsize=1)
def _font() -> tuple[Path, int]:
    """Debian's Noto Sans CJK SC, else fontconfig's; ReceiptFontMissing when neither has it (not cached)."""
    index = _face_index(FONT_FILE) if FONT_FILE.is_file() else None
    if index is not None:
        return FONT_FILE, index
    found = _fontconfig()
    if found is None:
        raise ReceiptFontMissing(NO_FONT)
    return found


def pdf_unavailable() -> str | None:
    """Why a PDF receipt cannot be made here, in Chinese; None when it can."""
    try:
        _font()
    except ReceiptFontMissing as exc:
        return str(exc)
    return None


_GREY = (89, 89, 89)
_SHADE = FontFace(fill_color=(237, 242, 247))


def _draw(r: Receipt, scale: float) -> FPDF:
    """The receipt on A4 with every size × `scale`; it runs onto a second page if its values are too long."""
    path, index = _font()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("cjk", fname=str(path), collection_font_number=index)
    pdf.set_title(f"{TITLE} 提交编号 {r.submission_id}")
    pdf.set_creator("试点监测平台")
    pdf.set_lang("zh-CN")
    pdf.add_page()
    pdf.set_font("cjk", size=20 * scale)
    pdf.set_line_width(0.25)
    with pdf.local_context(text_mode="FILL_STROKE"):  # a heavier title without a second face
        pdf.cell(0, 12 * scale, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(size=9 * scale)
    pdf.set_text_color(*_GREY)
    pdf.cell(0, 6 * scale, PLATFORM, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.set_line_width(0.2)
    pdf.ln(4 * scale)
    pdf.set_font(size=10 * scale)
    hash_style = FontFace(size_pt=9 * scale)  # 64 hex digits on one line
    with pdf.table(
        col_widths=(45, 125),
        text_align="LEFT",
        first_row_as_headings=False,
        line_height=6 * scale,
        padding=(1.5 * scale, 2),
        v_align="MIDDLE",
    ) as table:
        for label, value in r.fields:
            row = table.row()
            row.cell(label, style=_SHADE)
            row.cell(clean_text(value), style=hash_style if value == r.sha256 else None)
    pdf.ln(6 * scale)
    pdf.set_font(size=12 * scale)
    pdf.cell(0, 8 * scale, "导入内容", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(size=10 * scale)
    with pdf.table(
        col_widths=(45, 30, 55, 40),
        text_align=("LEFT", "RIGHT", "LEFT", "RIGHT"),
        line_height=6 * scale,
        padding=(1.5 * scale, 2),
        v_align="MIDDLE",
        headings_style=_SHADE,
    ) as table:
        table.row(["工作表", ROWS_LABEL, "合计项目", "合计金额"])
        for sheet in r.sheets:
            totals = sheet.totals or ((None, "", None),)
            for i, (_, label, amount) in enumerate(totals):
                row = table.row()
                if i == 0:
                    row.cell(sheet.sheet, rowspan=len(totals))
                    row.cell(f"{sheet.rows:,}", rowspan=len(totals))
                row.cell(label)
                row.cell("" if amount is None else f"{amount:,.2f}")
    pdf.ln(6 * scale)
    pdf.set_font(size=8.5 * scale)
    pdf.set_text_color(*_GREY)
    for note in r.notes:
        pdf.multi_cell(0, 5 * scale, note, new_x="LMARGIN", new_y="NEXT")
    return pdf


PDF_SCALES = (1.0, 0.85, 0.7, 0.55)  # tried in turn until the receipt fits one page (a very long file name)


def pdf_bytes(r: Receipt) -> bytes:
    """The receipt as a one-page A4 PDF, portrait, with its Chinese font embedded (the subset it uses)."""
    for scale in PDF_SCALES:
        pdf = _draw(r, scale)
        if pdf.pages_count == 1:
            break
    return bytes(pdf.output())


def receipt_pdf(wh, submission_id: int) -> tuple[str, bytes]:
    """(file name to offer, PDF bytes) of a submission's receipt; SubmissionNotFound if there is none,
    ReceiptFontMissing if the Chinese font is not installed."""
    r = receipt(wh, submission_id)
    return r.file_name("pdf"), pdf_bytes(r)
