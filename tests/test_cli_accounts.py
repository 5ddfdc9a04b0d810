"""Commands that write need an account once accounts exist: the same sign-in, roles and audit log as the dashboard."""

import pytest

from accounts import login, store
from warehouse import Warehouse, audit

from . import test_cli
from .conftest import write_filled

run = test_cli.run  # the fixture, shared with the command-line tests

PASSWORD = "correct-horse-battery"


@pytest.fixture
def accounts(tmp_path, monkeypatch):
    """An accounts file with an administrator, an observer and 北京's clerk, all with PASSWORD."""
    monkeypatch.setenv("PILOT_CREDENTIALS", str(tmp_path / "accounts.json"))
    monkeypatch.delenv("PILOT_ENV", raising=False)
    monkeypatch.setattr(login, "FAILURES", login._Failures())
    store.create("office", "协调办公室", "admin", PASSWORD)
    store.create("watcher", "观察员", "observer", PASSWORD)
    store.create("bj", "北京市商务局", "region", PASSWORD, region="beijing")
    monkeypatch.setenv("PILOT_PASSWORD", PASSWORD)
    return tmp_path / "accounts.json"


@pytest.fixture
def workbooks(tmp_path, catalog):
    return {
        code: write_filled(catalog, tmp_path / f"{code}.xlsx", code, "2019Q4")
        for code in ("beijing", "tianjin")
    }


def receipts(path):
    with Warehouse(path) as wh:
        return wh.query_df("SELECT region_code, status, received_from FROM receipt ORDER BY id")


def test_a_load_without_an_account_is_refused_once_accounts_exist(run, accounts, workbooks, tmp_path):
    result = run("ingest", "load", str(workbooks["beijing"]), warehouse=tmp_path / "w.duckdb")
    assert result.returncode == 1
    assert "导入报表须以账号登录：请用 --user 指定账号" in result.stderr
    assert not (tmp_path / "w.duckdb").exists()  # refused before the warehouse is opened


def test_a_region_clerk_loads_their_own_region_only_and_is_the_sender(run, accounts, workbooks, tmp_path):
    db = tmp_path / "w.duckdb"
    own = run("ingest", "load", str(workbooks["beijing"]), "--user", "bj", warehouse=db)
    assert own.returncode == 0 and "已接收：北京 2019Q4" in own.stdout
    other = run("ingest", "load", str(workbooks["tianjin"]), "--user", "bj", warehouse=db)
    assert other.returncode == 1
    assert "您的账号（北京市商务局（地区填报员））不能上报天津的试点地区季度报表" in other.stdout
    assert receipts(db).values.tolist() == [["beijing", "accepted", "bj"], ["tianjin", "rejected", "bj"]]
    with Warehouse(db) as wh:
        log = audit.entries(wh, action="upload")
    assert log[["username", "address", "target"]].values.tolist() == [
        ["bj", "命令行", "天津 2019Q4"],
        ["bj", "命令行", "北京 2019Q4"],
    ]
    typed = run(
        "ingest", "load", str(workbooks["beijing"]), "--user", "bj", "--received-from", "张三", warehouse=db
    )
    assert typed.returncode == 2 and "报送人即登录账号" in typed.stderr
    backdated = run(  # a late report made on time by a typed receipt time: the office's alone
        "ingest",
        "load",
        str(workbooks["beijing"]),
        "--user",
        "bj",
        "--received-at",
        "2020-01-05T10:00",
        warehouse=db,
    )
    assert backdated.returncode == 2 and "--received-at 只能由协调办公室的管理员" in backdated.stderr
    assert len(receipts(db)) == 2  # nothing received


def test_an_observer_a_wrong_password_and_an_unknown_account_write_nothing(
    run, accounts, workbooks, tmp_path, monkeypatch
):
    db = tmp_path / "w.duckdb"
    observer = run("ingest", "load", str(workbooks["beijing"]), "--user", "watcher", warehouse=db)
    assert observer.returncode == 1 and "您的账号（观察员（观察员））无权导入报表" in observer.stderr
    monkeypatch.setenv("PILOT_PASSWORD", "wrong-password-1")
    wrong = run("ingest", "load", str(workbooks["beijing"]), "--user", "bj", warehouse=db)
    assert wrong.returncode == 1 and "账号或密码不正确" in wrong.stderr
    assert not db.exists()


def test_warehouse_commands_are_an_administrators_and_are_logged(run, accounts, tmp_path):
    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    clerk = run("warehouse", "--user", "bj", "backup", "--out", str(tmp_path / "b1"), warehouse=db)
    assert clerk.returncode == 1 and "无权管理数据仓库和账号" in clerk.stderr
    assert not (tmp_path / "b1").exists()
    office = run("warehouse", "--user", "office", "backup", "--out", str(tmp_path / "b2"), warehouse=db)
    assert office.returncode == 0 and (tmp_path / "b2" / "manifest.json").exists()
    added = run(
        "warehouse",
        "--user",
        "office",
        "accounts",
        "add",
        "sh",
        "--name",
        "上海",
        "--role",
        "region",
        "--region",
        "shanghai",
        warehouse=db,
    )
    assert added.returncode == 0 and "已建立账号 sh（地区填报员），初始密码" in added.stdout
    with Warehouse(db) as wh:
        log = audit.entries(wh)
    assert log[["username", "action", "target"]].values.tolist()[:2] == [
        ["office", "account", "sh"],
        ["office", "backup", str(tmp_path / "b2")],
    ]


def test_the_first_account_of_a_production_file_needs_no_sign_in(run, tmp_path, monkeypatch):
    path = tmp_path / "prod-accounts.json"
    monkeypatch.setenv("PILOT_CREDENTIALS", str(path))
    monkeypatch.setenv("PILOT_NEW_PASSWORD", PASSWORD)
    first = run(
        "warehouse",
        "accounts",
        "add",
        "chief",
        "--name",
        "管理员",
        "--role",
        "admin",
        warehouse=tmp_path / "w.duckdb",
    )
    assert first.returncode == 0 and "已建立账号 chief（管理员）" in first.stdout
    accounts, demo = store.load(path)
    assert list(accounts) == ["chief"] and demo is False  # a real accounts file, accepted in production
    second = run(
        "warehouse",
        "accounts",
        "add",
        "deputy",
        "--name",
        "副",
        "--role",
        "admin",
        warehouse=tmp_path / "w.duckdb",
    )
    assert second.returncode == 1 and "须以账号登录" in second.stderr
