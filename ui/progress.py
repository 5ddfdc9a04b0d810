"""The 任务进展 page's data: the overdue measures one by one, each task across the regions, and the opening-measure
matrix; cached on the warehouse's data version like ui/data.py."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.progress import overdue_list
from reference import Quarter, load_catalog
from warehouse import Warehouse, progress

from .data import details, get_warehouse, scores
from .scope import approved_only


@st.cache_data(show_spinner=False, max_entries=32)
def _overdue(path: str, period: str, version: str, approved: bool = False) -> pd.DataFrame:
    texts = {t.code: t.text for t in load_catalog().tasks}
    found = progress.measures(get_warehouse(path), period, approved)
    return overdue_list(found, Quarter.parse(period).end, texts)


def overdue(wh: Warehouse, period: str) -> pd.DataFrame:
    """The quarter's overdue measures (the rows each region's `overdue_measures` counts), in the catalog's order."""
    frame = _overdue(str(wh.path), period, wh.data_version(), approved_only())
    seq = frame["region_code"].map({r.code: r.seq for r in load_catalog().regions})
    return frame.iloc[seq.argsort(kind="stable")].reset_index(
        drop=True
    )  # each region's rows in workbook order


def national_tasks(wh: Warehouse, period: str) -> pd.DataFrame:
    """Each task the pilot regions carry, with how many of its regions completed it, are under way, have not
    started or did not report, and which completed it."""
    return details(wh, period)["national_tasks"]


def opening_matrix(wh: Warehouse, period: str) -> pd.DataFrame:
    """One row per region: the landing status of each opening measure (measure_M1 …; null where the region did not
    report), then how many landed of those that apply, and the landing rate."""
    status = details(wh, period)["opening_status"]
    codes = [m.code for m in load_catalog().measures]
    wide = status.pivot(index="region_code", columns="measure_code", values="landing_status")[codes]
    wide.columns = [f"measure_{c}" for c in codes]
    table = scores(wh, period)
    counts = table.set_index("region_code")[["opening_landed", "opening_applicable", "opening_landing_rate"]]
    out = table[["region_code", "region"]].join(wide, on="region_code").join(counts, on="region_code")
    return out.reset_index(drop=True)
