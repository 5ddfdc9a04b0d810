"""Streamlit glue shared by the pages: the warehouse, cached indicators, data access, the pickers.

Pages stay thin: they read filters, call these and the chart functions, and render. Every read or
write a page needs goes through a function here, never to the warehouse directly.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import indicators
from base.settings import max_upload_bytes, warehouse_path
from ingest.bootstrap import ensure_warehouse
from ingest.loader import LoadResult, load_bytes
from ingest.receipts import marked_workbook
from reference import Quarter, load_catalog
from reference.evaluation import Config, load_config
from warehouse import Warehouse, adoption, figures, submissions

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


def receipts(wh: Warehouse, region_code: str) -> pd.DataFrame:
    return submissions.receipts(wh, region_code)


def latest_receipt(wh: Warehouse) -> dict | None:
    return submissions.latest_receipt(wh)


def set_adopted(wh: Warehouse, region_code: str, title: str, adopted: bool, marked_by: str) -> None:
    adoption.set_adopted(wh, region_code, title, adopted, marked_by)


def load_upload(wh: Warehouse, data: bytes, file_name: str, **kwargs) -> LoadResult:
    return load_bytes(wh, data, file_name, **kwargs)


def rejected_workbook(wh: Warehouse, receipt_id: int) -> tuple[str, bytes]:
    return marked_workbook(wh, receipt_id)


def pick_quarter(wh: Warehouse, key: str = "period") -> Quarter:
    """A quarter of the round; defaults to the latest with data."""
    catalog = load_catalog()
    options = [q.code for q in catalog.quarters]
    with_data = figures.periods_with_data(wh)
    default = options.index(with_data[-1]) if with_data else 0
    code = st.selectbox(
        "报告期", options, index=default, key=key, format_func=lambda c: Quarter.parse(c).label
    )
    return Quarter.parse(code)


def pick_region(key: str = "region") -> str:
    """A region of the catalog; returns its code."""
    catalog = load_catalog()
    codes = [r.code for r in catalog.regions]
    names = {r.code: r.name for r in catalog.regions}
    return st.selectbox("试点地区", codes, key=key, format_func=names.get)


def pick_round_quarter(key: str) -> Quarter:
    """Any quarter of the round, latest first (for templates and uploads)."""
    options = [q.code for q in reversed(load_catalog().quarters)]
    return Quarter.parse(
        st.selectbox("报告期", options, key=key, format_func=lambda c: Quarter.parse(c).label)
    )


# Streamlit writes a few words of its own in English; the office reads only Chinese.
_CHINESE_WIDGETS = """
<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "选择文件"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "或将文件拖放到此处（单个文件不超过 %dMB，.xlsx 或 .xls）"; font-size: 0.8rem; }
</style>
"""


def chinese_widgets() -> None:
    st.html(_CHINESE_WIDGETS % (max_upload_bytes() // (1024 * 1024)))
