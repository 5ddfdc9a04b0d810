"""The 任务进展 page under AppTest on the sample warehouse: every quarter opens, its cards and tables equal the
indicators or the workbooks' own rows counted by hand, overdue measures are listed one by one, and a link with the
quarter opens on it."""

from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import indicators
from charts import registry
from charts.registry import View
from ingest.loader import load_file
from reference import Quarter, load_catalog
from reference.evaluation import load_config
from warehouse import Warehouse

from .conftest import ROOT, filled_content, write_filled

SECTIONS = ["各任务领域举措完成率", "逾期未完成举措", "各项试点任务推进情况", "开放便利举措落地情况（附件2）"]


@pytest.fixture
def warehouse_file(sample_warehouse_copy, monkeypatch):
    monkeypatch.setenv("PILOT_WAREHOUSE", str(sample_warehouse_copy))
    return sample_warehouse_copy


def open_page(period: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/tasks.py").run()
    if period:
        at.selectbox(key="period").select(period).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The page's table that has `column` among its headers."""
    (found,) = [d.value for d in at.dataframe if column in d.value.columns]
    return found


def names(links: pd.Series) -> list[str]:
    """Region names from the linked column (region?region=…&period=…&name=北京)."""
    return [link.rsplit("name=", 1)[1] for link in links]


def share(table: pd.DataFrame, num: str, den: str) -> float:
    sent = table[table["submitted"]]
    return float(sent[num].sum()) / float(sent[den].sum())


def ratio(table: pd.DataFrame, num: str, den: str) -> str:
    return f"{share(table, num, den) * 100:.1f}%"


def test_every_quarter_opens_with_cards_equal_to_the_indicators(warehouse_file):
    at = open_page()
    assert [t.value for t in at.title] == ["任务进展"]
    table = None
    for quarter in load_catalog().quarters:
        at.selectbox(key="period").select(quarter.code).run()
        assert not at.exception, (quarter.code, [e.value for e in at.exception])
        assert [s.value for s in at.subheader] == SECTIONS
        with Warehouse(warehouse_file) as wh:
            before = table
            table = indicators.scores(wh, quarter.code)
        cards = {m.label: m.value for m in at.metric}
        assert cards == {
            "任务完成率": ratio(table, "tasks_completed", "tasks_total"),
            "举措完成率": ratio(table, "measures_completed", "measures_listed"),
            "开放便利举措落地率": ratio(table, "opening_landed", "opening_applicable"),
            "逾期未完成举措": f"{int(table['overdue_measures'].sum())} 项",
        }, quarter.code
        assert (
            len(table_with(at, "任务内容")) == 39
        )  # the tasks the pilot regions carry, central ones left out
        assert len(table_with(at, "M1 银行业")) == 17
    change = share(table, "tasks_completed", "tasks_total") - share(before, "tasks_completed", "tasks_total")
    assert at.metric[0].delta == f"{change * 100:+.1f} 个百分点（较上季度）"  # 2020Q2 against 2020Q1


def test_a_missing_region_reads_as_not_reported(warehouse_file):
    at = open_page("2019Q2")
    assert [w.value for w in at.warning] == [
        "2019年第二季度尚未报送：贵州贵安新区（以下图表中显示为“未报送”或“—”）"
    ]
    tasks = table_with(at, "任务内容")
    beijing_only = tasks["任务编号"] == "T3.5"  # 服贸会 is Beijing's, and Beijing reported
    assert (tasks.loc[~beijing_only, "未报送（个）"] == 1).all() and (
        tasks.loc[beijing_only, "未报送（个）"] == 0
    ).all()
    assert (
        tasks[["已完成（个）", "推进中（个）", "未启动（个）", "未报送（个）"]].sum(axis=1)
        == tasks["承担地区（个）"]
    ).all()
    matrix = table_with(at, "M1 银行业")
    guian = matrix[[n == "贵州贵安新区" for n in names(matrix["试点地区"])]].iloc[0]
    assert guian.drop("试点地区").isna().all()  # every cell "—", not 不适用 or 0


def test_overdue_measures_are_listed_one_by_one_and_counted_as_the_indicator(
    warehouse_file, catalog, tmp_path
):
    content = filled_content(
        catalog, "tianjin", "2019Q4"
    )  # every measure 推进中, planned for the quarter's end
    rows = content.tables["任务进展"]
    late = {0: date(2019, 6, 30), 3: date(2019, 12, 30), 7: date(2018, 12, 31)}  # before 2019-12-31: overdue
    for i, planned in late.items():
        rows[i].update(planned_date=planned)
    rows[5].update(
        planned_date=date(2019, 3, 31), status="已完成", completed_date=date(2019, 5, 1)
    )  # done: not
    rows[6].update(planned_date=date(2019, 12, 31))  # due on the quarter's last day: not yet overdue
    book = write_filled(catalog, tmp_path / "tianjin_2019Q4.xlsx", "tianjin", "2019Q4", content)
    with Warehouse(warehouse_file) as wh:
        assert load_file(wh, book).status == "accepted"
    with Warehouse(warehouse_file) as wh:
        table = indicators.scores(wh, "2019Q4").set_index("region_code")
    assert table.loc["tianjin", "overdue_measures"] == 3 and table["overdue_measures"].sum() == 3

    at = open_page("2019Q4")
    assert {m.label: m.value for m in at.metric}["逾期未完成举措"] == "3 项"
    assert [w.value for w in at.warning] == [
        "2019年第四季度共有 3 项举措逾期未完成，涉及 1 个地区：天津 3 项。"
    ]
    shown = table_with(at, "具体举措")
    assert list(shown.columns) == [
        "试点地区",
        "任务编号",
        "任务内容（节选）",
        "具体举措",
        "计划完成时间",
        "进展状态",
        "逾期天数",
    ]
    assert names(shown["试点地区"]) == ["天津"] * 3  # per region, as many rows as the indicator counts
    assert shown["试点地区"].iloc[0] == "region?region=tianjin&period=2019Q4&name=天津"
    expected = [rows[i] for i in sorted(late)]
    assert shown["任务编号"].tolist() == [r["task_code"] for r in expected]
    assert shown["具体举措"].tolist() == [r["measure"] for r in expected]
    texts = {t.code: t.text for t in catalog.tasks}
    for code, text in zip(shown["任务编号"], shown["任务内容（节选）"]):
        assert texts[code].startswith(text.removesuffix("…")) and len(text) <= 24
    assert [d.date() for d in shown["计划完成时间"]] == [late[i] for i in sorted(late)]
    assert shown["进展状态"].tolist() == ["推进中"] * 3
    assert shown["逾期天数"].tolist() == [(date(2019, 12, 31) - late[i]).days for i in sorted(late)]


def test_each_task_across_the_regions_counted_by_hand(warehouse_file):
    at = open_page("2019Q4")
    shown = table_with(at, "任务内容").set_index("任务编号")
    with Warehouse(warehouse_file) as wh:
        rows = wh.query_df(
            """SELECT p.region_code, p.task_code, bool_and(p.status = '已完成') AS done,
                      bool_or(p.status <> '未启动') AS started
               FROM v_task_progress p
               JOIN dim_task_region c ON c.task_code = p.task_code AND c.region_code = p.region_code
               WHERE p.period = '2019Q4' GROUP BY ALL"""
        )
        carrying = wh.query_df("SELECT task_code, count(*) AS n FROM dim_task_region GROUP BY task_code")
        scores = indicators.scores(wh, "2019Q4")
    region_names = {r.code: r.name for r in load_catalog().regions}
    order = {r.code: r.seq for r in load_catalog().regions}
    for task, group in rows.groupby("task_code"):
        done = group[group["done"]].sort_values("region_code", key=lambda c: c.map(order))
        assert shown.loc[task, "已完成（个）"] == len(done)
        assert shown.loc[task, "推进中（个）"] == int((~group["done"] & group["started"]).sum())
        assert shown.loc[task, "已完成的地区"] == "、".join(region_names[c] for c in done["region_code"])
    assert shown["承担地区（个）"].to_dict() == dict(zip(carrying["task_code"], carrying["n"]))
    assert shown.loc["T3.5", "承担地区（个）"] == 1  # 服贸会: Beijing's alone
    assert shown["已完成（个）"].sum() == scores["tasks_completed"].sum()
    assert shown.loc["T2.1", "所属领域"] == "2 进一步扩大对外开放"


def test_the_opening_matrix_equals_the_workbooks_and_the_catalog(warehouse_file):
    at = open_page("2019Q2")
    matrix = table_with(at, "M1 银行业")
    matrix.index = names(matrix["试点地区"])
    catalog = load_catalog()
    with Warehouse(warehouse_file) as wh:
        raw = wh.query_df(
            "SELECT region_code, measure_code, status FROM v_measure_status WHERE period = '2019Q2'"
        ).set_index(["region_code", "measure_code"])["status"]
        scores = indicators.scores(wh, "2019Q2").set_index("region")
    for region in catalog.regions:
        for m in catalog.measures:
            cell = matrix.loc[region.name, f"{m.code} {m.industry}"]
            if region.code == "guian":  # no workbook for 2019Q2
                assert pd.isna(cell)
            elif not m.applies_to(region.code):
                assert cell == "不适用"
            else:
                assert cell == raw[(region.code, m.code)]
    assert matrix.loc["北京", "M4 签证便利"] == "不适用" and matrix.loc["深圳", "M4 签证便利"] != "不适用"
    reported = matrix.drop(index="贵州贵安新区")
    assert reported["已落地（项）"].tolist() == scores.loc[reported.index, "opening_landed"].tolist()
    assert reported["适用（项）"].tolist() == scores.loc[reported.index, "opening_applicable"].tolist()
    assert reported["落地率"].tolist() == pytest.approx(
        scores.loc[reported.index, "opening_landing_rate"].tolist()
    )


@pytest.mark.parametrize(
    "period",
    [
        "2019年第二季度",  # what Streamlit's own binding writes into the URL
        "2019Q2",
    ],
)
def test_a_link_with_the_quarter_opens_on_it(warehouse_file, period):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["period"] = period
    at.run()
    # AppTest's first run of a page it switched to draws the widgets with their default values (a browser sends
    # the session's); the run after it is what a user sees
    at.switch_page("pages/tasks.py").run()
    at.run()
    assert not at.exception
    assert at.selectbox(key="period").value == "2019Q2"
    assert at.warning[0].value.startswith("2019年第二季度尚未报送：贵州贵安新区")


def test_the_task_charts_say_what_is_missing(sample_warehouse_file):
    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        view = View(
            Quarter.parse("2019Q2"),
            config=load_config(),
            scores=indicators.scores(wh, "2019Q2"),
            details=indicators.detail_tables(wh, "2019Q2"),
        )
    heat = registry.figure("area_heatmap", view).data[0]
    guian = list(heat.y).index("贵州贵安新区")
    assert list(heat.text[guian]) == ["未报送"] * 8
    bars = registry.figure("task_status", view).data
    assert [b.name for b in bars] == ["已完成", "推进中", "未启动", "未报送"]
    carrying = view.details["national_tasks"]["regions_carrying"].tolist()
    assert [sum(v) for v in zip(*(b.x for b in bars))] == carrying
    grid = registry.figure("opening_matrix", view).data[0]
    assert list(grid.text[list(grid.y).index("贵州贵安新区")]) == ["—"] * 8
    assert list(grid.text[list(grid.y).index("北京")])[3] == "不适用"  # M4 is Guangdong's
    focused = registry.figure("task_status", View(**{**view.__dict__, "focus": ("beijing",)}))
    assert [sum(v) for v in zip(*(b.x for b in focused.data))] == [
        1
    ] * 39  # Beijing's 39 tasks, one region each
