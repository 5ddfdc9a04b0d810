"""管理 → 审核 as the office uses it (AppTest through app.py): approving locks the quarter against a region clerk's
upload, which is refused naming who approved it and when; unlocking needs a reason and opens it again."""

from datetime import datetime

from accounts import REGION, User
from ingest.loader import load_bytes
from ui.data import get_warehouse
from warehouse import audit

from .app_session import open_app
from .conftest import OFFICE_ADMIN, write_filled

BEIJING = User("beijing", "北京市商务局填报员", REGION, "beijing")


def test_approve_lock_refuse_then_unlock_with_a_reason(sample_warehouse_copy, monkeypatch, catalog, tmp_path):
    at = open_app(monkeypatch, sample_warehouse_copy, "pages/admin.py")
    at.selectbox(key="approve_region").select("beijing").run()
    at.selectbox(key="approve_period").select("2020Q2").run()
    at.button(key="approve").click().run()
    assert not at.exception
    assert "已审核确认北京 2020年第二季度的数据并锁定。" in [s.value for s in at.success]
    approved_at = datetime.now()

    wh = get_warehouse(str(sample_warehouse_copy))
    book = write_filled(catalog, tmp_path / "北京_2020Q2.xlsx", "beijing", "2020Q2").read_bytes()
    refused = load_bytes(wh, book, "北京_2020Q2.xlsx", user=BEIJING, address="10.0.0.7")
    assert refused.status == "rejected" and refused.submission_id is None
    message = refused.errors[0].message
    assert message.startswith(f"北京 2020年第二季度的数据已由 {OFFICE_ADMIN.display_name}")
    assert f"于 {approved_at:%Y-%m-%d} " in message and "审核确认并锁定，不能再上报" in message

    at.button(key="unlock").click().run()  # no reason: refused, still locked
    assert at.error and "原因" in at.error[0].value
    at.text_input(key="unlock_reason").input("地区申请更正出口数据").run()
    at.button(key="unlock").click().run()
    assert "已解锁北京 2020年第二季度，该地区该季度可重新上报。" in [s.value for s in at.success]
    accepted = load_bytes(wh, book, "北京_2020Q2.xlsx", user=BEIJING, address="10.0.0.7")
    assert accepted.status == "accepted"

    log = audit.entries(wh, username=OFFICE_ADMIN.username)
    assert {"approve", "unlock"} <= set(log["action"])
    unlock = log[log["action"] == "unlock"].iloc[0]
    assert "地区申请更正出口数据" in unlock["detail"]
