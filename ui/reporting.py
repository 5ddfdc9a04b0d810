"""The data of the 报送情况 page and the sidebar's latest-receipt line: the reporting grid with the quarters whose
only files were rejected, the rates per region, who has not yet sent a quarter, and the problems found in the
latest rejected workbooks. Cached on the warehouse's data version, like ui.data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from accounts import sender_label
from charts.registry import View, get
from indicators.reporting import not_yet_sent as regions_not_yet_sent
from indicators.reporting import rejected_reports, with_rejections
from ingest.loader import RECEIPT_LABELS
from ingest.spec import KIND_LABELS
from reference import Quarter, load_catalog
from warehouse import Warehouse, figures
from warehouse import reporting as reads

from .data import details, get_warehouse, latest_receipt, scores, view, warehouse
from .text import plain

RECENT_REJECTIONS = 8  # rejected files listed
FIRST_PROBLEMS = 3  # problems listed per file
RATE_COLUMNS = [
    "region_code",
    "region",
    "expected_reports",
    "submitted_reports",
    "on_time_reports",
    "late_reports",
    "missing_reports",
    "rejected_reports",
    "completeness_rate",
    "timeliness_rate",
]


@st.cache_data(show_spinner=False, max_entries=16)
def _rejected_files(path: str, version: str) -> pd.DataFrame:
    return reads.rejected_region_files(get_warehouse(path))


@st.cache_data(show_spinner=False, max_entries=16)
def _recent_rejections(path: str, version: str, limit: int) -> pd.DataFrame:
    return reads.recent_rejections(get_warehouse(path), limit)


def rejected_files(wh: Warehouse) -> pd.DataFrame:
    """Per region and quarter: the rejected region workbooks received (only those with at least one)."""
    return _rejected_files(str(wh.path), wh.data_version())


def status(wh: Warehouse, quarter: Quarter) -> pd.DataFrame:
    """Every region × quarter up to `quarter`: on time, late, missing, not yet due, or rejected (only rejected
    files)."""
    return with_rejections(details(wh, quarter.code)["reporting"], rejected_files(wh))


def grid_view(wh: Warehouse, quarter: Quarter) -> View:
    """The View of the reporting_grid chart, its grid carrying the rejected state."""
    base = view(wh, quarter, [get("reporting_grid")])
    return replace(base, details={**base.details, "reporting": status(wh, quarter)})


def rates(wh: Warehouse, quarter: Quarter) -> pd.DataFrame:
    """Per region over the quarters up to `quarter`: reports expected, sent (on time, late), missing, rejected, and
    the completeness and timeliness rates (indicators.reporting.reporting_rates, as the score table has them)."""
    table = scores(wh, quarter.code).merge(
        rejected_reports(status(wh, quarter)), on="region_code", how="left"
    )
    table["rejected_reports"] = table["rejected_reports"].fillna(0).astype("Int64")
    return table[RATE_COLUMNS]


def not_yet_sent(wh: Warehouse, quarter: Quarter, as_of: date | None = None) -> pd.DataFrame:
    """The regions with nothing accepted for `quarter`: deadline, days left (negative: overdue), rejected files."""
    table = scores(wh, quarter.code)
    return regions_not_yet_sent(
        table[["region_code", "region"]],
        set(table.loc[table["submitted"], "region_code"]),
        rejected_files(wh),
        quarter.code,
        deadline(quarter, wh),
        as_of or date.today(),
    )


def recent_rejections(wh: Warehouse, receipts: int = RECENT_REJECTIONS) -> pd.DataFrame:
    """The latest rejected files, newest first (warehouse.reporting.recent_rejections): region, quarter, kind, file,
    when, from whom, how many errors, the stored problems, and whether an accepted workbook followed."""
    return _recent_rejections(str(wh.path), wh.data_version(), receipts)


def first_problems(problems: list[dict], n: int = FIRST_PROBLEMS) -> list[dict]:
    """The first `n` errors of a receipt's stored problems (warnings left out), in the order the check found them."""
    return [p for p in problems if p.get("level", "error") == "error"][:n]


def receipt_heading(r) -> str:
    """A rejected file's heading: region · quarter · kind of report, and the file name (markdown, text escaped)."""
    names = {x.code: x.name for x in load_catalog().regions}
    where = " · ".join(
        p
        for p in (names.get(r.region_code, ""), _quarter(r.period), KIND_LABELS.get(r.kind, "无法识别的文件"))
        if p
    )
    return f"**{plain(where)}**　{plain(r.file_name)}"


def receipt_caption(r) -> str:
    """When it came and from whom, how many problems, and whether the region has since sent one that passed."""
    sender = (
        f"，报送人 {plain(sender_label(r.received_from))}"
        if pd.notna(r.received_from) and r.received_from
        else ""
    )
    shown = len(first_problems(r.problems))
    more = f"，以下为前 {shown} 个" if r.errors > shown else ""
    if r.resubmitted:
        after = "此后已重新报送并通过检查。"
    elif r.accepted_before:
        after = "此前已有通过检查的报表，数据仍以其为准。"
    else:
        after = "尚未收到通过检查的报表。"
    return f"{pd.Timestamp(r.received_at):%Y-%m-%d %H:%M} 收到{sender}；共 {r.errors} 个问题{more}。{after}"


def problem_list(r) -> str:
    """The first problems as a markdown list: sheet and cell, what the row is about, then what is wrong and what to
    do."""
    lines = []
    for p in first_problems(r.problems):
        cell = f"{p.get('column') or ''}{p['row']}" if p.get("row") else ""
        where = " ".join(x for x in (p.get("sheet") or "", cell) if x)
        about = f"（{plain(p['subject'])}）" if p.get("subject") else ""  # older receipts stored none
        lines.append(
            f"- **{plain(where)}**{about}：{plain(p.get('message', ''))}"
            if where
            else f"- {plain(p['message'])}"
        )
    return "\n".join(lines) or "—"


def _quarter(period) -> str:
    try:
        return Quarter.parse(period).label if period else ""
    except (TypeError, ValueError):
        return ""


def latest_receipt_line(wh: Warehouse) -> str | None:
    """The sidebar's line on the last file received: region, quarter, kind of report, what became of it, when."""
    last = latest_receipt(wh)
    if not last:
        return None
    quarter = _quarter(last["period"])
    kind = KIND_LABELS.get(last["kind"], "报表文件")
    what = " ".join(p for p in (last["region"] or "", quarter, kind) if p)
    status = RECEIPT_LABELS.get(last["status"])
    when = pd.Timestamp(last["received_at"])
    return f"最近收到：{what}{f'（{status}）' if status else ''}，{when:%Y年%-m月%-d日 %H:%M}"


def deadline(quarter: Quarter, wh: Warehouse | None = None) -> date:
    """The quarter's reporting deadline in force: the one the office set on the 管理 page, else the catalog's (its
    day of the month after the quarter)."""
    found = figures.quarters(wh or warehouse()).set_index("period").loc[quarter.code, "deadline"]
    return pd.Timestamp(found).date()


def days_text(days) -> str:
    """Days to the deadline as the office says it: 还剩 5 天, 今天截止, 已逾期 12 天; "—" when unknown."""
    if days is None or pd.isna(days):
        return "—"
    days = int(days)
    if days > 0:
        return f"还剩 {days:,} 天"
    return "今天截止" if days == 0 else f"已逾期 {-days:,} 天"


def receipt_text(files: pd.DataFrame, receipt_id: int) -> str:
    """One rejected file as a choice: when, region, quarter, file name."""
    names = {r.code: r.name for r in load_catalog().regions}
    row = files.set_index("id").loc[receipt_id]
    where = " ".join(p for p in (names.get(row["region_code"], ""), _quarter(row["period"])) if p)
    return f"{pd.Timestamp(row['received_at']):%Y-%m-%d %H:%M} {where} {row['file_name']}"
