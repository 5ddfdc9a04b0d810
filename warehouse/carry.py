"""The reads behind a pre-filled template: what a region (or an enterprise workbook's reporting unit) last sent
that is still current, and the figures of the same quarter a year earlier.

"Current" is warehouse.latest's one definition (v_latest_submission: accepted, not superseded); a template for a
quarter carries from the latest current submission of an earlier quarter, never from the quarter itself or a later
one. `wh` is a Warehouse (anything with query_df).
"""

from __future__ import annotations

import pandas as pd

from .latest import FACTS, latest


def previous_submission(wh, kind: str, region_code: str, period: str, unit: str | None = None) -> dict | None:
    """The latest current submission of `kind` for the region (and, for an enterprise workbook, the reporting unit)
    of a quarter before `period`: id, period, label (2020年第一季度), received_at, filler, contact, phone, unit.
    None when there is none."""
    with_, params = latest(None)
    frame = wh.query_df(
        f"""{with_}SELECT s.id, s.period, q.label, s.received_at, s.filler, s.contact, s.phone, s.unit
            FROM latest_submission s JOIN dim_quarter q ON q.period = s.period
            WHERE s.kind = $kind AND s.region_code = $region AND s.unit IS NOT DISTINCT FROM $unit
              AND s.period_seq < (SELECT seq FROM dim_quarter WHERE period = $period)
            ORDER BY s.period_seq DESC, s.id DESC LIMIT 1""",
        params | {"kind": kind, "region": region_code, "unit": unit, "period": period},
    )
    if frame.empty:
        return None
    row = frame.iloc[0].to_dict()
    return row | {"id": int(row["id"]), "received_at": row["received_at"].to_pydatetime()}


def submission_facts(wh, fact_table: str, submission_id: int) -> pd.DataFrame:
    """The rows one submission loaded into `fact_table` (one of warehouse.latest.FACTS), in the workbook's order."""
    if fact_table not in FACTS.values():
        raise ValueError(f"not a fact table: {fact_table}")
    return wh.query_df(f"SELECT * FROM {fact_table} WHERE submission_id = ? ORDER BY row_no", [submission_id])


def year_earlier_trade(wh, region_code: str, period: str) -> pd.DataFrame:
    """Per service category: the region's current exports and imports (万元) of `period` (the same quarter a year
    earlier than the template's); empty when the warehouse holds none."""
    with_, params = latest(None, "trade")
    return wh.query_df(
        f"""{with_}SELECT category_code, exports, imports FROM trade
            WHERE region_code = $region AND period = $period ORDER BY category_code""",
        params | {"region": region_code, "period": period},
    )


def enterprise_units(wh, region_code: str) -> list[str]:
    """The reporting units (填报单位) of the region's current enterprise workbooks, by name."""
    with_, params = latest(None)
    frame = wh.query_df(
        f"""{with_}SELECT DISTINCT unit FROM latest_submission
            WHERE kind = 'enterprise' AND region_code = $region AND unit IS NOT NULL ORDER BY unit""",
        params | {"region": region_code},
    )
    return frame["unit"].tolist()
