"""Templates pre-filled from the warehouse: what the clerk sent last time, to review rather than retype.

A region's template for a quarter carries, from the region's latest accepted (current) submission of an earlier
quarter, every column the spec marks `carried` (ingest/spec.py): the form's 填报单位, 联系人 and 联系电话, each measure
row of 任务进展 under its task, the opening measures' status, landing date and beneficiaries, and the whole
重点联系企业名录; and the 上年同期 columns (the spec's AgainstHistory check names them) from the warehouse's current
figures for the same quarter a year earlier, left blank with a comment where it holds none. An enterprise workbook's
template carries the same way from the latest accepted workbook of the region and reporting unit (填报单位): its
enterprises with their categories and partners, amounts blank. Carried cells are tinted and stay editable; the
填报说明 sheet says where they came from. Without an earlier submission the template is the blank one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from reference import Catalog, Quarter
from warehouse import carry

from .docs import TINT
from .spec import AMOUNT, CODE, COUNT, DATE, AgainstHistory, Column, TableSheet, WorkbookSpec
from .template import WorkbookContent, prefilled_content


@dataclass
class Carried:
    """A template's content and where its carried values came from."""

    content: WorkbookContent
    source: dict | None = None  # warehouse.carry.previous_submission: id, period, label, received_at, …
    # the quarter (its label) the 上年同期 columns came from, or the one the warehouse does not hold
    year_earlier: str | None = None
    missing_year_earlier: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One sentence for the page and the command line: carried from which submission, or blank and why."""
        if self.source is None:
            return "；".join(self.notes) or "为空白模板。"
        s = self.source
        text = f"已沿用{s['label']}已接收的报送（提交编号 {s['id']}，{s['received_at']:%Y-%m-%d} 收到）预填"
        if self.year_earlier:
            text += f"，上年同期数取自平台已收的{self.year_earlier}数据"
        elif self.missing_year_earlier:
            text += f"；平台未收到{self.missing_year_earlier}的数据，上年同期数留空"
        return text + "。"


def blank(spec: WorkbookSpec, catalog: Catalog, region_code: str, quarter: Quarter, why: str) -> Carried:
    """The blank template (prefilled_content), with the reason it carries nothing."""
    return Carried(prefilled_content(spec, catalog, region_code, quarter), notes=[why])


def carried_content(
    wh,
    spec: WorkbookSpec,
    catalog: Catalog,
    region_code: str,
    quarter: Quarter,
    unit: str | None = None,
) -> Carried:
    """The template of `spec`'s kind for the region and quarter, pre-filled from the warehouse `wh`.

    `unit` (the reporting unit, 填报单位) chooses whose enterprise workbook to carry from; an enterprise template
    without one is blank. The region template ignores it."""
    if spec.kind == "enterprise" and not unit:
        return blank(spec, catalog, region_code, quarter, "未指定填报单位，为空白模板。")
    source = carry.previous_submission(
        wh, spec.kind, region_code, quarter.code, unit if spec.kind == "enterprise" else None
    )
    if source is None and spec.kind == "enterprise":  # the unit is what the clerk asked for: it is written
        made = blank(
            spec, catalog, region_code, quarter, "该填报单位此前没有已接收的报送，仅预填了填报单位。"
        )
        made.content.form["filler"] = unit
        return made
    if source is None:
        return blank(spec, catalog, region_code, quarter, "本地区此前没有已接收的报送，为空白模板。")
    content = prefilled_content(spec, catalog, region_code, quarter)
    result = Carried(content, source)
    for f in spec.form.fields:
        if f.carried and source.get(f.key):
            content.form[f.key] = source[f.key]
            content.carried.add((spec.form.name, 0, f.key))
    for table in spec.tables:
        if any(c.carried for c in table.columns):
            facts = carry.submission_facts(wh, table.fact_table, source["id"])
            content.tables[table.name] = _carry_rows(spec, table, content, facts)
        for check in table.checks:
            if isinstance(check, AgainstHistory):
                _year_earlier(wh, table, check, content, region_code, quarter, result)
    content.origin = _origin(spec, result)
    return result


def _carry_rows(
    spec: WorkbookSpec, table: TableSheet, content: WorkbookContent, facts: pd.DataFrame
) -> list[dict[str, object]]:
    """The table's rows with the carried columns of `facts`. A sheet whose rows the template gives (a task, an
    opening measure) keeps them in the catalog's order, each replaced by the carried rows of its code (every measure
    under its task; a row the catalog no longer gives the region is dropped); another sheet is the carried rows."""
    carried = [c for c in table.columns if c.carried]
    given = content.tables.get(table.name, [])
    anchor = next((c.key for c in table.columns if c.prefilled and c.stored), None)
    written = [
        ({c.key: _written(spec, c, r[c.key]) for c in carried}, r[anchor] if anchor else None)
        for r in facts.to_dict("records")
    ]
    if not given:
        rows = [values for values, _ in written]
        marks = [set(values) for values in rows]
    else:
        rows, marks = [], []
        for row in given:
            mine = [values for values, code in written if code == row[anchor]]
            rows += [dict(row, **values) for values in mine] or [row]
            marks += [set(values) for values in mine] or [set()]
    for i, keys in enumerate(marks):
        content.carried |= {(table.name, i, key) for key in keys}
    return rows


def _year_earlier(
    wh,
    table: TableSheet,
    check: AgainstHistory,
    content: WorkbookContent,
    region_code: str,
    quarter: Quarter,
    result: Carried,
) -> None:
    """The 上年同期 columns from the warehouse's figures of the same quarter a year earlier, else a comment."""
    earlier = quarter.year_earlier()
    figures = carry.year_earlier_trade(wh, region_code, earlier.code)
    anchor = next(c.key for c in table.columns if c.prefilled and c.stored)
    by_code = figures.set_index(anchor)
    for i, row in enumerate(content.tables.get(table.name, [])):
        for amount, prev in check.year_earlier.items():
            if row[anchor] in by_code.index:
                row[prev] = float(by_code.at[row[anchor], amount])
                content.carried.add((table.name, i, prev))
            else:
                content.notes[(table.name, i, prev)] = (
                    f"平台未收到本地区{earlier.label}的数据，请按统计数据填写{table.column(prev).header}。"
                )
    if figures.empty:
        result.missing_year_earlier = earlier.label
    else:
        result.year_earlier = earlier.label


def _written(spec: WorkbookSpec, column: Column, value) -> object:
    """A stored value as the template writes it: a code list's label, a date, a number; None for a missing one."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if column.type == CODE and column.codes:
        labels = {v: label for label, v in spec.code_lists[column.codes].items}
        return labels.get(value, value)
    if column.type == DATE:
        return value.date() if isinstance(value, datetime) else value
    if column.type == COUNT:
        return int(value)
    if column.type == AMOUNT:
        return float(value)
    return value


def _origin(spec: WorkbookSpec, result: Carried) -> list[str]:
    """The lines of 填报说明 that say what was carried, from which submission, and what to do with it."""
    s = result.source
    parts = []
    for sheet in [spec.form, *spec.tables]:
        columns = sheet.fields if hasattr(sheet, "fields") else sheet.columns
        headers = [c.header for c in columns if c.carried]
        if headers:
            everything = len(headers) == len(columns)
            parts.append(sheet.name if everything else f"{sheet.name}（{'、'.join(headers)}）")
    whose = f"填报单位“{s['unit']}”" if s.get("unit") else "本地区"
    lines = [
        f"预填来源：本模板沿用{whose}{s['label']}已接收的报送（提交编号 {s['id']}，"
        f"{s['received_at']:%Y-%m-%d} 收到）中的{'；'.join(parts)}。"
    ]
    if result.year_earlier:
        lines.append(f"上年同期数取自平台已收的本地区{result.year_earlier}数据。")
    elif result.missing_year_earlier:
        lines.append(
            f"平台未收到本地区{result.missing_year_earlier}的数据，上年同期数留空，请按统计数据填写。"
        )
    lines.append(f"{TINT}的单元格为沿用内容，可直接修改，请逐项核对并按本季度实际情况更新。")
    return lines
