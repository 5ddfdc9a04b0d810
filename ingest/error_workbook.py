"""Hand a rejected workbook back to the clerk with every problem marked on it.

The clerk's own workbook comes back with each cell named by an error red and by a warning yellow, the
message in the cell's comment, and a first sheet 错误清单 listing every problem; a message on a data row
starts with what that row is about (Problem.detail). Text we write is neutralised (base.excel.safe_text),
and so is every formula of the upload: a formula cell comes back as its text with a leading '
(=cmd|' /C calc'!A0 → '=cmd|' /C calc'!A0), a string, so the workbook we hand out computes nothing and
links nowhere; external links are dropped. A workbook openpyxl cannot open
(.xls, .xlsb, …) is rebuilt as a plain .xlsx from calamine's values, so the clerk still gets every sheet back.
"""

from __future__ import annotations

import io
import logging
import warnings as _warnings
from collections.abc import Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

from base.excel import OLE2_MAGIC, clean_text, safe_text

from .problems import Problem

log = logging.getLogger(__name__)

ERROR_FILL = PatternFill(fill_type="solid", fgColor="FFC7CE", bgColor="FFC7CE")
WARNING_FILL = PatternFill(fill_type="solid", fgColor="FFEB9C", bgColor="FFEB9C")
LIST_SHEET = "错误清单"
AUTHOR = "试点监测平台"

TITLE_ROW, LEGEND_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3, 4
LIST_HEADERS = ("序号", "类别", "工作表", "单元格", "填写的值", "问题及修改方法")
LIST_WIDTHS = (6, 7, 18, 10, 28, 70)
ERROR_LABEL, WARNING_LABEL = "错误", "提示"

MAX_ROW, MAX_COLUMN = 1_048_576, 16_384

_HEADER_FILL = PatternFill(fill_type="solid", fgColor="DDEBF7", bgColor="DDEBF7")
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def error_workbook(data: bytes, errors: list[Problem], warnings: list[Problem]) -> bytes:
    """The clerk's workbook with errors red, warnings yellow and a first sheet 错误清单; .xlsx bytes."""
    errors, warnings = list(errors), list(warnings)
    wb = _open_with_openpyxl(data)
    if wb is not None:
        try:
            _annotate(wb, errors, warnings)
            return _save(wb)
        except Exception:  # a workbook openpyxl loads but cannot write back
            log.warning(
                "openpyxl could not annotate the workbook; rebuilding it from its values", exc_info=True
            )
    wb = _rebuild_with_calamine(data)
    _annotate(wb, errors, warnings)
    return _save(wb)


def _write_text(ws: Worksheet, row: int, column: int, value):
    cell = ws.cell(row, column)
    cell.value = safe_text(value)
    cell.data_type = "s"  # never a formula, whatever the text
    return cell


# --- opening the original --------------------------------------------------------------------------------------


def _open_with_openpyxl(data: bytes) -> Workbook | None:
    if data[:8] == OLE2_MAGIC:  # .xls (BIFF) or an encrypted .xlsx: openpyxl reads neither
        return None
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")  # e.g. "Data Validation extension is not supported"
            return load_workbook(io.BytesIO(data), keep_links=False)  # no external links in what we hand out
    except Exception:
        log.info("openpyxl cannot open the workbook; rebuilding it from its values", exc_info=True)
        return None


def _rebuild_with_calamine(data: bytes) -> Workbook:
    """A plain .xlsx with the same sheets and values; only the list sheet if calamine cannot read it either."""
    import python_calamine

    wb = Workbook()
    wb.remove(wb.active)
    try:
        source = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:
        log.info("calamine cannot open the workbook either", exc_info=True)
        return wb
    try:
        hidden = _hidden_sheets(source)
        for name in source.sheet_names:
            try:
                rows = source.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception:
                log.info("calamine cannot read sheet %r", name, exc_info=True)
                rows = []
            try:
                ws = wb.create_sheet(name)
            except Exception:  # a name openpyxl refuses; keep the sheet under a stand-in name
                ws = wb.create_sheet(f"Sheet{len(wb.worksheets) + 1}")
            _fill_values(ws, rows)
            if name in hidden:
                ws.sheet_state = hidden[name]
    finally:
        source.close()
    if wb.worksheets and all(ws.sheet_state != "visible" for ws in wb.worksheets):
        wb.worksheets[0].sheet_state = "visible"
    return wb


def _hidden_sheets(source) -> dict[str, str]:
    import python_calamine

    states = [
        (python_calamine.SheetVisibleEnum.Hidden, "hidden"),
        (python_calamine.SheetVisibleEnum.VeryHidden, "veryHidden"),
    ]
    hidden = {}
    try:
        for meta in source.sheets_metadata:  # the enum is not hashable: compare, don't look up
            for visible, state in states:
                if meta.visible == visible:
                    hidden[meta.name] = state
    except Exception:
        return {}
    return hidden


def _fill_values(ws: Worksheet, rows: list[list]) -> None:
    widths: dict[int, int] = {}
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(r, c)
            if isinstance(value, str):
                cell.value = clean_text(value)
                cell.data_type = "s"  # the original held text, not a formula
            else:
                cell.value = value
            widths[c] = max(widths.get(c, 0), len(str(value)))
    for c, n in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = min(60, max(9, n * 1.6 + 2))


# --- annotating ------------------------------------------------------------------------------------------------


def _annotate(wb: Workbook, errors: list[Problem], warnings: list[Problem]) -> None:
    if LIST_SHEET in wb.sheetnames:  # a returned error workbook uploaded again: its old list is stale
        wb.remove(wb[LIST_SHEET])
    wb.security = None
    _neutralise_formulas(wb)
    marks: dict[tuple[str, int, int], list[tuple[str, str]]] = {}
    for label, problems in ((ERROR_LABEL, errors), (WARNING_LABEL, warnings)):
        for p in problems:
            place = _place(wb, p)
            if place is not None:
                marks.setdefault(place, []).append((label, p.detail))
    for (sheet, row, column), notes in marks.items():
        _paint(wb[sheet], row, column, notes)
    _list_sheet(wb, errors, warnings)


def _neutralise_formulas(wb: Workbook) -> None:
    """Every formula cell as its formula's text, neutralised and stored as a string (no <f> is written)."""
    for ws in wb.worksheets:
        # the cells the sheet holds; iter_rows would create every empty cell within its dimensions
        for cell in list(ws._cells.values()):
            if cell.data_type == "f":
                value = cell.value
                text = value.text if isinstance(value, ArrayFormula) else value
                cell.value = safe_text(text if isinstance(text, str) else "")  # a data table keeps no text
                cell.data_type = "s"


def _place(wb: Workbook, p: Problem) -> tuple[str, int, int] | None:
    """(sheet, row, column index) of the cell a problem names, or None when it names no cell of this workbook."""
    if p.row is None or not p.column or p.sheet not in wb.sheetnames:
        return None
    if not isinstance(wb[p.sheet], Worksheet):  # a chart sheet has no cells
        return None
    try:
        row, column = int(p.row), column_index_from_string(str(p.column).strip().upper())
    except (TypeError, ValueError):
        return None
    if not (1 <= row <= MAX_ROW and 1 <= column <= MAX_COLUMN):
        return None
    return p.sheet, row, column


def _paint(ws: Worksheet, row: int, column: int, notes: list[tuple[str, str]]) -> None:
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            row, column = merged.min_row, merged.min_col
            break
    cell = ws.cell(row, column)
    cell.fill = ERROR_FILL if any(label == ERROR_LABEL for label, _ in notes) else WARNING_FILL
    text = "\n".join(f"【{label}】{message}" for label, message in notes)
    if cell.comment is not None and cell.comment.text:
        text = f"{cell.comment.text.rstrip()}\n\n{text}"
    text = clean_text(text)
    cell.comment = Comment(text, AUTHOR, *_comment_size(text))
    if ws.sheet_state != "visible":
        ws.sheet_state = "visible"


def _comment_size(text: str) -> tuple[int, int]:
    """(height, width) in points, large enough to show the text without scrolling."""
    per_line = 20  # CJK characters per line at the width below
    lines = sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))
    return min(600, 18 + 15 * lines), 260


# --- the list sheet --------------------------------------------------------------------------------------------


def _title(n_errors: int, n_warnings: int) -> str:
    if not n_errors and not n_warnings:
        return "共 0 个错误、0 个提示。未发现问题。"
    if not n_errors:
        return f"共 0 个错误、{n_warnings} 个提示。提示不影响上传，请核对后确认无误。"
    return f"共 {n_errors} 个错误、{n_warnings} 个提示。请按下表逐项修改后重新上传。"


def _list_rows(errors: Iterable[Problem], warnings: Iterable[Problem]):
    n = 0
    for label, problems in ((ERROR_LABEL, errors), (WARNING_LABEL, warnings)):
        for p in problems:
            n += 1
            yield n, label, p


def _list_sheet(wb: Workbook, errors: list[Problem], warnings: list[Problem]) -> Worksheet:
    ws = wb.create_sheet(LIST_SHEET, 0)
    last_col = get_column_letter(len(LIST_HEADERS))

    title = ws.cell(TITLE_ROW, 1, _title(len(errors), len(warnings)))
    title.font = Font(bold=True, size=14, color="9C0006" if errors else "000000")
    title.alignment = Alignment(vertical="center", wrap_text=True)
    ws.merge_cells(f"A{TITLE_ROW}:{last_col}{TITLE_ROW}")
    ws.row_dimensions[TITLE_ROW].height = 28
    legend = ws.cell(
        LEGEND_ROW,
        1,
        "原工作表中，红色单元格为错误，必须修改；黄色单元格为提示，请核对。"
        "鼠标移到单元格上可查看说明。修改后请上传原工作簿（本表可删除）。",
    )
    legend.font = Font(size=10, color="595959")
    legend.alignment = Alignment(vertical="center", wrap_text=True)
    ws.merge_cells(f"A{LEGEND_ROW}:{last_col}{LEGEND_ROW}")
    ws.row_dimensions[LEGEND_ROW].height = 30

    for col, (header, width) in enumerate(zip(LIST_HEADERS, LIST_WIDTHS), start=1):
        cell = ws.cell(HEADER_ROW, col, header)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width

    row = HEADER_ROW
    for row, (n, label, p) in enumerate(_list_rows(errors, warnings), start=FIRST_DATA_ROW):
        cells = [ws.cell(row, 1, n)]
        cells.append(_write_text(ws, row, 2, label))
        cells.append(_write_text(ws, row, 3, p.sheet))
        cells.append(_write_text(ws, row, 4, p.place))
        cells.append(_write_text(ws, row, 5, p.value))
        cells.append(_write_text(ws, row, 6, p.detail))
        for cell in cells:
            cell.alignment, cell.border = _WRAP, _BORDER
        cells[0].alignment = Alignment(horizontal="center", vertical="top")
        cells[1].fill = ERROR_FILL if label == ERROR_LABEL else WARNING_FILL

    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{max(row, HEADER_ROW)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    for other in wb.worksheets:
        other.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    wb.active = 0
    if wb.views:
        wb.views[0].firstSheet = 0
    return ws


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
