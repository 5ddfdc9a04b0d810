"""A chart or a table on a page, with its downloads beside it: PNG and SVG made on the server (never a screenshot),
XLSX and CSV with Chinese headers. The files are made only when the button is clicked."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from briefing import images, tables
from charts.registry import Chart, View
from indicators.export import header, readable
from warehouse import audit

from . import auth
from .chinese import plotly_config
from .data import warehouse
from .filters import region_link


def audited(make, what: str, file_name: str):
    """`make`, recording the export in the audit log when the file is made (a click; the download runs outside the
    page's script, so who and from where are taken now)."""
    who, where, wh = auth.user(), auth.address(), warehouse()

    def made():
        data = make()
        audit.record(
            wh,
            username=who.username,
            role=who.role,
            address=where,
            action="export",
            target=what,
            file=file_name,
        )
        return data

    return made


def chart(item: Chart, view: View, key: str | None = None) -> None:
    fig = item.draw(view)
    key = key or item.name
    st.plotly_chart(fig, key=f"chart_{key}", config=plotly_config())
    name = f"{item.title}_{view.period.code}"
    missing = images.available()
    left, right, _ = st.columns([1, 1, 6])
    left.download_button(
        "PNG 图片",
        audited(lambda: images.to_png(fig), item.title, f"{name}.png"),
        file_name=f"{name}.png",
        mime="image/png",
        key=f"png_{key}",
        on_click="ignore",
        disabled=bool(missing),
        help=missing or "1600×900，适合幻灯片",
        icon=":material/image:",
    )
    right.download_button(
        "SVG 图片",
        audited(lambda: images.to_svg(fig), item.title, f"{name}.svg"),
        file_name=f"{name}.svg",
        mime="image/svg+xml",
        key=f"svg_{key}",
        on_click="ignore",
        disabled=bool(missing),
        help=missing or "矢量图，可无损缩放",
        icon=":material/draw:",
    )
    if missing:
        st.caption(missing)


def table(
    frame: pd.DataFrame,
    title: str,
    key: str,
    *,
    period_label: str | None = None,
    unit: str | None = None,
    labels: dict[str, str] | None = None,
    column_config: dict | None = None,
    link_period: str | None = None,
) -> None:
    """All rows shown (no inner scroll), codes as names, headers as the charts name them, and XLSX/CSV of exactly
    what is shown. With `link_period`, each region's name links to its profile for that quarter."""
    shown = readable(frame)
    for (
        c
    ) in shown.columns:  # 是/否, as the exports write them (a column menu would otherwise chart True/False)
        if pd.api.types.is_bool_dtype(shown[c]):
            shown[c] = shown[c].map({True: "是", False: "否"})
    headers = {c: header(c, labels) for c in shown.columns}
    config = {headers.get(k, k): v for k, v in (column_config or {}).items()}
    if link_period and "region_code" in frame.columns:
        region = headers.get("region", "试点地区")
        shown["region"] = [
            f"{region_link(c, link_period)}&name={n}" for c, n in zip(frame["region_code"], shown["region"])
        ]
        config[region] = st.column_config.LinkColumn(region, display_text=r"name=(.*)$")
    st.dataframe(
        shown.rename(columns=headers),
        hide_index=True,
        height="content",
        column_config=config,
        placeholder="—",  # a missing figure reads "—", never Streamlit's "None"
        key=f"table_{key}",
    )
    left, right, _ = st.columns([1, 1, 6])
    name = f"{title}_{period_label}" if period_label else title
    xlsx = lambda: tables.to_xlsx(frame, title, period_label=period_label, unit=unit, labels=labels)  # noqa: E731
    left.download_button(
        "XLSX 表格",
        audited(xlsx, title, f"{name}.xlsx"),
        file_name=f"{name}.xlsx",
        key=f"xlsx_{key}",
        on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table_view:",
    )
    right.download_button(
        "CSV 文件",
        audited(lambda: tables.to_csv(frame, labels=labels), title, f"{name}.csv"),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv_{key}",
        on_click="ignore",
        icon=":material/download:",
    )
