"""Streamlit glue shared by the pages: the warehouse resource, cached indicators, the quarter picker.

Pages stay thin: they read filters, call these and the chart functions, and render.
"""
from __future__ import annotations

import os

import pandas as pd
import streamlit as st

import indicators
from indicators import queries
from ingest.bootstrap import ensure_warehouse
from reference import Quarter, load_catalog
from warehouse import Warehouse, warehouse_path


IDLE_CLOSE_SECONDS = 2.0
CONFIG_ENV = "PILOT_INDICATOR_CONFIG"  # another composite-score configuration for the dashboard


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
        ensure_warehouse(path, progress=lambda i, n: bar.progress(i / n, text=f"首次启动：正在导入示例报表 {i}/{n}"))
        bar.empty()
    return get_warehouse(str(path))


@st.cache_data(show_spinner=False, max_entries=64)
def _scores(path: str, period: str, version: str) -> pd.DataFrame:
    # version is only a cache key: a new upload or mark changes it and invalidates the entry
    return indicators.scores(get_warehouse(path), period, indicators.load_config(os.environ.get(CONFIG_ENV)))


@st.cache_data(show_spinner=False, max_entries=64)
def _warnings(path: str, period: str, version: str) -> list[dict]:
    return indicators.warnings(get_warehouse(path), period, indicators.load_config(os.environ.get(CONFIG_ENV)))


@st.cache_data(show_spinner=False, max_entries=64)
def _details(path: str, period: str, version: str) -> dict:
    return indicators.detail_tables(get_warehouse(path), period)


def scores(wh: Warehouse, period: str) -> pd.DataFrame:
    return _scores(str(wh.path), period, queries.data_version(wh))


def warnings(wh: Warehouse, period: str) -> list[dict]:
    return _warnings(str(wh.path), period, queries.data_version(wh))


def details(wh: Warehouse, period: str) -> dict:
    return _details(str(wh.path), period, queries.data_version(wh))


def pick_quarter(wh: Warehouse, key: str = "period") -> Quarter:
    """A quarter of the round; defaults to the latest with data."""
    catalog = load_catalog()
    options = [q.code for q in catalog.quarters]
    with_data = queries.periods_with_data(wh)
    default = options.index(with_data[-1]) if with_data else 0
    code = st.selectbox("报告期", options, index=default, key=key, format_func=lambda c: Quarter.parse(c).label)
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
    return Quarter.parse(st.selectbox("报告期", options, key=key, format_func=lambda c: Quarter.parse(c).label))


# Streamlit writes a few words of its own in English; the office reads only Chinese.
_CHINESE_WIDGETS = """
<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after { content: "选择文件"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "或将文件拖放到此处（单个文件不超过 %dMB，.xlsx 或 .xls）"; font-size: 0.8rem; }
</style>
"""


def chinese_widgets() -> None:
    from ingest.safety import max_upload_bytes

    st.html(_CHINESE_WIDGETS % (max_upload_bytes() // (1024 * 1024)))
