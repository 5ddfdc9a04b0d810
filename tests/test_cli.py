"""The command-line contract: each command's main(argv) in-process, and once as other tools run it (a subprocess)."""

import json
import os
import re
import subprocess
import sys
from types import SimpleNamespace

import pytest

import indicators.__main__
import ingest.__main__
import warehouse.__main__

from .conftest import ROOT, filled_content, write_filled

MAINS = {
    "ingest": ingest.__main__.main,
    "indicators": indicators.__main__.main,
    "warehouse": warehouse.__main__.main,
}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def run(capsys, monkeypatch):
    """run("ingest", "load", FILE, warehouse=PATH) -> returncode, stdout, stderr of that command's main(argv)."""

    def call(module, *args, warehouse=None):
        if warehouse:
            monkeypatch.setenv("PILOT_WAREHOUSE", str(warehouse))
        try:
            code = MAINS[module](list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)

    return call


def test_commands_run_as_other_tools_run_them(tmp_path, catalog):
    """A subprocess with PILOT_WAREHOUSE: exit codes, JSON on stdout, Chinese on stderr."""
    wh = tmp_path / "sub.duckdb"
    env = dict(os.environ, PILOT_WAREHOUSE=str(wh), PILOT_ARCHIVE=str(tmp_path / "archive"))
    good = write_filled(catalog, tmp_path / "good.xlsx", "guangzhou", "2019Q4")
    loaded = subprocess.run(
        [sys.executable, "-m", "ingest", "load", str(good), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0 and json.loads(loaded.stdout)["status"] == "accepted"
    fake = tmp_path / "fake.xlsx"
    fake.write_text("地区,金额\n北京,1\n", encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "-m", "ingest", "check", str(fake), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1 and json.loads(refused.stdout)["status"] == "rejected"
    usage = subprocess.run(
        [sys.executable, "-m", "warehouse", "restore", "--from", str(tmp_path / "none")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert usage.returncode == 1 and "错误：" in usage.stderr and "Traceback" not in usage.stderr


def test_load_check_and_scores(tmp_path, catalog, run, monkeypatch):
    monkeypatch.setenv("PILOT_ARCHIVE", str(tmp_path / "archive"))
    wh = tmp_path / "cli.duckdb"
    good = write_filled(catalog, tmp_path / "good.xlsx", "guangzhou", "2019Q4")
    bad_content = filled_content(catalog, "guangzhou", "2019Q4")
    bad_content.tables["服务贸易数据"][0]["imports"] = "很多"
    bad = write_filled(catalog, tmp_path / "bad.xlsx", "guangzhou", "2019Q4", bad_content)

    checked = run("ingest", "check", str(good), "--json", warehouse=wh)
    assert checked.returncode == 0 and json.loads(checked.stdout)["status"] == "accepted"
    assert not wh.exists()  # check touches no warehouse

    loaded = run(
        "ingest",
        "load",
        str(good),
        "--json",
        "--region",
        "广州",
        "--period",
        "2019Q4",
        "--received-at",
        "2020-01-08T09:30",
        warehouse=wh,
    )
    out = json.loads(loaded.stdout)
    assert loaded.returncode == 0
    assert {k: out[k] for k in ("status", "kind", "region", "period", "submission_id")} == {
        "status": "accepted",
        "kind": "region",
        "region": "广州",
        "period": "2019Q4",
        "submission_id": 1,
    }
    assert out["errors"] == [] and isinstance(out["warnings"], list)

    again = run("ingest", "load", str(good), "--json", warehouse=wh)
    assert again.returncode == 0 and json.loads(again.stdout)["status"] == "duplicate"

    rejected = run("ingest", "load", str(bad), "--json", warehouse=wh)
    assert rejected.returncode == 1
    err = json.loads(rejected.stdout)["errors"]
    assert [(e["sheet"], e["row"], e["column"], e["cell"], e["code"], e["subject"]) for e in err] == [
        ("服务贸易数据", 2, "D", "服务贸易数据!D2", "bad_value", "服务类别 1 加工服务")
    ]
    assert err[0]["message"] == "“进口额（万元）”的值“很多”不是数字，请填写不小于 0 的数字（单位见列名）"
    assert err[0]["detail"] == "服务类别 1 加工服务：" + err[0]["message"]

    as_text = run("ingest", "check", str(bad))  # the same problem for a person: sheet, cell, row, message
    assert as_text.returncode == 1
    assert as_text.stdout.splitlines()[1:] == [
        "  服务贸易数据 D2（服务类别 1 加工服务）："
        "“进口额（万元）”的值“很多”不是数字，请填写不小于 0 的数字（单位见列名）"
    ]

    scores = run("indicators", "scores", "--period", "2019Q4", "--json", warehouse=wh)
    rows = {r["region"]: r for r in json.loads(scores.stdout)}
    assert len(rows) == 17 and list(rows)[0] == "北京"
    gz = rows["广州"]
    assert (gz["tasks_total"], gz["tasks_completed"], gz["task_completion_rate"]) == (38, 0, 0.0)
    assert (gz["exports"], gz["imports"], gz["export_yoy"], gz["experience_items"]) == (
        7800.0,
        600.0,
        None,
        0,
    )


def test_usage_errors_exit_2(tmp_path, run):
    assert (
        run(
            "ingest", "template", "--region", "火星", "--period", "2019Q4", "--out", str(tmp_path / "x.xlsx")
        ).returncode
        == 2
    )
    missing = run("ingest", "check", str(tmp_path / "none.xlsx"))
    assert missing.returncode == 2 and "找不到文件" in missing.stderr
    assert run("ingest", "frobnicate").returncode == 2
    assert run("indicators", "scores", "--period", "2021Q1", warehouse=tmp_path / "w.duckdb").returncode == 2


def test_backup_and_restore_round_trip(tmp_path, sample_warehouse_file, run):
    import shutil

    source = tmp_path / "source.duckdb"
    shutil.copy(sample_warehouse_file, source)
    backup = run("warehouse", "backup", "--out", str(tmp_path / "bk"), warehouse=source)
    assert backup.returncode == 0 and (tmp_path / "bk" / "manifest.json").exists()
    target = tmp_path / "restored.duckdb"
    restored = run("warehouse", "restore", "--from", str(tmp_path / "bk"), warehouse=target)
    assert restored.returncode == 0, restored.stderr
    refused = run("warehouse", "restore", "--from", str(tmp_path / "bk"), warehouse=target)
    assert refused.returncode == 1 and "已存在" in refused.stderr  # never overwritten without --force
    scores = [
        json.loads(run("indicators", "scores", "--period", "2019Q4", "--json", warehouse=w).stdout)
        for w in (source, target)
    ]
    assert scores[0] == scores[1] and len(scores[0]) == 17


def test_scores_and_warnings_on_the_sample_warehouse(tmp_path, sample_warehouse_file, run, catalog):
    import shutil

    from openpyxl import load_workbook

    wh = tmp_path / "s.duckdb"
    shutil.copy(sample_warehouse_file, wh)
    out = run("indicators", "scores", "--period", "2019Q3", "--json", "--as-of", "2020-12-31", warehouse=wh)
    rows = json.loads(out.stdout)
    assert [r["rank"] for r in sorted(rows, key=lambda r: -r["score"])][0] == 1
    assert {
        "score",
        "rank",
        "rank_change",
        "measure_completion_rate",
        "on_time_rate",
        "overdue_measures",
        "opening_landing_rate",
        "ytd_exports",
        "export_share",
        "ki_export_share",
        "direct_report_coverage",
        "enterprise_excess_categories",
        "adoption_rate",
        "completeness_rate",
        "timeliness_rate",
    } <= set(rows[0])
    assert all(0 <= r["score"] <= 100 for r in rows)
    hz = next(r for r in rows if r["region"] == "杭州")
    assert hz["enterprise_excess_categories"] == 1  # the sample's over-reported 电信计算机 category

    alerts = json.loads(
        run(
            "indicators", "warnings", "--period", "2019Q3", "--json", "--as-of", "2020-12-31", warehouse=wh
        ).stdout
    )
    excess = [a for a in alerts if a["rule"] == "enterprise_excess"]
    assert [(a["region"], a["figures"]["category_code"]) for a in excess] == [("杭州", 9)]
    assert {a["rule"] for a in alerts} >= {"enterprise_excess", "not_on_time"}

    config = tmp_path / "only_tasks.toml"
    config.write_text(
        '[[score]]\nindicator = "task_completion_rate"\nweight = 1\nnormalisation = "target"\ntarget = 1.0\n',
        encoding="utf-8",
    )
    only = json.loads(
        run(
            "indicators", "scores", "--period", "2019Q3", "--json", "--config", str(config), warehouse=wh
        ).stdout
    )
    assert all(
        abs(r["score"] - 100 * (r["task_completion_rate"] or 0)) < 1e-3 for r in only
    )  # both rounded to 6 places

    bad = tmp_path / "bad.toml"
    bad.write_text('[[score]]\nindicator = "no_such"\nweight = 1\n', encoding="utf-8")
    refused = run("indicators", "scores", "--period", "2019Q3", "--config", str(bad), warehouse=wh)
    assert refused.returncode == 2 and "未知的指标 no_such" in refused.stderr

    book = tmp_path / "scores.xlsx"
    assert (
        run(
            "indicators", "scores", "--period", "2019Q3", "--format", "xlsx", "--out", str(book), warehouse=wh
        ).returncode
        == 0
    )
    wb = load_workbook(book)
    assert wb.sheetnames == [
        "综合评价",
        "预警",
        "服务贸易构成",
        "企业直报核对",
        "企业直报明细",
        "经验案例",
        "经验案例分类",
        "填报情况",
    ]
    per_type = [r for r in wb["经验案例分类"].iter_rows(min_row=3, values_only=True)]  # below heading, header
    assert sum(r[3] for r in per_type) == sum(
        r["experience_items"] for r in rows
    )  # every distinct item counted once
    assert wb["综合评价"]["A2"].value == "试点地区" and wb["综合评价"]["A3"].value == "北京"
    assert "并非商务部官方评价指标体系" in wb["综合评价"]["A1"].value
    _every_word_chinese(wb, catalog)


def _every_word_chinese(wb, catalog):
    """Every sheet: a heading row with the source, Chinese headers, and codes shown as names."""
    codes = {r.code for r in catalog.regions} | {c.code for c in catalog.countries}
    for ws in wb:
        assert "数据来源：各试点地区季度报送，本平台计算" in ws["A1"].value, ws.title
        english = [c.value for c in ws[2] if not CHINESE.search(str(c.value))]
        assert not english, f"{ws.title}: headers without a Chinese character {english}"
        assert ws.freeze_panes == "B3", ws.title
        values = [v for row in ws.iter_rows(min_row=3, values_only=True) for v in row]
        assert not [v for v in values if isinstance(v, bool) or v in codes or v in ("nan", "<NA>", "None")]
    headers = {ws.title: [c.value for c in ws[2]] for ws in wb}
    assert headers["企业直报明细"][:5] == [
        "试点地区",
        "统一社会信用代码",
        "企业名称",
        "服务类别",
        "国家（地区）",
    ]
    first = [c.value for c in wb["企业直报明细"][3]]
    assert first[3].split(" ", 1)[1] in {c.name_zh for c in catalog.categories}  # "9 电信、计算机和信息服务"
    assert first[4] in {c.name_zh for c in catalog.countries}
    assert {r[4] for r in wb["填报情况"].iter_rows(min_row=3, values_only=True)} <= {"按时", "逾期", "未报送"}
    assert {r[10] for r in wb["经验案例"].iter_rows(min_row=3, values_only=True)} <= {"是", "否"}
    assert headers["服务贸易构成"][4:] == ["占本地区出口比重", "占本地区进口比重"]


def test_enterprise_template_from_the_command_line(tmp_path, run):
    from openpyxl import load_workbook

    out = tmp_path / "e.xlsx"
    made = run(
        "ingest",
        "template",
        "--kind",
        "enterprise",
        "--region",
        "guian",
        "--period",
        "2019年第三季度",
        "--out",
        str(out),
    )
    assert made.returncode == 0 and "贵州贵安新区 2019Q3" in made.stdout
    wb = load_workbook(out)
    assert (wb["基本信息"]["B1"].value, wb["基本信息"]["B2"].value) == ("贵州贵安新区", "2019Q3")
    checked = run(
        "ingest", "check", str(out), "--json"
    )  # a blank template: 基本信息 and the data sheet are empty
    assert checked.returncode == 1
    codes = {(e["cell"], e["code"]) for e in json.loads(checked.stdout)["errors"]}
    assert ("基本信息!B3", "required") in codes and ("服务进出口", "no_rows") in codes


def test_as_of_sees_only_what_had_arrived(sample_warehouse_file, run):
    """Issue 10: as of 2020-01-05, 贵安 (received 2020-01-30) and 武汉 (2020-01-07) had not sent 2019Q4."""

    def scores(*extra):
        out = run(
            "indicators", "scores", "--period", "2019Q4", "--json", *extra, warehouse=sample_warehouse_file
        )
        assert out.returncode == 0, out.stderr
        return {r["region"]: r for r in json.loads(out.stdout)}

    now, then = scores(), scores("--as-of", "2020-01-05")
    for region in ("贵州贵安新区", "武汉"):
        assert now[region]["submitted"] and now[region]["exports"] is not None
        assert not then[region]["submitted"] and then[region]["exports"] is None
        assert (
            then[region]["missing_reports"] == now[region]["missing_reports"]
        )  # 2019Q4 pending: not missing
    assert then["贵州贵安新区"]["late_reports"] == now["贵州贵安新区"]["late_reports"] - 1  # not late yet
    assert then["武汉"]["on_time_reports"] == now["武汉"]["on_time_reports"] - 1  # not on time yet
    arrived = {r for r, row in then.items() if row["submitted"]}
    assert arrived == {"天津", "重庆两江新区", "陕西西咸新区", "北京", "河北雄安新区", "南京"}
    assert all(then[r]["exports"] == now[r]["exports"] for r in arrived)
    assert scores("--as-of", "2020-01-05T11:00")["北京"]["submitted"]  # received 11:00
    assert not scores("--as-of", "2020-01-05 10:59")["北京"]["submitted"]
    alerts = run(
        "indicators",
        "warnings",
        "--period",
        "2019Q4",
        "--json",
        "--as-of",
        "2020-01-05",
        warehouse=sample_warehouse_file,
    )
    assert not [a for a in json.loads(alerts.stdout) if a["rule"] == "not_on_time"]
    bad = run(
        "indicators", "scores", "--period", "2019Q4", "--as-of", "2020-1-5", warehouse=sample_warehouse_file
    )
    assert bad.returncode == 2 and "--as-of" in bad.stderr
    helped = run("indicators", "scores", "--help")
    assert "当天结束时" in helped.stdout and "只计入截至此时收到的报表" in helped.stdout
