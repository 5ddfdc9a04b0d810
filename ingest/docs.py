"""Template documentation generated from the specs: the 填报说明 sheet and docs/templates.md."""
from __future__ import annotations

from .spec import CODE, TYPE_HELP, WorkbookSpec

HEADER = ["工作表", "字段", "类型", "必填", "说明", "可选值"]
MAX_LISTED = 12  # longer code lists are only in the dropdowns


def _allowed(spec: WorkbookSpec, column) -> str:
    if column.type != CODE:
        return ""
    labels = spec.code_lists[column.codes].labels
    return "、".join(labels) if len(labels) <= MAX_LISTED else f"共 {len(labels)} 项，见下拉列表"


def instruction_rows(spec: WorkbookSpec) -> list[list[str]]:
    """Rows of the 填报说明 sheet: a heading and the field table for each sheet."""
    rows: list[list[str]] = [
        ["填写须知"],
        ["1. 请勿修改工作表名称、列标题和灰色底纹的预填内容；可在表格中插入行。"],
        ["2. 金额单位为万元人民币；日期写成 2019-03-31 或选用 Excel 日期格式。"],
        ["3. 上传后平台逐项检查，发现问题会列出所在工作表、单元格和修改方法。"],
        [],
        HEADER,
    ]
    for sheet in [spec.form, *spec.tables]:
        columns = sheet.fields if hasattr(sheet, "fields") else sheet.columns
        rows.append([sheet.name, "", "", "", sheet.help, ""])
        for c in columns:
            rows.append(["", c.header, TYPE_HELP[c.type], "是" if c.required else "", c.help, _allowed(spec, c)])
    return rows


def markdown(spec: WorkbookSpec) -> str:
    """The same documentation as Markdown, for docs/templates.md."""
    out = [f"# {spec.title}（模板版本 {spec.version}）", "", "本文件由 `python -m ingest docs` 根据模板定义生成，请勿手工修改。", ""]
    for sheet in [spec.form, *spec.tables]:
        columns = sheet.fields if hasattr(sheet, "fields") else sheet.columns
        out += [f"## {sheet.name}", "", sheet.help, "", "| 字段 | 类型 | 必填 | 说明 | 可选值 |", "|---|---|---|---|---|"]
        for c in columns:
            out.append(f"| {c.header} | {TYPE_HELP[c.type]} | {'是' if c.required else ''} | {c.help} | {_allowed(spec, c)} |")
        out.append("")
    return "\n".join(out)
