"""Every problem on a data row names what the row is about, as the sheet's spec declares it (Subject): the task for
任务进展, the measure for 开放便利举措, the category for 服务贸易数据, the enterprise for 服务进出口 and the
roster. The expected texts are written out by hand: a name longer than 20 characters is its first 19 and …"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from ingest.loader import check_file, load_file
from ingest.receipts import marked_workbook, receipt_problems
from ingest.spec import all_tables

from .conftest import ENTERPRISE_ROW as ROW
from .conftest import filled_content, write_enterprise, write_filled


def _texts(problems) -> list[str]:
    return [p.text for p in problems]


def test_task_progress_names_the_task(tmp_path, catalog):
    content = filled_content(catalog, "weihai", "2019Q4")  # 38 tasks, T1.2 … T8.5 on rows 2 … 39
    rows = content.tables["任务进展"]
    assert [rows[i]["task_code"] for i in (0, 3, 9, 37)] == ["T1.2", "T2.1", "T3.2", "T8.5"]
    rows[0]["status"] = "已完成"  # no 实际完成时间 → G2
    rows[3]["status"] = "完成"  # F5
    rows[9]["status"] = None  # F11
    del rows[37]  # T8.5 not reported: a warning naming the task
    rows.append(dict(rows[9], measure="第二项举措", planned_date="明年", status="推进中"))  # row 39, E39
    rows.append(dict(rows[9], task_code="T9.9", measure=None, status="推进中"))  # row 40: no such task
    result = check_file(write_filled(catalog, tmp_path / "t.xlsx", "weihai", "2019Q4", content))
    assert _texts(result.errors) == [
        "任务进展 F5（任务 T2.1 在试点地区分阶段推出开放便利举措）："
        "“进展状态”的值“完成”不是允许的值，请从下拉列表中选择：未启动、推进中、已完成",
        "任务进展 F11（任务 T3.2 鼓励金融机构在风险可控、商业可持续的前…）：“进展状态”未填写，请填写。",
        "任务进展 E39（任务 T3.2 鼓励金融机构在风险可控、商业可持续的前…）："
        "“计划完成时间”的值“明年”无法识别为日期，请填写日期，如 2019-03-31",
        "任务进展 A40：“任务编号”的值“T9.9”不是允许的值，请从下拉列表中选择：T1.2、T1.3、T1.4、T2.1、T2.2、"
        "T2.3、T2.4、T2.5、T3.1、T3.2、T3.3、T3.4 等 38 项",  # a code not in the list names no task
        "任务进展 D40：“具体举措”未填写，请填写。",
        "任务进展 G2（任务 T1.2 强化地方服务贸易跨部门统筹协调决策机制）："
        "状态为“已完成”时必须填写实际完成时间，请填写日期，如 2019-12-31。",
    ]
    assert result.errors[1].subject == "任务 T3.2 鼓励金融机构在风险可控、商业可持续的前…"
    assert result.errors[1].detail == (
        "任务 T3.2 鼓励金融机构在风险可控、商业可持续的前…：“进展状态”未填写，请填写。"
    )
    assert [(p.cell, p.subject, p.message) for p in result.warnings] == [
        ("任务进展", "", "试点任务 T8.5 逐步将有关服务贸易管理事项纳入国际贸易… 没有填报进展，请补充一行。")
    ]


def test_opening_measures_name_the_measure(tmp_path, catalog):
    content = filled_content(catalog, "weihai", "2019Q4")  # M1, M2, M3, M5 … on rows 2, 3, 4, 5 …
    content.tables["开放便利举措"][0]["status"] = "已落地"  # no 落地时间 → F2
    content.tables["开放便利举措"][2]["beneficiaries"] = "三家"  # H4
    result = check_file(write_filled(catalog, tmp_path / "m.xlsx", "weihai", "2019Q4", content))
    assert _texts(result.errors) == [
        "开放便利举措 H4（举措 M3 探索建立来华就医签证制度）：“受益企业数”的值“三家”不是数字，请填写不小于 0 的整数",
        "开放便利举措 F2（举措 M1 允许外商独资银行、中外合资银行、外国银…）："
        "状态为“已落地”时必须填写落地时间，请填写日期，如 2019-12-31。",
    ]


def test_trade_figures_name_the_category(tmp_path, catalog, warehouse):
    content = filled_content(catalog, "weihai", "2019Q4")
    content.tables["服务贸易数据"][2]["exports"] = -5  # category 3 → C4
    result = check_file(write_filled(catalog, tmp_path / "a.xlsx", "weihai", "2019Q4", content))
    assert _texts(result.errors) == [
        "服务贸易数据 C4（服务类别 3 运输）：“出口额（万元）”的值“-5”不能为负数，请填写不小于 0 的数字（单位见列名）"
    ]

    # a check against the warehouse names its row too
    earlier = filled_content(catalog, "wuhan", "2018Q4", exports=80.0)  # category 2: 160
    load_file(warehouse, write_filled(catalog, tmp_path / "b.xlsx", "wuhan", "2018Q4", earlier))
    content = filled_content(catalog, "wuhan", "2019Q1")
    content.tables["服务贸易数据"][1]["exports"] = 1700.0  # C3
    result = load_file(warehouse, write_filled(catalog, tmp_path / "c.xlsx", "wuhan", "2019Q1", content))
    assert _texts(result.warnings) == [
        "服务贸易数据 C3（服务类别 2 维护和维修服务）：维护和维修服务出口额 1,700.00 万元是上季度（160.00 万元）"
        "的 11 倍，请核对单位是否误填为元或亿元。"
    ]


def test_enterprise_rows_name_the_credit_code_and_the_enterprise(tmp_path, catalog, warehouse):
    rows = [
        ROW,
        dict(ROW, name="厦门某信息公司", category_code=10),  # another name for the same code → B3
        dict(ROW, credit_code="91350203M0001QAY9B", category_code=11),  # bad check digit → A4: the name alone
        dict(ROW, partner="火星", category_code=12),  # D5
    ]
    result = check_file(write_enterprise(catalog, tmp_path / "e.xlsx", "shenzhen", "2019Q4", rows))
    assert _texts(result.errors) == [
        "服务进出口 A4（厦门某信息技术有限公司）：“统一社会信用代码”的值“91350203M0001QAY9B”"
        "不是有效的统一社会信用代码：校验位不符（第 18 位应为 9），请核对是否抄错。",
        "服务进出口 D5（91350200776049653A 厦门某信息技术有限公司）：“国家（地区）”的值“火星”不是允许的值，"
        "请从下拉列表中选择：中国香港、美国、日本、新加坡、韩国、德国、英国、澳大利亚、加拿大、阿鲁巴、阿富汗、"
        "安哥拉 等 248 项",
        "服务进出口 B3（91350200776049653A 厦门某信息公司）：统一社会信用代码 91350200776049653A 在第 2 行的"
        "企业名称为“厦门某信息技术有限公司”，此处为“厦门某信息公司”，同一企业的名称须一致，请核对信用代码或名称。",
    ]

    # the roster check (a warning) names the enterprise too
    load_file(warehouse, write_filled(catalog, tmp_path / "r.xlsx", "shenzhen", "2019Q3"))  # lists VALID_CODE
    rows = [ROW, dict(ROW, credit_code="91440101MA5CJQ4N59", name="广州某公司")]
    result = load_file(warehouse, write_enterprise(catalog, tmp_path / "f.xlsx", "shenzhen", "2019Q4", rows))
    assert result.status == "accepted"
    assert _texts(result.warnings) == [
        "服务进出口 A3（91440101MA5CJQ4N59 广州某公司）：广州某公司（91440101MA5CJQ4N59）不在深圳报送的"
        "重点联系企业名录中，数据照常导入；如为新增重点联系企业，请在地区季度报表的名录中补充。"
    ]


def test_roster_rows_name_the_enterprise(tmp_path, catalog):
    content = filled_content(catalog, "weihai", "2019Q4")
    first = content.tables["重点联系企业名录"][0]  # VALID_CODE, 厦门某信息技术有限公司: row 2
    content.tables["重点联系企业名录"] += [
        dict(first, name="厦门某科技有限公司"),  # the same code again → A3
        dict(
            first,
            credit_code="91110108MA01B2C3X",
            name="北京某某国际文化传播股份有限公司北京分公司",
            nature="合资",
        ),
    ]
    result = check_file(write_filled(catalog, tmp_path / "r.xlsx", "weihai", "2019Q4", content))
    assert _texts(result.errors) == [
        # a code refused names the enterprise by its name alone, shortened after 19 characters
        "重点联系企业名录 A4（北京某某国际文化传播股份有限公司北京分…）：“统一社会信用代码”的值“91110108MA01B2C3X”"
        "不是有效的统一社会信用代码：应为 18 位，实为 17 位。",
        "重点联系企业名录 D4（北京某某国际文化传播股份有限公司北京分…）：“企业性质”的值“合资”不是允许的值，"
        "请从下拉列表中选择：内资、外资",
        "重点联系企业名录 A3（91350200776049653A 厦门某科技有限公司）：与第 2 行重复（统一社会信用代码相同），"
        "请合并或删除其中一行。",
    ]


def test_experience_items_name_their_title(tmp_path, catalog):
    content = filled_content(catalog, "weihai", "2019Q4")
    content.tables["经验案例"] = [
        {"title": "跨境金融服务创新", "area": "进一步扩大开放", "case_type": "制度创新", "practice": "做法"}
    ]
    result = check_file(write_filled(catalog, tmp_path / "x.xlsx", "weihai", "2019Q4", content))
    assert [p.text.split("：")[0] for p in result.errors] == ["经验案例 B2（跨境金融服务创新）"]


def test_the_form_names_no_row_subject(tmp_path, catalog):
    content = filled_content(catalog, "weihai", "2019Q4")
    content.form["filled_date"] = date(1900, 1, 1)
    result = check_file(write_filled(catalog, tmp_path / "f.xlsx", "weihai", "2019Q4", content))
    assert [(p.cell, p.subject) for p in result.errors] == [("基本信息!B6", "")]
    assert result.errors[0].text.startswith("基本信息 B6：“填报日期”的值")


def test_the_history_keeps_the_subjects_for_the_marked_workbook(tmp_path, catalog, warehouse):
    content = filled_content(catalog, "weihai", "2019Q4")
    content.tables["服务贸易数据"][2]["exports"] = -5  # C4
    load_file(warehouse, write_filled(catalog, tmp_path / "威海.xlsx", "weihai", "2019Q4", content))
    (receipt_id,) = warehouse.cursor().execute("SELECT id FROM receipt").fetchone()
    errors, _ = receipt_problems(warehouse, receipt_id)
    assert [(p.cell, p.subject) for p in errors] == [("服务贸易数据!C4", "服务类别 3 运输")]
    _, data = marked_workbook(warehouse, receipt_id)
    wb = load_workbook(io.BytesIO(data))
    detail = "服务类别 3 运输：“出口额（万元）”的值“-5”不能为负数，请填写不小于 0 的数字（单位见列名）"
    assert wb["服务贸易数据"]["C4"].comment.text == f"【错误】{detail}"
    assert wb["错误清单"]["F4"].value == detail
    stored = warehouse.query_df("SELECT problems FROM receipt")["problems"][0]
    assert '"subject": "服务类别 3 运输"' in stored


def test_every_table_sheet_declares_its_subject():
    """Declared once per sheet in the spec, so no problem on a data row goes unnamed."""
    assert {t.name: (t.subject.word, t.subject.columns) for t in all_tables()} == {
        "任务进展": ("任务", ("task_code",)),
        "开放便利举措": ("举措", ("measure_code",)),
        "服务贸易数据": ("服务类别", ("category_code",)),
        "经验案例": ("", ("title",)),
        "重点联系企业名录": ("", ("credit_code", "name")),
        "服务进出口": ("", ("credit_code", "name")),
    }
