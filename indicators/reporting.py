"""Reporting (填报情况): on time, late or missing, and the completeness and timeliness rates (as DHIS2 defines them)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from base.as_of import moment

ON_TIME, LATE, MISSING, PENDING, REJECTED = "on_time", "late", "missing", "pending", "rejected"
STATUS_LABELS = {ON_TIME: "按时", LATE: "逾期", MISSING: "未报送", PENDING: "未到截止日", REJECTED: "未通过"}


def reporting_status(
    regions: pd.DataFrame,
    quarters: pd.DataFrame,
    first_receipts: pd.DataFrame,
    upto_seq: int,
    as_of: date | datetime,
) -> pd.DataFrame:
    """Every region × every quarter up to `upto_seq` that has ended by `as_of`.

    `as_of` is the moment of the view: a date means the end of that day (23:59:59.999999), a datetime that instant.
    Only what was received by then exists: a workbook received after it is neither on time nor late in that view.
    A quarter has ended once its last day is over (as of that day itself it has not; as of the next day it has).

    status, judged on `received_at`, the first receipt of an accepted region workbook (the loader's receipt time,
    never the 填报日期 typed in it), against the quarter's deadline (the 10th day of the month after the quarter, from
    the catalog; the deadline day counts whole):
    - on_time: received on or before the deadline day — a receipt at 23:59:59 on the deadline day is on time;
    - late: received on a later day;
    - pending (未到截止日): nothing received by `as_of` and the deadline day not yet over (as of the deadline day
      itself it is still pending);
    - missing: nothing received by `as_of` and the deadline day over.

    Timeliness is judged on the first *accepted* workbook's receipt time. A rejected file is no receipt here: sent on
    time, it makes the quarter neither on time nor submitted. Corrected and accepted on or before the deadline day,
    the quarter is on time; corrected after it, the quarter is late, though the first (rejected) file came in time.
    A correction of an accepted workbook, whenever it comes, does not make the quarter late (judged on the first).
    with_rejections shows the quarters whose only files were rejected.
    """
    until = pd.Timestamp(moment(as_of))
    today = until.normalize()
    ended = quarters[(quarters["seq"] <= upto_seq) & (pd.to_datetime(quarters["end_date"]) < today)]
    receipts = first_receipts[pd.to_datetime(first_receipts["received_at"]) <= until]
    grid = regions[["region_code"]].merge(ended[["period", "seq", "deadline"]], how="cross")
    grid = grid.merge(receipts, on=["region_code", "period"], how="left")
    deadline = pd.to_datetime(grid["deadline"])
    received = pd.to_datetime(grid["received_at"]).dt.normalize()
    grid["status"] = MISSING
    grid.loc[deadline >= today, "status"] = PENDING
    grid.loc[received.notna() & (received <= deadline), "status"] = ON_TIME
    grid.loc[received.notna() & (received > deadline), "status"] = LATE
    return grid.sort_values(["region_code", "seq"]).reset_index(drop=True)


def reporting_rates(status: pd.DataFrame) -> pd.DataFrame:
    """Per region over the quarters in `status`.

    - `expected_reports` = quarters that have ended (pending ones included); `submitted_reports` = those with a
      workbook (on time or late);
      `on_time_reports`, `late_reports`, `missing_reports` by status.
    - `completeness_rate` = submitted_reports / expected_reports; `timeliness_rate` = on_time_reports /
      expected_reports.
    """
    s = status.assign(
        submitted=status["status"].isin([ON_TIME, LATE]),
        on_time=status["status"].eq(ON_TIME),
        late=status["status"].eq(LATE),
        missing=status["status"].eq(MISSING),
    )
    out = s.groupby("region_code").agg(
        expected_reports=("status", "size"),
        submitted_reports=("submitted", "sum"),
        on_time_reports=("on_time", "sum"),
        late_reports=("late", "sum"),
        missing_reports=("missing", "sum"),
    )
    expected = out["expected_reports"].where(out["expected_reports"] > 0)
    out["completeness_rate"] = (out["submitted_reports"] / expected).astype("Float64")
    out["timeliness_rate"] = (out["on_time_reports"] / expected).astype("Float64")
    return out.reset_index()


def with_rejections(status: pd.DataFrame, rejected: pd.DataFrame) -> pd.DataFrame:
    """`status` (from reporting_status) with the quarters whose only files were rejected.

    status = rejected where nothing was accepted (missing, or pending before the deadline) and at least one region
    workbook for that quarter was received and rejected; `rejected_files` = how many (0 elsewhere). On time, late and
    the rates keep the rules above: a rejected quarter is not a submitted one.
    """
    counts = rejected[["region_code", "period", "rejected_files"]]
    out = status.drop(columns=["rejected_files"], errors="ignore").merge(
        counts, on=["region_code", "period"], how="left"
    )
    out["rejected_files"] = out["rejected_files"].fillna(0).astype("Int64")
    out.loc[out["status"].isin([MISSING, PENDING]) & (out["rejected_files"] > 0), "status"] = REJECTED
    return out


def rejected_reports(status: pd.DataFrame) -> pd.DataFrame:
    """Per region: `rejected_reports` = quarters whose status is rejected (only rejected files, nothing accepted)."""
    return (
        status["status"]
        .eq(REJECTED)
        .groupby(status["region_code"])
        .sum()
        .astype("Int64")
        .rename("rejected_reports")
        .reset_index()
    )


def not_yet_sent(
    regions: pd.DataFrame,
    submitted: set[str],
    rejected: pd.DataFrame,
    period: str,
    deadline: date,
    as_of: date | datetime,
) -> pd.DataFrame:
    """The regions with no accepted region workbook for `period`, in the catalog's order.

    `deadline` = the quarter's deadline; `days_left` = deadline − the day of `as_of` in days (0: the deadline is
    today; negative: overdue by that many);
    `rejected_files` = the region's rejected region workbooks for the quarter (0: nothing received).
    """
    out = regions.loc[~regions["region_code"].isin(submitted), ["region_code", "region"]].copy()
    counts = rejected.loc[rejected["period"] == period, ["region_code", "rejected_files"]]
    out = out.merge(counts, on="region_code", how="left")
    out["rejected_files"] = out["rejected_files"].fillna(0).astype("Int64")
    out["deadline"] = deadline
    out["days_left"] = pd.array([(deadline - moment(as_of).date()).days] * len(out), dtype="Int64")
    return out.reset_index(drop=True)
