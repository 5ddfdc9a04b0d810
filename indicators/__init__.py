"""Indicators of each pilot region: the warehouse's reads (warehouse.figures) feeding pandas transforms, one
module per family.

tasks · opening · trade · enterprises · experience · reporting · composite · warnings
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from reference import Quarter
from reference.evaluation import Config, load_config
from warehouse import adoption, figures

from .alerts import early_warnings
from .composite import composite_scores
from .enterprises import cross_check, enterprise_indicators
from .experience import distinct_items, experience_breakdown, experience_indicators, with_adoption
from .opening import opening_indicators
from .progress import national_tasks, opening_status, task_status
from .reporting import reporting_rates, reporting_status
from .tasks import task_indicators
from .trade import composition, trade_indicators

FOUNDATION_FIELDS = [
    "region",
    "region_code",
    "submitted",
    "tasks_total",
    "tasks_completed",
    "task_completion_rate",
    "exports",
    "imports",
    "export_yoy",
    "experience_items",
]


class Inputs:
    """Everything one quarter's indicators read from the warehouse, read once, today or as of a moment.

    Without `as_of` every figure is today's: the latest accepted workbook of each region and quarter (and, for
    enterprise workbooks, reporting unit), and reporting status is judged on today's date.

    With `as_of` the indicators are those the warehouse gave at that moment: a date means the end of that day
    (23:59:59.999999, so everything received that day counts), a datetime that instant (local time, as receipts are
    recorded). A workbook received after it does not exist in that view — not for reporting status, and not for any
    figure: tasks, opening measures, trade (the quarter, the year to date and the year-earlier base), experience
    items (an item first sent after it does not exist yet), key enterprise lists, direct reports and the
    cross-check. Of the workbooks received by then, the last one loaded for each region, quarter and unit counts, so
    a workbook superseded by a correction received after the moment is still the current one — unless the office
    rolled back to an earlier one by then: a rollback counts from the moment it was made, after the workbooks loaded
    before it, so the view as of any earlier moment is unchanged by it. The office's
    已复制推广 marks count when made by then (marks are not versioned: one removed since is gone, one made again counts
    from its latest time). Reporting status is judged against the deadline in force (the office's, as it stood at
    `as_of`; else the catalog's).

    With `approved_only`, only the region-quarters whose latest approval event (by `as_of`, with it) is an approval
    (审核确认) count, for every figure and for reporting status: every other region-quarter is treated as not
    submitted (its workbooks of either kind left out, its quarter not sent).
    """

    def __init__(self, wh, period: str, as_of: date | datetime | None = None, approved_only: bool = False):
        self.period = period
        self.approved_only = approved_only
        only = {"approved_only": approved_only}
        self.quarter = Quarter.parse(period)
        self.catalog = wh.catalog
        self.as_of = as_of or date.today()  # the reporting status's "now"
        self.regions = figures.regions(wh)
        self.quarters = figures.quarters(wh, as_of)
        self.seq = int(self.quarters.set_index("period").loc[period, "seq"])
        self.submitted = figures.submitted_regions(wh, period, as_of, **only)
        q = self.quarter
        wanted = sorted(
            {
                period,
                q.previous().code,
                q.year_earlier().code,
                *(Quarter(q.year, k).code for k in range(1, q.quarter)),
            }
        )
        self.trade = figures.trade_by_category(wh, wanted, as_of, **only)
        self.carried = figures.carried_tasks(wh)
        self.progress = figures.task_progress(wh, period, as_of, **only)
        self.measures = figures.measure_status(wh, period, as_of, **only)
        self.lists = figures.key_enterprise_lists(wh, period, as_of, **only)
        self.reporting_firms = figures.reporting_enterprises(wh, period, as_of, **only)
        self.enterprise_by_category = figures.enterprise_by_category(wh, period, as_of, **only)
        self.items = figures.experience_items(wh, period, as_of, **only)
        self.adoptions = adoption.adoptions(wh, as_of)
        self.first_receipts = figures.first_receipts(wh, as_of, **only)

    @property
    def rate(self) -> float:
        return self.catalog.exchange_rates[self.quarter.year]


def _cross(x: Inputs) -> pd.DataFrame:
    return cross_check(x.enterprise_by_category, x.trade[x.trade["period"] == x.period], x.rate)


def _status(x: Inputs) -> pd.DataFrame:
    return reporting_status(x.regions, x.quarters, x.first_receipts, x.seq, x.as_of)


def _table(x: Inputs, config: Config) -> tuple[pd.DataFrame, dict]:
    ki = {c.code for c in x.catalog.categories if c.knowledge_intensive}
    cross, status = _cross(x), _status(x)
    families = [
        task_indicators(
            x.carried, x.progress, set(x.submitted["region_code"]), x.quarter.end, list(x.catalog.areas)
        ),
        opening_indicators(x.measures, x.catalog.start),
        trade_indicators(x.trade, x.period, ki),
        enterprise_indicators(x.lists, x.reporting_firms, cross),
        experience_indicators(x.items, x.adoptions, x.seq),
        reporting_rates(status),
    ]
    table = x.regions.copy()
    for family in families:
        table = table.merge(family, on="region_code", how="left")
    table["submitted"] = table["region_code"].isin(set(x.submitted["region_code"]))
    for c in (
        "experience_items",
        "experience_new",
        "experience_adopted",
        "listed_enterprises",
        "reporting_enterprises",
    ):
        table[c] = table[c].fillna(0).astype("Int64")
    table = table.merge(composite_scores(table, config), on="region_code")
    extras = {"cross": cross, "status": status}
    return table.sort_values("seq").reset_index(drop=True), extras


def scores(
    wh,
    period: str,
    config: Config | None = None,
    as_of: date | datetime | None = None,
    approved_only: bool = False,
) -> pd.DataFrame:
    """Every indicator of every region for one quarter (a code such as 2019Q4), with score, rank and rank change.
    `approved_only`: only approved region-quarters count (Inputs)."""
    config = config or load_config()
    table, _ = _table(Inputs(wh, period, as_of, approved_only), config)
    previous = Quarter.parse(period).previous()
    if previous in wh.catalog.quarters:
        before, _ = _table(Inputs(wh, previous.code, as_of, approved_only), config)
        table = table.merge(
            before[["region_code", "rank"]].rename(columns={"rank": "previous_rank"}),
            on="region_code",
            how="left",
        )
        table["rank_change"] = (table["previous_rank"] - table["rank"]).astype("Int64")  # positive: moved up
    else:
        table["previous_rank"] = pd.array([pd.NA] * len(table), dtype="Int64")  # the round's first quarter
        table["rank_change"] = pd.array([pd.NA] * len(table), dtype="Int64")
    return _ordered(table)


def _ordered(table: pd.DataFrame) -> pd.DataFrame:
    front = FOUNDATION_FIELDS + ["score", "rank", "rank_change"]
    return table[front + [c for c in table.columns if c not in front and c not in ("seq", "period")]]


def scores_of(by_quarter: pd.DataFrame, period: str) -> pd.DataFrame:
    """One quarter's score table taken from scores_by_quarter (the same as `scores`, without computing it again)."""
    table = by_quarter[by_quarter["period"] == period].reset_index(drop=True)
    return _ordered(table.assign(previous_rank=table["previous_rank"].astype("Int64")))


def scores_by_quarter(
    wh,
    upto: str,
    config: Config | None = None,
    as_of: date | datetime | None = None,
    approved_only: bool = False,
) -> pd.DataFrame:
    """The score table of every quarter of the round up to `upto`, one row per region and quarter, in time order.

    Each quarter is computed as `scores` computes it (its own year-earlier base, reporting up to it); `period` names
    the quarter and `rank_change` compares with the quarter before (null for the first).
    """
    config = config or load_config()
    last = Quarter.parse(upto)
    frames = []
    for q in wh.catalog.quarters:
        if q > last:
            break
        table, _ = _table(Inputs(wh, q.code, as_of, approved_only), config)
        frames.append(table.assign(period=q.code))
    out = pd.concat(frames, ignore_index=True)
    out["previous_rank"] = out.groupby("region_code")["rank"].shift(1)
    out["rank_change"] = (out["previous_rank"] - out["rank"]).astype("Int64")
    return out


def warnings(
    wh,
    period: str,
    config: Config | None = None,
    as_of: date | datetime | None = None,
    approved_only: bool = False,
) -> list[dict]:
    """The early warnings of one quarter."""
    config = config or load_config()
    x = Inputs(wh, period, as_of, approved_only)
    table, extras = _table(x, config)
    now = x.trade[x.trade["period"] == period]
    last = x.trade[x.trade["period"] == x.quarter.previous().code]
    names = {c.code: c.name_zh for c in x.catalog.categories}
    return early_warnings(
        period,
        config,
        table,
        extras["status"],
        extras["cross"],
        now[["region_code", "category_code", "exports", "imports"]],
        last[["region_code", "category_code", "exports", "imports"]],
        distinct_items(x.items),
        x.seq,
        names,
    )


def detail_tables(
    wh, period: str, as_of: date | datetime | None = None, approved_only: bool = False
) -> dict[str, pd.DataFrame]:
    """The long tables behind the scores, for the workbook export and the pages (no score needed)."""
    x = Inputs(wh, period, as_of, approved_only)
    return {
        "composition": composition(x.trade, period),
        "cross_check": _cross(x),
        "reporting": _status(x),
        "experience": with_adoption(x.items, x.adoptions),
        "experience_breakdown": experience_breakdown(x.items),
        "enterprise_trade": figures.enterprise_trade(wh, period, as_of, approved_only),
        **_progress_tables(x),
    }


def _progress_tables(x: Inputs) -> dict[str, pd.DataFrame]:
    """Each task across the regions that carry it, and the opening measures region by region."""
    submitted = set(x.submitted["region_code"])
    names = dict(zip(x.regions["region_code"], x.regions["region"]))
    tasks = pd.DataFrame(
        [(t.code, " ".join(t.text.split())) for t in x.catalog.tasks], columns=["task_code", "task_text"]
    )
    cells = [(r.code, m.code, m.applies_to(r.code)) for r in x.catalog.regions for m in x.catalog.measures]
    status = task_status(x.carried, x.progress, submitted)
    return {
        "task_status": status,
        "national_tasks": national_tasks(status, tasks, names),
        "opening_status": opening_status(x.measures, cells, submitted),
    }


def pilot_export_total(table: pd.DataFrame) -> tuple[float, float | None]:
    """The pilot's exports this quarter (万元), and their growth over the regions that have a base.

    growth = Σ exports / Σ export_base − 1, both sums over the regions with a year-earlier base,
    so a region that did not report a year ago does not inflate the growth.
    """
    total = float(table["exports"].fillna(0).sum())
    comparable = table[table["export_base"].notna() & table["exports"].notna()]
    base = float(comparable["export_base"].sum())
    return total, (float(comparable["exports"].sum()) / base - 1) if base else None


def records(frame: pd.DataFrame) -> list[dict]:
    """JSON-ready rows: missing values become None, floats rounded to 6 places."""
    out = []
    for row in frame.to_dict(orient="records"):
        clean = {}
        for k, v in row.items():
            if v is pd.NA or v is None or (isinstance(v, float) and v != v):
                v = None
            elif hasattr(v, "item"):
                v = v.item()
            if isinstance(v, float):
                v = round(v, 6)
            elif isinstance(v, (pd.Timestamp, date)):
                v = v.isoformat()
            clean[k] = v
        out.append(clean)
    return out
