"""The indicator tables as a workbook for the office's own analysis (Chinese headers, text never a formula)."""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from base.excel import safe_text
from reference.evaluation import Config

from .composite import DISCLAIMER
from .labels import label
from .reporting import STATUS_LABELS


def _sheet(wb: Workbook, title: str, frame: pd.DataFrame, note: str | None = None) -> None:
    ws = wb.create_sheet(title)
    if note:
        ws.append([note])
    ws.append([label(c) for c in frame.columns])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        values = []
        for v in row:
            if v is pd.NA or v is None or (isinstance(v, float) and v != v):
                values.append(None)
            elif isinstance(v, str):
                values.append(safe_text(v))  # a clerk's text beginning with = + - @ stays text
            elif isinstance(v, pd.Timestamp):
                values.append(v.to_pydatetime())
            else:
                values.append(v.item() if hasattr(v, "item") else v)
        ws.append(values)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for i, c in enumerate(frame.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(30, len(label(c)) * 2))
    ws.freeze_panes = ws.cell(ws.max_row - len(frame) + 1 if len(frame) else ws.max_row + 1, 2)


def write_workbook(
    path,
    period: str,
    table: pd.DataFrame,
    alerts: list[dict],
    details: dict[str, pd.DataFrame],
    config: Config,
) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "综合评价", table, f"{period} 各试点地区指标。{DISCLAIMER} 配置：{config.source}")
    _sheet(
        wb,
        "预警",
        pd.DataFrame(
            [{"region": w["region"], "rule": w["rule_label"], "message": w["message"]} for w in alerts],
            columns=["region", "rule", "message"],
        ).rename(columns={"rule": "预警规则", "message": "说明"}),
    )
    reporting = details["reporting"].assign(status=details["reporting"]["status"].map(STATUS_LABELS))
    for title, key in (
        ("服务贸易构成", "composition"),
        ("企业直报核对", "cross_check"),
        ("企业直报明细", "enterprise_trade"),
        ("经验案例", "experience"),
        ("经验案例分类", "experience_breakdown"),
    ):
        _sheet(wb, title, details[key])
    _sheet(wb, "填报情况", reporting)
    wb.save(path)
