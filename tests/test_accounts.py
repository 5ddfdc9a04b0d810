"""Accounts: argon2 hashes only, demo accounts once in development and never in production, sign-in limited per account
and per address, and what each role may see and send."""

import json
import stat

import pytest

from accounts import (
    ADMIN,
    DEMO_FILE,
    ENTERPRISE,
    OBSERVER,
    REGION,
    AccountsProblem,
    LoginRefused,
    Refused,
    User,
    login,
    sign_in,
    store,
)


@pytest.fixture
def credentials(tmp_path, monkeypatch):
    path = tmp_path / "accounts.json"
    monkeypatch.setenv("PILOT_CREDENTIALS", str(path))
    monkeypatch.delenv("PILOT_ENV", raising=False)
    monkeypatch.setattr(login, "FAILURES", login._Failures())
    return path


def test_development_makes_demo_accounts_once_with_their_passwords_beside(credentials):
    said = []
    assert store.ensure_accounts(said.append) is True
    assert store.ensure_accounts(said.append) is False  # once
    sheet = (credentials.parent / DEMO_FILE).read_text(encoding="utf-8")
    accounts, demo = store.load()
    assert demo and sorted(accounts) == ["admin", "beijing", "observer", "shanghai", "shenzhen-enterprise"]
    assert [a.role for a in accounts.values()] == [ADMIN, OBSERVER, REGION, REGION, ENTERPRISE]
    passwords = dict(line.split("\t")[1:3] for line in sheet.splitlines()[1:])
    password = passwords["账号 beijing"].removeprefix("密码 ")
    assert password not in credentials.read_text(encoding="utf-8")  # only its hash is kept
    assert json.loads(credentials.read_text(encoding="utf-8"))["accounts"][2]["password"].startswith(
        "$argon2id$"
    )
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    assert any(password in line for line in said)  # printed once on the console
    assert sign_in("beijing", password, "10.0.0.1") == User(
        "beijing", "北京市商务局填报员", REGION, "beijing"
    )


def test_production_refuses_demo_accounts_and_a_missing_file(credentials, monkeypatch):
    monkeypatch.setenv("PILOT_ENV", "production")
    with pytest.raises(AccountsProblem, match="生产环境（PILOT_ENV=production）需要账号文件"):
        store.ensure_accounts(lambda line: None)
    monkeypatch.setenv("PILOT_ENV", "development")
    store.ensure_accounts(lambda line: None)
    monkeypatch.setenv("PILOT_ENV", "production")
    with pytest.raises(AccountsProblem, match="不能使用演示账号"):
        store.ensure_accounts(lambda line: None)


def test_a_wrong_password_and_an_unknown_account_are_refused_alike(credentials):
    store.create("office", "办公室", OBSERVER, "correct-horse-1")
    for name, password in (("office", "wrong-password"), ("nobody", "correct-horse-1")):
        with pytest.raises(LoginRefused) as refused:
            sign_in(name, password, "10.0.0.2")
        assert str(refused.value) == "账号或密码不正确，或账号已停用。"
    store.set_disabled("office", True)
    with pytest.raises(LoginRefused):
        sign_in("office", "correct-horse-1", "10.0.0.2")


def test_brute_force_is_limited_per_account_and_per_address(credentials, monkeypatch):
    monkeypatch.setenv("PILOT_LOGIN_LIMIT", "3")
    store.create("target", "目标", ADMIN, "the-right-password")
    for i in range(3):
        with pytest.raises(LoginRefused) as refused:
            sign_in("target", f"guess-{i}", f"10.1.0.{i}")  # from three machines: the account's count
        assert not refused.value.limited
    with pytest.raises(LoginRefused) as refused:
        sign_in("target", "the-right-password", "10.1.0.9")  # even the right one waits now
    assert refused.value.limited and "登录失败次数过多" in str(refused.value)
    store.create("other", "别人", OBSERVER, "another-password")
    for i in range(3):
        with pytest.raises(LoginRefused):
            sign_in(f"user{i}", "x" * 12, "10.2.0.1")  # many accounts from one address: the address's count
    with pytest.raises(LoginRefused) as refused:
        sign_in("other", "another-password", "10.2.0.1")
    assert refused.value.limited
    assert sign_in("other", "another-password", "10.2.0.2").username == "other"


def test_an_account_needs_what_its_role_needs(credentials):
    with pytest.raises(AccountsProblem, match="须选择所属的试点地区"):
        store.create("r", "某地", REGION, "long-enough-pw")
    with pytest.raises(AccountsProblem, match="须填写填报单位"):
        store.create("e", "某企业", ENTERPRISE, "long-enough-pw", region="shenzhen")
    with pytest.raises(AccountsProblem, match="密码至少 10 个字符"):
        store.create("a", "管理", ADMIN, "short")
    store.create("a", "管理", ADMIN, "long-enough-pw")
    with pytest.raises(AccountsProblem, match="已存在"):
        store.create("a", "管理", ADMIN, "long-enough-pw")
    new = store.reset_password("a")
    assert sign_in("a", new, "10.3.0.1").role == ADMIN


def test_what_each_role_may_see_and_send():
    office, observer = User("o", "办公室", ADMIN), User("v", "观察", OBSERVER)
    beijing = User("b", "北京", REGION, "beijing")
    firm = User("f", "企业", ENTERPRISE, "shenzhen", "深圳市商务局")
    assert office.can_see_region("shanghai") and observer.can_see_region("shanghai")
    assert beijing.can_see_region("beijing") and not beijing.can_see_region("shanghai")
    assert not firm.can_see_region("shenzhen") and not beijing.can_see_enterprises()
    assert office.can_upload("region", "shanghai") and not observer.can_upload("region", "shanghai")
    assert beijing.can_upload("region", "beijing") and not beijing.can_upload("region", "shanghai")
    assert not beijing.can_upload("enterprise", "beijing")
    assert firm.can_upload("enterprise", "shenzhen", "深圳市商务局") and not firm.can_upload(
        "enterprise", "shenzhen", "别家"
    )
    assert beijing.regions(["beijing", "shanghai"]) == ["beijing"]
    with pytest.raises(Refused, match="只能查看本地区的数据，不能查看上海的数据"):
        beijing.require_region("shanghai", "上海")
