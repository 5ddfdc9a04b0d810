"""The filters every page shares: quarter, region and unit, bound to the URL
(?period=2019Q3&region=shanghai&unit=亿美元), so a view can be bookmarked or sent to a colleague and opens the same;
kept across pages for the session."""

from __future__ import annotations

import streamlit as st

from indicators.trade import UNITS
from reference import Quarter, load_catalog

from .data import periods_with_data


def code_from_url(key: str, options: list[str]) -> None:
    """Let a code in the URL (?period=2019Q4, ?region=shanghai) choose the option, as links are written.

    A selectbox bound to the URL reads and writes its shown label there (?period=2019年第四季度), which keeps
    working as it is; a code is handed to the widget through its state, once per code the URL names, so the
    user can change the choice afterwards.
    """
    raw = st.query_params.get(key)
    seen = f"url_code_{key}"
    if raw in options and st.session_state.get(seen) != raw:
        st.session_state[key] = raw
        st.session_state[seen] = raw


def period(wh, label: str = "报告期") -> Quarter:
    """A quarter of the round (?period=2019Q4); defaults to the latest with data."""
    options = [q.code for q in load_catalog().quarters]
    with_data = periods_with_data(wh)
    default = options.index(with_data[-1]) if with_data else len(options) - 1
    code_from_url("period", options)
    code = st.selectbox(
        label,
        options,
        index=default,
        key="period",
        format_func=lambda c: Quarter.parse(c).label,
        bind="query-params",
        persist_state="session",
    )
    return Quarter.parse(code)


def any_period(label: str = "报告期") -> Quarter:
    """Any quarter of the round, latest first (templates and uploads, where the quarter may have no data yet)."""
    options = [q.code for q in reversed(load_catalog().quarters)]
    code_from_url("period", options)
    code = st.selectbox(
        label,
        options,
        key="period",
        format_func=lambda c: Quarter.parse(c).label,
        bind="query-params",
        persist_state="session",
    )
    return Quarter.parse(code)


def region(label: str = "试点地区", codes: list[str] | None = None) -> str:
    """A region of the catalog (?region=shanghai); returns its code. `codes` limits the choice (a region's clerk)."""
    catalog = load_catalog()
    names = {r.code: r.name for r in catalog.regions}
    options = codes or [r.code for r in catalog.regions]
    code_from_url("region", options)
    return st.selectbox(
        label, options, key="region", format_func=names.get, bind="query-params", persist_state="session"
    )


def unit(label: str = "金额单位") -> str:
    """万元, 亿元 or 亿美元 (?unit=亿美元); 亿元 by default."""
    return st.segmented_control(
        label,
        UNITS,
        default="亿元",
        key="unit",
        required=True,
        bind="query-params",
        persist_state="session",
        help="报表按万元人民币填报；亿美元按当年人民币对美元年平均汇率折算（见参考数据）",
    )


def region_link(code: str, period_code: str | None = None) -> str:
    """The URL of a region's profile, for links from other pages (a relative path: works behind a proxy prefix)."""
    query = f"region={code}" + (f"&period={period_code}" if period_code else "")
    return f"region?{query}"
