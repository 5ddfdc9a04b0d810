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
    assert len(rows) == (8 + 1 + 8) + (7 + 7)  # 武汉: 8 quarters, a re-submission, 8 enterprise workbooks; 贵安 missed 2019Q2
    for entry in rows:  # byte for byte
        assert hashlib.sha256((tmp_path / entry["file"]).read_bytes()).hexdigest() == \
            hashlib.sha256((SAMPLE / entry["file"]).read_bytes()).hexdigest(), entry["file"]


def test_manifest_shape():
    with (SAMPLE / "manifest.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    region = [r for r in rows if r["file"].startswith("region/")]
    enterprise = [r for r in rows if r["file"].startswith("enterprise/")]
    assert len(region) == 17 * 8 - 1 + 1  # one region missed a quarter, one re-submitted
    assert len(enterprise) == 17 * 8 - 1 - 2  # and two regions' enterprises missed a quarter
    assert not [r for r in rows if (r["region"], r["period"]) == ("贵州贵安新区", "2019Q2")]
    assert [r["file"] for r in region if r["region"] == "武汉" and r["period"] == "2019Q3"] == [
        "region/wuhan_2019Q3_v1.xlsx", "region/wuhan_2019Q3.xlsx"]


def test_pilot_totals_follow_the_national_growth(sample_warehouse_file):
    with Warehouse(sample_warehouse_file) as wh:
        q = wh.query_df("SELECT period, sum(exports) AS exports, sum(exports_prev) AS prev FROM v_trade GROUP BY period").set_index("period")
        late = wh.query_df("SELECT count(*) AS n FROM v_latest_submission WHERE kind = 'region' AND received_at::DATE > deadline")["n"][0]
        superseded = wh.query_df("SELECT region_code, period FROM submission WHERE status = 'superseded'")
    exports_2019 = q.loc[["2019Q1", "2019Q2", "2019Q3", "2019Q4"], "exports"].sum()
    exports_2018 = q.loc[["2018Q3", "2018Q4"], "exports"].sum() + q.loc[["2019Q1", "2019Q2"], "prev"].sum()
    # 75% of the national 19,564亿元 (2019) and 17,658亿元 (2018), in 万元; 贵安 2019Q2 (0.2%) is missing
    assert exports_2019 / 1e4 == pytest.approx(0.75 * 19564, rel=0.002)
    assert exports_2019 / exports_2018 - 1 == pytest.approx(19564 / 17658 - 1, abs=0.0005)
    # 2020Q2 against 2019Q2 follows the national 2020 exports (−1.1%)
    assert q.loc["2020Q2", "exports"] / q.loc["2019Q2", "exports"] - 1 == pytest.approx(19356.7 / 19564 - 1, abs=0.003)
    assert late == 6
    assert superseded.values.tolist() == [["wuhan", "2019Q3"]]


def test_travel_collapses_in_2020(sample_warehouse_file):
    with Warehouse(sample_warehouse_file) as wh:
        travel = wh.query_df("SELECT period, sum(exports) AS e FROM v_trade WHERE category_code = 4 GROUP BY period").set_index("period")["e"]
    assert travel["2020Q1"] / travel["2019Q1"] < 0.5


def test_beijing_and_shanghai_are_largest(sample_warehouse_file):
    raw = read_workbook(SAMPLE / "region" / "beijing_2019Q4.xlsx")
    beijing = sum(r[2] for r in raw.sheets["服务贸易数据"][1:])
    with Warehouse(sample_warehouse_file) as wh:
        ranked = wh.query_df("SELECT region_code, sum(exports) AS e FROM v_trade WHERE period = '2019Q4' GROUP BY 1 ORDER BY 2 DESC")
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
