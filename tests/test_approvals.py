"""Approval and locking of a region's quarter, closed quarters, moved deadlines and the office's weights, below the
dashboard: the loader's refusals (command line), the approved-only view against the same indicators computed on the
approved workbooks alone, reporting status at a moved deadline, and the scores under the office's weights."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date, datetime
from types import SimpleNamespace

import pandas as pd
import pytest

import indicators
import indicators.__main__
import ingest.__main__
from indicators.reporting import LATE, ON_TIME
from ingest.bootstrap import SAMPLE_DIR, build_sample_warehouse
from ingest.template import prefilled_content, write_workbook
from reference import Quarter
from reference.evaluation import load_config
from warehouse import Warehouse, approvals, quarters, weights

from .conftest import VALID_CODE, filled_content, write_filled

ADMIN_NAME = "协调办公室管理员"
LOCKED = (
    "北京 2019年第四季度的数据已由 协调办公室管理员于 2020-01-20 10:00 审核确认并锁定，不能再上报。"
    "如需更正，请联系协调办公室解锁。"
)


def approve(wh, region_code: str, period: str, at: datetime | None = None):
    catalog = wh.catalog
    with wh.transaction() as cur:
        return approvals.approve(
            cur,
            region_code,
            period,
            region_name=catalog.region(region_code).name,
            period_label=Quarter.parse(period).label,
            username="admin",
            display_name=ADMIN_NAME,
            at=at,
        )


def unlock(wh, region_code: str, period: str, reason: str):
    catalog = wh.catalog
    with wh.transaction() as cur:
        return approvals.unlock(
            cur,
            region_code,
            period,
            reason,
            region_name=catalog.region(region_code).name,
            period_label=Quarter.parse(period).label,
            username="admin",
            display_name=ADMIN_NAME,
        )


@pytest.fixture
def run(capsys, monkeypatch, tmp_path):
    """run("ingest", "load", FILE, warehouse=PATH) -> returncode, stdout, stderr of that command's main(argv)."""
    mains = {"ingest": ingest.__main__.main, "indicators": indicators.__main__.main}
    monkeypatch.setenv("PILOT_ARCHIVE", str(tmp_path / "archive"))

    def call(module, *args, warehouse=None):
        if warehouse:
            monkeypatch.setenv("PILOT_WAREHOUSE", str(warehouse))
        try:
            code = mains[module](list(args))
        except SystemExit as exc:
            code = exc.code
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)

    return call


def enterprise_book(catalog, path, region_code: str, period: str, exports: float = 100.0):
    from ingest.spec import enterprise_spec

    q = Quarter.parse(period)
    spec = enterprise_spec(catalog, region_code)
    content = prefilled_content(spec, catalog, region_code, q)
    content.form.update(filler="北京市商务局", contact="王伟", phone="010-1", filled_date=q.end)
    content.tables["服务进出口"] = [
        {
            "credit_code": VALID_CODE,
            "name": "厦门某信息技术有限公司",
            "category_code": 9,
            "partner": "美国",
            "exports_usd": exports,
            "imports_usd": 0.0,
        }
    ]
    write_workbook(path, spec, catalog, region_code, q, content)
    return path


def counts(path) -> dict:
    with Warehouse(path) as wh:
        cur = wh.cursor()
        return {
            t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("submission", "fact_trade", "fact_enterprise_trade", "receipt")
        }


def test_an_approved_quarter_refuses_command_line_loads_of_either_kind_until_unlocked(tmp_path, catalog, run):
    path = tmp_path / "wh.duckdb"
    first = write_filled(catalog, tmp_path / "first.xlsx", "beijing", "2019Q4")
    assert run("ingest", "load", str(first), "--json", warehouse=path).returncode == 0
    with Warehouse(path) as wh:
        event = approve(wh, "beijing", "2019Q4", at=datetime(2020, 1, 20, 10, 0))
        assert event.by == "协调办公室管理员"
    before = counts(path)

    corrected = write_filled(
        catalog,
        tmp_path / "corrected.xlsx",
        "beijing",
        "2019Q4",
        filled_content(catalog, "beijing", "2019Q4", 7.0),
    )
    refused = run("ingest", "load", str(corrected), "--json", "--received-from", "王伟", warehouse=path)
    assert refused.returncode == 1
    answer = json.loads(refused.stdout)
    assert answer["status"] == "rejected" and answer["submission_id"] is None and answer["rows"] == {}
    assert [e["message"] for e in answer["errors"]] == [LOCKED]
    assert [e["code"] for e in answer["errors"]] == ["quarter_locked"]
    text = run("ingest", "load", str(corrected), warehouse=path)  # the same refusal in words
    assert text.returncode == 1 and LOCKED in text.stdout

    firms = enterprise_book(catalog, tmp_path / "firms.xlsx", "beijing", "2019Q4")
    other = json.loads(run("ingest", "load", str(firms), "--json", warehouse=path).stdout)
    assert other["status"] == "rejected" and [e["message"] for e in other["errors"]] == [LOCKED]

    after = counts(path)
    assert after | {"receipt": 0} == before | {"receipt": 0}  # nothing loaded
    assert after["receipt"] == before["receipt"] + 3  # every refusal logged
    with Warehouse(path) as wh:
        logged = wh.query_df("SELECT * FROM receipt ORDER BY id DESC LIMIT 3")
        assert set(logged["status"]) == {"rejected"} and set(logged["region_code"]) == {"beijing"}
        assert set(logged["period"]) == {"2019Q4"} and set(logged["kind"]) == {"region", "enterprise"}
        assert all(LOCKED in p for p in logged["problems"])
        assert logged["received_from"].tolist()[-1] == "王伟"
        # the figures are still the first workbook's
        assert indicators.scores(wh, "2019Q4").set_index("region_code").loc[
            "beijing", "exports"
        ] == pytest.approx(sum(c * 100.0 for c in range(1, 13)))

    # another region's quarter and the region's other quarters are open
    shanghai = write_filled(catalog, tmp_path / "shanghai.xlsx", "shanghai", "2019Q4")
    assert run("ingest", "load", str(shanghai), warehouse=path).returncode == 0
    q3 = write_filled(catalog, tmp_path / "q3.xlsx", "beijing", "2019Q3")
    assert run("ingest", "load", str(q3), warehouse=path).returncode == 0

    with Warehouse(path) as wh:
        with pytest.raises(approvals.ApprovalProblem, match="解锁须填写原因"):
            unlock(wh, "beijing", "2019Q4", "  ")
        unlock(wh, "beijing", "2019Q4", "地区申请更正出口数据")
    landed = json.loads(run("ingest", "load", str(corrected), "--json", warehouse=path).stdout)
    assert landed["status"] == "accepted" and landed["supersedes"] is not None
    assert run("ingest", "load", str(firms), warehouse=path).returncode == 0
    with Warehouse(path) as wh:
        assert indicators.scores(wh, "2019Q4").set_index("region_code").loc[
            "beijing", "exports"
        ] == pytest.approx(sum(c * 7.0 for c in range(1, 13)))
        history = approvals.events(wh, "beijing", "2019Q4")
        assert history["action"].tolist() == ["unlock", "approve"]
        assert history["reason"].tolist()[0] == "地区申请更正出口数据"


def test_approving_needs_a_workbook_and_happens_once(warehouse, catalog, tmp_path):
    from ingest.loader import load_file

    with pytest.raises(approvals.ApprovalProblem, match="尚无通过检查的地区季度报表"):
        approve(warehouse, "beijing", "2019Q4")
    load_file(warehouse, write_filled(catalog, tmp_path / "b.xlsx", "beijing", "2019Q4"))
    approve(warehouse, "beijing", "2019Q4")
    with pytest.raises(approvals.ApprovalProblem, match="无需再次审核"):
        approve(warehouse, "beijing", "2019Q4")
    with pytest.raises(approvals.ApprovalProblem, match="未处于审核确认状态"):
        unlock(warehouse, "shanghai", "2019Q4", "原因")
    assert len(approvals.events(warehouse)) == 1


def test_a_closed_quarter_refuses_uploads_naming_the_quarter(tmp_path, catalog, run):
    path = tmp_path / "wh.duckdb"
    with Warehouse(path) as wh, wh.transaction() as cur:
        quarters.change(
            cur,
            "2019Q4",
            is_open=False,
            username="admin",
            display_name=ADMIN_NAME,
            at=datetime(2020, 3, 1, 9, 30),
        )
    book = write_filled(catalog, tmp_path / "gz.xlsx", "guangzhou", "2019Q4")
    refused = run("ingest", "load", str(book), "--json", warehouse=path)
    assert refused.returncode == 1
    (problem,) = json.loads(refused.stdout)["errors"]
    assert problem["code"] == "quarter_closed"
    assert problem["message"] == (
        "2019年第四季度的报告期已由 协调办公室管理员于 2020-03-01 09:30 关闭，不再接收该季度的报表。"
        "如需补报或更正，请联系协调办公室重新开放。"
    )
    assert counts(path)["submission"] == 0 and counts(path)["receipt"] == 1
    other = write_filled(catalog, tmp_path / "gz3.xlsx", "guangzhou", "2019Q3")
    assert run("ingest", "load", str(other), warehouse=path).returncode == 0
    with Warehouse(path) as wh, wh.transaction() as cur:
        quarters.change(cur, "2019Q4", is_open=True, username="admin", display_name=ADMIN_NAME)
    assert run("ingest", "load", str(book), warehouse=path).returncode == 0


def test_a_moved_deadline_changes_on_time_and_late_exactly_at_the_new_boundary(warehouse, catalog, tmp_path):
    from ingest.loader import load_file

    # the catalog's deadline for 2019Q4 is 2020-01-10; the office moves it to 2020-01-15
    times = {
        "beijing": datetime(2020, 1, 15, 23, 59, 59),  # the last second of the new deadline day
        "shanghai": datetime(2020, 1, 16, 0, 0, 0),  # the first second after it
        "tianjin": datetime(2020, 1, 10, 12, 0),  # on time under either
    }
    for region, received in times.items():
        book = write_filled(catalog, tmp_path / f"{region}.xlsx", region, "2019Q4")
        assert load_file(warehouse, book, received_at=received).status == "accepted"

    def status(**kwargs) -> dict:
        grid = indicators.detail_tables(warehouse, "2019Q4", **kwargs)["reporting"]
        grid = grid[grid["period"] == "2019Q4"].set_index("region_code")
        return {r: grid.loc[r, "status"] for r in times}

    assert status() == {"beijing": LATE, "shanghai": LATE, "tianjin": ON_TIME}
    with warehouse.transaction() as cur:
        quarters.change(
            cur,
            "2019Q4",
            deadline=date(2020, 1, 15),
            username="admin",
            display_name=ADMIN_NAME,
            at=datetime(2020, 2, 1, 9, 0),
        )
    assert status() == {"beijing": ON_TIME, "shanghai": LATE, "tianjin": ON_TIME}
    # the quarter stays open; the deadline in force is what the reads give
    found = quarters.quarters(warehouse).set_index("period").loc["2019Q4"]
    assert bool(found["is_open"]) and pd.Timestamp(found["deadline"]).date() == date(2020, 1, 15)
    assert pd.Timestamp(found["default_deadline"]).date() == date(2020, 1, 10)
    # as of a moment before the move, the catalog's deadline was in force
    assert status(as_of=date(2020, 1, 31)) == {"beijing": LATE, "shanghai": LATE, "tianjin": ON_TIME}
    # the scores' rates and the warning follow the deadline in force
    table = indicators.scores(warehouse, "2019Q4").set_index("region_code")
    assert table.loc["beijing", "late_reports"] == 0 and table.loc["shanghai", "late_reports"] == 1
    late = [w for w in indicators.warnings(warehouse, "2019Q4") if w["rule"] == "not_on_time"]
    shanghai = next(w for w in late if w["region_code"] == "shanghai")
    assert "晚于截止日期 2020-01-15" in shanghai["message"]
    assert "beijing" not in {w["region_code"] for w in late}
    # moved again, back to the catalog's: latest wins
    with warehouse.transaction() as cur:
        quarters.change(cur, "2019Q4", deadline=None, username="admin", display_name=ADMIN_NAME)
    assert status() == {"beijing": LATE, "shanghai": LATE, "tianjin": ON_TIME}
    assert len(quarters.history(warehouse)) == 2


# ---------------------------------------------------------------- the approved-only view

APPROVED = [
    ("beijing", "2019Q4"),
    ("shanghai", "2019Q4"),
    ("hangzhou", "2019Q4"),
    ("wuhan", "2019Q4"),
    ("beijing", "2019Q3"),
    ("wuhan", "2019Q3"),  # sent twice: the first receipt counts for timeliness
    ("guian", "2019Q3"),
    ("beijing", "2018Q4"),
]
UNLOCKED = [("shenzhen", "2019Q4")]  # approved, then unlocked: not approved


@pytest.fixture(scope="module")
def approved_pair(tmp_path_factory):
    """(the sample warehouse with APPROVED approved and UNLOCKED approved then unlocked, a warehouse built from the
    workbooks of the APPROVED region-quarters alone, with their real receipt times)."""
    base = tmp_path_factory.mktemp("approved")
    sample = base / "sample.duckdb"
    build_sample_warehouse(sample)
    with Warehouse(sample) as wh:
        codes = {r.name: r.code for r in wh.catalog.regions}
        for region, period in APPROVED + UNLOCKED:
            approve(wh, region, period)
        for region, period in UNLOCKED:
            unlock(wh, region, period, "地区申请更正")
    with (SAMPLE_DIR / "manifest.csv").open(encoding="utf-8", newline="") as f:
        entries = [e for e in csv.DictReader(f) if (codes[e["region"]], e["period"]) in APPROVED]
    subset_dir = base / "subset_data"
    subset_dir.mkdir()
    with (subset_dir / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["file", "region", "period", "received_at", "received_from"])
        writer.writeheader()
        for e in entries:
            writer.writerow(e | {"file": str(SAMPLE_DIR / e["file"])})
    subset = base / "subset.duckdb"
    assert build_sample_warehouse(subset, subset_dir) == len(entries)
    assert {"enterprise/beijing_2019Q4.xlsx", "region/wuhan_2019Q3_v1.xlsx"} <= {e["file"] for e in entries}
    yield sample, subset
    shutil.rmtree(base, ignore_errors=True)


@pytest.mark.parametrize("period", ["2019Q4", "2019Q3"])
def test_approved_only_equals_the_indicators_of_the_approved_workbooks_alone(approved_pair, period):
    sample, subset = approved_pair
    with Warehouse(sample, read_only=True) as wh, Warehouse(subset, read_only=True) as alone:
        config = load_config()
        pd.testing.assert_frame_equal(
            indicators.scores(wh, period, config, approved_only=True),
            indicators.scores(alone, period, config),
        )
        assert indicators.warnings(wh, period, config, approved_only=True) == indicators.warnings(
            alone, period, config
        )
        mine, theirs = (
            indicators.detail_tables(wh, period, approved_only=True),
            indicators.detail_tables(alone, period),
        )
        assert set(mine) == set(theirs)
        for name in mine:
            pd.testing.assert_frame_equal(mine[name], theirs[name], obj=name)
        pd.testing.assert_frame_equal(
            indicators.scores_by_quarter(wh, period, config, approved_only=True),
            indicators.scores_by_quarter(alone, period, config),
        )


def test_approved_only_leaves_out_every_figure_of_an_unapproved_region_quarter(approved_pair):
    sample, _ = approved_pair
    with Warehouse(sample, read_only=True) as wh:
        every = indicators.scores(wh, "2019Q4").set_index("region_code")
        only = indicators.scores(wh, "2019Q4", approved_only=True).set_index("region_code")
        approved = {r for r, p in APPROVED if p == "2019Q4"}
        assert set(only.index[only["submitted"]]) == approved
        assert every["submitted"].all()  # the sample has every region's 2019Q4
        others = only.drop(index=list(approved))
        for column in ("exports", "imports", "tasks_completed", "task_completion_rate", "export_yoy"):
            assert others[column].isna().all(), column
        assert (others["reporting_enterprises"] == 0).all()
        assert "shenzhen" in others.index  # approved, then unlocked
        # the approved regions' own figures are those of their workbooks, as in the view of everything
        for column in ("exports", "imports", "tasks_completed", "ki_export_share"):
            pd.testing.assert_series_equal(
                only.loc[sorted(approved), column], every.loc[sorted(approved), column], check_dtype=False
            )
        # the pilot's exports by hand: the approved regions' 2019Q4 rows of fact_trade
        (by_hand,) = (
            wh.cursor()
            .execute(
                """SELECT sum(f.exports) FROM fact_trade f JOIN submission s ON s.id = f.submission_id
               WHERE s.status = 'accepted' AND s.period = '2019Q4' AND s.region_code IN ('beijing', 'shanghai',
               'hangzhou', 'wuhan')"""
            )
            .fetchone()
        )
        assert only["exports"].sum() == pytest.approx(by_hand)
        # details: no unapproved region in the long tables either
        details = indicators.detail_tables(wh, "2019Q4", approved_only=True)
        assert set(details["composition"]["region_code"]) == approved
        assert set(details["enterprise_trade"]["region_code"]) <= approved
        grid = details["reporting"]
        sent = grid[grid["status"].isin([ON_TIME, LATE])]
        assert set(zip(sent["region_code"], sent["period"])) == {
            (r, p) for r, p in APPROVED if Quarter.parse(p) <= Quarter.parse("2019Q4")
        }
        # as of a moment before the approvals there was nothing approved
        before = indicators.scores(wh, "2019Q4", as_of=date(2020, 6, 30), approved_only=True)
        assert not before["submitted"].any()


# ---------------------------------------------------------------- the office's weights


def test_the_office_weights_change_the_scores_the_command_line_shows(sample_warehouse_copy, run):
    path = sample_warehouse_copy
    plain = json.loads(run("indicators", "scores", "--period", "2019Q4", "--json", warehouse=path).stdout)
    chosen = {
        "task_completion_rate": 50.0,
        "export_yoy": 0.0,
        "exports": 30.0,
        "ki_export_share": 0.0,
        "experience_items": 20.0,
        "timeliness_rate": 0.0,
    }
    with Warehouse(path) as wh, wh.transaction() as cur:
        weights.record(cur, chosen, username="admin", display_name=ADMIN_NAME)
    rows = json.loads(run("indicators", "scores", "--period", "2019Q4", "--json", warehouse=path).stdout)
    by = {r["region_code"]: r for r in rows}

    def minmax(field: str, region: str) -> float:
        values = [r[field] for r in rows if r[field] is not None]
        low, high = min(values), max(values)
        return (by[region][field] - low) / (high - low)

    region = "hangzhou"
    expected = (
        100
        * (
            50 * min(by[region]["task_completion_rate"] / 1.0, 1.0)
            + 30 * minmax("exports", region)
            + 20 * minmax("experience_items", region)
        )
        / 100
    )
    assert by[region]["score"] == pytest.approx(expected, abs=1e-3)
    assert by[region]["score"] != pytest.approx({r["region_code"]: r for r in plain}[region]["score"])
    # the file's own weights on request
    own = json.loads(
        run("indicators", "scores", "--period", "2019Q4", "--json", "--file-weights", warehouse=path).stdout
    )
    assert own == plain
    with Warehouse(path) as wh:
        assert weights.current(wh) == chosen
