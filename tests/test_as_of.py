"""As of means as of (issue 10): with `as_of` the indicators see only what had been received by then.

On the sample warehouse: 2019Q4 as of 2020-01-05, and 武汉 2019Q3 between its two receipts. Then the boundaries, each
on a small warehouse of its own: the deadline day counts whole, a plan date on the quarter's last day is not
overdue, a rejected file sent on time does not make the quarter on time, a mark made later does not count.
"""

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

import indicators
from base.text import normalise_title
from indicators.reporting import LATE, MISSING, ON_TIME, PENDING, REJECTED, with_rejections
from ingest.loader import load_file
from warehouse import Warehouse, adoption, figures
from warehouse import reporting as reporting_reads

from .conftest import filled_content, write_filled

AS_OF = date(2020, 1, 5)
ARRIVED_BY_AS_OF = {
    "tianjin",
    "liangjiang",
    "xixian",
    "beijing",
    "xiongan",
    "nanjing",
}  # sample_data/manifest.csv


@pytest.fixture(scope="module")
def sample(sample_warehouse_file):
    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        yield wh


@pytest.fixture(scope="module")
def q4_then(sample):
    return indicators.scores(sample, "2019Q4", as_of=AS_OF).set_index("region_code")


@pytest.fixture(scope="module")
def q4_now(sample):
    return indicators.scores(sample, "2019Q4").set_index("region_code")


def _status(wh, period, as_of):
    grid = indicators.detail_tables(wh, period, as_of=as_of)["reporting"]
    return grid[grid["period"] == period].set_index("region_code")["status"].to_dict()


def test_2019q4_as_of_2020_01_05_counts_only_what_had_arrived(sample):
    then, now = _status(sample, "2019Q4", AS_OF), _status(sample, "2019Q4", None)
    assert (now["guian"], now["wuhan"]) == (LATE, ON_TIME)  # received 2020-01-30 and 2020-01-07
    assert (then["guian"], then["wuhan"]) == (PENDING, PENDING)  # the deadline 2020-01-10 had not passed
    assert {r for r, s in then.items() if s == ON_TIME} == ARRIVED_BY_AS_OF
    assert {s for r, s in then.items() if r not in ARRIVED_BY_AS_OF} == {PENDING}


def test_2019q4_figures_as_of_2020_01_05(q4_then, q4_now):
    for region in ("guian", "wuhan"):  # their 2019Q4 region workbooks had not arrived
        row = q4_then.loc[region]
        assert not row["submitted"] and q4_now.loc[region, "submitted"]
        for field in ("exports", "imports", "tasks_completed", "measures_listed", "opening_landed"):
            assert pd.isna(row[field]), (region, field)
    assert not q4_then.loc[~q4_then.index.isin(ARRIVED_BY_AS_OF), "submitted"].any()
    for region in ARRIVED_BY_AS_OF:  # arrived, and not superseded since: the figures of today
        assert q4_then.loc[region, "submitted"]
        for field in ("exports", "imports", "export_yoy", "ytd_exports", "tasks_completed", "opening_landed"):
            assert q4_then.loc[region, field] == pytest.approx(q4_now.loc[region, field]), (region, field)
    # the pilot's share is over the regions that had sent: the six add up to all of it
    assert q4_then.loc[list(ARRIVED_BY_AS_OF), "export_share"].sum() == pytest.approx(1)


def test_2019q4_enterprises_and_experience_as_of_2020_01_05(sample, q4_then, q4_now):
    # 武汉's direct reports arrived 2020-01-04, 贵安's 2020-01-10
    cross = indicators.detail_tables(sample, "2019Q4", as_of=AS_OF)["cross_check"]
    wuhan = cross[cross["region_code"] == "wuhan"]  # checked against no region figures yet: nothing in excess
    assert len(wuhan) and wuhan["region_exports"].isna().all() and not wuhan["excess"].any()
    assert "guian" not in set(cross["region_code"])
    assert q4_then.loc["wuhan", "reporting_enterprises"] == q4_now.loc["wuhan", "reporting_enterprises"] > 0
    assert q4_then.loc["guian", "reporting_enterprises"] == 0 < q4_now.loc["guian", "reporting_enterprises"]
    assert (
        pd.isna(q4_then.loc["guian", "enterprise_exports"]) or q4_then.loc["guian", "enterprise_exports"] == 0
    )
    # an item first sent in a 2019Q4 workbook that had not arrived does not exist yet
    pending = [r for r in q4_then.index if r not in ARRIVED_BY_AS_OF]
    assert q4_now.loc[pending, "experience_new"].sum() > 0  # there are such items
    for region in pending:
        assert q4_then.loc[region, "experience_new"] == 0
        assert q4_then.loc[region, "experience_items"] == (
            q4_now.loc[region, "experience_items"] - q4_now.loc[region, "experience_new"]
        ), region
    for region in ARRIVED_BY_AS_OF:
        assert q4_then.loc[region, "experience_items"] == q4_now.loc[region, "experience_items"], region


def test_2019q4_warnings_as_of_2020_01_05(sample):
    then = indicators.warnings(sample, "2019Q4", as_of=AS_OF)
    now = indicators.warnings(sample, "2019Q4")
    late = {w["region_code"] for w in now if w["rule"] == "not_on_time"}
    assert "guian" in late  # today: late
    assert not [w for w in then if w["rule"] == "not_on_time"]  # then: every quarter sent on time or pending


def test_a_workbook_superseded_after_as_of_is_current_then(sample, catalog):
    """武汉 2019Q3: first received 2019-10-02 12:45 with transport in 元 (×10,000), corrected 2019-10-04 12:45."""
    transport = next(c.code for c in catalog.categories if c.name_zh == "运输")

    def wuhan_transport(as_of):
        trade = figures.trade_by_category(sample, ["2019Q3"], as_of)
        return trade.set_index(["region_code", "category_code"]).loc[("wuhan", transport), "exports"]

    corrected = wuhan_transport(None)
    assert wuhan_transport(date(2019, 10, 3)) == pytest.approx(corrected * 10_000)
    assert wuhan_transport(datetime(2019, 10, 4, 12, 44, 59)) == pytest.approx(corrected * 10_000)
    # as of the instant of the correction's receipt, the correction is there
    assert wuhan_transport(datetime(2019, 10, 4, 12, 45)) == pytest.approx(corrected)
    assert wuhan_transport(date(2019, 10, 4)) == pytest.approx(corrected)

    then = indicators.scores(sample, "2019Q3", as_of=date(2019, 10, 3)).set_index("region_code")
    now = indicators.scores(sample, "2019Q3").set_index("region_code")
    assert then.loc["wuhan", "exports"] == pytest.approx(now.loc["wuhan", "exports"] + corrected * 9_999)
    assert _status(sample, "2019Q3", date(2019, 10, 3))["wuhan"] == ON_TIME  # judged on the first receipt
    tenfold = [
        w["figures"]["category_code"]
        for w in indicators.warnings(sample, "2019Q3", as_of=date(2019, 10, 3))
        if w["rule"] == "tenfold" and w["region_code"] == "wuhan"
    ]
    assert transport in tenfold
    assert not [
        w
        for w in indicators.warnings(sample, "2019Q3")
        if w["rule"] == "tenfold" and w["region_code"] == "wuhan"
    ]


@pytest.mark.parametrize("period", ["2018Q3", "2019Q4", "2020Q2"])
def test_as_of_today_is_the_view_without_as_of(sample, period):
    today = date.today()
    assert_frame = pd.testing.assert_frame_equal
    assert_frame(indicators.scores(sample, period), indicators.scores(sample, period, as_of=today))
    assert indicators.warnings(sample, period) == indicators.warnings(sample, period, as_of=today)
    details_now = indicators.detail_tables(sample, period)
    details_then = indicators.detail_tables(sample, period, as_of=datetime.now())
    assert details_now.keys() == details_then.keys()
    for name in details_now:
        assert_frame(details_now[name], details_then[name], obj=name)


# the boundaries, each on a warehouse of its own


def _load(wh, catalog, tmp_path, region, period, received_at, content=None):
    book = write_filled(
        catalog, tmp_path / f"{region}_{period}_{received_at:%d%H%M%S}.xlsx", region, period, content
    )
    return load_file(wh, book, received_at=received_at)


def test_the_deadline_day_counts_whole(warehouse, catalog, tmp_path):
    deadline = catalog.deadline("2019Q3")  # 2019-10-10
    assert deadline == date(2019, 10, 10)
    last_minute = datetime(2019, 10, 10, 23, 59, 59)
    assert _load(warehouse, catalog, tmp_path, "guangzhou", "2019Q3", last_minute).status == "accepted"
    assert (
        _load(warehouse, catalog, tmp_path, "shenzhen", "2019Q3", datetime(2019, 10, 11)).status == "accepted"
    )

    def status(as_of):
        s = _status(warehouse, "2019Q3", as_of)
        return s["guangzhou"], s["shenzhen"], s["beijing"]  # 北京 sent nothing

    assert status(date(2019, 12, 31)) == (ON_TIME, LATE, MISSING)
    assert status(date(2019, 10, 10)) == (ON_TIME, PENDING, PENDING)  # the end of the deadline day
    assert status(datetime(2019, 10, 10, 23, 59, 58)) == (PENDING, PENDING, PENDING)
    assert status(datetime(2019, 10, 10, 8)) == (PENDING, PENDING, PENDING)  # the deadline day is not over
    assert status(date(2019, 10, 11)) == (ON_TIME, LATE, MISSING)
    assert status(datetime(2019, 10, 11, 0, 0)) == (ON_TIME, LATE, MISSING)
    grid = indicators.detail_tables(warehouse, "2019Q3", as_of=date(2019, 9, 30))["reporting"]
    assert "2019Q3" not in set(grid["period"])  # as of its last day the quarter has not ended
    grid = indicators.detail_tables(warehouse, "2019Q3", as_of=date(2019, 10, 1))["reporting"]
    assert "2019Q3" in set(grid["period"])


def test_a_plan_on_the_quarters_last_day_is_not_overdue(warehouse, catalog, tmp_path):
    content = filled_content(catalog, "guangzhou", "2019Q4")  # every measure 推进中, planned 2019-12-31
    content.tables["任务进展"][0]["planned_date"] = date(2019, 12, 30)
    _load(warehouse, catalog, tmp_path, "guangzhou", "2019Q4", datetime(2020, 1, 8, 9), content)
    row = (
        indicators.scores(warehouse, "2019Q4", as_of=date(2020, 3, 1))
        .set_index("region_code")
        .loc["guangzhou"]
    )
    assert row["measures_listed"] == len(content.tables["任务进展"]) and row["overdue_measures"] == 1


def test_a_rejected_file_sent_on_time_does_not_make_the_quarter_on_time(warehouse, catalog, tmp_path):
    bad = filled_content(catalog, "guangzhou", "2019Q3")
    bad.tables["服务贸易数据"][0]["imports"] = "很多"
    assert _load(
        warehouse, catalog, tmp_path, "guangzhou", "2019Q3", datetime(2019, 10, 8, 9), bad
    ).status == ("rejected")
    assert _load(warehouse, catalog, tmp_path, "guangzhou", "2019Q3", datetime(2019, 10, 12, 9)).status == (
        "accepted"
    )
    for as_of, expected in ((date(2019, 10, 9), PENDING), (date(2019, 10, 11), MISSING)):
        status = indicators.detail_tables(warehouse, "2019Q3", as_of=as_of)["reporting"]
        shown = with_rejections(status, reporting_reads.rejected_region_files(warehouse, as_of))
        mine = shown[(shown["region_code"] == "guangzhou") & (shown["period"] == "2019Q3")]
        assert _status(warehouse, "2019Q3", as_of)["guangzhou"] == expected
        assert mine["status"].tolist() == [REJECTED] and mine["rejected_files"].tolist() == [1]
    assert _status(warehouse, "2019Q3", date(2019, 12, 31))["guangzhou"] == LATE  # judged on the correction
    before = reporting_reads.rejected_region_files(warehouse, datetime(2019, 10, 8, 8, 59))
    assert before.empty


def test_an_item_and_a_mark_exist_from_when_they_came(warehouse, catalog, tmp_path):
    content = filled_content(catalog, "guangzhou", "2019Q4")
    content.tables["经验案例"] = [
        {
            "title": "“跨境”服务新模式",
            "area": "进一步创新发展模式",
            "case_type": "经验做法",
            "practice": "做法",
        }
    ]
    _load(warehouse, catalog, tmp_path, "guangzhou", "2019Q4", datetime(2020, 1, 8, 9), content)
    adoption.set_adopted(warehouse, "guangzhou", "跨境服务新模式", True, "办公室")  # marked now

    def items(as_of):
        row = indicators.scores(warehouse, "2019Q4", as_of=as_of).set_index("region_code").loc["guangzhou"]
        return row["experience_items"], row["experience_new"], row["experience_adopted"]

    assert items(None) == (1, 1, 1)
    assert items(date(2020, 1, 7)) == (0, 0, 0)  # the workbook had not arrived
    assert items(date(2020, 1, 8)) == (1, 1, 0)  # the item had, the mark had not
    assert items(datetime.now() + timedelta(minutes=1)) == (1, 1, 1)
    marks = adoption.adoptions(warehouse, date(2020, 1, 8))
    assert marks.empty and adoption.adoptions(warehouse)["title_key"].tolist() == [
        normalise_title("“跨境”服务新模式")
    ]


def test_item_identity_as_documented():
    examples = {
        "“网展贸”服务新模式": "网展贸服务新模式",
        ' "网展贸" 服务新模式 ': "网展贸服务新模式",
        "ＡＢＣ案例": "abc案例",
        "A-B案例": "ab案例",
        "A_B案例": "ab案例",
        "第３期\u3000试点": "第3期试点",
        "《跨境》·服务—模式、经验": "跨境服务模式经验",
        "C++案例": "c案例",
        "￥100元℃😀": "100元",
        "①号Ⅲ期": "①号ⅲ期",
        "ﬁ案例": "ﬁ案例",
    }
    assert {text: normalise_title(text) for text in examples} == examples
    assert normalise_title(None) == ""
