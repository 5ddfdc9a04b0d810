"""Workbook specs: one per workbook kind.

A sheet is declared exactly once, here: its columns, types, code lists, units, the fact table it
loads into, the amounts totalled after a load and the checks that look across rows or at history.
The template writer, the reader, the validator, the loader, `detect_kind` and the template
documentation (the 填报说明 sheet and docs/templates.md) all read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from base.text import shorten
from reference import Catalog
from reference.catalog import CENTRAL
from reference.vocabulary import (
    CASE_TYPES,
    COMPLETED,
    ENTERPRISE_NATURES,
    LANDED,
    MEASURE_STATUSES,
    PROGRESS_STATUSES,
)

# Column types; the validator knows how to read each.
TEXT = "text"
DATE = "date"
AMOUNT = "amount"  # non-negative number, two decimals
COUNT = "count"  # non-negative integer
CODE = "code"  # one value of a code list

TYPE_HELP = {
    TEXT: "文字",
    DATE: "日期，如 2019-03-31",
    AMOUNT: "非负数，单位见列名，最多两位小数",
    COUNT: "非负整数",
    CODE: "从下拉列表中选择",
}
MAX_LISTED = (
    12  # a code list longer than this is named by its size in messages and docs (the dropdown has it all)
)
SUBJECT_WIDTH = (
    20  # characters of a name in a row's subject (a task's text is a sentence, a name may be long)
)


@dataclass(frozen=True)
class CodeList:
    """Allowed values of a coded column: the written label and the stored value."""

    name: str
    items: tuple[tuple[str, object], ...]  # (label shown in Excel, stored value)
    aliases: tuple[tuple[str, object], ...] = ()  # other accepted spellings (大韩民国 for 韩国)
    # what a code stands for where its label is only the code (T3.2 → the task's text), for naming a row
    titles: tuple[tuple[object, str], ...] = ()

    def __post_init__(self):
        index = {str(value): value for _, value in self.items}
        index.update({alias: value for alias, value in self.aliases})
        index.update({label: value for label, value in self.items})
        object.__setattr__(self, "index", index)
        labels: dict[object, str] = {}
        for label, value in self.items:
            labels.setdefault(value, label)
        object.__setattr__(self, "label_of", labels)
        object.__setattr__(self, "title_of", dict(self.titles))

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.items]

    def lookup(self, text: str) -> object | None:
        """The stored value for a label; the stored value itself (9 for 电信…) and aliases are accepted too."""
        return self.index.get(text)

    def describe(self, value: object) -> str:
        """A stored value as a message names it: its label, and its title shortened where it has one
        (T3.2 鼓励金融机构在风险可控、商业可持续的前提…; 9 电信、计算机和信息服务)."""
        label = self.label_of.get(value, str(value))
        title = self.title_of.get(value)
        return f"{label} {shorten(title.rstrip('。；; '), SUBJECT_WIDTH)}" if title else label


@dataclass(frozen=True)
class Column:
    key: str  # the warehouse column
    header: str  # the header text in row 1
    type: str
    help: str
    required: bool = False
    codes: str | None = None  # name of a code list, for CODE columns
    width: int = 14
    prefilled: bool = False  # written by the template, locked in pre-filled rows
    stored: bool = True  # False: shown for the clerk's orientation only
    rule: str | None = None  # an extra check of the value, named in ingest.validate.RULES
    total: bool = False  # summed in the summary shown after a load
    carried: bool = False  # a pre-filled template carries it from the last accepted submission (ingest.carry)


# Checks that look at more than one cell; ingest.validate implements each.


@dataclass(frozen=True)
class DoneNeedsDate:
    """A row whose `status` is `done` needs `date` filled, no later than the quarter's end."""

    status: str
    done: str
    date: str


@dataclass(frozen=True)
class EveryCode:
    """Every code of a code list has a row (a fixed-row sheet such as the 12 service categories)."""

    column: str


@dataclass(frozen=True)
class EveryTask:
    """Every task the catalog gives the region has at least one row (a warning: the clerk may add it later)."""

    column: str


@dataclass(frozen=True)
class AgainstHistory:
    """Amounts against the warehouse: `tenfold` the previous quarter's (a unit mix-up?), and a year-earlier
    column more than `revision` off what the warehouse holds for that quarter. Thresholds: reference/evaluation.toml."""

    amounts: tuple[str, ...]
    year_earlier: dict[str, str]  # amount column -> its 上年同期 column


@dataclass(frozen=True)
class AtLeastOneRow:
    """The sheet has at least one data row."""


@dataclass(frozen=True)
class SameName:
    """Rows with the same `key` (a credit code) carry the same `name`."""

    key: str
    name: str


@dataclass(frozen=True)
class OnRoster:
    """`key` (a credit code) is on the region's latest 重点联系企业名录 (a warning: the data still loads)."""

    key: str
    name: str


@dataclass(frozen=True)
class Subject:
    """What a row is about, named in every problem found on it: `word`, then each of `columns` that holds a valid
    value: a code as its code list describes it, a text shortened to SUBJECT_WIDTH characters."""

    columns: tuple[str, ...]
    word: str = ""

    def text(self, table: TableSheet, code_lists: dict[str, CodeList], row: Mapping[str, object]) -> str:
        """The subject of a row given as its stored values (None where missing or refused); "" when none is known."""
        parts = []
        for key in self.columns:
            value = row.get(key)
            if value is None:
                continue
            column = table.column(key)
            if column.codes:
                parts.append(code_lists[column.codes].describe(value))
            else:
                parts.append(shorten(str(value), SUBJECT_WIDTH))
        return " ".join([self.word, *parts] if self.word else parts) if parts else ""


@dataclass(frozen=True)
class TableSheet:
    name: str
    help: str
    columns: tuple[Column, ...]
    fact_table: str  # the warehouse table its stored columns load into (column key = warehouse column)
    key: tuple[str, ...] = ()  # columns that identify a row; repeated keys are errors
    fixed_rows: bool = False  # True: rows are given by the template (one per category)
    header_row: int = 1
    checks: tuple = ()  # checks across rows or against history (the dataclasses above)
    subject: Subject | None = None  # what a row is about, named in every problem found on it

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def stored_columns(self) -> list[Column]:
        return [c for c in self.columns if c.stored]


@dataclass(frozen=True)
class FormSheet:
    """Label in column A, value in column B, one field a row."""

    name: str
    help: str
    fields: tuple[Column, ...]


@dataclass(frozen=True)
class WorkbookSpec:
    kind: str
    title: str
    version: str
    unit: str  # the currency unit of its amounts, as the 填报说明 states it
    form: FormSheet
    tables: tuple[TableSheet, ...]
    code_lists: dict[str, CodeList] = field(default_factory=dict)
    # the currency of its amounts: CNY in 万元, USD in 万美元 (AMOUNT_UNITS); their ceiling is per currency
    currency: str = "CNY"

    @property
    def amount_unit(self) -> str:
        """The unit of its amounts as column headers write it: 万元 or 万美元."""
        return AMOUNT_UNITS[self.currency]

    @property
    def sheet_names(self) -> list[str]:
        return [self.form.name] + [t.name for t in self.tables]

    def table(self, name: str) -> TableSheet:
        return next(t for t in self.tables if t.name == name)


INSTRUCTIONS_SHEET = "填报说明"
CODES_SHEET = "代码表"  # hidden sheet holding the dropdown lists


def code_lists(catalog: Catalog, region_code: str | None = None) -> dict[str, CodeList]:
    """Code lists of the region workbook. With a region, task and measure codes are its own."""
    tasks = (
        catalog.tasks_for(region_code)
        if region_code
        else [t for t in catalog.tasks if t.carried_by != CENTRAL]
    )
    measures = catalog.measures_for(region_code) if region_code else list(catalog.measures)
    return {
        "region": CodeList("region", tuple((r.name, r.code) for r in catalog.regions)),
        "task": CodeList(
            "task", tuple((t.code, t.code) for t in tasks), titles=tuple((t.code, t.text) for t in tasks)
        ),
        "area": CodeList("area", tuple((name, code) for code, name in catalog.areas.items())),
        "progress": CodeList("progress", tuple((s, s) for s in PROGRESS_STATUSES)),
        "measure": CodeList(
            "measure",
            tuple((m.code, m.code) for m in measures),
            titles=tuple((m.code, m.text) for m in measures),
        ),
        "measure_status": CodeList("measure_status", tuple((s, s) for s in MEASURE_STATUSES)),
        "category": CodeList("category", tuple((c.name_zh, c.code) for c in catalog.categories)),
        # "9 电信、计算机和信息服务" in the dropdown; the bare code and the bare name are accepted too
        "category_code": CodeList(
            "category_code",
            tuple((f"{c.code} {c.name_zh}", c.code) for c in catalog.categories),
            tuple((c.name_zh, c.code) for c in catalog.categories),
        ),
        "case_type": CodeList("case_type", tuple((s, s) for s in CASE_TYPES)),
        "nature": CodeList("nature", tuple((s, s) for s in ENTERPRISE_NATURES)),
        "country": CodeList(
            "country",
            tuple((c.name_zh, c.code) for c in sorted(catalog.countries, key=_partner_order)),
            tuple((alias, c.code) for c in catalog.countries for alias in c.aliases),
        ),
    }


MAIN_PARTNERS = ("HKG", "USA", "JPN", "SGP", "KOR", "DEU", "GBR", "AUS", "CAN")  # first in the dropdown


def _partner_order(country) -> tuple[int, str]:
    return (
        MAIN_PARTNERS.index(country.code) if country.code in MAIN_PARTNERS else len(MAIN_PARTNERS),
        country.code,
    )


def _form(region_label: str, region_help: str, filler_help: str) -> FormSheet:
    """基本信息, the same six rows in every workbook kind; only the region's label and two helps differ."""
    return FormSheet(
        name="基本信息",
        help=f"本表第 A 列为项目名称，请在第 B 列填写。{region_label}和报告期已按下载时的选择预先填好，请勿修改。",
        fields=(
            Column("region", region_label, CODE, region_help, required=True, codes="region", prefilled=True),
            Column(
                "period",
                "报告期",
                TEXT,
                "本工作簿所报告的季度，如 2019Q4，模板已预填。",
                required=True,
                prefilled=True,
            ),
            Column("filler", "填报单位", TEXT, filler_help, required=True, carried=True),
            Column("contact", "联系人", TEXT, "联系人姓名。", required=True, carried=True),
            Column("phone", "联系电话", TEXT, "联系人电话（固定电话或手机）。", required=True, carried=True),
            Column(
                "filled_date",
                "填报日期",
                DATE,
                "填写本表的日期。报送是否及时以平台收到的时间为准，不以此日期为准。",
                required=True,
            ),
        ),
    )


REGION_FORM = _form("试点地区", "本工作簿所属的试点地区，模板已预填。", "填报单位全称，如 北京市商务局。")

REGION_TABLES = (
    TableSheet(
        name="任务进展",
        help="每行一项具体举措。模板已按本地区承担的试点任务各预填一行；同一试点任务有多项具体举措的，请插入行并填写相同的任务编号。",
        fact_table="fact_task_progress",
        key=("task_code", "measure"),
        checks=(DoneNeedsDate("status", COMPLETED, "completed_date"), EveryTask("task_code")),
        subject=Subject(("task_code",), "任务"),
        columns=(
            Column(
                "task_code",
                "任务编号",
                CODE,
                "试点任务编号，见附件3（如 T5.1）。",
                required=True,
                codes="task",
                width=10,
                prefilled=True,
            ),
            Column(
                "area_name",
                "任务领域",
                TEXT,
                "任务所属领域，模板已预填。",
                width=18,
                prefilled=True,
                stored=False,
            ),
            Column(
                "task_text",
                "试点任务",
                TEXT,
                "试点任务原文，模板已预填。",
                width=40,
                prefilled=True,
                stored=False,
            ),
            Column(
                "measure",
                "具体举措",
                TEXT,
                "本地区为落实该任务采取的具体举措。",
                required=True,
                width=36,
                carried=True,
            ),
            Column(
                "planned_date",
                "计划完成时间",
                DATE,
                "计划完成该举措的日期。",
                required=True,
                width=14,
                carried=True,
            ),
            Column(
                "status",
                "进展状态",
                CODE,
                "未启动、推进中或已完成。",
                required=True,
                codes="progress",
                width=10,
                carried=True,
            ),
            Column(
                "completed_date",
                "实际完成时间",
                DATE,
                "进展状态为“已完成”时必填，且不得晚于报告期末。",
                width=14,
                carried=True,
            ),
            Column(
                "progress_note",
                "进展情况说明",
                TEXT,
                "简要说明进展、成效或存在的问题。",
                width=36,
                carried=True,
            ),
            Column("evidence", "佐证材料", TEXT, "佐证材料的名称或文号。", width=24),
        ),
    ),
    TableSheet(
        name="开放便利举措",
        help="附件2 中适用于本地区的开放便利举措，每项一行，模板已预填。",
        fact_table="fact_measure_status",
        key=("measure_code",),
        checks=(DoneNeedsDate("status", LANDED, "landed_date"),),
        subject=Subject(("measure_code",), "举措"),
        columns=(
            Column(
                "measure_code",
                "举措编号",
                CODE,
                "开放便利举措编号（如 M1），模板已预填。",
                required=True,
                codes="measure",
                width=10,
                prefilled=True,
            ),
            Column("field", "领域", TEXT, "模板已预填。", width=12, prefilled=True, stored=False),
            Column("industry", "涉及行业", TEXT, "模板已预填。", width=14, prefilled=True, stored=False),
            Column(
                "measure_text",
                "开放便利举措",
                TEXT,
                "举措原文，模板已预填。",
                width=40,
                prefilled=True,
                stored=False,
            ),
            Column(
                "status",
                "落地状态",
                CODE,
                "未启动、推进中、已落地或不适用。",
                required=True,
                codes="measure_status",
                width=10,
                carried=True,
            ),
            Column(
                "landed_date",
                "落地时间",
                DATE,
                "落地状态为“已落地”时必填，且不得晚于报告期末。",
                width=14,
                carried=True,
            ),
            Column("case_text", "典型案例", TEXT, "举措落地的典型案例。", width=36),
            Column("beneficiaries", "受益企业数", COUNT, "受益企业数量（家）。", width=12, carried=True),
        ),
    ),
    TableSheet(
        name="服务贸易数据",
        help="本季度服务进出口额，按国际收支服务分类（BPM6）12 类各一行，单位：万元人民币。",
        fact_table="fact_trade",
        key=("category_code",),
        fixed_rows=True,
        checks=(
            EveryCode("category_code"),
            AgainstHistory(("exports", "imports"), {"exports": "exports_prev", "imports": "imports_prev"}),
        ),
        subject=Subject(("category_code",), "服务类别"),
        columns=(
            Column(
                "category_code",
                "类别代码",
                CODE,
                "服务类别代码 1–12，模板已预填。",
                required=True,
                codes="category_code",
                width=10,
                prefilled=True,
            ),
            Column("category_name", "服务类别", TEXT, "模板已预填。", width=26, prefilled=True, stored=False),
            Column(
                "exports",
                "出口额（万元）",
                AMOUNT,
                "本季度出口额，单位万元。",
                required=True,
                width=16,
                total=True,
            ),
            Column(
                "imports",
                "进口额（万元）",
                AMOUNT,
                "本季度进口额，单位万元。",
                required=True,
                width=16,
                total=True,
            ),
            Column(
                "exports_prev", "上年同期出口额（万元）", AMOUNT, "上年同一季度出口额，单位万元。", width=22
            ),
            Column(
                "imports_prev", "上年同期进口额（万元）", AMOUNT, "上年同一季度进口额，单位万元。", width=22
            ),
        ),
    ),
    TableSheet(
        name="经验案例",
        help="本季度新形成的可复制可推广经验和案例，每个案例一行；没有可不填。",
        fact_table="fact_experience",
        key=("title",),
        subject=Subject(("title",)),
        columns=(
            Column("title", "案例名称", TEXT, "案例名称。", required=True, width=36),
            Column("area", "所属领域", CODE, "八个任务领域之一。", required=True, codes="area", width=20),
            Column(
                "case_type",
                "案例类型",
                CODE,
                "制度创新、经验做法或最佳实践案例。",
                required=True,
                codes="case_type",
                width=14,
            ),
            Column("practice", "主要做法", TEXT, "主要做法。", required=True, width=40),
            Column("effect", "取得成效", TEXT, "取得的成效。", width=40),
        ),
    ),
    TableSheet(
        name="重点联系企业名录",
        help="本地区服务贸易重点联系企业，每家企业一行。",
        fact_table="fact_key_enterprise",
        key=("credit_code",),
        subject=Subject(("credit_code", "name")),
        columns=(
            Column(
                "credit_code",
                "统一社会信用代码",
                TEXT,
                "18 位统一社会信用代码（GB 32100），须通过校验位检查。",
                required=True,
                width=22,
                rule="credit_code",
                carried=True,
            ),
            Column("name", "企业名称", TEXT, "企业全称。", required=True, width=32, carried=True),
            Column(
                "main_category",
                "主营服务类别",
                CODE,
                "12 个服务类别之一。",
                required=True,
                codes="category",
                width=26,
                carried=True,
            ),
            Column(
                "nature",
                "企业性质",
                CODE,
                "内资或外资（外资控股超过 50%）。",
                required=True,
                codes="nature",
                width=10,
                carried=True,
            ),
        ),
    ),
)


KIND_LABELS = {"region": "试点地区季度报表", "enterprise": "重点联系企业服务贸易直报表"}
UNITS = {"region": "万元人民币", "enterprise": "万美元"}
CURRENCIES = {"region": "CNY", "enterprise": "USD"}
AMOUNT_UNITS = {"CNY": "万元", "USD": "万美元"}


@dataclass(frozen=True)
class WorkbookKind:
    """A workbook kind's sheets; called with a catalog (and a region), it gives the spec with their code lists."""

    kind: str
    form: FormSheet
    tables: tuple[TableSheet, ...]

    def __call__(self, catalog: Catalog, region_code: str | None = None) -> WorkbookSpec:
        return WorkbookSpec(
            self.kind,
            KIND_LABELS[self.kind],
            catalog.template_version,
            UNITS[self.kind],
            self.form,
            self.tables,
            code_lists(catalog, region_code),
            CURRENCIES[self.kind],
        )


region_spec = WorkbookKind("region", REGION_FORM, REGION_TABLES)


ENTERPRISE_FORM = _form(
    "所在试点地区",
    "填报企业所在的试点地区，模板已预填。",
    "填报单位全称：企业自行报送填企业名称，地区汇总报送填商务主管部门名称。",
)

ENTERPRISE_TABLES = (
    TableSheet(
        name="服务进出口",
        help="本季度每家企业按服务类别和国家（地区）各填一行，单位：万美元。一个工作簿可包含一家或多家企业。",
        fact_table="fact_enterprise_trade",
        key=("credit_code", "category_code", "partner"),
        checks=(AtLeastOneRow(), SameName("credit_code", "name"), OnRoster("credit_code", "name")),
        subject=Subject(("credit_code", "name")),
        columns=(
            Column(
                "credit_code",
                "统一社会信用代码",
                TEXT,
                "18 位统一社会信用代码（GB 32100），须通过校验位检查。",
                required=True,
                width=22,
                rule="credit_code",
                carried=True,
            ),
            Column(
                "name",
                "企业名称",
                TEXT,
                "企业全称；同一信用代码的企业名称须一致。",
                required=True,
                width=32,
                carried=True,
            ),
            Column(
                "category_code",
                "服务类别代码",
                CODE,
                "服务类别，从下拉列表选择（如 9 电信、计算机和信息服务），也可只填代码 1–12。",
                required=True,
                codes="category_code",
                width=26,
                carried=True,
            ),
            Column(
                "partner",
                "国家（地区）",
                CODE,
                "交易对方所在国家（地区），如 中国香港、美国。",
                required=True,
                codes="country",
                width=18,
                carried=True,
            ),
            Column(
                "exports_usd",
                "出口额（万美元）",
                AMOUNT,
                "本季度出口额，单位万美元。",
                required=True,
                width=16,
                total=True,
            ),
            Column(
                "imports_usd",
                "进口额（万美元）",
                AMOUNT,
                "本季度进口额，单位万美元。",
                required=True,
                width=16,
                total=True,
            ),
        ),
    ),
)


enterprise_spec = WorkbookKind("enterprise", ENTERPRISE_FORM, ENTERPRISE_TABLES)
SPECS: dict[str, WorkbookKind] = {"region": region_spec, "enterprise": enterprise_spec}


def detect_kind(sheet_names: list[str]) -> str | None:
    """The workbook kind most of whose data sheets are present (sheet names are the signature); None if none is."""
    names = set(sheet_names)
    found = {kind: sum(t.name in names for t in make.tables) for kind, make in SPECS.items()}
    best = max(found.values())
    winners = [kind for kind, n in found.items() if n == best]
    return winners[0] if best and len(winners) == 1 else None


def all_tables() -> list[TableSheet]:
    """Every table sheet of every workbook kind."""
    return [t for make in SPECS.values() for t in make.tables]
