"""Golden data set: 3 regions × 5 quarters, written through the template writer and loaded through the real loader.

北京 (39 tasks), 威海 and 陕西西咸新区 (38 tasks each), 2018Q3 … 2019Q3. Each workbook's category c exports
c × E 万元 (so the total is 78 × E) and imports 50 万元 per category (600 in all). E per quarter:
    北京 100, 110, 120, 130, 150      威海 10, 10, 12, 12, 7 (a superseded 2019Q3 said 1000)      西咸 1, 2, —, 4, 5
西咸 missed 2019Q1. Receipts: on time (deadline − 2 days) except 威海 2018Q4 (2019-01-15) and 西咸 2019Q3 (2019-10-20).
The expected value of every indicator is written below with its arithmetic. As of 2019-12-31.
"""

from datetime import date, datetime, timedelta

import pytest

import indicators
from base.text import normalise_title
from ingest.loader import load_file
from ingest.spec import enterprise_spec
from ingest.template import prefilled_content, write_workbook
from reference import Quarter
from reference.evaluation import load_config

from .conftest import VALID_CODE, filled_content, write_filled

AS_OF = date(2019, 12, 31)
E = {"beijing": [100, 110, 120, 130, 150], "weihai": [10, 10, 12, 12, 7], "xixian": [1, 2, None, 4, 5]}
PERIODS = ["2018Q3", "2018Q4", "2019Q1", "2019Q2", "2019Q3"]
LATE = {("weihai", "2018Q4"): datetime(2019, 1, 15, 9), ("xixian", "2019Q3"): datetime(2019, 10, 20, 9)}
WANGZHANMAO = "“网展贸”服务新模式"


def _on_time(catalog, period):
    return datetime.combine(catalog.deadline(period) - timedelta(days=2), datetime.min.time()).replace(
        hour=10
    )


def _content(catalog, region, period, e):
    content = filled_content(catalog, region, period, exports=float(e))
    if (region, period) == ("beijing", "2018Q3"):
        for row in content.tables["服务贸易数据"]:
            row["exports_prev"] = row["category_code"] * 80.0  # Σ = 6,240
    case = {
        ("beijing", "2018Q4"): WANGZHANMAO,
        ("beijing", "2019Q2"): "零工创客共享服务",
        ("beijing", "2019Q3"): ' "网展贸" 服务新模式 ',
        ("weihai", "2018Q3"): "案例甲",
        ("xixian", "2019Q3"): "案例乙",
    }.get((region, period))
    if case:
        content.tables["经验案例"] = [
            {
                "title": case,
                "area": "进一步创新发展模式",
                "case_type": "经验做法",
                "practice": f"{period} 的做法",
            }
        ]
    if (region, period) == ("beijing", "2019Q3"):
        tasks = content.tables["任务进展"]  # T1.2, T1.3, T1.4, … (T1.1 is central)
        extra = dict(
            tasks[0], measure="第二项举措", planned_date=date(2019, 12, 31)
        )  # T1.2's second measure, 推进中
        tasks[0].update(status="已完成", completed_date=date(2019, 8, 1))  # planned 2019-09-30: on time
        tasks[1].update(
            status="已完成", completed_date=date(2019, 9, 15), planned_date=date(2019, 6, 30)
        )  # late
        tasks[2].update(planned_date=date(2019, 3, 31))  # 推进中 past its plan: overdue
        tasks.insert(1, extra)
        opening = content.tables["开放便利举措"]  # M1, M2, M3, M5, M6, M7, M8
        opening[0].update(status="已落地", landed_date=date(2018, 9, 30))  # 91 days after 2018-07-01
        opening[1].update(status="已落地", landed_date=date(2019, 7, 1))  # 365 days
        opening[2].update(status="不适用")
    if (region, period) == ("weihai", "2019Q3"):
        for row in content.tables["任务进展"]:
            row.update(status="已完成", completed_date=date(2019, 9, 1))
    return content


@pytest.fixture(scope="module")
def golden(tmp_path_factory, catalog):
    from warehouse import Warehouse

    d = tmp_path_factory.mktemp("golden")
    wh = Warehouse(d / "golden.duckdb", catalog)
    for region, values in E.items():
        for period, e in zip(PERIODS, values):
            if e is None:
                continue
            if (region, period) == (
                "weihai",
                "2019Q3",
            ):  # first sent with 1000, on time; corrected after the deadline
                wrong = write_filled(
                    catalog, d / "wh_wrong.xlsx", region, period, _content(catalog, region, period, 1000)
                )
                assert load_file(wh, wrong, received_at=_on_time(catalog, period)).status == "accepted"
            book = write_filled(
                catalog, d / f"{region}_{period}.xlsx", region, period, _content(catalog, region, period, e)
            )
            received = (
                datetime(2019, 10, 15, 9)
                if (region, period) == ("weihai", "2019Q3")
                else LATE.get((region, period), _on_time(catalog, period))
            )
            result = load_file(wh, book, received_at=received)
            assert result.status == "accepted", [str(p) for p in result.errors]
    q = Quarter.parse("2019Q3")
    spec = enterprise_spec(catalog, "beijing")
    content = prefilled_content(spec, catalog, "beijing", q)
    content.form.update(filler="北京市商务局", contact="王伟", phone="010-1", filled_date=q.end)
    content.tables["服务进出口"] = [
        {
            "credit_code": VALID_CODE,
            "name": "厦门某信息技术有限公司",
            "category_code": 9,
            "partner": "美国",
            "exports_usd": 1000.0,
            "imports_usd": 0.0,
        },
        {
            "credit_code": VALID_CODE,
            "name": "厦门某信息技术有限公司",
            "category_code": 10,
            "partner": "中国香港",
            "exports_usd": 10.0,
            "imports_usd": 0.0,
        },
        {
            "credit_code": "91440101MA5CJQ4N59",
            "name": "广州某公司",
            "category_code": 9,
            "partner": "日本",
            "exports_usd": 500.0,
            "imports_usd": 0.0,
        },
    ]
    write_workbook(d / "bj_firms.xlsx", spec, catalog, "beijing", q, content)
    assert load_file(wh, d / "bj_firms.xlsx", received_at=_on_time(catalog, "2019Q3")).status == "accepted"
    with (
        wh.transaction() as cur
    ):  # the office marks 网展贸 as 已复制推广 (before AS_OF: a later mark would not count)
        cur.execute(
            """INSERT INTO experience_adoption (region_code, title_key, marked_at, marked_by)
               VALUES ('beijing', ?, TIMESTAMP '2019-11-20 10:00', '办公室')""",
            [normalise_title(WANGZHANMAO)],
        )
    yield wh
    wh.close()


@pytest.fixture(scope="module")
def q3(golden):
    return indicators.scores(golden, "2019Q3", as_of=AS_OF).set_index("region_code")


def test_tasks(q3):
    bj, wh, xx = q3.loc["beijing"], q3.loc["weihai"], q3.loc["xixian"]
    assert (
        bj["tasks_total"] == 39 and bj["measures_listed"] == 40
    )  # 39 pre-filled rows + T1.2's second measure
    assert bj["tasks_completed"] == 1  # T1.3 only: T1.2 still has a measure 推进中
    assert bj["task_completion_rate"] == pytest.approx(1 / 39)
    assert bj["tasks_with_completed_measure"] == 2 and bj[
        "tasks_with_completed_measure_share"
    ] == pytest.approx(2 / 39)
    assert (bj["measures_completed"], bj["measures_in_progress"], bj["measures_not_started"]) == (2, 38, 0)
    assert bj["measure_completion_rate"] == pytest.approx(2 / 40)
    assert bj["on_time_rate"] == pytest.approx(
        1 / 2
    )  # T1.2 on 2019-08-01 ≤ 2019-09-30; T1.3 on 2019-09-15 > 2019-06-30
    assert bj["overdue_measures"] == 1  # T1.4 planned 2019-03-31, 推进中
    assert (
        bj["area_completion_rate_1"] == pytest.approx(2 / 4) and bj["area_completion_rate_2"] == 0
    )  # area 1: T1.2 ×2, T1.3, T1.4
    assert (
        wh["tasks_completed"],
        wh["task_completion_rate"],
        wh["on_time_rate"],
        wh["overdue_measures"],
    ) == (38, 1.0, 1.0, 0)
    assert (xx["tasks_completed"], xx["task_completion_rate"]) == (0, 0.0)
    assert pd_na(q3.loc["beijing"], "on_time_rate") is False and pd_na(
        xx, "on_time_rate"
    )  # none completed: null
    assert pd_na(q3.loc["shanghai"], "tasks_completed") and q3.loc["shanghai", "tasks_total"] == 38


def pd_na(row, field):
    import pandas as pd

    return bool(pd.isna(row[field]))


def test_opening_measures(q3):
    bj = q3.loc["beijing"]
    assert (bj["opening_applicable"], bj["opening_landed"]) == (6, 2)  # 7 rows, M3 不适用
    assert bj["opening_landing_rate"] == pytest.approx(2 / 6)
    assert bj["opening_days_to_land"] == pytest.approx((91 + 365) / 2)
    assert (q3.loc["weihai", "opening_applicable"], q3.loc["weihai", "opening_landed"]) == (7, 0)


def test_trade(q3, golden):
    bj, wh, xx = q3.loc["beijing"], q3.loc["weihai"], q3.loc["xixian"]
    assert (bj["exports"], wh["exports"], xx["exports"]) == (
        78 * 150,
        78 * 7,
        78 * 5,
    )  # 11,700; 546 (not the superseded 78,000); 390
    assert (bj["imports"], bj["trade_total"], bj["balance"]) == (600, 12300, 11100)
    assert bj["export_yoy"] == pytest.approx(11700 / 7800 - 1)  # vs 2018Q3 in the warehouse: +50%
    assert wh["export_yoy"] == pytest.approx(546 / 780 - 1)  # −30%
    assert xx["export_yoy"] == pytest.approx(390 / 78 - 1)  # +400%
    assert (
        bj["export_yoy_basis"] == "仓库数据"
        and bj["import_yoy"] == 0
        and bj["total_yoy"] == pytest.approx(12300 / 8400 - 1)
    )
    assert (bj["ytd_exports"], bj["ytd_quarters"]) == (78 * (120 + 130 + 150), 3)  # 2019Q1–Q3
    assert (xx["ytd_exports"], xx["ytd_quarters"]) == (78 * (4 + 5), 2)  # 西咸 missed 2019Q1
    assert bj["export_share"] == pytest.approx(11700 / (11700 + 546 + 390))
    assert bj["ki_exports"] == 51 * 150 and bj["ki_export_share"] == pytest.approx(
        51 / 78
    )  # categories 6–11: Σ c = 51
    first = indicators.scores(golden, "2018Q3", as_of=AS_OF).set_index("region_code")
    assert first.loc["beijing", "export_yoy"] == pytest.approx(
        7800 / 6240 - 1
    )  # from the 上年同期 column: +25%
    assert first.loc["beijing", "export_yoy_basis"] == "上年同期列" and pd_na(
        first.loc["weihai"], "export_yoy"
    )


def test_key_enterprises(q3):
    bj = q3.loc["beijing"]
    assert (bj["listed_enterprises"], bj["reporting_enterprises"]) == (1, 2)
    assert bj["direct_report_coverage"] == 1.0  # the one listed enterprise reported
    assert bj["enterprise_exports"] == pytest.approx((1000 + 10 + 500) * 6.8985)  # 万美元 × the 2019 rate
    assert bj["enterprise_excess_categories"] == 1  # category 9: 1,500 × 6.8985 = 10,347.75 > 9 × 150 = 1,350
    assert (
        q3.loc["weihai", "listed_enterprises"],
        q3.loc["weihai", "reporting_enterprises"],
        q3.loc["weihai", "direct_report_coverage"],
    ) == (1, 0, 0.0)


def test_experience(q3):
    bj = q3.loc["beijing"]
    assert (bj["experience_items"], bj["experience_new"], bj["experience_adopted"]) == (
        2,
        0,
        1,
    )  # 网展贸 (twice) and 零工创客
    assert bj["adoption_rate"] == 0.5
    assert (q3.loc["weihai", "experience_items"], q3.loc["xixian", "experience_new"]) == (1, 1)


def test_reporting(q3):
    bj, wh, xx = q3.loc["beijing"], q3.loc["weihai"], q3.loc["xixian"]
    assert (
        bj["expected_reports"],
        bj["on_time_reports"],
        bj["completeness_rate"],
        bj["timeliness_rate"],
    ) == (5, 5, 1.0, 1.0)
    # 威海: 2018Q4 late; 2019Q3 first arrived on time (its correction came after the deadline)
    assert (wh["on_time_reports"], wh["late_reports"], wh["completeness_rate"], wh["timeliness_rate"]) == (
        4,
        1,
        1.0,
        0.8,
    )
    # 西咸: 2019Q1 missing, 2019Q3 late
    assert (
        xx["submitted_reports"],
        xx["missing_reports"],
        xx["completeness_rate"],
        xx["timeliness_rate"],
    ) == (4, 1, 0.8, 0.6)
    assert (q3.loc["shanghai", "expected_reports"], q3.loc["shanghai", "completeness_rate"]) == (5, 0.0)


def test_composite_score_rank_and_rank_change(q3):
    # weights 30 tasks (target 1), 20 growth (minmax), 15 exports (minmax), 10 ki share (minmax), 15
    # experience (minmax), 10 timeliness (target 1)
    # growth minmax over +0.5, −0.3, +4.0; exports over 11,700, 546, 390; ki share equal (51/78) → 1;
    # experience over 2, 1, 1, 0 …
    expected = {
        "beijing": 30 * (1 / 39) + 20 * (0.8 / 4.3) + 15 * 1 + 10 + 15 * 1 + 10,  # 54.490161
        "weihai": 30 * 1 + 20 * 0 + 15 * (156 / 11310) + 10 + 15 * 0.5 + 10 * 0.8,  # 55.706897
        "xixian": 30 * 0 + 20 * 1 + 15 * 0 + 10 + 15 * 0.5 + 10 * 0.6,  # 43.5
        "shanghai": 0.0,
    }
    for region, score in expected.items():
        assert q3.loc[region, "score"] == pytest.approx(score), region
    contributions = [c for c in q3.columns if c.startswith("contribution_")]
    assert q3.loc["beijing", contributions].sum() == pytest.approx(expected["beijing"])
    assert q3.loc["beijing", "contribution_export_yoy"] == pytest.approx(20 * 0.8 / 4.3)
    assert (
        q3.loc["weihai", "rank"],
        q3.loc["beijing", "rank"],
        q3.loc["xixian", "rank"],
        q3.loc["shanghai", "rank"],
    ) == (1, 2, 3, 4)
    # 2019Q2: no growth anywhere (no base), tasks all 推进中: 北京 15 + 10 + 15 + 10 = 50; 威海 15 × 624/9828
    # + 10 + 7.5 + 7.5
    # = 25.95; 西咸 10 + 0 + 7.5 = 17.5 → ranks 1, 2, 3; so 北京 fell one place and 威海 rose one
    assert (
        q3.loc["beijing", "rank_change"],
        q3.loc["weihai", "rank_change"],
        q3.loc["xixian", "rank_change"],
    ) == (-1, 1, 0)


def test_other_weights(golden, tmp_path):
    config = tmp_path / "weights.toml"
    config.write_text(
        '[[score]]\nindicator = "exports"\nweight = 1\nnormalisation = "minmax"\n', encoding="utf-8"
    )
    table = indicators.scores(golden, "2019Q3", load_config(config), as_of=AS_OF).set_index("region_code")
    assert table.loc["beijing", "score"] == 100 and table.loc["xixian", "score"] == 0
    assert table.loc["weihai", "score"] == pytest.approx(100 * 156 / 11310)


def test_warnings(golden):
    alerts = indicators.warnings(golden, "2019Q3", as_of=AS_OF)
    ours = [
        (w["region_code"], w["rule"]) for w in alerts if w["region_code"] in ("beijing", "weihai", "xixian")
    ]
    assert ours == [
        ("beijing", "overdue_measures"),
        ("beijing", "enterprise_excess"),
        ("weihai", "export_drop"),
        ("weihai", "experience_quiet"),
        ("xixian", "not_on_time"),
    ]
    drop = next(w for w in alerts if w["rule"] == "export_drop")
    assert drop["figures"] == {"exports": 546.0, "export_base": 780.0, "export_yoy": -0.3, "threshold": -0.2}
    assert drop["message"] == "出口同比下降 30.0%（本季度 546.00 万元，基数 780.00 万元）"
    excess = next(w for w in alerts if w["rule"] == "enterprise_excess")
    assert excess["figures"]["category_code"] == 9 and excess["figures"]["region_exports"] == 1350.0
    late = next(w for w in alerts if w["rule"] == "not_on_time" and w["region_code"] == "xixian")
    assert late["message"] == "本季度报表于 2019-10-20 09:00 收到，晚于截止日期 2019-10-10"
    # the 14 regions that sent nothing: missing, and quiet
    assert sum(w["rule"] == "not_on_time" for w in alerts) == 1 + 14


def test_a_superseded_workbook_raises_no_tenfold_warning(golden):
    alerts = indicators.warnings(golden, "2019Q3", as_of=AS_OF)
    assert not [w for w in alerts if w["rule"] == "tenfold"]  # 威海's 78,000 was superseded by 546


def test_tenfold_rule_both_ways():
    import pandas as pd

    from indicators.alerts import early_warnings

    config = load_config()
    table = pd.DataFrame(
        [
            {
                "region_code": "wuhan",
                "region": "武汉",
                "export_yoy": None,
                "overdue_measures": 0,
                "exports": 1.0,
                "export_base": None,
                "measures_listed": 1,
            }
        ]
    )
    now = pd.DataFrame(
        {
            "region_code": ["wuhan"] * 3,
            "category_code": [1, 2, 3],
            "exports": [1100.0, 9.0, 50.0],
            "imports": [5.0, 5.0, 0.0],
        }
    )
    last = pd.DataFrame(
        {
            "region_code": ["wuhan"] * 3,
            "category_code": [1, 2, 3],
            "exports": [100.0, 100.0, 0.0],
            "imports": [5.0, 5.0, 5.0],
        }
    )
    empty = pd.DataFrame(columns=["region_code", "period", "status", "deadline", "received_at"])
    cross = pd.DataFrame(
        columns=["region_code", "category_code", "excess", "enterprise_exports", "region_exports"]
    ).astype({"excess": bool})
    alerts = early_warnings(
        "2019Q3",
        config,
        table,
        empty,
        cross,
        now,
        last,
        pd.DataFrame(columns=["region_code", "first_seq"]),
        1,
        {1: "加工服务", 2: "维护和维修服务", 3: "运输"},
    )
    tenfold = [
        (w["figures"]["category_code"], w["figures"]["ratio"]) for w in alerts if w["rule"] == "tenfold"
    ]
    assert tenfold == [
        (1, 11.0),
        (2, 0.09),
    ]  # 1,100 vs 100 (×11); 9 vs 100 (under 1/10); nothing from a zero base
    assert "为上季度 100.00 万元的 11.00 倍" in alerts[0]["message"]
