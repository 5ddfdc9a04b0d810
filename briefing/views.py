"""Views for the charts, computed from the warehouse: only the indicator tables the chosen charts need, each once."""

from __future__ import annotations

import indicators
from charts.registry import DETAILS, SCORES, TREND, Chart, View
from reference import Quarter
from reference.evaluation import Config, load_config


def needs(charts: list[Chart]) -> set[str]:
    return {need for chart in charts for need in chart.needs}


def build_view(
    wh,
    period: str,
    charts: list[Chart],
    *,
    unit: str = "亿元",
    region: str | None = None,
    focus: tuple[str, ...] = (),
    config: Config | None = None,
    extra: tuple[str, ...] = (),
    approved_only: bool = False,
) -> View:
    """`approved_only`: only the approved region-quarters count (indicators.Inputs)."""
    config = config or load_config()
    wanted = needs(charts) | {SCORES, *extra}  # the scores always: summaries and tables read them
    only = {"approved_only": approved_only}
    trend = indicators.scores_by_quarter(wh, period, config, **only) if TREND in wanted else None
    return View(
        Quarter.parse(period),
        unit,
        region,
        focus,
        config,
        scores=indicators.scores(wh, period, config, **only)
        if trend is None
        else indicators.scores_of(trend, period),
        details=indicators.detail_tables(wh, period, **only) if DETAILS in wanted else {},
        trend=trend,
    )
