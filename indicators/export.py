"""Indicator tables as a user reads them, written into a workbook sheet (here and by briefing.tables), and the
`python -m indicators scores --format xlsx` workbook.

What a user reads: every header Chinese (labels.py), codes shown as names (region, category, task area,
partner country, quarter, reporting status), booleans as 是/否, missing values as empty cells, numbers as
numbers with a number format, and every text neutralised so that no spreadsheet takes it for a formula.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from base.excel import safe_text
from reference import Catalog, PeriodError, Quarter, load_catalog
from reference.evaluation import Config

from .composite import DISCLAIMER
from .labels import COMPOSITION_LABELS, label
from .reporting import STATUS_LABELS

SOURCE = "数据来源：各试点地区季度报送，本平台计算"
YES, NO = "是", "否"
_RATIO_ENDINGS = ("_rate", "_share", "_yoy", "_coverage", "ratio")
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


def quarter_label(value):
    """2019Q3 (or any way of writing it) as 2019年第三季度; anything else unchanged."""
    try:
        return Quarter.parse(value).label
    except PeriodError:
        return value


def readable(frame: pd.DataFrame, catalog: Catalog | None = None) -> pd.DataFrame:
    """The frame with codes shown as names; quarter sequence numbers already given by `period` dropped."""
    catalog = catalog or load_catalog()
    out = frame.copy()
    names = {
        "region_code": {r.code: r.name for r in catalog.regions},
        "category_code": {c.code: f"{c.code} {c.name_zh}" for c in catalog.categories},
        "area": {k: f"{k} {name}" for k, name in catalog.areas.items()},
        "partner": {c.code: c.name_zh for c in catalog.countries},
        "status": STATUS_LABELS,
        "first_seq": {i: q.label for i, q in enumerate(catalog.quarters, start=1)},
    }
    for key, mapping in names.items():
        if key in out.columns:
            out[key] = out[key].map(lambda v, m=mapping: m.get(v, v), na_action="ignore").astype(object)
    if "period" in out.columns:
        out["period"] = out["period"].map(quarter_label, na_action="ignore")
        out = out.drop(columns=[c for c in ("seq", "period_seq") if c in out.columns])
    if "region_code" in out.columns and "region" in out.columns:  # a region's name, once
        return out.drop(columns="region_code")
    return out.rename(columns={"region_code": "region"})


def plain(value):
    """A cell's value as a workbook or CSV holds it: None when missing, text neutralised, 是/否, numbers."""
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, str):
        return safe_text(value)  # a clerk's text beginning with = + - @ stays text
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def header(key, labels: Mapping[str, str] | None = None) -> str:
    return safe_text((labels or {}).get(key) or label(str(key)))


def _number_format(key: str, column: pd.Series) -> str | None:
    if pd.api.types.is_datetime64_any_dtype(column):
        timed = (column.dropna() != column.dropna().dt.normalize()).any()
        return "yyyy-mm-dd hh:mm" if timed else "yyyy-mm-dd"
    if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
        return None
    if key == "score" or key.startswith("contribution_"):  # points, though a contribution's key ends in _rate
        return "0.00"
    if key.endswith(_RATIO_ENDINGS) or key.startswith("area_completion_rate_"):
        return "0.0%"  # rates and shares are fractions
    return "#,##0" if pd.api.types.is_integer_dtype(column) else "#,##0.00"


def _width(value) -> int:
    text = f"{value:,.2f}" if isinstance(value, float) else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # a Chinese character is two columns wide


def write_table(
    ws: Worksheet,
    frame: pd.DataFrame,
    heading: str | None = None,
    *,
    labels: Mapping[str, str] | None = None,
    catalog: Catalog | None = None,
) -> None:
    """A heading row (when given), the Chinese header row (frozen, with the first column), then the rows."""
    frame = readable(frame, catalog)
    if heading:
        ws.append([safe_text(heading)])
        ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
    ws.append([header(c, labels) for c in frame.columns])
    top = ws.max_row
    for cell in ws[top]:
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
    formats = [_number_format(str(c), frame[c]) for c in frame.columns]
    for row in frame.itertuples(index=False):
        ws.append([plain(v) for v in row])
        for cell, number_format in zip(ws[ws.max_row], formats):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text is never a formula, even one openpyxl would recognise
            elif number_format and cell.value is not None:
                cell.number_format = number_format
    for i, column in enumerate(
        ws.iter_cols(min_row=top, max_row=min(ws.max_row, top + 200), values_only=True), start=1
    ):
        widest = max(_width(v) for v in column if v is not None)
        ws.column_dimensions[get_column_letter(i)].width = min(40, max(8, widest + 2))
    ws.freeze_panes = ws.cell(top + 1, 2)


def write_workbook(
    path,
    period: str,
    table: pd.DataFrame,
    alerts: list[dict],
    details: dict[str, pd.DataFrame],
    config: Config,
) -> None:
    quarter = quarter_label(period)
    wb = Workbook()
    wb.remove(wb.active)
    note = f"{quarter}各试点地区指标。{DISCLAIMER} 配置：{config.source}　{SOURCE}"
    write_table(wb.create_sheet("综合评价"), table, note)
    columns = ["region", "rule_label", "message"]
    alert_rows = pd.DataFrame([{c: w[c] for c in columns} for w in alerts], columns=columns)
    write_table(wb.create_sheet("预警"), alert_rows, f"预警　{quarter}　{SOURCE}")
    for title, key in (
        ("服务贸易构成", "composition"),
        ("企业直报核对", "cross_check"),
        ("企业直报明细", "enterprise_trade"),
        ("经验案例", "experience"),
        ("经验案例分类", "experience_breakdown"),
        ("填报情况", "reporting"),
    ):
        labels = COMPOSITION_LABELS if key == "composition" else None
        write_table(wb.create_sheet(title), details[key], f"{title}　{quarter}　{SOURCE}", labels=labels)
    wb.save(path)
