"""The filters every page shares: quarter, region and unit, in the URL (?period=2019Q3&region=shanghai&unit=亿美元),
so a view can be bookmarked or sent to a colleague and opens the same, and kept across pages for the session.

Streamlit's own bind="query-params" writes a selectbox's displayed label into the URL (2019年第三季度, 上海); the
office's links use codes, so the binding is done here: the URL is read when it names something new (a first visit,
a pasted link, a region link on another page), and rewritten to codes after every choice.
"""

from __future__ import annotations

from typing import Callable

import streamlit as st

from accounts import Refused
from indicators.trade import UNITS
from reference import PeriodError, Quarter, UnknownRegion, load_catalog

from . import auth
from .data import periods_with_data


def _bound(
    key: str, options: list, default, from_url: Callable[[str], object], widget: Callable[..., object]
):
    """Seed the widget `key` (from the URL when it names something new, else the session's choice, else `default`),
    draw it, and write its value back to the URL as a code.

    The widget's value is set before it is drawn on every run: a widget of the same key on another page is another
    widget to Streamlit, which would otherwise start it at its default. A choice made in the box is kept by its
    on_change callback, which runs before the script, so setting the value never undoes it.
    """
    applied, kept = f"_url_{key}", f"_kept_{key}"
    raw = st.query_params.get(key)
    wanted = _parse(raw, from_url) if raw is not None else None
    if wanted in options and st.session_state.get(applied) != raw:
        st.session_state[kept] = wanted  # a link or a pasted URL
    if st.session_state.get(kept) not in options:
        st.session_state[kept] = default
    st.session_state[key] = st.session_state[kept]

    def keep() -> None:
        st.session_state[kept] = st.session_state[key]

    value = widget(on_change=keep)
    st.query_params[key] = str(value)
    st.session_state[applied] = str(value)
    return value


def _parse(raw: str, from_url: Callable[[str], object]):
    try:
        return from_url(raw)
    except (PeriodError, UnknownRegion, ValueError):
        return None


def period(wh, label: str = "报告期") -> Quarter:
    """A quarter of the round (?period=2019Q4, or 2019年第四季度); defaults to the latest with data."""
    options = [q.code for q in load_catalog().quarters]
    with_data = periods_with_data(wh)
    default = with_data[-1] if with_data else options[-1]
    code = _bound(
        "period",
        options,
        default,
        lambda raw: Quarter.parse(raw).code,
        lambda **kw: st.selectbox(label, options, key="period", format_func=_quarter_label, **kw),
    )
    return Quarter.parse(code)


def any_period(label: str = "报告期") -> Quarter:
    """Any quarter of the round, latest first (templates and uploads, where the quarter may have no data yet)."""
    options = [q.code for q in reversed(load_catalog().quarters)]
    code = _bound(
        "period",
        options,
        options[0],
        lambda raw: Quarter.parse(raw).code,
        lambda **kw: st.selectbox(label, options, key="period", format_func=_quarter_label, **kw),
    )
    return Quarter.parse(code)


def region(label: str = "试点地区") -> str:
    """A region (?region=shanghai, or 上海); returns its code. A region's or an enterprise's clerk has only their own
    region to choose, and a URL naming another region gets a refusal, not that region's page."""
    catalog = load_catalog()
    names = {r.code: r.name for r in catalog.regions}
    who = auth.user()
    options = who.regions(list(names))
    asked = _parse(st.query_params.get("region", ""), lambda raw: catalog.region(raw).code)
    if asked is not None and asked not in options:
        auth.refuse(
            Refused(f"您的账号（{who.label}）只能查看和上报本地区的数据，不能查看{names[asked]}的数据。"),
            f"{names[asked]}（地址栏参数）",
        )
    return _bound(
        "region",
        options,
        options[0],
        lambda raw: catalog.region(raw).code,
        lambda **kw: st.selectbox(label, options, key="region", format_func=names.get, **kw),
    )


def unit(label: str = "金额单位") -> str:
    """万元, 亿元 or 亿美元 (?unit=亿美元); 亿元 by default."""
    return _bound(
        "unit",
        list(UNITS),
        "亿元",
        str,
        lambda **kw: st.segmented_control(
            label,
            UNITS,
            key="unit",
            required=True,
            help="报表按万元人民币填报；亿美元按当年人民币对美元年平均汇率折算",
            **kw,
        ),
    )


def region_link(code: str, period_code: str | None = None) -> str:
    """The URL of a region's profile, for links from other pages (a relative path: works behind a proxy prefix)."""
    query = f"region={code}" + (f"&period={period_code}" if period_code else "")
    return f"region?{query}"


def _quarter_label(code: str) -> str:
    return Quarter.parse(code).label
