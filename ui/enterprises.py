"""The 重点企业 page's data: the key enterprises' exports by category, partner and enterprise, and the cross-check
against the regions' own figures.

The enterprise-by-enterprise read (`top_enterprises`) is kept apart: enterprise names are confidential, and when
accounts come it is the one to scope to the office (or to a region's own enterprises).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.enterprise_trade import exports_by_category, exports_by_partner
from indicators.enterprise_trade import top_enterprises as top_n
from reference import Quarter, load_catalog
from warehouse import Warehouse, enterprises

from .data import details, get_warehouse
from .scope import approved_only


def _rate(period: str) -> float:
    return load_catalog().exchange_rates[Quarter.parse(period).year]


def by_category(wh: Warehouse, period: str) -> pd.DataFrame:
    """Per region and category: the enterprises' exports (万美元, and 万元 at the year's rate) and shares."""
    return exports_by_category(details(wh, period)["enterprise_trade"], _rate(period))


def by_partner(wh: Warehouse, period: str) -> pd.DataFrame:
    """Per partner country or region, largest first: the enterprises' exports, share, enterprises and regions."""
    return exports_by_partner(details(wh, period)["enterprise_trade"], _rate(period))


def cross_check(wh: Warehouse, period: str) -> pd.DataFrame:
    """Per region and category with enterprise reports: their exports (万元) against the region's own figure."""
    return details(wh, period)["cross_check"]


@st.cache_data(show_spinner=False, max_entries=32)
def _top(path: str, period: str, n: int, version: str, approved: bool = False) -> pd.DataFrame:
    found = enterprises.enterprise_totals(get_warehouse(path), period, approved_only=approved)
    return top_n(found, _rate(period), n)


def top_enterprises(wh: Warehouse, period: str, n: int = 20) -> pd.DataFrame:
    """The quarter's `n` largest exporters among the key enterprises, named (confidential: for the office only)."""
    return _top(str(wh.path), period, n, wh.data_version(), approved_only())
