"""Validation of sheets whose enterprises repeat: each distinct text is checked once, every cell still named."""

import random
from datetime import date

import numpy as np
import pandas as pd

from ingest.credit_code import check_character
from ingest.reader import RawWorkbook
from ingest.spec import enterprise_spec, region_spec
from ingest.validate import _parse_texts, _Texts, parse_column, validate

FORM = [
    ["所在试点地区", "上海"],
    ["报告期", "2019Q4"],
    ["填报单位", "上海市商务委员会"],
    ["联系人", "王伟"],
    ["联系电话", "021-12345678"],
    ["填报日期", date(2019, 12, 20)],
]
HEADER = [
    "统一社会信用代码",
    "企业名称",
    "服务类别代码",
    "国家（地区）",
    "出口额（万美元）",
    "进口额（万美元）",
]


def _code(i: int) -> str:
    body = f"91310115{i:09d}"
    return body + check_character(body)


def _workbook(rows: list[list]) -> RawWorkbook:
    return RawWorkbook(["基本信息", "服务进出口"], {"基本信息": FORM, "服务进出口": [HEADER] + rows})


def test_a_mistake_repeated_down_the_sheet_is_reported_at_every_cell(catalog):
    partners = ["美国", " 中国香港", "日本　", "新加坡"]  # spaces around a label are forgiven, as before
    rows = []
    for firm in range(3):
        for k in range(40):
            rows.append([_code(firm), f"测试{firm}有限公司", float(1 + k % 10), partners[k // 10], 1.5, 0.0])
    bad = _code(1)[:17] + (
        "0" if _code(1)[17] != "0" else "1"
    )  # a wrong check digit on every row of the second firm
    for row in rows[40:80]:
        row[0] = bad
    rows[100][1] = "测试2有限责任公司"  # the third firm's name changes once: Excel row 102
    rows[119][3] = "火星"  # not a country: row 121

    checked = validate(_workbook(rows), catalog)
    cells = [(p.cell, p.code) for p in checked.errors]
    assert [c for c in cells if c[1] == "bad_value" and c[0].startswith("服务进出口!A")] == [
        (f"服务进出口!A{r}", "bad_value") for r in range(42, 82)
    ]
    assert ("服务进出口!D121", "bad_value") in cells
    assert ("服务进出口!B102", "name_conflict") in cells
    assert len(cells) == 42
    assert all(p.value == bad for p in checked.errors[:40]) and "校验位" in checked.errors[0].message


def test_a_clean_repeated_sheet_stores_every_row(catalog):
    rows = [
        [
            _code(k % 7),
            f"测试{k % 7}有限公司",
            float(1 + k % 12),
            ["美国", "日本", "英国"][k // 84 % 3],
            round(k * 0.37, 2),
            0.0,
        ]
        for k in range(252)
    ]
    checked = validate(_workbook(rows), catalog)
    assert checked.ok, checked.errors[:3]
    df = checked.tables["服务进出口"]
    assert len(df) == 252 and df["row_no"].tolist() == list(range(2, 254))
    assert df["credit_code"].tolist() == [r[0] for r in rows]
    assert df["category_code"].tolist() == [int(r[2]) for r in rows]
    assert set(df["partner"]) == {"USA", "JPN", "GBR"}


def test_parsing_each_distinct_text_once_equals_parsing_row_by_row(catalog):
    """The shortcut behind the speed: the same stored values and the same (row, reason) pairs as cell by cell."""
    rng = random.Random(7)
    pools = {
        "credit_code": [
            _code(1),
            _code(2),
            " " + _code(3),
            _code(4).lower(),
            _code(5)[:17] + "X",
            "１" + _code(6)[1:],
            "",
            "  ",
            None,
        ],
        "name": ["甲公司", " 甲公司", "乙公司 ", "", "　", "长" * 40_000, None],
        "partner": ["美国", " 美国", "中国香港", "大韩民国", "ＵＳＡ", "火星", "", None],
        "exports_usd": [
            "1,234.5",
            "１２",
            " 7 ",
            "abc",
            "-3",
            "1.005",
            "1_000",
            "2e7",
            "20,000,000",
            "-0",
            "",
            None,
        ],
    }
    columns = {c.key: c for c in enterprise_spec(catalog).tables[0].columns}
    region = region_spec(catalog, "beijing")
    dated = {
        "planned_date": [
            "2019-03-31",
            "２０１９年３月３１日",
            "20190331",
            "2019/13/01",
            "明年",
            "9999-12-31",
            "",
            None,
        ],
        "beneficiaries": ["12", "3.5", "-1", "1,000", "３", "", None],
    }
    region_columns = {c.key: c for t in region.tables for c in t.columns}
    cases = [(columns[k], enterprise_spec(catalog), pool) for k, pool in pools.items()]
    cases += [(region_columns[k], region, pool) for k, pool in dated.items()]
    seen = set()
    for column, spec, pool in cases:
        cells = np.array([rng.choice(pool) for _ in range(300)], dtype=object)
        codes, distinct = pd.factorize(cells)
        fast_notes, slow_notes = [], []
        fast, fast_failures = _parse_texts(column, _Texts(codes, distinct), spec, notes=fast_notes)
        slow, slow_failures = parse_column(column, pd.Series(cells, dtype=object), spec, notes=slow_notes)
        pd.testing.assert_series_equal(fast, slow, check_names=False)
        assert fast_failures == slow_failures, column.key
        assert fast_notes == slow_notes, column.key
        seen |= {(column.key, code) for _, code, _ in slow_notes}
        seen |= {(column.key, why[:6]) for _, why in slow_failures}
    assert {("name", "long_text"), ("exports_usd", "rounded"), ("exports_usd", "超过合理上限")} <= seen
    assert {("exports_usd", "不是数字，请"), ("planned_date", "不在合理的日")} <= seen
