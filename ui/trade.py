"""The 服务贸易 page's data: the regions' trade on either basis (本季度 or 本年累计), cached on the data version like
ui/data.py, and the basis switch bound to the URL (?basis=ytd)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from charts.registry import BASES, QUARTER, Chart, View
from charts.trade import trade_frame
from indicators.year_to_date import composition_over, quarters_so_far, year_to_date
from reference import Quarter, load_catalog
from warehouse import Warehouse, figures

from .data import get_warehouse, trend
from .data import view as quarter_view
from .scope import approved_only


def basis(label: str = "统计口径") -> str:
    """本季度 or 本年累计 (?basis=本年累计, the word shown, as ?unit=亿美元); returns QUARTER or YEAR_TO_DATE."""
    words = {word: code for code, word in BASES.items()}
    return words[
        st.segmented_control(
            label,
            list(words),
            default=BASES[QUARTER],
            key="basis",
            required=True,
            bind="query-params",
            persist_state="session",
            help="本年累计：当年第一季度（2018年自第三季度试点开始）至所选季度的合计",
        )
    ]


@st.cache_data(show_spinner=False, max_entries=32)
def _composition_ytd(path: str, period: str, version: str, approved: bool = False) -> pd.DataFrame:
    periods = quarters_so_far(period, load_catalog().quarters)
    found = figures.trade_by_category(get_warehouse(path), periods, approved_only=approved)
    return composition_over(found, periods)


def year_to_date_table(wh: Warehouse, period: str) -> pd.DataFrame:
    """Every region's trade of the year to date (indicators.year_to_date), under a quarter's column names."""
    return year_to_date(trend(wh, period), period)


def view(
    wh: Warehouse,
    period: Quarter,
    charts: list[Chart],
    *,
    unit: str,
    basis: str,
    focus: tuple[str, ...] = (),
) -> View:
    """The View of the trade charts on the basis chosen: the quarter's tables, the trend, and the year to date's
    (details "year_to_date" and "composition_ytd")."""
    base = quarter_view(wh, period, charts, unit=unit, focus=focus)
    extra = {
        "year_to_date": year_to_date_table(wh, period.code),
        "composition_ytd": _composition_ytd(str(wh.path), period.code, wh.data_version(), approved_only()),
    }
    return replace(
        base,
        basis=basis,
        trend=base.trend if base.trend is not None else trend(wh, period.code),
        details={**base.details, **extra},
    )


def trade_table(view: View) -> pd.DataFrame:
    """The regions' trade on the view's basis (the quarter's scores or the year to date), in catalog order."""
    return trade_frame(view)
