"""Reporting (填报情况): on time, late or missing, and the completeness and timeliness rates (as DHIS2 defines them)."""

from __future__ import annotations

from datetime import date

import pandas as pd

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"
STATUS_LABELS = {ON_TIME: "按时", LATE: "逾期", MISSING: "未报送", PENDING: "未到截止日"}


def reporting_status(
    regions: pd.DataFrame, quarters: pd.DataFrame, first_receipts: pd.DataFrame, upto_seq: int, as_of: date
) -> pd.DataFrame:
    """Every region × every quarter up to `upto_seq` that has ended by `as_of`.

    status = on_time when the region workbook first arrived on or before the deadline (the 10th day of the month after
    the quarter, from the catalog), late when after it, missing when nothing arrived and the deadline has passed,
    pending when nothing arrived yet but the deadline has not passed. Judged on receipt time, never on 填报日期.
    """
    ended = quarters[
        (quarters["seq"] <= upto_seq) & (pd.to_datetime(quarters["end_date"]) < pd.Timestamp(as_of))
    ]
    grid = regions[["region_code"]].merge(ended[["period", "seq", "deadline"]], how="cross")
    grid = grid.merge(first_receipts, on=["region_code", "period"], how="left")
    deadline = pd.to_datetime(grid["deadline"])
    received = pd.to_datetime(grid["received_at"]).dt.normalize()
    grid["status"] = MISSING
    grid.loc[deadline >= pd.Timestamp(as_of), "status"] = PENDING
    grid.loc[received.notna() & (received <= deadline), "status"] = ON_TIME
    grid.loc[received.notna() & (received > deadline), "status"] = LATE
    return grid.sort_values(["region_code", "seq"]).reset_index(drop=True)


def reporting_rates(status: pd.DataFrame) -> pd.DataFrame:
    """Per region over the quarters in `status`.

    - `expected_reports` = quarters that have ended; `submitted_reports` = those with a workbook (on time or late);
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
