"""The spec is the one description of every sheet: the warehouse, the template, its instructions and the
loader follow it."""

import io

import duckdb
import pytest
from openpyxl import load_workbook

from ingest.loader import check_bytes
from ingest.spec import INSTRUCTIONS_SHEET, SPECS, all_tables, detect_kind, enterprise_spec
from ingest.template import prefilled_content, write_workbook
from reference import Quarter
from warehouse.migrate import migrate

from .conftest import VALID_CODE


@pytest.fixture(scope="module")
def schema():
    """Column names of every table of a freshly migrated warehouse."""
    with duckdb.connect() as con:
        migrate(con)
        rows = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database()"
        ).fetchall()
    out: dict[str, set[str]] = {}
    for table, column in rows:
        out.setdefault(table, set()).add(column)
    return out


@pytest.mark.parametrize("table", all_tables(), ids=lambda t: t.name)
def test_every_stored_column_is_a_column_of_its_fact_table(table, schema):
    assert table.fact_table in schema, f"{table.name}: no table {table.fact_table} after the migrations"
    columns = schema[table.fact_table]
    missing = [c.key for c in table.stored_columns if c.key not in columns]
    assert not missing, f"{table.name} → {table.fact_table}: no column for {missing}"
    # and the other way round: every data column of the fact table comes from the sheet
    assert columns - {c.key for c in table.stored_columns} == {"submission_id", "row_no"}


def _instructions(kind, catalog, region="beijing"):
    spec = SPECS[kind](catalog, region)
    buffer = io.BytesIO()
    write_workbook(buffer, spec, catalog, region, Quarter.parse("2019Q4"))
    ws = load_workbook(io.BytesIO(buffer.getvalue()))[INSTRUCTIONS_SHEET]
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value]


def test_each_workbook_kind_states_its_own_unit(catalog):
    region, enterprise = _instructions("region", catalog), _instructions("enterprise", catalog)
    assert "2. 金额单位为万元人民币；日期写成 2019-03-31 或选用 Excel 日期格式。" in region
    assert "2. 金额单位为万美元；日期写成 2019-03-31 或选用 Excel 日期格式。" in enterprise
    assert not [text for text in region + enterprise if "万元人民币" in text and "万美元" in text]


def test_the_instructions_speak_to_the_clerk_only(catalog):
    for kind in SPECS:
        text = "\n".join(_instructions(kind, catalog))
        for developer_word in ("python", "ingest", "docs/", "生成", "spec"):
            assert developer_word not in text, (kind, developer_word)


def test_the_category_dropdown_shows_code_and_name_and_either_is_accepted(catalog):
    spec = enterprise_spec(catalog, "shenzhen")
    codes = spec.code_lists["category_code"]
    assert codes.labels[8] == "9 电信、计算机和信息服务" and len(codes.labels) == 12
    content = prefilled_content(spec, catalog, "shenzhen", Quarter.parse("2019Q4"))
    content.form.update(filler="深圳某公司", contact="李娜", phone="0755-88886666", filled_date="2020-01-05")
    content.tables["服务进出口"] = [
        {
            "credit_code": VALID_CODE,
            "name": "深圳某公司",
            "category_code": category,
            "partner": "美国",
            "exports_usd": 1.0,
            "imports_usd": 0,
        }
        for category in ("9 电信、计算机和信息服务", "10", 11, "保险和养老金服务", "７ 金融服务")
    ]
    buffer = io.BytesIO()
    write_workbook(buffer, spec, catalog, "shenzhen", Quarter.parse("2019Q4"), content)
    result, checked = check_bytes(buffer.getvalue(), "e.xlsx", catalog)
    assert result.status == "accepted", [str(p) for p in result.errors]
    assert checked.tables["服务进出口"]["category_code"].tolist() == [9, 10, 11, 6, 7]


def test_the_kind_is_recognised_from_the_spec_sheets():
    assert (
        detect_kind(
            [
                "填报说明",
                "基本信息",
                "任务进展",
                "开放便利举措",
                "服务贸易数据",
                "经验案例",
                "重点联系企业名录",
            ]
        )
        == "region"
    )
    assert (
        detect_kind(["基本信息", "服务贸易数据"]) == "region"
    )  # most sheets missing: still a region workbook, to be told so
    assert detect_kind(["基本信息", "服务进出口"]) == "enterprise"
    assert detect_kind(["基本信息", "Sheet1"]) is None
