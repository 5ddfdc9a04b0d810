"""Validate a read workbook against its spec; produce typed tables or located problems.

Tables are parsed a column at a time (vectorised where the type allows), so an enterprise
workbook of 200k rows costs little more than reading it.

No value that could poison a figure gets through: amounts above the ceiling of their currency and dates
outside the plausible window (reference/evaluation.toml [checks]) are errors; an amount with more decimals
than two is rounded with a warning, as is text longer than an Excel cell keeps (exports cut it); −0 is 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from base.excel import MAX_CELL_TEXT
from base.text import fold_width
from reference import Catalog, PeriodError, Quarter, UnknownRegion
from reference.evaluation import Checks, Config, load_config

from . import credit_code
from .problems import Problem, cell_problem
from .reader import RawWorkbook
from .spec import (
    AMOUNT,
    CODE,
    COUNT,
    DATE,
    KIND_LABELS,
    MAX_LISTED,
    SPECS,
    TEXT,
    AgainstHistory,
    AtLeastOneRow,
    Column,
    DoneNeedsDate,
    EveryCode,
    EveryTask,
    FormSheet,
    OnRoster,
    SameName,
    TableSheet,
    WorkbookSpec,
    detect_kind,
)
from .values import ValueProblem, as_code_text, as_count, as_date, as_text, as_unrounded_amount, is_blank

MAX_COUNT = 2**31 - 1  # a count column is a 32-bit integer in the warehouse
MAX_CELL_ERRORS = 500  # past this a workbook is clearly the wrong one; more messages help nobody
MAX_SHOWN = 60  # characters of a cell's value quoted in a message; a pasted essay is not repeated whole
DECIMALS = 2  # an amount's decimals (spec.AMOUNT: 万元 or 万美元 to the cent of the unit)
DEFAULT_CHECKS = Checks()
ROUNDED, LONG_TEXT = "rounded", "long_text"  # warning codes of a single cell

Note = tuple[int, str, str]  # (position, warning code, why): a cell loaded, but not quite as written


def _credit_codes(values: np.ndarray) -> list[tuple[str | None, str | None]]:
    """Check many distinct credit codes at once: for each, (stored value, None) or (None, reason)."""
    codes = _clean_codes(values)
    good = credit_code.valid_mask(codes)
    return [
        (code, None) if ok else (None, f"不是有效的统一社会信用代码：{credit_code.problem(code)}。")
        for code, ok in zip(codes, good)
    ]


_CLEAN = re.compile(r"[0-9A-Z]*")


def _clean_codes(values: np.ndarray) -> list[str]:
    """_clean_code of each value; a code already typed clean (digits and capitals) is its own, without the
    Unicode work."""
    return [v if type(v) is str and _CLEAN.fullmatch(v) else _clean_code(v) for v in values]


def _clean_code(value) -> str:
    """A credit code as typed or pasted: 全角 letters folded, every kind of space removed, upper case."""
    return re.sub(r"\s", "", fold_width(as_text(value))).upper()


def _credit_code(value: str) -> str:
    code = _clean_code(value)
    why = credit_code.problem(code)
    if why:
        raise ValueProblem(f"不是有效的统一社会信用代码：{why}。")
    return code


RULES = {"credit_code": _credit_code}  # Column.rule -> check returning the stored value


class History:
    """What the warehouse already holds, for checks that compare (none when validating offline)."""

    def key_enterprises(self, region_code: str, period: str) -> set[str] | None:
        return None

    def category_history(self, region_code: str, period: str) -> pd.DataFrame | None:
        """Per category: `<amount>_last` (the previous quarter) and `<amount>_year_earlier` (万元)."""
        return None


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


def parse_value(column: Column, raw, spec: WorkbookSpec, checks: Checks = DEFAULT_CHECKS):
    """The stored value of one cell; raises ValueProblem with a Chinese reason and what to do.

    An amount comes back as written (parse_column rounds a whole column and says where that changed it)."""
    value = _typed_value(column, raw, spec)
    if column.type == DATE and not checks.earliest_date <= value <= checks.latest_date:
        read = "" if as_text(raw) == value.isoformat() else f"（即 {value.isoformat()}）"
        raise ValueProblem(
            f"{read}不在合理的日期范围（{checks.earliest_date.isoformat()} 至 "
            f"{checks.latest_date.isoformat()}）内，请核对年份"
        )
    return RULES[column.rule](value) if column.rule else value


_READERS = {  # column type -> (reader, what to do when it fails)
    DATE: (as_date, "请填写日期，如 2019-03-31"),
    AMOUNT: (as_unrounded_amount, "请填写不小于 0 的数字（单位见列名）"),
    COUNT: (as_count, "请填写不小于 0 的整数"),
}


def _typed_value(column: Column, raw, spec: WorkbookSpec):
    if column.type == TEXT:
        return as_text(raw)
    if column.type in _READERS:
        read, advice = _READERS[column.type]
        try:
            return read(raw)
        except ValueProblem as exc:
            raise ValueProblem(f"{exc}，{advice}") from None
    if column.type == CODE:
        codes = spec.code_lists[column.codes]
        value = codes.lookup(as_code_text(raw))
        if value is None:
            raise ValueProblem(f"不是允许的值，请从下拉列表中选择：{_allowed_text(codes.labels)}")
        return value
    raise AssertionError(column.type)


def cell_masks(s: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(blank, text, stripped) of a column of cells: blank is None, "" or only spaces; text is a str cell;
    stripped is the text without surrounding spaces when the whole column is text (else None).

    Each distinct cell is looked at once.
    """
    return _cell_masks(s.to_numpy())[0]


class _Texts(NamedTuple):
    """A column of text cells as its distinct texts and, for each row, which one (-1: an empty cell)."""

    codes: np.ndarray
    texts: np.ndarray


def _cell_masks(values: np.ndarray) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray | None], _Texts | None]:
    """cell_masks, and for a column of text its _Texts. Names, codes and partners repeat down a column,
    so each distinct cell is looked at once and the answer spread back over the rows."""
    if _all_numbers(values):  # nothing is text, blank is NaN
        return (np.isnan(values.astype(float)), np.zeros(len(values), bool), None), None
    codes, distinct = pd.factorize(values)  # None and NaN → -1
    is_text = np.fromiter((type(v) is str for v in distinct), bool, len(distinct))
    if not is_text.all():  # mixed: numbers, dates or booleans among the text
        blank = np.fromiter(((type(v) is str and not v.strip()) for v in distinct), bool, len(distinct))
        return (_spread(blank, codes, True), _spread(is_text, codes, False), None), None
    trimmed = np.empty(len(distinct), dtype=object)
    trimmed[:] = [
        v.strip() for v in distinct
    ]  # str.strip and pyarrow's utf8_trim_whitespace trim the same characters
    blank = _spread(trimmed == "", codes, True)
    if all(map(str.__eq__, trimmed, distinct)):  # nothing to trim: keep the cells as they are
        return (blank, codes >= 0, values), _Texts(codes, distinct)
    return (blank, codes >= 0, _spread(trimmed, codes, None)), _Texts(codes, distinct)


def _spread(per_distinct: np.ndarray, codes: np.ndarray, missing) -> np.ndarray:
    """A value per row from a value per distinct cell; `missing` where the cell is empty (code -1)."""
    return np.append(per_distinct, np.array([missing], dtype=per_distinct.dtype))[codes]


def _all_numbers(values: np.ndarray) -> bool:
    """Every cell a number or empty (None/NaN); not True, not the text 'nan'."""
    return pd.api.types.infer_dtype(values, skipna=True) in (
        "floating",
        "integer",
        "mixed-integer-float",
        "empty",
    )


def _numbers(s: pd.Series, where: np.ndarray) -> np.ndarray:
    """The cells marked `where` as floats (NaN where not a plain number), the rest NaN."""
    values = s.to_numpy()
    if not where.any():  # a column of text: nothing to convert
        return np.full(len(values), np.nan)
    if _all_numbers(values):
        out = values.astype(float)
    else:
        picked = np.empty(len(values), dtype=object)
        picked[:] = None
        picked[where] = [
            v if type(v) in (int, float) else None for v in values[where]
        ]  # text goes the careful way
        return pd.to_numeric(picked, errors="coerce").astype(float)
    out[~where] = np.nan
    return out


def _strip(values: np.ndarray) -> np.ndarray:
    """Strip surrounding spaces of text cells (an object array of str), through pyarrow."""
    return pc.utf8_trim_whitespace(pa.array(values, type=pa.string())).to_numpy(zero_copy_only=False)


def _by_unique(
    column: Column,
    s: pd.Series,
    todo: np.ndarray,
    spec: WorkbookSpec,
    out: pd.Series,
    failures: list[tuple[int, str]],
    checks: Checks = DEFAULT_CHECKS,
) -> None:
    """Parse the cells marked `todo` one distinct value at a time (the same credit code on many rows is
    checked once)."""
    if not todo.any():
        return
    positions = np.flatnonzero(todo)
    codes, distinct = pd.factorize(s.to_numpy()[positions], use_na_sentinel=False)
    values = np.empty(len(distinct), dtype=object)
    reasons: list[str | None] = [None] * len(distinct)
    if column.rule == "credit_code" and column.type == TEXT:  # thousands of codes: check the digits in bulk
        for i, (value, why) in enumerate(_credit_codes(distinct)):
            values[i], reasons[i] = value, why
    else:
        for i, v in enumerate(distinct):
            try:
                values[i] = parse_value(column, v, spec, checks)
            except ValueProblem as exc:
                reasons[i] = str(exc)
    out.iloc[positions] = values[codes]
    failed = np.array([why is not None for why in reasons], dtype=bool)[codes]
    failures.extend((int(positions[k]), reasons[codes[k]]) for k in np.flatnonzero(failed))


def parse_column(
    column: Column,
    s: pd.Series,
    spec: WorkbookSpec,
    masks: tuple[np.ndarray, np.ndarray, np.ndarray | None] | None = None,
    checks: Checks = DEFAULT_CHECKS,
    notes: list[Note] | None = None,
) -> tuple[pd.Series, list[tuple[int, str]]]:
    """Parse one column of cells (object Series): (stored values, [(position, reason)]).

    Blanks become missing values and are not failures here (required cells are checked apart).
    The common cases run vectorised; the rest go through parse_value, once per distinct value.
    `checks` are the limits a cell must keep (an amount's ceiling, the dates' window); cells loaded but
    not as written (an amount rounded, a text too long for Excel) are added to `notes`.
    """
    blank, text, stripped = masks if masks is not None else cell_masks(s)
    failures: list[tuple[int, str]] = []
    if column.type in (AMOUNT, COUNT) and not column.rule:
        numbers = _numbers(s, ~blank)  # number cells; NaN for the rest
        finite = np.isfinite(numbers)
        negative = finite & (numbers < 0)
        slow = ~blank & ~finite  # text (separators, 全角 digits), infinities, or no number at all
        if slow.any():
            parsed = pd.Series([None] * len(s), index=s.index, dtype=object)
            _by_unique(column, s, slow, spec, parsed, failures, checks)
            numbers[slow] = parsed[slow].astype(float).to_numpy()  # NaN where it failed
        for i in np.flatnonzero(negative):
            failures.append((int(i), "不能为负数，请填写不小于 0 的数字（单位见列名）"))
        numbers[negative] = np.nan
        if column.type == COUNT:
            fraction = finite & ~negative & (numbers % 1 != 0)
            for i in np.flatnonzero(fraction):
                failures.append((int(i), "应为整数，请填写不小于 0 的整数"))
            too_big = numbers > MAX_COUNT
            for i in np.flatnonzero(too_big):
                failures.append((int(i), f"数值过大，请核对（应为不超过 {MAX_COUNT} 的整数）"))
            numbers[fraction | too_big] = np.nan
            return pd.Series(numbers + 0.0, index=s.index).astype("Int64"), sorted(failures)  # −0 is 0
        values = _amounts(numbers, checks.max_amount(spec.currency), spec.amount_unit, failures, notes)
        return pd.Series(values, index=s.index), sorted(failures)
    if column.type == CODE and not column.rule:
        keys = s.to_numpy().copy()
        if stripped is not None:
            keys = stripped
        elif text.any():
            keys[text] = _strip(keys[text])
        numbers = pd.Series(_numbers(s, ~text & ~blank), index=s.index)
        index = spec.code_lists[column.codes].index
        stored = np.array(list(index.values()) + [None], dtype=object)
        found = np.full(len(keys), None, dtype=object)
        if text.any():  # only text is a label; partners repeat: look up each distinct spelling once
            codes, distinct = pd.factorize(keys)
            found = _spread(
                stored[pd.Index(list(index), dtype=object).get_indexer(distinct)], codes, None
            )  # not found → None
        whole = (numbers.notna() & (numbers % 1 == 0)).to_numpy()
        if whole.any():  # 9.0 read from a number cell is the code "9"
            by_number = {float(k): v for k, v in index.items() if k.isdigit()}
            at, distinct_numbers = pd.factorize(numbers.to_numpy()[whole])
            found[whole] = np.array([by_number.get(n) for n in distinct_numbers.tolist()], dtype=object)[at]
        out = pd.Series(found, index=s.index, dtype=object)
        out[blank] = None
        _by_unique(column, s, out.isna().to_numpy() & ~blank, spec, out, failures)  # 全角 and other spellings
        return out, sorted(failures)
    values = np.empty(len(s), dtype=object)
    if column.type == TEXT:
        text = text & ~blank
        if stripped is not None:
            values[text] = stripped[text]
        elif text.any():
            values[text] = _strip(s.to_numpy()[text])
    out = pd.Series(values, index=s.index, dtype=object)
    if column.type == TEXT:
        todo = ~blank & ~text  # numbers and dates typed into a text column
        if column.rule:
            todo = ~blank
        _by_unique(column, s, todo, spec, out, failures, checks)
        if notes is not None:
            notes.extend(_long_texts(out.to_numpy()))
    else:
        _by_unique(column, s, ~blank, spec, out, failures, checks)
    return out, sorted(failures)


def _amounts(
    numbers: np.ndarray, ceiling: float, unit: str, failures: list[tuple[int, str]], notes: list[Note] | None
) -> np.ndarray:
    """The stored amounts of a column of non-negative numbers (NaN where missing or wrong): refused above
    `ceiling`, rounded to two decimals (a note where that changed the number as written), −0 as 0."""
    too_big = numbers > ceiling
    for i in np.flatnonzero(too_big):
        failures.append((int(i), f"超过合理上限 {_plain(ceiling)} {unit}，请核对单位：本列金额以{unit}计"))
    numbers[too_big] = np.nan
    cents = np.rint(numbers * 10**DECIMALS)
    if notes is not None:
        # more than two decimals, beyond what a double's last digits make of a two-decimal number (0.1 + 0.2)
        off = np.abs(numbers * 10**DECIMALS - cents) > 1e-6 + np.abs(cents) * 1e-14
        for i in np.flatnonzero(off):
            notes.append(
                (
                    int(i),
                    ROUNDED,
                    f"超过两位小数，已四舍五入为 {cents[i] / 10**DECIMALS:,.2f} 导入；如有误，请更正后重新上传。",
                )
            )
    return cents / 10**DECIMALS + 0.0  # −0 is 0


def _plain(number: float) -> str:
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,}"


def _long_texts(values: np.ndarray) -> list[Note]:
    """Notes for the texts (an object array, None where missing) longer than an Excel cell keeps."""
    lengths = np.fromiter((0 if v is None else len(v) for v in values), np.int64, len(values))
    return [
        (
            int(i),
            LONG_TEXT,
            f"有 {lengths[i]:,} 个字符，超过 Excel 单元格能容纳的 {MAX_CELL_TEXT:,} 个字符；数据照常导入，"
            "但导出的工作簿中该单元格将被截断。如需完整保留，请精简内容或分成几项填写。",
        )
        for i in np.flatnonzero(lengths > MAX_CELL_TEXT)
    ]


def _parse_texts(
    column: Column,
    cells: _Texts,
    spec: WorkbookSpec,
    checks: Checks = DEFAULT_CHECKS,
    notes: list[Note] | None = None,
) -> tuple[pd.Series, list[tuple[int, str]]]:
    """parse_column of a column of text cells, each distinct text parsed once and the answer spread over its rows:
    a credit code on 100 rows is checked once. The same stored values, (position, reason) pairs and notes."""
    distinct = pd.Series(
        np.append(cells.texts, None), dtype=object
    )  # the last stands for an empty cell (code -1)
    distinct_notes: list[Note] = []
    parsed, failed = parse_column(column, distinct, spec, checks=checks, notes=distinct_notes)
    failures = _spread_pairs(failed, cells.codes, len(distinct))
    if notes is not None and distinct_notes:
        spread = _spread_pairs(
            [(i, (code, why)) for i, code, why in distinct_notes], cells.codes, len(distinct)
        )
        notes.extend((row, code, why) for row, (code, why) in spread)
    return parsed.iloc[cells.codes].reset_index(drop=True), failures


def _spread_pairs(pairs: list[tuple[int, object]], codes: np.ndarray, n: int) -> list[tuple[int, object]]:
    """(position, x) pairs of distinct values as (row, x) pairs of the rows holding them, in row order."""
    by_distinct: dict[int, list] = {}
    for i, x in pairs:
        by_distinct.setdefault(i, []).append(x)
    marked = np.zeros(n, bool)
    marked[list(by_distinct)] = True
    return [(int(row), x) for row in np.flatnonzero(marked[codes]) for x in by_distinct[codes[row]]]


def _repeats(df: pd.DataFrame, key: tuple[str, ...]) -> bool:
    """Whether a row with every key value repeats an earlier row's key: each key column hashed once, then integers."""
    combined = np.zeros(len(df), np.int64)
    complete = np.ones(len(df), bool)
    for k in key:
        ids, distinct = pd.factorize(df[k])  # a missing value → -1
        complete &= ids >= 0
        combined = combined * (len(distinct) + 1) + ids + 1
        if k != key[-1]:
            combined = pd.factorize(combined)[0]  # renumbered: stays below the row count, so never overflows
    return bool(pd.Series(combined[complete]).duplicated().any())


def _keys_with_several_names(named: pd.DataFrame, key: str, name: str) -> list:
    """The keys (credit codes) written with more than one name, sorted: each row's name against its key's
    first row's."""
    ids, codes = pd.factorize(named[key].to_numpy())
    firsts = np.flatnonzero(
        ~pd.Series(ids).duplicated().to_numpy()
    )  # ids number the codes in order of first row
    names = named[name].to_numpy()
    differs = names != names[firsts][ids]
    return sorted(set(codes[np.unique(ids[differs])]))


def _subjects(spec: WorkbookSpec, table: TableSheet, df: pd.DataFrame, rows: set[int]) -> dict[int, str]:
    """Excel row -> what the row is about (table.subject), for the given rows of a parsed table."""
    keys = [k for k in table.subject.columns if k in df.columns]
    named = df.loc[df["row_no"].isin(rows), ["row_no", *keys]]
    return {
        int(record["row_no"]): table.subject.text(
            table, spec.code_lists, {k: None if _missing(record[k]) else record[k] for k in keys}
        )
        for record in named.to_dict("records")
    }


def _missing(value) -> bool:
    """None, NaN or pd.NA: a cell left empty or refused."""
    return value is None or bool(pd.isna(value))


def _reading_order(p: Problem) -> tuple:
    """By row, then by column (B before AA)."""
    return (p.row or 0, len(p.column or ""), p.column or "")


def _shown(raw) -> str:
    """A cell's value as quoted in a message: its text, cut after MAX_SHOWN characters."""
    text = as_text(raw)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


class _Checker:
    def __init__(
        self,
        raw: RawWorkbook,
        catalog: Catalog,
        expected_region: str | None,
        expected_period: str | None,
        history: History,
        config: Config | None,
    ):
        self.raw, self.catalog, self.history, self.config = raw, catalog, history, config
        self.checks = config.checks if config else DEFAULT_CHECKS
        self.expected_region, self.expected_period = expected_region, expected_period
        self.out = ValidatedWorkbook()
        self.columns: dict[str, dict[str, int]] = {}  # sheet -> column key -> its index in this workbook

    def error(self, problem: Problem) -> None:
        self.out.errors.append(problem)

    def warn(self, problem: Problem) -> None:
        self.out.warnings.append(problem)

    def run(self) -> ValidatedWorkbook:
        kind = detect_kind(self.raw.sheet_names)
        if kind is None:
            self.error(
                Problem(
                    "工作簿",
                    None,
                    None,
                    "unknown_kind",
                    "无法识别的工作簿：缺少“基本信息”“任务进展”或“服务进出口”等工作表。"
                    "请从平台“模板下载”获取模板后填写，不要修改工作表名称。",
                )
            )
            return self.out
        self.out.kind = kind
        spec = SPECS[kind](self.catalog)
        missing = [name for name in spec.sheet_names if name not in self.raw.sheets]
        for name in missing:
            self.error(
                Problem(
                    name,
                    None,
                    None,
                    "missing_sheet",
                    f"缺少工作表“{name}”。{KIND_LABELS[kind]}（模板版本 {spec.version}）应包含："
                    f"{'、'.join(spec.sheet_names)}；请使用平台下载的模板。",
                )
            )
        if missing:
            return self.out
        self.form(spec.form, spec)
        if self.out.region_code:
            spec = SPECS[kind](self.catalog, self.out.region_code)  # the region's own task and measure codes
        for table in spec.tables:
            self.out.tables[table.name] = self.table(spec, table)
        if (
            self.out.quarter is not None
            and self.out.region_code is not None
            and not any(p.code in ("missing_column", "missing_field") for p in self.out.errors)
        ):  # else the form or a sheet's columns are wrong; those errors come first
            for table in spec.tables:
                for check in table.checks:
                    if not CHECKS[type(check)](self, spec, table, check):
                        break  # a check that finds nothing to check stops the sheet's later checks
        self._name_rows(spec)
        return self.out

    def _name_rows(self, spec: WorkbookSpec) -> None:
        """Every problem on a data row of a sheet whose spec declares a Subject names what that row is about."""
        for table in spec.tables:
            df = self.out.tables.get(table.name)
            if table.subject is None or df is None or df.empty:
                continue
            lists = (self.out.errors, self.out.warnings)
            rows = {
                p.row
                for problems in lists
                for p in problems
                if p.sheet == table.name and p.row is not None and p.row >= table.first_data_row
            }
            subjects = _subjects(spec, table, df, rows)
            for problems in lists:
                for i, p in enumerate(problems):
                    if p.sheet == table.name and subjects.get(p.row) and not p.subject:
                        problems[i] = replace(p, subject=subjects[p.row])

    def form(self, sheet: FormSheet, spec: WorkbookSpec) -> None:
        rows = self.raw.sheets[sheet.name]
        by_label = {
            _norm_header(r[0]): (i, r[1] if len(r) > 1 else None)
            for i, r in enumerate(rows, start=1)
            if r and not is_blank(r[0])
        }
        for f in sheet.fields:
            if f.header not in by_label:
                self.error(
                    Problem(
                        sheet.name,
                        None,
                        "A",
                        "missing_field",
                        f"缺少“{f.header}”一行，请在 A 列补上该项目并在 B 列填写。",
                    )
                )
                continue
            row, raw = by_label[f.header]
            if is_blank(raw):
                if f.required:
                    self.error(
                        cell_problem(
                            sheet.name, row, 1, "required", f"“{f.header}”未填写，请在此单元格填写。"
                        )
                    )
                continue
            if f.key == "region":
                self._region(sheet.name, row, raw)
            elif f.key == "period":
                self._period(sheet.name, row, raw)
            else:
                try:
                    self.out.form[f.key] = value = parse_value(f, raw, spec, self.checks)
                except ValueProblem as exc:
                    self.error(
                        cell_problem(
                            sheet.name,
                            row,
                            1,
                            "bad_value",
                            f"“{f.header}”的值“{_shown(raw)}”{exc}",
                            _shown(raw),
                        )
                    )
                    continue
                if f.type == TEXT:
                    for _, code, why in _long_texts(np.array([value], dtype=object)):
                        self.warn(
                            cell_problem(sheet.name, row, 1, code, f"“{f.header}”的内容{why}", _shown(raw))
                        )

    def _region(self, sheet: str, row: int, raw) -> None:
        try:
            region = self.catalog.region(as_text(raw))
        except UnknownRegion as exc:
            self.error(cell_problem(sheet, row, 1, "unknown_region", str(exc), as_text(raw)))
            return
        if self.expected_region:
            expected = self.catalog.region(self.expected_region)
            if expected.code != region.code:
                self.error(
                    cell_problem(
                        sheet,
                        row,
                        1,
                        "region_mismatch",
                        f"工作簿填写的试点地区为“{region.name}”，与上报时选择的“{expected.name}”不一致。"
                        f"请确认选择，或使用{expected.name}的模板。",
                        as_text(raw),
                    )
                )
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
            self.error(
                cell_problem(
                    sheet,
                    row,
                    1,
                    "period_mismatch",
                    f"工作簿填写的报告期为 {quarter.code}，与上报时选择的 {expected.code} 不一致。"
                    f"请确认选择，或使用 {expected.code} 的模板。",
                    as_text(raw),
                )
            )
        self.out.quarter = quarter
        self.out.form["period"] = quarter.code

    def _positions(self, spec: WorkbookSpec, table: TableSheet, header: list) -> dict[str, int] | None:
        """Column key -> index, matched by header text; None when a required column is missing."""
        positions = {}
        for i, text in enumerate(header):
            name = _norm_header(text)
            match = next((c for c in table.columns if _norm_header(c.header) == name), None)
            if match and match.key not in positions:
                positions[match.key] = i
            elif name:
                self.warn(
                    cell_problem(
                        table.name,
                        table.header_row,
                        i,
                        "unknown_column",
                        f"列标题“{as_text(text)}”不在模板中，该列内容不会导入。",
                        as_text(text),
                    )
                )
        for c in table.columns:
            if c.key not in positions and (c.required or c.stored):
                self.error(
                    Problem(
                        table.name,
                        table.header_row,
                        None,
                        "missing_column",
                        f"缺少“{c.header}”列（模板版本 {spec.version}），请使用平台下载的模板，不要删除或改写列标题。",
                    )
                )
        if any(c.key not in positions and c.required for c in table.columns):
            return None
        return positions

    def table(self, spec: WorkbookSpec, table: TableSheet) -> pd.DataFrame:
        rows = self.raw.sheets[table.name]
        first_warning = len(self.out.warnings)
        header = rows[table.header_row - 1] if len(rows) >= table.header_row else []
        positions = self._positions(spec, table, header)
        self.columns[table.name] = positions or {}
        stored = [c for c in table.columns if c.stored and positions and c.key in positions]
        if positions is None:
            return pd.DataFrame()
        body = rows[table.header_row :]
        widths = set(map(len, body))
        width = max(widths, default=0)
        if len(widths) > 1:  # calamine gives a rectangle; a hand-made list may be ragged
            body = [list(r) + [None] * (width - len(r)) for r in body]
        grid = np.empty((len(body), width), dtype=object)
        grid[:] = body
        cells = [pd.Series(grid[:, j], dtype=object) for j in range(grid.shape[1])]
        filled = np.zeros(len(body), bool)
        masks, texts = {}, {}
        for j, col in enumerate(cells):
            masks[j], texts[j] = _cell_masks(col.to_numpy())
            filled |= ~masks[j][0]
        keep = np.flatnonzero(filled)  # empty rows between and after the data are skipped
        row_no = keep + table.first_data_row
        data = {"row_no": row_no}
        first_error = len(self.out.errors)
        for c in stored:
            j = positions[c.key]
            if j >= len(cells):
                data[c.key] = pd.Series([None] * len(keep), dtype=object)
                blank = np.ones(len(keep), bool)
                values = data[c.key]
            else:
                values = cells[j].iloc[keep].reset_index(drop=True)
                blank, text, stripped = masks[j]
                blank, text = blank[keep], text[keep]
                notes: list[Note] = []
                if texts[j] is not None:  # a column of text: each distinct text parsed once
                    parsed, failures = _parse_texts(
                        c, _Texts(texts[j].codes[keep], texts[j].texts), spec, self.checks, notes
                    )
                else:
                    parsed, failures = parse_column(
                        c,
                        values,
                        spec,
                        (blank, text, None if stripped is None else stripped[keep]),
                        self.checks,
                        notes,
                    )
                for i, why in failures[:MAX_CELL_ERRORS]:
                    raw = values.iat[i]
                    self.error(
                        cell_problem(
                            table.name,
                            int(row_no[i]),
                            j,
                            "bad_value",
                            f"“{c.header}”的值“{_shown(raw)}”{why}",
                            _shown(raw),
                        )
                    )
                for i, code, why in notes[:MAX_CELL_ERRORS]:
                    raw = values.iat[i]
                    subject = (
                        f"“{c.header}”的内容" if code == LONG_TEXT else f"“{c.header}”的值“{_shown(raw)}”"
                    )
                    self.warn(cell_problem(table.name, int(row_no[i]), j, code, subject + why, _shown(raw)))
                data[c.key] = parsed
            if c.required:
                for i in np.flatnonzero(blank)[:MAX_CELL_ERRORS]:
                    self.error(
                        cell_problem(
                            table.name, int(row_no[i]), j, "required", f"“{c.header}”未填写，请填写。"
                        )
                    )
        del self.out.errors[first_error + MAX_CELL_ERRORS :]
        # report this sheet's problems in reading order: by row, then by column
        self.out.errors[first_error:] = sorted(self.out.errors[first_error:], key=_reading_order)
        self.out.warnings[first_warning:] = sorted(self.out.warnings[first_warning:], key=_reading_order)
        df = pd.DataFrame(data, columns=["row_no"] + [c.key for c in stored])
        self._duplicates(table, df, positions)
        return df

    def _duplicates(self, table: TableSheet, df: pd.DataFrame, positions: dict[str, int]) -> None:
        if (
            not table.key or df.empty or not _repeats(df, table.key)
        ):  # the usual case, found without copying the table
            return
        keyed = df.dropna(subset=list(table.key))
        dup = keyed[keyed.duplicated(subset=list(table.key), keep="first")]
        if dup.empty:
            return
        first_rows = keyed.drop_duplicates(subset=list(table.key)).set_index(list(table.key))["row_no"]
        headers = "、".join(table.column(k).header for k in table.key)
        for _, row in dup.head(MAX_CELL_ERRORS).iterrows():
            key = tuple(row[k] for k in table.key)
            first = first_rows.loc[key if len(key) > 1 else key[0]]
            self.error(
                cell_problem(
                    table.name,
                    int(row["row_no"]),
                    positions[table.key[0]],
                    "duplicate_row",
                    f"与第 {int(first)} 行重复（{headers}相同），请合并或删除其中一行。",
                    "、".join(map(str, key)),
                )
            )

    # --- checks that look at more than one cell (declared per sheet in the spec) ----------------------

    def done_needs_date(self, spec: WorkbookSpec, table: TableSheet, check: DoneNeedsDate) -> bool:
        df, quarter = self.out.tables[table.name], self.out.quarter
        col = self.columns[table.name][check.date]
        header = table.column(check.date).header
        told = {p.cell for p in self.out.errors}  # a date already refused is not also "missing"
        for _, row in df[df[check.status] == check.done].iterrows():
            when, r = row[check.date], int(row["row_no"])
            if cell_problem(table.name, r, col, "", "").cell in told:
                continue
            if when is None or pd.isna(when):
                self.error(
                    cell_problem(
                        table.name,
                        r,
                        col,
                        "done_without_date",
                        f"状态为“{check.done}”时必须填写{header}，请填写日期，如 {quarter.end.isoformat()}。",
                    )
                )
            elif when > quarter.end:
                self.error(
                    cell_problem(
                        table.name,
                        r,
                        col,
                        "date_after_period",
                        f"{header} {when.isoformat()} 晚于报告期末 {quarter.end.isoformat()}；"
                        "尚未完成的请改为“推进中”，或核对日期。",
                        when.isoformat(),
                    )
                )
        return True

    def every_code(self, spec: WorkbookSpec, table: TableSheet, check: EveryCode) -> bool:
        present = set(self.out.tables[table.name][check.column])
        column = table.column(check.column)
        for label, value in spec.code_lists[column.codes].items:
            if value not in present:
                self.error(
                    Problem(
                        table.name,
                        None,
                        "A",
                        "missing_category",
                        f"缺少{column.header}“{label}”一行，请补上（没有发生额的填 0）。",
                    )
                )
        return True

    def every_task(self, spec: WorkbookSpec, table: TableSheet, check: EveryTask) -> bool:
        reported = set(self.out.tables[table.name][check.column])
        for task in self.catalog.tasks_for(self.out.region_code):
            if task.code not in reported:
                task_name = spec.code_lists[table.column(check.column).codes].describe(task.code)
                self.warn(
                    Problem(
                        table.name,
                        None,
                        "A",
                        "task_missing",
                        f"试点任务 {task_name} 没有填报进展，请补充一行。",
                    )
                )
        return True

    def against_history(self, spec: WorkbookSpec, table: TableSheet, check: AgainstHistory) -> bool:
        """Warnings only: a likely unit mix-up (tenfold the previous quarter, either way), a revised 上年同期 figure."""
        history = self.history.category_history(self.out.region_code, self.out.quarter.code)
        df = self.out.tables[table.name]
        if history is None or history.empty or df.empty:
            return True
        config = self.config or load_config()
        merged = df.merge(history, on="category_code", how="left")
        col = self.columns[table.name]
        names = {c.code: c.name_zh for c in self.catalog.categories}
        for _, r in merged.iterrows():
            for key in check.amounts:
                label = table.column(key).header.split("（")[0]
                before, now = r.get(f"{key}_last"), r[key]
                if pd.notna(before) and before > 0 and pd.notna(now) and now > 0:
                    ratio = now / before
                    if ratio > config.tenfold or ratio * config.tenfold < 1:
                        times = f"{ratio:.0f} 倍" if ratio > 1 else f"{ratio:.2%}"
                        self.warn(
                            cell_problem(
                                table.name,
                                int(r["row_no"]),
                                col[key],
                                "tenfold",
                                f"{names[r['category_code']]}{label} {now:,.2f} 万元是上季度（{before:,.2f} "
                                f"万元）的 {times}，"
                                "请核对单位是否误填为元或亿元。",
                                f"{now}",
                            )
                        )
                prev_key = check.year_earlier.get(key)
                held, written = r.get(f"{key}_year_earlier"), r.get(prev_key)
                if (
                    prev_key in col
                    and pd.notna(held)
                    and written is not None
                    and pd.notna(written)
                    and abs(written - held) > config.revision * max(abs(held), 1e-9)
                ):
                    self.warn(
                        cell_problem(
                            table.name,
                            int(r["row_no"]),
                            col[prev_key],
                            "revision",
                            f"上年同期{label} {written:,.2f} 万元与平台已有的上年同季度数据 {held:,.2f} 万元"
                            f"相差超过 {config.revision:.0%}，如为数据修订请在报送说明中注明。",
                            f"{written}",
                        )
                    )
        return True

    def at_least_one_row(self, spec: WorkbookSpec, table: TableSheet, check: AtLeastOneRow) -> bool:
        if self.out.tables[table.name].empty:
            self.error(
                Problem(table.name, None, None, "no_rows", f"“{table.name}”没有数据行，请至少填写一行。")
            )
            return False
        return True

    def same_name(self, spec: WorkbookSpec, table: TableSheet, check: SameName) -> bool:
        df, col = self.out.tables[table.name], self.columns[table.name]
        named = df.dropna(subset=[check.key, check.name])
        for code in _keys_with_several_names(named, check.key, check.name):
            first = named[named[check.key] == code].iloc[0]
            for _, r in (
                named[(named[check.key] == code) & (named[check.name] != first[check.name])]
                .head(20)
                .iterrows()
            ):
                self.error(
                    cell_problem(
                        table.name,
                        int(r["row_no"]),
                        col[check.name],
                        "name_conflict",
                        f"统一社会信用代码 {code} 在第 {int(first['row_no'])} 行的企业名称为“{first[check.name]}”，"
                        f"此处为“{r[check.name]}”，同一企业的名称须一致，请核对信用代码或名称。",
                        r[check.name],
                    )
                )
        return True

    def on_roster(self, spec: WorkbookSpec, table: TableSheet, check: OnRoster) -> bool:
        listed = self.history.key_enterprises(self.out.region_code, self.out.quarter.code)
        if listed is None:
            return True
        df, col = self.out.tables[table.name], self.columns[table.name]
        firsts = df.dropna(subset=[check.key, check.name]).drop_duplicates(check.key)
        for _, r in firsts[~firsts[check.key].isin(listed)].head(50).iterrows():
            self.warn(
                cell_problem(
                    table.name,
                    int(r["row_no"]),
                    col[check.key],
                    "not_listed",
                    f"{r[check.name]}（{r[check.key]}）不在{self.out.region_name}报送的重点联系企业名录中，"
                    "数据照常导入；"
                    "如为新增重点联系企业，请在地区季度报表的名录中补充。",
                    r[check.key],
                )
            )
        return True


CHECKS = {
    DoneNeedsDate: _Checker.done_needs_date,
    EveryCode: _Checker.every_code,
    EveryTask: _Checker.every_task,
    AgainstHistory: _Checker.against_history,
    AtLeastOneRow: _Checker.at_least_one_row,
    SameName: _Checker.same_name,
    OnRoster: _Checker.on_roster,
}


def validate(
    raw: RawWorkbook,
    catalog: Catalog,
    expected_region: str | None = None,
    expected_period: str | None = None,
    history: History | None = None,
    config: Config | None = None,
) -> ValidatedWorkbook:
    """`config` holds the limits of a cell ([checks]) and the thresholds of the checks against history
    (default: load_config(), i.e. PILOT_INDICATOR_CONFIG or reference/evaluation.toml)."""
    config = config or load_config()
    return _Checker(raw, catalog, expected_region, expected_period, history or History(), config).run()
