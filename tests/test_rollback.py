"""Rollback by the office (issue 12): an earlier accepted submission made current again, the later one superseded and
kept, the indicators those of the earlier one at once, the audit log with who, why and both numbers; as-of views of
the moments before it unchanged; refusals in Chinese that change nothing; the form under AppTest."""

import json
from datetime import date, datetime, timedelta
from io import BytesIO

import openpyxl
import pandas as pd
import pytest

import indicators
from accounts import OBSERVER, REGION, User
from ingest.loader import load_bytes, load_file
from ingest.rollback import (
    ALREADY_CURRENT,
    LOCKED,
    NO_REASON,
    NOT_ADMIN,
    NOT_FOUND,
    RollbackRefused,
    roll_back,
)
from ui.admin import DETAIL_LABELS
from warehouse import Warehouse, approvals, audit, figures
from warehouse import rollback as reads

from .conftest import OFFICE_ADMIN, ROOT, filled_content, sign_in_as, write_filled

REGION_CODE, PERIOD = "hainan", "2019Q1"
FIRST_AT, SECOND_AT = datetime(2019, 4, 3, 10, 0), datetime(2019, 4, 8, 10, 0)
REASON = "第二次报送误用了2018年的数据，经与海南省商务厅核实，恢复第一次报送"


def _version(catalog, exports: float, completed: int, items: list[str]):
    """Exports c × `exports` per category c, the first `completed` tasks 已完成, the experience items named."""
    content = filled_content(catalog, REGION_CODE, PERIOD, exports=exports)
    for row in content.tables["任务进展"][:completed]:
        row.update(status="已完成", completed_date=date(2019, 3, 15))
    content.tables["经验案例"] = [
        {"title": t, "area": "进一步创新发展模式", "case_type": "经验做法", "practice": "做法"} for t in items
    ]
    return content


def _load(wh, catalog, path, content, received_at):
    result = load_file(wh, write_filled(catalog, path, REGION_CODE, PERIOD, content), received_at=received_at)
    assert result.status == "accepted", result.errors
    return result


@pytest.fixture
def versions(tmp_path, catalog, warehouse):
    """hainan 2019Q1 sent twice: 7,800 exports and three tasks done, then 15,600 and five done with one more item."""
    first = _load(
        warehouse,
        catalog,
        tmp_path / "第一次.xlsx",
        _version(catalog, 100.0, 3, ["自贸港跨境服务贸易负面清单"]),
        FIRST_AT,
    )
    second = _load(
        warehouse,
        catalog,
        tmp_path / "第二次.xlsx",
        _version(catalog, 200.0, 5, ["自贸港跨境服务贸易负面清单", "国际船舶登记制度"]),
        SECOND_AT,
    )
    assert second.supersedes == first.submission_id
    return first.submission_id, second.submission_id


@pytest.fixture
def only_first(tmp_path, catalog):
    """The same first workbook alone in a warehouse of its own: what the indicators were before the second came."""
    with Warehouse(tmp_path / "only_first.duckdb", catalog) as wh:
        _load(
            wh,
            catalog,
            tmp_path / "第一次.xlsx",
            _version(catalog, 100.0, 3, ["自贸港跨境服务贸易负面清单"]),
            FIRST_AT,
        )
        yield wh


def _row(wh, as_of=None):
    return indicators.scores(wh, PERIOD, as_of=as_of).set_index("region_code").loc[REGION_CODE]


def _statuses(wh):
    return wh.query_df("SELECT id, status FROM submission ORDER BY id").values.tolist()


def test_the_indicators_are_the_first_submissions_again(warehouse, versions, only_first):
    first, second = versions
    before = _row(warehouse)
    assert (before["exports"], before["tasks_completed"], before["experience_items"]) == (15_600, 5, 2)
    version = warehouse.data_version()

    result = roll_back(warehouse, first, REASON, OFFICE_ADMIN, "10.0.0.8")

    assert (result.submission_id, result.superseded, result.region_code, result.period) == (
        first,
        second,
        REGION_CODE,
        PERIOD,
    )
    assert result.message == (
        f"已回退：海南2019年第一季度的试点地区季度报表恢复为提交 {first}（第一次.xlsx），"
        f"提交 {second} 改为已被替代（数据仍保留）。各项指标已按此重新计算。"
    )
    assert warehouse.data_version() != version  # the commit wrote a new data version: every cache follows
    row = _row(warehouse)
    assert (row["exports"], row["imports"], row["tasks_completed"], row["experience_items"]) == (
        7_800,
        600,
        3,
        1,
    )
    # every figure of every region, and every detail table, as when only the first had been loaded
    pd.testing.assert_frame_equal(indicators.scores(warehouse, PERIOD), indicators.scores(only_first, PERIOD))
    ours, theirs = indicators.detail_tables(warehouse, PERIOD), indicators.detail_tables(only_first, PERIOD)
    assert ours.keys() == theirs.keys()
    for name in ours:
        pd.testing.assert_frame_equal(ours[name], theirs[name], obj=name)
    assert indicators.warnings(warehouse, PERIOD) == indicators.warnings(only_first, PERIOD)


def test_nothing_is_deleted_and_the_second_is_superseded(warehouse, versions):
    first, second = versions
    counts = {
        t: warehouse.query_df(f"SELECT count(*) AS n FROM {t}")["n"][0]
        for t in ("fact_trade", "fact_task_progress")
    }
    roll_back(warehouse, first, REASON, OFFICE_ADMIN, "10.0.0.8")
    assert _statuses(warehouse) == [[first, "accepted"], [second, "superseded"]]
    assert {t: warehouse.query_df(f"SELECT count(*) AS n FROM {t}")["n"][0] for t in counts} == counts
    second_trade = warehouse.query_df(
        f"SELECT sum(exports) AS e, count(*) AS n FROM fact_trade WHERE submission_id = {second}"
    )
    assert second_trade.values.tolist() == [[15_600, 12]]
    listed = reads.earlier_submissions(warehouse, "region", REGION_CODE, PERIOD)
    assert listed[
        ["id", "status", "received_at", "file_name", "backfilled", "supersedes"]
    ].values.tolist() == [
        [second, "superseded", pd.Timestamp(SECOND_AT), "第二次.xlsx", True, first],
        [first, "accepted", pd.Timestamp(FIRST_AT), "第一次.xlsx", True, pd.NA],
    ]
    # 任务进展 one row per task, 开放便利举措, 12 categories, the experience items, one enterprise on the list
    tasks = len(warehouse.catalog.tasks_for(REGION_CODE))
    measures = len(warehouse.catalog.measures_for(REGION_CODE))
    assert listed["rows"].tolist() == [tasks + measures + 12 + 2 + 1, tasks + measures + 12 + 1 + 1]
    history = reads.rollbacks(warehouse, "region", REGION_CODE, PERIOD)
    assert history[["submission_id", "superseded_id", "reason", "username"]].values.tolist() == [
        [first, second, REASON, "admin"]
    ]


def test_the_audit_log_has_who_why_and_both_numbers(warehouse, versions):
    first, second = versions
    roll_back(warehouse, first, f"  {REASON}\n", OFFICE_ADMIN, "10.0.0.8")
    entries = audit.entries(warehouse, action="rollback")
    assert len(entries) == 1
    entry = entries.iloc[0]
    assert (entry["username"], entry["role"], entry["address"], entry["target"]) == (
        "admin",
        "admin",
        "10.0.0.8",
        "海南 2019Q1",
    )
    assert json.loads(entry["detail"]) == {
        "kind": "试点地区季度报表",
        "unit": None,
        "submission": first,
        "superseded": second,
        "file": "第一次.xlsx",
        "reason": REASON,  # kept without the spaces around it
    }
    assert audit.ACTIONS["rollback"] == "回退提交"
    assert {k: DETAIL_LABELS[k] for k in json.loads(entry["detail"])} == {  # the 管理 page shows them so
        "kind": "报表类型",
        "unit": "填报单位",
        "submission": "提交编号",
        "superseded": "改为已被替代的提交",
        "file": "文件",
        "reason": "原因",
    }


def test_as_of_a_moment_before_the_rollback_nothing_changes(warehouse, versions):
    first, second = versions
    between = datetime(2019, 4, 9)  # after the second arrived
    then = indicators.scores(warehouse, PERIOD, as_of=between)
    assert then.set_index("region_code").loc[REGION_CODE, "exports"] == 15_600
    roll_back(warehouse, first, REASON, OFFICE_ADMIN)
    pd.testing.assert_frame_equal(indicators.scores(warehouse, PERIOD, as_of=between), then)
    assert _row(warehouse, date(2019, 4, 5))["exports"] == 7_800  # only the first had arrived
    # as of today, after the rollback: today's figures
    pd.testing.assert_frame_equal(
        indicators.scores(warehouse, PERIOD, as_of=date.today()), indicators.scores(warehouse, PERIOD)
    )
    assert _row(warehouse, datetime.now() - timedelta(hours=1))["exports"] == 15_600  # before it was made


def test_a_later_load_supersedes_the_rolled_back_one_and_a_rollback_can_be_rolled_back(
    tmp_path, catalog, warehouse, versions
):
    first, second = versions
    roll_back(warehouse, first, REASON, OFFICE_ADMIN)
    third = load_file(
        warehouse,
        write_filled(catalog, tmp_path / "第三次.xlsx", REGION_CODE, PERIOD, _version(catalog, 300.0, 7, [])),
    )
    assert third.supersedes == first  # the current one, made so by the rollback
    assert _statuses(warehouse) == [
        [first, "superseded"],
        [second, "superseded"],
        [third.submission_id, "accepted"],
    ]
    assert _row(warehouse)["exports"] == _row(warehouse, date.today())["exports"] == 23_400
    again = roll_back(warehouse, second, "第三次报送有误，恢复第二次", OFFICE_ADMIN)
    assert (again.submission_id, again.superseded) == (second, third.submission_id)
    assert _row(warehouse)["exports"] == _row(warehouse, date.today())["exports"] == 15_600
    assert _row(warehouse, datetime(2019, 4, 6))["exports"] == 7_800
    # a back-filled receipt loaded after the rollbacks supersedes the current one, today and as of today
    late = load_file(
        warehouse,
        write_filled(catalog, tmp_path / "补录.xlsx", REGION_CODE, PERIOD, _version(catalog, 50.0, 1, [])),
        received_at=datetime(2019, 4, 9, 9, 0),
    )
    assert late.supersedes == second
    assert _row(warehouse)["exports"] == _row(warehouse, date.today())["exports"] == 3_900
    assert warehouse.query_df("SELECT count(*) AS n FROM submission_rollback")["n"][0] == 2


@pytest.mark.parametrize(
    "who, which, reason, code, message",
    [
        (
            User("watcher", "观察员甲", OBSERVER),
            "first",
            REASON,
            NOT_ADMIN,
            "您的账号（观察员甲（观察员））无权回退提交。只有协调办公室的管理员可以把较早的提交恢复为有效。",
        ),
        (
            User("hainan_clerk", "海南填报员", REGION, region="hainan"),
            "first",
            REASON,
            NOT_ADMIN,
            "您的账号（海南填报员（地区填报员））无权回退提交。只有协调办公室的管理员可以把较早的提交恢复为有效。",
        ),
        (OFFICE_ADMIN, "first", "  \n ", NO_REASON, "请填写回退原因。回退原因将记入审计日志。"),
        (OFFICE_ADMIN, "first", None, NO_REASON, "请填写回退原因。回退原因将记入审计日志。"),
        (
            OFFICE_ADMIN,
            "second",
            REASON,
            ALREADY_CURRENT,
            "提交 {second} 已是当前有效的提交，无需回退。请选择一份较早的提交。",
        ),
        (OFFICE_ADMIN, 999, REASON, NOT_FOUND, "找不到提交 999，请核对提交编号。"),
    ],
)
def test_refusals_say_why_and_change_nothing(warehouse, versions, who, which, reason, code, message):
    first, second = versions
    target = {"first": first, "second": second}.get(which, which)
    version, statuses = warehouse.data_version(), _statuses(warehouse)
    with pytest.raises(RollbackRefused) as refused:
        roll_back(warehouse, target, reason, who, "10.0.0.9")
    assert refused.value.code == code
    assert str(refused.value) == refused.value.message == message.format(second=second)
    assert (warehouse.data_version(), _statuses(warehouse)) == (version, statuses)
    assert audit.entries(warehouse, action="rollback").empty
    assert warehouse.query_df("SELECT count(*) AS n FROM submission_rollback")["n"][0] == 0
    assert _row(warehouse)["exports"] == 15_600


def test_an_approved_quarter_is_rolled_back_only_after_an_unlock(warehouse, versions):
    first, _ = versions
    with warehouse.transaction() as cur:
        approvals.approve(
            cur,
            "hainan",
            "2019Q1",
            region_name="海南",
            period_label="2019年第一季度",
            username="admin",
            display_name="协调办公室管理员",
        )
    with pytest.raises(RollbackRefused) as refused:
        roll_back(warehouse, first, REASON, OFFICE_ADMIN)
    assert refused.value.code == LOCKED
    assert refused.value.message.startswith("海南 2019年第一季度的数据已由 协调办公室管理员于 ")
    assert refused.value.message.endswith("审核确认并锁定。请先在“审核”中解锁（填写原因），再回退。")
    assert _row(warehouse)["exports"] == 15_600  # nothing changed
    with warehouse.transaction() as cur:
        approvals.unlock(
            cur,
            "hainan",
            "2019Q1",
            "更正出口数据",
            region_name="海南",
            period_label="2019年第一季度",
            username="admin",
            display_name="协调办公室管理员",
        )
    roll_back(warehouse, first, REASON, OFFICE_ADMIN)
    assert _row(warehouse)["exports"] == 7_800


def _edited(path, sheet: str, cell: str, value) -> bytes:
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_enterprise_rollback_keeps_to_its_reporting_unit(sample_warehouse_copy, catalog):
    """广州 2019Q1's direct reports on the sample: a second unit's workbook, then a correction of the sample's
    unit's workbook adding 1,000 万美元; rolled back, the sample unit's first workbook counts again, the other's
    stays."""
    source = ROOT / "sample_data" / "enterprise" / "guangzhou_2019Q1.xlsx"
    with Warehouse(sample_warehouse_copy, catalog) as wh:
        (sample_id,) = wh.query_df(
            "SELECT id FROM submission WHERE kind = 'enterprise' AND region_code = 'guangzhou' AND period = '2019Q1'"
        )["id"]
        other = load_bytes(
            wh,
            _edited(source, "基本信息", "B3", "广州市服务外包协会"),
            "协会.xlsx",
            received_at=datetime(2019, 4, 7),
        )
        assert (other.status, other.unit, other.supersedes) == ("accepted", "广州市服务外包协会", None)
        with_other = indicators.scores(wh, "2019Q1")
        trade = figures.enterprise_trade(wh, "2019Q1")
        sample_exports = trade[trade["region_code"] == "guangzhou"]["exports_usd"].sum()
        corrected = load_bytes(
            wh, _edited(source, "服务进出口", "E2", 3290.06), "更正.xlsx", received_at=datetime(2019, 4, 8)
        )
        assert corrected.supersedes == sample_id
        changed = (
            indicators.scores(wh, "2019Q1").set_index("region_code").loc["guangzhou", "enterprise_exports"]
        )
        assert changed > with_other.set_index("region_code").loc["guangzhou", "enterprise_exports"]

        units = reads.submission_counts(wh)
        units = units[
            (units["kind"] == "enterprise")
            & (units["region_code"] == "guangzhou")
            & (units["period"] == "2019Q1")
        ]
        assert units[["unit", "submissions", "current_id"]].values.tolist() == [
            ["广州市商务局", 2, corrected.submission_id],
            ["广州市服务外包协会", 1, other.submission_id],
        ]
        result = roll_back(wh, sample_id, "更正件金额有误", OFFICE_ADMIN)
        assert (result.superseded, result.unit) == (corrected.submission_id, "广州市商务局")
        assert "重点联系企业服务贸易直报表（广州市商务局）恢复为提交" in result.message
        pd.testing.assert_frame_equal(indicators.scores(wh, "2019Q1"), with_other)
        statuses = dict(
            wh.query_df("SELECT id, status FROM submission WHERE id >= ?", [sample_id]).values.tolist()
        )
        assert (statuses[sample_id], statuses[other.submission_id], statuses[corrected.submission_id]) == (
            "accepted",
            "accepted",
            "superseded",
        )
        trade = figures.enterprise_trade(wh, "2019Q1")
        assert trade[trade["region_code"] == "guangzhou"]["exports_usd"].sum() == pytest.approx(
            sample_exports
        )


SCRIPT = """
from ui import auth, rollback
from ui.data import warehouse

rollback.render(warehouse(), auth.user())
"""


def test_the_form(tmp_path, catalog, monkeypatch):
    from streamlit.testing.v1 import AppTest

    import ui

    path = tmp_path / "form.duckdb"
    with Warehouse(path, catalog) as wh:
        first = _load(
            wh, catalog, tmp_path / "第一次.xlsx", _version(catalog, 100.0, 3, []), FIRST_AT
        ).submission_id
        second = _load(
            wh, catalog, tmp_path / "第二次.xlsx", _version(catalog, 200.0, 5, []), SECOND_AT
        ).submission_id
    monkeypatch.setenv("PILOT_WAREHOUSE", str(path))
    # the client's address as the server sees it (under AppTest st.context has no real one)
    monkeypatch.setattr("ui.rollback.address", lambda: "10.0.0.8")
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    sign_in_as(at, OFFICE_ADMIN)  # as the 管理 page has it (the downloads beside the table audit who asks)
    at.run()
    assert not at.exception
    assert at.radio(key="rollback_kind").options == ["试点地区季度报表", "重点联系企业服务贸易直报表"]
    assert at.selectbox(key="rollback_region").options == ["海南"]  # the regions with a workbook of the kind
    at.selectbox(key="rollback_region").set_value(REGION_CODE).run()
    assert at.selectbox(key="rollback_period").options == ["2019年第一季度（2 份）"]
    at.selectbox(key="rollback_period").set_value(PERIOD).run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert list(shown.columns) == ["提交编号", "状态", "收到时间", "报送人", "文件名", "数据行数", "补录"]
    assert shown[["提交编号", "状态", "文件名", "补录"]].values.tolist() == [
        [second, "当前有效", "第二次.xlsx", "是"],
        [first, "已被替代", "第一次.xlsx", "是"],
    ]
    assert f"当前有效：提交 {second}" in [m.value for m in at.markdown]
    assert at.selectbox(key="rollback_pick").options == [f"提交 {first} · 2019-04-03 10:00 · 第一次.xlsx"]

    at.button(key="rollback_confirm").click().run()  # no reason: refused, nothing changed
    assert [e.value for e in at.error] == ["请填写回退原因。回退原因将记入审计日志。"]
    assert at.dataframe[0].value["状态"].tolist() == ["当前有效", "已被替代"]

    at.text_area(key="rollback_reason").input(REASON)
    at.button(key="rollback_confirm").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [  # the file name as written, never Markdown ("." escaped)
        f"已回退：海南2019年第一季度的试点地区季度报表恢复为提交 {first}（第一次\\.xlsx），"
        f"提交 {second} 改为已被替代（数据仍保留）。各项指标已按此重新计算。"
    ]
    assert at.dataframe[0].value["状态"].tolist() == ["已被替代", "当前有效"]  # the table shows it at once
    assert at.text_area(key="rollback_reason").value == ""
    assert at.selectbox(key="rollback_pick").options == [f"提交 {second} · 2019-04-08 10:00 · 第二次.xlsx"]
    wh = ui.get_warehouse(str(path))  # the page's own connection
    assert _row(wh)["exports"] == 7_800
    assert audit.entries(wh, action="rollback")[["username", "address"]].values.tolist() == [
        ["admin", "10.0.0.8"]
    ]

    at.run()  # the message is shown once
    assert not at.success


def test_the_command_line(tmp_path, catalog, capsys, monkeypatch):
    """Before any account exists the platform itself rolls back; once there is an accounts file only an
    administrator signed in with --user may, and a refusal changes nothing."""
    from accounts import login, store
    from ingest.__main__ import main

    path = tmp_path / "cli.duckdb"
    with Warehouse(path, catalog) as wh:
        first = _load(
            wh, catalog, tmp_path / "第一次.xlsx", _version(catalog, 100.0, 3, []), FIRST_AT
        ).submission_id
        second = _load(
            wh, catalog, tmp_path / "第二次.xlsx", _version(catalog, 200.0, 5, []), SECOND_AT
        ).submission_id
    monkeypatch.setenv("PILOT_WAREHOUSE", str(path))
    monkeypatch.setenv("PILOT_CREDENTIALS", str(tmp_path / "accounts.json"))  # not there yet
    monkeypatch.delenv("PILOT_ENV", raising=False)
    monkeypatch.delenv("PILOT_PASSWORD", raising=False)
    assert main(["rollback", str(first), "--reason", REASON]) == 0
    assert capsys.readouterr().out == (
        f"已回退：海南2019年第一季度的试点地区季度报表恢复为提交 {first}（第一次.xlsx），"
        f"提交 {second} 改为已被替代（数据仍保留）。各项指标已按此重新计算。\n"
    )
    assert main(["rollback", str(first), "--reason", REASON]) == 1
    assert capsys.readouterr().err == (
        f"未回退：提交 {first} 已是当前有效的提交，无需回退。请选择一份较早的提交。\n"
    )
    assert main(["rollback", str(second), "--reason", " "]) == 1
    assert capsys.readouterr().err == "未回退：请填写回退原因。回退原因将记入审计日志。\n"

    # accounts exist: an administrator must sign in
    monkeypatch.setattr(login, "FAILURES", login._Failures())
    store.create("office", "协调办公室", "admin", "correct-horse-battery")
    store.create("watcher", "观察员", "observer", "correct-horse-battery")
    monkeypatch.setenv("PILOT_PASSWORD", "correct-horse-battery")
    assert main(["rollback", str(second), "--reason", REASON]) == 1
    assert capsys.readouterr().err == (
        "错误：回退提交须以账号登录：请用 --user 指定账号，密码由环境变量 PILOT_PASSWORD 提供或按提示输入。\n"
    )
    assert main(["rollback", str(second), "--reason", REASON, "--user", "watcher"]) == 1
    assert capsys.readouterr().err == (
        "错误：您的账号（观察员（观察员））无权回退提交。如需此项权限，请联系协调办公室的管理员。\n"
    )
    monkeypatch.setenv("PILOT_PASSWORD", "wrong")
    assert main(["rollback", str(second), "--reason", REASON, "--user", "office"]) == 1
    assert capsys.readouterr().err.startswith("错误：")
    with Warehouse(path, catalog) as wh:
        assert _statuses(wh) == [[first, "accepted"], [second, "superseded"]]  # the refusals changed nothing
    monkeypatch.setenv("PILOT_PASSWORD", "correct-horse-battery")
    assert main(["rollback", str(second), "--reason", "核实后第二次报送无误", "--user", "office"]) == 0
    assert capsys.readouterr().out.startswith(
        f"已回退：海南2019年第一季度的试点地区季度报表恢复为提交 {second}"
    )
    with Warehouse(path, catalog) as wh:
        assert _statuses(wh) == [[first, "superseded"], [second, "accepted"]]
        assert _row(wh)["exports"] == 15_600
        entries = audit.entries(wh, action="rollback")
        assert entries[["username", "role", "address", "target"]].values.tolist() == [
            ["office", "admin", "命令行", "海南 2019Q1"],
            ["system", "admin", "命令行", "海南 2019Q1"],
        ]
        assert [json.loads(d)["submission"] for d in entries["detail"]] == [second, first]


def test_a_backup_keeps_the_rollback_and_its_numbers_continue(tmp_path, catalog, warehouse, versions):
    """A rolled-back warehouse restored from its backup has the same statuses, rollback rows and figures, as of today
    and as of a moment before the rollback; the next rollback gets the next number."""
    from warehouse.backup import backup, restore

    first, second = versions
    roll_back(warehouse, first, REASON, OFFICE_ADMIN)
    warehouse.close()
    out = backup(tmp_path / "test.duckdb", tmp_path / "backup")
    restore(out, tmp_path / "restored.duckdb")
    with Warehouse(tmp_path / "restored.duckdb", catalog) as wh:
        assert _statuses(wh) == [[first, "accepted"], [second, "superseded"]]
        assert reads.rollbacks(wh, "region", REGION_CODE, PERIOD)[
            ["id", "submission_id", "superseded_id"]
        ].values.tolist() == [[1, first, second]]
        assert _row(wh)["exports"] == 7_800
        assert _row(wh, datetime(2019, 4, 9))["exports"] == 15_600
        roll_back(wh, second, "核实后第二次报送无误", OFFICE_ADMIN)
        assert reads.rollbacks(wh, "region", REGION_CODE, PERIOD)["id"].tolist() == [2, 1]
        assert _row(wh)["exports"] == 15_600
