"""Validate a read workbook against its spec; produce typed tables or located problems."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from reference import Catalog, PeriodError, Quarter, UnknownRegion

from . import credit_code
from .problems import Problem, cell_problem
from .reader import RawWorkbook
from .spec import (
    AMOUNT, CODE, COMPLETED, COUNT, DATE, KIND_LABELS, LANDED, TEXT, Column, TableSheet, WorkbookSpec, detect_kind,
    region_spec,
)
from .values import ValueProblem, as_amount, as_code_text, as_count, as_date, as_text, is_blank

MAX_LISTED = 12


def _credit_code(value: str) -> str:
    code = value.upper().replace(" ", "")
    why = credit_code.problem(code)
    if why:
        raise ValueProblem(f"不是有效的统一社会信用代码：{why}。")
    return code


RULES = {"credit_code": _credit_code}  # Column.rule -> check returning the stored value


@dataclass
class ValidatedWorkbook:
    kind: str | None = None
    region_code: str | None = None
    region_name: str | None = None
    quarter: Quarter | None = None
    form: dict[str, object] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _norm_header(text) -> str:
    s = as_text(text) if not is_blank(text) else ""
    return re.sub(r"\s+", "", s).replace("(", "（").replace(")", "）")


def _allowed_text(labels: list[str]) -> str:
    shown = "、".join(labels[:MAX_LISTED])
    return shown + (f" 等 {len(labels)} 项" if len(labels) > MAX_LISTED else "")


def parse_value(column: Column, raw, spec: WorkbookSpec):
    """The stored value of one cell; raises ValueProblem with a Chinese reason and what to do."""
    value = _typed_value(column, raw, spec)
    return RULES[column.rule](value) if column.rule else value


def _typed_value(column: Column, raw, spec: WorkbookSpec):
    if column.type == TEXT:
        return as_text(raw)
    if column.type == DATE:
        try:
            return as_date(raw)
        except ValueProblem as exc:
            raise ValueProblem(f"{exc}，请填写日期，如 2019-03-31") from None
    if column.type == AMOUNT:
        try:
            return as_amount(raw)
        except ValueProblem as exc:
            raise ValueProblem(f"{exc}，请填写不小于 0 的数字（单位见列名）") from None
    if column.type == COUNT:
        try:
            return as_count(raw)
        except ValueProblem as exc:
            raise ValueProblem(f"{exc}，请填写不小于 0 的整数") from None
    if column.type == CODE:
        codes = spec.code_lists[column.codes]
        value = codes.lookup(as_code_text(raw))
        if value is None:
            raise ValueProblem(f"不是允许的值，请从下拉列表中选择：{_allowed_text(codes.labels)}")
        return value
    raise AssertionError(column.type)


class _Checker:
    def __init__(self, raw: RawWorkbook, catalog: Catalog, expected_region: str | None, expected_period: str | None):
        self.raw, self.catalog = raw, catalog
        self.expected_region, self.expected_period = expected_region, expected_period
        self.out = ValidatedWorkbook()

    def error(self, problem: Problem) -> None:
        self.out.errors.append(problem)

    def run(self) -> ValidatedWorkbook:
        kind = detect_kind(self.raw.sheet_names)
        if kind is None:
            self.error(Problem("工作簿", None, None, "unknown_kind",
                               "无法识别的工作簿：缺少“基本信息”“任务进展”等工作表。请从平台“模板下载”获取模板后填写，不要修改工作表名称。"))
            return self.out
        self.out.kind = kind
        spec = region_spec(self.catalog)
        missing = [name for name in spec.sheet_names if name not in self.raw.sheets]
        for name in missing:
            self.error(Problem(name, None, None, "missing_sheet",
                               f"缺少工作表“{name}”。{KIND_LABELS[kind]}（模板版本 {spec.version}）应包含：{'、'.join(spec.sheet_names)}；请使用平台下载的模板。"))
        if missing:
            return self.out
        self.form(spec)
        if self.out.region_code:
            spec = region_spec(self.catalog, self.out.region_code)  # the region's own task and measure codes
        for table in spec.tables:
            self.out.tables[table.name] = self.table(spec, table)
        self.cross_checks(spec)
        return self.out

    def form(self, spec: WorkbookSpec) -> None:
        sheet = spec.form
        rows = self.raw.sheets[sheet.name]
        by_label = {_norm_header(r[0]): (i, r[1] if len(r) > 1 else None) for i, r in enumerate(rows, start=1) if r and not is_blank(r[0])}
        for f in sheet.fields:
            if f.header not in by_label:
                self.error(Problem(sheet.name, None, "A", "missing_field", f"缺少“{f.header}”一行，请在 A 列补上该项目并在 B 列填写。"))
                continue
            row, raw = by_label[f.header]
            if is_blank(raw):
                if f.required:
                    self.error(cell_problem(sheet.name, row, 1, "required", f"“{f.header}”未填写，请在此单元格填写。"))
                continue
            if f.key == "region":
                self._region(sheet.name, row, raw)
            elif f.key == "period":
                self._period(sheet.name, row, raw)
            else:
                try:
                    self.out.form[f.key] = parse_value(f, raw, spec)
                except ValueProblem as exc:
                    self.error(cell_problem(sheet.name, row, 1, "bad_value", f"“{f.header}”的值“{as_text(raw)}”{exc}", as_text(raw)))

    def _region(self, sheet: str, row: int, raw) -> None:
        try:
            region = self.catalog.region(as_text(raw))
        except UnknownRegion as exc:
            self.error(cell_problem(sheet, row, 1, "unknown_region", str(exc), as_text(raw)))
            return
        if self.expected_region:
            expected = self.catalog.region(self.expected_region)
            if expected.code != region.code:
                self.error(cell_problem(sheet, row, 1, "region_mismatch",
                                        f"工作簿填写的试点地区为“{region.name}”，与上报时选择的“{expected.name}”不一致。请确认选择，或使用{expected.name}的模板。", as_text(raw)))
        self.out.region_code, self.out.region_name = region.code, region.name
        self.out.form["region"] = region.code

    def _period(self, sheet: str, row: int, raw) -> None:
        try:
            quarter = self.catalog.quarter(as_text(raw))
        except PeriodError as exc:
            self.error(cell_problem(sheet, row, 1, "bad_period", str(exc), as_text(raw)))
            return
        if self.expected_period and Quarter.parse(self.expected_period) != quarter:
            expected = Quarter.parse(self.expected_period)
            self.error(cell_problem(sheet, row, 1, "period_mismatch",
                                    f"工作簿填写的报告期为 {quarter.code}，与上报时选择的 {expected.code} 不一致。请确认选择，或使用 {expected.code} 的模板。", as_text(raw)))
        self.out.quarter = quarter
        self.out.form["period"] = quarter.code

    def table(self, spec: WorkbookSpec, table: TableSheet) -> pd.DataFrame:
        rows = self.raw.sheets[table.name]
        header = rows[table.header_row - 1] if len(rows) >= table.header_row else []
        positions = {}
        for i, text in enumerate(header):
            name = _norm_header(text)
            match = next((c for c in table.columns if _norm_header(c.header) == name), None)
            if match and match.key not in positions:
                positions[match.key] = i
            elif name:
                self.out.warnings.append(cell_problem(table.name, table.header_row, i, "unknown_column",
                                                      f"列标题“{as_text(text)}”不在模板中，该列内容不会导入。", as_text(text)))
        for c in table.columns:
            if c.key not in positions and (c.required or c.stored):
                self.error(Problem(table.name, table.header_row, None, "missing_column",
                                   f"缺少“{c.header}”列（模板版本 {spec.version}），请使用平台下载的模板，不要删除或改写列标题。"))
        if any(c.key not in positions and c.required for c in table.columns):
            return pd.DataFrame()
        records = []
        for r, cells in enumerate(rows[table.header_row:], start=table.first_data_row):
            if all(is_blank(v) for v in cells):
                continue
            record = {"row_no": r}
            for c in table.columns:
                if not c.stored or c.key not in positions:
                    continue
                i = positions[c.key]
                raw = cells[i] if i < len(cells) else None
                if is_blank(raw):
                    record[c.key] = None
                    if c.required:
                        self.error(cell_problem(table.name, r, i, "required", f"“{c.header}”未填写，请填写。"))
                    continue
                try:
                    record[c.key] = parse_value(c, raw, spec)
                except ValueProblem as exc:
                    self.error(cell_problem(table.name, r, i, "bad_value", f"“{c.header}”的值“{as_text(raw)}”{exc}", as_text(raw)))
                    record[c.key] = None
            records.append(record)
        df = pd.DataFrame.from_records(records, columns=["row_no"] + [c.key for c in table.columns if c.stored and c.key in positions])
        self._duplicates(table, df, positions)
        return df

    def _duplicates(self, table: TableSheet, df: pd.DataFrame, positions: dict[str, int]) -> None:
        if not table.key or df.empty:
            return
        keyed = df.dropna(subset=list(table.key))
        dup = keyed[keyed.duplicated(subset=list(table.key), keep="first")]
        first_rows = keyed.drop_duplicates(subset=list(table.key)).set_index(list(table.key))["row_no"]
        headers = "、".join(table.column(k).header for k in table.key)
        for _, row in dup.iterrows():
            key = tuple(row[k] for k in table.key)
            first = first_rows.loc[key if len(key) > 1 else key[0]]
            self.error(cell_problem(table.name, int(row["row_no"]), positions[table.key[0]], "duplicate_row",
                                    f"与第 {int(first)} 行重复（{headers}相同），请合并或删除其中一行。", "、".join(map(str, key))))

    def cross_checks(self, spec: WorkbookSpec) -> None:
        """Rules that look at more than one cell."""
        quarter, tables = self.out.quarter, self.out.tables
        if quarter is None or self.out.region_code is None or any(t.empty and not len(t.columns) for t in tables.values()):
            return  # the form or a sheet's columns are wrong; those errors come first
        self._done_dates(spec.table("任务进展"), tables["任务进展"], "status", COMPLETED, "completed_date", quarter)
        self._done_dates(spec.table("开放便利举措"), tables["开放便利举措"], "status", LANDED, "landed_date", quarter)
        present = set(tables["服务贸易数据"]["category_code"])
        for c in self.catalog.categories:
            if c.code not in present:
                self.error(Problem("服务贸易数据", None, "A", "missing_category",
                                   f"缺少服务类别 {c.code}“{c.name_zh}”一行，请补上（没有发生额的填 0）。"))
        reported = set(tables["任务进展"]["task_code"])
        for task in self.catalog.tasks_for(self.out.region_code):
            if task.code not in reported:
                self.out.warnings.append(Problem("任务进展", None, "A", "task_missing",
                                                 f"试点任务 {task.code} 没有填报进展，请补充一行。"))

    def _done_dates(self, table: TableSheet, df: pd.DataFrame, status_key: str, done: str, date_key: str, quarter: Quarter) -> None:
        col = [c.key for c in table.columns].index(date_key)
        header = table.column(date_key).header
        for _, row in df[df[status_key] == done].iterrows():
            when = row[date_key]
            r = int(row["row_no"])
            if when is None or pd.isna(when):
                self.error(cell_problem(table.name, r, col, "done_without_date",
                                        f"状态为“{done}”时必须填写{header}，请填写日期，如 {quarter.end.isoformat()}。"))
            elif when > quarter.end:
                self.error(cell_problem(table.name, r, col, "date_after_period",
                                        f"{header} {when.isoformat()} 晚于报告期末 {quarter.end.isoformat()}；尚未完成的请改为“推进中”，或核对日期。", when.isoformat()))


def validate(raw: RawWorkbook, catalog: Catalog, expected_region: str | None = None, expected_period: str | None = None) -> ValidatedWorkbook:
    return _Checker(raw, catalog, expected_region, expected_period).run()
