"""Opening measures (附件2开放便利举措): how many have landed where they apply."""

from __future__ import annotations

from datetime import date

import pandas as pd

from reference.vocabulary import LANDED, NOT_APPLICABLE


def opening_indicators(measures: pd.DataFrame, pilot_start: date) -> pd.DataFrame:
    """Opening measures of one quarter, per region.

    - `opening_applicable` = measures of the region's workbook not marked 不适用.
    - `opening_landed` = measures marked 已落地.
    - `opening_landing_rate` = opening_landed / opening_applicable.
    - `opening_days_to_land` = mean days from the pilot's start (2018-07-01) to 落地时间, over landed measures.
    """
    m = measures.assign(
        applicable=~measures["status"].eq(NOT_APPLICABLE),
        landed=measures["status"].eq(LANDED),
        days=(pd.to_datetime(measures["landed_date"]) - pd.Timestamp(pilot_start)).dt.days,
    )
    out = m.groupby("region_code").agg(
        opening_applicable=("applicable", "sum"), opening_landed=("landed", "sum")
    )
    out["opening_days_to_land"] = m[m["landed"]].groupby("region_code")["days"].mean()
    out = out.reset_index()
    out["opening_landing_rate"] = (
        out["opening_landed"] / out["opening_applicable"].where(out["opening_applicable"] > 0)
    ).astype("Float64")
    out["opening_days_to_land"] = out["opening_days_to_land"].astype("Float64")
    return out
