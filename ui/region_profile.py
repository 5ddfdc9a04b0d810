"""The 地区画像 page's data: one region in one quarter — its opening measures, experience items, key enterprises,
submissions and warnings — cached on the data version like ui/data.py.

(Named region_profile, not region: `ui.region` is the region filter.)
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from accounts import User, display_names
from indicators import region_profile
from ingest.loader import RECEIPT_LABELS, SUBMISSION_LABELS
from ingest.spec import KIND_LABELS
from reference import load_catalog
from warehouse import Warehouse
from warehouse import region_profile as reads

from .data import details, get_warehouse, receipts, scores, warnings
from .scope import approved_only


@st.cache_data(show_spinner=False, max_entries=64)
def _opening(path: str, region_code: str, period: str, version: str, approved: bool = False) -> pd.DataFrame:
    return reads.opening_measures(get_warehouse(path), region_code, period, approved)


def opening_measures(wh: Warehouse, region_code: str, period: str) -> pd.DataFrame:
    """The region's 开放便利举措 of the quarter as it filled them in, with each measure's field, subject and text
    from the catalog."""
    rows = _opening(str(wh.path), region_code, period, wh.data_version(), approved_only())
    catalog = {m.code: m for m in load_catalog().measures}
    return pd.DataFrame(
        {
            "measure_code": rows["measure_code"],
            "field": rows["measure_code"].map(lambda c: catalog[c].field if c in catalog else None),
            "industry": rows["measure_code"].map(lambda c: catalog[c].industry if c in catalog else None),
            "text": rows["measure_code"].map(lambda c: catalog[c].text if c in catalog else None),
            "status": rows["status"],
            "landed_date": pd.to_datetime(rows["landed_date"]),
            "beneficiaries": rows["beneficiaries"].astype("Int64"),
            "case_text": rows["case_text"],
        }
    )


def standing(wh: Warehouse, region_code: str, period: str, field: str, user: User) -> dict:
    """The region against the pilot; for a region's clerk without the average where too few others make it."""
    floor = 0 if user.office else region_profile.MIN_OTHERS
    return region_profile.standing(scores(wh, period), region_code, field, floor)


def experience(wh: Warehouse, region_code: str, period: str) -> pd.DataFrame:
    """The region's distinct experience items up to the quarter, newest first."""
    items = details(wh, period)["experience"]
    mine = items[items["region_code"] == region_code]
    return mine.sort_values(["first_seq", "title"], ascending=[False, True])[
        ["title", "area", "case_type", "first_seq", "adopted"]
    ].reset_index(drop=True)


def enterprises(wh: Warehouse, region_code: str, period: str) -> dict:
    return region_profile.enterprise_summary(
        scores(wh, period), details(wh, period)["cross_check"], region_code
    )


def submissions(wh: Warehouse, region_code: str, user: User) -> pd.DataFrame:
    """Every file received for the region that `user` may list, newest first: when, file, kind, quarter, result,
    data status, sender."""
    history = receipts(wh, region_code, user)
    return pd.DataFrame(
        {
            "received_at": history["received_at"],
            "file_name": history["file_name"],
            "kind": history["kind"].map(KIND_LABELS),
            "period": history["period"],
            "result": history["status"].map(RECEIPT_LABELS),
            "data_status": history["submission_status"].map(SUBMISSION_LABELS),
            "received_from": history["received_from"].replace(display_names()),
            "errors": history["errors"].astype("Int64"),
        }
    )


def region_warnings(wh: Warehouse, region_code: str, period: str) -> pd.DataFrame:
    """The quarter's early warnings of the region: rule and what it found."""
    mine = [w for w in warnings(wh, period) if w["region_code"] == region_code]
    return pd.DataFrame(
        {"rule_label": [w["rule_label"] for w in mine], "message": [w["message"] for w in mine]},
        dtype=object,
    )
