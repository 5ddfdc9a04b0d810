"""Who sees and sends what, checked on the server: every page as each role opens it (AppTest through app.py), an
anonymous visit, a region named in the URL, workbooks of someone else's region or unit, another unit's receipts,
an observer's writes, the sign-in limit, and the audit log that records all of it and is never rewritten."""

import re
import shutil

import pandas as pd
import pytest

from accounts import ADMIN, ENTERPRISE, OBSERVER, REGION, LoginRefused, Refused, User, sign_in, store
from indicators.region_profile import MIN_OTHERS, standing
from ingest.loader import load_bytes, load_file
from ui.data import get_warehouse, receipts, rejected_workbook, save_adoption
from warehouse import Warehouse, audit, submissions

from .app_session import open_app
from .conftest import OFFICE_ADMIN, ROOT, write_filled

OBSERVER_USER = User("observer", "协调办公室观察员", OBSERVER)
BEIJING = User("beijing", "北京市商务局填报员", REGION, "beijing")
SHENZHEN_FIRM = User("sz-firm", "深圳重点企业直报填报员", ENTERPRISE, "shenzhen", "深圳市商务局")
USERS = {ADMIN: OFFICE_ADMIN, OBSERVER: OBSERVER_USER, REGION: BEIJING, ENTERPRISE: SHENZHEN_FIRM}
OFFICE = (ADMIN, OBSERVER)
# the matrix, stated here on its own (not read from app.py): page, title, the roles that may open it
PAGES = [
    ("pages/overview.py", "总览", OFFICE),
    ("pages/region.py", "地区画像", (*OFFICE, REGION)),
    ("pages/trade.py", "服务贸易", OFFICE),
    ("pages/tasks.py", "任务进展", OFFICE),
    ("pages/enterprises.py", "重点企业", OFFICE),
    ("pages/evaluation.py", "综合评价", OFFICE),
    ("pages/reporting.py", "报送情况", OFFICE),
    ("pages/experience.py", "经验案例", OFFICE),
    ("pages/briefing.py", "简报", OFFICE),
    ("pages/upload.py", "数据上报", (ADMIN, REGION, ENTERPRISE)),
    ("pages/templates.py", "模板下载", (*OFFICE, REGION, ENTERPRISE)),
    ("pages/admin.py", "管理", (ADMIN,)),
]
REFUSED = [(role, path, title) for role in USERS for path, title, roles in PAGES if role not in roles]


@pytest.fixture(scope="module")
def shared_copy(sample_warehouse_file, tmp_path_factory):
    """One copy of the sample warehouse for the refusals (they add audit entries, nothing else)."""
    target = tmp_path_factory.mktemp("roles") / "warehouse.duckdb"
    shutil.copy(sample_warehouse_file, target)
    return target


def refusals(path, username: str) -> list[str]:
    log = audit.entries(get_warehouse(str(path)), username=username, action="refused")
    return log["target"].tolist()


@pytest.mark.parametrize(("role", "page", "title"), REFUSED, ids=[f"{r}-{t}" for r, _, t in REFUSED])
def test_a_page_outside_the_role_is_refused_shows_nothing_and_is_logged(
    shared_copy, monkeypatch, role, page, title
):
    user = USERS[role]
    before = refusals(shared_copy, user.username).count(title)
    at = open_app(monkeypatch, shared_copy, page, user=user)
    assert [e.value for e in at.error] == [f"您的账号（{user.label}）无权打开“{title}”页面。"]
    assert not at.title and not at.get("plotly_chart") and not at.dataframe and not at.get("download_button")
    assert refusals(shared_copy, user.username).count(title) == before + 1


@pytest.mark.anonymous
@pytest.mark.parametrize("page", [p for p, _, _ in PAGES])
def test_an_anonymous_visit_to_any_page_gets_the_sign_in_form_only(shared_copy, monkeypatch, page):
    at = open_app(monkeypatch, shared_copy, page)
    assert [t.label for t in at.text_input] == ["账号", "密码"]
    assert [t.value for t in at.title] == ["试点监测平台"]  # the form's heading, no page's
    assert not at.get("plotly_chart") and not at.dataframe and not at.selectbox


def test_a_region_clerk_sees_their_region_and_a_url_naming_another_is_refused(shared_copy, monkeypatch):
    own = open_app(monkeypatch, shared_copy, "pages/region.py", user=BEIJING)
    assert own.selectbox(key="region").options == ["北京"] and own.get("plotly_chart")
    assert [t.value for t in own.title] == ["地区画像"] and not own.error
    other = open_app(monkeypatch, shared_copy, "pages/region.py", user=BEIJING, region="shanghai")
    assert (
        other.error[0].value == f"您的账号（{BEIJING.label}）只能查看和上报本地区的数据，不能查看上海的数据。"
    )
    assert not other.get("plotly_chart") and not other.dataframe
    assert "上海（地址栏参数）" in refusals(shared_copy, BEIJING.username)
    # a widget value forged into the session (as a crafted websocket message would set it) falls back to their own
    own.session_state["_kept_region"] = "shanghai"
    own.run()
    assert own.selectbox(key="region").value == "beijing" and not own.exception
    # the upload form offers their region only: the widget cannot name another
    form = open_app(monkeypatch, shared_copy, "pages/upload.py", user=BEIJING)
    assert form.selectbox(key="region").options == ["北京"]


def test_workbooks_of_another_region_or_unit_are_refused_and_logged(sample_warehouse_copy, catalog, tmp_path):
    wh = get_warehouse(str(sample_warehouse_copy))
    shanghai = write_filled(catalog, tmp_path / "上海.xlsx", "shanghai", "2020Q2").read_bytes()
    before = len(submissions.receipts(wh, "shanghai", 500))
    result = load_bytes(wh, shanghai, "上海.xlsx", user=BEIJING, address="10.0.0.5")
    assert result.status == "rejected" and result.submission_id is None
    assert "上海" in result.errors[0].message and BEIJING.label in result.errors[0].message
    # nothing of 上海's figures comes back: no warning compares the amounts with the warehouse's, none is stored
    assert [p.code for p in result.errors] == ["not_allowed"] and result.warnings == []
    entry = audit.entries(wh, username="beijing", action="upload").iloc[0]
    assert entry["address"] == "10.0.0.5" and '"status": "rejected"' in entry["detail"]
    logged = submissions.receipts(wh, "shanghai", 500)
    assert len(logged) == before + 1 and logged.iloc[0]["status"] == "rejected"  # logged, nothing loaded
    # filed under the clerk who sent it: in their own history, with the region it named
    mine = receipts(wh, "beijing", BEIJING)
    assert (mine.iloc[0]["file_name"], mine.iloc[0]["region_code"], mine.iloc[0]["status"]) == (
        "上海.xlsx",
        "shanghai",
        "rejected",
    )
    chosen = load_bytes(wh, shanghai, "上海.xlsx", expected_region="beijing", user=BEIJING)
    assert [p.code for p in chosen.errors] == ["not_allowed"] and chosen.warnings == []
    # an observer sends nothing at all, whatever the workbook
    watched = load_bytes(wh, shanghai, "上海.xlsx", user=OBSERVER_USER)
    assert watched.status == "rejected" and watched.submission_id is None


def test_a_file_the_office_filed_under_the_wrong_region_stays_out_of_that_regions_history(
    sample_warehouse_copy, catalog, tmp_path
):
    """The office picks 北京 and sends 上海's workbook: rejected and filed under 北京, but 北京's clerk neither lists
    it nor downloads it (it holds 上海's figures and enterprise names)."""
    wh = get_warehouse(str(sample_warehouse_copy))
    shanghai = write_filled(catalog, tmp_path / "上海.xlsx", "shanghai", "2020Q2").read_bytes()
    wrong = load_bytes(wh, shanghai, "上海.xlsx", expected_region="beijing", user=OFFICE_ADMIN)
    assert wrong.status == "rejected" and "region_mismatch" in [p.code for p in wrong.errors]
    office = receipts(wh, "beijing", OFFICE_ADMIN)
    (receipt_id,) = office[office["file_name"] == "上海.xlsx"]["id"]
    clerk = receipts(wh, "beijing", BEIJING)
    assert receipt_id not in set(clerk["id"]) and set(clerk["status"]) == {"accepted"}
    assert len(clerk) == len(office[(office["kind"] == "region") & (office["status"] == "accepted")])
    with pytest.raises(Refused):
        rejected_workbook(wh, int(receipt_id), "beijing", BEIJING)


def test_an_enterprise_clerk_lists_only_what_their_account_sent(sample_warehouse_copy):
    wh = get_warehouse(str(sample_warehouse_copy))
    everyone = submissions.receipts(wh, "shenzhen", 500, kind="enterprise")
    assert len(everyone) > 0 and "sz-firm" not in set(everyone["received_from"])  # the sample's senders
    assert receipts(wh, "shenzhen", SHENZHEN_FIRM).empty  # none of them are this account's
    assert not receipts(wh, "shenzhen", OBSERVER_USER).empty  # the office sees them all


def test_an_observer_cannot_mark_experience_items(sample_warehouse_copy):
    wh = get_warehouse(str(sample_warehouse_copy))
    with pytest.raises(Refused, match="标记经验案例"):
        save_adoption(wh, [("beijing", "某经验", True)], OBSERVER_USER, "10.0.0.6")
    assert audit.entries(wh, action="adoption").empty


@pytest.mark.anonymous
def test_the_sign_in_limit_is_logged_with_the_address(shared_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("PILOT_CREDENTIALS", str(tmp_path / "accounts.json"))
    monkeypatch.setenv("PILOT_LOGIN_LIMIT", "2")
    store.create("target", "目标", ADMIN, "the-right-password")
    at = open_app(monkeypatch, shared_copy, "pages/overview.py")
    for guess in ("guess-one-x", "guess-two-x", "the-right-password"):
        at.text_input(key="login_username").set_value("target")
        at.text_input(key="login_password").set_value(guess)
        at.button[0].click().run()
    assert "登录失败次数过多" in at.error[0].value  # even the right password waits now
    log = audit.entries(get_warehouse(str(shared_copy)), username="target", action="login_failed")
    assert [('"limited": true' in d) for d in log["detail"]] == [True, False, False]  # newest first
    with pytest.raises(LoginRefused):
        sign_in("target", "the-right-password", "10.9.9.9")  # per account, from any address


AUDIT_WRITES = re.compile(
    r"\b(UPDATE|DELETE\s+FROM|TRUNCATE|DROP\s+TABLE|ALTER\s+TABLE)\s+(main\.)?audit_log\b", re.I
)


def test_no_code_path_updates_or_deletes_the_audit_log():
    """Append-only by construction: no statement in the code or the migrations rewrites audit_log."""
    scanned = [
        p
        for p in ROOT.rglob("*")
        if p.suffix in (".py", ".sql") and ".venv" not in p.parts and "tests" not in p.parts
    ]
    assert any(p.name.endswith(".sql") and "audit_log" in p.read_text(encoding="utf-8") for p in scanned)
    offending = [str(p) for p in scanned if AUDIT_WRITES.search(p.read_text(encoding="utf-8"))]
    assert offending == []
    assert AUDIT_WRITES.search("delete from audit_log where id = 1")  # the scan finds what it looks for
    source = (ROOT / "warehouse" / "audit.py").read_text(encoding="utf-8")
    assert re.findall(r"\b(INSERT INTO|SELECT)\b", source, re.I) and not re.search(
        r"\bUPDATE\b|\bDELETE\b", source
    )


@pytest.mark.anonymous
@pytest.mark.parametrize("change", ["disable", "reset_password"])
def test_disabling_an_account_or_resetting_its_password_signs_its_sessions_out(
    shared_copy, monkeypatch, tmp_path, change
):
    monkeypatch.setenv("PILOT_CREDENTIALS", str(tmp_path / "accounts.json"))
    store.create("bj2", "北京市商务局填报员乙", REGION, "the-right-password", region="beijing")
    at = open_app(monkeypatch, shared_copy, "pages/region.py")
    at.text_input(key="login_username").set_value("bj2")
    at.text_input(key="login_password").set_value("the-right-password")
    at.button[0].click().run()
    at.run()
    assert [t.value for t in at.title] == ["地区画像"]  # signed in
    at.run()
    assert [t.value for t in at.title] == ["地区画像"]  # and stays so while nothing changes
    if change == "disable":
        store.set_disabled("bj2", True)
    else:
        store.reset_password("bj2")
    at.run()
    assert [t.label for t in at.text_input] == ["账号", "密码"] and not at.get("plotly_chart")
    assert at.warning[-1].value.startswith("您的账号已被停用或密码已重设，请重新登录")


def test_the_pilot_average_is_withheld_from_a_clerk_where_it_would_give_another_regions_figure():
    scores = pd.DataFrame(
        {"region_code": ["beijing", "tianjin", "shanghai"], "exports": [100.0, 300.0, None]}
    )
    office = standing(scores, "beijing", "exports")
    assert (office["pilot_average"], office["rank"], office["ranked"]) == (200.0, 2, 2)  # (100 + 300) / 2
    clerk = standing(scores, "beijing", "exports", MIN_OTHERS)
    assert clerk["pilot_average"] is None and clerk["rank"] == 2  # 2 × 200 − 100 would be 天津's 300
    four = pd.DataFrame({"region_code": list("abcd"), "exports": [1.0, 2.0, 3.0, 6.0]})
    assert standing(four, "a", "exports", MIN_OTHERS)["pilot_average"] == 3.0  # three others: (1+2+3+6) / 4


def test_the_region_page_shows_a_clerk_no_average_made_of_one_other_region(monkeypatch, catalog, tmp_path):
    db = tmp_path / "two.duckdb"
    with Warehouse(db, catalog) as wh:
        for code in ("beijing", "tianjin"):
            load_file(wh, write_filled(catalog, tmp_path / f"{code}.xlsx", code, "2019Q4"))
    clerk = open_app(monkeypatch, db, "pages/region.py", user=BEIJING, period="2019Q4")
    captions = " ".join(c.value for c in clerk.caption)
    # exports, task rate, experience items: each made of 北京 and 天津 alone
    assert "试点地区平均 —" in captions
    office = open_app(monkeypatch, db, "pages/region.py", region="beijing", period="2019Q4")
    assert "试点地区平均 —" not in " ".join(c.value for c in office.caption)
