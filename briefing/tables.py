"""Tables as XLSX and CSV downloads, written by the same code as the indicator workbook (indicators.export):
Chinese headers, codes shown as names, 是/否, empty cells for missing values, every text neutralised.

The XLSX has one heading row (title, quarter, unit, source), the header row below it frozen, and numbers
as numbers with a number format. The CSV is the table alone, header row first: UTF-8 with a BOM so that
Excel opens it as Chinese, no title lines so that every program reads it as it is (the headers carry the
units; the title and source travel in the XLSX).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

import pandas as pd
from openpyxl import Workbook

from indicators.export import SOURCE, header, plain, quarter_label, readable, write_table

_NOT_IN_SHEET_NAMES = str.maketrans({c: "" for c in "[]:*?/\\"})


def to_xlsx(
    frame: pd.DataFrame,
    title: str,
    *,
    period_label: str | None = None,
    unit: str | None = None,
    source: str | None = SOURCE,
    labels: Mapping[str, str] | None = None,
) -> bytes:
    """An .xlsx of one sheet named after the title; `labels` overrides indicators.labels for some columns."""
    parts = (title, period_label and quarter_label(period_label), unit and f"单位：{unit}", source)
    wb = Workbook()
    ws = wb.active
    ws.title = title.translate(_NOT_IN_SHEET_NAMES)[:31] or "数据"
    write_table(ws, frame, "　".join(p for p in parts if p), labels=labels)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_csv(frame: pd.DataFrame, *, labels: Mapping[str, str] | None = None) -> bytes:
    """A .csv: UTF-8 with BOM, the Chinese header row, then the rows (missing values empty)."""
    frame = readable(frame)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # Excel's own line ends
    writer.writerow([header(c, labels) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow(["" if v is None else v for v in map(plain, row)])
    return out.getvalue().encode("utf-8-sig")
