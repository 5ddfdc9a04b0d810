"""The pages' only door to data: the warehouse of the server process, the indicators cached on its data version,
and every read or write a page needs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import indicators
from accounts import ADMIN, OFFICE, Refused, User
from base.settings import warehouse_path
from charts.registry import DETAILS, SCORES, TREND, Chart, View
from ingest.bootstrap import ensure_warehouse
from ingest.loader import LoadResult, load_bytes
from ingest.receipts import marked_workbook
from reference import Quarter
from reference.evaluation import Config, load_config
from warehouse import Warehouse, adoption, audit, figures, submissions

IDLE_CLOSE_SECONDS = 2.0


@st.cache_resource(show_spinner=False)
def get_warehouse(path: str) -> Warehouse:
    """One connection for the server process; each script thread takes its own cursor of it.

    It lets go of the file after two idle seconds, so a command-line load can get in.
    """
    return Warehouse(path, idle_close=IDLE_CLOSE_SECONDS)


def warehouse() -> Warehouse:
    path = warehouse_path()
    if not path.exists():
        bar = st.progress(0.0, text="首次启动：正在用示例数据建立数据仓库……")
        ensure_warehouse(
            path, progress=lambda i, n: bar.progress(i / n, text=f"首次启动：正在导入示例报表 {i}/{n}")
        )
        bar.empty()
    return get_warehouse(str(path))


def config() -> Config:
    """The composite-score configuration (PILOT_INDICATOR_CONFIG, else reference/evaluation.toml)."""
    return load_config()


# version is only a cache key: every commit changes it, so a new upload or mark invalidates the entries


@st.cache_data(show_spinner=False, max_entries=64)
def _scores(path: str, period: str, version: str) -> pd.DataFrame:
    return indicators.scores(get_warehouse(path), period, config())


@st.cache_data(show_spinner=False, max_entries=64)
def _warnings(path: str, period: str, version: str) -> list[dict]:
    return indicators.warnings(get_warehouse(path), period, config())


@st.cache_data(show_spinner=False, max_entries=64)
def _details(path: str, period: str, version: str) -> dict:
    return indicators.detail_tables(get_warehouse(path), period)


def scores(wh: Warehouse, period: str) -> pd.DataFrame:
    return _scores(str(wh.path), period, wh.data_version())


def warnings(wh: Warehouse, period: str) -> list[dict]:
    return _warnings(str(wh.path), period, wh.data_version())


def details(wh: Warehouse, period: str) -> dict:
    return _details(str(wh.path), period, wh.data_version())


@st.cache_data(show_spinner=False, max_entries=16)
def _trend(path: str, period: str, version: str) -> pd.DataFrame:
    return indicators.scores_by_quarter(get_warehouse(path), period, config())


def trend(wh: Warehouse, period: str) -> pd.DataFrame:
    """The score table of every quarter up to `period` (one row per region and quarter)."""
    return _trend(str(wh.path), period, wh.data_version())


def view(
    wh: Warehouse,
    period: Quarter,
    charts: list[Chart],
    *,
    unit: str = "亿元",
    region: str | None = None,
    focus: tuple[str, ...] = (),
) -> View:
    """The View the charts draw from, with the cached tables they need (the scores always)."""
    wanted = {need for c in charts for need in c.needs} | {SCORES}
    return View(
        period,
        unit,
        region,
        focus,
        config(),
        scores=scores(wh, period.code),
        details=details(wh, period.code) if DETAILS in wanted else {},
        trend=trend(wh, period.code) if TREND in wanted else None,
    )


def receipts(wh: Warehouse, region_code: str, user: User) -> pd.DataFrame:
    """The files received for the region that `user` may list (see User.receipt_scope)."""
    return submissions.receipts(wh, **user.receipt_scope(region_code))


def latest_receipt(wh: Warehouse) -> dict | None:
    return submissions.latest_receipt(wh)


def periods_with_data(wh: Warehouse) -> list[str]:
    return figures.periods_with_data(wh)


def save_adoption(wh: Warehouse, marks: list[tuple[str, str, bool]], user: User, address: str | None) -> None:
    """The office's 已复制推广 marks, with one audit entry per mark, all in one transaction."""
    user.require(ADMIN, "标记经验案例")
    with wh.transaction() as cur:
        for region_code, title, adopted in marks:
            adoption.mark(cur, region_code, title, adopted, user.username)
            audit.log(
                cur,
                username=user.username,
                role=user.role,
                address=address,
                action="adoption",
                target=f"{region_code} {title}",
                adopted=adopted,
            )


def load_upload(wh: Warehouse, data: bytes, file_name: str, **kwargs) -> LoadResult:
    return load_bytes(wh, data, file_name, **kwargs)


def rejected_workbook(
    wh: Warehouse, receipt_id: int, region_code: str | None, user: User
) -> tuple[str, bytes]:
    """The marked workbook of a rejected file the user may list (the office: any, with region_code None);
    any other id is refused."""
    if region_code is None:
        user.require(OFFICE, "下载各地区未通过的报表")
    elif receipt_id not in set(receipts(wh, region_code, user)["id"]):
        raise Refused(f"您的账号（{user.label}）无权下载这份报送的文件。")
    return marked_workbook(wh, receipt_id)
