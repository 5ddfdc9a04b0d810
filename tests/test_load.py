"""Loading: one transaction, supersede, duplicate, back-fill; and the round trip to the indicators."""

from dataclasses import replace
from datetime import date, datetime

import pytest

import indicators
from ingest import loader
from ingest.loader import load_file
from ingest.spec import region_spec

from .conftest import filled_content, write_filled


def _count(wh, table):
    return wh.cursor().execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_round_trip_to_indicators(tmp_path, catalog, warehouse):
    """Template → fill → load → indicators, against values computed by hand."""
    # 2018Q4: exports c × 80 per category c → 80 × 78 = 6,240; experience items A and B
    earlier = filled_content(catalog, "weihai", "2018Q4", exports=80.0)
    earlier.tables["经验案例"] = [
        {
            "title": "“网展贸”服务新模式",
            "area": "进一步创新发展模式",
            "case_type": "经验做法",
            "practice": "做法甲",
        },
        {
            "title": "零工创客共享服务",
            "area": "进一步培育市场主体",
            "case_type": "制度创新",
            "practice": "做法乙",
        },
    ]
    assert (
        load_file(warehouse, write_filled(catalog, tmp_path / "a.xlsx", "weihai", "2018Q4", earlier)).status
        == "accepted"
    )

    # 2019Q4: exports c × 100 → 7,800; imports 12 × 50 = 600
    content = filled_content(catalog, "weihai", "2019Q4")
    tasks = content.tables["任务进展"]
    tasks[0].update(status="已完成", completed_date=date(2019, 11, 30))  # T1.2 completed
    extra = dict(tasks[1], measure="第二项举措")  # T1.3 has two measures, one still 推进中 → not completed
    tasks[1].update(status="已完成", completed_date="2019/12/31")
    tasks.insert(2, extra)
    tasks[3].update(status="已完成", completed_date="2019年10月8日")  # T1.4 completed
    for row in content.tables["服务贸易数据"]:
        row["exports_prev"] = 1.0  # ignored: the warehouse holds 2018Q4
    content.tables["经验案例"] = [
        {
            "title": ' "网展贸" 服务新模式 ',
            "area": "进一步创新发展模式",
            "case_type": "经验做法",
            "practice": "同一案例再报",
        },
        {
            "title": "推进邮轮服务贸易新业态发展",
            "area": "进一步创新发展模式",
            "case_type": "最佳实践案例",
            "practice": "做法丙",
        },
    ]
    result = load_file(warehouse, write_filled(catalog, tmp_path / "b.xlsx", "weihai", "2019Q4", content))
    assert result.status == "accepted" and result.rows["任务进展"] == 39

    row = indicators.scores(warehouse, "2019Q4").set_index("region_code").loc["weihai"]
    assert row["tasks_total"] == 38
    assert row["tasks_completed"] == 2  # T1.2, T1.4
    assert row["task_completion_rate"] == pytest.approx(2 / 38)
    assert (row["exports"], row["imports"]) == (7800.0, 600.0)
    assert row["export_yoy"] == pytest.approx(7800 / 6240 - 1)  # = 0.25
    assert row["export_yoy_basis"] == "仓库数据"
    assert row["experience_items"] == 3  # 网展贸 counted once
    other = indicators.scores(warehouse, "2019Q4").set_index("region_code").loc["beijing"]
    assert (
        not other["submitted"]
        and other["tasks_total"] == 39
        and indicators.records(indicators.scores(warehouse, "2019Q4"))[0]["tasks_completed"] is None
    )


def test_yoy_falls_back_to_the_prev_year_column(tmp_path, catalog, warehouse):
    content = filled_content(catalog, "harbin", "2018Q3")
    for row in content.tables["服务贸易数据"]:
        row["exports_prev"] = row["category_code"] * 50.0  # 50 × 78 = 3,900
    load_file(warehouse, write_filled(catalog, tmp_path / "h.xlsx", "harbin", "2018Q3", content))
    row = indicators.scores(warehouse, "2018Q3").set_index("region_code").loc["harbin"]
    assert row["export_yoy"] == pytest.approx(7800 / 3900 - 1)
    assert row["export_yoy_basis"] == "上年同期列"


def test_resubmission_supersedes(tmp_path, catalog, warehouse):
    first = load_file(warehouse, write_filled(catalog, tmp_path / "v1.xlsx", "hainan", "2019Q1"))
    second_content = filled_content(catalog, "hainan", "2019Q1", exports=200.0)
    second = load_file(
        warehouse, write_filled(catalog, tmp_path / "v2.xlsx", "hainan", "2019Q1", second_content)
    )
    assert (second.status, second.supersedes) == ("accepted", first.submission_id)
    statuses = (
        warehouse.cursor().execute("SELECT id, status, supersedes FROM submission ORDER BY id").fetchall()
    )
    assert statuses == [
        (first.submission_id, "superseded", None),
        (second.submission_id, "accepted", first.submission_id),
    ]
    assert _count(warehouse, "fact_trade") == 24  # the earlier figures stay
    row = indicators.scores(warehouse, "2019Q1").set_index("region_code").loc["hainan"]
    assert row["exports"] == 200 * 78


def test_same_file_twice_is_a_duplicate(tmp_path, catalog, warehouse):
    path = write_filled(catalog, tmp_path / "d.xlsx", "suzhou", "2019Q3")
    assert load_file(warehouse, path).status == "accepted"
    before = [_count(warehouse, t) for t in ("submission", "fact_task_progress", "fact_trade")]
    again = load_file(warehouse, path)
    assert again.status == "duplicate" and again.submission_id is None
    assert [_count(warehouse, t) for t in ("submission", "fact_task_progress", "fact_trade")] == before


def test_backfilled_receipt_time(tmp_path, catalog, warehouse):
    path = write_filled(catalog, tmp_path / "bf.xlsx", "tianjin", "2018Q4")
    load_file(warehouse, path, received_at=datetime(2019, 1, 12, 10, 0), received_from="天津市商务局")
    assert warehouse.cursor().execute(
        "SELECT received_at, backfilled, received_from FROM submission"
    ).fetchone() == (datetime(2019, 1, 12, 10, 0), True, "天津市商务局")


def test_a_failure_mid_load_leaves_nothing(tmp_path, catalog, warehouse, monkeypatch):
    first = load_file(warehouse, write_filled(catalog, tmp_path / "ok.xlsx", "wuhan", "2019Q2"))
    # the experience table does not exist: the insert fails after the submission row and three fact tables
    broken = tuple(
        replace(t, fact_table="no_such_table") if t.name == "经验案例" else t for t in region_spec.tables
    )
    monkeypatch.setitem(loader.SPECS, "region", replace(region_spec, tables=broken))
    content = filled_content(catalog, "wuhan", "2019Q2", exports=300.0)
    content.tables["经验案例"] = [
        {"title": "案例", "area": "进一步完善政策体系", "case_type": "制度创新", "practice": "做法"}
    ]
    with pytest.raises(Exception):
        load_file(warehouse, write_filled(catalog, tmp_path / "fail.xlsx", "wuhan", "2019Q2", content))
    assert warehouse.cursor().execute("SELECT id, status FROM submission").fetchall() == [
        (first.submission_id, "accepted")
    ]
    assert _count(warehouse, "fact_trade") == 12 and _count(warehouse, "fact_task_progress") == 38


def test_migrations_are_applied_once(tmp_path, catalog):
    from warehouse import Warehouse
    from warehouse.migrate import migrations

    files = [v for v, _, _ in migrations()]
    assert files == list(range(1, len(files) + 1))  # numbered without gaps
    with Warehouse(tmp_path / "m.duckdb", catalog) as wh:
        assert [
            v for (v,) in wh.cursor().execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
        ] == files
    with Warehouse(tmp_path / "m.duckdb", catalog) as wh:  # reopening applies nothing twice
        assert wh.cursor().execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(files)
        assert wh.cursor().execute("SELECT count(*) FROM dim_region").fetchone()[0] == 17


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(first=st.integers(min_value=0, max_value=10_000), second=st.integers(min_value=0, max_value=10_000))
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_superseded_submissions_never_count(tmp_path_factory, catalog, first, second):
    from warehouse import Warehouse

    d = tmp_path_factory.mktemp("supersede")
    with Warehouse(d / "w.duckdb", catalog) as wh:
        for i, e in enumerate((first, second)):
            content = filled_content(catalog, "chengdu", "2019Q2", exports=float(e))
            content.form["contact"] = f"第{i}次"  # the same figures twice are still two different files
            assert (
                load_file(wh, write_filled(catalog, d / f"v{i}.xlsx", "chengdu", "2019Q2", content)).status
                == "accepted"
            )
        row = indicators.scores(wh, "2019Q2").set_index("region_code").loc["chengdu"]
        assert row["exports"] == 78 * second
        assert wh.query_df("SELECT sum(exports) AS e FROM v_trade")["e"][0] == 78 * second


def test_a_rejection_is_logged_under_the_region_the_uploader_chose(tmp_path, catalog, warehouse):
    load_file(
        warehouse, write_filled(catalog, tmp_path / "f.xlsx", "weihai", "2019Q4"), expected_region="tianjin"
    )
    assert warehouse.query_df("SELECT region_code, status FROM receipt").values.tolist() == [
        ["tianjin", "rejected"]
    ]
