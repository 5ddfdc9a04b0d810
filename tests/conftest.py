"""Shared fixtures: the catalog, filled workbooks written by the real template writer, warehouses."""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accounts import ADMIN, User  # noqa: E402
from ingest.bootstrap import build_sample_warehouse  # noqa: E402
from ingest.spec import enterprise_spec, region_spec  # noqa: E402
from ingest.template import WorkbookContent, prefilled_content, write_workbook  # noqa: E402
from reference import Quarter, load_catalog  # noqa: E402
from warehouse import Warehouse  # noqa: E402

VALID_CODE = "91350200776049653A"  # passes the GB 32100-2015 check digit


OFFICE_ADMIN = User("admin", "协调办公室管理员", ADMIN)


@pytest.fixture(autouse=True)
def app_sessions_signed_in(monkeypatch, request):
    """AppTest sessions start signed in as the office's administrator, as a browser session would after the login
    form; tests of other roles set their own user (`sign_in_as`), tests of signing in mark themselves `anonymous`."""
    if request.node.get_closest_marker("anonymous"):
        return
    from streamlit.testing.v1 import AppTest

    original = AppTest.from_file.__func__

    def from_file(cls, *args, **kwargs):
        at = original(cls, *args, **kwargs)
        sign_in_as(at, OFFICE_ADMIN)
        return at

    monkeypatch.setattr(AppTest, "from_file", classmethod(from_file))


def sign_in_as(at, user) -> None:
    import time

    from ui.auth import SESSION_SEEN, SESSION_USER

    at.session_state[SESSION_USER], at.session_state[SESSION_SEEN] = user, time.time()


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


def filled_content(catalog, region_code: str, period: str, exports: float = 100.0) -> WorkbookContent:
    """A complete, valid workbook content: every task 推进中, every measure 推进中, category c exports c × `exports`."""
    q = Quarter.parse(period)
    spec = region_spec(catalog, region_code)
    content = prefilled_content(spec, catalog, region_code, q)
    content.form.update(filler="某市商务局", contact="王伟", phone="010-88886666", filled_date=q.end)
    for row in content.tables["任务进展"]:
        row.update(measure=f"落实{row['task_code']}的措施", planned_date=q.end, status="推进中")
    for row in content.tables["开放便利举措"]:
        row.update(status="推进中")
    for row in content.tables["服务贸易数据"]:
        c = row["category_code"]
        row.update(exports=c * exports, imports=50.0)
    content.tables["重点联系企业名录"] = [
        {
            "credit_code": VALID_CODE,
            "name": "厦门某信息技术有限公司",
            "main_category": "电信、计算机和信息服务",
            "nature": "内资",
        }
    ]
    return content


def write_filled(
    catalog, path: Path, region_code: str, period: str, content: WorkbookContent | None = None
) -> Path:
    content = content or filled_content(catalog, region_code, period)
    write_workbook(
        path, region_spec(catalog, region_code), catalog, region_code, Quarter.parse(period), content
    )
    return path


ENTERPRISE_ROW = {  # one valid row of an enterprise workbook's 服务进出口
    "credit_code": VALID_CODE,
    "name": "厦门某信息技术有限公司",
    "category_code": 9,
    "partner": "美国",
    "exports_usd": 100.0,
    "imports_usd": 20.0,
}


def write_enterprise(catalog, path: Path, region_code: str, period: str, rows: list[dict]) -> Path:
    """An enterprise workbook with these rows of 服务进出口, written by the real template writer."""
    q = Quarter.parse(period)
    spec = enterprise_spec(catalog, region_code)
    content = prefilled_content(spec, catalog, region_code, q)
    content.form.update(filler="某信息技术有限公司", contact="李娜", phone="13800000000", filled_date=q.end)
    content.tables["服务进出口"] = rows
    write_workbook(path, spec, catalog, region_code, q, content)
    return path


@pytest.fixture
def warehouse(tmp_path, catalog):
    with Warehouse(tmp_path / "test.duckdb", catalog) as wh:
        yield wh


@pytest.fixture(scope="session")
def sample_warehouse_file(tmp_path_factory) -> Path:
    """The warehouse the first start builds from sample_data/, built once per test session."""
    path = tmp_path_factory.mktemp("sample") / "warehouse.duckdb"
    build_sample_warehouse(path)
    return path


@pytest.fixture
def sample_warehouse_copy(sample_warehouse_file, tmp_path) -> Path:
    target = tmp_path / "warehouse.duckdb"
    shutil.copy(sample_warehouse_file, target)
    return target


__all__ = ["OFFICE_ADMIN", "VALID_CODE", "filled_content", "sign_in_as", "write_filled", "date"]
