"""The sample data: reproducible from its generator and calibrated to the national figures."""

import csv
import hashlib

import pytest

from ingest.reader import read_workbook
from warehouse import Warehouse

from .conftest import ROOT

SAMPLE = ROOT / "sample_data"


def test_generator_reproduces_the_committed_workbooks(tmp_path):
    from sample_data.generate import generate

    some = {"wuhan", "guian"}  # the re-submission and the missed quarter
    rows = generate(tmp_path / "region", tmp_path / "manifest.csv", regions=some)
    with (SAMPLE / "manifest.csv").open(encoding="utf-8", newline="") as f:
        committed = [r for r in csv.DictReader(f) if r["file"].split("/")[1].split("_")[0] in some]
    assert rows == committed
    assert len(rows) == (8 + 1 + 8) + (
        7 + 7
    )  # 武汉: 8 quarters, a re-submission, 8 enterprise workbooks; 贵安 missed 2019Q2
    for entry in rows:  # byte for byte
        assert (
            hashlib.sha256((tmp_path / entry["file"]).read_bytes()).hexdigest()
            == hashlib.sha256((SAMPLE / entry["file"]).read_bytes()).hexdigest()
        ), entry["file"]


def test_manifest_shape():
    with (SAMPLE / "manifest.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    region = [r for r in rows if r["file"].startswith("region/")]
    enterprise = [r for r in rows if r["file"].startswith("enterprise/")]
    assert len(region) == 17 * 8 - 1 + 1  # one region missed a quarter, one re-submitted
    assert len(enterprise) == 17 * 8 - 1 - 2  # and two regions' enterprises missed a quarter
    assert not [r for r in rows if (r["region"], r["period"]) == ("贵州贵安新区", "2019Q2")]
    assert [r["file"] for r in region if r["region"] == "武汉" and r["period"] == "2019Q3"] == [
        "region/wuhan_2019Q3_v1.xlsx",
        "region/wuhan_2019Q3.xlsx",
    ]


def test_pilot_totals_follow_the_national_growth(sample_warehouse_file):
    with Warehouse(sample_warehouse_file) as wh:
        q = wh.query_df(
            "SELECT period, sum(exports) AS exports, sum(exports_prev) AS prev FROM v_trade GROUP BY period"
        ).set_index("period")
        late = wh.query_df(
            "SELECT count(*) AS n FROM v_latest_submission WHERE kind = 'region' AND received_at::DATE > deadline"
        )["n"][0]
        superseded = wh.query_df("SELECT region_code, period FROM submission WHERE status = 'superseded'")
    exports_2019 = q.loc[["2019Q1", "2019Q2", "2019Q3", "2019Q4"], "exports"].sum()
    exports_2018 = q.loc[["2018Q3", "2018Q4"], "exports"].sum() + q.loc[["2019Q1", "2019Q2"], "prev"].sum()
    # 75% of the national 19,564亿元 (2019) and 17,658亿元 (2018), in 万元; 贵安 2019Q2 (0.2%) is missing
    assert exports_2019 / 1e4 == pytest.approx(0.75 * 19564, rel=0.002)
    assert exports_2019 / exports_2018 - 1 == pytest.approx(19564 / 17658 - 1, abs=0.0005)
    # 2020Q2 against 2019Q2 follows the national 2020 exports (−1.1%)
    assert q.loc["2020Q2", "exports"] / q.loc["2019Q2", "exports"] - 1 == pytest.approx(
        19356.7 / 19564 - 1, abs=0.003
    )
    assert late == 6
    assert superseded.values.tolist() == [["wuhan", "2019Q3"]]


def test_travel_collapses_in_2020(sample_warehouse_file):
    with Warehouse(sample_warehouse_file) as wh:
        travel = wh.query_df(
            "SELECT period, sum(exports) AS e FROM v_trade WHERE category_code = 4 GROUP BY period"
        ).set_index("period")["e"]
    assert travel["2020Q1"] / travel["2019Q1"] < 0.5


def test_beijing_and_shanghai_are_largest(sample_warehouse_file):
    raw = read_workbook(SAMPLE / "region" / "beijing_2019Q4.xlsx")
    beijing = sum(r[2] for r in raw.sheets["服务贸易数据"][1:])
    with Warehouse(sample_warehouse_file) as wh:
        ranked = wh.query_df(
            "SELECT region_code, sum(exports) AS e FROM v_trade WHERE period = '2019Q4' GROUP BY 1 ORDER BY 2 DESC"
        )
    assert ranked["region_code"].tolist()[:2] in (["beijing", "shanghai"], ["shanghai", "beijing"])
    assert ranked.set_index("region_code").loc["beijing", "e"] == pytest.approx(beijing)


def test_experience_items_total_74(sample_warehouse_file):
    from indicators import scores

    with Warehouse(sample_warehouse_file) as wh:
        table = scores(wh, "2020Q2")
    assert int(table["experience_items"].sum()) == 74


def test_enterprises_are_the_listed_ones(sample_warehouse_file):
    with Warehouse(sample_warehouse_file) as wh:
        firms = wh.query_df("SELECT DISTINCT region_code, credit_code FROM v_enterprise_trade")
        listed = wh.query_df("SELECT DISTINCT region_code, credit_code FROM v_key_enterprise")
        tenfold = wh.query_df("SELECT file_name, problems FROM receipt WHERE problems LIKE '%tenfold%'")
    assert 200 <= len(firms) <= 400  # a few hundred key enterprises
    assert len(firms.merge(listed)) == len(firms)  # every reporting enterprise is on its region's list
    # the first 武汉 2019Q3 workbook had transport in 元: flagged as ten times the previous quarter, loaded
    assert tenfold["file_name"].tolist() == ["wuhan_2019Q3_v1.xlsx"]
    assert "服务贸易数据!C4" in tenfold["problems"][0]


def _yoy(wh, kind: str = "exports"):
    """Each region's year-on-year growth per quarter: its exports (or imports) against its 上年同期 column."""
    df = wh.query_df(
        f"SELECT region_code, period, sum({kind}) / sum({kind}_prev) - 1 AS g FROM v_trade GROUP BY 1, 2"
    )
    return df.pivot(index="region_code", columns="period", values="g")


def test_each_region_grows_along_its_own_path(sample_warehouse_file):
    """Issue 8: no region grows at one rate all year; growth ranks change; every rate stays plausible."""
    with Warehouse(sample_warehouse_file) as wh:
        exports, imports = _yoy(wh), _yoy(wh, "imports")
        year = wh.query_df(
            "SELECT region_code, sum(exports) / sum(exports_prev) - 1 AS g FROM v_trade "
            "WHERE period LIKE '2019%' GROUP BY 1"
        ).set_index("region_code")["g"]
    y2019 = exports[["2019Q1", "2019Q2", "2019Q3", "2019Q4"]].dropna()  # 贵安 missed 2019Q2
    assert len(y2019) == 16
    spread = y2019.max(axis=1) - y2019.min(axis=1)
    assert (spread > 0.001).all()  # no region's four quarters share one growth rate
    assert (spread >= 0.03).sum() >= 12  # most regions' quarters differ by three percentage points or more
    ranks = {tuple(y2019[p].rank().tolist()) for p in y2019.columns}
    assert len(ranks) == 4  # the growth ranking is different in every quarter of 2019
    assert exports["2019Q1"].nunique() == 17  # and regions do not share one rate within a quarter
    # plausible: before 2020 between −30% and +60%; 2020Q1–Q2 (travel collapse, lockdown) between −70% and +60%
    before = ["2018Q3", "2018Q4", "2019Q1", "2019Q2", "2019Q3", "2019Q4"]
    for table in (exports, imports):
        assert table[before].stack().dropna().between(-0.3, 0.6).all()  # 贵安 2019Q2 missing
        assert table[["2020Q1", "2020Q2"]].stack().between(-0.7, 0.6).all()
    # the digital and western centres grow faster than the pilot as a whole (+10.8% in 2019)
    assert (year[["hangzhou", "shenzhen", "chengdu"]] > 0.15).all()
    assert year["beijing"] < year["hangzhou"] and year["shanghai"] < year["chengdu"]


def test_the_pilot_follows_the_national_year_before_the_pilot(sample_warehouse_file):
    """2018 quarters' 上年同期 columns carry the 2017 figures: the pilot grows like the nation in 2018 (+14.6%)."""
    with Warehouse(sample_warehouse_file) as wh:
        q = wh.query_df(
            "SELECT period, sum(exports) / sum(exports_prev) - 1 AS e, sum(imports) / sum(imports_prev) - 1 AS i "
            "FROM v_trade WHERE period IN ('2018Q3', '2018Q4') GROUP BY 1"
        ).set_index("period")
    for period in ("2018Q3", "2018Q4"):
        assert q.loc[period, "e"] == pytest.approx(
            17658 / 15406.8 - 1, abs=0.0005
        )  # 2018 over 2017, national exports
        assert q.loc[period, "i"] == pytest.approx(34744 / 31584.3 - 1, abs=0.0005)  # and imports (+10.0%)


def test_prev_year_columns_are_the_year_earlier_figures(sample_warehouse_file):
    with Warehouse(sample_warehouse_file) as wh:
        pairs = wh.query_df(
            "SELECT a.region_code, a.period, a.category_code, a.exports_prev, b.exports, a.imports_prev, b.imports "
            "FROM v_trade a JOIN v_trade b ON b.region_code = a.region_code AND b.category_code = a.category_code "
            "AND b.period_seq = a.period_seq - 4"
        )
        revisions = wh.query_df("SELECT count(*) AS n FROM receipt WHERE problems LIKE '%revision%'")["n"][0]
    # 2019Q3 … 2020Q2 for 17 regions, but not 贵安 2020Q2 (its 2019Q2 is missing); 12 categories each
    assert len(pairs) == (17 * 4 - 1) * 12
    assert (pairs["exports_prev"] - pairs["exports"]).abs().max() < 0.005
    assert (pairs["imports_prev"] - pairs["imports"]).abs().max() < 0.005
    assert revisions == 0  # and the loader saw no revised 上年同期 figure


def test_travel_collapse_differs_by_region(sample_warehouse_file):
    with Warehouse(sample_warehouse_file) as wh:
        travel = wh.query_df(
            "SELECT region_code, period, sum(exports) AS e, sum(exports_prev) AS ep, sum(imports) AS i, "
            "sum(imports_prev) AS ip FROM v_trade WHERE category_code = 4 AND period IN ('2020Q1', '2020Q2') "
            "GROUP BY 1, 2"
        )
        others = wh.query_df(
            "SELECT sum(exports) / sum(exports_prev) - 1 AS g FROM v_trade WHERE category_code <> 4 AND "
            "period = '2020Q1'"
        )["g"][0]
    pilot = travel.groupby("period")[["e", "ep", "i", "ip"]].sum()
    for period in ("2020Q1", "2020Q2"):  # the pilot's travel falls by half or more against 2019
        assert -0.62 < pilot.loc[period, "e"] / pilot.loc[period, "ep"] - 1 < -0.5
        assert -0.62 < pilot.loc[period, "i"] / pilot.loc[period, "ip"] - 1 < -0.5
    by_region = travel[travel["period"] == "2020Q2"].set_index("region_code")
    change = by_region["e"] / by_region["ep"] - 1
    assert (
        change.between(-0.8, -0.35).all() and change.max() - change.min() >= 0.1
    )  # each region its own depth
    assert others < 0  # and the other categories dip in 2020Q1 too


def test_enterprise_reports_are_a_share_of_their_region(sample_warehouse_file):
    """Key enterprises report in 万美元 a part of their region's category figure; only 杭州 2019Q3 电信计算机
    exceeds it."""
    rate = {"2018": 6.6174, "2019": 6.8985, "2020": 6.8974}  # reference-facts.md, CNY per USD
    with Warehouse(sample_warehouse_file) as wh:
        firms = wh.query_df("SELECT count(DISTINCT credit_code) AS n FROM v_enterprise_trade")["n"][0]
        late = wh.query_df(
            "SELECT count(*) AS n FROM v_latest_submission WHERE kind = 'enterprise' AND received_at::DATE > deadline"
        )["n"][0]
        both = wh.query_df(
            "SELECT e.region_code, e.period, e.category_code, e.usd, t.exports FROM (SELECT region_code, "
            "period, category_code, "
            "sum(exports_usd) AS usd FROM v_enterprise_trade GROUP BY 1, 2, 3) e JOIN v_trade t USING "
            "(region_code, period, category_code)"
        )
    assert firms == 233 and late == 3
    both["ratio"] = both["usd"] * both["period"].str[:4].map(rate) / both["exports"]
    over = both[both["ratio"] > 1]
    assert over[["region_code", "period", "category_code"]].values.tolist() == [["hangzhou", "2019Q3", 9]]
    assert over["ratio"].iloc[0] == pytest.approx(1.2, abs=0.01)
    assert (
        both.loc[both["ratio"] <= 1, "ratio"].between(0.2, 0.56).all()
    )  # 35–55% of the region, less the firms that skipped
