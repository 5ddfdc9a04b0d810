"""Indicators of each pilot region: SQL reads (queries) feeding pandas transforms (scores)."""
from __future__ import annotations

import pandas as pd

from . import queries
from .scores import experience_indicators, scores_table, task_indicators, trade_indicators

SCORE_FIELDS = [
    "region", "region_code", "submitted", "tasks_total", "tasks_completed", "task_completion_rate",
    "exports", "imports", "export_base", "export_yoy", "export_yoy_basis", "experience_items",
]


def scores(wh, period: str) -> pd.DataFrame:
    """The indicators of every region for one quarter (a code such as 2019Q4)."""
    prior = queries.year_earlier(period)
    submitted = queries.submitted_regions(wh, period)
    trade = queries.trade_totals(wh, [period, prior])
    table = scores_table(
        queries.regions(wh),
        task_indicators(queries.carried_tasks(wh), queries.task_progress(wh, period), set(submitted["region_code"])),
        trade_indicators(trade[trade["period"] == period], trade[trade["period"] == prior]),
        experience_indicators(queries.experience_titles(wh, period)),
        submitted,
    )
    return table[SCORE_FIELDS]


def records(frame: pd.DataFrame) -> list[dict]:
    """JSON-ready rows: missing values become None, floats rounded to 6 places."""
    out = []
    for row in frame.to_dict(orient="records"):
        clean = {}
        for k, v in row.items():
            if v is pd.NA or (isinstance(v, float) and v != v):
                v = None
            elif hasattr(v, "item"):
                v = v.item()
            if isinstance(v, float):
                v = round(v, 6)
            clean[k] = v
        out.append(clean)
    return out
