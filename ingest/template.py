"""Write pre-filled workbooks from a spec with openpyxl.

The same writer makes the blank templates regions download, the sample data
and the workbooks the tests fill in, so all three agree with the reader.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection

from reference import Catalog, Quarter

from .docs import instruction_rows
from .spec import (
    AMOUNT,
    CODE,
    CODES_SHEET,
    COUNT,
    DATE,
    INSTRUCTIONS_SHEET,
    TEXT,
    Column,
    TableSheet,
    WorkbookSpec,
)

SPARE_ROWS = 200  # unlocked, validated rows below the pre-filled ones
FIXED_TIME = datetime(2018, 7, 1, 0, 0, 0)  # stamped into deterministic workbooks

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
PREFILLED_FILL = PatternFill("solid", fgColor="EDEDED")
# carried from an earlier submission (ingest.carry): editable, tinted for the clerk to review
CARRIED_FILL = PatternFill("solid", fgColor="DDEBF7")
LABEL_FONT = Font(bold=True)
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NUMBER_FORMATS = {DATE: "yyyy-mm-dd", AMOUNT: "#,##0.00", COUNT: "0", TEXT: "@"}
UNLOCKED = Protection(locked=False)


Cell = tuple[str, int, str]  # (sheet name, index of the row in its table's rows — 0 on the form, column key)


@dataclass
class WorkbookContent:
    """What goes into a workbook: form values and table rows, as written in the cells.

    A pre-filled template (ingest.carry) also names the cells it carried from an earlier submission (tinted,
    editable), the notes to put on cells as comments, and the lines of 填报说明 that say where they came from."""

    form: dict[str, object] = field(default_factory=dict)
    tables: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    carried: set[Cell] = field(default_factory=set)
    notes: dict[Cell, str] = field(default_factory=dict)
    origin: list[str] = field(default_factory=list)


def prefilled_content(
    spec: WorkbookSpec, catalog: Catalog, region_code: str, quarter: Quarter
) -> WorkbookContent:
    """The blank template's content: region, period and one row per task, measure and category."""
    region = next(r for r in catalog.regions if r.code == region_code)
    content = WorkbookContent(form={"region": region.name, "period": quarter.code})
    if spec.kind == "region":
        content.tables["任务进展"] = [
            {"task_code": t.code, "area_name": catalog.areas[t.area], "task_text": t.text}
            for t in catalog.tasks_for(region_code)
        ]
        content.tables["开放便利举措"] = [
            {"measure_code": m.code, "field": m.field, "industry": m.industry, "measure_text": m.text}
            for m in catalog.measures_for(region_code)
        ]
        content.tables["服务贸易数据"] = [
            {"category_code": c.code, "category_name": c.name_zh} for c in catalog.categories
        ]
    return content


def write_workbook(
    out: Path | str | io.BytesIO,
    spec: WorkbookSpec,
    catalog: Catalog,
    region_code: str,
    quarter: Quarter,
    content: WorkbookContent | None = None,
    deterministic: bool = False,
) -> None:
    """Write a workbook for one region and quarter; `content` defaults to the blank template."""
    content = content or prefilled_content(spec, catalog, region_code, quarter)
    wb = Workbook()
    wb.remove(wb.active)
    _instructions(wb.create_sheet(INSTRUCTIONS_SHEET), spec, catalog, region_code, quarter, content.origin)
    ranges = _code_sheet(wb.create_sheet(CODES_SHEET), spec)
    _form(wb.create_sheet(spec.form.name), spec, content, ranges)
    for table in spec.tables:
        _table(wb.create_sheet(table.name), table, content, ranges)
    wb.move_sheet(CODES_SHEET, offset=len(wb.sheetnames))
    wb[CODES_SHEET].sheet_state = "hidden"
    wb.active = 1
    wb.security = WorkbookProtection(lockStructure=True)  # keep sheet names and order as the reader expects

    props = wb.properties
    props.title = f"{catalog.name} {spec.title}"
    props.subject = f"{region_code} {quarter.code}"
    props.keywords = f"kind={spec.kind};region={region_code};period={quarter.code};version={spec.version}"
    props.version = spec.version
    props.creator = "试点监测平台"
    if deterministic:
        props.created = props.modified = FIXED_TIME
    if isinstance(out, (str, Path)):
        buffer = io.BytesIO()
        wb.save(buffer)
        data = _normalise_zip(buffer.getvalue()) if deterministic else buffer.getvalue()
        Path(out).write_bytes(data)
    else:
        wb.save(out)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the archive with fixed entry and modification times: the same content gives the same bytes."""
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                body = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", body)
            dst.writestr(fixed, body)
    return out.getvalue()


def _protect(ws) -> None:
    # Labels and catalog text stay locked; clerks may still insert and delete rows.
    ws.protection = SheetProtection(
        sheet=True,
        insertRows=False,
        deleteRows=False,
        formatColumns=False,
        formatRows=False,
        formatCells=False,
        sort=False,
        autoFilter=False,
    )


def _instructions(
    ws, spec: WorkbookSpec, catalog: Catalog, region_code: str, quarter: Quarter, origin: list[str]
) -> None:
    region = next(r for r in catalog.regions if r.code == region_code)
    ws.append([f"{catalog.name} {spec.title}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(
        [
            f"试点地区：{region.name}    报告期：{quarter.label}（{quarter.code}）    报送截止日期："
            f"{catalog.deadline(quarter).isoformat()}"
        ]
    )
    ws.append([f"模板版本：{spec.version}    依据：{catalog.document}"])
    for line in origin:  # where the carried values came from, on their tint
        ws.append([line])
        ws.cell(ws.max_row, 1).fill = CARRIED_FILL
    ws.append([])
    for row in instruction_rows(spec):
        ws.append(row)
        if len(row) == 1:
            ws.cell(ws.max_row, 1).font = LABEL_FONT
    for letter, width in zip("ABCDEF", (18, 24, 22, 8, 60, 40)):
        ws.column_dimensions[letter].width = width
    _protect(ws)


def _code_sheet(ws, spec: WorkbookSpec) -> dict[str, str]:
    """One column per code list; returns each list's absolute range for data validation."""
    ranges = {}
    for i, (name, codes) in enumerate(spec.code_lists.items(), start=1):
        letter = get_column_letter(i)
        ws.cell(1, i, name)
        for j, label in enumerate(codes.labels, start=2):
            ws.cell(j, i, label)
        ranges[name] = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(codes.labels) + 1}"
    return ranges


def _validation(ws, column: Column, cells: str, ranges: dict[str, str]) -> None:
    if column.type == CODE:
        dv = DataValidation(type="list", formula1=ranges[column.codes], allow_blank=True)
        dv.error, dv.errorTitle = f"请从下拉列表中选择{column.header}", "输入值无效"
    elif column.type == DATE:
        dv = DataValidation(type="date", operator="greaterThan", formula1="DATE(2000,1,1)", allow_blank=True)
        dv.error, dv.errorTitle = "请输入日期，如 2019-03-31", "日期无效"
    elif column.type in (AMOUNT, COUNT):
        dv = DataValidation(
            type="decimal" if column.type == AMOUNT else "whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
        )
        dv.error, dv.errorTitle = "请输入不小于 0 的数", "数值无效"
    else:
        return
    dv.showErrorMessage = True
    dv.prompt, dv.promptTitle = column.help[:250], column.header
    dv.showInputMessage = True
    ws.add_data_validation(dv)
    dv.add(cells)


def _put(ws, row: int, col: int, value):
    """Write a value; text is always text, never a formula (openpyxl reads "=…" strings as formulas)."""
    cell = ws.cell(row, col, _cell_value(value)) if value is not None else ws.cell(row, col)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def _cell_value(value):
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return value


def _note(cell, content: WorkbookContent, where: Cell) -> None:
    if where in content.carried:
        cell.fill, cell.protection = CARRIED_FILL, UNLOCKED
    if where in content.notes:
        cell.comment = Comment(content.notes[where], "试点监测平台")


def _form(ws, spec: WorkbookSpec, content: WorkbookContent, ranges: dict[str, str]) -> None:
    for row, f in enumerate(spec.form.fields, start=1):
        label = ws.cell(row, 1, f.header)
        label.font, label.fill, label.border = LABEL_FONT, PREFILLED_FILL, BORDER
        label.comment = Comment(f.help, "试点监测平台")
        cell = _put(ws, row, 2, content.form.get(f.key))
        cell.border = BORDER
        cell.number_format = NUMBER_FORMATS.get(f.type, "General")
        if not f.prefilled:
            cell.protection = UNLOCKED
            _validation(ws, f, cell.coordinate, ranges)
        _note(cell, content, (spec.form.name, 0, f.key))
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 36
    _protect(ws)


def _table(ws, table: TableSheet, content: WorkbookContent, ranges: dict[str, str]) -> None:
    rows = content.tables.get(table.name, [])
    for col, c in enumerate(table.columns, start=1):
        cell = ws.cell(table.header_row, col, c.header)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = c.width
    first = table.first_data_row
    last = first + len(rows) - 1 + (0 if table.fixed_rows else SPARE_ROWS)
    for i in range(first, last + 1):
        data = rows[i - first] if i - first < len(rows) else {}
        for col, c in enumerate(table.columns, start=1):
            value = data.get(c.key)
            cell = _put(ws, i, col, value)
            cell.number_format = NUMBER_FORMATS.get(c.type, "General")
            if c.prefilled and value is not None and i - first < len(rows):
                cell.fill = PREFILLED_FILL
            else:
                cell.protection = UNLOCKED
            _note(cell, content, (table.name, i - first, c.key))
    for col, c in enumerate(table.columns, start=1):
        letter = get_column_letter(col)
        _validation(ws, c, f"{letter}{first}:{letter}{last}", ranges)
    ws.freeze_panes = ws.cell(first, 1)
    _protect(ws)
